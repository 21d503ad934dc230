/*
 * ATA PIO on the primary IDE channel (ports 0x1f0-0x1f7, control 0x3f6),
 * master drive, LBA28, driven by polling from a user process.
 *
 * The ports come from the port resource "ata0" (ioattach: kernel/ioport.c);
 * without it the first `in` ends the server with a #GP. Interrupts are off
 * at the device (nIEN): the server polls the status register, and every
 * wait is bounded by ATA_TIMEOUT_MS measured with the TSC, so a dead or
 * absent disk gives -EIO, never a hang. Transfers move up to 256 sectors per
 * command with `rep insw`/`rep outsw` one sector (one DRQ block) at a time
 * (ATA/ATAPI-6, 8.27 READ SECTORS, 8.62 WRITE SECTORS, 8.15 IDENTIFY DEVICE,
 * 8.9 FLUSH CACHE). LBA28 reaches 128 GiB; larger disks are used up to there.
 * Public: ata_init, ata_read, ata_write, ata_flush, ata_stats.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/io.h>
#include <tender.h>

#include "servers/omfs/ata.h"

#define ATA_DATA 0x1f0
#define ATA_ERROR 0x1f1
#define ATA_COUNT 0x1f2
#define ATA_LBA0 0x1f3
#define ATA_LBA1 0x1f4
#define ATA_LBA2 0x1f5
#define ATA_DRIVE 0x1f6
#define ATA_STATUS 0x1f7  /* read */
#define ATA_COMMAND 0x1f7 /* write */
#define ATA_CONTROL 0x3f6 /* write: device control; read: alternate status */

#define ST_ERR 0x01
#define ST_DRQ 0x08
#define ST_DF 0x20
#define ST_DRDY 0x40
#define ST_BSY 0x80
#define CTL_NIEN 0x02
#define CTL_SRST 0x04
#define DRIVE_LBA_MASTER 0xe0

#define CMD_READ 0x20
#define CMD_WRITE 0x30
#define CMD_FLUSH 0xe7
#define CMD_IDENTIFY 0xec

#define ATA_TIMEOUT_MS 5000
#define LBA28_LIMIT (1u << 28)
#define MAX_PER_COMMAND 256 /* a count of 0 means 256 */

struct ata_stats ata_stats;
static uint64_t tsc_per_ms;
static uint32_t disk_sectors;

/* 400 ns for the status to become valid after a command: four reads of
 * the alternate status register (ATA/ATAPI-6, 9.5). */
static void
settle(void)
{
    for (int i = 0; i < 4; i++)
        (void)inb(ATA_CONTROL);
}

/* Wait until BSY clears and, if want, until (status & want) == want.
 * Returns the status, or -EIO on ERR/DF or time-out. */
static int
wait_status(uint8_t want)
{
    uint64_t start = rdtsc(), limit = tsc_per_ms * ATA_TIMEOUT_MS;

    for (;;) {
        uint8_t st = inb(ATA_STATUS);
        if (st == 0xff)
            return -EIO; // floating bus: no drive
        if (!(st & ST_BSY)) {
            if (st & (ST_ERR | ST_DF))
                return -EIO;
            if ((st & want) == want)
                return st;
        }
        if (rdtsc() - start > limit)
            return -EIO;
    }
}

static int
fail(int err)
{
    ata_stats.errors++;
    return err;
}

static void
select_lba(uint32_t lba, uint32_t count)
{
    outb(ATA_DRIVE, (uint8_t)(DRIVE_LBA_MASTER | ((lba >> 24) & 0x0f)));
    outb(ATA_COUNT, (uint8_t)(count == MAX_PER_COMMAND ? 0 : count));
    outb(ATA_LBA0, (uint8_t)lba);
    outb(ATA_LBA1, (uint8_t)(lba >> 8));
    outb(ATA_LBA2, (uint8_t)(lba >> 16));
}

static bool
in_range(uint32_t lba, uint32_t count)
{
    return count > 0 && lba < disk_sectors && count <= disk_sectors - lba;
}

/* Reset the channel, check for a master drive and read its size (in
 * sectors, LBA28) into *sectors. Needs ioattach(ata0) first. Returns 0 or
 * -EIO (no drive, no LBA, time-out). */
int
ata_init(uint32_t *sectors)
{
    struct sysstat ss;
    uint16_t id[256];
    int st;

    if (sysstat(&ss) < 0 || !ss.tsc_khz)
        return -EIO;
    tsc_per_ms = ss.tsc_khz;
    outb(ATA_CONTROL, CTL_NIEN | CTL_SRST); // software reset, interrupts off
    settle();
    outb(ATA_CONTROL, CTL_NIEN);
    settle();
    outb(ATA_DRIVE, DRIVE_LBA_MASTER);
    settle();
    if ((st = wait_status(0)) < 0)
        return fail(st);
    outb(ATA_COMMAND, CMD_IDENTIFY);
    settle();
    if (inb(ATA_STATUS) == 0)
        return fail(-EIO); // no device
    if ((st = wait_status(ST_DRQ)) < 0)
        return fail(st);
    insw(ATA_DATA, id, 256);
    if (!(id[49] & (1u << 9)))
        return fail(-EIO);                                    // word 49 bit 9: LBA supported
    disk_sectors = (uint32_t)id[60] | (uint32_t)id[61] << 16; // words 60-61: LBA28 sectors
    if (disk_sectors == 0 || disk_sectors > LBA28_LIMIT)
        disk_sectors = LBA28_LIMIT - 1;
    *sectors = disk_sectors;
    return 0;
}

/* count sectors between lba and buf, one command per 256: READ SECTORS
 * (write false) or WRITE SECTORS, one DRQ block per sector. */
static int
pio(uint32_t lba, uint32_t count, uint8_t *p, bool write)
{
    int st;

    if (!in_range(lba, count))
        return -EINVAL;
    while (count) {
        uint32_t n = count < MAX_PER_COMMAND ? count : MAX_PER_COMMAND;
        if ((st = wait_status(0)) < 0)
            return fail(st);
        select_lba(lba, n);
        outb(ATA_COMMAND, write ? CMD_WRITE : CMD_READ);
        if (write)
            ata_stats.writes++;
        else
            ata_stats.reads++;
        settle();
        for (uint32_t i = 0; i < n; i++, p += ATA_SECTOR) {
            if ((st = wait_status(ST_DRQ)) < 0)
                return fail(st);
            if (write)
                outsw(ATA_DATA, p, ATA_SECTOR / 2);
            else
                insw(ATA_DATA, p, ATA_SECTOR / 2);
        }
        if (write && (st = wait_status(0)) < 0) // the last sector is taken
            return fail(st);
        if (write)
            ata_stats.sectors_written += n;
        else
            ata_stats.sectors_read += n;
        lba += n, count -= n;
    }
    return 0;
}

/* Read count sectors from lba into buf. Returns 0, -EINVAL (past the disk)
 * or -EIO. */
int
ata_read(uint32_t lba, uint32_t count, void *buf)
{
    return pio(lba, count, buf, false);
}

/* Write count sectors from buf to lba (they may sit in the drive's write
 * cache until ata_flush). Returns 0, -EINVAL or -EIO. */
int
ata_write(uint32_t lba, uint32_t count, const void *buf)
{
    return pio(lba, count, (uint8_t *)(uintptr_t)buf, true);
}

/* Make everything written so far durable (FLUSH CACHE). Returns 0 or -EIO. */
int
ata_flush(void)
{
    int st;

    if ((st = wait_status(0)) < 0)
        return fail(st);
    outb(ATA_DRIVE, DRIVE_LBA_MASTER);
    outb(ATA_COMMAND, CMD_FLUSH);
    ata_stats.flushes++;
    settle();
    return (st = wait_status(0)) < 0 ? fail(st) : 0;
}

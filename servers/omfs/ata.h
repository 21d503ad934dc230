/*
 * ATA PIO on the primary IDE channel, from user space (servers/omfs/ata.c).
 * Included by the file server only.
 */
#ifndef SERVERS_OMFS_ATA_H
#define SERVERS_OMFS_ATA_H

#include <stdint.h>

#define ATA_SECTOR 512

struct ata_stats {
    uint32_t reads, writes, flushes, errors; /* commands issued, commands failed */
    uint64_t sectors_read, sectors_written;
};

int ata_init(uint32_t *sectors); /* ports, reset, IDENTIFY */
int ata_read(uint32_t lba, uint32_t count, void *buf);
int ata_write(uint32_t lba, uint32_t count, const void *buf);
int ata_flush(void);
extern struct ata_stats ata_stats;

#endif

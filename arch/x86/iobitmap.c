/*
 * Per-process I/O port rights through the TSS I/O permission bitmap.
 *
 * The CPU checks an `in`/`out` at CPL 3 (IOPL is 0, never 3) against the
 * bitmap that follows the TSS: a clear bit lets the port through, a set bit
 * raises #GP, which ends the process (SDM vol. 1, 19.5.2). The TSS's bitmap
 * covers all ARCH_IO_PORTS ports. A process's rights (struct arch_io, all
 * closed = "no port") come in two parts: a bitmap of its own for the ISA
 * range 0..ARCH_IO_LOW-1, where the PC's legacy devices live, and up to
 * ARCH_IO_HIGH ranges above it (the I/O BARs of PCI devices, which the BIOS
 * puts at 0xc000 and up). The scheduler calls arch_io_switch, which copies
 * the next process's low bitmap into the TSS and opens its high ranges when
 * it has any port, after closing the high ranges of the one loaded before,
 * and restores "no port" when that one had some. A process without ports
 * switching to another without ports costs two compares (arch_io_switch is
 * inline in arch.h); one with ports costs a 128-byte copy and a bit per port
 * of its high ranges. A process keeps its ports when it moves between
 * spaces: they belong to the process, not to the space. The PCI
 * configuration ports (0xcf8-0xcff) stay the kernel's: they reach every
 * device, so no grant may include them.
 * Invariant: the TSS bitmap equals `arch_io_loaded`'s low bitmap below
 * ARCH_IO_LOW and is open exactly on its high ranges above, or all ones if
 * arch_io_loaded is NULL.
 * Public: iobitmap_init (gdt.c), arch_io_grant, arch_io_revoke,
 * arch_io_load (for arch_io_switch), arch_io_loaded, arch_io_release.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/x86.h"
#include "kernel/string.h"

#define EINVAL_ 22 // arch code does not include the ABI
#define ENOMEM_ 12
#define PCI_CONFIG_PORTS 0xcf8 /* configuration mechanism 1: address and data (arch/x86/pci.c) */
#define PCI_CONFIG_NPORTS 8

static uint8_t *tss_map;               // ARCH_IO_PORTS / 8 bytes right after the TSS
const struct arch_io *arch_io_loaded;  // whose rights the TSS holds, NULL: none (arch.h)

/* Boot: point at the TSS's bitmap and close every port. */
void
iobitmap_init(uint8_t *map)
{
    tss_map = map;
    kmemset(tss_map, 0xff, ARCH_IO_PORTS / 8);
}

/* Open (or close) ports [base, base+count) in the bitmap map. */
static void
set_range(uint8_t *map, uint32_t base, uint32_t count, bool open)
{
    for (uint32_t port = base; port < base + count; port++) {
        if (open)
            map[port / 8] &= (uint8_t) ~(1u << (port % 8));
        else
            map[port / 8] |= (uint8_t)(1u << (port % 8));
    }
}

/* Open (or close) io's high ranges in the TSS. */
static void
set_high(const struct arch_io *io, bool open)
{
    if (!io->nhigh)
        return; // the usual case (ports below ARCH_IO_LOW only): nothing on the switch path
    for (int i = 0; i < ARCH_IO_HIGH; i++)
        if (io->high[i].count)
            set_range(tss_map, io->high[i].base, io->high[i].count, open);
}

static void
load(const struct arch_io *io)
{
    if (arch_io_loaded)
        set_high(arch_io_loaded, false);
    if (io->granted) {
        kmemcpy(tss_map, io->map, sizeof(io->map));
        set_high(io, true);
    } else if (arch_io_loaded) {
        kmemset(tss_map, 0xff, sizeof(io->map));
    }
    arch_io_loaded = io->granted ? io : NULL;
}

/* The high range of io that is exactly [base, base+count), else a free one
 * (*found false), else -1. */
static int
high_slot(const struct arch_io *io, uint32_t base, uint32_t count, bool *found)
{
    int free_slot = -1;

    for (int i = 0; i < ARCH_IO_HIGH; i++) {
        if (io->high[i].count == count && io->high[i].base == base) {
            *found = true;
            return i;
        }
        if (!io->high[i].count && free_slot < 0)
            free_slot = i;
    }
    *found = false;
    return free_slot;
}

/* Open ports [base, base+count) to the process that owns io (the current
 * one, or a process not running); the part above ARCH_IO_LOW takes one of
 * its ARCH_IO_HIGH ranges (a range granted twice takes one). Returns 0,
 * -EINVAL (empty, past ARCH_IO_PORTS, or over the PCI configuration ports)
 * or -ENOMEM (no high range left); nothing changes on an error. */
int
arch_io_grant(struct arch_io *io, uint32_t base, uint32_t count)
{
    uint32_t low = 0, high_base = base;
    bool found = false;
    int slot = -1;

    if (count == 0 || base >= ARCH_IO_PORTS || count > ARCH_IO_PORTS - base)
        return -EINVAL_;
    if (base < PCI_CONFIG_PORTS + PCI_CONFIG_NPORTS && PCI_CONFIG_PORTS < base + count)
        return -EINVAL_;
    if (base < ARCH_IO_LOW) {
        low = base + count <= ARCH_IO_LOW ? count : ARCH_IO_LOW - base;
        high_base = ARCH_IO_LOW;
    }
    if (count > low && (slot = high_slot(io, high_base, count - low, &found)) < 0)
        return -ENOMEM_;
    if (!io->granted) {
        kmemset(io->map, 0xff, sizeof(io->map));
        io->granted = true;
    }
    if (low)
        set_range(io->map, base, low, true);
    if (slot >= 0 && !found) {
        io->high[slot].base = (uint16_t)high_base;
        io->high[slot].count = (uint16_t)(count - low);
        io->nhigh++;
    }
    if (arch_io_loaded == io || !arch_io_loaded)
        load(io); // the owner is running (or nothing is loaded): make it true now
    return 0;
}

/* Close ports [base, base+count) again: the low ones, and every high range
 * inside it (ignores ports never granted). */
void
arch_io_revoke(struct arch_io *io, uint32_t base, uint32_t count)
{
    bool loaded = arch_io_loaded == io;

    if (!io->granted || base >= ARCH_IO_PORTS)
        return;
    if (count > ARCH_IO_PORTS - base)
        count = ARCH_IO_PORTS - base;
    if (base < ARCH_IO_LOW)
        set_range(io->map, base, base + count <= ARCH_IO_LOW ? count : ARCH_IO_LOW - base, false);
    if (loaded)
        set_high(io, false);
    for (int i = 0; i < ARCH_IO_HIGH; i++)
        if (io->high[i].count && io->high[i].base >= base &&
            io->high[i].base + io->high[i].count <= base + count) {
            io->high[i].count = 0;
            io->nhigh--;
        }
    if (loaded) {
        kmemcpy(tss_map, io->map, sizeof(io->map));
        set_high(io, true);
    }
}

/* The scheduler runs next's owner now and one of them has ports
 * (arch_io_switch, arch.h): give the TSS next's rights, or close them all. */
void
arch_io_load(const struct arch_io *next)
{
    load(next);
}

/* A process ends: close its ports for good. */
void
arch_io_release(struct arch_io *io)
{
    if (arch_io_loaded == io) {
        set_high(io, false);
        kmemset(tss_map, 0xff, sizeof(io->map));
        arch_io_loaded = NULL;
    }
    for (int i = 0; i < ARCH_IO_HIGH; i++)
        io->high[i].count = 0;
    io->nhigh = 0;
    io->granted = false;
}

/*
 * Per-process I/O port rights through the TSS I/O permission bitmap.
 *
 * The CPU checks an `in`/`out` at CPL 3 (IOPL is 0, never 3) against the
 * bitmap that follows the TSS: a clear bit lets the port through, a set bit
 * or a port beyond the TSS limit raises #GP, which ends the process (SDM
 * vol. 1, 19.5.2). The bitmap covers ports 0..ARCH_IO_PORTS-1, the ISA range
 * where the PC's legacy devices live; higher ports can never be granted.
 * Each process carries its own bitmap (struct arch_io, all ones = no port);
 * the scheduler calls arch_io_switch, which copies the next process's bitmap
 * into the TSS when it has any port, and restores "no port" when the one
 * loaded had some. A process without ports switching to another without
 * ports costs two compares (arch_io_switch is inline in arch.h). A process
 * keeps its ports when it moves between spaces: they belong to the process,
 * not to the space.
 * Invariant: the TSS bitmap equals `arch_io_loaded`'s bitmap, or all ones if NULL.
 * Public: iobitmap_init (gdt.c), arch_io_grant, arch_io_revoke,
 * arch_io_load (for arch_io_switch), arch_io_loaded, arch_io_release.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/x86.h"
#include "kernel/string.h"

static uint8_t *tss_map;               // ARCH_IO_PORTS / 8 bytes right after the TSS
const struct arch_io *arch_io_loaded;  // whose bitmap the TSS holds, NULL: none (arch.h)

/* Boot: point at the TSS's bitmap and close every port. */
void
iobitmap_init(uint8_t *map)
{
    tss_map = map;
    kmemset(tss_map, 0xff, ARCH_IO_PORTS / 8);
}

static void
load(const struct arch_io *io)
{
    if (io->granted)
        kmemcpy(tss_map, io->map, sizeof(io->map));
    else if (arch_io_loaded)
        kmemset(tss_map, 0xff, ARCH_IO_PORTS / 8);
    arch_io_loaded = io->granted ? io : NULL;
}

static void
set_range(struct arch_io *io, uint32_t base, uint32_t count, bool open)
{
    for (uint32_t port = base; port < base + count; port++) {
        if (open)
            io->map[port / 8] &= (uint8_t)~(1u << (port % 8));
        else
            io->map[port / 8] |= (uint8_t)(1u << (port % 8));
    }
}

/* Open ports [base, base+count) to the process that owns io (the current
 * one, or a process not running). Returns 0, or -EINVAL past ARCH_IO_PORTS. */
int
arch_io_grant(struct arch_io *io, uint32_t base, uint32_t count)
{
    if (count == 0 || base >= ARCH_IO_PORTS || count > ARCH_IO_PORTS - base)
        return -22; // EINVAL (arch code does not include the ABI)
    if (!io->granted) {
        kmemset(io->map, 0xff, sizeof(io->map));
        io->granted = true;
    }
    set_range(io, base, count, true);
    if (arch_io_loaded == io || !arch_io_loaded)
        load(io); // the owner is running (or nothing is loaded): make it true now
    return 0;
}

/* Close ports [base, base+count) again (ignores ports never granted). */
void
arch_io_revoke(struct arch_io *io, uint32_t base, uint32_t count)
{
    if (!io->granted || base >= ARCH_IO_PORTS)
        return;
    if (count > ARCH_IO_PORTS - base)
        count = ARCH_IO_PORTS - base;
    set_range(io, base, count, false);
    if (arch_io_loaded == io)
        kmemcpy(tss_map, io->map, sizeof(io->map));
}

/* The scheduler runs next's owner now and one of them has ports
 * (arch_io_switch, arch.h): give the TSS next's bitmap, or close them all. */
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
        kmemset(tss_map, 0xff, ARCH_IO_PORTS / 8);
        arch_io_loaded = NULL;
    }
    io->granted = false;
}

/*
 * proc/pci.c - what PCI configuration space means (pure logic).
 *
 * Model: the kernel finds every PCI function at boot by walking bus 0 and,
 * through each PCI-to-PCI bridge, its secondary bus (PCI Local Bus
 * Specification 3.0, 6.1; PCI-to-PCI Bridge Architecture 1.2, 3.2): a
 * device whose function 0 reads vendor 0xffff is absent; a header type
 * with bit 7 set has functions 1-7 too. For each function it reads the
 * identity, class, interrupt line and pin, and sizes each base address
 * register the usual way (6.2.5.1): with the function's decoding off, write
 * all ones, read back which address bits stick, put the old value back.
 * A BAR is kept as usable only if it is placed (non-zero), its size is a
 * power of two it is aligned to, and it lies below 4 GiB (memory) or 64 Ki
 * (ports): a 32-bit kernel without PAE reaches nothing else. A 64-bit BAR
 * takes two registers; the second reads as DEV_BAR_NONE.
 * Registers come and go through struct pci_access (arch_pci_read/write in
 * the kernel, a fake configuration space in tests/host/test_pci.c); no
 * other global is touched.
 * Invariants: a bus is walked at most once (a looping bridge cannot hang
 * the walk), and bridges are followed MAX_DEPTH deep at most (the walk's
 * stack stays small); a function's decoding is back as it was after sizing.
 * Entry points: pci_bar_decode, pci_scan, pci_command_update, pci_name.
 */
#include "proc/pci.h"

#include <stdbool.h>
#include <stdint.h>

#define BAR_IO 0x1u       /* bit 0: an I/O BAR */
#define BAR_MEM_TYPE 0x6u /* bits 1-2 of a memory BAR: 0 32-bit, 2 64-bit */
#define BAR_MEM_64 0x4u
#define BAR_PREFETCH 0x8u
#define BAR_IO_FLAGS 0x3u
#define BAR_MEM_FLAGS 0xfu
#define HEADER_MULTI 0x80u /* header type bit 7: functions 1-7 may answer */
#define HEADER_NORMAL 0
#define HEADER_BRIDGE 1
#define BRIDGE_BARS 2
#define NBUSES 256
#define NDEVS 32
#define NFUNCS 8
#define MAX_DEPTH 8 /* bridges behind bridges followed; real boards nest two or three */

static bool
pow2(uint32_t x)
{
    return x && !(x & (x - 1));
}

/* The usable part of a BAR: placed, a power of two in size, aligned, and
 * within limit (the last address or port it may reach). */
static void
keep_if_usable(struct pci_bar *b, uint8_t kind, uint32_t base, uint32_t size, uint32_t last)
{
    if (base == 0 || !pow2(size) || (base & (size - 1)) || base > last || size - 1 > last - base)
        return;
    b->kind = kind;
    b->base = base;
    b->size = size;
}

/* Decode one base address register from its value and what it read after
 * all ones were written (probe); a 64-bit memory BAR also takes the next
 * register's value and probe (value_hi, probe_hi; ignored otherwise). *out
 * is DEV_BAR_NONE unless the BAR is usable (see the file comment). Returns
 * how many registers the BAR takes: 2 for a 64-bit one, else 1. */
unsigned
pci_bar_decode(uint32_t value, uint32_t probe, uint32_t value_hi, uint32_t probe_hi,
               struct pci_bar *out)
{
    uint32_t mask;

    *out = (struct pci_bar){.kind = DEV_BAR_NONE};
    if (value & BAR_IO) {
        mask = probe & ~BAR_IO_FLAGS;
        if (!mask)
            return 1; // no address bit sticks: not implemented
        if (!(mask & 0xffff0000u))
            mask |= 0xffff0000u; // it decodes 16 bits; the upper half reads 0
        keep_if_usable(out, DEV_BAR_IO, value & ~BAR_IO_FLAGS, ~mask + 1, 0xffff);
        return 1;
    }
    out->prefetch = (value & BAR_PREFETCH) != 0;
    mask = probe & ~BAR_MEM_FLAGS;
    if ((value & BAR_MEM_TYPE) == BAR_MEM_64) {
        // above 4 GiB, or 4 GiB and more in size: out of a 32-bit kernel's reach
        if (mask && value_hi == 0 && probe_hi == 0xffffffffu)
            keep_if_usable(out, DEV_BAR_MEM, value & ~BAR_MEM_FLAGS, ~mask + 1, 0xffffffffu);
        return 2;
    }
    if ((value & BAR_MEM_TYPE) == BAR_MEM_TYPE || !mask)
        return 1; // reserved type, or not implemented
    keep_if_usable(out, DEV_BAR_MEM, value & ~BAR_MEM_FLAGS, ~mask + 1, 0xffffffffu);
    return 1;
}

/* What register off reads after all ones were written to it; its value
 * is put back. */
static uint32_t
probe(const struct pci_access *acc, uint32_t bdf, unsigned off, uint32_t value)
{
    uint32_t got;

    acc->write(bdf, off, 0xffffffffu);
    got = acc->read(bdf, off);
    acc->write(bdf, off, value);
    return got;
}

/* Size and decode the nbars BARs of f, with its decoding off meanwhile (a
 * half-written BAR must not claim addresses), then back as it was. */
static void
read_bars(const struct pci_access *acc, struct pci_func *f, unsigned nbars)
{
    uint32_t cmd = acc->read(f->bdf, PCI_REG_COMMAND) & 0xffff;

    acc->write(f->bdf, PCI_REG_COMMAND, cmd & ~(uint32_t)(DEV_CMD_IO | DEV_CMD_MEM));
    for (unsigned i = 0; i < nbars;) {
        unsigned off = PCI_REG_BAR0 + 4 * i;
        uint32_t v = acc->read(f->bdf, off), p = probe(acc, f->bdf, off, v), vh = 0, ph = 0;
        bool wide = !(v & BAR_IO) && (v & BAR_MEM_TYPE) == BAR_MEM_64;

        if (wide && i + 1 < nbars) {
            vh = acc->read(f->bdf, off + 4);
            ph = probe(acc, f->bdf, off + 4, vh);
        } else if (wide) {
            v = 0; // a 64-bit BAR in the last register: broken, not used
        }
        i += pci_bar_decode(v, p, vh, ph, &f->bar[i]);
    }
    acc->write(f->bdf, PCI_REG_COMMAND, cmd); // the status half written 0 clears nothing
}

struct walk {
    const struct pci_access *acc;
    struct pci_func *out;
    unsigned max, found;
    uint32_t seen[NBUSES / 32];
};

static void walk_bus(struct walk *w, unsigned bus, unsigned depth);

/* Record function bdf (it answered with id); follow it if it is a bridge. */
static void
add_function(struct walk *w, uint32_t bdf, uint32_t id, uint32_t header, unsigned depth)
{
    const struct pci_access *acc = w->acc;
    uint32_t irq = acc->read(bdf, PCI_REG_IRQ);
    struct pci_func f = {
        .bdf = bdf,
        .vendor = (uint16_t)(id & 0xffff),
        .device = (uint16_t)(id >> 16),
        .class_rev = acc->read(bdf, PCI_REG_CLASS),
        .header = (uint8_t)(header & ~HEADER_MULTI),
        .pin = (uint8_t)((irq >> 8) & 0xff),
        .irq = (uint8_t)(irq & 0xff),
    };

    if (f.pin == 0 || f.pin > 4 || f.irq >= 16)
        f.irq = DEV_IRQ_NONE; // no pin, or a line the BIOS left unrouted (0xff)
    if (f.pin > 4)
        f.pin = 0;
    if (f.header == HEADER_NORMAL)
        read_bars(acc, &f, DEV_BARS);
    else if (f.header == HEADER_BRIDGE)
        read_bars(acc, &f, BRIDGE_BARS);
    if (w->found < w->max)
        w->out[w->found] = f;
    w->found++;
    if (f.header == HEADER_BRIDGE && depth < MAX_DEPTH)
        walk_bus(w, (acc->read(bdf, PCI_REG_BUSES) >> 8) & 0xff, depth + 1);
}

static void
walk_bus(struct walk *w, unsigned bus, unsigned depth)
{
    if (w->seen[bus / 32] & (1u << (bus % 32)))
        return; // walked already (or a bridge names its own bus)
    w->seen[bus / 32] |= 1u << (bus % 32);
    for (unsigned dev = 0; dev < NDEVS; dev++) {
        for (unsigned fn = 0, nfn = 1; fn < nfn; fn++) {
            uint32_t bdf = PCI_BDF(bus, dev, fn), id = w->acc->read(bdf, PCI_REG_ID), header;
            if ((id & 0xffff) == PCI_NO_VENDOR || (id & 0xffff) == 0)
                continue; // absent (0: some boards answer so for an empty slot)
            header = (w->acc->read(bdf, PCI_REG_HEADER) >> 16) & 0xff;
            if (fn == 0 && (header & HEADER_MULTI))
                nfn = NFUNCS;
            add_function(w, bdf, id, header, depth);
        }
    }
}

/* Find every PCI function below bus 0: up to max of them into out, in the
 * order of the walk (bus 0 by device and function, a bridge's bus right
 * after the bridge). Returns how many there are (more than max if some did
 * not fit). */
unsigned
pci_scan(const struct pci_access *acc, struct pci_func *out, unsigned max)
{
    struct walk w = {.acc = acc, .out = out, .max = max};

    walk_bus(&w, 0, 0);
    return w.found;
}

/* Set and then clear bits of function bdf's command register (DEV_CMD_*).
 * Returns the register as read back afterwards: a configuration read
 * completes only after the write before it, so a bit it shows clear is
 * clear in the device (bus mastering off: no DMA from here on). */
uint16_t
pci_command_update(const struct pci_access *acc, uint32_t bdf, uint16_t set, uint16_t clear)
{
    uint32_t cmd = acc->read(bdf, PCI_REG_COMMAND) & 0xffff;

    cmd = (cmd | set) & ~(uint32_t)clear;
    acc->write(bdf, PCI_REG_COMMAND, cmd); // status half 0: its write-1-to-clear bits stay
    return (uint16_t)(acc->read(bdf, PCI_REG_COMMAND) & 0xffff);
}

/* Write function bdf's resource name, "pci:bb:dd.f" (hexadecimal, as lspci
 * shows it), into out. */
void
pci_name(uint32_t bdf, char out[PCI_NAME_MAX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned bus = PCI_BUS(bdf), dev = PCI_DEV(bdf);
    char *p = out;

    *p++ = 'p', *p++ = 'c', *p++ = 'i', *p++ = ':';
    *p++ = hex[bus >> 4], *p++ = hex[bus & 15], *p++ = ':';
    *p++ = hex[dev >> 4], *p++ = hex[dev & 15], *p++ = '.';
    *p++ = hex[PCI_FN(bdf)];
    *p = '\0';
}

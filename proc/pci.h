/*
 * What PCI configuration space means (proc/pci.c): the walk of the buses,
 * base address registers decoded, the command register, the names of
 * functions. Pure: registers come and go through a struct pci_access, so
 * the kernel passes configuration mechanism 1 (arch_pci_read/write) and
 * host tests a fake. Included by proc/device.c and tests/host/test_pci.c.
 */
#ifndef PROC_PCI_H
#define PROC_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/types.h"

/* a function's address: bus << 8 | device << 3 | function */
#define PCI_BDF(bus, dev, fn) ((uint32_t)(bus) << 8 | (uint32_t)(dev) << 3 | (uint32_t)(fn))
#define PCI_BUS(bdf) (((bdf) >> 8) & 0xff)
#define PCI_DEV(bdf) (((bdf) >> 3) & 0x1f)
#define PCI_FN(bdf) ((bdf) % 8)

/* registers (PCI Local Bus Specification 3.0, 6.1) */
#define PCI_REG_ID 0x00      /* vendor (low half), device (high half) */
#define PCI_REG_COMMAND 0x04 /* command (low half; DEV_CMD_*), status (high half) */
#define PCI_REG_CLASS 0x08   /* class code << 8 | revision */
#define PCI_REG_HEADER 0x0c  /* header type in bits 16-23 (bit 23: more functions) */
#define PCI_REG_BAR0 0x10    /* base address registers, one dword each */
#define PCI_REG_BUSES 0x18   /* a bridge's primary, secondary, subordinate bus */
#define PCI_REG_IRQ 0x3c     /* interrupt line (low byte), pin (next byte) */
#define PCI_NO_VENDOR 0xffff /* what an absent function reads */

#define PCI_NAME_MAX 12 /* "pci:bb:dd.f" and its NUL */

struct pci_access {
    uint32_t (*read)(uint32_t bdf, unsigned off);
    void (*write)(uint32_t bdf, unsigned off, uint32_t value);
};

struct pci_bar {
    uint32_t base, size; /* address or first port, bytes or ports */
    uint8_t kind;        /* DEV_BAR_MEM, DEV_BAR_IO, or DEV_BAR_NONE (absent or unusable) */
    bool prefetch;       /* memory the device lets be prefetched */
};

struct pci_func {
    uint32_t bdf;
    uint16_t vendor, device;
    uint32_t class_rev;
    uint8_t header;   /* header type without the multi-function bit */
    uint8_t irq, pin; /* interrupt line as the BIOS set it (DEV_IRQ_NONE), pin 0-4 */
    struct pci_bar bar[DEV_BARS];
};

unsigned pci_bar_decode(uint32_t value, uint32_t probe, uint32_t value_hi, uint32_t probe_hi,
                        struct pci_bar *out);
unsigned pci_scan(const struct pci_access *acc, struct pci_func *out, unsigned max);
uint16_t pci_command_update(const struct pci_access *acc, uint32_t bdf, uint16_t set,
                            uint16_t clear);
void pci_name(uint32_t bdf, char out[PCI_NAME_MAX]);

#endif

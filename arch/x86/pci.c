/*
 * PCI configuration space through configuration mechanism 1 (PCI Local Bus
 * Specification 3.0, 3.2.2.3.2): the function and a register offset go to
 * the address port 0xcf8 with bit 31 set, and the dword comes and goes
 * through the data port 0xcfc. The kernel alone uses these ports
 * (arch/x86/iobitmap.c never grants them), with interrupts off, so an
 * address and its data access are never split.
 * What the registers mean is generic code's business (proc/pci.c).
 * Public: arch_pci_present, arch_pci_read, arch_pci_write.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define CONFIG_ENABLE 0x80000000u

static uint32_t
address(uint32_t bdf, unsigned off)
{
    return CONFIG_ENABLE | (bdf & 0xffff) << 8 | (off & 0xfc);
}

/* Whether the board answers configuration mechanism 1: the address port
 * keeps the enable bit written to it (a board without PCI reads back all
 * ones or nothing). The address port's old value is put back. */
bool
arch_pci_present(void)
{
    unsigned long s = arch_irq_save();
    uint32_t old = inl(CONFIG_ADDRESS), got;

    outl(CONFIG_ADDRESS, CONFIG_ENABLE);
    got = inl(CONFIG_ADDRESS);
    outl(CONFIG_ADDRESS, old);
    arch_irq_restore(s);
    return got == CONFIG_ENABLE;
}

/* The dword at offset off of function bdf's configuration space; all ones
 * where no function answers. */
uint32_t
arch_pci_read(uint32_t bdf, unsigned off)
{
    unsigned long s = arch_irq_save();
    uint32_t v;

    outl(CONFIG_ADDRESS, address(bdf, off));
    v = inl(CONFIG_DATA);
    arch_irq_restore(s);
    return v;
}

/* Write the dword at offset off of function bdf's configuration space. */
void
arch_pci_write(uint32_t bdf, unsigned off, uint32_t value)
{
    unsigned long s = arch_irq_save();

    outl(CONFIG_ADDRESS, address(bdf, off));
    outl(CONFIG_DATA, value);
    arch_irq_restore(s);
}

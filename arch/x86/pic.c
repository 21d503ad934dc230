/*
 * The two cascaded 8259A interrupt controllers, remapped to vectors 32-47
 * (the BIOS default overlaps the CPU exceptions). All lines start masked but
 * the cascade; drivers unmask theirs. A spurious IRQ 7 or 15 shows as a line
 * whose in-service bit is clear: it gets no EOI (IRQ 15 still needs one on
 * the master for the cascade). The kernel keeps four lines for itself (the
 * timer, the keyboard, the cascade and COM1); any other line may be a
 * device's, masked and unmasked for a user-level driver through
 * arch_irq_line_mask/unmask (proc/device.c).
 * Public: pic_init, pic_eoi, pic_spurious, pic_unmask, arch_irq_line_usable,
 * arch_irq_line_mask, arch_irq_line_unmask.
 */
#include <stdbool.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define OCW3_READ_ISR 0x0b
#define PIC_EOI 0x20
#define IRQ_CASCADE 2
#define KERNEL_LINES 0x17u /* 0 timer, 1 keyboard, 2 cascade, 4 COM1 (arch/x86/trap.c) */

static uint16_t irq_mask = 0xffff & ~(1u << IRQ_CASCADE);

static void
write_mask(void)
{
    outb(PIC1_DATA, irq_mask & 0xff);
    outb(PIC2_DATA, irq_mask >> 8);
}

/* Remap both controllers to VEC_IRQ0.. and mask every line but the cascade. */
void
pic_init(void)
{
    outb(PIC1_CMD, ICW1_INIT_ICW4);
    io_wait();
    outb(PIC2_CMD, ICW1_INIT_ICW4);
    io_wait();
    outb(PIC1_DATA, VEC_IRQ0);
    io_wait();
    outb(PIC2_DATA, VEC_IRQ0 + 8);
    io_wait();
    outb(PIC1_DATA, 1 << IRQ_CASCADE); // slave on line 2
    io_wait();
    outb(PIC2_DATA, IRQ_CASCADE);      // slave identity
    io_wait();
    outb(PIC1_DATA, ICW4_8086);
    io_wait();
    outb(PIC2_DATA, ICW4_8086);
    io_wait();
    write_mask();
}

/* Let IRQ line irq through. */
void
pic_unmask(int irq)
{
    irq_mask &= ~(1u << irq);
    write_mask();
}

/* Whether irq may be a device's line, for a user-level driver: a line of
 * the two controllers that the kernel does not keep for itself. */
bool
arch_irq_line_usable(int irq)
{
    return irq >= 0 && irq < ARCH_IRQ_LINES && !(KERNEL_LINES & (1u << irq));
}

/* Keep a device's line irq from interrupting (arch_irq_line_usable holds). */
void
arch_irq_line_mask(int irq)
{
    irq_mask |= (uint16_t)(1u << irq);
    write_mask();
}

/* Let a device's line irq interrupt again (arch_irq_line_usable holds). */
void
arch_irq_line_unmask(int irq)
{
    pic_unmask(irq);
}

/* Acknowledge irq so the controller delivers the next one. */
void
pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

/* Return 1 if irq (7 or 15) is spurious; handles the cascade EOI itself. */
int
pic_spurious(int irq)
{
    if (irq == 7) {
        outb(PIC1_CMD, OCW3_READ_ISR);
        return !(inb(PIC1_CMD) & 0x80);
    }
    if (irq == 15) {
        outb(PIC2_CMD, OCW3_READ_ISR);
        if (!(inb(PIC2_CMD) & 0x80)) {
            outb(PIC1_CMD, PIC_EOI);
            return 1;
        }
    }
    return 0;
}

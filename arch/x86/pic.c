/*
 * The two cascaded 8259A interrupt controllers, remapped to vectors 32-47
 * (the BIOS default overlaps the CPU exceptions). All lines start masked but
 * the cascade; drivers unmask theirs. A spurious IRQ 7 or 15 shows as a line
 * whose in-service bit is clear: it gets no EOI (IRQ 15 still needs one on
 * the master for the cascade). Public: pic_init, pic_eoi, pic_spurious,
 * pic_unmask.
 */
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

/*
 * Board bring-up and the small arch_ services: descriptor tables, PIC and
 * PIT, interrupt state, idling and leaving the machine.
 * Public: arch_init, arch_irq_save/restore, arch_idle, arch_exit,
 * arch_halt_forever.
 */
#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"

#define DEBUG_EXIT_PORT 0xf4  // QEMU -device isa-debug-exit,iobase=0xf4

/* Load GDT/TSS/IDT, remap the PIC, start the timer at timer_hz and unmask it.
 * Interrupts stay off; the caller enables them when ready. */
void
arch_init(unsigned timer_hz)
{
    gdt_init();
    idt_init();
    pic_init();
    pit_init(timer_hz);
    sysenter_init();
    pic_unmask(0);
}

/* Let the keyboard (IRQ 1) and COM1 (IRQ 4) interrupt. */
void
arch_input_enable(void)
{
    pic_unmask(1);
    pic_unmask(4);
}

/* Disable interrupts and return whether they were on. */
unsigned long
arch_irq_save(void)
{
    unsigned long flags = read_eflags();

    arch_irq_disable();
    return flags & EFLAGS_IF;
}

/* Re-enable interrupts if state says they were on. */
void
arch_irq_restore(unsigned long state)
{
    if (state)
        arch_irq_enable();
}

/* Enable interrupts and halt until one arrives (atomically: sti shadows hlt). */
void
arch_idle(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* Stop this CPU for good. */
void
arch_halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* Leave QEMU with exit code (status << 1) | 1 through isa-debug-exit; on
 * hardware without that device the write is ignored and we halt. */
void
arch_exit(int status)
{
    outb(DEBUG_EXIT_PORT, (uint8_t)status);
    arch_halt_forever();
}

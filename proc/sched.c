/*
 * Scheduler (foundation stage): no processes exist yet, so the CPU idles
 * with interrupts on. Replaced by the process scheduler.
 */
#include "arch/x86/arch.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "proc/sched.h"

void
sched_tick(void)
{
}

void
sched_start(void)
{
    printk("no init program yet: idling\n");
    for (;;)
        arch_idle();
}

void
trap_user_return(void)
{
}

void
proc_fault(uint32_t vector, uint32_t addr, uint32_t eip)
{
    printk("user fault %u at %x eip %x without processes\n", vector, addr, eip);
    arch_exit(3);
}

int32_t
syscall_dispatch(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    (void)nr, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return -38;
}

void
console_input_irq(int source)
{
    (void)source;
}

/*
 * What arch trap code calls in the generic kernel: the clock, console input,
 * system calls, user faults and the return-to-user check. Included only by
 * arch/x86/trap.c and the files that implement these.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdbool.h>
#include <stdint.h>

enum { CONSOLE_SERIAL, CONSOLE_KEYBOARD };

void clock_tick(void);                              /* kernel/clock.c */
void console_input_irq(int source);                 /* kernel/console.c */
int32_t syscall_dispatch(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                         uint32_t a5);              /* kernel/syscall.c */
unsigned syscall_nargs(uint32_t nr);                /* kernel/syscall.c */
void proc_fault(uint32_t vector, uint32_t addr, uint32_t eip); /* proc/proc.c */
bool proc_fault_user_return(uint32_t vector);       /* proc/proc.c */
void sched_user_return(void);                        /* proc/sched.c */
bool fpu_trap(void);                                /* arch/x86/fpu.c */
const char *arch_exception_name(uint32_t vector);

#endif

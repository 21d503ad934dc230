/*
 * What arch trap code calls in the generic kernel: the clock, console input,
 * system calls, user faults and the return-to-user check. Included only by
 * arch/x86/trap.c and the files that implement these.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/syscall.h"

enum { CONSOLE_SERIAL, CONSOLE_KEYBOARD };

void clock_tick(bool from_user);                    /* kernel/clock.c */
void entropy_add(uint32_t sample);                  /* kernel/entropy.c */
void console_input_irq(int source);                 /* kernel/console.c */
void dev_irq(int irq);                              /* proc/device.c: a device's line */
struct proc;
typedef int (*syscall_fn)(struct proc *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
extern const syscall_fn syscall_table[SYS_COUNT]; /* kernel/syscall.c: the handlers */
extern const uint8_t syscall_argc[SYS_COUNT];     /* kernel/syscall.c: words per call */
extern struct proc *sched_current;                /* proc/sched.c */

/* Run system call nr for the current process (both trap paths, inlined into
 * each). Returns its result or -ENOSYS. */
static inline int32_t
syscall_dispatch(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
    if (nr >= SYS_COUNT || !syscall_table[nr])
        return -ENOSYS;
    return syscall_table[nr](sched_current, a1, a2, a3, a4, a5);
}

/* How many argument words call nr takes (0 for an unknown call). */
static inline unsigned
syscall_nargs(uint32_t nr)
{
    return nr < SYS_COUNT ? syscall_argc[nr] : 0;
}
void proc_fault(uint32_t vector, uint32_t addr, uint32_t eip); /* proc/proc.c */
bool proc_page_fault(uint32_t addr, bool write);     /* proc/proc.c */
bool proc_fault_user_return(uint32_t vector);       /* proc/proc.c */
void user_return(void);                             /* proc/userret.c */
extern uint8_t sched_return_work;                    /* proc/sched.c: SCHED_WORK_* */
extern bool console_intr_pending;                    /* kernel/console.c */
#define SCHED_WORK_RESCHED 0x1 /* a time slice ran out: yield (proc/sched.c) */
#define SCHED_WORK_SIGNAL 0x2  /* some process has a signal to take (proc/signal.c) */
#define SCHED_WORK_REAP 0x4    /* an orphan ended: free its slot and stack (proc/proc.c) */

/* Every return to ring 3 passes here: user_return runs only when a time
 * slice ran out, a signal is due somewhere, an orphan waits to be freed
 * or a Ctrl-C waits, so a system call pays two loads. */
static inline void
user_return_check(void)
{
    if (sched_return_work || console_intr_pending)
        user_return();
}
bool fpu_trap(void);                                /* arch/x86/fpu.c */
const char *arch_exception_name(uint32_t vector);

#endif

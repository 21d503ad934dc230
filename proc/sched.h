/*
 * The scheduler: a round-robin run queue with time slices, sleep/wakeup on
 * channels and the switch that skips the CR3 load inside one space.
 * The switch itself is inline here (sched_switch_to, sched_hand_off and
 * sched_sleep_to's hand-off), so the IPC round trip runs its partner
 * without a call into proc/sched.c; the run-queue invariants are
 * sched.c's. Included by the clock, trap code, proc/ and ipc/.
 */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "mm/vspace.h"
#include "proc/pcb.h"

extern struct proc *sched_current;   /* running process; the idle context has its own */
extern uint32_t sched_switches;      /* process switches since boot */
extern struct proc sched_idle;       /* the idle context: never queued, never blocks */

void sched_tick(bool from_user);
void sched_start(struct proc *first) __attribute__((noreturn));
void sched_ready(struct proc *p);    /* make runnable (queue at the tail) */
void sched_unqueue(struct proc *p);  /* take a READY process off the run queue */
void sched_yield(void);              /* give up the CPU, stay runnable */
void sched_sleep(const void *chan);  /* block until sched_wakeup(chan) */
int sched_sleep_timeout(const void *chan, uint32_t ticks); /* 0, or -ETIMEDOUT */
int sched_sleep_to_work(const void *chan, int32_t ticks, struct proc *next);
void sched_wakeup(const void *chan); /* wake every process sleeping on chan */
void sched_wake(struct proc *p);     /* wake p if it is blocked */
void sched_wake_first(struct proc *p);     /* wake blocked p to run next (an interrupt's driver) */
void sched_cancel_timeout(struct proc *p); /* p leaves a timed sleep for good */
void sched_block(void) __attribute__((noreturn)); /* leave the CPU for good (exit) */
void sched_safe_point(void);                      /* Ctrl-C acted on, a slice that ran out yields */
void sched_preempt(void);            /* long system call: IRQs in, maybe switch or end */

/* Switch from the current process to next (RUNNING already, not current).
 * Returns when the current process runs again. */
static ALWAYS_INLINE void
sched_switch_to(struct proc *next)
{
    struct proc *prev = sched_current;

    if (next != &sched_idle) {
        vs_activate(next->ua.vs); // no CR3 load when next shares prev's space
        arch_set_kstack((char *)next->kstack + CONFIG_KSTACK_SIZE);
    }
    arch_fpu_switch(&next->fpu, prev->state == PROC_BLOCKED ? &prev->fpu : NULL);
    arch_io_switch(&next->io);
    sched_current = next;
    sched_switches++;
    arch_switch(&prev->kesp, next->kesp);
}

/* Run next, a blocked process the current one has just given what it waited
 * for, in place of the current one, which the caller has blocked: no run
 * queue and no pick (the IPC hand-off). next takes over the rest of the time
 * slice, so a pair of processes that hand the CPU back and forth is
 * preempted like one process and cannot starve the run queue. */
static ALWAYS_INLINE void
sched_hand_off(struct proc *next)
{
    KASSERT(next != &sched_idle && next != sched_current && next->state == PROC_BLOCKED);
    next->chan = NULL;
    next->state = PROC_RUNNING;
    next->slice = sched_current->slice;
    sched_switch_to(next);
}

/* Block the current process as sched_sleep (ticks < 0) or
 * sched_sleep_timeout (ticks >= 0) do, and run next at once if it is not
 * NULL: a blocked process (not the caller, not queued) that the caller has
 * just given what it waited for, without making it runnable. Returns 0 when
 * woken, -ETIMEDOUT when the time ran out. The untimed hand-off (an IPC
 * call that waits forever) is done here, the rest in sched_sleep_to_work. */
static ALWAYS_INLINE int
sched_sleep_to(const void *chan, int32_t ticks, struct proc *next)
{
    struct proc *p = sched_current;

    if (ticks >= 0 || !next)
        return sched_sleep_to_work(chan, ticks, next);
    KASSERT(p != &sched_idle);
    p->chan = chan;
    p->state = PROC_BLOCKED;
    sched_hand_off(next);
    return 0;
}

#endif

/*
 * The scheduler: a round-robin run queue with time slices, sleep/wakeup on
 * channels and the switch that skips the CR3 load inside one space.
 * Included by the clock, trap code, proc/ and ipc/.
 */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

#include <stdint.h>

struct proc;

extern struct proc *sched_current;   /* running process; the idle context has its own */
extern uint32_t sched_switches;      /* process switches since boot */

void sched_tick(bool from_user);
void sched_start(struct proc *first) __attribute__((noreturn));
void sched_ready(struct proc *p);    /* make runnable (queue at the tail) */
void sched_unqueue(struct proc *p);  /* take a READY process off the run queue */
void sched_yield(void);              /* give up the CPU, stay runnable */
void sched_sleep(const void *chan);  /* block until sched_wakeup(chan) */
int sched_sleep_timeout(const void *chan, uint32_t ticks); /* 0, or -ETIMEDOUT */
/* sched_sleep (ticks < 0) or sched_sleep_timeout, running next (blocked) at once */
int sched_sleep_to(const void *chan, int32_t ticks, struct proc *next);
void sched_wakeup(const void *chan); /* wake every process sleeping on chan */
void sched_wake(struct proc *p);     /* wake p if it is blocked */
void sched_cancel_timeout(struct proc *p); /* p leaves a timed sleep for good */
void sched_block(void) __attribute__((noreturn)); /* leave the CPU for good (exit) */
void sched_safe_point(void);                      /* Ctrl-C acted on, a slice that ran out yields */
void sched_preempt(void);            /* long system call: IRQs in, maybe switch or end */

#endif

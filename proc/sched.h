/* The scheduler's entry points; included by the clock, trap code and proc/. */
#ifndef PROC_SCHED_H
#define PROC_SCHED_H

void sched_tick(void);                        /* timer interrupt */
void sched_start(void) __attribute__((noreturn)); /* run the first process; never returns */

#endif

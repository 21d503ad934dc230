/*
 * Signals of a process (proc/signal.c): its per-process state, embedded in
 * struct proc, and what the rest of proc/ calls. Included by proc/proc.h.
 */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/signal.h"

struct proc;

struct proc_sig {
    uint32_t pending; /* generated and not yet delivered (bit n: signal n) */
    uint32_t blocked; /* its mask; never SIGKILL or SIGSTOP */
    uint32_t saved;   /* the mask sigsuspend replaced, while suspended */
    bool suspended;   /* saved goes into the next signal frame */
    bool ready;       /* pending & ~blocked != 0, counted in signal.c */
    bool set;         /* act has been set: not all defaults (the slot's next process clears it) */
    struct ksigaction act[NSIG]; /* per signal; act[0] unused */
};

void sig_proc_init(struct proc *p);     /* a new process: defaults, nothing blocked */
void sig_proc_end(struct proc *p);      /* p ends: nothing pending any more */
void sig_post(struct proc *p, int sig); /* the kernel sends sig to p (no rights asked) */
void sig_user_return(void);             /* sched_user_return: run the handlers due */

/* Does p have a signal to take, so that a blocking call must return
 * -EINTR? (Only caught signals are ever left pending and unblocked.) */
static inline bool
sig_interrupted(const struct proc_sig *s)
{
    return s->ready;
}

#endif

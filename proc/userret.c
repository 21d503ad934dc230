/*
 * The way back to user mode: what a process does before it returns to
 * ring 3 when kernel/trap.h's user_return_check finds work (a time slice
 * that ran out, a Ctrl-C, an orphan to free, a signal due somewhere). It
 * sits above the scheduler, the process life cycle and signals, so that
 * none of them needs to call the others' work.
 * Order: the safe point first (it may yield, or end the process on a
 * Ctrl-C); then the zombies nobody will wait for, whose stacks the switch
 * has left by now; signals last, since their frame must be built on the
 * trap frame the process returns through.
 * Public: user_return.
 */
#include "kernel/trap.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

void
user_return(void)
{
    sched_safe_point();
    if (sched_return_work & SCHED_WORK_REAP) {
        sched_return_work &= ~SCHED_WORK_REAP;
        proc_reap_orphans();
    }
    if (sched_return_work & SCHED_WORK_SIGNAL)
        sig_user_return();
}

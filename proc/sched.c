/*
 * The scheduler: round robin over a FIFO run queue, preemption by time
 * slice at the return to user mode, sleep/wakeup on channels.
 *
 * The kernel is not preemptive: it runs with interrupts off, and a process
 * leaves the CPU only in sched_* calls. The idle context runs on the boot
 * stack, belongs to no space (it keeps whatever directory is loaded, since
 * the kernel half is the same everywhere) and halts until an interrupt.
 * The switch loads CR3 only when the next process lives in another space:
 * the HVS saving, counted by sched_switches and arch_cr3_loads.
 *
 * Run-queue invariants (interrupts off whenever they are touched):
 *  - the queue (rq_head .. rq_tail through next) holds exactly the processes
 *    in state PROC_READY, each once, oldest first; rq_tail is NULL iff
 *    rq_head is; a process's next is NULL when it is not queued;
 *  - sched_current is in state PROC_RUNNING (or PROC_ZOMBIE / PROC_BLOCKED
 *    between its teardown or sleep and the switch away) and never queued;
 *  - the idle context is never queued and never blocks; it runs only when
 *    the queue is empty;
 *  - a PROC_BLOCKED process sleeps on chan (or waits in a box, ipc.box) and
 *    has wake_tick != 0 iff it is counted in timed_sleepers.
 * Long system calls call sched_preempt between pieces of work, where they
 * hold nothing: pending interrupts come in, and the caller may be switched
 * away or ended there as at a return to user mode.
 * sched_return_work (kernel/trap.h) holds what a return to user mode must
 * do besides returning: yield (a slice ran out) and take signals (while
 * some process has one to take, proc/signal.c); user_return_check tests it
 * whole, so neither costs the fast paths anything while it is clear.
 * Signals are taken only at a real return (user_return, proc/userret.c),
 * where the trap frame is the call's final one, never at sched_preempt.
 * A process woken by a device's interrupt (sched_wake_first) goes to the
 * head of the queue and the running process yields at its next safe point,
 * so a user-level driver does not wait out another's time slice.
 * Direct hand-off: a process that blocks right after giving a blocked
 * receiver what it waits for (an IPC call) may run that receiver at once
 * (sched_sleep_to with next): no run-queue round trip, no pick; the
 * receiver inherits the rest of the time slice, so a ping-pong pair is
 * preempted as one process would be.
 * The switch and the hand-off are inline in proc/sched.h (sched_switch_to,
 * sched_hand_off, and sched_sleep_to's untimed hand-off, the IPC round
 * trip's), so an IPC call runs its partner without a call into this file;
 * schedule() switches through the same sched_switch_to.
 * Public: sched_start, sched_ready, sched_unqueue, sched_yield, sched_sleep,
 * sched_sleep_timeout, sched_sleep_to_work (for sched_sleep_to), sched_wake,
 * sched_wake_first,
 * sched_wakeup, sched_block, sched_tick, sched_safe_point, sched_preempt,
 * sched_idle, and the call sys_sleepms.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/clock.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "mm/vspace.h"
#include "proc/pcb.h"
#include "proc/sched.h"

struct proc sched_idle; // the idle context (never queued, never blocks)

struct proc *sched_current = &sched_idle; // the boot context is the idle context
uint32_t sched_switches;
static struct proc *rq_head, *rq_tail;
uint8_t sched_return_work; // SCHED_WORK_*: what the next return to user must do (kernel/trap.h)
static unsigned timed_sleepers; // processes in sched_sleep_timeout: the tick scans only then

/* Queue p at the tail of the run queue. */
void
sched_ready(struct proc *p)
{
    KASSERT(p != &sched_idle && p->state != PROC_ZOMBIE);
    p->state = PROC_READY;
    p->next = NULL;
    if (rq_tail)
        rq_tail->next = p;
    else
        rq_head = p;
    rq_tail = p;
}

/* Take p off the run queue if it is there. */
void
sched_unqueue(struct proc *p)
{
    struct proc **pp = &rq_head, *prev = NULL;

    for (; *pp; prev = *pp, pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            if (rq_tail == p)
                rq_tail = prev;
            p->next = NULL;
            return;
        }
    }
}

static struct proc *
pick(void)
{
    struct proc *p = rq_head;

    if (!p)
        return &sched_idle;
    rq_head = p->next;
    if (!rq_head)
        rq_tail = NULL;
    p->next = NULL;
    return p;
}

/* Run the next process (or idle). The caller has queued, blocked or ended
 * the current one. Returns when the current process runs again. */
static void
schedule(void)
{
    struct proc *next = pick();

    next->state = PROC_RUNNING;
    next->slice = CONFIG_SLICE_TICKS;
    if (next != sched_current)
        sched_switch_to(next);
}

/* Give up the CPU; the current process stays runnable. */
void
sched_yield(void)
{
    if (sched_current != &sched_idle)
        sched_ready(sched_current);
    schedule();
}

/* Block the current process on chan (timed: for at most ticks timer ticks)
 * and run next (hand_off), or what the scheduler picks if next is NULL.
 * Returns 0 when woken, -ETIMEDOUT when the time ran out. One body for the
 * sleep calls below, inlined into each. */
static ALWAYS_INLINE int
block(const void *chan, bool timed, uint32_t ticks, struct proc *next)
{
    struct proc *p = sched_current;

    KASSERT(p != &sched_idle);
    if (timed) {
        p->wake_tick = clock_ticks + (ticks ? ticks : 1);
        p->timed_out = false;
        timed_sleepers++;
    }
    p->chan = chan;
    p->state = PROC_BLOCKED;
    if (next)
        sched_hand_off(next);
    else
        schedule();
    if (!timed)
        return 0;
    sched_cancel_timeout(p);
    return p->timed_out ? -ETIMEDOUT : 0;
}

/* Block the current process until sched_wakeup(chan). */
void
sched_sleep(const void *chan)
{
    block(chan, false, 0, NULL);
}

/* Block the current process until sched_wakeup(chan) or sched_wake, or
 * until `ticks` timer ticks have passed. Returns 0 when woken, -ETIMEDOUT
 * when the time ran out. */
int
sched_sleep_timeout(const void *chan, uint32_t ticks)
{
    return block(chan, true, ticks, NULL);
}

/* sched_sleep_to (proc/sched.h) but for its hand-off without a time limit:
 * block on chan for at most ticks (ticks >= 0) and run next at once if it
 * is not NULL, or block until woken (ticks < 0, next NULL). Returns 0 when
 * woken, -ETIMEDOUT when the time ran out. */
int
sched_sleep_to_work(const void *chan, int32_t ticks, struct proc *next)
{
    KASSERT(ticks >= 0 || !next);
    if (ticks < 0)
        return block(chan, false, 0, NULL);
    return block(chan, true, (uint32_t)ticks, next);
}

#define MAX_SLEEP_MS 0x7fffffffu /* 24.8 days: far below where wake_tick could wrap */

/* Block the caller for at least ms milliseconds (whole ticks, at least one).
 * Returns 0, -EINTR (a caught signal came first) or -EINVAL for ms past
 * 2^31 - 1 (a negative time to C). A process ended meanwhile (resdelete,
 * Ctrl-C, a signal's default action) never returns. */
int
sys_sleepms(struct proc *caller, uint32_t ms)
{
    // one tick more than ms covers: the current tick is partly gone already
    uint64_t ticks = ((uint64_t)ms * CONFIG_TIMER_HZ + 999) / 1000 + 1;

    if (ms > MAX_SLEEP_MS)
        return -EINVAL; // a negative time, as C's int sees it
    if (!sig_interrupted(&caller->sig))
        sched_sleep_timeout(&caller->wake_tick, (uint32_t)ticks); // only time or a signal wakes it
    return sig_interrupted(&caller->sig) ? -EINTR : 0;
}

/* Forget p's timed sleep (it woke up, or it is being killed in it). */
void
sched_cancel_timeout(struct proc *p)
{
    if (p->wake_tick) {
        p->wake_tick = 0;
        timed_sleepers--;
    }
}

/* Make p runnable if it is blocked (whatever it waits for). */
void
sched_wake(struct proc *p)
{
    if (p->state == PROC_BLOCKED) {
        p->chan = NULL;
        sched_ready(p);
    }
}

/* Wake blocked p to run before everything queued, and have the current
 * process yield at its next safe point: an interrupt's driver (a device
 * line's notice, cont_notify) runs within the interrupt's return instead of
 * after a time slice. A line stays masked until its driver acknowledges
 * it, so a device moves its driver ahead at most once per acknowledgement. */
void
sched_wake_first(struct proc *p)
{
    if (p->state != PROC_BLOCKED)
        return;
    p->chan = NULL;
    p->state = PROC_READY;
    p->next = rq_head;
    rq_head = p;
    if (!rq_tail)
        rq_tail = p;
    if (sched_current != &sched_idle)
        sched_return_work |= SCHED_WORK_RESCHED;
}

static void
wake_timed_out(void)
{
    for (struct resource *r = res_next(RT_PROC, NULL); r; r = res_next(RT_PROC, r)) {
        struct proc *p = to_proc(r);
        if (p->state == PROC_BLOCKED && p->wake_tick && (int32_t)(clock_ticks - p->wake_tick) >= 0) {
            p->timed_out = true;
            sched_wake(p);
        }
    }
}

/* Make every process sleeping on chan runnable. */
void
sched_wakeup(const void *chan)
{
    for (struct resource *r = res_next(RT_PROC, NULL); r; r = res_next(RT_PROC, r)) {
        struct proc *p = to_proc(r);
        if (p->state == PROC_BLOCKED && p->chan == chan) {
            p->chan = NULL;
            sched_ready(p);
        }
    }
}

/* Leave the CPU for good: the current process is a zombie now. */
void
sched_block(void)
{
    KASSERT(sched_current->state == PROC_ZOMBIE);
    schedule();
    panic("a zombie was scheduled");
}

/* Timer tick: charge the running process (its CPU time, in user mode or in
 * the kernel as from_user says, and its slice); preempt at its next return
 * to user. */
void
sched_tick(bool from_user)
{
    if (sched_current != &sched_idle) {
        if (from_user)
            sched_current->uticks++;
        else
            sched_current->sticks++;
    }
    if (sched_current != &sched_idle && sched_current->slice && --sched_current->slice == 0)
        sched_return_work |= SCHED_WORK_RESCHED;
    if (timed_sleepers)
        wake_timed_out();
}

/* A safe point (a return to user mode, or sched_preempt): a Ctrl-C for
 * the console's foreground process is acted on, and a process whose time
 * slice ran out yields. */
void
sched_safe_point(void)
{
    if (console_intr_pending)
        console_take_intr();
    if (sched_return_work & SCHED_WORK_RESCHED) {
        sched_return_work &= ~SCHED_WORK_RESCHED;
        sched_yield();
    }
}

/* A preemption point inside a long system call that holds nothing: take
 * pending interrupts, then act as on a return to user mode, but for
 * signals: the call is not over, they wait for its return. */
void
sched_preempt(void)
{
    arch_irq_window();
    sched_safe_point();
}

/* Become the idle context and run first; never returns. */
void
sched_start(struct proc *first)
{
    sched_idle.state = PROC_RUNNING;
    sched_current = &sched_idle;
    sched_ready(first);
    for (;;) {
        if (rq_head)
            sched_yield();
        else
            arch_idle();
        if (console_intr_pending)
            console_take_intr();
    }
}

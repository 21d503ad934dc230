/*
 * Signals (DESIGN §8): POSIX's model for the subset kernel/abi/signal.h
 * lists, per process.
 *
 * Model. A process has a pending set, a blocked set (its mask) and, per
 * signal, a struct ksigaction: the default action, ignore, or a handler in
 * its user space with a mask to add while the handler runs. The kernel
 * keeps the handlers, not only the user library, because the disposition
 * decides at once what a new signal does: an ignored one (SIG_IGN, or a
 * default that ignores) is discarded when it is generated; an unblocked one
 * whose default terminates ends the process there and then, wherever it
 * waits (as resdelete does), with the status "killed by signal N"
 * (PROC_STATUS_SIGNAL); only a caught one interrupts a blocking call.
 * Generation (kill, Ctrl-C in proc/tty.c, a child's end) and every change
 * of mask or disposition end in settle(), which keeps the invariant
 *     pending & ~blocked holds caught signals only, and ready says whether
 *     it holds any.
 * A ready process is woken from whatever it waits for; its call (crecv,
 * ccall, sleepms, procwait, a console read, sigsuspend) returns -EINTR. On
 * its next return to user mode, by either entry path and after interrupts
 * and faults as well, user_return calls sig_user_return, which
 * delivers every ready signal, lowest first: arch_sig_push builds a frame
 * on its user stack with the interrupted registers, FPU state and mask, and
 * the handler runs with its mask and its own signal blocked. It returns
 * through the library's restorer into sigreturn, which checks the frame
 * (arch_sig_return) and puts it all back. Frames of signals delivered at one
 * return nest: the last built runs first. So a process never runs user code
 * with a ready signal, and a call it makes starts with none.
 * The fast paths pay nothing: ready_procs counts ready processes, and while
 * it is not zero SCHED_WORK_SIGNAL stays set in sched_return_work, which
 * user_return_check already tests, so returns take the slow path only then.
 * Ready processes are runnable, so the count falls back to zero as soon as
 * they have run.
 * A new process starts with every signal at its default, none blocked and
 * none pending: proccreate is fork and exec in one, exec resets caught
 * signals, and keeping only SIG_IGN would let a shell that ignores SIGINT
 * make its programs deaf to Ctrl-C. The first process (init) takes no
 * default action, as on Unix: only its handlers run. Rights: kill needs DEL
 * on the target, as resdelete and the console's Ctrl-C (consfg) do.
 * Not here: stopping (SIGSTOP is refused, the other stop signals are
 * ignored by default), SA_RESTART (calls return EINTR), SA_SIGINFO,
 * alternate signal stacks, queued signals, process groups (kill of a pid
 * <= 0 says ESRCH), and CPU faults as signals (they end the process as
 * before, PROC_STATUS_FAULT).
 * Signals end processes through the function sig_init is given (proc.c's
 * proc_kill), so that this file sits below the process life cycle.
 * Public: sig_init, sig_proc_init, sig_proc_end, sig_post, sig_user_return, and the
 * calls sys_sigaction, sys_sigprocmask, sys_kill, sys_sigreturn,
 * sys_sigsuspend, sys_sigpending.
 */
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/signal.h"
#include "kernel/abi/types.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"
#include "proc/pcb.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define BIT(sig) (1u << (sig))
#define SIGSET_VALID (~BIT(0))                    /* signals 1 .. NSIG - 1 */
#define UNCATCHABLE (BIT(SIGKILL) | BIT(SIGSTOP)) /* never caught, ignored or blocked */
#define DEFAULT_IGNORE                                                                             \
    (BIT(SIGURG) | BIT(SIGTSTP) | BIT(SIGCONT) | BIT(SIGCHLD) | BIT(SIGTTIN) | BIT(SIGTTOU) |      \
     BIT(SIGWINCH))

static unsigned ready_procs;                            // processes whose ready is true
static void (*end_process)(struct proc *p, int status); // proc_kill (sig_init)

/* Learn how a process is ended (proc/proc.c's proc_kill: teardown, and no
 * return when p is the caller). */
void
sig_init(void (*end)(struct proc *p, int status))
{
    end_process = end;
}

/* End the caller with status. */
static void __attribute__((noreturn)) die(int status)
{
    end_process(sched_current, status);
    panic("a process ended by a signal ran on");
}

static void *
kstack_top(const struct proc *p)
{
    return (char *)p->kstack + CONFIG_KSTACK_SIZE;
}

/* Recompute p's ready flag and the count; keep returns on the slow path
 * while any process is ready. */
static void
update(struct proc *p)
{
    bool ready = (p->sig.pending & ~p->sig.blocked) != 0;

    if (ready != p->sig.ready) {
        p->sig.ready = ready;
        if (ready)
            ready_procs++;
        else
            ready_procs--;
    }
    if (ready_procs)
        sched_return_work |= SCHED_WORK_SIGNAL;
}

/* Is sig, generated for p now, discarded: ignored, or a default that
 * ignores (every default, for init)? */
static bool
ignored(const struct proc *p, int sig)
{
    uint32_t h = p->sig.act[sig].handler;

    if (h == KSIG_IGN)
        return true;
    return h == KSIG_DFL && ((DEFAULT_IGNORE & BIT(sig)) || p == proc_init_task);
}

/* Act on p's pending, unblocked signals: a default action ends p (which
 * does not return if p is the caller); caught ones make p ready and wake it
 * from any wait. Restores the invariant above. */
static void
settle(struct proc *p)
{
    uint32_t due = p->sig.pending & ~p->sig.blocked;

    while (due) {
        int sig = __builtin_ctz(due);
        due &= due - 1;
        if (ignored(p, sig))
            p->sig.pending &= ~BIT(sig); // its disposition changed while it was blocked
        else if (p->sig.act[sig].handler == KSIG_DFL)
            end_process(p, PROC_STATUS_SIGNAL(sig)); // teardown clears pending (sig_proc_end)
        if (p->state == PROC_ZOMBIE)
            return;
    }
    update(p);
    if (p->sig.ready && p->state == PROC_BLOCKED)
        sched_wake(p); // its call returns -EINTR
}

/* A new process p: every signal at its default, none blocked or pending.
 * The table is cleared only if the slot's last process set it, so that
 * proccreate pays for signals only where they were used. */
void
sig_proc_init(struct proc *p)
{
    KASSERT(!p->sig.ready); // the slot's last process ended through sig_proc_end
    p->sig.pending = p->sig.blocked = 0;
    p->sig.suspended = false;
    if (p->sig.set)
        kmemset(p->sig.act, 0, sizeof(p->sig.act));
    p->sig.set = false;
}

/* Process p ends (teardown): whatever was pending goes with it. */
void
sig_proc_end(struct proc *p)
{
    p->sig.pending = 0;
    p->sig.suspended = false;
    update(p);
}

/* The kernel sends sig (1 .. NSIG - 1) to p, as kill would without asking
 * for rights: Ctrl-C's SIGINT, a child's SIGCHLD. May end p, also when p is
 * the caller (then it does not return). A zombie takes nothing. */
void
sig_post(struct proc *p, int sig)
{
    KASSERT(sig > 0 && sig < NSIG);
    if (p->state == PROC_ZOMBIE || ignored(p, sig))
        return;
    p->sig.pending |= BIT(sig);
    settle(p);
}

/* Deliver p's lowest ready signal: a frame on its user stack, the handler's
 * mask in force. A stack that cannot take the frame ends p. */
static void
deliver(struct proc *p)
{
    uint32_t due = p->sig.pending & ~p->sig.blocked;
    int sig = __builtin_ctz(due);
    const struct ksigaction *a = &p->sig.act[sig];
    uint32_t restore = p->sig.suspended ? p->sig.saved : p->sig.blocked;
    vaddr_t at;

    KASSERT(due && a->handler != KSIG_DFL && a->handler != KSIG_IGN); // settle's invariant
    if (arch_sig_push(kstack_top(p), &p->fpu, sig, restore, a->handler, a->restorer, &at) < 0) {
        printk("proc %s (pid %d) killed: no room for the frame of signal %d on its stack (at %p)\n",
               p->res.name, p->res.rid, sig, (void *)at);
        die(PROC_STATUS_SIGNAL(SIGSEGV));
    }
    p->sig.pending &= ~BIT(sig);
    p->sig.suspended = false;
    p->sig.blocked |= a->mask | BIT(sig);
    update(p);
}

/* The return to user mode of the running process, while some process is
 * ready (SCHED_WORK_SIGNAL): if it is this one, run its handlers. Context:
 * interrupts off, the trap frame at the top of its kernel stack complete
 * (user_return, not a preemption point inside a call). */
void
sig_user_return(void)
{
    struct proc *p = sched_current;

    sched_return_work &= ~SCHED_WORK_SIGNAL;
    while (p->sig.ready)
        deliver(p);
    if (ready_procs)
        sched_return_work |= SCHED_WORK_SIGNAL;
}

/* sigaction: report (old, if not NULL) and set (act, if not NULL) what
 * signal sig does for the caller. Setting SIG_IGN, or a default that
 * ignores, discards sig if it is pending. Returns 0, -EINVAL (sig out of
 * range; SIGKILL or SIGSTOP with act; flags other than SA_NOCLDSTOP) or
 * -EFAULT; nothing changed on an error. */
int
sys_sigaction(struct proc *caller, int sig, const struct ksigaction *act, struct ksigaction *old)
{
    struct ksigaction k;
    int err;

    if (sig <= 0 || sig >= NSIG)
        return -EINVAL;
    if (act) {
        if ((err = copyin(&k, act, sizeof(k))) < 0)
            return err;
        if ((BIT(sig) & UNCATCHABLE) || (k.flags & ~(uint32_t)SA_NOCLDSTOP))
            return -EINVAL;
    }
    if (old && (err = copyout(old, &caller->sig.act[sig], sizeof(*old))) < 0)
        return err;
    if (!act)
        return 0;
    k.mask &= SIGSET_VALID & ~UNCATCHABLE;
    caller->sig.act[sig] = k;
    caller->sig.set = true;
    if (ignored(caller, sig))
        caller->sig.pending &= ~BIT(sig);
    settle(caller); // a pending, unblocked one now at its default ends the caller
    return 0;
}

/* sigprocmask: report (old, if not NULL) and change (set, if not NULL, as
 * how says: SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK) the caller's mask. SIGKILL
 * and SIGSTOP are left out of it without an error (POSIX). Signals it
 * unblocks are acted on before the call returns. Returns 0, -EINVAL (how,
 * when set is given) or -EFAULT; nothing changed on an error. */
int
sys_sigprocmask(struct proc *caller, int how, const uint32_t *set, uint32_t *old)
{
    uint32_t mask = caller->sig.blocked, s;
    int err;

    if (set) {
        if ((err = copyin(&s, set, sizeof(s))) < 0)
            return err;
        if (how == SIG_BLOCK)
            mask |= s;
        else if (how == SIG_UNBLOCK)
            mask &= ~s;
        else if (how == SIG_SETMASK)
            mask = s;
        else
            return -EINVAL;
    }
    if (old && (err = copyout(old, &caller->sig.blocked, sizeof(*old))) < 0)
        return err;
    caller->sig.blocked = mask & SIGSET_VALID & ~UNCATCHABLE;
    settle(caller);
    return 0;
}

/* kill: send sig to process pid; sig 0 sends nothing but checks pid and the
 * right. Needs DEL on pid (the right resdelete and Ctrl-C need). A zombie
 * not yet waited for takes it and nothing happens. Returns 0 (the caller
 * may have ended meanwhile if pid was itself), -EINVAL (sig out of range,
 * or SIGSTOP: stopping is not supported), -ESRCH (no such process: pid <= 0
 * too, there are no process groups; stale; not a process) or -EPERM. */
int
sys_kill(struct proc *caller, rid_t pid, int sig)
{
    struct resource *r;
    int err;

    if (sig < 0 || sig >= NSIG || sig == SIGSTOP)
        return -EINVAL;
    if (pid <= 0)
        return -ESRCH;
    if ((err = res_get(caller, pid, RT_PROC, RCC_DEL, &r)) < 0)
        return err == -EPERM ? -EPERM : -ESRCH;
    if (sig)
        sig_post(to_proc(r), sig);
    return 0;
}

/* sigreturn: the end of a handler (the library's restorer calls it with the
 * frame the handler ran on). Puts back the registers, FPU state and mask
 * the frame holds, and returns the interrupted EAX, so the caller resumes
 * exactly where the signal found it. A frame that cannot be read, or whose
 * registers ring 3 could not have had, ends the caller with
 * PROC_STATUS_SIGNAL(SIGSEGV) and one line on the console. */
int
sys_sigreturn(struct proc *caller, const struct ksigframe *frame)
{
    uint32_t mask, result;
    int err = arch_sig_return(kstack_top(caller), &caller->fpu, (vaddr_t)frame, &mask, &result);

    if (err < 0) {
        printk("proc %s (pid %d) killed: bad signal frame at %p (%s)\n", caller->res.name,
               caller->res.rid, (const void *)frame,
               err == -EFAULT ? "cannot be read" : "registers it may not have");
        die(PROC_STATUS_SIGNAL(SIGSEGV));
    }
    caller->sig.blocked = mask & SIGSET_VALID & ~UNCATCHABLE;
    settle(caller);
    return (int)result;
}

/* sigsuspend: replace the caller's mask with *mask and wait for a signal;
 * its handler runs before the call returns, and the old mask is back when
 * it has. Returns -EINTR (always, as POSIX says) or -EFAULT. */
int
sys_sigsuspend(struct proc *caller, const uint32_t *mask)
{
    uint32_t m;
    int err;

    if ((err = copyin(&m, mask, sizeof(m))) < 0)
        return err;
    caller->sig.saved = caller->sig.blocked;
    caller->sig.suspended = true;
    caller->sig.blocked = m & SIGSET_VALID & ~UNCATCHABLE;
    settle(caller); // a default action now unblocked ends it here
    while (!sig_interrupted(&caller->sig))
        sched_sleep(&caller->sig); // a channel nobody wakes: only a signal (sched_wake)
    return -EINTR;
}

/* sigpending: the signals pending while blocked, into *set. Returns 0 or
 * -EFAULT. */
int
sys_sigpending(struct proc *caller, uint32_t *set)
{
    uint32_t s = caller->sig.pending & caller->sig.blocked;

    return copyout(set, &s, sizeof(s));
}

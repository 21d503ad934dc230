/*
 * user/lib/signal.c - POSIX signals over the kernel's (proc/signal.c):
 * sigaction, signal, sigprocmask, sigpending, sigsuspend, pause, kill and
 * the sigset functions; newlib's own raise (kill(getpid(), sig)) and
 * abort stand on these.
 *
 * Model: the kernel keeps each signal's disposition (struct ksigaction);
 * sigaction translates newlib's struct sigaction to it and names our
 * restorer (sigreturn.asm), where every handler returns to, so that sigreturn
 * puts the interrupted registers back. signal() has BSD's meaning, as
 * glibc's: the handler stays installed and its signal is blocked while it
 * runs. newlib is built with SIGNAL_PROVIDED (tools/newlib.sh), so its
 * user-space imitation of signals (a table that only raise consulted) is
 * not there to disagree with the kernel. Signal numbers, sigset_t and the
 * sigprocmask operations are newlib's and the kernel's alike (checked
 * below; SIG_DFL and SIG_IGN are newlib's 0 and 1, the kernel's KSIG_DFL
 * and KSIG_IGN). sa_flags may be 0 or SA_NOCLDSTOP, the one flag newlib's header
 * has: there is no SA_RESTART (an interrupted call fails with EINTR) and no
 * SA_SIGINFO. A new process starts with every signal at its default.
 * Entry points: sigaction, signal, _signal_r, sigprocmask, sigpending,
 * sigsuspend, pause, kill, sigemptyset, sigfillset, sigaddset, sigdelset,
 * sigismember.
 */
#include <errno.h>
#include <reent.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <tender.h>
#include <unistd.h>

#include "kernel/abi/signal.h"
#include "user/lib/libc.h"

/* newlib's numbers are the kernel's (an identical #define is no
 * redefinition, so including both already compares them); these are the
 * ones the rest of this file leans on */
_Static_assert(sizeof(sigset_t) == sizeof(uint32_t), "a sigset_t is the kernel's 32-bit set");
_Static_assert(SIGINT == 2 && SIGKILL == 9 && SIGCHLD == 20 && NSIG == 32,
               "newlib's signal numbers are the kernel's");
_Static_assert(SYS_sigreturn == 53, "user/lib/sigreturn.asm traps with call 53");

#define W(p) ((uint32_t)(uintptr_t)(p))

void tender_sigrestorer(void); // sigreturn.asm: where every handler returns

/* Set (act) and report (old) what signal sig does. Returns 0, or -1 with
 * errno EINVAL (sig out of range; SIGKILL or SIGSTOP; sa_flags other than
 * SA_NOCLDSTOP). */
int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct ksigaction k, o;
    int32_t r;

    if (act) {
        k.handler = W(act->sa_handler);
        k.mask = act->sa_mask;
        k.flags = (uint32_t)act->sa_flags;
        k.restorer = W(tender_sigrestorer);
    }
    r = sys_sigaction((uint32_t)sig, act ? W(&k) : 0, old ? W(&o) : 0);
    if (r < 0)
        return libc_fail(r);
    if (old) {
        old->sa_handler = (_sig_func_ptr)(uintptr_t)o.handler;
        old->sa_mask = o.mask;
        old->sa_flags = (int)o.flags;
    }
    return 0;
}

/* Make func (SIG_DFL, SIG_IGN or a handler) what sig does, BSD style: it
 * stays, and sig is blocked while it runs. Returns the one before, or
 * SIG_ERR with errno. */
_sig_func_ptr
signal(int sig, _sig_func_ptr func)
{
    struct sigaction act = {.sa_handler = func, .sa_mask = 0, .sa_flags = 0}, old = act;

    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

/* signal, with errno in ptr (newlib's reentrant form). */
_sig_func_ptr
_signal_r(struct _reent *ptr, int sig, _sig_func_ptr func)
{
    _sig_func_ptr old = signal(sig, func);

    if (old == SIG_ERR)
        ptr->_errno = errno;
    return old;
}

/* Change the mask (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK) and report the old
 * one. Signals it unblocks are handled before it returns. Returns 0, or -1
 * with errno EINVAL (how). */
int
sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return libc_ret(sys_sigprocmask((uint32_t)how, W(set), W(old)));
}

/* The signals pending while blocked. Returns 0. */
int
sigpending(sigset_t *set)
{
    return libc_ret(sys_sigpending(W(set)));
}

/* Wait for a signal with mask in force; its handler has run when this
 * returns, and the mask is back. Returns -1 with errno EINTR. */
int
sigsuspend(const sigset_t *mask)
{
    return libc_ret(sys_sigsuspend(W(mask)));
}

/* Wait for a signal that runs a handler (or ends the process). Returns -1
 * with errno EINTR. */
int
pause(void)
{
    sigset_t now;

    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigsuspend(&now);
}

/* Send sig to process pid (0: only check that it may be sent). Returns 0,
 * or -1 with errno EINVAL (sig; SIGSTOP is not supported), ESRCH (no such
 * process; pid <= 0: there are no process groups) or EPERM (no DEL right
 * on it). */
int
kill(pid_t pid, int sig)
{
    return libc_ret(sys_kill((uint32_t)pid, (uint32_t)sig));
}

/* The sigset functions, behind newlib's macros of the same names (for
 * (sigaddset)(...), &sigaddset and #undef); these check the signal. */
#undef sigemptyset
#undef sigfillset
#undef sigaddset
#undef sigdelset
#undef sigismember

/* Empty *set. Returns 0. */
int
sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

/* Put every signal in *set. Returns 0. */
int
sigfillset(sigset_t *set)
{
    *set = ~(sigset_t)1; // signals 1 .. NSIG - 1
    return 0;
}

/* Add sig to *set. Returns 0, or -1 with errno EINVAL (no such signal). */
int
sigaddset(sigset_t *set, const int sig)
{
    if (sig <= 0 || sig >= NSIG)
        return libc_fail(-EINVAL);
    *set |= (sigset_t)1 << sig;
    return 0;
}

/* Take sig out of *set. Returns 0, or -1 with errno EINVAL. */
int
sigdelset(sigset_t *set, const int sig)
{
    if (sig <= 0 || sig >= NSIG)
        return libc_fail(-EINVAL);
    *set &= ~((sigset_t)1 << sig);
    return 0;
}

/* Is sig in *set? Returns 1 or 0, or -1 with errno EINVAL. */
int
sigismember(const sigset_t *set, int sig)
{
    if (sig <= 0 || sig >= NSIG)
        return libc_fail(-EINVAL);
    return (*set >> sig) & 1;
}

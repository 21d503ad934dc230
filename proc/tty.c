/*
 * The console as processes see it: read and write on descriptors 0, 1 and
 * 2, the foreground process that Ctrl-C interrupts, and the readers that
 * sleep until input comes. kernel/console.c keeps the devices and the input
 * buffer and knows no process; this file waits on it and acts on its
 * interrupt key.
 * Readers sleep on one channel, woken by tty_input_ready (the console's
 * input hook, run in the interrupt); a caught signal ends their wait with
 * -EINTR. A Ctrl-C while a foreground process is set sends SIGINT to that
 * process and everything it started, at the scheduler's next safe point
 * (interrupt_foreground, which the console runs from there), where no
 * kernel code is half-way through anything: those that do not catch or
 * ignore it end (PROC_STATUS_INTR).
 * Public: tty_init, sys_read, sys_write, sys_consfg.
 */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/config.h"
#include "kernel/console.h"
#include "kernel/resource.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "proc/pcb.h"
#include "proc/sched.h"
#include "proc/signal.h"
#include "proc/tty.h"

static char readers;     // the channel readers sleep on
static rid_t foreground; // the process Ctrl-C interrupts, 0 if none

static void interrupt_foreground(void);

static void
tty_input_ready(void)
{
    sched_wakeup(&readers);
}

/* Take console input from now on (kmain, once the scheduler can wake). */
void
tty_init(void)
{
    console_input_init(tty_input_ready, interrupt_foreground);
}

/* Write to the console (fd 1 and 2). Returns n, -EBADF or -EFAULT (or the
 * bytes written before a bad page). Between chunks the caller may be
 * preempted, so megabytes of output neither keep interrupts off nor keep
 * other processes waiting. */
int
sys_write(struct proc *caller, int fd, const void *buf, size_t n)
{
    char chunk[256];

    (void)caller;
    if (fd != 1 && fd != 2)
        return -EBADF;
    if (n > 0x7fffffff)
        return -EINVAL;
    for (size_t done = 0; done < n;) {
        size_t len = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
        if (copyin(chunk, (const char *)buf + done, len) < 0)
            return done ? (int)done : -EFAULT;
        console_write(chunk, len);
        done += len;
        if (done < n)
            sched_preempt();
    }
    return (int)n;
}

/* Read console input (fd 0): blocks until at least one byte is there, then
 * returns what is available up to n. Returns the count, -EBADF, -EINTR (a
 * caught signal came first) or -EFAULT. */
int
sys_read(struct proc *caller, int fd, void *buf, size_t n)
{
    char chunk[128];
    size_t got;

    if (fd != 0)
        return -EBADF;
    if (n == 0)
        return 0;
    if (n > sizeof(chunk))
        n = sizeof(chunk);
    while ((got = console_take(chunk, n)) == 0) {
        if (sig_interrupted(&caller->sig))
            return -EINTR;
        sched_sleep(&readers);
    }
    if (copyout(buf, chunk, got) < 0)
        return -EFAULT;
    return (int)got;
}

/* Is q a descendant of p? */
static bool
descends_from(const struct proc *q, const struct proc *p)
{
    for (q = q->parent; q; q = q->parent)
        if (q == p)
            return true;
    return false;
}

/* Act on a Ctrl-C: SIGINT to the foreground process and everything it
 * started (descendants first, so that where nobody catches it none is
 * orphaned and left running). Run at the scheduler's safe points
 * (console_take_intr); may end the current process. The foreground stays
 * what it was: a process that catches SIGINT takes the next Ctrl-C too. */
static void
interrupt_foreground(void)
{
    struct proc *victims[CONFIG_NR_PROC];
    struct resource *r;
    unsigned n = 0;

    if (res_lookup(foreground, RT_PROC, &r) < 0 || to_proc(r)->state == PROC_ZOMBIE)
        return;
    for (struct resource *q = res_next(RT_PROC, NULL); q; q = res_next(RT_PROC, q))
        if (to_proc(q)->state != PROC_ZOMBIE && descends_from(to_proc(q), to_proc(r)))
            victims[n++] = to_proc(q);
    victims[n++] = to_proc(r);
    for (unsigned i = 0; i < n; i++)
        if (victims[i] != sched_current)
            sig_post(victims[i], SIGINT);
    for (unsigned i = 0; i < n; i++)
        if (victims[i] == sched_current)
            sig_post(victims[i], SIGINT);
}

/* Make pid the console's foreground process (0: none), which Ctrl-C
 * interrupts (SIGINT).
 * Needs DEL on it: Ctrl-C does nothing the caller could not do itself.
 * Returns 0 or a lookup error. */
int
sys_consfg(struct proc *caller, rid_t pid)
{
    struct resource *r;
    int err;

    if (pid && (err = res_get(caller, pid, RT_PROC, RCC_DEL, &r)) < 0)
        return err;
    foreground = pid;
    console_arm_intr(pid != 0);
    return 0;
}

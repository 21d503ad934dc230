/*
 * pipepoll: wait until one of a set of held pipe ends is ready, as poll(2)
 * does for a pipe's descriptors (user/lib/poll.c mixes them with sockets
 * and files).
 *
 * Model: the caller names up to PIPEPOLL_MAX ends it holds, each with what
 * it waits for; the call writes what holds into each entry's revents
 * (ipc/pipe.c's pipe_events: PIPE_POLLIN with bytes buffered, PIPE_POLLOUT
 * when PIPE_BUF bytes fit, PIPE_POLLHUP and PIPE_POLLERR when the other end
 * is held nowhere) and returns how many entries have a bit. With none it
 * blocks in the kernel (no CPU spent) until a pipe changes, a caught signal
 * comes or the time-out passes, then looks again. Only ends the caller
 * holds can be asked about: any other entry fails the whole call, so
 * nobody learns anything of a pipe it does not hold. Public: sys_pipepoll.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "proc/pcb.h"

/* Fill each entry's revents once. Returns the entries ready, or -EFAULT or
 * pipe_events' -ENOENT, -EINVAL, -EBADF. */
static int
look(struct proc *caller, struct pipepollfd *set, int n)
{
    int ready = 0;

    for (int i = 0; i < n; i++) {
        struct pipepollfd e;
        int ev;
        if (copyin(&e, &set[i], sizeof(e)) < 0)
            return -EFAULT;
        if ((ev = pipe_events(caller, e.pipe, e.end, e.events)) < 0)
            return ev;
        e.revents = (uint16_t)ev;
        if (copyout(&set[i].revents, &e.revents, sizeof(e.revents)) < 0)
            return -EFAULT;
        ready += ev != 0;
    }
    return ready;
}

/* pipepoll: set[0..n) are held ends; wait at most timeout_ms (-1: for
 * ever, 0: not at all) for one to be ready. Returns the entries with
 * revents set (0 at the time-out); -EINVAL (n < 0 or above PIPEPOLL_MAX,
 * timeout_ms below -1, an end not PIPE_READ or PIPE_WRITE, a rid of
 * another type), -EFAULT (set), -ENOENT (no such pipe, or it was deleted
 * while waiting), -EBADF (an end the caller does not hold), -EINTR (a
 * caught signal came first). */
int
sys_pipepoll(struct proc *caller, struct pipepollfd *set, int n, int timeout_ms)
{
    uint32_t deadline = 0;
    int ready;

    if (n < 0 || n > PIPEPOLL_MAX || timeout_ms < -1)
        return -EINVAL;
    if (timeout_ms > 0) // one tick more, as sleepms: the current tick is partly gone
        deadline =
            clock_ticks + (uint32_t)(((uint64_t)timeout_ms * CONFIG_TIMER_HZ + 999) / 1000 + 1);
    for (;;) {
        int32_t left = -1;
        if ((ready = look(caller, set, n)) != 0 || timeout_ms == 0)
            return ready;
        if (sig_interrupted(&caller->sig))
            return -EINTR;
        if (timeout_ms > 0 && (left = (int32_t)(deadline - clock_ticks)) <= 0)
            return 0;
        pipe_poll_sleep(caller, left);
    }
}

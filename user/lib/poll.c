/*
 * user/lib/poll.c - POSIX poll over pipes, sockets and everything else
 * that is a descriptor. A pipe end's readiness is the kernel's (pipepoll,
 * ipc/pipepoll.c: POLLIN with bytes buffered, POLLHUP when no writer is
 * left, POLLOUT when PIPE_BUF bytes fit, POLLERR when no reader is left); a
 * socket's is netd's (one NETD_POLL round trip for all the sockets, which
 * netd holds until one is ready or the time runs out); a file or the
 * console is always ready for what is asked (their read and write do not
 * fail for want of data); a closed descriptor is POLLNVAL and a negative
 * one is skipped. When anything is ready the others are only looked at
 * (no wait).
 * Waiting: pipes alone wait in the kernel, sockets alone in netd, both
 * without spending CPU. A set with both waits in the kernel on its pipes
 * for at most MIXED_STEP_MS at a time and asks netd about its sockets
 * without waiting between the steps: a pipe wakes it at once, a socket
 * within a step, and a step costs one round trip to netd (about 8,000
 * instructions) every 10 ms, not a busy loop. (One wait on both would need
 * netd to hear of pipes or the kernel of sockets.)
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "kernel/abi/netd.h"
#include "user/lib/file.h"
#include "user/lib/libc.h"
#include "user/lib/sockc.h"

#define MIXED_STEP_MS 10 /* pipes and sockets: how long the pipes wait before netd is asked */

struct sets {
    struct pipepollfd pipe[PIPEPOLL_MAX];
    int pipe_at[PIPEPOLL_MAX]; /* pipe[k] is fds[pipe_at[k]] */
    int np;
    int32_t sock[NETD_POLL_MAX];
    uint16_t sock_events[NETD_POLL_MAX];
    int sock_at[NETD_POLL_MAX];
    int ns;
};

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sort fds into s's pipes and sockets; the rest get their revents at once.
 * Returns how many of the rest are ready. */
static int
sort(struct pollfd *fds, nfds_t n, struct sets *s)
{
    int ready = 0;

    s->np = s->ns = 0;
    for (nfds_t i = 0; i < n; i++) {
        short want = fds[i].events;
        int32_t id;
        int end, r;
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        if ((r = file_pipe(fds[i].fd, &id, &end)) == 0) {
            s->pipe[s->np] = (struct pipepollfd){.pipe = id, .end = (uint8_t)end};
            if (want & (POLLIN | POLLRDNORM))
                s->pipe[s->np].events |= PIPE_POLLIN;
            if (want & (POLLOUT | POLLWRNORM))
                s->pipe[s->np].events |= PIPE_POLLOUT;
            s->pipe_at[s->np++] = (int)i;
            continue;
        }
        if (r > 0 && (r = file_sock(fds[i].fd, &id, NULL)) == 0) {
            s->sock[s->ns] = id;
            s->sock_events[s->ns] = (uint16_t)(want & (POLLIN | POLLOUT));
            if (want & POLLRDNORM)
                s->sock_events[s->ns] |= NETD_POLLIN;
            if (want & POLLWRNORM)
                s->sock_events[s->ns] |= NETD_POLLOUT;
            s->sock_at[s->ns++] = (int)i;
            continue;
        }
        fds[i].revents =
            r == -ENOTSOCK ? want & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM) : POLLNVAL;
        ready += fds[i].revents != 0;
    }
    return ready;
}

/* Ask the kernel about the pipes, waiting at most ms. Returns how many are
 * ready (their revents set), or a negative errno. */
static int
ask_pipes(struct pollfd *fds, struct sets *s, int ms)
{
    int ready = 0, r;

    if ((r = pipepoll(s->pipe, s->np, ms)) < 0)
        return -errno;
    for (int k = 0; k < s->np; k++) {
        struct pollfd *f = &fds[s->pipe_at[k]];
        unsigned ev = s->pipe[k].revents;
        short out = 0;
        if (ev & PIPE_POLLIN)
            out |= (short)(f->events & (POLLIN | POLLRDNORM));
        if (ev & PIPE_POLLOUT)
            out |= (short)(f->events & (POLLOUT | POLLWRNORM));
        if (ev & PIPE_POLLHUP)
            out |= POLLHUP;
        if (ev & PIPE_POLLERR)
            out |= POLLERR;
        f->revents = out;
        ready += out != 0;
    }
    return ready;
}

/* Ask netd about the sockets, waiting at most ms (-1: for ever). Returns
 * how many are ready (their revents set), or a negative errno. */
static int
ask_sockets(struct pollfd *fds, struct sets *s, int ms)
{
    struct netd_pollfd *p;
    struct netd_msg *m;
    uint8_t *data;
    int ready = 0, r;

    if (!(m = sockc_msg(NETD_POLL_MAX * sizeof(*p), &data)))
        return -ENOMEM;
    p = (struct netd_pollfd *)data;
    for (int k = 0; k < s->ns; k++)
        p[k] = (struct netd_pollfd){.sock = s->sock[k], .events = s->sock_events[k]};
    m->code = NETD_POLL;
    m->size = (uint32_t)s->ns * sizeof(*p);
    m->timeout_ms = ms < 0 ? NETD_FOREVER : (uint32_t)ms;
    if ((r = sockc_call(m)) < 0)
        return r;
    for (int k = 0; k < s->ns; k++) {
        short ev = (short)p[k].revents;
        struct pollfd *f = &fds[s->sock_at[k]];
        if ((ev & NETD_POLLIN) && (f->events & POLLRDNORM))
            ev |= POLLRDNORM;
        if ((ev & NETD_POLLOUT) && (f->events & POLLWRNORM))
            ev |= POLLWRNORM;
        f->revents = ev;
        ready += ev != 0;
    }
    return ready;
}

int
poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    static struct sets s; // one thread: poll is not re-entered
    long deadline;
    int ready, r;

    if (n > FD_MAX || (n && !fds))
        return libc_fail(-EINVAL);
    ready = sort(fds, n, &s);
    if (!s.np && !s.ns) {
        if (!ready && timeout_ms != 0) // nothing to wait for but the time
            usleep(timeout_ms < 0 ? 0x7fffffff : (useconds_t)timeout_ms * 1000u);
        return ready;
    }
    if (ready)
        timeout_ms = 0; // the others are only looked at
    else if (timeout_ms < 0)
        timeout_ms = -1;
    deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        int wait = timeout_ms, got = 0;
        if (timeout_ms > 0 && (wait = (int)(deadline - now_ms())) < 0)
            wait = 0;
        if (s.np) {
            int step = !s.ns || (wait >= 0 && wait < MIXED_STEP_MS) ? wait : MIXED_STEP_MS;
            if ((r = ask_pipes(fds, &s, step)) < 0)
                return libc_fail(r);
            got += r;
        }
        if (s.ns) {
            if ((r = ask_sockets(fds, &s, s.np ? 0 : wait)) < 0)
                return libc_fail(r);
            got += r;
        }
        if (got || wait == 0 || !s.np || !s.ns)
            return ready + got;
    }
}

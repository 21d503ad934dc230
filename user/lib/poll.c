/*
 * user/lib/poll.c - POSIX poll over sockets and everything else that is a
 * descriptor. A socket's readiness is netd's (one NETD_POLL round trip for
 * all the sockets, which netd holds until one is ready or the time runs
 * out); a file, a pipe or the console is always ready for what is asked
 * (their read and write do not fail for want of data; a pipe's may still
 * block, a departure noted in the README); a closed descriptor is POLLNVAL
 * and a negative one is skipped. When anything but a socket is ready, the
 * sockets are only looked at (no wait).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "kernel/abi/netd.h"
#include "user/lib/file.h"
#include "user/lib/libc.h"
#include "user/lib/sock.h"

int
poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    struct netd_pollfd *p;
    uint8_t *data;
    int which[NETD_POLL_MAX];
    uint32_t ns = 0;
    int ready = 0, r;
    struct netd_msg *m;

    if (n > FD_MAX || (n && !fds))
        return libc_fail(-EINVAL);
    if (!(m = sockc_msg(NETD_POLL_MAX * sizeof(*p), &data)))
        return libc_fail(-ENOMEM);
    p = (struct netd_pollfd *)data;
    for (nfds_t i = 0; i < n; i++) {
        int32_t id;
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        r = file_sock(fds[i].fd, &id, NULL);
        if (r == 0) {
            p[ns].sock = id;
            p[ns].events = (uint16_t)(fds[i].events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
            if (fds[i].events & POLLRDNORM)
                p[ns].events |= NETD_POLLIN;
            if (fds[i].events & POLLWRNORM)
                p[ns].events |= NETD_POLLOUT;
            which[ns++] = (int)i;
            continue;
        }
        fds[i].revents = r == -ENOTSOCK
                             ? fds[i].events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
                             : POLLNVAL;
        ready += fds[i].revents != 0;
    }
    if (!ns) {
        if (!ready && timeout_ms != 0) // nothing to wait for but the time
            usleep(timeout_ms < 0 ? 0x7fffffff : (useconds_t)timeout_ms * 1000u);
        return ready;
    }
    m->code = NETD_POLL;
    m->size = ns * sizeof(*p);
    m->timeout_ms = ready || timeout_ms == 0 ? 0
                    : timeout_ms < 0         ? NETD_FOREVER
                                             : (uint32_t)timeout_ms;
    if ((r = sockc_call(m)) < 0)
        return libc_fail(r);
    for (uint32_t k = 0; k < ns; k++) {
        short ev = (short)p[k].revents;
        struct pollfd *f = &fds[which[k]];
        if ((ev & NETD_POLLIN) && (f->events & POLLRDNORM))
            ev |= POLLRDNORM;
        if ((ev & NETD_POLLOUT) && (f->events & POLLWRNORM))
            ev |= POLLWRNORM;
        f->revents = ev;
        ready += ev != 0;
    }
    return ready;
}

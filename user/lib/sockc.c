/*
 * user/lib/sockc.c - the client of the network server netd (DESIGN §7,
 * kernel/abi/netd.h), below the descriptors: the request containers and the
 * round trip (sockc_msg, sockc_call, sockc_simple), moving bytes on a socket
 * (sockc_send, sockc_recv), what file.c does on a socket descriptor
 * (sockc_read, sockc_write, sockc_close, sockc_adopt, sockc_lend), and net.h's
 * net_info, net_ping and net_stop. It knows socket ids, never descriptors:
 * the POSIX calls over descriptors are user/lib/sock.c's.
 *
 * Each call is one round trip to netd's box, as the file server's are
 * (omfsc.c): the request goes in a container the process keeps for reuse
 * (two size classes: a page for requests without data, 17 pages for up to
 * NETD_IO_MAX bytes), netd answers in the same container into our private
 * reply box. A call that must wait (accept, connect, recv, send into a full
 * window) is held by netd until it can be answered, so a blocking call
 * blocks in crecv, costing no CPU; a non-blocking one asks netd never to
 * wait (EAGAIN; a connect's is EINPROGRESS). A caught signal does not cut a
 * call short: the answer is waited for again, as with SA_RESTART. A send on
 * a stream moves everything unless it may not block; EPIPE also raises
 * SIGPIPE unless MSG_NOSIGNAL.
 */
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <net.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <tender.h>
#include <unistd.h>

#include "user/lib/libc.h"
#include "user/lib/sockc.h"
#include "user/lib/srvcall.h"

#define PAGE 4096

static const uint8_t class_pages[] = {1, (NETD_HDR + NETD_IO_MAX + PAGE - 1) / PAGE};
static struct srvcall server = {.box = NETD_BOX,
                                .hdr = NETD_HDR,
                                .class_pages = class_pages,
                                .nclasses = sizeof(class_pages),
                                .current = -1};

/* See sockc.h. */
struct netd_msg *
sockc_msg(uint32_t data, uint8_t **payload)
{
    return data > NETD_IO_MAX ? NULL : srvcall_msg(&server, data, payload);
}

/* See sockc.h. */
int
sockc_call(struct netd_msg *m)
{
    int err = srvcall_call(&server, m);

    if (err == -ENOENT || err == -EINVAL)
        return -ENETDOWN; // no network server, or it went away
    return err < 0 ? err : m->result;
}

/* A request without data on socket id; *out: the answer's header. */
int
sockc_simple(uint32_t code, int32_t id, uint32_t flags, uint32_t timeout, struct netd_msg **out)
{
    struct netd_msg *m = sockc_msg(0, NULL);

    if (!m)
        return -ENOMEM;
    m->code = code;
    m->sock = id;
    m->flags = flags;
    m->timeout_ms = timeout;
    if (out)
        *out = m;
    return sockc_call(m);
}

/* Send n bytes on id (to addr:port when `to`): everything, unless nb. */
ssize_t
sockc_send(int32_t id, const void *buf, size_t n, int nb, int flags, int to, uint32_t addr,
           uint16_t port)
{
    size_t done = 0;

    do {
        uint32_t len = n - done > NETD_IO_MAX ? NETD_IO_MAX : (uint32_t)(n - done);
        uint8_t *data;
        struct netd_msg *m = sockc_msg(len, &data);
        int r;
        if (!m)
            return done ? (ssize_t)done : libc_fail(-ENOMEM);
        m->code = NETD_SEND;
        m->sock = id;
        m->size = len;
        m->flags = to ? 0 : NETD_CONNECTED;
        m->addr = addr;
        m->port = port;
        m->timeout_ms = nb ? 0 : NETD_FOREVER;
        memcpy(data, (const uint8_t *)buf + done, len);
        if ((r = sockc_call(m)) < 0) {
            if (done)
                return (ssize_t)done;
            if (r == -EPIPE && !(flags & MSG_NOSIGNAL))
                raise(SIGPIPE);
            return libc_fail(r);
        }
        if ((uint32_t)r > len)
            r = (int)len;
        done += (size_t)r;
        if (nb)
            break;
    } while (done < n);
    return (ssize_t)done;
}

/* Receive up to n bytes from id; addr, port: where they came from. */
ssize_t
sockc_recv(int32_t id, void *buf, size_t n, int nb, int flags, uint32_t *addr, uint16_t *port)
{
    size_t done = 0;

    do {
        uint32_t len = n - done > NETD_IO_MAX ? NETD_IO_MAX : (uint32_t)(n - done);
        uint8_t *data;
        struct netd_msg *m = sockc_msg(len, &data);
        int r;
        if (!m)
            return done ? (ssize_t)done : libc_fail(-ENOMEM);
        m->code = NETD_RECV;
        m->sock = id;
        m->size = len;
        m->flags = flags & MSG_PEEK ? NETD_PEEK : 0;
        m->timeout_ms = nb ? 0 : NETD_FOREVER;
        if ((r = sockc_call(m)) < 0)
            return done ? (ssize_t)done : libc_fail(r);
        if ((uint32_t)r > len)
            r = (int)len;
        memcpy((uint8_t *)buf + done, data, (size_t)r);
        if (addr)
            *addr = m->addr, *port = m->port;
        done += (size_t)r;
        if (r == 0 || !(flags & MSG_WAITALL) || (flags & MSG_PEEK))
            break;
    } while (done < n);
    return (ssize_t)done;
}

/* See sock.h. */
ssize_t
sockc_read(int32_t id, void *buf, size_t n, uint32_t flags)
{
    return sockc_recv(id, buf, n, (flags & O_NONBLOCK) != 0, 0, NULL, NULL);
}

/* See sock.h. */
ssize_t
sockc_write(int32_t id, const void *buf, size_t n, uint32_t flags)
{
    return sockc_send(id, buf, n, (flags & O_NONBLOCK) != 0, 0, 0, 0, 0);
}

/* See sock.h. */
int
sockc_close(int32_t id)
{
    return sockc_simple(NETD_CLOSE, id, 0, 0, NULL);
}

/* See sock.h. */
int
sockc_adopt(int32_t id)
{
    int r = sockc_simple(NETD_ADOPT, id, 0, 0, NULL);

    return r < 0 ? r : 0;
}

/* See sock.h. */
int
sockc_lend(int32_t id, int32_t child)
{
    struct netd_msg *m = sockc_msg(0, NULL);

    if (!m)
        return -ENOMEM;
    m->code = NETD_LEND;
    m->sock = id;
    m->u[0] = (uint32_t)child;
    return sockc_call(m);
}

/* See net.h. */
int
net_info(struct netd_info *out)
{
    uint8_t *data;
    struct netd_msg *m = sockc_msg(sizeof(*out), &data);
    int r;

    if (!m)
        return libc_fail(-ENOMEM);
    m->code = NETD_INFO;
    m->size = sizeof(*out);
    if ((r = sockc_call(m)) < 0)
        return libc_fail(r);
    memcpy(out, data, sizeof(*out));
    return 0;
}

/* See net.h. */
int
net_ping(uint32_t addr, int timeout_ms)
{
    struct netd_msg *m = sockc_msg(0, NULL);

    if (!m)
        return libc_fail(-ENOMEM);
    m->code = NETD_PING;
    m->addr = addr;
    m->timeout_ms = timeout_ms < 0 ? NETD_FOREVER : (uint32_t)timeout_ms;
    return libc_ret(sockc_call(m));
}

/* See net.h. */
int
net_stop(void)
{
    return libc_ret(sockc_simple(NETD_STOP, 0, 0, 0, NULL));
}

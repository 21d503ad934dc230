/*
 * user/lib/sock.c - POSIX sockets over the network server netd (DESIGN §7):
 * socket bind listen accept connect send recv sendto recvfrom shutdown
 * getsockname getpeername setsockopt getsockopt, on descriptors. Below it:
 * the descriptors (file.c, which also reads, writes and closes a socket
 * descriptor through sockc.c) and netd's client (sockc.c).
 *
 * Each call is one round trip to netd's box (kernel/abi/netd.h), as the
 * file server's are (omfsc.c): the request goes in a container the process
 * keeps for reuse (two size classes: a page for requests without data, 17
 * pages for up to NETD_IO_MAX bytes), netd answers in the same container
 * into our private reply box. A call that must wait (accept, connect, recv,
 * send into a full window) is held by netd until it can be answered, so a
 * blocking call blocks in crecv, costing no CPU; O_NONBLOCK and MSG_DONTWAIT
 * ask netd never to wait (EAGAIN; a connect's is EINPROGRESS). A caught
 * signal does not cut a call short: the answer is waited for again, as
 * with SA_RESTART. send and write on a stream move everything unless the
 * socket is non-blocking; EPIPE also raises SIGPIPE unless MSG_NOSIGNAL.
 * A socket is a descriptor (file.c: file_sock_new, file_sock), so dup,
 * fcntl, close and inheritance by children work as for files.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <net.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <tender.h>
#include <unistd.h>

#include "user/lib/file.h"
#include "user/lib/libc.h"
#include "user/lib/sockc.h"

/* The socket behind fd, and whether it must not block. */
static int
sock_of(int fd, int32_t *id, int *nonblock)
{
    uint32_t *flags;
    int err = file_sock(fd, id, &flags);

    if (err == 0 && nonblock)
        *nonblock = (*flags & O_NONBLOCK) != 0;
    return err;
}

static int
in_addr_of(const struct sockaddr *sa, socklen_t len, uint32_t *addr, uint16_t *port)
{
    const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

    if (!sa || len < sizeof(*in))
        return -EINVAL;
    if (in->sin_family != AF_INET)
        return -EAFNOSUPPORT;
    *addr = in->sin_addr.s_addr;
    *port = ntohs(in->sin_port);
    return 0;
}

static void
in_addr_to(uint32_t addr, uint16_t port, struct sockaddr *sa, socklen_t *len)
{
    struct sockaddr_in in;

    if (!sa || !len)
        return;
    memset(&in, 0, sizeof(in));
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    in.sin_addr.s_addr = addr;
    memcpy(sa, &in, *len < sizeof(in) ? *len : sizeof(in));
    *len = sizeof(in);
}

int
socket(int domain, int type, int protocol)
{
    int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), id, fd;
    uint32_t kind;

    if (domain != AF_INET)
        return libc_fail(-EAFNOSUPPORT);
    if (base == SOCK_STREAM && (protocol == 0 || protocol == IPPROTO_TCP))
        kind = NETD_TCP;
    else if (base == SOCK_DGRAM && (protocol == 0 || protocol == IPPROTO_UDP))
        kind = NETD_UDP;
    else
        return libc_fail(base == SOCK_STREAM || base == SOCK_DGRAM ? -EPROTONOSUPPORT
                                                                   : -EPROTOTYPE);
    if ((id = sockc_simple(NETD_SOCKET, 0, kind, 0, NULL)) < 0)
        return libc_fail(id);
    if ((fd = file_sock_new(id, O_RDWR | (type & SOCK_NONBLOCK ? O_NONBLOCK : 0))) < 0) {
        (void)sockc_close(id);
        return libc_fail(fd);
    }
    if (type & SOCK_CLOEXEC)
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

int
bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    struct netd_msg *m;
    int32_t id;
    uint32_t a;
    uint16_t port;
    int err;

    if ((err = sock_of(fd, &id, NULL)) < 0 || (err = in_addr_of(addr, len, &a, &port)) < 0)
        return libc_fail(err);
    if (!(m = sockc_msg(0, NULL)))
        return libc_fail(-ENOMEM);
    m->code = NETD_BIND;
    m->sock = id;
    m->addr = a;
    m->port = port;
    return libc_ret(sockc_call(m));
}

int
listen(int fd, int backlog)
{
    int32_t id;
    int err;

    if ((err = sock_of(fd, &id, NULL)) < 0)
        return libc_fail(err);
    if (backlog <= 0)
        backlog = 1;
    if (backlog > SOMAXCONN)
        backlog = SOMAXCONN;
    return libc_ret(sockc_simple(NETD_LISTEN, id, (uint32_t)backlog, 0, NULL));
}

int
accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct netd_msg *m;
    int32_t id;
    int nb = 0, err, nfd;

    if ((err = sock_of(fd, &id, &nb)) < 0)
        return libc_fail(err);
    if ((err = sockc_simple(NETD_ACCEPT, id, 0, nb ? 0 : NETD_FOREVER, &m)) < 0)
        return libc_fail(err);
    in_addr_to(m->addr, m->port, addr, len);
    if ((nfd = file_sock_new(err, O_RDWR)) < 0) {
        (void)sockc_close(err);
        return libc_fail(nfd);
    }
    return nfd;
}

int
connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    struct netd_msg *m;
    int32_t id;
    uint32_t a;
    uint16_t port;
    int nb = 0, err;

    if ((err = sock_of(fd, &id, &nb)) < 0 || (err = in_addr_of(addr, len, &a, &port)) < 0)
        return libc_fail(err);
    if (!(m = sockc_msg(0, NULL)))
        return libc_fail(-ENOMEM);
    m->code = NETD_CONNECT;
    m->sock = id;
    m->addr = a;
    m->port = port;
    m->timeout_ms = nb ? 0 : NETD_FOREVER;
    err = sockc_call(m);
    return libc_ret(err == -EAGAIN && nb ? -EINPROGRESS : err);
}

ssize_t
sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t len)
{
    int32_t id;
    uint32_t a = 0;
    uint16_t port = 0;
    int nb = 0, err;

    if ((err = sock_of(fd, &id, &nb)) < 0 || (to && (err = in_addr_of(to, len, &a, &port)) < 0))
        return libc_fail(err);
    return sockc_send(id, buf, n, nb || (flags & MSG_DONTWAIT), flags, to != NULL, a, port);
}

ssize_t
send(int fd, const void *buf, size_t n, int flags)
{
    return sendto(fd, buf, n, flags, NULL, 0);
}

ssize_t
recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *len)
{
    int32_t id;
    uint32_t a = 0;
    uint16_t port = 0;
    int nb = 0, err;
    ssize_t r;

    if ((err = sock_of(fd, &id, &nb)) < 0)
        return libc_fail(err);
    r = sockc_recv(id, buf, n, nb || (flags & MSG_DONTWAIT), flags, &a, &port);
    if (r >= 0)
        in_addr_to(a, port, from, len);
    return r;
}

ssize_t
recv(int fd, void *buf, size_t n, int flags)
{
    return recvfrom(fd, buf, n, flags, NULL, NULL);
}

int
shutdown(int fd, int how)
{
    int32_t id;
    int err;

    if ((err = sock_of(fd, &id, NULL)) < 0)
        return libc_fail(err);
    return libc_ret(sockc_simple(NETD_SHUTDOWN, id, (uint32_t)how, 0, NULL));
}

static int
name_of(int fd, int peer, struct sockaddr *addr, socklen_t *len)
{
    struct netd_msg *m;
    int32_t id;
    int err;

    if ((err = sock_of(fd, &id, NULL)) < 0)
        return libc_fail(err);
    if (!addr || !len)
        return libc_fail(-EFAULT);
    if ((err = sockc_simple(NETD_NAME, id, (uint32_t)peer, 0, &m)) < 0)
        return libc_fail(err);
    in_addr_to(m->addr, m->port, addr, len);
    return 0;
}

int
getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
    return name_of(fd, 0, addr, len);
}

int
getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
    return name_of(fd, 1, addr, len);
}

/* SO_REUSEADDR and TCP_NODELAY reach netd; the other common SOL_SOCKET
 * options are accepted and change nothing (netd's buffers and time-outs are
 * its own). */
int
setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
    struct netd_msg *m;
    int32_t id;
    int err, v;
    uint32_t opt;

    if ((err = sock_of(fd, &id, NULL)) < 0)
        return libc_fail(err);
    if (!value || len < sizeof(int))
        return libc_fail(-EINVAL);
    memcpy(&v, value, sizeof(v));
    if (level == SOL_SOCKET && name == SO_REUSEADDR)
        opt = NETD_OPT_REUSEADDR;
    else if (level == IPPROTO_TCP && name == TCP_NODELAY)
        opt = NETD_OPT_NODELAY;
    else if (level == SOL_SOCKET &&
             (name == SO_KEEPALIVE || name == SO_RCVBUF || name == SO_SNDBUF || name == SO_LINGER ||
              name == SO_RCVTIMEO || name == SO_SNDTIMEO || name == SO_BROADCAST))
        return 0;
    else
        return libc_fail(-ENOPROTOOPT);
    if (!(m = sockc_msg(0, NULL)))
        return libc_fail(-ENOMEM);
    m->code = NETD_SETOPT;
    m->sock = id;
    m->flags = opt;
    m->u[0] = (uint32_t)v;
    return libc_ret(sockc_call(m));
}

/* SO_ERROR: a failed connect's error (asked of netd without waiting). */
int
getsockopt(int fd, int level, int name, void *value, socklen_t *len)
{
    int32_t id;
    int err, v;

    if ((err = sock_of(fd, &id, NULL)) < 0)
        return libc_fail(err);
    if (!value || !len || *len < sizeof(int))
        return libc_fail(-EINVAL);
    if (level != SOL_SOCKET || name != SO_ERROR)
        return libc_fail(-ENOPROTOOPT);
    err = sockc_simple(NETD_CONNECT, id, 0, 0, NULL); // a connected socket says 0
    v = err == -EAGAIN || err == -EINVAL || err == -EALREADY || err == -ENOTCONN ? 0 : -err;
    memcpy(value, &v, sizeof(v));
    *len = sizeof(v);
    return 0;
}

/*
 * user/lib/sock.c - POSIX sockets over the network server netd (DESIGN §7):
 * socket bind listen accept connect send recv sendto recvfrom shutdown
 * getsockname getpeername setsockopt getsockopt, read/write/close of a
 * socket descriptor (through file.c), and net.h's net_info, net_ping and
 * net_stop.
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
#include "user/lib/sock.h"

#define PAGE 4096
#define NCLASSES 2

static const uint8_t class_pages[NCLASSES] = {1, (NETD_HDR + NETD_IO_MAX + PAGE - 1) / PAGE};
static rid_t server, reply_box;
static struct cmsg conts[NCLASSES];
static int current = -1;

/* See sock.h. */
struct netd_msg *
sockc_msg(uint32_t data, uint8_t **payload)
{
    int c = data > PAGE - NETD_HDR;

    if (data > NETD_IO_MAX)
        return NULL;
    if (conts[c].cont <= 0 && ccreate((size_t)class_pages[c] * PAGE, &conts[c]) < 0) {
        conts[c].cont = 0;
        return NULL;
    }
    current = c;
    struct netd_msg *m = cmsg_data(&conts[c]);
    memset(m, 0, sizeof(*m));
    if (payload)
        *payload = (uint8_t *)m + NETD_HDR;
    return m;
}

static rid_t
next_answer(struct cmsg *got)
{
    rid_t r;

    while ((r = crecv(reply_box, got, IPC_FOREVER)) == -EINTR)
        ;
    return r;
}

/* See sock.h. */
int
sockc_call(struct netd_msg *m)
{
    int c = current;
    struct cmsg got;

    if (c < 0 || cmsg_data(&conts[c]) != (void *)m)
        return -EINVAL;
    if (server <= 0 && (server = resfind(RT_CBOX, NETD_BOX)) < 0) {
        server = 0;
        return -ENETDOWN; // no network server
    }
    if (reply_box <= 0 && (reply_box = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) < 0) {
        int err = reply_box;
        reply_box = 0;
        return err;
    }
    rid_t r = ccall(server, conts[c].cont, reply_box, &got, IPC_FOREVER);
    if (r == -EINTR)
        r = next_answer(&got);
    if (r < 0) {
        if (r == -ENOENT || r == -EINVAL)
            server = 0; // netd went away; a new one may come
        conts[c].cont = 0;
        return r == -EINVAL || r == -ENOENT ? -ENETDOWN : r;
    }
    while (r != conts[c].cont) { // a stray container in our box: not the answer
        (void)resdelete(r);
        if ((r = next_answer(&got)) < 0) {
            conts[c].cont = 0;
            return r;
        }
    }
    conts[c] = got;
    return ((struct netd_msg *)cmsg_data(&got))->result;
}

/* A request without data on socket id; *out: the answer's header. */
static int
simple(uint32_t code, int32_t id, uint32_t flags, uint32_t timeout, struct netd_msg **out)
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
    if ((id = simple(NETD_SOCKET, 0, kind, 0, NULL)) < 0)
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
    return libc_ret(simple(NETD_LISTEN, id, (uint32_t)backlog, 0, NULL));
}

int
accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    struct netd_msg *m;
    int32_t id;
    int nb = 0, err, nfd;

    if ((err = sock_of(fd, &id, &nb)) < 0)
        return libc_fail(err);
    if ((err = simple(NETD_ACCEPT, id, 0, nb ? 0 : NETD_FOREVER, &m)) < 0)
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

/* Send n bytes on id (to addr:port when `to`): everything, unless nb. */
static ssize_t
send_all(int32_t id, const void *buf, size_t n, int nb, int flags, int to, uint32_t addr,
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
static ssize_t
recv_some(int32_t id, void *buf, size_t n, int nb, int flags, uint32_t *addr, uint16_t *port)
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

ssize_t
sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t len)
{
    int32_t id;
    uint32_t a = 0;
    uint16_t port = 0;
    int nb = 0, err;

    if ((err = sock_of(fd, &id, &nb)) < 0 || (to && (err = in_addr_of(to, len, &a, &port)) < 0))
        return libc_fail(err);
    return send_all(id, buf, n, nb || (flags & MSG_DONTWAIT), flags, to != NULL, a, port);
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
    r = recv_some(id, buf, n, nb || (flags & MSG_DONTWAIT), flags, &a, &port);
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
    return libc_ret(simple(NETD_SHUTDOWN, id, (uint32_t)how, 0, NULL));
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
    if ((err = simple(NETD_NAME, id, (uint32_t)peer, 0, &m)) < 0)
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
    err = simple(NETD_CONNECT, id, 0, 0, NULL); // a connected socket says 0
    v = err == -EAGAIN || err == -EINVAL || err == -EALREADY || err == -ENOTCONN ? 0 : -err;
    memcpy(value, &v, sizeof(v));
    *len = sizeof(v);
    return 0;
}

/* See sock.h. */
ssize_t
sockc_read(int32_t id, void *buf, size_t n, uint32_t flags)
{
    return recv_some(id, buf, n, (flags & O_NONBLOCK) != 0, 0, NULL, NULL);
}

/* See sock.h. */
ssize_t
sockc_write(int32_t id, const void *buf, size_t n, uint32_t flags)
{
    return send_all(id, buf, n, (flags & O_NONBLOCK) != 0, 0, 0, 0, 0);
}

/* See sock.h. */
int
sockc_close(int32_t id)
{
    return simple(NETD_CLOSE, id, 0, 0, NULL);
}

/* See sock.h. */
int
sockc_adopt(int32_t id)
{
    int r = simple(NETD_ADOPT, id, 0, 0, NULL);

    return r < 0 ? r : 0;
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
    return libc_ret(simple(NETD_STOP, 0, 0, 0, NULL));
}

/*
 * user/bin/httpd/net.c - the server's sockets, through the standard API
 * (<sys/socket.h>, <netinet/in.h>, <arpa/inet.h>, <poll.h>): the listening
 * socket (IPv4, any address, SO_REUSEADDR), accept with the peer's address,
 * reads that wait at most a given time (poll), and writes that send all.
 * Descriptors the scripts must not inherit are close-on-exec. A system
 * whose library has no sockets yet (Tender before netd) gets the same entry
 * points failing with ENOSYS, so the rest of httpd builds and its master
 * says why it cannot listen.
 * Deadlines are read from CLOCK_MONOTONIC (net_now_ms).
 * Entry points: net_now_ms, net_listen, net_accept, net_wait, net_read,
 * net_write_all, net_close.
 */
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

/* The monotonic clock in milliseconds: what deadlines are set against. */
long
net_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#if defined(__has_include) && !__has_include(<sys/socket.h>)
#define HTTPD_NO_SOCKETS 1
#endif

#ifndef HTTPD_NO_SOCKETS
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#if __has_include(<netinet/tcp.h>)
#include <netinet/tcp.h>
#endif

#define LISTEN_BACKLOG 128
#define LINGER_MS 2000     /* how long a closing connection waits for the client's end */
#define LINGER_STEP_MS 100

/* A listening TCP socket on port. Returns its descriptor or -1 with errno. */
int
net_listen(int port)
{
    struct sockaddr_in a = {0};
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    a.sin_port = htons((unsigned short)port);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

/* Accept a connection: its descriptor (close-on-exec), the peer's address
 * and port, our port. Returns -1 with errno on failure. */
int
net_accept(int listen_fd, char *addr, size_t addr_len, int *port, int *local_port)
{
    struct sockaddr_in peer, me;
    socklen_t len = sizeof(peer);
    int fd = accept(listen_fd, (struct sockaddr *)&peer, &len), one = 1;

    if (fd < 0)
        return -1;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
#ifdef TCP_NODELAY
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)); // a response is one write
#endif
    (void)one;
    snprintf(addr, addr_len, "%s", len >= sizeof(peer) ? inet_ntoa(peer.sin_addr) : "0.0.0.0");
    *port = ntohs(peer.sin_port);
    len = sizeof(me);
    *local_port = getsockname(fd, (struct sockaddr *)&me, &len) == 0 ? ntohs(me.sin_port) : 0;
    return fd;
}

/* Wait up to ms for fd to be readable (or closed). Returns 1, 0 at the
 * time-out, -1 on error. */
int
net_wait(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r;

    while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
        ;
    return r;
}

/* Close a connection the way Apache's lingering close does: send our FIN
 * first (shutdown), then read what the client still sends until it closes
 * or LINGER_MS pass, then close. A close with the answer still in flight,
 * or with unread bytes, may reset the connection and lose the answer. */
void
net_close(int fd)
{
    char buf[512];

    if (shutdown(fd, SHUT_WR) == 0) {
        for (int i = 0; i < LINGER_MS / LINGER_STEP_MS; i++)
            if (net_wait(fd, LINGER_STEP_MS) != 0 && read(fd, buf, sizeof(buf)) <= 0)
                break;
    }
    close(fd);
}
#else
/* No sockets: fails with ENOSYS. */
int
net_listen(int port)
{
    (void)port;
    errno = ENOSYS;
    return -1;
}

/* No sockets: fails with ENOSYS. */
int
net_accept(int listen_fd, char *addr, size_t addr_len, int *port, int *local_port)
{
    (void)listen_fd, (void)addr, (void)addr_len, (void)port, (void)local_port;
    errno = ENOSYS;
    return -1;
}

/* Without poll every descriptor counts as ready: the read that follows blocks. */
int
net_wait(int fd, int ms)
{
    (void)fd, (void)ms;
    return 1;
}

/* Close a descriptor. */
void
net_close(int fd)
{
    close(fd);
}
#endif

/* Read up to len bytes, waiting at most ms for the first. Returns the count,
 * 0 at end of stream, -1 on error, -2 at the time-out. */
ssize_t
net_read(int fd, void *buf, size_t len, int ms)
{
    int r = net_wait(fd, ms);
    ssize_t n;

    if (r <= 0)
        return r == 0 ? -2 : -1;
    while ((n = read(fd, buf, len)) < 0 && errno == EINTR)
        ;
    return n;
}

/* Write all len bytes. Returns 0, or -1 if the peer has gone. */
int
net_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/*
 * poll.h - POSIX poll (DESIGN §7) over sockets and files: a socket's
 * readiness comes from netd; files, pipes and the console are always ready
 * (user/lib/poll.c). Any user program may include it.
 */
#ifndef USER_POLL_H
#define USER_POLL_H

typedef unsigned int nfds_t;

struct pollfd {
    int fd;
    short events;
    short revents;
};

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

int poll(struct pollfd *fds, nfds_t n, int timeout_ms);

#endif

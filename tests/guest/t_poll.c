/*
 * t_poll - poll(2) over pipes, and pipes mixed with sockets and files
 * (user/lib/poll.c, ipc/pipepoll.c): an empty pipe times out after about
 * the time asked and spends no CPU meanwhile, data is POLLIN, a poller
 * blocked on a pipe wakes when another process writes, a gone writer is
 * POLLHUP (the read then returns 0), a full pipe is not POLLOUT until a
 * read makes room, a gone reader is POLLERR, a set of pipes and loopback
 * sockets reports each by its own state (netd serves 127.0.0.1 with or
 * without a card), a file is always ready, and pipepoll's hostile calls
 * (bad sizes, pointers, time-outs, ends not held, stale rids) fail with
 * their errno. "t_poll late MS" is its helper: writes "late" to stdout
 * after MS milliseconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define PORT 7611

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long
cpu_ms(void)
{
    return (long)((long long)clock() * 1000 / CLOCKS_PER_SEC);
}

/* Run "t_poll late ms" with our fd as its stdout; returns its pid. */
static rid_t
spawn_late(int fd, const char *ms)
{
    int saved = fcntl(1, F_DUPFD_CLOEXEC, 10);
    rid_t pid;

    dup2(fd, 1);
    pid = tap_spawn("t_poll", "late", ms, NULL, 0);
    dup2(saved, 1);
    close(saved);
    return pid;
}

static int
wait_ok(rid_t pid)
{
    int st = -1;

    return pid > 0 && procwait(pid, &st) == pid && PROC_EXITED(st) && PROC_EXITCODE(st) == 0;
}

/* Two ends of a TCP connection over 127.0.0.1 in *a and *b. */
static int
tcp_pair(int *a, int *b)
{
    struct sockaddr_in sa = {0};
    int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    sa.sin_family = AF_INET;
    sa.sin_port = htons(PORT);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (l < 0)
        return -1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 1) < 0 ||
        (*a = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
        connect(*a, (struct sockaddr *)&sa, sizeof(sa)) < 0 || (*b = accept(l, NULL, NULL)) < 0)
        return -1;
    close(l);
    return 0;
}

static int
t_timeout(void)
{
    int fd[2];
    struct pollfd p;
    long t0, c0, dt;

    CHECK_EQ(pipe(fd), 0);
    p = (struct pollfd){.fd = fd[0], .events = POLLIN};
    CHECK_EQ(poll(&p, 1, 0), 0);
    t0 = now_ms();
    c0 = cpu_ms();
    CHECK_EQ(poll(&p, 1, 300), 0);
    dt = now_ms() - t0;
    c0 = cpu_ms() - c0;
    printf("# waited %ld ms, %ld ms of CPU\n", dt, c0);
    CHECK(dt >= 290 && dt < 3000);
    CHECK(c0 < 100); // slept in the kernel, not spun
    CHECK_EQ(p.revents, 0);
    return 0;
}

static int
t_data(void)
{
    int fd[2];
    struct pollfd p;
    char buf[8];
    rid_t pid;
    long t0;

    CHECK_EQ(pipe(fd), 0);
    p = (struct pollfd){.fd = fd[0], .events = POLLIN};
    CHECK_EQ(write(fd[1], "x", 1), 1);
    CHECK_EQ(poll(&p, 1, 1000), 1);
    CHECK_EQ(p.revents, POLLIN);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 1);
    CHECK_EQ(poll(&p, 1, 0), 0);
    // another process's write wakes a poller that waits for ever
    CHECK((pid = spawn_late(fd[1], "200")) > 0);
    t0 = now_ms();
    CHECK_EQ(poll(&p, 1, -1), 1);
    CHECK(now_ms() - t0 < 5000);
    CHECK_EQ(p.revents, POLLIN);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 4);
    CHECK(wait_ok(pid));
    return 0;
}

static int
t_hup(void)
{
    int fd[2];
    struct pollfd p;
    char buf[8];
    rid_t pid;

    CHECK_EQ(pipe(fd), 0);
    p = (struct pollfd){.fd = fd[0], .events = POLLIN};
    CHECK_EQ(write(fd[1], "ab", 2), 2);
    CHECK_EQ(close(fd[1]), 0);
    CHECK_EQ(poll(&p, 1, 1000), 1);
    CHECK_EQ(p.revents, POLLIN | POLLHUP); // data first, then the end
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 2);
    CHECK_EQ(poll(&p, 1, 1000), 1);
    CHECK_EQ(p.revents, POLLHUP);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 0);
    CHECK_EQ(close(fd[0]), 0);
    // a writer in another process that ends wakes the poller
    CHECK_EQ(pipe(fd), 0);
    p.fd = fd[0];
    CHECK((pid = spawn_late(fd[1], "100")) > 0);
    CHECK_EQ(close(fd[1]), 0);
    CHECK_EQ(poll(&p, 1, 5000), 1);
    CHECK(p.revents & POLLIN);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 4);
    CHECK_EQ(poll(&p, 1, 5000), 1); // the child's end goes with it
    CHECK_EQ(p.revents, POLLHUP);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 0);
    CHECK(wait_ok(pid));
    return 0;
}

static int
t_full(void)
{
    static char big[PIPE_SIZE];
    int fd[2];
    struct pollfd p;
    long t0;

    CHECK_EQ(pipe(fd), 0);
    p = (struct pollfd){.fd = fd[1], .events = POLLOUT};
    CHECK_EQ(poll(&p, 1, 0), 1);
    CHECK_EQ(p.revents, POLLOUT);
    CHECK_EQ(fcntl(fd[1], F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(write(fd[1], big, sizeof(big)), PIPE_SIZE);
    CHECK_EQ(write(fd[1], big, 1), -1);
    CHECK_EQ(errno, EAGAIN);
    t0 = now_ms();
    CHECK_EQ(poll(&p, 1, 100), 0);
    CHECK(now_ms() - t0 >= 90);
    CHECK_EQ(read(fd[0], big, PIPE_BUF - 1), PIPE_BUF - 1);
    CHECK_EQ(poll(&p, 1, 0), 0); // a PIPE_BUF write would still wait
    CHECK_EQ(read(fd[0], big, 1), 1);
    CHECK_EQ(poll(&p, 1, 0), 1);
    CHECK_EQ(p.revents, POLLOUT);
    CHECK_EQ(close(fd[0]), 0); // no reader: an error to poll, EPIPE to write
    CHECK_EQ(poll(&p, 1, 0), 1);
    CHECK_EQ(p.revents, POLLERR);
    return 0;
}

static int
t_mixed(void)
{
    int fd[2], a, b, f;
    struct pollfd p[3];
    char buf[8];
    long t0, c0;
    rid_t pid;

    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(tcp_pair(&a, &b), 0);
    p[0] = (struct pollfd){.fd = fd[0], .events = POLLIN};
    p[1] = (struct pollfd){.fd = b, .events = POLLIN};
    t0 = now_ms();
    c0 = cpu_ms();
    CHECK_EQ(poll(p, 2, 300), 0);
    CHECK(now_ms() - t0 >= 290 && now_ms() - t0 < 3000);
    CHECK(cpu_ms() - c0 < 150); // steps that sleep, not a spin
    CHECK_EQ(send(a, "s", 1, 0), 1);
    CHECK_EQ(poll(p, 2, 2000), 1);
    CHECK_EQ(p[0].revents, 0);
    CHECK_EQ(p[1].revents, POLLIN);
    CHECK_EQ(recv(b, buf, sizeof(buf), 0), 1);
    CHECK_EQ(write(fd[1], "p", 1), 1);
    CHECK_EQ(poll(p, 2, 2000), 1);
    CHECK_EQ(p[0].revents, POLLIN);
    CHECK_EQ(p[1].revents, 0);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 1);
    // a pipe written by another process wakes a poll that also waits on a socket
    CHECK((pid = spawn_late(fd[1], "150")) > 0);
    t0 = now_ms();
    CHECK_EQ(poll(p, 2, -1), 1);
    CHECK(now_ms() - t0 < 5000);
    CHECK_EQ(p[0].revents, POLLIN);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 4);
    CHECK(wait_ok(pid));
    // a socket written meanwhile wakes it within a step
    CHECK_EQ(send(a, "t", 1, 0), 1);
    CHECK_EQ(poll(p, 2, -1), 1);
    CHECK_EQ(p[1].revents, POLLIN);
    CHECK_EQ(recv(b, buf, sizeof(buf), 0), 1);
    // a file is always ready: nobody waits
    CHECK((f = open("/etc/passwd", O_RDONLY)) >= 0);
    p[2] = (struct pollfd){.fd = f, .events = POLLIN};
    t0 = now_ms();
    CHECK_EQ(poll(p, 3, 2000), 1);
    CHECK(now_ms() - t0 < 1000);
    CHECK_EQ(p[2].revents, POLLIN);
    CHECK_EQ(close(fd[1]), 0); // and each its own state again
    CHECK_EQ(poll(p, 3, 2000), 2);
    CHECK_EQ(p[0].revents, POLLHUP);
    CHECK_EQ(p[1].revents, 0);
    close(a);
    close(b);
    close(f);
    close(fd[0]);
    return 0;
}

static int
t_hostile(void)
{
    struct pipepollfd e[PIPEPOLL_MAX + 1];
    int fd[2];
    struct pipeend held[2];

    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(pipeends(held, 2), 2);
    memset(e, 0, sizeof(e));
    e[0] = (struct pipepollfd){.pipe = held[0].pipe, .end = PIPE_READ, .events = PIPE_POLLIN};
    CHECK_EQ(pipepoll(e, 1, 0), 0);
    CHECK_EQ(pipepoll(e, -1, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipepoll(e, PIPEPOLL_MAX + 1, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipepoll(e, 1, -2), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipepoll(NULL, 1, 0), -1);
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(pipepoll((struct pipepollfd *)0xc0001000, 1, 0), -1); // the kernel's
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(pipepoll(e, 0, 10), 0); // nothing to wait for but the time
    e[0].end = 7;
    CHECK_EQ(pipepoll(e, 1, 0), -1);
    CHECK_EQ(errno, EINVAL);
    e[0].end = PIPE_READ;
    e[0].pipe = getpid(); // a rid of another type
    CHECK_EQ(pipepoll(e, 1, 0), -1);
    CHECK_EQ(errno, EINVAL);
    e[0].pipe = held[0].pipe;
    CHECK_EQ(close(fd[0]), 0); // an end we no longer hold
    CHECK_EQ(pipepoll(e, 1, -1), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(fd[1]), 0); // the pipe is gone: its rid is stale
    CHECK_EQ(pipepoll(e, 1, -1), -1);
    CHECK_EQ(errno, ENOENT);
    return 0;
}

static const struct tcase cases[] = {
    {"an empty pipe times out after the time asked, without spending CPU", t_timeout},
    {"data is POLLIN; another process's write wakes a poller", t_data},
    {"a gone writer is POLLHUP and the read returns 0", t_hup},
    {"a full pipe is not POLLOUT until a read makes room; no reader is POLLERR", t_full},
    {"pipes, sockets and files in one set, each by its own state", t_mixed},
    {"hostile pipepoll calls fail with their errno", t_hostile},
};

int
main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "late")) {
        usleep((useconds_t)atoi(argv[2]) * 1000u);
        return write(1, "late", 4) == 4 ? 0 : 1;
    }
    if (argc == 1) {
        // a warm-up before the leak check's first count: netd's first clients
        // give it page tables for their containers' ranges, the file server
        // caches /etc/passwd, the kernel's heap grows for the first helpers;
        // they keep them, which is not a leak
        int n = (int)(sizeof(cases) / sizeof(cases[0]));
        for (int i = 1; i <= n; i++) {
            char num[8];
            snprintf(num, sizeof(num), "%d", i);
            tap_run("t_poll", "case", num, NULL, 0);
        }
    }
    return tap_main(argc, argv, cases, (int)(sizeof(cases) / sizeof(cases[0])));
}

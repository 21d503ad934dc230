/*
 * t_inherit - a descriptor a child inherits is the child's from proccreate
 * on, whatever the parent does next (DESIGN §8 "Processes"; user/lib/file.c
 * file_export and file_lend, the file server's OMFS_LEND, netd's NETD_LEND,
 * the kernel's pipe_inherit): a parent that closes a file, a pipe end or a
 * socket right after proccreate, before the child first uses it, leaves
 * the child reading and writing it; so does a middle generation that
 * passes it on and closes at once too. The servers' lends are refused for
 * what is not the caller's and for a process that is not its live child.
 *     t_inherit              the suite
 *     t_inherit read FD      helper: after a pause, 0 if FD reads CONTENT, then its end
 *     t_inherit write FD     helper: after a pause, writes WROTE to FD
 *     t_inherit sock FD      helper: after a pause, receives SOCK_DATA on FD, sends "ok"
 *     t_inherit mid FD       helper: runs "read FD", closes FD at once, waits for it
 *     t_inherit exit N       helper: exits with N after the pause
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <net.h>
#include <netinet/in.h>
#include <omfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define CONTENT "inherited bytes, read by the child\n"
#define WROTE "written by the child\n"
#define SOCK_DATA "over the socket"
#define FILE_PATH "/tmp/t_inherit.txt"
#define PAUSE_MS 100 /* the child's pause: its parent has closed by then */
#define PORT 7612

static int
wait_code(rid_t pid)
{
    int st = -1;

    if (pid < 0 || procwait(pid, &st) != pid)
        return -1;
    return PROC_EXITED(st) ? PROC_EXITCODE(st) : 0x10000 | st;
}

/* Start "t_inherit mode FD" (FD inherited as the same number). */
static rid_t
spawn(const char *mode, int fd)
{
    char num[12];

    snprintf(num, sizeof(num), "%d", fd);
    return tap_spawn("t_inherit", mode, num, NULL, 0);
}

static int
make_file(const char *text)
{
    int fd = open(FILE_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    size_t n = strlen(text);

    if (fd < 0 || write(fd, text, n) != (ssize_t)n || close(fd) < 0)
        return -1;
    return 0;
}

static int
file_text_is(const char *text)
{
    char buf[128];
    int fd = open(FILE_PATH, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

    if (fd >= 0)
        close(fd);
    if (n < 0)
        return 0;
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}

static int
read_closed_file(void)
{
    int fd;
    rid_t pid;

    CHECK_EQ(make_file(CONTENT), 0);
    CHECK((fd = open(FILE_PATH, O_RDONLY)) >= 0);
    CHECK((pid = spawn("read", fd)) > 0);
    CHECK_EQ(close(fd), 0); // at once: the child has not used it yet
    CHECK_EQ(wait_code(pid), 0);
    unlink(FILE_PATH);
    return 0;
}

static int
write_closed_file(void)
{
    int fd;
    rid_t pid;

    CHECK_EQ(make_file(""), 0);
    CHECK((fd = open(FILE_PATH, O_WRONLY)) >= 0);
    CHECK((pid = spawn("write", fd)) > 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(wait_code(pid), 0);
    CHECK(file_text_is(WROTE));
    unlink(FILE_PATH);
    return 0;
}

static int
two_generations(void)
{
    int fd;
    rid_t pid;

    CHECK_EQ(make_file(CONTENT), 0);
    CHECK((fd = open(FILE_PATH, O_RDONLY)) >= 0);
    CHECK((pid = spawn("mid", fd)) > 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(wait_code(pid), 0);
    unlink(FILE_PATH);
    return 0;
}

static int
pipe_end(void)
{
    int p[2];
    rid_t pid;

    CHECK_EQ(pipe(p), 0);
    CHECK_EQ(write(p[1], CONTENT, strlen(CONTENT)), (long)strlen(CONTENT));
    CHECK_EQ(close(p[1]), 0);
    CHECK((pid = spawn("read", p[0])) > 0);
    CHECK_EQ(close(p[0]), 0);
    CHECK_EQ(wait_code(pid), 0);
    return 0;
}

static int
socket_end(void)
{
    struct sockaddr_in sa = {0};
    int l = socket(AF_INET, SOCK_STREAM, 0), a, b, one = 1;
    char buf[8] = "";
    rid_t pid;

    sa.sin_family = AF_INET;
    sa.sin_port = htons(PORT);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(l >= 0);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    CHECK_EQ(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
    CHECK_EQ(listen(l, 1), 0);
    CHECK((a = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    CHECK_EQ(connect(a, (struct sockaddr *)&sa, sizeof(sa)), 0);
    CHECK((b = accept(l, NULL, NULL)) >= 0);
    close(l);
    CHECK((pid = spawn("sock", b)) > 0);
    CHECK_EQ(close(b), 0); // the connection stays: the child holds it
    CHECK_EQ(send(a, SOCK_DATA, strlen(SOCK_DATA), 0), (long)strlen(SOCK_DATA));
    CHECK_EQ(recv(a, buf, 2, MSG_WAITALL), 2);
    CHECK(!memcmp(buf, "ok", 2));
    CHECK_EQ(wait_code(pid), 0);
    close(a);
    return 0;
}

/* One request to the server box `name` (a file server or netd message of
 * n bytes in a container of size bytes); its result word. */
static int
raw_call(const char *name, const void *msg, size_t n, size_t size)
{
    rid_t server = resfind(RT_CBOX, name), reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
    struct cmsg m;
    int r = -9999;

    if (server > 0 && reply > 0 && ccreate(size, &m) > 0) {
        memcpy(cmsg_data(&m), msg, n);
        rid_t got = ccall(server, m.cont, reply, &m, 5000);
        r = got < 0 ? got : ((int32_t *)cmsg_data(&m))[1];
        resdelete(got < 0 ? m.cont : got);
    }
    if (reply > 0)
        resdelete(reply);
    return r;
}

static int
omfs_lend(int32_t handle, rid_t child)
{
    struct omfs_msg m = {.code = OMFS_LEND, .handle = handle};

    m.u.raw[0] = (uint32_t)child;
    return raw_call(OMFS_BOX, &m, sizeof(m), OMFS_HDR);
}

static int
netd_lend(int32_t sock, rid_t child)
{
    struct netd_msg m = {.code = NETD_LEND, .sock = sock};

    m.u[0] = (uint32_t)child;
    return raw_call(NETD_BOX, &m, sizeof(m), 4096);
}

/* Lends the servers refuse: a handle or socket not the caller's, a process
 * not its child (itself, its parent), one that ended, no process at all. */
static int
hostile_lends(void)
{
    int fd, s;
    rid_t kid, parent;
    int32_t h, id;
    struct res_info ri;

    CHECK_EQ(make_file(CONTENT), 0);
    CHECK((fd = open(FILE_PATH, O_RDONLY)) >= 0);
    CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    CHECK((h = omfs_fd_handle(fd)) > 0);
    CHECK((id = omfs_fd_handle(s)) > 0); // a socket's descriptor names netd's id
    CHECK_EQ(resinfo(getpid(), &ri), 0);
    parent = ri.u.proc.parent;
    CHECK((kid = tap_spawn("t_inherit", "exit", "0", NULL, 0)) > 0);
    CHECK_EQ(omfs_lend(h, kid), 0); // its own child: fine, and again
    CHECK_EQ(omfs_lend(h, kid), 0);
    CHECK_EQ(netd_lend(id, kid), 0);
    CHECK_EQ(omfs_lend(h + 1, kid), -EBADF);
    CHECK_EQ(netd_lend(id + 1, kid), -EBADF);
    CHECK_EQ(omfs_lend(h, getpid()), -EPERM);
    CHECK_EQ(netd_lend(id, getpid()), -EPERM);
    CHECK_EQ(omfs_lend(h, parent), -EPERM);
    CHECK_EQ(netd_lend(id, parent), -EPERM);
    CHECK_EQ(omfs_lend(h, 0), -ESRCH);
    CHECK_EQ(netd_lend(id, 0x7fffffff), -ESRCH);
    CHECK_EQ(wait_code(kid), 0);
    CHECK_EQ(omfs_lend(h, kid), -ESRCH); // ended
    CHECK_EQ(netd_lend(id, kid), -ESRCH);
    close(fd);
    close(s);
    unlink(FILE_PATH);
    return 0;
}

static int
helper(const char *mode, int fd)
{
    char buf[128];
    ssize_t n, got = 0;

    usleep(PAUSE_MS * 1000);
    if (!strcmp(mode, "exit"))
        return fd;
    if (!strcmp(mode, "read")) {
        while ((n = read(fd, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
            got += n;
        if (n < 0)
            return 10 + errno;
        buf[got] = '\0';
        return strcmp(buf, CONTENT) == 0 ? 0 : 2;
    }
    if (!strcmp(mode, "write"))
        return write(fd, WROTE, strlen(WROTE)) == (ssize_t)strlen(WROTE) ? 0 : 10 + errno;
    if (!strcmp(mode, "sock")) {
        if ((n = recv(fd, buf, strlen(SOCK_DATA), MSG_WAITALL)) != (ssize_t)strlen(SOCK_DATA))
            return n < 0 ? 10 + errno : 2;
        if (memcmp(buf, SOCK_DATA, strlen(SOCK_DATA)) != 0)
            return 3;
        return send(fd, "ok", 2, 0) == 2 ? 0 : 4;
    }
    if (!strcmp(mode, "mid")) { // passes fd on, closes it at once, as its parent did
        rid_t pid = spawn("read", fd);
        if (pid < 0 || close(fd) < 0)
            return 5;
        return wait_code(pid);
    }
    return 9;
}

static const struct tcase cases[] = {
    {"a file the parent closes right after proccreate: the child reads it whole", read_closed_file},
    {"a file the parent closes right after proccreate: the child writes it", write_closed_file},
    {"two generations, each closing at once: the grandchild reads it whole", two_generations},
    {"a pipe end the parent closes right after proccreate: the child reads it", pipe_end},
    {"a socket the parent closes right after proccreate: the child talks over it", socket_end},
    {"lends of what is not the caller's, or to what is not its child, are refused", hostile_lends},
};

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "case") != 0)
        return helper(argv[1], atoi(argv[2]));
    if (argc == 1) {
        // a warm-up before the leak check's first count: netd's and the file
        // server's first clients give them tables they keep, which is no leak
        for (int i = 1; i <= (int)(sizeof(cases) / sizeof(cases[0])); i++) {
            char num[8];
            snprintf(num, sizeof(num), "%d", i);
            tap_run("t_inherit", "case", num, NULL, 0);
        }
    }
    return tap_main(argc, argv, cases, (int)(sizeof(cases) / sizeof(cases[0])));
}

/*
 * t_pipe - pipes (DESIGN §8; ipc/pipe.c, user/lib/file.c, user/lib/popen.c):
 * bytes in order, a blocked reader woken by a writer, end of file when the
 * last writer goes (also killed), SIGPIPE and EPIPE with no reader, PIPE_BUF writes
 * never interleaved, ends passed to a child and through a process that
 * never used them to a grandchild, close-on-exec ends and unnamed ends not
 * kept, hostile calls, popen and pclose both ways, system's status; the
 * leak check at the end finds every pipe slot back.
 * The program is also its own helper: "t_pipe w TEXT" writes TEXT to
 * stdout, "late" does after a sleep, "spin" holds stdout forever, "atom C"
 * writes ATOM_WRITES blocks of PIPE_BUF bytes of C, "mid" runs "w grand"
 * without touching a descriptor, "ends" exits with the count of pipe ends
 * it holds after start-up, "count" with the bytes on stdin, "exit N" with
 * N, "use RID" with 0 if reading pipe RID (not held) is EBADF.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define ATOM_WRITES 32

/* Run t_pipe with args, our descriptor `fd` as its descriptor `as` (fd < 0:
 * none); returns its pid. */
static rid_t
spawn_with(int fd, int as, const char *a1, const char *a2)
{
    int saved = -1;
    rid_t pid;

    if (fd >= 0) {
        saved = fcntl(as, F_DUPFD_CLOEXEC, 10);
        dup2(fd, as);
    }
    pid = tap_spawn("t_pipe", a1, a2, NULL, 0);
    if (fd >= 0) {
        dup2(saved, as);
        close(saved);
    }
    return pid;
}

static int
wait_code(rid_t pid)
{
    int st = -1;

    if (pid < 0 || procwait(pid, &st) != pid)
        return -1;
    return PROC_EXITED(st) ? PROC_EXITCODE(st) : 0x10000 | st;
}

/* Read fd to its end into buf (up to max); returns the bytes read. */
static int
slurp(int fd, char *buf, int max)
{
    int n = 0, r;

    while (n < max && (r = (int)read(fd, buf + n, (size_t)(max - n))) > 0)
        n += r;
    return n;
}

static int
helper(int argc, char **argv)
{
    const char *m = argv[1], *arg = argc > 2 ? argv[2] : "";
    char buf[PIPE_BUF];

    if (!strcmp(m, "w"))
        return write(1, arg, strlen(arg)) == (ssize_t)strlen(arg) ? 0 : 1;
    if (!strcmp(m, "late")) {
        usleep(100 * 1000);
        return write(1, "late", 4) == 4 ? 0 : 1;
    }
    if (!strcmp(m, "spin"))
        for (;;)
            usleep(1000 * 1000);
    if (!strcmp(m, "sigpipe")) { // SIGPIPE's default: never returns from the write
        int fd[2];
        if (pipe(fd) < 0 || close(fd[0]) < 0)
            return 1;
        write(fd[1], "x", 1);
        return 2;
    }
    if (!strcmp(m, "atom")) {
        memset(buf, arg[0], sizeof(buf));
        for (int i = 0; i < ATOM_WRITES; i++) {
            if (write(1, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
                return 1;
            if (i % 4 == 0)
                yield();
        }
        return 0;
    }
    if (!strcmp(m, "mid")) { // never touches a descriptor itself
        struct pipeend e[4];
        int held = pipeends(e, 4);
        rid_t pid = tap_spawn("t_pipe", "w", "grand", NULL, 0);
        return held != 1 ? 10 + held : wait_code(pid);
    }
    if (!strcmp(m, "ends")) {
        fcntl(0, F_GETFD); // the library's start-up: unnamed ends go
        return pipeends(NULL, 0);
    }
    if (!strcmp(m, "count")) {
        int n = 0, r;
        while ((r = (int)read(0, buf, sizeof(buf))) > 0)
            n += r;
        return n;
    }
    if (!strcmp(m, "exit"))
        return atoi(arg);
    if (!strcmp(m, "use"))
        return piperead(atoi(arg), buf, 1, 0) == -1 && errno == EBADF ? 0 : 1;
    return 2;
}

static int
t_order(void)
{
    int fd[2], d;
    char buf[32];
    struct stat st;

    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(write(fd[1], "hello", 5), 5);
    CHECK_EQ(write(fd[1], "world", 5), 5);
    CHECK_EQ(read(fd[0], buf, 3), 3);
    CHECK(!memcmp(buf, "hel", 3));
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 7);
    CHECK(!memcmp(buf, "loworld", 7));
    CHECK_EQ(fstat(fd[0], &st), 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK_EQ(fcntl(fd[0], F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ(fcntl(fd[1], F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_EQ(lseek(fd[0], 0, SEEK_SET), -1);
    CHECK_EQ(errno, ESPIPE);
    CHECK_EQ(isatty(fd[0]), 0);
    CHECK((d = dup(fd[1])) >= 0);
    CHECK_EQ(close(fd[1]), 0);
    CHECK_EQ(write(d, "x", 1), 1); // the end stays held while a descriptor names it
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 1);
    CHECK_EQ(write(fd[0], "x", 1), -1); // the read end cannot write
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(d), 0);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 0); // no writer: end of file
    CHECK_EQ(close(fd[0]), 0);
    CHECK_EQ(pipeends(NULL, 0), 0);
    return 0;
}

static int
t_blocking_reader(void)
{
    int fd[2];
    char buf[8];
    rid_t pid;

    CHECK_EQ(pipe(fd), 0);
    CHECK((pid = spawn_with(fd[1], 1, "late", NULL)) > 0);
    close(fd[1]);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 4); // waits for the child's write
    CHECK(!memcmp(buf, "late", 4));
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 0);
    CHECK_EQ(wait_code(pid), 0);
    return 0;
}

static int
t_eof_killed(void)
{
    int fd[2];
    char buf[8];
    struct res_info ri;
    rid_t pid;

    CHECK_EQ(pipe(fd), 0);
    CHECK((pid = spawn_with(fd[1], 1, "spin", NULL)) > 0);
    close(fd[1]);
    usleep(30 * 1000);
    struct pipeend e;
    CHECK_EQ(pipeends(&e, 1), 1);
    CHECK_EQ(resinfo(e.pipe, &ri), 0);
    CHECK_EQ(ri.u.pipe.writers, 1); // the child's
    CHECK_EQ(resdelete(pid), 0);
    CHECK_EQ(read(fd[0], buf, sizeof(buf)), 0);
    CHECK(wait_code(pid) != 0);
    return 0;
}

/* A write with no reader raises SIGPIPE, whose default ends the writer;
 * ignored, the write fails with EPIPE. */
static int
t_epipe(void)
{
    int fd[2], st = -1;
    rid_t pid;

    CHECK((pid = tap_spawn("t_pipe", "sigpipe", NULL, NULL, 0)) > 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, PROC_STATUS_SIGNAL(SIGPIPE));
    CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(close(fd[0]), 0);
    CHECK_EQ(write(fd[1], "x", 1), -1);
    CHECK_EQ(errno, EPIPE);
    return 0;
}

static int
t_atomic(void)
{
    static char buf[2 * ATOM_WRITES * PIPE_BUF + 16];
    int fd[2], n;
    rid_t a, b;

    CHECK_EQ(pipe(fd), 0);
    CHECK((a = spawn_with(fd[1], 1, "atom", "A")) > 0);
    CHECK((b = spawn_with(fd[1], 1, "atom", "B")) > 0);
    close(fd[1]);
    n = slurp(fd[0], buf, sizeof(buf));
    CHECK_EQ(n, 2 * ATOM_WRITES * PIPE_BUF);
    for (int i = 0; i < n; i += PIPE_BUF)
        for (int j = 1; j < PIPE_BUF; j++)
            CHECK_EQ(buf[i + j], buf[i]);
    CHECK_EQ(wait_code(a), 0);
    CHECK_EQ(wait_code(b), 0);
    return 0;
}

static int
t_grandchild(void)
{
    int fd[2];
    char buf[16];
    rid_t pid;

    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(fcntl(fd[0], F_SETFD, FD_CLOEXEC), 0); // so "mid" holds the write end alone
    CHECK((pid = spawn_with(fd[1], 1, "mid", NULL)) > 0);
    close(fd[1]);
    CHECK_EQ(slurp(fd[0], buf, sizeof(buf)), 5);
    CHECK(!memcmp(buf, "grand", 5));
    CHECK_EQ(wait_code(pid), 0);
    return 0;
}

static int
t_cloexec(void)
{
    int fd[2];
    rid_t raw;

    CHECK_EQ(pipe(fd), 0);
    CHECK_EQ(fcntl(fd[0], F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ(wait_code(spawn_with(-1, 0, "ends", NULL)), 1); // the write end only
    CHECK_EQ(fcntl(fd[1], F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ(wait_code(spawn_with(-1, 0, "ends", NULL)), 0);
    // an end marked by hand but named by no descriptor: the child lets it go
    CHECK((raw = pipecreate(TEST_MODE)) > 0);
    CHECK_EQ(pipemark(raw, PIPE_READ, 1), 0);
    CHECK_EQ(wait_code(spawn_with(-1, 0, "ends", NULL)), 0);
    CHECK_EQ(pipeclose(raw, PIPE_READ), 0);
    CHECK_EQ(pipeclose(raw, PIPE_WRITE), 0);
    CHECK_EQ(pipeclose(raw, PIPE_WRITE), -1); // gone with its last end
    CHECK_EQ(errno, ENOENT);
    return 0;
}

static int
t_hostile(void)
{
    char buf[8], num[16];
    rid_t p, q;
    struct pipeend e[2];

    CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR); // its writes with no reader: EPIPE
    CHECK((p = pipecreate(TEST_MODE)) > 0);
    CHECK_EQ(pipecreate(0x8000), -EINVAL);    // mode bits outside RCC_MODE_MASK
    CHECK_EQ(piperead(p + 1, buf, 1, 0), -1); // another generation: stale
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(piperead(getpid(), buf, 1, 0), -1); // not a pipe
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipewrite(p, "ab", 2, 0), 2);
    CHECK_EQ(piperead(p, (void *)0xc0001000, 2, 0), -1); // the kernel's
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(piperead(p, NULL, 2, 0), -1);
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(pipewrite(p, (void *)0xfffff000, 4, 0), -1);
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(pipewrite(p, buf, 0x80000000u, 0), -1); // huge
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(piperead(p, buf, 0xffffffffu, 0), 2); // nothing consumed by the faults
    CHECK(!memcmp(buf, "ab", 2));
    CHECK_EQ(piperead(p, buf, 1, PIPE_NOWAIT), -1); // empty, and we hold the writer
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(piperead(p, buf, 1, 0x80), -1);
    CHECK_EQ(errno, EINVAL);
    for (int i = 0; i < PIPE_SIZE / 8; i++)
        CHECK_EQ(pipewrite(p, "01234567", 8, PIPE_NOWAIT), 8);
    CHECK_EQ(pipewrite(p, "x", 1, PIPE_NOWAIT), -1); // full
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(piperead(p, buf, 8, PIPE_NOWAIT), 8);
    CHECK_EQ(pipeclose(p, 2), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipemark(p, -1, 1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipeends(e, -1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pipeends((void *)0xc0000000, 2), -1);
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(pipeends(e, 2), 2);
    CHECK(e[0].pipe == p && e[0].end == PIPE_READ && e[1].end == PIPE_WRITE);
    // an end this process holds is nothing to a process it did not pass it to
    snprintf(num, sizeof(num), "%d", p);
    CHECK_EQ(wait_code(tap_spawn("t_pipe", "use", num, NULL, 0)), 0);
    CHECK_EQ(pipeclose(p, PIPE_READ), 0);
    CHECK_EQ(piperead(p, buf, 1, 0), -1); // not held any more
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(pipewrite(p, "x", 1, 0), -1); // no reader
    CHECK_EQ(errno, EPIPE);
    // the ends a process holds are limited; resdelete takes a pipe from its holders
    for (int i = 0; i < 16; i++)
        if ((q = pipecreate(TEST_MODE)) < 0)
            break;
    CHECK_EQ(errno, EMFILE);
    CHECK_EQ(resdelete(p), 0);
    CHECK_EQ(pipewrite(p, "x", 1, 0), -1);
    CHECK_EQ(errno, ENOENT);
    return 0; // the rest go when the case ends
}

static int
t_popen(void)
{
    char line[32];
    FILE *f;
    int st;

    CHECK((f = popen("echo hi there", "r")) != NULL);
    CHECK(fgets(line, sizeof(line), f) != NULL);
    CHECK(!strcmp(line, "hi there\n"));
    CHECK(fgets(line, sizeof(line), f) == NULL);
    CHECK_EQ(pclose(f), 0);
    CHECK((f = popen("t_pipe count", "w")) != NULL);
    CHECK(fputs("twelve bytes", f) >= 0);
    st = pclose(f);
    CHECK(WIFEXITED(st));
    CHECK_EQ(WEXITSTATUS(st), 12);
    CHECK(popen("true", "rw") == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pclose(stdout), -1);
    CHECK_EQ(errno, ECHILD);
    CHECK_EQ(pipeends(NULL, 0), 0);
    return 0;
}

static int
t_system(void)
{
    int st;

    CHECK_EQ(system(NULL), 1);
    CHECK_EQ(system("true"), 0);
    st = system("t_pipe exit 7");
    CHECK(WIFEXITED(st));
    CHECK_EQ(WEXITSTATUS(st), 7);
    st = system("no_such_program_here");
    CHECK_EQ(WEXITSTATUS(st), 127);
    st = system("t_pipe w a | t_pipe count");
    CHECK_EQ(WEXITSTATUS(st), 1); // $? of a pipeline: its last stage's
    return 0;
}

static const struct tcase cases[] = {
    {"bytes come out in order; fstat, fcntl, dup, lseek on pipe ends", t_order},
    {"a reader waits for a writer in another process", t_blocking_reader},
    {"end of file when the last writer is killed", t_eof_killed},
    {"a write with no reader fails with EPIPE", t_epipe},
    {"two writers' PIPE_BUF writes never interleave", t_atomic},
    {"a pipe to a grandchild through a process that never used it", t_grandchild},
    {"close-on-exec and unnamed ends do not reach a child", t_cloexec},
    {"hostile calls: stale, foreign, unheld, bad buffers, huge sizes", t_hostile},
    {"popen and pclose, reading and writing", t_popen},
    {"system returns the shell's status in POSIX's encoding", t_system},
};

int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "case") != 0)
        return helper(argc, argv);
    // warm up: the shell's PATH search reaches the file server (/usr/bin), whose
    // first-client costs (page tables, caches) are no leak of ours
    struct stat st;
    if (argc == 1 && stat("/etc/passwd", &st) < 0)
        return 1;
    return tap_main(argc, argv, cases, (int)(sizeof(cases) / sizeof(cases[0])));
}

/*
 * user/bin/httpd/os.c - the one system-specific file of httpd: how a worker
 * and a CGI script are started, waited for and stopped.
 *
 * Tender (built with -DHTTPD_TENDER, user/bin/httpd/cflags): there is no
 * fork. A worker is /bin/httpd made by proccreate in a new space of its
 * own, like an Apache child process, inheriting the listening socket. A
 * script is proccreate'd with its stdin and stdout moved into place around
 * the call (as popen does) and the CGI variables handed to proccreate_env
 * (added to the environment the kernel copies, ours left as it is: setenv
 * would leak a string per variable and request): mode `new` gives it a
 * new space (vmid 0), mode `hvs` the worker's own (getvmid(0)), so the
 * worker's wait for it is a same-space switch (DESIGN §4, §7).
 * Elsewhere (the host build, where the same source is tested with curl and
 * ab): posix_spawn of this program or of the script; both modes are alike.
 * The clock of stats.c is the TSC on Tender (cycles; sysstat's tsc_khz
 * converts), CLOCK_MONOTONIC elsewhere (ns); the system's counters beside
 * a worker's are the kernel's, netd's and the file server's on Tender,
 * none elsewhere.
 * Entry points: os_help, os_spawn_worker, os_spawn_cgi, os_wait_worker, os_wait,
 * os_kill, os_ignore_sigpipe, os_cycles, os_cycles_unit, os_stats.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "httpd.h"

#ifdef HTTPD_TENDER
#include <net.h>
#include <omfs.h>
#include <tender.h>

#define SELF_PATH "/bin/httpd"
#define CHILD_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF) | RCC_OTHER(RCC_REF))

/* -h: the usage line and the shell's `help` entry. Returns 1 if it printed. */
int
os_help(int argc, char **argv)
{
    return tender_help(argc, argv, "httpd [-m new|hvs] [-p PORT] [-w WORKERS] [-s]",
                       "web server: static files from /www, CGI /cgi-bin/NAME runs /bin/NAME");
}

/* Start a worker (argv: ours with -W FD) in a new space. Returns its pid or -1. */
int
os_spawn_worker(int listen_fd, char *const argv[])
{
    rid_t pid = proccreate("", SELF_PATH, argv, 0, CHILD_MODE);

    (void)listen_fd; // inherited under the same number
    return pid < 0 ? -1 : pid;
}

/* Move descriptor fd to `as` for a proccreate; *saved keeps what was there
 * (-1: nothing), always above 2, so a closed stdin cannot make the copy of
 * stdout land on 0. */
static int
move_fd(int fd, int as, int *saved)
{
    *saved = fcntl(as, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    return dup2(fd, as) < 0 ? -1 : 0;
}

static void
restore_fd(int as, int saved)
{
    if (saved >= 0) {
        dup2(saved, as);
        close(saved);
    } else {
        close(as);
    }
}

/* Start a script with in_fd as its stdin, out_fd as its stdout and envp
 * added to its environment (ours, which the kernel copies), in a new space
 * or ours (httpd_opts.mode). Returns its pid or -1 with errno (ENOENT: no
 * such program). */
int
os_spawn_cgi(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd)
{
    rid_t vm = httpd_opts.mode == MODE_HVS ? getvmid(0) : 0, pid = -1;
    int saved_in, saved_out, err;

    if (move_fd(in_fd, STDIN_FILENO, &saved_in) == 0 &&
        move_fd(out_fd, STDOUT_FILENO, &saved_out) == 0) {
        pid = proccreate_env("", path, argv, envp, vm, CHILD_MODE);
        err = errno;
        restore_fd(STDOUT_FILENO, saved_out);
        errno = err;
    }
    err = errno;
    restore_fd(STDIN_FILENO, saved_in);
    errno = err;
    return pid < 0 ? -1 : pid;
}

/* Wait until one of the n workers in pids has ended and reap it. Returns
 * its index. procwait takes one pid, so the master looks once a second for
 * a worker that is gone or a zombie (resinfo). */
int
os_wait_worker(const int *pids, int n)
{
    struct res_info ri;

    for (;;) {
        for (int i = 0; i < n; i++)
            if (pids[i] <= 0 || resinfo(pids[i], &ri) < 0 || ri.u.proc.state == PROC_ZOMBIE) {
                if (pids[i] > 0)
                    procwait(pids[i], NULL);
                return i;
            }
        sleep(1);
    }
}

/* Wait for child pid. Returns its exit code, or -1 if it did not exit. */
int
os_wait(int pid)
{
    int status;

    if (procwait(pid, &status) < 0)
        return -1;
    return PROC_EXITED(status) ? PROC_EXITCODE(status) : -1;
}

/* stats.c's clock: the TSC. */
uint64_t
os_cycles(void)
{
    return rdtsc();
}

/* What os_cycles counts, for /server-stats' "unit" line. */
const char *
os_cycles_unit(void)
{
    return "cycles";
}

/* The file server's codes whose requests and cycles /server-stats shows
 * (the counter's and a script's start); the rest go to fs_other. */
static const struct {
    uint32_t code;
    const char *name;
} fs_ops[] = {
    {OMFS_OPEN, "open"},         {OMFS_CLOSE, "close"},
    {OMFS_READ, "read"},         {OMFS_WRITE, "write"},
    {OMFS_LSEEK, "lseek"},       {OMFS_FSTAT, "fstat"},
    {OMFS_STAT, "stat"},         {OMFS_LOCK, "lock"},
    {OMFS_MAP, "map"},           {OMFS_WRITEBLOCK, "writeblock"},
    {OMFS_TRUNCATE, "truncate"}, {OMFS_ADOPT, "adopt"},
    {OMFS_EXEC, "exec"},         {OMFS_INFO, "info"},
};

/* fs_NAME_n and fs_NAME lines (requests, cycles) for fs_ops and the rest. */
static size_t
fs_op_lines(char *buf, size_t room)
{
    static struct omfs_optime t[OMFS_NCODES];
    uint64_t other_n = 0, other_c = 0;
    size_t n = 0;
    int k;

    if (omfs_optimes(t) < 0)
        return 0;
    for (uint32_t c = 0; c < OMFS_NCODES; c++) {
        size_t i = 0;
        while (i < sizeof(fs_ops) / sizeof(fs_ops[0]) && fs_ops[i].code != c)
            i++;
        if (i == sizeof(fs_ops) / sizeof(fs_ops[0])) {
            other_n += t[c].count;
            other_c += t[c].cycles;
        } else if (n < room && (k = snprintf(buf + n, room - n, "fs_%s_n %u\nfs_%s %llu\n",
                                             fs_ops[i].name, (unsigned)t[c].count, fs_ops[i].name,
                                             (unsigned long long)t[c].cycles)) > 0) {
            n += (size_t)k;
        }
    }
    if (n < room && (k = snprintf(buf + n, room - n, "fs_other_n %llu\nfs_other %llu\n",
                                  (unsigned long long)other_n, (unsigned long long)other_c)) > 0)
        n += (size_t)k;
    return n < room ? n : room - 1;
}

/* The system's counters as "name value" lines into buf (at most room - 1
 * bytes and a NUL): the TSC now and its rate, the kernel's switches and
 * address-space loads, netd's and the file server's requests and cycles,
 * the latter also by code (a server that does not answer leaves its lines
 * out). Returns the bytes. */
size_t
os_stats(char *buf, size_t room)
{
    struct sysstat st;
    struct netd_info ni;
    struct omfs_info fi;
    size_t n = 0;
    int k;

    if (room == 0)
        return 0;
    buf[0] = '\0';
    if (sysstat(&st) == 0 &&
        (k = snprintf(buf, room, "tsc %llu\ntsc_khz %u\nswitches %u\ncr3_loads %u\n",
                      (unsigned long long)rdtsc(), (unsigned)st.tsc_khz, (unsigned)st.switches,
                      (unsigned)st.cr3_loads)) > 0)
        n += (size_t)k;
    if (n < room && net_info(&ni) == 0 &&
        (k = snprintf(buf + n, room - n,
                      "netd_requests %u\nnetd_busy %llu\nnetd_rx %llu\nnetd_req %llu\n"
                      "netd_tx %llu\nnetd_rx_frames %u\nnetd_tx_frames %u\nnetd_irqs %u\n",
                      (unsigned)ni.requests, (unsigned long long)ni.busy_cycles,
                      (unsigned long long)ni.rx_cycles, (unsigned long long)ni.req_cycles,
                      (unsigned long long)ni.tx_cycles, (unsigned)ni.rx_frames,
                      (unsigned)ni.tx_frames, (unsigned)ni.irqs)) > 0)
        n += (size_t)k;
    if (n < room && omfs_info(&fi) == 0 &&
        (k = snprintf(buf + n, room - n, "fs_requests %u\nfs_busy %llu\n", (unsigned)fi.requests,
                      (unsigned long long)fi.busy)) > 0)
        n += (size_t)k;
    if (n < room)
        n += fs_op_lines(buf + n, room - n);
    return n < room ? n : room - 1;
}
#else
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

/* -h is the usage's business elsewhere (main.c). Returns 0. */
int
os_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* Start a worker: this very program again, with -W FD. Returns its pid or -1. */
int
os_spawn_worker(int listen_fd, char *const argv[])
{
    pid_t pid;
    int err;

    (void)listen_fd; // not close-on-exec: inherited under the same number
    if ((err = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, argv, environ)) != 0) {
        errno = err;
        return -1;
    }
    return pid;
}

/* Start a script with in_fd as stdin, out_fd as stdout, envp as its
 * environment. Returns its pid or -1 with errno (ENOENT: no such program). */
int
os_spawn_cgi(const char *path, char *const argv[], char *const envp[], int in_fd, int out_fd)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int err;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    err = posix_spawn(&pid, path, &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        errno = err;
        return -1;
    }
    return pid;
}

/* Wait until one of the n workers in pids has ended and reap it. Returns
 * its index (a pid <= 0, a worker that never started, at once). */
int
os_wait_worker(const int *pids, int n)
{
    for (;;) {
        pid_t p;
        for (int i = 0; i < n; i++)
            if (pids[i] <= 0)
                return i;
        while ((p = waitpid(-1, NULL, 0)) < 0 && errno == EINTR)
            ;
        for (int i = 0; i < n; i++)
            if (p > 0 && pids[i] == p)
                return i;
        if (p < 0)
            sleep(1);
    }
}

/* Wait for child pid. Returns its exit code, or -1 if it did not exit. */
int
os_wait(int pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
#endif

#ifndef HTTPD_TENDER
/* stats.c's clock: CLOCK_MONOTONIC in ns. */
uint64_t
os_cycles(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What os_cycles counts, for /server-stats' "unit" line. */
const char *
os_cycles_unit(void)
{
    return "ns";
}

/* No system counters here. Returns 0. */
size_t
os_stats(char *buf, size_t room)
{
    if (room)
        buf[0] = '\0';
    return 0;
}
#endif

/* Stop a script that overran its time (it is reaped by os_wait). */
void
os_kill(int pid)
{
    kill(pid, SIGKILL);
}

/* A client that hangs up must not end the worker: writes fail instead. */
void
os_ignore_sigpipe(void)
{
    signal(SIGPIPE, SIG_IGN);
}

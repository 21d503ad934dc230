/*
 * user/bin/httpd/main.c - httpd's options and its prefork master (DESIGN §7).
 *
 * Model, Apache 1.3's prefork: the master opens the listening socket and
 * starts WORKERS copies of this program (`httpd -W FD ...`), each inheriting
 * the socket as descriptor FD and accepting on it in turn, one connection at
 * a time (worker.c). The master then only waits: a worker that ends is
 * started again, so a crash costs one connection, never the service. In
 * mode `new` a worker runs each CGI script in a new address space; in mode
 * `hvs` in its own space (Tender's proccreate with the worker's vmid: the
 * paper's method); elsewhere both are a plain spawn (os.c). SIGTERM or
 * SIGINT to the master ends the workers too.
 * Entry point: main.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "httpd.h"

#define DEFAULT_PORT 80
#define DEFAULT_WORKERS 4

struct httpd_opts httpd_opts = {
    .port = DEFAULT_PORT,
    .workers = DEFAULT_WORKERS,
    .mode = MODE_HVS,
    .root = "/www",
    .cgi_dir = "/bin",
    .head_timeout_ms = 10000,
    .idle_timeout_ms = 5000,
    .cgi_timeout_ms = 30000,
};

static int worker_pids[HTTPD_WORKERS_MAX];

/* SIGTERM or SIGINT to the master: the workers go with it. */
static void
stop(int sig)
{
    for (int i = 0; i < httpd_opts.workers; i++)
        if (worker_pids[i] > 0)
            kill(worker_pids[i], SIGTERM);
    _exit(128 + sig);
}

static void
usage(void)
{
    fprintf(
        stderr,
        "usage: httpd [-m new|hvs] [-p PORT] [-w WORKERS] [-r ROOT] [-c CGIDIR]\n"
        "             [-t HEAD_MS] [-k IDLE_MS] [-x SCRIPT_MS] [-e NAME=VALUE]... [-q] [-s] [-i]\n"
        "  HTTP/1.0 and 1.1 server: static files from ROOT (/www), /cgi-bin/NAME runs\n"
        "  CGIDIR/NAME (/bin) as CGI/1.1; WORKERS prefork workers (4) on PORT (80);\n"
        "  -m new: each script in a new space, -m hvs: in the worker's space;\n"
        "  a script's output must end within SCRIPT_MS (30000): 504 otherwise;\n"
        "  -s: GET /server-stats answers the worker's time per stage (stats.c);\n"
        "  -i: serve one connection on stdin and stdout (no socket, no workers)\n");
}

static int
num(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (*s == '\0' || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* Options; the worker's -W FD comes back through *worker_fd (-1: master). */
static int
parse_args(int argc, char **argv, int *worker_fd)
{
    struct httpd_opts *o = &httpd_opts;

    *worker_fd = -1; // -2: -i, one connection on stdin and stdout
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;

        if (strcmp(a, "-q") == 0 || strcmp(a, "-i") == 0 || strcmp(a, "-s") == 0) {
            if (a[1] == 'q')
                o->quiet = 1;
            else if (a[1] == 's')
                o->stats = 1;
            else
                *worker_fd = -2;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || !v || a[0] != '-' || a[2])
            return -1;
        i++;
        switch (a[1]) {
        case 'm':
            if (strcmp(v, "new") == 0)
                o->mode = MODE_NEW;
            else if (strcmp(v, "hvs") == 0)
                o->mode = MODE_HVS;
            else
                bad = 1;
            break;
        case 'p': bad = num(v, 1, 65535, &o->port); break;
        case 'w': bad = num(v, 1, HTTPD_WORKERS_MAX, &o->workers); break;
        case 't': bad = num(v, 1, 3600000, &o->head_timeout_ms); break;
        case 'k': bad = num(v, 1, 3600000, &o->idle_timeout_ms); break;
        case 'x':
            bad = num(v, 1, 3600000, &o->cgi_timeout_ms);
            break;
        case 'W': bad = num(v, 0, 1023, worker_fd); break;
        case 'r': o->root = v; break;
        case 'c': o->cgi_dir = v; break;
        case 'e':
            if (o->nsetenv == HTTPD_SETENV_MAX || !strchr(v, '='))
                bad = 1;
            else
                o->setenv[o->nsetenv++] = v;
            break;
        default: bad = 1;
        }
        if (bad)
            return -1;
    }
    return 0;
}

/* The worker's command line: ours with -W FD in front of the options. */
static char **
worker_argv(int argc, char **argv, int fd)
{
    static char fdbuf[12];
    char **wv = calloc((size_t)argc + 3, sizeof(char *));

    if (!wv)
        return NULL;
    snprintf(fdbuf, sizeof(fdbuf), "%d", fd);
    wv[0] = argv[0];
    wv[1] = "-W";
    wv[2] = fdbuf;
    for (int i = 1; i < argc; i++)
        wv[i + 2] = argv[i];
    return wv;
}

static int
master(int argc, char **argv)
{
    int fd = net_listen(httpd_opts.port), *pids = worker_pids;
    char **wv;

    if (fd < 0) {
        fprintf(stderr, "httpd: port %d: %s\n", httpd_opts.port, strerror(errno));
        return 1;
    }
    if (!(wv = worker_argv(argc, argv, fd)))
        return 1;
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    for (int i = 0; i < httpd_opts.workers; i++)
        if ((pids[i] = os_spawn_worker(fd, wv)) < 0) {
            fprintf(stderr, "httpd: cannot start a worker: %s\n", strerror(errno));
            return 1;
        }
    if (!httpd_opts.quiet)
        printf("httpd: port %d, %d workers, CGI in %s spaces\n", httpd_opts.port,
               httpd_opts.workers, httpd_opts.mode == MODE_HVS ? "the workers'" : "new");
    fflush(stdout);
    for (;;) {
        int i = os_wait_worker(pids, httpd_opts.workers);
        if (pids[i] > 0)
            fprintf(stderr, "httpd: worker %d ended; starting another\n", pids[i]);
        sleep(1); // a worker that dies at once must not spin the master
        pids[i] = os_spawn_worker(fd, wv);
    }
}

/* httpd [options]: the master; with -W FD a worker; with -i one connection. */
int
main(int argc, char **argv)
{
    int worker_fd;

    if (os_help(argc, argv))
        return 0;
    if (parse_args(argc, argv, &worker_fd) < 0) {
        usage();
        return 2;
    }
    os_ignore_sigpipe();
    if (worker_fd >= 0)
        return worker_run(worker_fd);
    if (worker_fd == -2)
        return worker_inetd();
    return master(argc, argv);
}

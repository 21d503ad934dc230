/*
 * tests/guest/t_web.c - httpd and the CGI counter in the guest (DESIGN §7),
 * with no network: each case writes a request stream to a file and runs
 * `httpd -i` (one connection on stdin and stdout) on it, reading the
 * response from a pipe. Cases: a static file, 404 and a path out of the
 * root; the counter goes up by one per request; two requests on one
 * keep-alive stream; a bad request line is 400 and HTTP/2.0 is 505; a huge
 * header is 431; mode hvs creates the script in httpd's space and mode new
 * in another; the CGI variables and a POST body reach the script;
 * counters run at once lose no count (the fcntl lock); a script that
 * never answers is cut off at httpd's script time-out (504) while the
 * connection goes on; and with -s, /server-stats counts the request before
 * it and its stages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define REQ_FILE "/tmp/t_web.req"
#define OUT_MAX 16384
#define COUNTER "/var/counter"
#define RACERS 6
#define ROUNDS 3

static char out[OUT_MAX];
static char *extra_opt; /* one more option on httpd's command line (NULL: none) */
static char *script_ms; /* httpd's -x (the script time-out) for the next http(); NULL: its own */

/* Start argv[0] from /bin with in_fd as stdin and out_fd as stdout. */
static rid_t
spawn_io(char *const argv[], int in_fd, int out_fd)
{
    char path[64];
    // saved above 2, so a closed stdin cannot make a copy land on 0 or 1
    int saved_in = fcntl(0, F_DUPFD_CLOEXEC, 3), saved_out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    rid_t pid;

    fflush(stdout);
    snprintf(path, sizeof(path), "/bin/%s", argv[0]);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    pid = proccreate("", path, argv, 0, TEST_MODE);
    if (saved_in >= 0) {
        dup2(saved_in, 0);
        close(saved_in);
    } else {
        close(0);
    }
    dup2(saved_out, 1);
    close(saved_out);
    return pid;
}

/* Run httpd -i -m mode on the request stream req; the response into out.
 * Returns its length or -1; *vm (if not NULL) gets httpd's space. */
static int
http(const char *req, size_t len, const char *mode, rid_t *vm)
{
    char *argv[8] = {"httpd", "-i", "-m", (char *)mode};
    int argc = 4;
    if (extra_opt)
        argv[argc++] = extra_opt;
    if (script_ms) {
        argv[argc++] = "-x";
        argv[argc++] = script_ms;
    }
    argv[argc] = NULL;
    int fd = open(REQ_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644), p[2], status;
    size_t got = 0;
    ssize_t n;
    rid_t pid;

    if (fd < 0 || write(fd, req, len) != (ssize_t)len || close(fd) < 0) {
        printf("# %s: %s\n", REQ_FILE, strerror(errno));
        return -1;
    }
    if ((fd = open(REQ_FILE, O_RDONLY)) < 0 || pipe(p) < 0) {
        printf("# open or pipe: %s\n", strerror(errno));
        return -1;
    }
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    pid = spawn_io(argv, fd, p[1]);
    close(fd); // at once: httpd has its own (t_inherit)
    if (pid < 0) {
        printf("# proccreate httpd: %s\n", strerror(errno));
        close(p[0]);
        close(p[1]);
        return -1;
    }
    close(p[1]);
    if (vm)
        *vm = getvmid(pid);
    while (got < OUT_MAX - 1 && (n = read(p[0], out + got, OUT_MAX - 1 - got)) > 0)
        got += (size_t)n;
    out[got] = '\0';
    close(p[0]);
    procwait(pid, &status);
    unlink(REQ_FILE);
    if (!PROC_EXITED(status) || PROC_EXITCODE(status) != 0)
        printf("# httpd ended with status 0x%x after %zu bytes\n", status, got);
    return PROC_EXITED(status) ? (int)got : -1;
}

static int
http_str(const char *req, const char *mode)
{
    return http(req, strlen(req), mode, NULL);
}

static int
status_of(const char *resp)
{
    return strncmp(resp, "HTTP/1.1 ", 9) == 0 ? atoi(resp + 9) : -1;
}

static long
counter_file(void)
{
    char buf[32] = "";
    int fd = open(COUNTER, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

    if (fd >= 0)
        close(fd);
    return n < 0 ? -1 : atol(buf);
}

static long
counter_page(const char *resp)
{
    const char *b = strstr(resp, "<b>");
    return b ? atol(b + 3) : -1;
}

static int
static_file(void)
{
    CHECK(http_str("GET /index.html HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 200);
    CHECK(strstr(out, "Content-Type: text/html\r\n"));
    CHECK(strstr(out, "Tender/HVS httpd"));
    CHECK(http_str("GET / HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 200); // the directory's index.html
    CHECK(http_str("GET /no-such-page HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 404);
    CHECK(http_str("GET /../var/counter HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 400);
    CHECK(http_str("GET /%2e%2e/var/counter HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 400);
    return 0;
}

static int
counter_increments(void)
{
    long before = counter_file(), first, second;

    CHECK(before >= 0);
    CHECK(http_str("GET /cgi-bin/counter HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 200);
    first = counter_page(out);
    CHECK(http_str("GET /cgi-bin/counter HTTP/1.0\r\n\r\n", "new") > 0);
    CHECK_EQ(status_of(out), 200);
    second = counter_page(out);
    CHECK_EQ(first, before + 1);
    CHECK_EQ(second, before + 2);
    CHECK_EQ(counter_file(), before + 2);
    return 0;
}

static int
keep_alive(void)
{
    // two scripts on one connection: a worker runs many (a second one once
    // crashed it, when the CGI environment was a borrowed environ)
    const char *req = "GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /cgi-bin/counter HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /cgi-bin/t_webcgi?x=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                      "GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n";
    char *second, *third;

    CHECK(http_str(req, "hvs") > 0);
    CHECK_EQ(status_of(out), 200);
    CHECK(strstr(out, "Connection: keep-alive\r\n"));
    CHECK((second = strstr(out + 1, "HTTP/1.1 ")) != NULL);
    CHECK_EQ(status_of(second), 200);
    CHECK(counter_page(second) > 0);
    CHECK((third = strstr(second + 1, "HTTP/1.1 ")) != NULL);
    CHECK_EQ(status_of(third), 200);
    CHECK(strstr(third, "Connection: close\r\n"));
    CHECK(strstr(third, "query=x=1\n"));
    CHECK(strstr(third + 1, "HTTP/1.1 ") == NULL); // closed: the fourth is not answered
    return 0;
}

static int
bad_request_line(void)
{
    static const char *const bad[] = {
        "GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1 x\r\n\r\n", "GET noslash HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n", // HTTP/1.1 without Host
        "GET / HTTP/1.0\r\nno colon here\r\n\r\n",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(http_str(bad[i], "hvs") > 0);
        if (status_of(out) != 400) {
            printf("# request %zu answered %d\n", i, status_of(out));
            return 1;
        }
    }
    CHECK(http_str("GET / HTTP/2.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 505);
    return 0;
}

static int
huge_header(void)
{
    static char req[20000];
    size_t n = (size_t)snprintf(req, sizeof(req), "GET / HTTP/1.0\r\nX-Big: ");

    memset(req + n, 'a', sizeof(req) - n - 5);
    memcpy(req + sizeof(req) - 5, "\r\n\r\n", 4);
    CHECK(http(req, sizeof(req) - 1, "hvs", NULL) > 0);
    CHECK_EQ(status_of(out), 431);
    return 0;
}

static long
cgi_vm(const char *mode, rid_t *httpd_vm)
{
    const char *v;

    if (http_str("GET /cgi-bin/t_webcgi HTTP/1.0\r\n\r\n", mode) <= 0 || status_of(out) != 200)
        return -1;
    (void)httpd_vm;
    return (v = strstr(out, "vm=")) ? atol(v + 3) : -1;
}

static int
cgi_space(void)
{
    rid_t vm_h = 0, vm_n = 0;
    long hvs, nw;

    CHECK(http("GET /cgi-bin/t_webcgi HTTP/1.0\r\n\r\n", 35, "hvs", &vm_h) > 0);
    CHECK_EQ(status_of(out), 200);
    CHECK(strstr(out, "vm="));
    hvs = atol(strstr(out, "vm=") + 3);
    CHECK(http("GET /cgi-bin/t_webcgi HTTP/1.0\r\n\r\n", 35, "new", &vm_n) > 0);
    CHECK(strstr(out, "vm="));
    nw = atol(strstr(out, "vm=") + 3);
    CHECK(vm_h > 0 && vm_n > 0);
    CHECK_EQ(hvs, vm_h); // mode hvs: the script ran in httpd's own space
    CHECK(nw != vm_n);   // mode new: in a space of its own
    CHECK(cgi_vm("hvs", NULL) > 0);
    return 0;
}

static int
cgi_environment(void)
{
    const char *req = "POST /cgi-bin/t_webcgi?a=1&b=two HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello";

    CHECK(http_str(req, "hvs") > 0);
    CHECK_EQ(status_of(out), 200);
    CHECK(strstr(out, "Content-Type: text/plain\r\n"));
    CHECK(strstr(out, "X-Test: yes\r\n"));
    CHECK(strstr(out, "method=POST\n"));
    CHECK(strstr(out, "query=a=1&b=two\n"));
    CHECK(strstr(out, "gateway=CGI/1.1\n"));
    CHECK(strstr(out, "script=/cgi-bin/t_webcgi\n"));
    CHECK(strstr(out, "protocol=HTTP/1.0\n"));
    CHECK(strstr(out, "body=hello\n"));
    CHECK(http_str("GET /cgi-bin/no_such_program HTTP/1.0\r\n\r\n", "hvs") > 0);
    CHECK_EQ(status_of(out), 404);
    return 0;
}

static long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A script that says nothing is stopped at httpd's script time-out (poll
 * on its pipe times out): 504, and the connection goes on to the next
 * request. Both modes. */
static int
cgi_timeout(void)
{
    const char *req = "GET /cgi-bin/t_webcgi?hang HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /cgi-bin/t_webcgi?next HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    static const char *const modes[] = {"hvs", "new"};
    char *second;

    for (int i = 0; i < 2; i++) {
        long t0 = now_ms(), took;
        int n;
        script_ms = "500";
        n = http_str(req, modes[i]);
        script_ms = NULL;
        took = now_ms() - t0;
        CHECK(n > 0);
        printf("# mode %s: answered in %ld ms\n", modes[i], took);
        CHECK_EQ(status_of(out), 504);
        CHECK(took >= 450 && took < 4000); // the script would have taken 5 s
        CHECK((second = strstr(out + 1, "HTTP/1.1 ")) != NULL);
        CHECK_EQ(status_of(second), 200);
        CHECK(strstr(second, "query=next\n"));
    }
    return 0;
}

static int
counter_concurrent(void)
{
    char *argv[] = {"counter", NULL};
    long before = counter_file();
    int sink = open("/tmp/t_web.out", O_WRONLY | O_CREAT | O_TRUNC, 0644), in = open("/www/index.html", O_RDONLY);
    rid_t pids[RACERS];

    CHECK(before >= 0 && sink >= 0 && in >= 0);
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < RACERS; i++)
            CHECK((pids[i] = spawn_io(argv, in, sink)) > 0);
        for (int i = 0; i < RACERS; i++) {
            int status;
            CHECK_EQ(procwait(pids[i], &status), pids[i]);
            CHECK_EQ(status, 0);
        }
    }
    close(sink);
    close(in);
    unlink("/tmp/t_web.out");
    CHECK_EQ(counter_file(), before + RACERS * ROUNDS);
    return 0;
}

/* "name value" line of a /server-stats answer: its value, or -1 */
static long long
stat_of(const char *resp, const char *name)
{
    char key[32];
    const char *p;

    snprintf(key, sizeof(key), "\n%s ", name);
    return (p = strstr(resp, key)) ? atoll(p + strlen(key)) : -1;
}

static int
server_stats(void)
{
    const char *req = "GET /cgi-bin/counter HTTP/1.1\r\nHost: t\r\n\r\n"
                      "GET /server-stats HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    const char *stats;

    CHECK(http_str(req, "new") > 0); // without -s it is a file, and there is none
    CHECK((stats = strstr(out + 1, "HTTP/1.1 ")) != NULL);
    CHECK_EQ(status_of(stats), 404);
    extra_opt = "-s";
    int len = http_str(req, "hvs");
    extra_opt = NULL;
    CHECK(len > 0);
    CHECK_EQ(status_of(out), 200);
    CHECK((stats = strstr(out + 1, "HTTP/1.1 ")) != NULL);
    CHECK_EQ(status_of(stats), 200);
    CHECK(strstr(stats, "\nmode hvs\nunit cycles\n"));
    CHECK_EQ(stat_of(stats, "requests"), 1); // the counter's; the stats request is not counted
    CHECK_EQ(stat_of(stats, "cgi"), 1);
    CHECK(stat_of(stats, "head") > 0);
    CHECK(stat_of(stats, "spawn") > 0);
    CHECK(stat_of(stats, "script") > 0);
    CHECK(stat_of(stats, "reap") > 0);
    CHECK(stat_of(stats, "respond") > 0);
    CHECK_EQ(stat_of(stats, "close"), 0); // the connection is still open
    CHECK(stat_of(stats, "tsc_khz") > 0);
    CHECK(stat_of(stats, "switches") > 0);
    CHECK(stat_of(stats, "fs_requests") > 0);
    CHECK(stat_of(stats, "fs_busy") > 0);
    CHECK(stat_of(stats, "fs_open_n") > 0); // the counter opened its file
    CHECK(stat_of(stats, "fs_open") > 0);
    return 0;
}

static const struct tcase cases[] = {
    {"static file, 404, a path out of the root is 400", static_file},
    {"the counter goes up by one per request", counter_increments},
    {"keep-alive: requests and scripts on one stream until Connection: close", keep_alive},
    {"a bad request line is 400, HTTP/2.0 is 505", bad_request_line},
    {"a huge header is 431", huge_header},
    {"mode hvs runs the script in httpd's space, mode new in another", cgi_space},
    {"CGI variables and a POST body reach the script; no script is 404", cgi_environment},
    {"counters at once lose no count (fcntl lock)", counter_concurrent},
    {"a script that never answers is cut off at the time-out: 504, the next request served",
     cgi_timeout},
    {"-s: /server-stats counts the request before it and its stages", server_stats},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_web", "httpd and the CGI counter without a network (httpd -i)"))
        return 0;
    if (argc == 1) {
        // warm-up before the leak check's first count: the file server's
        // first use of /tmp, /www and /var/counter grows its tables for good,
        // and so does the first /server-stats (one frame, not one a request)
        http_str("GET /index.html HTTP/1.0\r\n\r\n", "hvs");
        http_str("GET /cgi-bin/counter HTTP/1.0\r\n\r\n", "hvs");
        extra_opt = "-s";
        http_str("GET /server-stats HTTP/1.0\r\n\r\n", "hvs");
        extra_opt = NULL;
    }
    return tap_main(argc, argv, cases, (int)(sizeof(cases) / sizeof(cases[0])));
}

/*
 * user/bin/httpd/httpd.h - the web server's shared declarations (DESIGN §7):
 * its options, a parsed request, and the entry points of each file:
 *   main.c     options, the listening socket, the prefork master
 *   worker.c   a worker: accept, the keep-alive loop of one connection
 *   request.c  the request line and headers (pure parsing, no I/O)
 *   respond.c  status lines, error pages, static files from the root
 *   cgi.c      CGI/1.1: the environment, the script's output and its headers
 *   net.c      sockets: listen, accept, reads with a deadline, whole writes
 *   os.c       the one system-specific file: starting workers and scripts
 *              (Tender: proccreate, new space or the worker's; elsewhere:
 *              posix_spawn), waiting for them, stopping them; its clock and
 *              the system's counters for stats.c
 *   stats.c    where a worker's time goes: cycles per stage, /server-stats
 * Included only by the files of this folder.
 */
#ifndef HTTPD_H
#define HTTPD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define HTTPD_HEAD_MAX 8192       /* request line plus headers: more is 431 */
#define HTTPD_BODY_MAX 65536      /* a request body (CGI stdin): more is 413 */
#define HTTPD_CGI_OUT_MAX 1048576 /* a script's whole output: more is 502 */
#define HTTPD_HEADERS_MAX 64      /* header lines kept per request */
#define HTTPD_KEEPALIVE_MAX 100   /* requests on one connection */
#define HTTPD_WORKERS_MAX 64
#define HTTPD_SETENV_MAX 16       /* -e NAME=VALUE options */

enum httpd_mode { MODE_NEW, MODE_HVS };

struct httpd_opts {
    int port;
    int workers;
    enum httpd_mode mode;
    const char *root;     /* static files: /www */
    const char *cgi_dir;  /* /cgi-bin/NAME runs CGI_DIR/NAME: /bin */
    int head_timeout_ms;  /* a whole request head must arrive within this */
    int idle_timeout_ms;  /* keep-alive: the next request must start within this */
    int cgi_timeout_ms;   /* a script's output must end within this */
    int quiet;
    int stats; /* -s: answer GET /server-stats (stats.c) */
    int nsetenv;
    const char *setenv[HTTPD_SETENV_MAX]; /* passed to every script */
};

extern struct httpd_opts httpd_opts;

struct header {
    char *name, *value;
};

struct request {
    char *method, *target, *path, *query, *version;
    int minor;          /* HTTP/1.minor */
    int keep_alive;     /* what the client asked for (and its version allows) */
    long content_length; /* -1: none */
    int nheaders;
    struct header headers[HTTPD_HEADERS_MAX];
    char remote_addr[48];
    int remote_port, local_port;
};

/* request.c */
int req_head_end(const char *buf, size_t len);
int req_parse(char *head, struct request *r);
const char *req_header(const struct request *r, const char *name);
int url_decode(char *s);

/* respond.c */
const char *status_reason(int code);
int send_head(int fd, int code, const char *type, long length, int keep_alive,
              const char *extra);
int send_response(int fd, int code, const char *type, const char *body, size_t len, int keep_alive,
                  const char *extra, int head_only);
int send_error(int fd, int code, int keep_alive, int head_only);
int serve_static(int fd, const struct request *r, int keep_alive);

/* cgi.c */
int serve_cgi(int fd, const struct request *r, const char *name, const char *body, size_t body_len,
              int keep_alive, uint64_t *mark);

/* stats.c: the stages of a request, in order (stats.c says what each holds) */
enum stats_stage { ST_HEAD, ST_SPAWN, ST_SCRIPT, ST_REAP, ST_RESPOND, ST_CLOSE, ST_COUNT };

struct httpd_stats {
    uint64_t requests, cgi;    /* counted requests, of them scripts run */
    uint64_t cycles[ST_COUNT]; /* os_cycles summed per stage */
};

extern struct httpd_stats httpd_stats;
void stats_add(enum stats_stage s, uint64_t *mark);
int serve_stats(int fd, int keep_alive);

/* worker.c */
int worker_run(int listen_fd);
int worker_inetd(void);

/* net.c */
long net_now_ms(void);
int net_listen(int port);
int net_accept(int listen_fd, char *addr, size_t addr_len, int *port, int *local_port);
int net_wait(int fd, int ms);
ssize_t net_read(int fd, void *buf, size_t len, int ms);
int net_write_all(int fd, const void *buf, size_t len);
void net_close(int fd);

/* os.c */
int os_help(int argc, char **argv);
int os_spawn_worker(int listen_fd, char *const argv[]);
int os_spawn_cgi(const char *path, char *const argv[], char *const envp[], int in_fd,
                 int out_fd);
int os_wait_worker(const int *pids, int n);
int os_wait(int pid);
void os_kill(int pid);
void os_ignore_sigpipe(void);
uint64_t os_cycles(void);
const char *os_cycles_unit(void);
size_t os_stats(char *buf, size_t room);

#endif

/*
 * user/bin/httpd/worker.c - one prefork worker: accept a connection on the
 * shared listening socket, serve its requests one after another (HTTP/1.1
 * keep-alive, HTTP/1.0 with "Connection: keep-alive"), close it, accept the
 * next. Hostile clients cost bounded time and memory: a head must arrive
 * whole within the head time-out (one byte a second never gets there: 408
 * and close), a quiet keep-alive connection is closed after the idle
 * time-out, a head over HTTPD_HEAD_MAX is 431 (a request line alone over
 * it, 414), a body over HTTPD_BODY_MAX is 413, and every one of those
 * closes the connection. Bytes after a request are the next request
 * (pipelining). Each counted request's stages are timed into httpd_stats
 * (stats.c) from c->mark: the accept's return, then each stage's end.
 * Entry points: worker_run, worker_inetd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

struct conn {
    int fd;  /* read from: the socket (stdin with -i) */
    int out; /* written to: the socket (stdout with -i) */
    char buf[HTTPD_HEAD_MAX];
    size_t len; /* bytes in buf: a head, perhaps its body, perhaps the next request */
    char addr[48];
    int port, local_port;
    uint64_t mark; /* stats.c's clock at the end of the last stage */
    int counted;   /* the last request was one stats.c counts */
};

/* Read more into c->buf before the deadline. Returns the bytes read, 0 at
 * end of stream, -1 on error, -2 at the deadline. */
static ssize_t
fill(struct conn *c, long deadline)
{
    long left = deadline - net_now_ms();
    ssize_t n;

    if (left <= 0)
        return -2;
    n = net_read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, (int)left);
    if (n > 0)
        c->len += (size_t)n;
    return n;
}

/* Wait for a whole head in c->buf. Returns its length, or 0 to close
 * quietly, or -status to answer with before closing. */
static int
read_head(struct conn *c, int first)
{
    long now = net_now_ms(), deadline = now + httpd_opts.head_timeout_ms;
    int end;

    if (!first && c->len == 0) {
        // keep-alive: wait for the next request's first byte
        int r = net_wait(c->fd, httpd_opts.idle_timeout_ms);
        if (r <= 0)
            return 0;
        deadline = net_now_ms() + httpd_opts.head_timeout_ms;
    }
    while ((end = req_head_end(c->buf, c->len)) == 0) {
        ssize_t n;
        if (c->len == sizeof(c->buf))
            return memchr(c->buf, '\n', c->len) ? -431 : -414;
        if ((n = fill(c, deadline)) == -2)
            return c->len ? -408 : 0;
        if (n <= 0)
            return 0;
    }
    return end;
}

/* Read a body of length bytes (what follows the head in buf first) into a
 * new buffer. Returns it (NULL and *status on failure). */
static char *
read_body(struct conn *c, int head_len, long length, int *status)
{
    char *body = malloc((size_t)length + 1);
    size_t have = c->len - (size_t)head_len, got;
    long deadline = net_now_ms() + httpd_opts.head_timeout_ms;

    if (!body) {
        *status = 500;
        return NULL;
    }
    got = have < (size_t)length ? have : (size_t)length;
    memcpy(body, c->buf + head_len, got);
    memmove(c->buf, c->buf + head_len + got, c->len - (size_t)head_len - got);
    c->len -= (size_t)head_len + got;
    while (got < (size_t)length) {
        long left = deadline - net_now_ms();
        ssize_t n = left > 0 ? net_read(c->fd, body + got, (size_t)length - got, (int)left) : -2;
        if (n <= 0) {
            free(body);
            *status = n == -2 ? 408 : 0;
            return NULL;
        }
        got += (size_t)n;
    }
    return body;
}

/* One request. Returns 1 to read another on this connection, 0 to close. */
static int
one_request(struct conn *c, int first, int last)
{
    char head[HTTPD_HEAD_MAX + 1], *body = NULL;
    struct request r;
    int head_len = read_head(c, first), status, keep, rc;

    if (head_len <= 0) {
        if (head_len < 0)
            send_error(c->out, -head_len, 0, 0);
        return 0;
    }
    memcpy(head, c->buf, (size_t)head_len);
    head[head_len] = '\0';
    if ((status = req_parse(head, &r)) != 0) {
        send_error(c->out, status, 0, 0);
        return 0;
    }
    c->counted = !(httpd_opts.stats && strcmp(r.path, "/server-stats") == 0);
    if (c->counted) {
        httpd_stats.requests++;
        stats_add(ST_HEAD, &c->mark);
    }
    snprintf(r.remote_addr, sizeof(r.remote_addr), "%s", c->addr);
    r.remote_port = c->port;
    r.local_port = c->local_port;
    if (r.content_length > HTTPD_BODY_MAX) {
        send_error(c->out, 413, 0, 0);
        return 0;
    }
    if (r.content_length > 0) {
        if (!(body = read_body(c, head_len, r.content_length, &status))) {
            if (status)
                send_error(c->out, status, 0, 0);
            return 0;
        }
    } else {
        memmove(c->buf, c->buf + head_len, c->len - (size_t)head_len);
        c->len -= (size_t)head_len;
    }
    keep = r.keep_alive && !last;
    if (!c->counted) {
        rc = serve_stats(c->out, keep);
    } else if (strncmp(r.path, "/cgi-bin/", 9) == 0) {
        rc = serve_cgi(c->out, &r, r.path + 9, body, body ? (size_t)r.content_length : 0, keep,
                       &c->mark);
    } else {
        if (body)
            rc = send_error(c->out, 405, keep, 0); // a body for a file: only scripts take one
        else
            rc = serve_static(c->out, &r, keep);
        stats_add(ST_RESPOND, &c->mark);
    }
    free(body);
    if (rc < 0) // the client went before its answer did: say so, it is rare
        fprintf(stderr, "httpd: %s:%d %s %s: the answer was not sent (%s)\n", c->addr, c->port,
                r.method, r.path, strerror(errno));
    return rc == 0 && keep;
}

/* The requests of one connection, until it closes or must be closed. */
static void
serve_conn(struct conn *c)
{
    c->len = 0;
    c->counted = 0;
    c->mark = os_cycles();
    for (int i = 0; one_request(c, i == 0, i + 1 == HTTPD_KEEPALIVE_MAX); i++)
        ;
}

/* Close the connection; its close is the last counted request's last stage. */
static void
close_conn(struct conn *c)
{
    net_close(c->fd);
    if (c->counted)
        stats_add(ST_CLOSE, &c->mark);
}

/* Serve connections from listen_fd for ever (returns 1 only if accepting
 * fails for good). */
int
worker_run(int listen_fd)
{
    static struct conn c;
    int failures = 0;

    fcntl(listen_fd, F_SETFD, FD_CLOEXEC); // the scripts get no listening socket
    for (;;) {
        c.fd = net_accept(listen_fd, c.addr, sizeof(c.addr), &c.port, &c.local_port);
        if (c.fd < 0) {
            if (errno != EINTR && ++failures > 1000)
                return 1;
            continue;
        }
        failures = 0;
        c.out = c.fd;
        serve_conn(&c);
        close_conn(&c);
    }
}

/* -i (inetd style, and a test with no network): serve one connection whose
 * requests come on stdin and whose responses go to stdout. Returns 0. */
int
worker_inetd(void)
{
    static struct conn c;

    c.fd = STDIN_FILENO;
    c.out = STDOUT_FILENO;
    snprintf(c.addr, sizeof(c.addr), "127.0.0.1");
    serve_conn(&c);
    return 0;
}

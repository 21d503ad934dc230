/*
 * user/bin/httpd/cgi.c - CGI/1.1 (RFC 3875): /cgi-bin/NAME[/PATH_INFO] runs
 * CGI_DIR/NAME with the request in its environment and its body on stdin;
 * the script's stdout is read whole (up to HTTPD_CGI_OUT_MAX, within the
 * CGI time-out), its header block parsed (§6.3: Content-Type, Location,
 * Status, others passed on) and the response sent with a Content-Length, so
 * the connection may stay open. A script that fails, overflows or says
 * nothing sensible yields 502; one that hangs is stopped and yields 504.
 * Entry point: serve_cgi.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "httpd.h"

#define ENV_MAX (HTTPD_HEADERS_MAX + HTTPD_SETENV_MAX + 24)
#define EXTRA_MAX 4096 /* the script's own header lines we pass on */

struct env {
    int n;
    char *v[ENV_MAX + 1];
};

static void
env_add(struct env *e, const char *name, const char *value)
{
    size_t len = strlen(name) + strlen(value) + 2;
    char *s;

    if (e->n == ENV_MAX || !(s = malloc(len)))
        return;
    snprintf(s, len, "%s=%s", name, value);
    e->v[e->n++] = s;
    e->v[e->n] = NULL;
}

static void
env_free(struct env *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->v[i]);
    e->n = 0;
}

/* The meta-variables of RFC 3875 §4.1, then HTTP_* for each header. */
static void
env_build(struct env *e, const struct request *r, const char *name, const char *path_info)
{
    char buf[1100];
    const char *host = req_header(r, "Host"), *v;

    e->n = 0;
    e->v[0] = NULL;
    env_add(e, "GATEWAY_INTERFACE", "CGI/1.1");
    env_add(e, "SERVER_SOFTWARE", "tender-httpd/1.0");
    snprintf(buf, sizeof(buf), "%s", host && *host ? host : "localhost");
    buf[strcspn(buf, ":")] = '\0';
    env_add(e, "SERVER_NAME", buf);
    snprintf(buf, sizeof(buf), "%d", r->local_port);
    env_add(e, "SERVER_PORT", buf);
    snprintf(buf, sizeof(buf), "HTTP/1.%d", r->minor);
    env_add(e, "SERVER_PROTOCOL", buf);
    env_add(e, "REQUEST_METHOD", r->method);
    snprintf(buf, sizeof(buf), "/cgi-bin/%s", name);
    env_add(e, "SCRIPT_NAME", buf);
    env_add(e, "PATH_INFO", path_info);
    env_add(e, "QUERY_STRING", r->query);
    snprintf(buf, sizeof(buf), "%s%s%s", r->path, *r->query ? "?" : "", r->query);
    env_add(e, "REQUEST_URI", buf);
    env_add(e, "REMOTE_ADDR", r->remote_addr);
    snprintf(buf, sizeof(buf), "%d", r->remote_port);
    env_add(e, "REMOTE_PORT", buf);
    env_add(e, "PATH", "/bin");
    if ((v = req_header(r, "Content-Type")))
        env_add(e, "CONTENT_TYPE", v);
    if (r->content_length >= 0) {
        snprintf(buf, sizeof(buf), "%ld", r->content_length);
        env_add(e, "CONTENT_LENGTH", buf);
    }
    for (int i = 0; i < r->nheaders; i++) {
        const char *h = r->headers[i].name;
        size_t k = 5;
        if (strcasecmp(h, "Content-Type") == 0 || strcasecmp(h, "Content-Length") == 0 ||
            strcasecmp(h, "Authorization") == 0 || strcasecmp(h, "Proxy") == 0)
            continue; // §4.1.18: not credentials, not the httpoxy hole
        memcpy(buf, "HTTP_", 5);
        for (; *h && k < 64; h++)
            buf[k++] = *h == '-' ? '_' : (char)toupper((unsigned char)*h);
        buf[k] = '\0';
        env_add(e, buf, r->headers[i].value);
    }
    for (int i = 0; i < httpd_opts.nsetenv; i++) {
        const char *eq = strchr(httpd_opts.setenv[i], '=');
        snprintf(buf, sizeof(buf), "%.*s", (int)(eq - httpd_opts.setenv[i]), httpd_opts.setenv[i]);
        env_add(e, buf, eq + 1);
    }
}

/* Run the script; its whole output into *out (malloc'd), its length into
 * *out_len. Returns 0, or the status to answer with (404, 500, 502, 504). */
static int
run_script(const char *path, const char *name, char *const envp[], const char *body,
           size_t body_len, char **out, size_t *out_len, uint64_t *mark)
{
    int in[2], outp[2], pid, status = 0;
    char *argv[] = {(char *)name, NULL}, *buf;
    size_t len = 0, cap = 4096;
    long deadline = net_now_ms() + httpd_opts.cgi_timeout_ms;

    stats_add(ST_HEAD, mark); // the environment built: still the request's head
    if (pipe(in) < 0)
        return 500;
    if (pipe(outp) < 0) {
        close(in[0]);
        close(in[1]);
        return 500;
    }
    fcntl(in[1], F_SETFD, FD_CLOEXEC);
    fcntl(outp[0], F_SETFD, FD_CLOEXEC);
    pid = os_spawn_cgi(path, argv, envp, in[0], outp[1]);
    close(in[0]);
    close(outp[1]);
    stats_add(ST_SPAWN, mark);
    if (pid < 0) {
        close(in[1]);
        close(outp[0]);
        return errno == ENOENT ? 404 : 500;
    }
    if (body_len && write(in[1], body, body_len) != (ssize_t)body_len)
        status = 502;
    close(in[1]);
    buf = malloc(cap);
    while (!status && buf) {
        long left = deadline - net_now_ms();
        int ready = left > 0 ? net_wait(outp[0], (int)left) : 0;
        ssize_t n;
        if (ready <= 0) {
            status = 504;
            break;
        }
        if (len == cap) {
            char *more = cap >= HTTPD_CGI_OUT_MAX ? NULL : realloc(buf, cap * 2);
            if (!more) {
                status = 502;
                break;
            }
            buf = more;
            cap *= 2;
        }
        if ((n = read(outp[0], buf + len, cap - len)) < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(outp[0]);
    stats_add(ST_SCRIPT, mark);
    if (status)
        os_kill(pid);
    os_wait(pid); // its exit status is not the response's: the output is
    stats_add(ST_REAP, mark);
    httpd_stats.cgi++;
    if (!buf && !status)
        status = 500;
    if (status) {
        free(buf);
        return status;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

/* Parse the script's header block (§6.3) and send the response. Returns 0
 * if the connection may go on, -1 if it must close. */
static int
respond(int fd, const struct request *r, char *out, size_t len, int keep_alive)
{
    int head_len = req_head_end(out, len), code = 0, head_only = strcmp(r->method, "HEAD") == 0;
    char extra[EXTRA_MAX], *p = out, *type = NULL, *location = NULL;
    size_t ne = 0;

    if (head_len == 0)
        return send_error(fd, 502, keep_alive, head_only) < 0 ? -1 : 0;
    out[head_len - 1] = '\0';
    extra[0] = '\0';
    while (*p) {
        char *nl = strchr(p, '\n'), *line = p, *colon, *v;
        size_t n;
        if (nl) {
            *nl = '\0';
            p = nl + 1;
        } else {
            p += strlen(p);
        }
        if ((n = strlen(line)) > 0 && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (!*line)
            continue;
        if (!(colon = strchr(line, ':')))
            return send_error(fd, 502, keep_alive, head_only) < 0 ? -1 : 0;
        *colon = '\0';
        for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
            ;
        if (strcasecmp(line, "Status") == 0) {
            code = atoi(v);
        } else if (strcasecmp(line, "Content-Type") == 0) {
            type = v;
        } else if (strcasecmp(line, "Content-Length") == 0 || strcasecmp(line, "Connection") == 0 ||
                   strcasecmp(line, "Transfer-Encoding") == 0) {
            continue; // ours to say
        } else {
            if (strcasecmp(line, "Location") == 0)
                location = v;
            int n = snprintf(extra + ne, sizeof(extra) - ne, "%s: %s\r\n", line, v);
            if (n < 0 || (size_t)n >= sizeof(extra) - ne)
                return send_error(fd, 502, keep_alive, head_only) < 0 ? -1 : 0;
            ne += (size_t)n;
        }
    }
    if (!code)
        code = location ? 302 : 200;
    if (code < 100 || code > 999 || (!type && !location && len > (size_t)head_len))
        return send_error(fd, 502, keep_alive, head_only) < 0 ? -1 : 0;
    return send_response(fd, code, type, out + head_len, len - (size_t)head_len, keep_alive,
                         ne ? extra : NULL, head_only);
}

/* Answer a request for /cgi-bin/NAME[/PATH_INFO] (name is what follows
 * /cgi-bin/, not decoded). Returns 0 if the connection may go on, -1 if it
 * must close. */
int
serve_cgi(int fd, const struct request *r, const char *name, const char *body, size_t body_len,
          int keep_alive, uint64_t *mark)
{
    char script[256], path[512], *out = NULL;
    const char *slash = strchr(name, '/'), *info = slash ? slash : "";
    size_t nlen = slash ? (size_t)(slash - name) : strlen(name), out_len = 0;
    int head_only = strcmp(r->method, "HEAD") == 0, status;
    struct env env;

    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "POST") != 0 && !head_only)
        return send_error(fd, 501, keep_alive, 0) < 0 ? -1 : 0;
    if (nlen == 0 || nlen >= sizeof(script) || name[0] == '.')
        return send_error(fd, 404, keep_alive, head_only) < 0 ? -1 : 0;
    memcpy(script, name, nlen);
    script[nlen] = '\0';
    if (url_decode(script) < 0 || strchr(script, '/'))
        return send_error(fd, 404, keep_alive, head_only) < 0 ? -1 : 0;
    // no stat: on Tender the programs of the boot image are not on the disk;
    // the spawn's ENOENT says 404
    snprintf(path, sizeof(path), "%s/%s", httpd_opts.cgi_dir, script);
    env_build(&env, r, script, info);
    status = run_script(path, script, env.v, body, body_len, &out, &out_len, mark);
    env_free(&env);
    if (status)
        status = send_error(fd, status, keep_alive, head_only) < 0 ? -1 : 0;
    else
        status = respond(fd, r, out, out_len, keep_alive);
    free(out);
    stats_add(ST_RESPOND, mark);
    return status;
}

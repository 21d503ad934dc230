/*
 * user/bin/httpd/respond.c - what the server sends: a status line with its
 * headers, an error page, and a static file from the document root.
 * Every response carries Content-Length, so a keep-alive connection always
 * knows where one ends; a path that is not clean (a NUL, "..", a bad escape)
 * never reaches the file system.
 * Entry points: status_reason, send_head, send_response, send_error,
 * serve_static.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "httpd.h"

#define SERVER_NAME "tender-httpd/1.0"
#define FILE_CHUNK 8192
#define RESPONSE_ONE_WRITE 16384

static const struct {
    int code;
    const char *reason;
} reasons[] = {
    {200, "OK"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {304, "Not Modified"},
    {400, "Bad Request"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {408, "Request Timeout"},
    {411, "Length Required"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

/* The reason phrase of a status code ("Unknown" for one not listed). */
const char *
status_reason(int code)
{
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (reasons[i].code == code)
            return reasons[i].reason;
    return "Unknown";
}

/* Format a status line and headers into buf: type (NULL: none), length (-1:
 * none), extra (NULL or complete header lines, each ending in CR LF).
 * Returns the length, or -1 if they do not fit. */
static int
format_head(char *buf, size_t size, int code, const char *type, long length, int keep_alive,
            const char *extra)
{
    int n = snprintf(buf, size, "HTTP/1.1 %d %s\r\nServer: %s\r\nConnection: %s\r\n", code,
                     status_reason(code), SERVER_NAME, keep_alive ? "keep-alive" : "close");

    if (type)
        n += snprintf(buf + n, size - (size_t)n, "Content-Type: %s\r\n", type);
    if (length >= 0)
        n += snprintf(buf + n, size - (size_t)n, "Content-Length: %ld\r\n", length);
    if (extra)
        n += snprintf(buf + n, size - (size_t)n, "%s", extra);
    if (n >= (int)size - 2)
        return -1;
    buf[n++] = '\r';
    buf[n++] = '\n';
    return n;
}

/* Send a status line and headers (as format_head). Returns 0 or -1 (the
 * connection failed). */
int
send_head(int fd, int code, const char *type, long length, int keep_alive, const char *extra)
{
    char buf[HTTPD_HEAD_MAX];
    int n = format_head(buf, sizeof(buf), code, type, length, keep_alive, extra);

    return n < 0 ? -1 : net_write_all(fd, buf, (size_t)n);
}

/* Send a whole response: head and body (none if head_only) in one write
 * when they fit in RESPONSE_ONE_WRITE, so a small answer is one segment.
 * Returns 0 or -1. */
int
send_response(int fd, int code, const char *type, const char *body, size_t len, int keep_alive,
              const char *extra, int head_only)
{
    char buf[RESPONSE_ONE_WRITE];
    int n = format_head(buf, sizeof(buf), code, type, (long)len, keep_alive, extra);

    if (n < 0)
        return -1;
    if (head_only)
        return net_write_all(fd, buf, (size_t)n);
    if ((size_t)n + len <= sizeof(buf)) {
        memcpy(buf + n, body, len);
        return net_write_all(fd, buf, (size_t)n + len);
    }
    if (net_write_all(fd, buf, (size_t)n) < 0)
        return -1;
    return net_write_all(fd, body, len);
}

/* Send a small HTML page for an error status (only its head if head_only).
 * Returns 0 or -1. */
int
send_error(int fd, int code, int keep_alive, int head_only)
{
    char body[256];
    int n = snprintf(body, sizeof(body),
                     "<html><head><title>%d %s</title></head>"
                     "<body><h1>%d %s</h1></body></html>\n",
                     code, status_reason(code), code, status_reason(code));

    return send_response(fd, code, "text/html", body, (size_t)n, keep_alive,
                         code == 405 ? "Allow: GET, HEAD\r\n" : NULL, head_only);
}

static const char *
content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html"},  {".htm", "text/html"},        {".txt", "text/plain"},
        {".css", "text/css"},    {".js", "text/javascript"},   {".png", "image/png"},
        {".gif", "image/gif"},   {".jpg", "image/jpeg"},       {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"}, {".json", "application/json"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* Does the decoded path stay inside the root? No "." or ".." segment. */
static int
path_clean(const char *p)
{
    for (const char *s = p; *s; s++)
        if (*s == '/' && s[1] == '.' &&
            (s[2] == '/' || s[2] == '\0' || (s[2] == '.' && (s[3] == '/' || s[3] == '\0'))))
            return 0;
    return 1;
}

static int
send_file(int fd, int file, long size)
{
    char buf[FILE_CHUNK];
    long left = size;

    while (left > 0) {
        ssize_t n = read(file, buf, left < FILE_CHUNK ? (size_t)left : FILE_CHUNK);
        if (n <= 0)
            return -1; // it shrank under us: the length sent is a lie, so close
        if (net_write_all(fd, buf, (size_t)n) < 0)
            return -1;
        left -= n;
    }
    return 0;
}

/* Answer a GET or HEAD for a file under the root (a directory: its
 * index.html). Returns 0 if the connection may go on, -1 if it must close. */
int
serve_static(int fd, const struct request *r, int keep_alive)
{
    int head_only = strcmp(r->method, "HEAD") == 0, file, err;
    char path[1024], *decoded = strdup(r->path);
    struct stat st;
    size_t n;

    if (strcmp(r->method, "GET") != 0 && !head_only) {
        free(decoded);
        return send_error(fd, 405, keep_alive, 0) < 0 ? -1 : 0;
    }
    if (!decoded || url_decode(decoded) < 0 || !path_clean(decoded)) {
        free(decoded);
        return send_error(fd, decoded ? 400 : 500, keep_alive, head_only) < 0 ? -1 : 0;
    }
    n = (size_t)snprintf(path, sizeof(path), "%s%s", httpd_opts.root, decoded);
    free(decoded);
    if (n >= sizeof(path) - 12)
        return send_error(fd, 414, keep_alive, head_only) < 0 ? -1 : 0;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (path[n - 1] != '/') {
            char loc[1100];
            snprintf(loc, sizeof(loc), "Location: %s/\r\n", r->path);
            return send_head(fd, 301, NULL, 0, keep_alive, loc) < 0 ? -1 : 0;
        }
        strcat(path, "index.html");
    }
    if ((file = open(path, O_RDONLY)) < 0) {
        err = errno == ENOENT || errno == ENOTDIR ? 404 : 403;
        return send_error(fd, err, keep_alive, head_only) < 0 ? -1 : 0;
    }
    if (fstat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(file);
        return send_error(fd, 403, keep_alive, head_only) < 0 ? -1 : 0;
    }
    err = send_head(fd, 200, content_type(path), (long)st.st_size, keep_alive, NULL);
    if (err == 0 && !head_only)
        err = send_file(fd, file, (long)st.st_size);
    close(file);
    return err;
}

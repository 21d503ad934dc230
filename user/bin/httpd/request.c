/*
 * user/bin/httpd/request.c - an HTTP/1.x request head, parsed in place
 * (RFC 9112 §2-§5): the request line, the header fields, and what the
 * server needs of them (Content-Length, keep-alive, the path and query).
 * Pure: no I/O, so bad input can only yield an error code.
 * Entry points: req_head_end, req_parse, req_header, url_decode.
 */
#define _GNU_SOURCE // strcasestr
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "httpd.h"

/* The length of the head in buf (through its empty line), or 0 if it has
 * not ended yet. Bare LF line ends are accepted, as most servers do. */
int
req_head_end(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (i + 1 < len && buf[i + 1] == '\n')
            return (int)i + 2;
        if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
            return (int)i + 3;
    }
    return 0;
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode %XX in place. Returns 0, or -1 for a bad escape or an encoded NUL. */
int
url_decode(char *s)
{
    char *out = s;

    for (; *s; s++) {
        if (*s != '%') {
            *out++ = *s;
            continue;
        }
        int hi = hexval((unsigned char)s[1]), lo = hi < 0 ? -1 : hexval((unsigned char)s[2]);
        if (lo < 0 || (hi == 0 && lo == 0))
            return -1;
        *out++ = (char)(hi * 16 + lo);
        s += 2;
    }
    *out = '\0';
    return 0;
}

static int
is_token(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~", *s))
            return 0;
    return 1;
}

/* Split off the next line: its end (CR LF or LF) becomes NUL. */
static char *
next_line(char **p)
{
    char *line = *p, *nl = strchr(line, '\n');

    if (!nl)
        return NULL;
    *nl = '\0';
    if (nl > line && nl[-1] == '\r')
        nl[-1] = '\0';
    *p = nl + 1;
    return line;
}

static char *
trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
    return s;
}

static int
parse_request_line(char *line, struct request *r)
{
    char *sp1 = strchr(line, ' '), *sp2;

    if (!sp1)
        return 400;
    *sp1 = '\0';
    r->method = line;
    r->target = sp1 + 1;
    if (!(sp2 = strchr(r->target, ' ')) || strchr(sp2 + 1, ' '))
        return 400;
    *sp2 = '\0';
    r->version = sp2 + 1;
    if (!is_token(r->method) || r->target[0] != '/')
        return 400;
    for (const char *t = r->target; *t; t++)
        if ((unsigned char)*t <= ' ' || *t == 0x7f)
            return 400;
    if (strncmp(r->version, "HTTP/", 5) != 0 || !isdigit((unsigned char)r->version[5]) ||
        r->version[6] != '.' || !isdigit((unsigned char)r->version[7]) || r->version[8])
        return 400;
    if (r->version[5] != '1')
        return 505;
    r->minor = r->version[7] - '0';
    return 0;
}

/* Parse the head (NUL-terminated, ending with its empty line) into r, in
 * place. Returns 0, or the status to answer with: 400 (malformed), 431 (too
 * many header lines), 505 (not HTTP/1.x), 501 (a transfer coding). */
int
req_parse(char *head, struct request *r)
{
    char *p = head, *line;
    const char *v;
    int err;

    r->nheaders = 0;
    r->content_length = -1;
    r->method = r->target = r->version = r->path = r->query = NULL;
    while ((line = next_line(&p)) && *line == '\0')
        ; // RFC 9112 §2.2: ignore empty lines before the request line
    if (!line)
        return 400;
    if ((err = parse_request_line(line, r)) != 0)
        return err;
    while ((line = next_line(&p)) && *line) {
        char *colon = strchr(line, ':');
        if (*line == ' ' || *line == '\t' || !colon)
            return 400; // obsolete line folding, or no field name
        *colon = '\0';
        if (!is_token(line))
            return 400;
        if (r->nheaders == HTTPD_HEADERS_MAX)
            return 431;
        r->headers[r->nheaders].name = line;
        r->headers[r->nheaders++].value = trim(colon + 1);
    }
    if (!line)
        return 400;
    if ((v = req_header(r, "Content-Length"))) {
        char *end;
        if (!isdigit((unsigned char)*v) || (r->content_length = strtol(v, &end, 10)) < 0 ||
            *end)
            return 400;
    }
    if (req_header(r, "Transfer-Encoding"))
        return 501;
    if (r->minor >= 1 && !req_header(r, "Host"))
        return 400; // RFC 9112 §3.2
    v = req_header(r, "Connection");
    r->keep_alive = r->minor >= 1 ? !(v && strcasestr(v, "close"))
                                  : (v && strcasestr(v, "keep-alive"));
    r->path = r->target;
    if ((r->query = strchr(r->target, '?')))
        *r->query++ = '\0';
    else
        r->query = "";
    return 0;
}

/* The value of the first header called name (any case), or NULL. */
const char *
req_header(const struct request *r, const char *name)
{
    for (int i = 0; i < r->nheaders; i++)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

/*
 * user/lib/inet.c - IPv4 address text for <arpa/inet.h>: inet_aton (the
 * dotted decimal a.b.c.d, and its shorter forms a.b.c, a.b, a), inet_addr,
 * inet_ntoa (one static buffer), and inet_pton / inet_ntop for AF_INET
 * (EAFNOSUPPORT for other families, ENOSPC when the buffer is short).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
inet_aton(const char *text, struct in_addr *out)
{
    uint32_t part[4];
    int n = 0;
    const char *p = text;

    if (!text)
        return 0;
    for (;;) {
        char *end;
        if (*p < '0' || *p > '9')
            return 0;
        unsigned long v = strtoul(p, &end, 0);
        if (v > 0xffffffffu || n == 4)
            return 0;
        part[n++] = (uint32_t)v;
        if (*end == '.') {
            p = end + 1;
            continue;
        }
        if (*end != '\0')
            return 0;
        break;
    }
    uint32_t a;
    switch (n) {
    case 1:
        a = part[0];
        break;
    case 2:
        if (part[0] > 255 || part[1] > 0xffffff)
            return 0;
        a = part[0] << 24 | part[1];
        break;
    case 3:
        if (part[0] > 255 || part[1] > 255 || part[2] > 0xffff)
            return 0;
        a = part[0] << 24 | part[1] << 16 | part[2];
        break;
    default:
        if (part[0] > 255 || part[1] > 255 || part[2] > 255 || part[3] > 255)
            return 0;
        a = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
    }
    if (out)
        out->s_addr = htonl(a);
    return 1;
}

in_addr_t
inet_addr(const char *text)
{
    struct in_addr a;

    return inet_aton(text, &a) ? a.s_addr : INADDR_NONE;
}

char *
inet_ntoa(struct in_addr in)
{
    static char buf[INET_ADDRSTRLEN];

    return (char *)inet_ntop(AF_INET, &in, buf, sizeof(buf));
}

int
inet_pton(int af, const char *text, void *out)
{
    int dots = 0;

    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    for (const char *p = text; *p; p++) // pton wants all four parts, in decimal
        if (*p == '.')
            dots++;
        else if (*p < '0' || *p > '9')
            return 0;
    if (dots != 3)
        return 0;
    return inet_aton(text, out);
}

const char *
inet_ntop(int af, const void *in, char *out, socklen_t size)
{
    const uint8_t *b = in;
    char tmp[INET_ADDRSTRLEN];

    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return NULL;
    }
    int n = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    if (n < 0 || (socklen_t)n >= size) {
        errno = ENOSPC;
        return NULL;
    }
    memcpy(out, tmp, (size_t)n + 1);
    return out;
}

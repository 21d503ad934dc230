/*
 * user/lib/string.c - memory and string functions (C standard semantics).
 *
 * Model: plain byte loops, plus word-at-a-time copy and fill when both ends
 * are 4-byte aligned (programs copy message buffers and file pages). The
 * library builds with -fno-builtin and -fno-tree-loop-distribute-patterns,
 * so gcc never turns these loops back into calls to themselves.
 * Pure: no system call except strdup/strndup's malloc; built on the host by
 * tests/host/test_ulibc.c.
 * Entry points: every function of string.h except strerror (user/lib/errno.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uint32_t __attribute__((may_alias)) word_t; // a word that may alias any object

/* Copy n bytes from src to dst (no overlap). Returns dst. */
void *
memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(word_t *)d = *(const word_t *)s;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

/* Copy n bytes from src to dst; the ranges may overlap. Returns dst. */
void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--) // overlapping with dst above src: copy backwards
        d[n] = s[n];
    return dst;
}

/* Fill n bytes at dst with the byte c. Returns dst. */
void *
memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    unsigned char b = (unsigned char)c;

    if (((uintptr_t)d & 3) == 0) {
        uint32_t w = b * 0x01010101u;

        for (; n >= 4; n -= 4, d += 4)
            *(word_t *)d = w;
    }
    while (n--)
        *d++ = b;
    return dst;
}

/* Compare n bytes as unsigned chars: <0, 0 or >0. */
int
memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

/* The first byte c in the n bytes at s, or NULL. */
void *
memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n; n--, p++)
        if (*p == (unsigned char)c)
            return (void *)p;
    return NULL;
}

/* The length of s. */
size_t
strlen(const char *s)
{
    const char *p = s;

    while (*p)
        p++;
    return (size_t)(p - s);
}

/* The length of s, at most max. */
size_t
strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/* Compare two strings as unsigned chars: <0, 0 or >0. */
int
strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

/* strcmp over at most n characters. */
int
strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            break;
    }
    return 0;
}

/* Copy src with its NUL to dst. Returns dst. */
char *
strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++))
        ;
    return dst;
}

/* Copy at most n characters of src to dst and NUL-fill the rest of the n
 * (dst is not terminated when src has n or more). Returns dst. */
char *
strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = '\0';
    return dst;
}

/* Copy src into dst of size bytes, always NUL-terminated when size > 0.
 * Returns strlen(src): a result >= size means it was cut. */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Append src to dst. Returns dst. */
char *
strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

/* Append at most n characters of src and a NUL to dst. Returns dst. */
char *
strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);

    while (n-- && *src)
        *d++ = *src++;
    *d = '\0';
    return dst;
}

/* The first c in s (c may be the NUL), or NULL. */
char *
strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

/* The last c in s (c may be the NUL), or NULL. */
char *
strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (!*s)
            return (char *)last;
    }
}

/* The first occurrence of needle in haystack (haystack if needle is ""), or
 * NULL. */
char *
strstr(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0)
        return (char *)haystack;
    for (; *haystack; haystack++)
        if (*haystack == *needle && strncmp(haystack, needle, n) == 0)
            return (char *)haystack;
    return NULL;
}

/* The length of the prefix of s made of bytes in accept. */
size_t
strspn(const char *s, const char *accept)
{
    size_t n = 0;

    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

/* The length of the prefix of s made of bytes not in reject. */
size_t
strcspn(const char *s, const char *reject)
{
    size_t n = 0;

    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

/* The first byte of s that is in accept, or NULL. */
char *
strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

/* Split s into tokens separated by bytes of delim, state in *save: the first
 * call passes s, later ones NULL. Returns the next token or NULL. */
char *
strtok_r(char *s, const char *delim, char **save)
{
    char *end;

    if (!s)
        s = *save;
    if (!s)
        return NULL;
    s += strspn(s, delim);
    if (!*s) {
        *save = NULL;
        return NULL;
    }
    end = s + strcspn(s, delim);
    if (*end)
        *end++ = '\0';
    else
        end = NULL;
    *save = end;
    return s;
}

/* strtok_r with one hidden state (not reentrant). */
char *
strtok(char *s, const char *delim)
{
    static char *save;

    return strtok_r(s, delim, &save);
}

/* A malloc'd copy of s, or NULL when out of memory. */
char *
strdup(const char *s)
{
    return strndup(s, (size_t)-1);
}

/* A malloc'd copy of at most n characters of s, NUL-terminated, or NULL. */
char *
strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = malloc(len + 1);

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

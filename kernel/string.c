/*
 * kernel/string.c - freestanding memory and string helpers.
 *
 * Model: plain loops, no libc, no builtins (the kernel builds with
 * -ffreestanding -fno-builtin); kmemset and kmemcpy move 32-bit words while
 * both ends are word aligned, which matters under emulation. Whole pages go
 * through arch_page_zero / arch_page_copy instead. Semantics follow the C library functions of
 * the same name without the k (kstrlcpy follows BSD strlcpy).
 * Invariants: none; no global state, callable from any context.
 * Entry points: kmemset, kmemcpy, kmemcmp, kstrlen, kstrnlen, kstrcmp, kstrlcpy.
 */
#include <stdint.h>

#include "kernel/string.h"

/*
 * Fill n bytes at dst with the byte value c. Returns dst. Any context.
 */
void *
kmemset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint32_t word = (unsigned char)c * 0x01010101u;

    for (; n && ((uintptr_t)d & 3); n--)
        *d++ = (unsigned char)c;
    for (; n >= 4; n -= 4, d += 4)
        *(uint32_t *)d = word;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

/*
 * Copy n bytes from src to dst; the ranges must not overlap. Returns dst.
 * Any context.
 */
void *
kmemcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0)
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(uint32_t *)d = *(const uint32_t *)s;
    while (n--)
        *d++ = *s++;
    return dst;
}

/*
 * Compare n bytes. Returns <0, 0 or >0 like memcmp. Any context.
 */
int
kmemcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x < *y ? -1 : 1;
    }
    return 0;
}

/*
 * Length of the NUL-terminated string s. Any context.
 */
size_t
kstrlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

/*
 * Length of s, but at most max (reads no byte at or beyond s[max]).
 * Any context.
 */
size_t
kstrnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/*
 * Compare two NUL-terminated strings as unsigned bytes. Returns <0, 0 or >0.
 * Any context.
 */
int
kstrcmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x && *x == *y) {
        x++;
        y++;
    }
    return (int)*x - (int)*y;
}

/*
 * Copy src into dst of size bytes, always NUL-terminating when size > 0.
 * Returns kstrlen(src); a result >= size means the copy was truncated.
 * Any context.
 */
size_t
kstrlcpy(char *dst, const char *src, size_t size)
{
    size_t len = kstrlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        kmemcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/*
 * The four memory functions GCC may emit calls to even in freestanding code
 * (struct copies and clears; GCC manual, "Standards"). Kernel only: host
 * tests link the C library's.
 */
#include <stddef.h>

#include "kernel/string.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *
memcpy(void *dst, const void *src, size_t n)
{
    return kmemcpy(dst, src, n);
}

void *
memset(void *dst, int c, size_t n)
{
    return kmemset(dst, c, n);
}

void *
memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d < s)
        return kmemcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
    return kmemcmp(a, b, n);
}

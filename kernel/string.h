/*
 * Tiny freestanding string and memory helpers (the kernel has no libc).
 *
 * Pure: no arch header, no global state. Included by any kernel file and by
 * host tests. Named k* so they never clash with a host libc.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <stddef.h>

void *kmemset(void *dst, int c, size_t n);
void *kmemcpy(void *dst, const void *src, size_t n);
int kmemcmp(const void *a, const void *b, size_t n);
size_t kstrlen(const char *s);
size_t kstrnlen(const char *s, size_t max);
int kstrcmp(const char *a, const char *b);
size_t kstrlcpy(char *dst, const char *src, size_t size);

#endif

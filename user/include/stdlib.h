/*
 * stdlib.h - memory allocation, number parsing, process end.
 *
 * Any user program may include it. malloc returns 16-byte aligned memory from
 * a free-list heap grown with sbrk; freeing a pointer twice or one malloc did
 * not return prints a message and abort()s. abort() prints "abort" on stderr
 * and ends the process with status 134.
 */
#ifndef USER_STDLIB_H
#define USER_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int x);
long labs(long x);
long long llabs(long long x);
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int rand(void); /* deterministic: the same sequence after the same srand */
void srand(unsigned seed);

void exit(int status) __attribute__((noreturn)); /* runs atexit, flushes stdio */
void abort(void) __attribute__((noreturn));
int atexit(void (*fn)(void)); /* at most 32 functions; -1 when full */

#endif

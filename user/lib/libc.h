/*
 * user/lib/libc.h - helpers shared inside our library only (user/lib/), never
 * included by programs.
 */
#ifndef USER_LIB_LIBC_H
#define USER_LIB_LIBC_H

#include <stdint.h>

/* Turn a raw kernel result into the libc convention: -1 with errno for a
 * negative result, the result itself otherwise (user/lib/posix.c). */
int libc_ret(int32_t r);

/* For the calls that return a rid_t: set errno when r is negative, return r
 * unchanged either way. */
int libc_rid(int32_t r);

#endif

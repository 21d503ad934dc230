/*
 * user/lib/libc.h - helpers shared inside the user library only.
 *
 * Included by the library sources in user/lib/, never by programs. The library builds with
 * -fvisibility=hidden, so these names never leave a program's own image.
 */
#ifndef USER_LIB_LIBC_H
#define USER_LIB_LIBC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Turn a raw kernel result into the libc convention: -1 with errno for a
 * negative value, else the value unchanged. */
int libc_ret(int32_t r);

/* For the calls that return a rid_t: set errno when r is negative, return r
 * unchanged either way (tender.h). */
int libc_rid(int32_t r);

/* Flush stdout if it holds buffered bytes (read on fd 0, write on fd 1/2). */
void libc_stdout_sync(void);

/* Flush every stdio stream; called by exit. */
void libc_stdio_flush_all(void);

/* Write all n bytes to fd with the raw call, retrying short writes; 0 or -errno. */
int32_t libc_write_all(int fd, const void *buf, uint32_t n);

/* The printf engine (user/lib/printf.c): formats fmt/ap and hands the text
 * to out(ctx, s, n) in pieces, in order. Returns the number of characters
 * produced (what printf returns). */
typedef void (*libc_out_fn)(void *ctx, const char *s, size_t n);
int libc_vformat(libc_out_fn out, void *ctx, const char *fmt, va_list ap);

#endif

/*
 * printk to the console (kernel/console.c) and the formatter behind it.
 * Included by any kernel file.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

extern bool kernel_quiet; /* "quiet" boot option: no banner, no init report (kernel/printk.c) */

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvformat(void (*emit)(char c, void *arg), void *arg, const char *fmt, va_list ap);

#endif

/* Checked access to user memory; included by system-call handlers. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int copyin(void *dst, const void *user_src, size_t n);
int user_range_check(const void *user, size_t n, bool write);
int copyout(void *user_dst, const void *src, size_t n);
int copyinstr(char *dst, const char *user_src, size_t max);

#endif

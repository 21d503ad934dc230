/*
 * Checked access to user memory (kernel/usercopy.c states the rules);
 * included by system-call handlers. copyin, copyout and user_range_check are
 * inline: one call checks the pages (arch_user_range_ok), and a copy of a
 * small constant size (system-call argument words, struct cmsg) compiles to
 * a few moves. A check may be kept across a sleep (struct user_check): a
 * receiver checks where its answer goes before it waits and writes it when
 * woken without a second walk, unless a mapping changed meanwhile.
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/string.h"

#define USERCOPY_INLINE_MAX 32 /* constant sizes up to this are copied by inline moves */

/* 0 if the caller may read (and with write, write) the n bytes at user, else
 * -EFAULT. n == 0 is always allowed. */
int user_range_fill(const void *user, size_t n, bool write);

/* Who maps a page at a user copy's first touch of it (proc/proc.c gives
 * its fault handler at boot: lazy pages, and a stack's growth): 0 when it
 * did, else an error. */
void usercopy_set_fault(int (*fault)(paddr_t pd, vaddr_t va, bool write));

static inline int
user_range_check(const void *user, size_t n, bool write)
{
    if (n == 0 || arch_user_range_ok((vaddr_t)(uintptr_t)user, n, write))
        return 0;
    return user_range_fill(user, n, write); // a lazy page's first touch, or -EFAULT
}

static inline void
usercopy_bytes(void *dst, const void *src, size_t n)
{
    if (__builtin_constant_p(n) && n <= USERCOPY_INLINE_MAX)
        __builtin_memcpy(dst, src, n);
    else
        kmemcpy(dst, src, n);
}

/* Copy n bytes from user address user_src. Returns 0 or -EFAULT. */
static inline int
copyin(void *dst, const void *user_src, size_t n)
{
    if (user_range_check(user_src, n, false) < 0)
        return -EFAULT;
    usercopy_bytes(dst, user_src, n);
    return 0;
}

/* Copy n bytes to user address user_dst. Returns 0 or -EFAULT. */
static inline int
copyout(void *user_dst, const void *src, size_t n)
{
    if (user_range_check(user_dst, n, true) < 0)
        return -EFAULT;
    usercopy_bytes(user_dst, src, n);
    return 0;
}

/* A check of user memory kept across a sleep: it still holds while no
 * mapping changed anywhere (arch_map_epoch) and the same directory is loaded
 * (a process moved to another space has another). */
struct user_check {
    uint64_t epoch;
    paddr_t pd;
};

/* user_range_check, remembered in *k for copyout_kept. */
static inline int
user_range_check_kept(const void *user, size_t n, bool write, struct user_check *k)
{
    k->epoch = arch_map_epoch;
    k->pd = arch_loaded_pd;
    return user_range_check(user, n, write);
}

/* copyout to a range that user_range_check_kept found writable (into k):
 * the check is made again only if a mapping changed since, or another
 * directory is loaded. Returns 0 or -EFAULT. */
static inline int
copyout_kept(void *user_dst, const void *src, size_t n, const struct user_check *k)
{
    if (k->epoch != arch_map_epoch || k->pd != arch_loaded_pd)
        return copyout(user_dst, src, n);
    usercopy_bytes(user_dst, src, n);
    return 0;
}

int copyinstr(char *dst, const char *user_src, size_t max);

#endif

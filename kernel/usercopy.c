/*
 * copyin, copyout, copyinstr: the only way the kernel touches user memory.
 *
 * Every page of the range is checked in the current page directory before
 * the copy: present, user-accessible, and writable for copyout, and the
 * range must lie below KERNEL_BASE. The current directory is the caller's
 * space, so a process may pass pointers into the memory of another process
 * of its space (HVS sharing) but never into the kernel or an unmapped page.
 * The kernel runs with interrupts off, so nothing changes the mappings
 * between the check and the copy. A page of a lazy region that has no frame
 * yet (or still shows the boot image, for a store) gets it first, as the
 * page fault the user's own access would have taken (mm/vuspace.c).
 * Errors: -EFAULT.
 */
#include <stdbool.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/string.h"
#include "kernel/usercopy.h"
#include "mm/vuspace.h"

static bool
page_ok(paddr_t pd, uintptr_t page, unsigned need)
{
    unsigned flags;

    return arch_translate(pd, page, NULL, &flags) == 0 && (flags & need) == need;
}

static bool
user_range_ok(uintptr_t start, size_t n, bool write)
{
    unsigned need = MAP_USER | (write ? MAP_WRITE : 0);
    paddr_t pd = arch_vspace_current();
    uintptr_t last;

    if (n == 0)
        return true;
    if (start >= KERNEL_BASE || n > KERNEL_BASE - start)
        return false;
    last = (start + n - 1) & ~(uintptr_t)(PAGE_SIZE - 1); // below KERNEL_BASE: no wrap
    for (uintptr_t page = start & ~(uintptr_t)(PAGE_SIZE - 1);; page += PAGE_SIZE) {
        if (!page_ok(pd, page, need) && (ua_fault(pd, page, write) < 0 || !page_ok(pd, page, need)))
            return false;
        if (page == last)
            return true;
    }
}

/* 0 if the caller may read (and with write, write) the n bytes at user, else
 * -EFAULT. */
int
user_range_check(const void *user, size_t n, bool write)
{
    return user_range_ok((uintptr_t)user, n, write) ? 0 : -EFAULT;
}

/* Copy n bytes when the user range user (to be written if write) is good. */
static int
copy_checked(void *dst, const void *src, size_t n, const void *user, bool write)
{
    if (!user_range_ok((uintptr_t)user, n, write))
        return -EFAULT;
    kmemcpy(dst, src, n);
    return 0;
}

/* Copy n bytes from user address user_src. Returns 0 or -EFAULT. */
int
copyin(void *dst, const void *user_src, size_t n)
{
    return copy_checked(dst, user_src, n, user_src, false);
}

/* Copy n bytes to user address user_dst. Returns 0 or -EFAULT. */
int
copyout(void *user_dst, const void *src, size_t n)
{
    return copy_checked(user_dst, src, n, user_dst, true);
}

/* Copy a NUL-terminated string of at most max bytes (with the NUL). Returns
 * its length, -EFAULT, or -ENAMETOOLONG if no NUL comes within max bytes. */
int
copyinstr(char *dst, const char *user_src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if (((uintptr_t)(user_src + i) & (PAGE_SIZE - 1)) == 0 || i == 0)
            if (!user_range_ok((uintptr_t)(user_src + i), 1, false))
                return -EFAULT;
        dst[i] = user_src[i];
        if (!dst[i])
            return (int)i;
    }
    return -ENAMETOOLONG;
}

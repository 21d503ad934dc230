/*
 * copyin, copyout, copyinstr: the only way the kernel touches user memory.
 *
 * Every page of the range is checked in the current page directory before
 * the copy: present, user-accessible, and writable for copyout, and the
 * range must lie below KERNEL_BASE. The current directory is the caller's
 * space, so a process may pass pointers into the memory of another process
 * of its space (HVS sharing) but never into the kernel or an unmapped page.
 * The kernel runs with interrupts off, so nothing changes the mappings
 * between the check and the copy. Errors: -EFAULT.
 * copyin, copyout and user_range_check are inline in usercopy.h (one call
 * to arch_user_range_ok, then the copy); this file holds copyinstr, which
 * checks each page as the string reaches it. copyout_kept writes where a
 * check made before a sleep said it may, without walking the pages again,
 * only while no page-table entry anywhere changed since (arch_map_epoch) and
 * the same directory is loaded: then the walk would find what it found.
 */
#include <stdbool.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/string.h"
#include "kernel/usercopy.h"

/* Copy a NUL-terminated string of at most max bytes (with the NUL). Returns
 * its length, -EFAULT, or -ENAMETOOLONG if no NUL comes within max bytes. */
int
copyinstr(char *dst, const char *user_src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if (((uintptr_t)(user_src + i) & (PAGE_SIZE - 1)) == 0 || i == 0)
            if (!arch_user_range_ok((vaddr_t)(uintptr_t)(user_src + i), 1, false))
                return -EFAULT;
        dst[i] = user_src[i];
        if (!dst[i])
            return (int)i;
    }
    return -ENAMETOOLONG;
}

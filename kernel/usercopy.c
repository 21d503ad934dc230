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
 * page fault the user's own access would have taken: user_range_fill, the
 * slow path of every check, asks the layers above through the function
 * they gave usercopy_set_fault (proc/proc.c: a lazy page of mm/vuspace.c,
 * or the current process's stack growing), so this floor imports nothing
 * above it. Errors: -EFAULT.
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

static int (*page_fault)(paddr_t pd, vaddr_t va, bool write); // maps a lazy page, or says no

/* The memory layer's fault handler (ua_fault) for user_range_fill; until it
 * is set, a page not mapped as asked is -EFAULT. */
void
usercopy_set_fault(int (*fault)(paddr_t pd, vaddr_t va, bool write))
{
    page_fault = fault;
}

/* user_range_check's second try, after the quick walk said no: each page
 * that is not as asked gets a chance to be a lazy page's first touch
 * (page_fault maps it), then must pass. Returns 0 or -EFAULT. */
int
user_range_fill(const void *user, size_t n, bool write)
{
    vaddr_t start = (vaddr_t)(uintptr_t)user, page, last;

    if (start >= KERNEL_BASE || n > KERNEL_BASE - start)
        return -EFAULT;
    last = (start + n - 1) & ~(vaddr_t)(PAGE_SIZE - 1); // below KERNEL_BASE: no wrap
    for (page = start & ~(vaddr_t)(PAGE_SIZE - 1);; page += PAGE_SIZE) {
        if (!arch_user_range_ok(page, 1, write) &&
            (!page_fault || page_fault(arch_vspace_current(), page, write) < 0 ||
             !arch_user_range_ok(page, 1, write)))
            return -EFAULT;
        if (page == last)
            return 0;
    }
}

/* Copy a NUL-terminated string of at most max bytes (with the NUL). Returns
 * its length, -EFAULT, or -ENAMETOOLONG if no NUL comes within max bytes. */
int
copyinstr(char *dst, const char *user_src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if (((uintptr_t)(user_src + i) & (PAGE_SIZE - 1)) == 0 || i == 0)
            if (user_range_check(user_src + i, 1, false) < 0)
                return -EFAULT;
        dst[i] = user_src[i];
        if (!dst[i])
            return (int)i;
    }
    return -ENAMETOOLONG;
}

/*
 * The shared-window calls (mm/vwin.c) as system calls:
 *   vwcreate(name, npages, mod)          a window of npages pages; its rid.
 *                                        The system owner's only (-EPERM for
 *                                        others): a window's address range and
 *                                        page tables are not under the quotas
 *   vwmap(win, wpage, src, n)            show the caller's pages at src (MOD,
 *                                        and the caller must be the window's
 *                                        creator: -EPERM for any other
 *                                        process, whatever the mode grants,
 *                                        or it could have the creator read
 *                                        its memory). The pages leave the
 *                                        window when their memory is freed
 *                                        (sbrk shrinking, the creator ending)
 *   vwunmap(win, wpage, n)               take pages out, everywhere (MOD)
 *   vwdirty(win, wpage, n, bits)         which were written since last asked
 *                                        (MOD; n <= VWIN_DIRTY_MAX)
 *   vwattach(win, pid, prot)             into process pid (0: the caller):
 *                                        ATT on the window, and MOD on pid
 *                                        unless it is the caller; returns
 *                                        the window's page number (addr >> 12)
 *   vwdetach(win, pid)                   the same rights
 *   resdelete(win)                       DEL; also when its creator ends
 * prot is VUS_READ, or VUS_READ | VUS_WRITE.
 */
#include <stdbool.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "mm/vregion.h"
#include "mm/vuspace.h"
#include "mm/vwin.h"
#include "proc/pcb.h"

static int
get_window(struct proc *caller, rid_t rid, unsigned right, struct vregion **out)
{
    struct resource *r;
    int err;

    if ((err = res_get(caller, rid, RT_VREGION, right, &r)) < 0)
        return err;
    if (!to_vregion(r)->win)
        return -EINVAL; // a region of frames, not a window
    *out = to_vregion(r);
    return 0;
}

static int
get_target(struct proc *caller, rid_t pid, struct proc **out)
{
    struct resource *r;
    int err;

    if (pid == 0 || pid == caller->res.rid) {
        *out = caller;
        return 0;
    }
    if ((err = res_get(caller, pid, RT_PROC, RCC_MOD, &r)) < 0)
        return err;
    if (to_proc(r)->state == PROC_ZOMBIE)
        return -ESRCH;
    *out = to_proc(r);
    return 0;
}

/* Create a window (the system owner only). Returns its rid, -EPERM, -EFAULT
 * or an error of vw_create. */
int
sys_vwcreate(struct proc *caller, const char *name, uint32_t npages, unsigned mod)
{
    char kname[RES_NAME_MAX];
    struct vregion *vr;
    int err = res_user_args(name, mod, kname);

    if (err < 0)
        return err;
    if (caller->res.owner != RCC_SYSTEM_OWNER)
        return -EPERM; // no quota covers a window's range and tables: servers only
    return vw_create(&caller->wins, kname, caller->res.owner, caller->res.group, npages,
                     (uint16_t)mod, &vr);
}

/* Show the caller's n pages at src (writable memory of one of its own
 * regions, the same region for every map of this window) in the window.
 * 0 or -ENOENT, -EPERM (no MOD, or not the window's creator), -EINVAL (not
 * a window, outside it or the caller's memory, another region than
 * before), -ENOMEM (a lazy page found no frame). */
int
sys_vwmap(struct proc *caller, rid_t win, uint32_t wpage, const void *src, uint32_t n)
{
    vaddr_t va = (vaddr_t)src;
    struct vuspace *from = NULL;
    struct vregion *vr;
    uint32_t first;
    int err = get_window(caller, win, RCC_MOD, &vr);

    if (err < 0)
        return err;
    if (!(va & (PAGE_SIZE - 1)) && (from = ua_find(&caller->ua, va, n)) &&
        !(from->prot & VUS_WRITE))
        from = NULL;
    if ((err = vw_map_check(vr, &caller->wins, wpage, n, from ? from->vr : NULL)) < 0)
        return err;
    first = (va - from->start) / PAGE_SIZE;
    for (uint32_t i = 0; i < n; i++) // a lazy page gets its frame: the window shows that one
        if ((err = vus_materialize(from, first + i)) < 0)
            return err;
    vw_map(vr, wpage, from->vr, first, n);
    return 0;
}

/* Take pages out of the window. 0 or -ENOENT, -EPERM, -EINVAL. */
int
sys_vwunmap(struct proc *caller, rid_t win, uint32_t wpage, uint32_t n)
{
    struct vregion *vr;
    int err = get_window(caller, win, RCC_MOD, &vr);

    return err < 0 ? err : vw_unmap(vr, wpage, n);
}

/* Which of n pages at wpage were written: bits to *out (n / 8 bytes,
 * rounded up). Returns the count, -EINVAL (n too big), -EFAULT, lookup errors. */
int
sys_vwdirty(struct proc *caller, rid_t win, uint32_t wpage, uint32_t n, uint8_t *out)
{
    uint8_t bits[VWIN_DIRTY_MAX / 8];
    struct vregion *vr;
    int count, err = get_window(caller, win, RCC_MOD, &vr);

    if (err < 0)
        return err;
    if (n == 0 || n > VWIN_DIRTY_MAX)
        return -EINVAL;
    if ((err = copyout(out, bits, (n + 7) / 8)) < 0) // fail before clearing anything
        return err;
    if ((count = vw_dirty(vr, wpage, n, bits)) < 0)
        return count;
    return (err = copyout(out, bits, (n + 7) / 8)) < 0 ? err : count;
}

/* Attach the window to a process. Returns the window's address as a page
 * number (address >> 12: positive, where an address above 2 GiB would read
 * as an error) or an error. */
int
sys_vwattach(struct proc *caller, rid_t win, rid_t pid, unsigned prot)
{
    struct vregion *vr;
    struct proc *p;
    vaddr_t base;
    int err;

    if (prot != VUS_READ && prot != (VUS_READ | VUS_WRITE))
        return -EINVAL;
    if ((err = get_window(caller, win, RCC_ATT, &vr)) < 0 || (err = get_target(caller, pid, &p)) < 0)
        return err;
    if ((err = vw_attach(vr, &p->wins, p->ua.vs, (prot & VUS_WRITE) != 0, &base)) < 0)
        return err;
    return (int)(base >> 12); // a page number: always positive, unlike an address above 2 GiB
}

/* Detach the window from a process. 0 or -ENOENT (not attached) and the
 * errors of vwattach. */
int
sys_vwdetach(struct proc *caller, rid_t win, rid_t pid)
{
    struct vregion *vr;
    struct proc *p;
    int err;

    if ((err = get_window(caller, win, RCC_ATT, &vr)) < 0 || (err = get_target(caller, pid, &p)) < 0)
        return err;
    return vw_detach(vr, &p->wins);
}

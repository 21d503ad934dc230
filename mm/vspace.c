/*
 * Virtual spaces: page directories as resources (HVS, DESIGN §3).
 *
 * A space starts with an empty user half and the shared kernel half. The
 * page-table pages of its user half belong to the processes living in it
 * (mm/vuspace.c links and unlinks them), so a space itself owns only its
 * directory page and the page tables of the container window (mm/cwin.c)
 * it has used. vs_activate loads CR3 only when the space is not loaded
 * already: that skipped load is the TLB flush HVS saves.
 * Invariant: a space with nprocs > 0 is never destroyed; the kernel never
 * keeps a destroyed directory in CR3.
 * Public: vs_init, vs_create, vs_destroy, to_vspace (vs_activate and vs_flush
 * are inline in vspace.h).
 */
#include "mm/vspace.h"
#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "mm/mem.h"
#include "mm/ptset.h"

static void
vspace_info(const struct resource *r, struct res_info *out)
{
    out->u.vspace.nprocs = to_vspace(r)->nprocs;
    out->u.vspace.pages = to_vspace(r)->pages;
}

/* resdelete (and resreclaim, caller NULL) of a space: -EBUSY while a
 * process lives in it. */
static int
vspace_delete(struct proc *caller UNUSED, struct resource *r)
{
    return vs_destroy(to_vspace(r));
}

static const struct res_ops vspace_ops = {
    .name = "vspace", .info = vspace_info, .destroy = vspace_delete, .reclaim_pass = 2};

static struct vspace vs_table[CONFIG_NR_VSPACE];
static struct res_pool vs_pool;

/* Register the space pool with the resource table. */
void
vs_init(void)
{
    RES_POOL_START(vs_pool, RT_VSPACE, &vspace_ops, vs_table);
}

/* Create an empty space. Returns its rid, -ENOMEM, or a resource-table error. */
int
vs_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, bool transient,
          struct vspace **out)
{
    struct resource *r;
    paddr_t pd;
    int rid;

    if (frame_alloc(&pd) < 0)
        return -ENOMEM;
    if ((rid = res_alloc(&vs_pool, name, owner, group, mode, &r)) < 0) {
        frame_free(pd);
        return rid;
    }
    arch_pd_init_kernel(pd);
    *out = container_of(r, struct vspace, res); // just made from vs_pool: no check needed
    (*out)->pd = pd;
    (*out)->transient = transient;
    return rid;
}

/* Delete an empty space. Returns 0, or -EBUSY while processes live in it. */
int
vs_destroy(struct vspace *vs)
{
    if (vs->nprocs)
        return -EBUSY;
    if (arch_vspace_current() == vs->pd)
        arch_vspace_load(mem_kernel_pd()); // never run on a freed directory
    struct ptset cwin_tables = {.nchunks = CONFIG_CWIN_CHUNKS, .pt = vs->cwin_pt};
    ptset_release(&cwin_tables, 0); // its container-window tables (mm/cwin.c) go with it
    frame_free(vs->pd);
    return res_free(&vs->res);
}

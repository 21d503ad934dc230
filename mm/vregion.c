/*
 * Virtual regions: frames as a resource.
 *
 * A region owns its frames; they are zero-filled when added and freed when
 * the region is destroyed. res.refs counts the virtual user spaces that map
 * it, and a mapped region cannot be destroyed (-EBUSY). Its frames are a
 * frame set (mm/frameset.c) charged to its payer's quota: res.payer, the
 * owner that created it, or the new owner a process was handed to (vr_repay).
 * Public: vr_init, vr_create, vr_grow, vr_shrink, vr_destroy, vr_repay,
 * to_vregion.
 */
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "mm/frameset.h"
#include "mm/vregion.h"
#include "mm/vwin.h"

static struct vregion vr_table[CONFIG_NR_VREGION];
static struct res_pool vr_pool;

static void
vregion_info(const struct resource *r, struct res_info *out)
{
    const struct vregion *vr = to_vregion(r);

    out->u.vregion.pages = vr->win ? vr->win->mapped : vr->fs.n;
}

/* resdelete: a window (its creator's, with DEL) goes; a region of frames is
 * a part of its process (or container): -EBUSY. */
static int
vregion_delete(struct proc *caller UNUSED, struct resource *r)
{
    struct vregion *vr = to_vregion(r);

    if (!vr->win)
        return -EBUSY;
    vw_destroy(vr);
    return 0;
}

/* No reclaim: a region goes with its process, a window with its creator. */
static const struct res_ops vregion_ops = {
    .name = "vregion", .info = vregion_info, .destroy = vregion_delete};

/* Register the region pool with the resource table. */
void
vr_init(void)
{
    RES_POOL_START(vr_pool, RT_VREGION, &vregion_ops, vr_table);
}

/* Add npages zeroed frames at the end. Returns 0 or -ENOMEM (out of frames,
 * or past the payer's quota; then nothing changed). */
int
vr_grow(struct vregion *vr, uint32_t npages)
{
    return frameset_grow(&vr->fs, npages, vr->res.payer);
}

/* Free the last npages frames (the caller unmapped them). */
void
vr_shrink(struct vregion *vr, uint32_t npages)
{
    frameset_shrink(&vr->fs, npages, vr->res.payer);
}

/* From now on the frames of vr are paid by payer, even past its limit: the
 * system owner handed the region's process to a new owner. */
void
vr_repay(struct vregion *vr, uint16_t payer)
{
    frameset_repay(&vr->fs, vr->res.payer, payer);
    res_repay(&vr->res, payer);
}

/* Create a region of npages zeroed frames. Returns its rid, -ENOMEM, or a
 * resource-table error (-EEXIST, -ENFILE, -EINVAL, -ENAMETOOLONG). */
int
vr_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, uint32_t npages,
          struct vregion **out)
{
    struct resource *r;
    int rid, err;

    if ((rid = res_alloc(&vr_pool, name, owner, group, mode, &r)) < 0)
        return rid;
    *out = to_vregion(r);
    if ((err = vr_grow(*out, npages)) < 0) {
        frameset_free(&(*out)->fs, r->payer); // the array it may have made
        res_free(r);
        return err;
    }
    return rid;
}

/* Free the frames and the slot. Returns 0, or -EBUSY while mapped. */
int
vr_destroy(struct vregion *vr)
{
    if (vr->res.refs)
        return -EBUSY;
    frameset_free(&vr->fs, vr->res.payer);
    return res_free(&vr->res);
}

/*
 * Virtual regions: frames as a resource.
 *
 * A region owns its frames; they are zero-filled when added and freed when
 * the region is destroyed. res.refs counts the virtual user spaces that map
 * it, and a mapped region cannot be destroyed (-EBUSY). Its frames are
 * charged to its payer's quota (kernel/quota.c): res.payer, the owner that
 * created it, or the new owner a process was handed to (vr_repay).
 * Public: vr_init, vr_create, vr_grow, vr_shrink, vr_destroy, vr_repay,
 * to_vregion.
 */
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/config.h"
#include "kernel/quota.h"
#include "kernel/string.h"
#include "mm/mem.h"
#include "mm/vregion.h"

static struct vregion vr_table[CONFIG_NR_VREGION];
static struct res_pool vr_pool;

static void
vregion_info(const struct resource *r, struct res_info *out)
{
    out->u.vregion.pages = to_vregion(r)->npages;
}

/* A region is a part of its process (or container): no resdelete, no reclaim. */
static const struct res_ops vregion_ops = {
    .name = "vregion",
    .info = vregion_info,
};

/* Register the region pool with the resource table. */
void
vr_init(void)
{
    RES_POOL_START(vr_pool, RT_VREGION, &vregion_ops, vr_table);
}

static int
reserve(struct vregion *vr, uint32_t want)
{
    paddr_t *bigger;
    uint32_t cap = vr->cap ? vr->cap : 4;

    if (want <= vr->cap)
        return 0;
    while (cap < want)
        cap *= 2;
    if (!(bigger = kmalloc(cap * sizeof(paddr_t))))
        return -ENOMEM;
    if (vr->npages)
        kmemcpy(bigger, vr->frames, vr->npages * sizeof(paddr_t));
    kfree(vr->frames);
    vr->frames = bigger;
    vr->cap = cap;
    return 0;
}

/* Add npages zeroed frames at the end. Returns 0 or -ENOMEM (out of frames,
 * or past the payer's quota; then nothing changed). */
int
vr_grow(struct vregion *vr, uint32_t npages)
{
    uint32_t old = vr->npages;
    int err;

    if ((err = quota_charge(vr->res.payer, QUOTA_FRAMES, npages)) < 0)
        return err;
    if ((err = reserve(vr, old + npages)) < 0) {
        quota_refund(vr->res.payer, QUOTA_FRAMES, npages);
        return err;
    }
    for (uint32_t i = 0; i < npages; i++) {
        if (frame_alloc_zeroed(&vr->frames[old + i]) < 0) {
            while (i--)
                frame_free(vr->frames[old + i]);
            quota_refund(vr->res.payer, QUOTA_FRAMES, npages);
            return -ENOMEM;
        }
    }
    vr->npages = old + npages;
    return 0;
}

/* Free the last npages frames (the caller unmapped them). */
void
vr_shrink(struct vregion *vr, uint32_t npages)
{
    while (npages-- && vr->npages) {
        frame_free(vr->frames[--vr->npages]);
        quota_refund(vr->res.payer, QUOTA_FRAMES, 1);
    }
}

/* From now on the frames of vr are paid by payer, even past its limit: the
 * system owner handed the region's process to a new owner. */
void
vr_repay(struct vregion *vr, uint16_t payer)
{
    quota_refund(vr->res.payer, QUOTA_FRAMES, vr->npages);
    quota_charge_over(payer, QUOTA_FRAMES, vr->npages);
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
        kfree((*out)->frames); // vr_grow gives back frames, not the array it made
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
    vr_shrink(vr, vr->npages);
    kfree(vr->frames);
    return res_free(&vr->res);
}

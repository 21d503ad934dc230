/*
 * Virtual regions: frames as a resource.
 *
 * A region owns its frames; they are zero-filled when added and freed when
 * the region is destroyed. res.refs counts the virtual user spaces that map
 * it, and a mapped region cannot be destroyed (-EBUSY). Its frames are a
 * frame set (mm/frameset.c) charged to its payer's quota: res.payer, the
 * owner that created it, or the new owner a process was handed to (vr_repay).
 * A lazy region (a program's data, text or stack: proc/loader.c) starts
 * with holes and no charge: a hole shows its page of the boot image (src)
 * read-only, or nothing (zeros to come), until vr_materialize gives it a
 * frame of its own, a copy of that page or zeros, charged to the payer.
 * A program's text is a lazy region that is never written (mapped without
 * write permission), so it never owns a frame: every process running the
 * program maps the boot image's own pages.
 * A shared window (mm/vwin.c) may show frames of a region; it takes no
 * reference for that (the region stays its process's to shrink and to end
 * with it): vr->windows counts the windows that show it, and whatever frees
 * its frames (vr_shrink, vr_destroy) first takes them out of every such
 * window, so no window ever shows a freed frame. When windows is 0 (nearly
 * always) that costs nothing.
 * A region knows nothing of who maps it: when one of its pages changes
 * under its mappings (a disk program's text page leaving its window), it
 * tells them through the function the mapping layer gave it
 * (vr_set_mappers: mm/vuspace.c's).
 * Public: vr_init, vr_create, vr_create_lazy, vr_page, vr_materialize,
 * vr_grow, vr_grow_down, vr_shrink, vr_destroy, vr_repay, vr_set_mappers,
 * vr_page_changed, to_vregion.
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
    out->u.vregion.frames = vr->win ? 0 : frameset_owned(&vr->fs);
    // a window: the processes attached; a region: the vuspaces and windows that show it
    // (a window also counts the programs' texts that show its pages)
    out->u.vregion.maps = vr->win ? r->refs + vr->win->texts : r->refs + vr->windows;
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

/* Put npages holes in front of a lazy region of zero pages (a stack that
 * grows down): page i becomes page i + npages, no frame is taken. Returns 0,
 * -EINVAL (not such a region: it has frames of its own only, or shows the
 * boot image) or -ENOMEM (no memory for its bigger array). */
int
vr_grow_down(struct vregion *vr, uint32_t npages)
{
    if (!vr->lazy || vr->shared || vr->src_pages)
        return -EINVAL;
    return frameset_prepend_holes(&vr->fs, npages);
}

/* Free the last npages frames (the caller unmapped them from its vuspace);
 * the windows that showed them show nothing there any more. */
void
vr_shrink(struct vregion *vr, uint32_t npages)
{
    frameset_shrink(&vr->fs, npages, vr->res.payer);
    if (vr->windows) // at once: the kernel is not preemptive, nobody took a frame since
        vw_src_shrunk(vr);
}

/* From now on the frames of vr are paid by payer, even past its limit: the
 * system owner handed the region's process to a new owner. */
void
vr_repay(struct vregion *vr, uint16_t payer)
{
    if (vr->shared)
        return; // a program's text is the boot image's: nobody pays for it
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

/* Create a lazy region of npages holes: pages below src_pages show the
 * boot image's pages from physical address src until written, the others
 * zeros. Costs no frame until vr_materialize. Returns its rid, -ENOMEM or a
 * resource-table error. */
int
vr_create_lazy(const char *name, uint16_t owner, uint16_t group, uint16_t mode, uint32_t npages,
               paddr_t src, uint32_t src_pages, struct vregion **out)
{
    struct resource *r;
    int rid;

    if ((rid = res_alloc(&vr_pool, name, owner, group, mode, &r)) < 0)
        return rid;
    struct vregion *vr = to_vregion(r);
    if (frameset_add_holes(&vr->fs, npages) < 0) {
        frameset_free(&vr->fs, r->payer);
        res_free(r);
        return -ENOMEM;
    }
    vr->lazy = true;
    vr->src = src;
    vr->src_pages = src_pages < npages ? src_pages : npages;
    *out = vr;
    return rid;
}

/* What page i of vr maps to: its own frame (*own true), the boot image's
 * page a hole shows or, for a program's text on the disk, the window's
 * (*own false), or 0 (a hole that reads as zeros, or a text page the window
 * does not show: no mapping until touched). */
paddr_t
vr_page(const struct vregion *vr, uint32_t i, bool *own)
{
    paddr_t frame = vr->fs.frames[i];

    *own = frame != 0;
    if (!frame && i < vr->src_pages)
        frame = vr->src + i * PAGE_SIZE;
    if (!frame && vr->twin)
        frame = vw_frame(vr->twin, vr->tfirst + i);
    return frame;
}

/* Give hole i of a lazy region a frame of its own (a copy of the page it
 * showed, or zeros), charged to the payer. Returns 0 (also if it had one)
 * or -ENOMEM. */
int
vr_materialize(struct vregion *vr, uint32_t i)
{
    if (vr->fs.frames[i])
        return 0;
    return frameset_fill(&vr->fs, i, i < vr->src_pages ? vr->src + i * PAGE_SIZE : 0,
                         vr->res.payer);
}

/* Free the frames and the slot, after taking them out of every window that
 * shows them. Returns 0, or -EBUSY while a vuspace maps it. */
int
vr_destroy(struct vregion *vr)
{
    if (vr->res.refs)
        return -EBUSY;
    if (vr->windows)
        vw_src_gone(vr);
    if (vr->twin)
        vr->twin->win->texts--; // a disk program's text borrows from it no more
    vr->twin = NULL;
    frameset_free(&vr->fs, vr->res.payer);
    return res_free(&vr->res);
}

static void (*mappers_page_changed)(struct vregion *vr, uint32_t i);

/* The mapping layer (mm/vuspace.c) says how to make every mapping of a
 * region follow a change of one of its pages. */
void
vr_set_mappers(void (*page_changed)(struct vregion *vr, uint32_t i))
{
    mappers_page_changed = page_changed;
}

/* Page i of vr now shows its own frame, or nothing yet: every mapping of
 * vr follows (and drops the old entry from the TLB). */
void
vr_page_changed(struct vregion *vr, uint32_t i)
{
    mappers_page_changed(vr, i);
}

/*
 * Shared windows: how a file server shows its cache pages to clients (OMF,
 * DESIGN §5 "One cache, shared").
 *
 * A window is a virtual region (RT_VREGION, so it has a name, an owner and
 * RCC) that owns no frames: it is a range of user addresses, 4 MiB aligned
 * and unique in the system (the global range allocator), with two sets of
 * page-table pages over it, one writable and one read-only. Its creator,
 * and no other process whatever the window's mode (-EPERM: whoever else
 * could map would have the creator read its memory), puts frames of its
 * own memory into it page by page (vw_map, from one source region); anyone
 * with MOD takes them out (vw_unmap). Attaching it to a process
 * links one of the two sets into the page directory of the process's space:
 * one PDE per 4 MiB, whatever the number of pages, so attaching costs the
 * same for 4 KiB and for 1 MiB, and a page taken out of the window (a file
 * that shrank) is gone from every attached process at once, because they
 * all use the same page tables. A space links the writable set if any of
 * its attached processes is attached writable, else the read-only set
 * (processes of one space share their memory anyway, DESIGN §3).
 * Attachments belong to processes, kept in each one's holder (struct
 * vwin_holder, in struct proc) so that windows need not know processes:
 * procmove takes them along (vw_holder_moved), and they end with the
 * process (vw_holder_ended). The window ends with its creator, or with
 * resdelete. The system call layer (mm/vwinsys.c) finds the caller's memory
 * that a map shows (vw_map_check, vw_map).
 * The window takes no reference on its source region: the memory stays
 * its process's, to shrink with sbrk and to end with the process. Instead
 * every end of that memory takes its pages out of every window first: a
 * region that goes (vr_destroy) clears each window it sources and frees
 * the window to choose a new source (vw_src_gone); a region that shrinks
 * clears the window pages whose frames it just freed (vw_src_shrunk). So a
 * window never shows a freed frame or the memory of an ended process. A
 * procmove of the creator moves the region with it (addresses are global),
 * frames unchanged, so the window keeps showing them.
 * Invariants: `holders` lists every holder with a space (h->vs: the one
 * its process lives in), from its first attach to its end; links[] names
 * exactly the spaces that hold an attached process, each with the strongest attachment there;
 * src->windows counts the windows whose src is that region (0 for almost every region, so its exit
 * and shrink pay nothing); mapped counts the pages of the writable set that show a frame, and the
 * read-only set shows the same ones. Which pages clients wrote is the hardware's dirty bit in the
 * writable set (vw_dirty), so the creator writes back only those. Public: vw_create, vw_map_check,
 * vw_map, vw_unmap, vw_dirty, vw_attach, vw_detach, vw_destroy, vw_holder_moved, vw_holder_ended,
 * vw_src_shrunk, vw_src_gone.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/mem.h"
#include "mm/range.h"
#include "mm/uaddr.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "mm/vwin.h"

static struct vwin_holder *holders; // every holder that has attached a window and not ended

static unsigned
chunks_of(uint32_t npages)
{
    return (npages + PGDIR_SPAN / PAGE_SIZE - 1) / (PGDIR_SPAN / PAGE_SIZE);
}

static void
free_tables(struct vwin *w)
{
    unsigned n = w->rw.nchunks;

    ptset_release(&w->rw, 0);
    ptset_release(&w->ro, 0);
    if (w->rw.pt)
        kzfree(w->rw.pt, n * sizeof(paddr_t));
    if (w->ro.pt)
        kzfree(w->ro.pt, n * sizeof(paddr_t));
}

/* Create a window of npages pages owned by the caller, with its address
 * range and both sets of page tables. Returns its rid, -EINVAL (size),
 * -ENOMEM, or a resource-table error. */
int
vw_create(struct vwin_holder *creator, const char *name, uint16_t owner, uint16_t group,
          uint32_t npages, uint16_t mode, struct vregion **out)
{
    struct vwin *w;
    struct vregion *vr;
    unsigned nchunks = chunks_of(npages);
    int rid, err = -ENOMEM;

    if (npages == 0 || npages > VWIN_PAGES_MAX)
        return -EINVAL;
    if (!(w = kmalloc(sizeof(*w))))
        return -ENOMEM;
    kmemset(w, 0, sizeof(*w));
    if (ptset_resize(&w->rw, nchunks) < 0 || ptset_resize(&w->ro, nchunks) < 0)
        goto fail_tables;
    if ((err = uaddr_alloc(nchunks, &w->rw.base)) < 0)
        goto fail_tables;
    w->ro.base = w->rw.base;
    if ((err = ptset_prepare(&w->rw, 0, w->rw.base, npages)) < 0 ||
        (err = ptset_prepare(&w->ro, 0, w->ro.base, npages)) < 0)
        goto fail_range;
    w->npages = npages;
    w->creator = creator;
    if ((rid = vr_create(name, owner, group, mode, 0, &vr)) < 0) {
        err = rid;
        goto fail_range;
    }
    vr->win = w;
    *out = vr;
    return rid;

fail_range:
    uaddr_free(w->rw.base, nchunks);
fail_tables:
    free_tables(w);
    kfree(w);
    return err;
}

static bool
is_current(const struct vwin *w)
{
    for (int i = 0; i < VWIN_LINKS; i++)
        if (w->links[i].vs && arch_vspace_current() == w->links[i].vs->pd)
            return true;
    return false;
}

/* Drop the TLB entries of n window pages at wpage where they may be: only
 * the loaded space can hold them (a switch into any other space loads CR3). */
static void
flush(const struct vwin *w, uint32_t wpage, uint32_t n)
{
    if (!is_current(w))
        return;
    if (n > 64) {
        arch_tlb_flush_all();
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        arch_invlpg(w->rw.base + (wpage + i) * PAGE_SIZE);
}

/* May `caller` show n pages of region src (NULL: the memory it named is
 * none of its own writable memory) at window pages wpage...? Only the
 * window's creator may (whoever else could map would have the creator read
 * its memory), and every map of a window shows the same source region.
 * Returns 0, -EPERM (another process, checked first) or -EINVAL (not a
 * window, outside it, no source, or another region than before). */
int
vw_map_check(struct vregion *vr, const struct vwin_holder *caller, uint32_t wpage, uint32_t n,
             const struct vregion *src)
{
    struct vwin *w = vr->win;

    if (!w)
        return -EINVAL;
    if (caller != w->creator)
        return -EPERM;
    if (n == 0 || wpage >= w->npages || n > w->npages - wpage || !src)
        return -EINVAL;
    if (w->src && w->src != src)
        return -EINVAL;
    return 0;
}

/* Show pages first... of region src, every one with its frame, at window
 * pages wpage..., as vw_map_check allowed. Cannot fail. */
void
vw_map(struct vregion *vr, uint32_t wpage, struct vregion *src, uint32_t first, uint32_t n)
{
    struct vwin *w = vr->win;

    if (!w->src) {
        w->src = src;
        w->src->windows++; // its shrink or end takes its frames out of this window
    }
    bool remapped = false;
    for (uint32_t i = 0; i < n; i++) {
        vaddr_t va = w->rw.base + (wpage + i) * PAGE_SIZE;
        unsigned c = ptset_chunk_of(&w->rw, va);
        paddr_t frame = src->fs.frames[first + i];
        if (arch_pt_get(w->rw.pt[c], va))
            remapped = true;
        else
            w->mapped++;
        arch_pt_set(w->rw.pt[c], va, frame, MAP_USER | MAP_WRITE);
        arch_pt_set(w->ro.pt[c], va, frame, MAP_USER);
    }
    if (remapped)
        flush(w, wpage, n);
}

/* Take window page wpage out of both sets if it shows a frame whose
 * is_free(frame) holds (NULL: any frame); the caller flushes. Whether it did. */
static bool
clear_page(struct vwin *w, uint32_t wpage, bool (*is_free)(paddr_t))
{
    vaddr_t va = w->rw.base + wpage * PAGE_SIZE;
    unsigned c = ptset_chunk_of(&w->rw, va);
    paddr_t frame = arch_pt_frame(w->rw.pt[c], va);

    if (!frame || (is_free && !is_free(frame)))
        return false;
    arch_pt_clear(w->rw.pt[c], va);
    arch_pt_clear(w->ro.pt[c], va);
    w->mapped--;
    return true;
}

/* Take n pages at wpage out of the window, in every attached process at
 * once. Returns 0 or -EINVAL (outside the window). */
int
vw_unmap(struct vregion *vr, uint32_t wpage, uint32_t n)
{
    struct vwin *w = vr->win;

    if (!w || wpage >= w->npages || n > w->npages - wpage)
        return -EINVAL;
    for (uint32_t i = 0; i < n; i++)
        (void)clear_page(w, wpage + i, NULL);
    flush(w, wpage, n);
    return 0;
}

/* The next window after `after` (NULL: the first) whose source is src. */
static struct vwin *
next_shown(const struct vregion *src, struct resource **after)
{
    struct resource *r = *after;

    while ((r = res_next(RT_VREGION, r))) {
        struct vwin *w = to_vregion(r)->win;
        if (w && w->src == src) {
            *after = r;
            return w;
        }
    }
    return NULL;
}

/* Region src just freed some of its frames (vr_shrink, with nothing
 * allocated since): take every page that showed one of them out of every
 * window it sources, in every attached process at once. The window keeps
 * src as its source. Costs O(pages of those windows); a shrink of a region
 * no window shows does not call it. */
void
vw_src_shrunk(struct vregion *src)
{
    struct resource *at = NULL;
    struct vwin *w;

    for (unsigned seen = 0; seen < src->windows && (w = next_shown(src, &at)); seen++) {
        bool cleared = false;
        for (uint32_t i = 0; i < w->npages && w->mapped; i++)
            cleared |= clear_page(w, i, frame_is_free);
        if (cleared && is_current(w))
            arch_tlb_flush_all();
    }
}

/* Region src is about to free all its frames (vr_destroy): empty every
 * window it sources, in every attached process at once, and free each to
 * choose a new source. Costs O(pages of those windows). */
void
vw_src_gone(struct vregion *src)
{
    struct resource *at = NULL;
    struct vwin *w;

    while (src->windows && (w = next_shown(src, &at))) {
        for (uint32_t i = 0; i < w->npages && w->mapped; i++)
            (void)clear_page(w, i, NULL);
        flush(w, 0, w->npages);
        w->src = NULL;
        src->windows--;
    }
    KASSERT(src->windows == 0);
}

/* Which of n window pages at wpage were written through the window since
 * the last call: bit i of dirty[i / 8] (bytes the caller provides, zeroed
 * here). Clears the dirty bits and drops the pages' TLB entries so the next
 * store sets them again. Returns the count, or -EINVAL. */
int
vw_dirty(struct vregion *vr, uint32_t wpage, uint32_t n, uint8_t *dirty)
{
    struct vwin *w = vr->win;
    int count = 0;

    if (!w || wpage >= w->npages || n > w->npages - wpage)
        return -EINVAL;
    kmemset(dirty, 0, (n + 7) / 8);
    for (uint32_t i = 0; i < n; i++) {
        vaddr_t va = w->rw.base + (wpage + i) * PAGE_SIZE;
        if (!arch_pt_test_clear_dirty(w->rw.pt[ptset_chunk_of(&w->rw, va)], va))
            continue;
        dirty[i / 8] |= (uint8_t)(1u << (i % 8));
        count++;
        if (is_current(w))
            arch_invlpg(va);
    }
    return count;
}

/* The strongest attachment to window vr of any process living in vs. */
static uint8_t
wanted(const struct vregion *vr, const struct vspace *vs)
{
    uint8_t how = VWIN_NONE;

    for (const struct vwin_holder *h = holders; h; h = h->next) {
        if (h->vs != vs)
            continue;
        for (int i = 0; i < PROC_WINS; i++)
            if (h->att[i].win == vr && h->att[i].how > how)
                how = h->att[i].how;
    }
    return how;
}

/* Make vs's directory link what its processes need of the window. Returns
 * 0 or -ENOMEM (no free link: too many spaces attached at once). */
static int
relink(struct vregion *vr, struct vspace *vs)
{
    struct vwin *w = vr->win;
    uint8_t how = wanted(vr, vs);
    int slot = -1, free_slot = -1;

    for (int i = 0; i < VWIN_LINKS; i++) {
        if (w->links[i].vs == vs)
            slot = i;
        else if (!w->links[i].vs && free_slot < 0)
            free_slot = i;
    }
    if (slot < 0 && how == VWIN_NONE)
        return 0;
    if (slot < 0) {
        if (free_slot < 0)
            return -ENOMEM;
        slot = free_slot;
        w->links[slot].vs = vs;
        w->links[slot].how = VWIN_NONE;
    }
    if (w->links[slot].how == how)
        return 0;
    bool weaker = how < w->links[slot].how;
    if (how == VWIN_NONE) {
        ptset_unlink(&w->rw, vs->pd);
        w->links[slot].vs = NULL;
    } else {
        ptset_link(how == VWIN_RW ? &w->rw : &w->ro, vs->pd);
    }
    w->links[slot].how = how;
    if (weaker && arch_vspace_current() == vs->pd)
        arch_tlb_flush_all(); // writable entries, or any, must not outlive the link
    return 0;
}

/* Attach window vr to the process of holder h, which lives in space vs,
 * writable or read-only (a second attach can make it writable, never
 * read-only again). *base: the window's address. Returns 0, -EINVAL (not a
 * window), -EMFILE (h has PROC_WINS windows), -ENOMEM. */
int
vw_attach(struct vregion *vr, struct vwin_holder *h, struct vspace *vs, bool writable,
          vaddr_t *base)
{
    uint8_t how = writable ? VWIN_RW : VWIN_RO;
    int slot = -1, err;

    if (!vr->win)
        return -EINVAL;
    if (!h->vs) { // its first window: the holder joins the list
        h->vs = vs;
        h->next = holders;
        holders = h;
    }
    KASSERT(h->vs == vs);
    for (int i = 0; i < PROC_WINS && slot < 0; i++)
        if (h->att[i].win == vr)
            slot = i;
    for (int i = 0; i < PROC_WINS && slot < 0; i++)
        if (!h->att[i].win)
            slot = i;
    if (slot < 0)
        return -EMFILE;
    struct vwin_att old = h->att[slot];
    if (!old.win)
        vr->res.refs++;
    h->att[slot].win = vr;
    if (how > old.how)
        h->att[slot].how = how;
    if ((err = relink(vr, vs)) < 0) {
        if (!old.win)
            vr->res.refs--;
        h->att[slot] = old;
        return err;
    }
    *base = vr->win->rw.base;
    return 0;
}

static void
drop(struct vregion *vr, struct vwin_holder *h, int slot)
{
    h->att[slot] = (struct vwin_att){NULL, VWIN_NONE};
    vr->res.refs--;
    (void)relink(vr, h->vs); // weaker or none: never needs a new link slot
}

/* Detach window vr from h's process. Returns 0 or -ENOENT (not attached). */
int
vw_detach(struct vregion *vr, struct vwin_holder *h)
{
    for (int i = 0; i < PROC_WINS; i++) {
        if (h->att[i].win == vr) {
            drop(vr, h, i);
            return 0;
        }
    }
    return -ENOENT;
}

/* h's process moved into space `to`: its windows follow. */
void
vw_holder_moved(struct vwin_holder *h, struct vspace *to)
{
    struct vspace *from = h->vs;

    if (!from)
        return; // no window ever: nothing is linked
    h->vs = to;
    for (int i = 0; i < PROC_WINS; i++) {
        struct vregion *vr = h->att[i].win;
        if (!vr)
            continue;
        (void)relink(vr, from);
        if (relink(vr, to) < 0) // no link for a new space: the window is lost to it
            drop(vr, h, i);
    }
}

/* h's process ends: detach its windows, and destroy those it created. Call
 * while it still lives in its space (before its area is torn down). */
void
vw_holder_ended(struct vwin_holder *h)
{
    for (int i = 0; i < PROC_WINS; i++)
        if (h->att[i].win)
            drop(h->att[i].win, h, i);
    for (struct vwin_holder **pp = &holders; *pp; pp = &(*pp)->next) {
        if (*pp == h) {
            *pp = h->next;
            break;
        }
    }
    h->vs = NULL;
    for (struct resource *r = res_next(RT_VREGION, NULL), *next; r; r = next) {
        next = res_next(RT_VREGION, r);
        struct vregion *vr = to_vregion(r);
        if (vr->win && vr->win->creator == h)
            vw_destroy(vr);
    }
}

/* Delete the window: out of every process and space, tables and range freed. */
void
vw_destroy(struct vregion *vr)
{
    struct vwin *w = vr->win;

    for (struct vwin_holder *h = holders; h; h = h->next)
        for (int i = 0; i < PROC_WINS; i++)
            if (h->att[i].win == vr)
                drop(vr, h, i);
    for (int i = 0; i < VWIN_LINKS; i++) { // none left after the drops; be sure
        if (w->links[i].vs) {
            ptset_unlink(&w->rw, w->links[i].vs->pd);
            w->links[i].vs = NULL;
        }
    }
    if (is_current(w))
        arch_tlb_flush_all();
    if (w->src)
        w->src->windows--;
    uaddr_free(w->rw.base, w->rw.nchunks);
    free_tables(w);
    kfree(w);
    vr->win = NULL;
    res_free(&vr->res);
}

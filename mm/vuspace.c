/*
 * Virtual user spaces and the user areas that hold them.
 *
 * A user area is a run of 4 MiB chunks from the system's pool of user
 * addresses (mm/uaddr.c), unique across every space, so any process fits into any
 * space; it grows upward while the chunks above it are free (the heap).
 * Each chunk that holds a mapping has one page-table page, owned by the
 * area and linked into its space's page directory. Moving an area to
 * another space therefore touches one PDE per chunk and never a PTE: the
 * cost of procmove does not depend on how much memory the process has.
 * Invariants: every mapped page lies in exactly one attached vuspace; a
 * chunk has a page-table page iff some page in it is mapped or was; the
 * area's page tables are linked into ua->vs and into no other directory.
 * Lazy regions (mm/vregion.c) are mapped page by page: a page with its own
 * frame as the vuspace's protection allows, a boot-image page read-only, a
 * hole that reads as zeros not at all; ua_fault gives such a page its frame
 * when it is touched (or stored to), in whichever process of the space
 * touches it, and remaps it. A program's shared text is never written: it
 * stays mapped from the boot image; the region goes with its last mapping.
 * area_of_chunk names the area holding each chunk, so a fault finds its area
 * at once.
 * Public: vus_init, ua_create/extend/destroy/move/kaddr/chown/repay/fault,
 * vus_attach/grow/grow_down/shrink/materialize, and the call sys_uaccess (may the
 * caller touch this user memory, lazy pages included).
 */
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "mm/ptset.h"
#include "mm/range.h"
#include "mm/uaddr.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "mm/vuspace.h"

static struct vuspace vus_table[CONFIG_NR_VUSPACE];
static struct res_pool vus_pool;
static struct uarea *area_of_chunk[RANGE_NCHUNKS];

static void
set_area(vaddr_t base, unsigned nchunks, struct uarea *ua)
{
    for (unsigned c = 0; c < nchunks; c++)
        area_of_chunk[(base - RANGE_BASE) / RANGE_CHUNK + c] = ua;
}

static void
vuspace_info(const struct resource *r, struct res_info *out)
{
    const struct vuspace *v = to_vuspace(r);

    out->u.vuspace.vspace = v->ua->vs->res.rid;
    out->u.vuspace.vregion = v->vr->res.rid;
    out->u.vuspace.start = v->start;
    out->u.vuspace.size = v->vr->fs.n * PAGE_SIZE;
    out->u.vuspace.prot = v->prot;
}

static void
vuspace_chown_parts(struct resource *r)
{
    if (to_vuspace(r)->vr->shared)
        return; // a program's text stays the system's
    to_vuspace(r)->vr->res.owner = r->owner;
    to_vuspace(r)->vr->res.group = r->group;
}

/* A virtual user space is a part of its process: no resdelete, no reclaim. */
static const struct res_ops vuspace_ops = {
    .name = "vuspace", .info = vuspace_info, .chown_parts = vuspace_chown_parts};

/* Register the pool. */
void
vus_init(void)
{
    RES_POOL_START(vus_pool, RT_VUSPACE, &vuspace_ops, vus_table);
}

/* The vuspace of the area that maps all of [va, va + npages pages), or NULL. */
struct vuspace *
ua_find(const struct uarea *ua, vaddr_t va, uint32_t npages)
{
    for (struct vuspace *v = ua->list; v; v = v->next)
        if (va >= v->start && npages <= v->vr->fs.n &&
            (va - v->start) / PAGE_SIZE <= v->vr->fs.n - npages)
            return v;
    return NULL;
}

static unsigned
map_flags(uint32_t prot)
{
    return MAP_USER | ((prot & VUS_WRITE) ? MAP_WRITE : 0);
}

/* Reserve a range of nchunks chunks in space vs. Returns 0, -EINVAL or -ENOMEM. */
int
ua_create(struct uarea *ua, unsigned nchunks, struct vspace *vs)
{
    int err;

    if (nchunks == 0 || nchunks > RANGE_NCHUNKS)
        return -EINVAL;
    ua->pts = (struct ptset){0};
    if (ptset_resize(&ua->pts, nchunks) < 0)
        return -ENOMEM;
    if ((err = uaddr_alloc(nchunks, &ua->pts.base)) < 0) {
        kzfree(ua->pts.pt, nchunks * sizeof(paddr_t));
        ua->pts = (struct ptset){0};
        return err;
    }
    ua->vs = vs;
    ua->list = NULL;
    ua->pages = 0;
    set_area(ua->pts.base, nchunks, ua);
    return 0;
}

/* Make sure the chunks covering [start, start+npages) have page tables. */
static int
ensure_tables(struct uarea *ua, vaddr_t start, uint32_t npages)
{
    return ptset_prepare(&ua->pts, ua->vs->pd, start, npages);
}

/* Map page i of a lazy region as it stands: its own frame with the
 * vuspace's protection, else the boot-image page it shows read-only, else
 * nothing (zeros to come). */
static void
map_lazy_page(struct vuspace *vus, uint32_t i)
{
    bool own;
    paddr_t frame = vr_page(vus->vr, i, &own);
    vaddr_t va = vus->start + i * PAGE_SIZE;

    if (frame)
        ptset_map(&vus->ua->pts, va, &frame, 1, own ? map_flags(vus->prot) : MAP_USER);
    else
        ptset_unmap(&vus->ua->pts, va, 1);
}

static void
map_pages(struct vuspace *vus, uint32_t from, uint32_t to)
{
    struct uarea *ua = vus->ua;

    if (vus->vr->shared) // a program's text: the boot image's pages, all of them
        ptset_map_run(&ua->pts, vus->start + from * PAGE_SIZE, vus->vr->src + from * PAGE_SIZE,
                      to - from, MAP_USER);
    else if (vus->vr->lazy) // only what has a frame; the rest is mapped when touched
        for (uint32_t i = from; i < to && vus->vr->fs.owned; i++) {
            if (vus->vr->fs.frames[i])
                map_lazy_page(vus, i);
        }
    else
        ptset_map(&ua->pts, vus->start + from * PAGE_SIZE, vus->vr->fs.frames + from, to - from,
                  map_flags(vus->prot));
    ua->pages += to - from;
    ua->vs->pages += to - from;
}

static void
unmap_pages(struct vuspace *vus, uint32_t from, uint32_t to)
{
    struct uarea *ua = vus->ua;

    ptset_unmap(&ua->pts, vus->start + from * PAGE_SIZE, to - from);
    ua->pages -= to - from;
    ua->vs->pages -= to - from;
    vs_flush(ua->vs, vus->start + from * PAGE_SIZE, to - from);
}

static bool
fits(const struct uarea *ua, vaddr_t start, uint32_t npages)
{
    return !(start & (PAGE_SIZE - 1)) && start >= ua->pts.base &&
           npages <= (ua->pts.base + ua->pts.nchunks * RANGE_CHUNK - start) / PAGE_SIZE;
}

static bool
overlaps(const struct uarea *ua, vaddr_t start, uint32_t npages, const struct vuspace *skip)
{
    for (const struct vuspace *v = ua->list; v; v = v->next) {
        vaddr_t vend = v->start + v->vr->fs.n * PAGE_SIZE;
        if (v != skip && start < vend && v->start < start + npages * PAGE_SIZE)
            return true;
    }
    return false;
}

/* Map all of region vr at start (inside ua's range) with protection prot, as a
 * new vuspace resource. Returns its rid, -EINVAL (outside the range or
 * overlapping), -ENOMEM, or a resource-table error. Takes a reference on vr. */
int
vus_attach(struct uarea *ua, struct vregion *vr, vaddr_t start, uint32_t prot, const char *name,
           uint16_t owner, uint16_t group, uint16_t mode, struct vuspace **out)
{
    struct resource *r;
    int rid, err;

    if (!fits(ua, start, vr->fs.n) || overlaps(ua, start, vr->fs.n, NULL))
        return -EINVAL;
    if (vr->fs.n && (err = ensure_tables(ua, start, vr->fs.n)) < 0)
        return err;
    if ((rid = res_alloc(&vus_pool, name, owner, group, mode, &r)) < 0)
        return rid;
    struct vuspace *vus = to_vuspace(r);
    vus->vr = vr;
    vus->ua = ua;
    vus->start = start;
    vus->prot = prot;
    vus->next = ua->list;
    ua->list = vus;
    vr->res.refs++;
    map_pages(vus, 0, vr->fs.n);
    *out = vus;
    return rid;
}

/* Add npages zeroed pages at the end of vus (a heap growing). Returns 0,
 * -ENOMEM, or -EINVAL if it would leave the range or run into a neighbour. */
int
vus_grow(struct vuspace *vus, uint32_t npages)
{
    struct uarea *ua = vus->ua;
    uint32_t old = vus->vr->fs.n;
    int err;

    if (!fits(ua, vus->start, old + npages) || overlaps(ua, vus->start, old + npages, vus))
        return -EINVAL;
    if ((err = ensure_tables(ua, vus->start, old + npages)) < 0 ||
        (err = vr_grow(vus->vr, npages)) < 0)
        return err;
    map_pages(vus, old, old + npages);
    return 0;
}

/* Extend vus down by npages holes of its lazy zero region (a stack): its
 * start moves down, the pages it had keep their addresses, nothing is mapped
 * until touched. Returns 0, -EINVAL (outside the area, overlapping another
 * vuspace, or not a stack's kind of region) or -ENOMEM (page tables, or
 * the region's array); nothing changed then. */
int
vus_grow_down(struct vuspace *vus, uint32_t npages)
{
    struct uarea *ua = vus->ua;
    vaddr_t start = vus->start - npages * PAGE_SIZE;
    int err;

    if (npages > (vus->start - ua->pts.base) / PAGE_SIZE || !fits(ua, start, npages) ||
        overlaps(ua, start, npages, vus))
        return -EINVAL;
    if ((err = ensure_tables(ua, start, npages)) < 0 || (err = vr_grow_down(vus->vr, npages)) < 0)
        return err;
    vus->start = start;
    ua->pages += npages;
    ua->vs->pages += npages;
    return 0;
}

/* Unmap and free the last npages pages of vus; a shared window that showed
 * any of them shows nothing there any more (vr_shrink). Returns 0 or
 * -EINVAL (more pages than it has). */
int
vus_shrink(struct vuspace *vus, uint32_t npages)
{
    uint32_t old = vus->vr->fs.n;

    if (npages > old)
        return -EINVAL;
    unmap_pages(vus, old - npages, old);
    vr_shrink(vus->vr, npages);
    return 0;
}

static void
detach(struct vuspace *vus)
{
    unmap_pages(vus, 0, vus->vr->fs.n);
    vus->vr->res.refs--;
    bool still_run = vus->vr->shared && vus->vr->res.refs; // a program's text, run by others
    if (!still_run && vr_destroy(vus->vr) < 0) // the region was private to this mapping
        panic("region of a dying vuspace still mapped");
    res_free(&vus->res);
}

/* Grow the area by more chunks right above it (no page tables yet). Returns
 * 0, or -ENOMEM (the chunks above belong to another area, or no memory for
 * the bigger table array); nothing changes then. */
int
ua_extend(struct uarea *ua, unsigned more)
{
    unsigned had = ua->pts.nchunks;
    int err;

    if (more == 0)
        return 0;
    if (more > RANGE_NCHUNKS || (err = uaddr_extend(ua->pts.base, had, more)) < 0)
        return -ENOMEM;
    if (ptset_resize(&ua->pts, had + more) < 0) {
        uaddr_free(ua->pts.base + had * RANGE_CHUNK, more);
        return -ENOMEM;
    }
    set_area(ua->pts.base + had * RANGE_CHUNK, more, ua);
    return 0;
}

/* Tear the area down: every vuspace and its region, the page tables, the range. */
void
ua_destroy(struct uarea *ua)
{
    while (ua->list) {
        struct vuspace *vus = ua->list;
        ua->list = vus->next;
        detach(vus);
    }
    ptset_release(&ua->pts, ua->vs->pd);
    set_area(ua->pts.base, ua->pts.nchunks, NULL);
    uaddr_free(ua->pts.base, ua->pts.nchunks);
    kzfree(ua->pts.pt, ua->pts.nchunks * sizeof(paddr_t));
    ua->pts = (struct ptset){0};
}

/* Re-link the area's page tables from its space into space to: one PDE per
 * chunk, whatever the number of pages. Cannot fail. If the old space stays
 * loaded, the caller flushes its TLB (arch_tlb_flush_all); if the caller is
 * about to load the new space, that load flushes. */
void
ua_move(struct uarea *ua, struct vspace *to)
{
    struct vspace *from = ua->vs;

    ptset_relink(&ua->pts, from->pd, to->pd);
    from->pages -= ua->pages;
    to->pages += ua->pages;
    ua->vs = to;
}

/* Give page i of vus a frame of its own if it is a hole of a lazy region
 * (a copy of the boot-image page it showed, or zeros) and map it with the
 * vuspace's protection. Returns 0, -EFAULT (a page of shared text, which
 * is never copied) or -ENOMEM (no frame or past the payer's quota). */
int
vus_materialize(struct vuspace *vus, uint32_t i)
{
    struct vregion *vr = vus->vr;
    int err;

    if (!vr->lazy || vr->fs.frames[i])
        return 0;
    if (vr->shared)
        return -EFAULT;
    if ((err = vr_materialize(vr, i)) < 0)
        return err;
    map_lazy_page(vus, i);
    vs_flush(vus->ua->vs, vus->start + i * PAGE_SIZE, 1); // it may have shown the boot image's
    return 0;
}

/* Kernel address of the byte at user address va of this area (through the
 * direct map of its frame, which a hole of a lazy region gets now), or NULL
 * if va is not mapped by it, is shared text, or no frame is left. */
void *
ua_kaddr(const struct uarea *ua, vaddr_t va)
{
    for (struct vuspace *v = ua->list; v; v = v->next) {
        if (va >= v->start && va - v->start < v->vr->fs.n * PAGE_SIZE) {
            uint32_t off = va - v->start;
            if (vus_materialize(v, off / PAGE_SIZE) < 0)
                return NULL;
            return (char *)phys_to_virt(v->vr->fs.frames[off / PAGE_SIZE]) + off % PAGE_SIZE;
        }
    }
    return NULL;
}

/* A page fault at user address va in the space whose directory is pd (a
 * store if write): if va is a page of a lazy region that may be accessed
 * so, map it: a load of a page that shows the boot image maps that page
 * read-only; a store there, or any touch of a page of zeros, gives the page
 * its own frame first. It works for any process of the space (HVS lets
 * them touch each other's memory). Returns 0 (retry the access), -EFAULT (a
 * real fault: the process's, or a bad pointer) or -ENOMEM. */
int
ua_fault(paddr_t pd, vaddr_t va, bool write)
{
    struct uarea *ua;
    struct vuspace *vus;
    uint32_t i;
    paddr_t frame;
    bool own;

    if (va < RANGE_BASE || va >= RANGE_TOP)
        return -EFAULT;
    va &= ~(vaddr_t)(PAGE_SIZE - 1);
    ua = area_of_chunk[(va - RANGE_BASE) / RANGE_CHUNK];
    if (!ua || ua->vs->pd != pd || !(vus = ua_find(ua, va, 1)) || !vus->vr->lazy ||
        (write && !(vus->prot & VUS_WRITE)))
        return -EFAULT;
    i = (va - vus->start) / PAGE_SIZE;
    frame = vr_page(vus->vr, i, &own);
    if (own || (!write && arch_pt_get(ua->pts.pt[ptset_chunk_of(&ua->pts, va)], va)))
        return -EFAULT; // mapped as it may be: the fault was not ours to mend
    if (frame && !write) {
        map_lazy_page(vus, i); // a load: the boot image's page, read-only
        return 0;
    }
    return vus_materialize(vus, i);
}

/* Charge every vuspace of the area and its region (slots and frames) to
 * payer from now on. */
void
ua_repay(struct uarea *ua, uint16_t payer)
{
    for (struct vuspace *v = ua->list; v; v = v->next) {
        res_repay(&v->res, payer);
        vr_repay(v->vr, payer); // not a program's shared text: nobody pays for that
    }
}

/* Give every vuspace of the area and its region a new owner and group. */
void
ua_chown(struct uarea *ua, uint16_t owner, uint16_t group)
{
    for (struct vuspace *v = ua->list; v; v = v->next) {
        v->res.owner = owner;
        v->res.group = group;
        if (!v->vr->shared) { // a program's text stays the system's
            v->vr->res.owner = owner;
            v->vr->res.group = group;
        }
    }
}

/* Whether the caller may read (write: also write) the n bytes at user
 * address p: 0 or -EFAULT. For the user library, which copies buffers into
 * containers itself and owes its callers EFAULT, not a fault, for a bad one. */
int
sys_uaccess(struct proc *caller, const void *p, size_t n, int write)
{
    (void)caller;
    return user_range_check(p, n, write != 0);
}

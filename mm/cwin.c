/*
 * The container window (see cwin.h).
 *
 * At boot the window takes CWIN_CHUNKS chunks from the global range
 * allocator, so no process area ever overlaps it. Addresses inside it are
 * handed out in page runs by a bitmap (struct frame_pool over virtual page
 * numbers: the same first-fit run search frames use). Every space that ever
 * maps a container gets its own page-table pages for the window, linked
 * into its directory on first use and freed with the space (vs_destroy).
 * Invariant: a window page is mapped in at most one space at a time (the
 * container's), and only while the container is allocated.
 * Public: cwin_init, cwin_alloc, cwin_free, cwin_prepare, cwin_map, cwin_unmap,
 * cwin_free_pages.
 */
#include "mm/cwin.h"
#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/panic.h"
#include "mm/frame.h"
#include "mm/mem.h"
#include "mm/ptset.h"
#include "mm/range.h"
#include "mm/uaddr.h"
#include "mm/vspace.h"

#define CWIN_PAGES (CWIN_CHUNKS * RANGE_CHUNK / PAGE_SIZE)

static vaddr_t window;
static uint32_t page_bits[CWIN_PAGES / 32];
static struct frame_pool pages; // "frame" n = window page n; page 0 stays unused

/* Reserve the window's addresses for good. */
void
cwin_init(void)
{
    if (uaddr_alloc_top(CWIN_CHUNKS, &window) < 0)
        panic("no room for the container window");
    frame_pool_init(&pages, page_bits, CWIN_PAGES);
    frame_pool_release_range(&pages, 0, CWIN_PAGES * PAGE_SIZE);
}

/* Take npages consecutive window pages. Returns 0 or -ENOMEM. */
int
cwin_alloc(uint32_t npages, vaddr_t *va)
{
    paddr_t first;
    int err;

    if (npages == 0) { // an empty container still has a (never mapped) address
        *va = window;
        return 0;
    }
    if ((err = frame_pool_alloc_contig(&pages, npages, &first)) < 0)
        return err;
    *va = window + first;
    return 0;
}

/* Give window pages back. */
void
cwin_free(vaddr_t va, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++)
        if (frame_pool_free(&pages, va - window + i * PAGE_SIZE) < 0)
            panic("container window page %p freed twice", (void *)(va + i * PAGE_SIZE));
}

/* The page-table set of the window in space vs (its tables live in vs). */
static struct ptset
window_of(struct vspace *vs)
{
    return (struct ptset){.base = window, .nchunks = CWIN_CHUNKS, .pt = vs->cwin_pt};
}

/* Make sure vs has the page-table pages to map npages window pages at va,
 * so that a later cwin_map of them cannot fail. Returns 0 or -ENOMEM (tables
 * made before the failure stay: they go with the space). */
int
cwin_prepare(struct vspace *vs, vaddr_t va, uint32_t npages)
{
    struct ptset ps = window_of(vs);

    return ptset_prepare(&ps, vs->pd, va, npages);
}

/* Map frames at va in space vs (user, writable). Returns 0 or -ENOMEM (when
 * a page-table page is missing; nothing is mapped then). */
int
cwin_map(struct vspace *vs, vaddr_t va, const paddr_t *frames, uint32_t npages)
{
    struct ptset ps = window_of(vs);
    int err;

    if ((err = ptset_prepare(&ps, vs->pd, va, npages)) < 0)
        return err;
    ptset_map(&ps, va, frames, npages, MAP_USER | MAP_WRITE);
    vs->pages += npages;
    return 0;
}

/* Unmap npages at va from vs and drop them from its TLB if it is loaded. */
void
cwin_unmap(struct vspace *vs, vaddr_t va, uint32_t npages)
{
    struct ptset ps = window_of(vs);

    ptset_unmap(&ps, va, npages);
    vs->pages -= npages;
    vs_flush(vs, va, npages);
}

/* Free window pages, for leak checks. */
uint32_t
cwin_free_pages(void)
{
    return frame_pool_nfree(&pages);
}

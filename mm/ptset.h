/*
 * A page-table set: the page-table pages that map a run of 4 MiB chunks,
 * one page each, owned by whoever maps there and linked into one or more
 * page directories. The one primitive that maps and unmaps runs of pages in
 * user space: process areas (mm/vuspace.c) link theirs into the one space
 * they live in and re-link them on procmove; the container window
 * (mm/cwin.c) keeps a set per space; a mapping shared by many spaces (the
 * file cache's) links one set into every client's directory, so a change
 * of a PTE is seen by all of them at once.
 * Included by mm/ and host tests; TLB flushes stay with the caller.
 */
#ifndef MM_PTSET_H
#define MM_PTSET_H

#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/types.h"
#include "mm/mem.h"

struct ptset {
    vaddr_t base;     /* address of chunk 0, 4 MiB aligned */
    unsigned nchunks; /* chunks covered */
    paddr_t *pt;      /* nchunks page-table pages, 0 where none yet */
};

void ptset_link(const struct ptset *ps, paddr_t pd);
void ptset_unlink(const struct ptset *ps, paddr_t pd);
void ptset_relink(const struct ptset *ps, paddr_t from, paddr_t to);
int ptset_resize(struct ptset *ps, unsigned nchunks);

static inline unsigned
ptset_chunk_of(const struct ptset *ps, vaddr_t va)
{
    return (va - ps->base) / PGDIR_SPAN;
}

static inline vaddr_t
ptset_chunk_va(const struct ptset *ps, unsigned c)
{
    return ps->base + c * PGDIR_SPAN;
}

/* Give every chunk of [va, va + npages pages) a zeroed table; new tables are
 * linked into pd (0: into none yet). Returns 0 or -ENOMEM; tables made
 * before a failure stay (ptset_release frees them), so a retry is cheap. */
static inline int
ptset_prepare(struct ptset *ps, paddr_t pd, vaddr_t va, uint32_t npages)
{
    if (npages == 0)
        return 0;
    for (unsigned c = ptset_chunk_of(ps, va); c <= ptset_chunk_of(ps, va + npages * PAGE_SIZE - 1);
         c++) {
        if (ps->pt[c])
            continue;
        if (frame_alloc_zeroed(&ps->pt[c]) < 0)
            return -ENOMEM;
        if (pd)
            arch_pd_link(pd, ptset_chunk_va(ps, c), ps->pt[c]);
    }
    return 0;
}

/* Map frames[0..npages) at va with flags (MAP_*); the tables are there. */
static inline void
ptset_map(const struct ptset *ps, vaddr_t va, const paddr_t *frames, uint32_t npages,
          unsigned flags)
{
    for (uint32_t i = 0; i < npages; i++, va += PAGE_SIZE)
        arch_pt_set(ps->pt[ptset_chunk_of(ps, va)], va, frames[i], flags);
}

/* Map the physically contiguous npages from frame on at va with flags. */
static inline void
ptset_map_run(const struct ptset *ps, vaddr_t va, paddr_t frame, uint32_t npages, unsigned flags)
{
    for (uint32_t i = 0; i < npages; i++, va += PAGE_SIZE, frame += PAGE_SIZE)
        arch_pt_set(ps->pt[ptset_chunk_of(ps, va)], va, frame, flags);
}

/* Unmap npages at va. The caller flushes the TLBs that may hold them. */
static inline void
ptset_unmap(const struct ptset *ps, vaddr_t va, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++, va += PAGE_SIZE)
        arch_pt_clear(ps->pt[ptset_chunk_of(ps, va)], va);
}

/* Unlink the tables from pd (0: from none, the directory is going) and free
 * them. The set keeps its array and can be prepared again. */
static inline void
ptset_release(struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++) {
        if (!ps->pt[c])
            continue;
        if (pd)
            arch_pd_unlink(pd, ptset_chunk_va(ps, c));
        frame_free(ps->pt[c]);
        ps->pt[c] = 0;
    }
}

#endif

/*
 * mm/ptset.c - page-table sets (see ptset.h).
 *
 * Model: chunk c of a set covers [base + c * 4 MiB, base + (c+1) * 4 MiB)
 * and has one page-table page pt[c] once something was mapped there (or
 * prepared); a set's tables are linked into the directories its owner says
 * (ptset_prepare links new tables into one, ptset_link links all of them
 * into another). Mapping and unmapping write PTEs in those tables only, so
 * every directory the set is linked into sees the change; the cost of a
 * link or an unlink is one PDE per chunk, whatever is mapped.
 *
 * Invariants: pt has nchunks entries; a table is freed only by
 * ptset_release; callers map only where ptset_prepare succeeded.
 *
 * Entry points: ptset_prepare, ptset_map, ptset_unmap, ptset_link,
 * ptset_unlink, ptset_relink, ptset_release, ptset_resize.
 */
#include "mm/ptset.h"

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "mm/mem.h"

static unsigned
chunk_of(const struct ptset *ps, vaddr_t va)
{
    return (va - ps->base) / PGDIR_SPAN;
}

static vaddr_t
chunk_va(const struct ptset *ps, unsigned c)
{
    return ps->base + c * PGDIR_SPAN;
}

/* Give every chunk of [va, va + npages pages) a zeroed table; new tables are
 * linked into pd (0: into none yet). Returns 0 or -ENOMEM; tables made
 * before a failure stay (ptset_release frees them), so a retry is cheap. */
int
ptset_prepare(struct ptset *ps, paddr_t pd, vaddr_t va, uint32_t npages)
{
    if (npages == 0)
        return 0;
    for (unsigned c = chunk_of(ps, va); c <= chunk_of(ps, va + npages * PAGE_SIZE - 1); c++) {
        if (ps->pt[c])
            continue;
        if (frame_alloc_zeroed(&ps->pt[c]) < 0)
            return -ENOMEM;
        if (pd)
            arch_pd_link(pd, chunk_va(ps, c), ps->pt[c]);
    }
    return 0;
}

/* Map frames[0..npages) at va with flags (MAP_*); the tables are there. */
void
ptset_map(const struct ptset *ps, vaddr_t va, const paddr_t *frames, uint32_t npages,
          unsigned flags)
{
    for (uint32_t i = 0; i < npages; i++, va += PAGE_SIZE)
        arch_pt_set(ps->pt[chunk_of(ps, va)], va, frames[i], flags);
}

/* Unmap npages at va. The caller flushes the TLBs that may hold them. */
void
ptset_unmap(const struct ptset *ps, vaddr_t va, uint32_t npages)
{
    for (uint32_t i = 0; i < npages; i++, va += PAGE_SIZE)
        arch_pt_clear(ps->pt[chunk_of(ps, va)], va);
}

/* Link every table of the set into directory pd. */
void
ptset_link(const struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++)
        if (ps->pt[c])
            arch_pd_link(pd, chunk_va(ps, c), ps->pt[c]);
}

/* Take every table of the set out of directory pd. */
void
ptset_unlink(const struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++)
        if (ps->pt[c])
            arch_pd_unlink(pd, chunk_va(ps, c));
}

/* Move every table of the set from directory `from` into `to` (procmove). */
void
ptset_relink(const struct ptset *ps, paddr_t from, paddr_t to)
{
    for (unsigned c = 0; c < ps->nchunks; c++) {
        if (!ps->pt[c])
            continue;
        arch_pd_unlink(from, chunk_va(ps, c));
        arch_pd_link(to, chunk_va(ps, c), ps->pt[c]);
    }
}

/* Unlink the tables from pd (0: from none, the directory is going) and free
 * them. The set keeps its array and can be prepared again. */
void
ptset_release(struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++) {
        if (!ps->pt[c])
            continue;
        if (pd)
            arch_pd_unlink(pd, chunk_va(ps, c));
        frame_free(ps->pt[c]);
        ps->pt[c] = 0;
    }
}

/* Make the set cover nchunks chunks (more than now: the new ones have no
 * table yet). Returns 0 or -ENOMEM (then the set is unchanged). */
int
ptset_resize(struct ptset *ps, unsigned nchunks)
{
    paddr_t *pt;

    if (nchunks <= ps->nchunks)
        return 0;
    if (!(pt = kzgrow(ps->pt, ps->nchunks * sizeof(paddr_t), nchunks * sizeof(paddr_t))))
        return -ENOMEM;
    ps->pt = pt;
    ps->nchunks = nchunks;
    return 0;
}

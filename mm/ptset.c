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
 * Entry points: ptset_link, ptset_unlink, ptset_relink, ptset_resize;
 * ptset_prepare, ptset_map, ptset_unmap and ptset_release are inline in
 * ptset.h (the hot paths of IPC, of every mapping and of a space's end).
 */
#include "mm/ptset.h"

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "mm/mem.h"

/* Link every table of the set into directory pd. */
void
ptset_link(const struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++)
        if (ps->pt[c])
            arch_pd_link(pd, ptset_chunk_va(ps, c), ps->pt[c]);
}

/* Take every table of the set out of directory pd. */
void
ptset_unlink(const struct ptset *ps, paddr_t pd)
{
    for (unsigned c = 0; c < ps->nchunks; c++)
        if (ps->pt[c])
            arch_pd_unlink(pd, ptset_chunk_va(ps, c));
}

/* Move every table of the set from directory `from` into `to` (procmove). */
void
ptset_relink(const struct ptset *ps, paddr_t from, paddr_t to)
{
    for (unsigned c = 0; c < ps->nchunks; c++) {
        if (!ps->pt[c])
            continue;
        arch_pd_unlink(from, ptset_chunk_va(ps, c));
        arch_pd_link(to, ptset_chunk_va(ps, c), ps->pt[c]);
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

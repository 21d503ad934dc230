/*
 * Global user address ranges: a bitmap of the 4 MiB chunks between
 * RANGE_BASE and RANGE_TOP. A range is a run of consecutive free chunks;
 * allocation is next-fit from the last allocation so a freed range is not
 * handed out again at once (a stale pointer into it then faults instead of
 * reading a newcomer's memory).
 * Invariant: nfree equals the number of clear bits.
 * Public: range_pool_init, range_alloc, range_free, range_nfree.
 */
#include <stdbool.h>

#include "kernel/abi/errno.h"
#include "mm/range.h"

static bool
is_used(const struct range_pool *rp, unsigned i)
{
    return rp->used[i / 32] & (1u << (i % 32));
}

static void
set_used(struct range_pool *rp, unsigned i, bool on)
{
    if (on)
        rp->used[i / 32] |= 1u << (i % 32);
    else
        rp->used[i / 32] &= ~(1u << (i % 32));
}

/* Start with every chunk free. */
void
range_pool_init(struct range_pool *rp)
{
    for (unsigned i = 0; i < sizeof(rp->used) / sizeof(rp->used[0]); i++)
        rp->used[i] = 0;
    rp->nfree = RANGE_NCHUNKS;
    rp->hint = 0;
}

static bool
run_free(const struct range_pool *rp, unsigned first, unsigned n)
{
    for (unsigned i = first; i < first + n; i++)
        if (is_used(rp, i))
            return false;
    return true;
}

/* Take nchunks consecutive chunks; their start address goes to *base.
 * Returns 0, -EINVAL for nchunks 0, or -ENOMEM when no run is long enough. */
int
range_alloc(struct range_pool *rp, unsigned nchunks, vaddr_t *base)
{
    if (nchunks == 0 || nchunks > RANGE_NCHUNKS)
        return -EINVAL;
    if (nchunks > rp->nfree)
        return -ENOMEM;
    for (unsigned tried = 0; tried < RANGE_NCHUNKS; tried++) {
        unsigned first = (rp->hint + tried) % RANGE_NCHUNKS;
        if (first + nchunks > RANGE_NCHUNKS || !run_free(rp, first, nchunks))
            continue;
        for (unsigned i = first; i < first + nchunks; i++)
            set_used(rp, i, true);
        rp->nfree -= nchunks;
        rp->hint = (first + nchunks) % RANGE_NCHUNKS;
        *base = RANGE_BASE + first * RANGE_CHUNK;
        return 0;
    }
    return -ENOMEM;
}

/* Give back a range from range_alloc. Returns 0, or -EINVAL when base is not
 * a chunk start or any chunk of the run is not allocated. */
int
range_free(struct range_pool *rp, vaddr_t base, unsigned nchunks)
{
    unsigned first;

    if (base < RANGE_BASE || base >= RANGE_TOP || (base - RANGE_BASE) % RANGE_CHUNK)
        return -EINVAL;
    first = (base - RANGE_BASE) / RANGE_CHUNK;
    if (nchunks == 0 || first + nchunks > RANGE_NCHUNKS)
        return -EINVAL;
    for (unsigned i = first; i < first + nchunks; i++)
        if (!is_used(rp, i))
            return -EINVAL;
    for (unsigned i = first; i < first + nchunks; i++)
        set_used(rp, i, false);
    rp->nfree += nchunks;
    return 0;
}

/* Free chunks left. */
unsigned
range_nfree(const struct range_pool *rp)
{
    return rp->nfree;
}

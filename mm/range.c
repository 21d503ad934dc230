/*
 * Global user address ranges: a bitmap of the 4 MiB chunks between
 * RANGE_BASE and RANGE_TOP. A range is a run of consecutive chunks that can
 * grow upward while the chunks above it are free (a process's heap grows
 * so). To leave every range room to grow, a new range goes into the largest
 * free run, at its middle: the range below keeps the lower half to grow
 * into, the new one the upper half. Fixed reservations (the container
 * window) take the top of the area instead.
 * Invariant: nfree equals the number of clear bits.
 * Public: range_pool_init, range_alloc, range_alloc_top, range_extend,
 * range_free, range_nfree.
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
}

/* How many chunks from first on are all used (used) or all free (!used):
 * whole bitmap words at a time where it can, so a scan of the mostly empty
 * area costs a few dozen steps, not one per chunk. */
static unsigned
run_length(const struct range_pool *rp, unsigned first, bool used)
{
    uint32_t whole = used ? ~0u : 0;
    unsigned i = first;

    while (i < RANGE_NCHUNKS) {
        if (i % 32 == 0 && i + 32 <= RANGE_NCHUNKS && rp->used[i / 32] == whole)
            i += 32;
        else if (is_used(rp, i) == used)
            i++;
        else
            break;
    }
    return i - first;
}

static bool
run_free(const struct range_pool *rp, unsigned first, unsigned n)
{
    for (unsigned i = first; i < first + n; i++)
        if (is_used(rp, i))
            return false;
    return true;
}

static void
take(struct range_pool *rp, unsigned first, unsigned n, vaddr_t *base)
{
    for (unsigned i = first; i < first + n; i++)
        set_used(rp, i, true);
    rp->nfree -= n;
    *base = RANGE_BASE + first * RANGE_CHUNK;
}

/* Take nchunks consecutive chunks in the middle of the largest free run;
 * their start address goes to *base. Returns 0, -EINVAL for nchunks 0, or
 * -ENOMEM when no run is long enough. */
int
range_alloc(struct range_pool *rp, unsigned nchunks, vaddr_t *base)
{
    unsigned best = 0, best_len = 0, first, len;

    if (nchunks == 0 || nchunks > RANGE_NCHUNKS)
        return -EINVAL;
    for (first = run_length(rp, 0, true); first < RANGE_NCHUNKS;) {
        len = run_length(rp, first, false);
        if (len > best_len) {
            best = first;
            best_len = len;
        }
        first += len;
        first += run_length(rp, first, true);
    }
    if (best_len < nchunks)
        return -ENOMEM;
    // the lower half stays free for the range below, unless we would not fit
    first = best + best_len / 2;
    if (first + nchunks > best + best_len)
        first = best + best_len - nchunks;
    take(rp, first, nchunks, base);
    return 0;
}

/* Take the top nchunks chunks of the area for good (fixed reservations).
 * Returns 0, -EINVAL or -ENOMEM if any of them is taken. */
int
range_alloc_top(struct range_pool *rp, unsigned nchunks, vaddr_t *base)
{
    if (nchunks == 0 || nchunks > RANGE_NCHUNKS)
        return -EINVAL;
    if (!run_free(rp, RANGE_NCHUNKS - nchunks, nchunks))
        return -ENOMEM;
    take(rp, RANGE_NCHUNKS - nchunks, nchunks, base);
    return 0;
}

/* Grow the range of nchunks chunks at base by more chunks right above it.
 * Returns 0, -EINVAL (not an allocated range start, more 0) or -ENOMEM (a
 * chunk above is taken or beyond the area); nothing changes on error. */
int
range_extend(struct range_pool *rp, vaddr_t base, unsigned nchunks, unsigned more)
{
    unsigned first, end;

    if (base < RANGE_BASE || base >= RANGE_TOP || (base - RANGE_BASE) % RANGE_CHUNK ||
        nchunks == 0 || more == 0)
        return -EINVAL;
    first = (base - RANGE_BASE) / RANGE_CHUNK;
    if (nchunks > RANGE_NCHUNKS - first || !is_used(rp, first + nchunks - 1))
        return -EINVAL;
    end = first + nchunks;
    if (more > RANGE_NCHUNKS - end || !run_free(rp, end, more))
        return -ENOMEM;
    take(rp, end, more, &base);
    return 0;
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

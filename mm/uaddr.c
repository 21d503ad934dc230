/*
 * The system's one pool of user addresses: a range allocator (mm/range.c)
 * over the 4 MiB chunks between RANGE_BASE and the kernel. Every user range
 * of the system comes from here, so two ranges never overlap in any space
 * and any process fits into any space: process areas (mm/vuspace.c, which
 * grow upward), shared windows (mm/vwin.c), device areas (proc/device.c)
 * and, at the top for good, the container window (mm/cwin.c).
 * Invariant: a chunk is either free here or held by exactly one of them.
 * Public: uaddr_init, uaddr_alloc, uaddr_alloc_top, uaddr_extend, uaddr_free,
 * uaddr_free_chunks.
 */
#include "mm/uaddr.h"
#include "kernel/panic.h"
#include "mm/range.h"

static struct range_pool ranges;

void
uaddr_init(void)
{
    range_pool_init(&ranges);
}

/* Take nchunks chunks, the lowest free run. Returns 0 or -ENOMEM. */
int
uaddr_alloc(unsigned nchunks, vaddr_t *base)
{
    return range_alloc(&ranges, nchunks, base);
}

/* Take nchunks chunks, the highest free run (kept for good). 0 or -ENOMEM. */
int
uaddr_alloc_top(unsigned nchunks, vaddr_t *base)
{
    return range_alloc_top(&ranges, nchunks, base);
}

/* Grow the run of nchunks at base by more chunks right above it. Returns 0,
 * or -ENOMEM (one of them is taken); nothing changes then. */
int
uaddr_extend(vaddr_t base, unsigned nchunks, unsigned more)
{
    return range_extend(&ranges, base, nchunks, more);
}

/* Give a run back. Freeing a chunk that is free is a kernel bug. */
void
uaddr_free(vaddr_t base, unsigned nchunks)
{
    if (range_free(&ranges, base, nchunks) < 0)
        panic("user range %p (%u chunks) freed twice", (void *)base, nchunks);
}

/* Free chunks, for sysstat and the tests' leak checks. */
unsigned
uaddr_free_chunks(void)
{
    return range_nfree(&ranges);
}

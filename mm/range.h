/*
 * The global allocator of user address ranges (DESIGN §3): 4 MiB-aligned
 * chunks of the user area, unique across all spaces, so processes never
 * collide in any space. Pure logic; included by proc/ and host tests.
 */
#ifndef MM_RANGE_H
#define MM_RANGE_H

#include <stdint.h>

#include "kernel/types.h"

#define RANGE_CHUNK 0x400000u     /* one page-table page's span */
#define RANGE_BASE 0x00400000u    /* the first chunk: page 0..4 MiB stays unmapped */
#define RANGE_TOP 0xC0000000u     /* the kernel begins here */
#define RANGE_NCHUNKS ((RANGE_TOP - RANGE_BASE) / RANGE_CHUNK)

struct range_pool {
    uint32_t used[(RANGE_NCHUNKS + 31) / 32];
    unsigned nfree;
};

void range_pool_init(struct range_pool *rp);
int range_alloc(struct range_pool *rp, unsigned nchunks, vaddr_t *base);
int range_alloc_top(struct range_pool *rp, unsigned nchunks, vaddr_t *base);
int range_extend(struct range_pool *rp, vaddr_t base, unsigned nchunks, unsigned more);
int range_free(struct range_pool *rp, vaddr_t base, unsigned nchunks);
unsigned range_nfree(const struct range_pool *rp);

#endif

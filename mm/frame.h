/*
 * Physical frame allocator: a bitmap of 4 KiB frames (pure logic).
 *
 * Included by the kernel's memory code (which owns the one real pool and
 * panics on a failed free) and by host tests. Not reentrant: callers serialize.
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

#define FRAME_SIZE 4096
#define FRAME_SHIFT 12
#define FRAME_MAX_FRAMES (1u << 20) /* frames a 32-bit paddr_t can address */

struct frame_pool {
    uint32_t *bits;   /* one bit per frame, 1 = used */
    uint32_t nframes; /* frames 0 .. nframes-1 */
    uint32_t nfree;   /* frames whose bit is 0 */
    uint32_t hint;    /* next-fit: where the next search starts */
};

void frame_pool_init(struct frame_pool *fp, uint32_t *bits, uint32_t nframes);
void frame_pool_release_range(struct frame_pool *fp, paddr_t start, paddr_t end);
void frame_pool_reserve_range(struct frame_pool *fp, paddr_t start, paddr_t end);
int frame_pool_alloc(struct frame_pool *fp, paddr_t *out);
int frame_pool_alloc_contig(struct frame_pool *fp, uint32_t count, paddr_t *out);
int frame_pool_free(struct frame_pool *fp, paddr_t pa);
bool frame_pool_is_free(const struct frame_pool *fp, paddr_t pa);
uint32_t frame_pool_nfree(const struct frame_pool *fp);
size_t frame_pool_bitmap_bytes(uint32_t nframes);

#endif

/*
 * Kernel heap core (pure logic): first-fit free list over chunks obtained from
 * a grow callback, with per-block magic and canary checks. A chunk that
 * becomes entirely free is handed back through the release callback (same
 * pointer and byte count grow dealt in); release may be NULL to keep chunks.
 *
 * Included by the kernel (which supplies grow = take contiguous frames,
 * release = free them, fault = panic) and by host tests. Not reentrant:
 * callers serialize. Double free is detected only while the block's chunk is
 * still held; after its chunk was released a stale free reads "bad pointer".
 *
 * Fault callback `what` strings: "double free", "overrun", "bad pointer",
 * "corrupt heap" (from kheap_check or a damaged header met by kheap_free).
 */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H

#include <stddef.h>

#define KHEAP_ALIGN 16              /* alignment of every returned pointer */
#define KHEAP_MAX_ALLOC 0x40000000u /* larger requests fail (1 GiB) */

struct kheap_stats {
    size_t bytes_in_use;  /* sum of the sizes requested by live allocations */
    size_t blocks_in_use; /* live allocations */
    size_t bytes_total;   /* bytes obtained from grow and not yet released */
    size_t free_blocks;   /* blocks on the free list */
    size_t largest_free;  /* largest allocation the free list can satisfy now */
};

void kheap_init(void *(*grow)(size_t bytes), void (*release)(void *chunk, size_t bytes),
                void (*fault)(const char *what, void *ptr));
void *kheap_alloc(size_t n);
void *kheap_zalloc(size_t n);
void kheap_free(void *p);
int kheap_check(void);
void kheap_stats(struct kheap_stats *out);

#endif

/*
 * Physical memory of the running kernel: the frame pool built from the boot
 * memory map, the kernel page directory with its direct map, and the kernel
 * heap. Included by kernel code that needs frames or kmalloc.
 */
#ifndef MM_MEM_H
#define MM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

struct mem_stats {
    uint32_t total_kib;   /* usable RAM the loader reported */
    uint32_t managed_kib; /* of that, what lies in the direct map and is managed */
    uint32_t free_frames;
};

void mem_init(bool use_pge);
void mem_stats(struct mem_stats *out);
paddr_t mem_kernel_pd(void);
void *mem_public_page(vaddr_t va); /* a zeroed page all may read at va (kernel half) */

int frame_alloc(paddr_t *out);            /* 0 or -ENOMEM; the frame is not zeroed */
int frame_alloc_zeroed(paddr_t *out);
int frame_alloc_run(uint32_t n, paddr_t *out); /* n contiguous, zeroed: 0, -EINVAL, -ENOMEM */
void frame_free(paddr_t pa);              /* panics on a double free: a kernel bug */
void frame_copy(paddr_t dst, paddr_t src); /* a whole page */
uint32_t frame_nfree(void);
bool frame_is_free(paddr_t pa);           /* a managed frame that nobody holds */

void *kmalloc(size_t n);                  /* NULL when out of memory */
void *kzalloc(size_t n);
void *kzgrow(void *old, size_t old_bytes, size_t new_bytes); /* NULL: old untouched */
void kzfree(void *p, size_t bytes);         /* free what kzgrow made, of that size */
void kfree(void *p);

#endif

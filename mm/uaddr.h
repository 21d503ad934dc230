/*
 * The system's one pool of user addresses (mm/uaddr.c): 4 MiB chunks below
 * the kernel, unique across every space (DESIGN §3), from which process
 * areas, shared windows, device areas and the container window take their
 * ranges. Included by mm/ and proc/.
 */
#ifndef MM_UADDR_H
#define MM_UADDR_H

#include "kernel/types.h"

void uaddr_init(void);
int uaddr_alloc(unsigned nchunks, vaddr_t *base);
int uaddr_alloc_top(unsigned nchunks, vaddr_t *base);
int uaddr_extend(vaddr_t base, unsigned nchunks, unsigned more);
void uaddr_free(vaddr_t base, unsigned nchunks);
unsigned uaddr_free_chunks(void);

#endif

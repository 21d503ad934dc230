/*
 * The container window: one range of user addresses, unique in the system,
 * where containers are mapped. A container keeps its address for life, so it
 * is found at the same place in whatever space it is mapped into. Included
 * by mm/vspace.c and ipc/.
 */
#ifndef MM_CWIN_H
#define MM_CWIN_H

#include <stdint.h>

#include "kernel/config.h"
#include "kernel/types.h"

#define CWIN_CHUNKS CONFIG_CWIN_CHUNKS /* every space keeps a page table of each (mm/vspace.h) */

struct vspace;

void cwin_init(void);
int cwin_alloc(uint32_t npages, vaddr_t *va);
void cwin_free(vaddr_t va, uint32_t npages);
int cwin_prepare(struct vspace *vs, vaddr_t va, uint32_t npages);
int cwin_map(struct vspace *vs, vaddr_t va, const paddr_t *frames, uint32_t npages);
void cwin_unmap(struct vspace *vs, vaddr_t va, uint32_t npages);
uint32_t cwin_free_pages(void);

#endif

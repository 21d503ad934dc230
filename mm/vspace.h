/*
 * Virtual space: one page directory as a resource; exists with zero or more
 * processes in it. Included by mm/ and proc/.
 */
#ifndef MM_VSPACE_H
#define MM_VSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/resource.h"
#include "kernel/types.h"
#include "mm/cwin.h"

struct vspace {
    struct resource res;
    paddr_t pd;       /* page directory; kernel half shared by all */
    uint32_t nprocs;  /* processes living in it */
    uint32_t pages;   /* user pages mapped in it */
    bool transient;   /* made by proccreate(vmid 0): deleted with its last process */
    paddr_t cwin_pt[CWIN_CHUNKS]; /* page tables of the container window, 0 until used */
};

void vs_init(void);
int vs_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, bool transient,
              struct vspace **out);
int vs_destroy(struct vspace *vs);
void vs_activate(struct vspace *vs);
void vs_flush(struct vspace *vs, vaddr_t start, uint32_t npages);
#define to_vspace(r) res_object((r), RT_VSPACE, struct vspace)

#endif

/*
 * Virtual space: one page directory as a resource; exists with zero or more
 * processes in it. Included by mm/ and proc/.
 */
#ifndef MM_VSPACE_H
#define MM_VSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/config.h"
#include "kernel/resource.h"
#include "kernel/types.h"

#define VS_FLUSH_PAGES_MAX 16 /* vs_flush: above this, one CR3 reload beats many invlpg */

struct vspace {
    struct resource res;
    paddr_t pd;       /* page directory; kernel half shared by all */
    uint32_t nprocs;  /* processes living in it */
    uint32_t pages;   /* user pages mapped in it */
    bool transient;   /* made by proccreate(vmid 0): deleted with its last process */
    paddr_t cwin_pt[CONFIG_CWIN_CHUNKS]; /* page tables of the container window, 0 until used */
};

void vs_init(void);
int vs_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, bool transient,
              struct vspace **out);
int vs_destroy(struct vspace *vs);

/* Make vs the current address space, loading CR3 only if it is not already
 * (inline: every process switch asks). */
static inline void
vs_activate(struct vspace *vs)
{
    if (arch_vspace_current() != vs->pd)
        arch_vspace_load(vs->pd);
}

/* Drop stale TLB entries after unmapping npages at start from vs, if vs is
 * loaded (other spaces have nothing cached: the switch into them flushed). */
static inline void
vs_flush(struct vspace *vs, vaddr_t start, uint32_t npages)
{
    if (arch_vspace_current() != vs->pd)
        return;
    if (npages > VS_FLUSH_PAGES_MAX) {
        arch_tlb_flush_all();
        return;
    }
    for (uint32_t i = 0; i < npages; i++)
        arch_invlpg(start + i * PAGE_SIZE);
}

#define to_vspace(r) res_object((r), RT_VSPACE, struct vspace)

#endif

/*
 * Paging (arch/x86/paging.c): the page size and the kernel's place in every
 * space, the direct map of physical memory, and the primitives on page
 * directories and page tables that mm/ builds on (a directory is named by
 * its physical address). Included through arch/x86/arch.h by generic code,
 * directly by arch/x86/ files; of arch/ it includes only page.h, so paging
 * sits below the rest of arch/.
 */
#ifndef ARCH_X86_PAGING_H
#define ARCH_X86_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/page.h"
#include "kernel/types.h"

#define PGDIR_SPAN 0x400000u       /* bytes mapped by one page-table page */
#define KERNEL_BASE 0xC0000000u    /* user addresses lie below */
#define DIRECT_MAP_MAX 0x30000000u /* physical memory mapped at KERNEL_BASE: 768 MiB */

static inline void *
phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)(pa + KERNEL_BASE);
}

static inline paddr_t
virt_to_phys(const void *va)
{
    return (paddr_t)(uintptr_t)va - KERNEL_BASE;
}

/* paging: a page directory is named by its physical address */
#define MAP_WRITE 0x1
#define MAP_USER 0x2
#define MAP_GLOBAL 0x4
#define MAP_UNCACHED 0x8 /* device registers: neither cached nor write-combined */
void arch_paging_init(paddr_t kernel_pd, bool use_pge);
int arch_translate(paddr_t pd, vaddr_t va, paddr_t *pa, unsigned *flags);

/* Drop the TLB entry of one page (one instruction: inline). */
static inline void
arch_invlpg(vaddr_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void arch_vspace_load(paddr_t pd);
extern paddr_t arch_loaded_pd;  /* the directory in CR3 (arch/x86/paging.c writes it) */
extern uint64_t arch_map_epoch; /* bumped by every PDE/PTE set, cleared or unlinked */

/* The directory in CR3 now. */
static inline paddr_t
arch_vspace_current(void)
{
    return arch_loaded_pd;
}

bool arch_user_range_ok_slow(vaddr_t start, size_t n, bool write);

/* Whether every page of the n bytes at start (n > 0) lies below KERNEL_BASE
 * and is mapped present and user-accessible, and writable if write, in the
 * loaded directory (the running process's space): the check of copyin and
 * copyout. The PTE decides (the PDEs of user page tables are user and
 * writable). Inline for a range inside one page, the system-call case: two
 * loads and a few compares (x86 PTE bits P 0x1, W 0x2, U 0x4, SDM vol. 3,
 * 4.3); longer ranges go to arch_user_range_ok_slow. */
static inline bool
arch_user_range_ok(vaddr_t start, size_t n, bool write)
{
    const uint32_t pte_p = 0x1, pte_w = 0x2, pte_u = 0x4, addr_mask = 0xfffff000u;
    uint32_t need = pte_p | pte_u | (write ? pte_w : 0), pde;

    if (start >= KERNEL_BASE || n > PAGE_SIZE - (start & (PAGE_SIZE - 1)))
        return arch_user_range_ok_slow(start, n, write); // refuses, or walks each page
    pde = ((const uint32_t *)phys_to_virt(arch_loaded_pd))[start >> 22];
    return (pde & pte_p) &&
           (((const uint32_t *)phys_to_virt(pde & addr_mask))[(start >> PAGE_SHIFT) & 0x3ff] &
            need) == need;
}
uint32_t arch_cr3_loads(void);
void arch_pd_init_kernel(paddr_t pd); /* new directory: user half empty, kernel half shared */
void arch_pd_link(paddr_t pd, vaddr_t va, paddr_t pt); /* point va's PDE at page-table page pt */
void arch_pd_unlink(paddr_t pd, vaddr_t va);           /* clear va's PDE */
void arch_pt_set(paddr_t pt, vaddr_t va, paddr_t pa, unsigned flags); /* PTE of va in pt */
void arch_pt_clear(paddr_t pt, vaddr_t va);
bool arch_pt_get(paddr_t pt, vaddr_t va);              /* va has a page in pt */
paddr_t arch_pt_frame(paddr_t pt, vaddr_t va);         /* its frame, 0 if none */
bool arch_pt_test_clear_dirty(paddr_t pt, vaddr_t va); /* written since last asked? */
void arch_tlb_flush_all(void);                         /* reload CR3: every non-global entry goes */

#endif

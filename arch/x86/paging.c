/*
 * Two-level i686 paging with 4 KiB pages (SDM vol. 3, 4.3).
 *
 * A page directory is named by its physical address and edited through the
 * kernel's direct map of physical memory. The kernel half (PDEs 768-1023) is
 * built once at boot with every page-table page it will ever need, so copying
 * those PDEs into a new directory shares the kernel mappings forever; they
 * carry the global bit when PGE is on, so a CR3 load leaves them in the TLB.
 * Every page-table page comes from generic code (mm/mem.c for the kernel
 * half, mm/ptset.c for the user half); this file only edits entries and
 * never allocates. Public: arch_paging_init, arch_translate,
 * arch_user_range_ok_slow (arch_user_range_ok is inline in arch.h, as is
 * arch_invlpg), arch_vspace_load (counts CR3 loads; arch_loaded_pd, read by
 * arch.h's arch_vspace_current, says what is loaded), arch_pd_link/unlink,
 * arch_pt_set/clear/get, arch_pd_init_kernel. Every PDE or PTE that is
 * set, cleared or unlinked bumps arch_map_epoch, so a check of user memory
 * made at epoch E still holds while the epoch is E (usercopy.h).
 */
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "arch/x86/paging.h"
#include "arch/x86/x86.h"
#include "kernel/abi/errno.h"
#include "kernel/string.h"

#define PDE_INDEX(va) ((va) >> 22)
#define PTE_INDEX(va) (((va) >> 12) & 0x3ff)
#define KERNEL_PDE_FIRST PDE_INDEX(KERNEL_BASE)

static paddr_t kernel_pd;
static uint32_t pte_global;    // PTE_G when global pages are on, else 0
static uint32_t cr3_loads;
paddr_t arch_loaded_pd;        // what CR3 holds; read without touching CR3 (arch.h)
uint64_t arch_map_epoch;       // PDE/PTE changes since boot (arch.h)

static uint32_t *
pd_entries(paddr_t pd)
{
    return phys_to_virt(pd);
}

static uint32_t
pte_bits(unsigned flags)
{
    uint32_t bits = PTE_P;

    if (flags & MAP_WRITE)
        bits |= PTE_W;
    if (flags & MAP_USER)
        bits |= PTE_U;
    if (flags & MAP_GLOBAL)
        bits |= pte_global;
    if (flags & MAP_UNCACHED) // strong uncacheable, whatever the MTRRs say (SDM vol. 3, 11.5.2.1)
        bits |= PTE_PCD | PTE_PWT;
    return bits;
}

/* Remember the kernel directory and switch global pages on if asked and present. */
void
arch_paging_init(paddr_t pd, bool use_pge)
{
    kernel_pd = pd;
    if (use_pge && arch_cpu.has_pge) {
        write_cr4(read_cr4() | CR4_PGE);
        pte_global = PTE_G;
        arch_cpu.pge_on = true;
    }
}

/* Look va up in pd: its frame into *pa and MAP_ flags into *flags (either may
 * be NULL). Returns 0, or -ENOENT if unmapped. */
int
arch_translate(paddr_t pd, vaddr_t va, paddr_t *pa, unsigned *flags)
{
    uint32_t pde = pd_entries(pd)[PDE_INDEX(va)];
    uint32_t pte;

    if (!(pde & PTE_P))
        return -ENOENT;
    pte = ((uint32_t *)phys_to_virt(pde & PTE_ADDR))[PTE_INDEX(va)];
    if (!(pte & PTE_P))
        return -ENOENT;
    if (pa)
        *pa = (pte & PTE_ADDR) | (va & (PAGE_SIZE - 1));
    if (flags)
        *flags = ((pte & PTE_W) ? MAP_WRITE : 0) | ((pte & PTE_U) ? MAP_USER : 0) |
                 ((pte & PTE_G) ? MAP_GLOBAL : 0) | ((pte & PTE_PCD) ? MAP_UNCACHED : 0);
    return 0;
}

/* arch_user_range_ok (arch.h) for ranges that cross a page boundary: each
 * page is walked in the loaded directory. */
bool
arch_user_range_ok_slow(vaddr_t start, size_t n, bool write)
{
    const uint32_t *pd = pd_entries(arch_loaded_pd);
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
    uint32_t page, last;

    if (start >= KERNEL_BASE || n > KERNEL_BASE - start)
        return false;
    last = (start + n - 1) >> PAGE_SHIFT; // below KERNEL_BASE: no wrap
    for (page = start >> PAGE_SHIFT;; page++) {
        uint32_t pde = pd[page >> 10];
        if (!(pde & PTE_P))
            return false;
        if ((((const uint32_t *)phys_to_virt(pde & PTE_ADDR))[page & 0x3ff] & need) != need)
            return false;
        if (page == last)
            return true;
    }
}

/* Make pd the current address space. Loading CR3 flushes every non-global TLB
 * entry, which is the cost HVS avoids: callers skip this when pd is current,
 * and the count of loads is kept for tests and benchmarks. */
void
arch_vspace_load(paddr_t pd)
{
    cr3_loads++;
    arch_loaded_pd = pd;
    __asm__ volatile("mov %0, %%cr3" : : "r"(pd) : "memory");
}

/* Flush the whole non-global TLB by reloading CR3 with the same directory. */
void
arch_tlb_flush_all(void)
{
    arch_vspace_load(arch_loaded_pd);
}

/* Point the PDE covering va in pd at the page-table page pt (user, writable:
 * the PTEs below decide, so kernel tables are safe behind it too). This is
 * all procmove does per 4 MiB of a process. */
void
arch_pd_link(paddr_t pd, vaddr_t va, paddr_t pt)
{
    pd_entries(pd)[PDE_INDEX(va)] = pt | PTE_P | PTE_W | PTE_U;
    arch_map_epoch++; // it may replace another table
}

/* Clear the PDE covering va; the caller flushes the TLB if pd is loaded. */
void
arch_pd_unlink(paddr_t pd, vaddr_t va)
{
    pd_entries(pd)[PDE_INDEX(va)] = 0;
    arch_map_epoch++;
}

/* Set the PTE of va inside page-table page pt. */
void
arch_pt_set(paddr_t pt, vaddr_t va, paddr_t pa, unsigned flags)
{
    ((uint32_t *)phys_to_virt(pt))[PTE_INDEX(va)] = (pa & PTE_ADDR) | pte_bits(flags);
    arch_map_epoch++; // it may replace another page or take a right away
}

/* Clear the PTE of va inside page-table page pt. */
void
arch_pt_clear(paddr_t pt, vaddr_t va)
{
    ((uint32_t *)phys_to_virt(pt))[PTE_INDEX(va)] = 0;
    arch_map_epoch++;
}

/* Whether va has a page in page-table page pt. */
bool
arch_pt_get(paddr_t pt, vaddr_t va)
{
    return (((uint32_t *)phys_to_virt(pt))[PTE_INDEX(va)] & PTE_P) != 0;
}

/* The frame va's PTE in page-table page pt maps, or 0 if it maps none. */
paddr_t
arch_pt_frame(paddr_t pt, vaddr_t va)
{
    uint32_t pte = ((uint32_t *)phys_to_virt(pt))[PTE_INDEX(va)];

    return (pte & PTE_P) ? (paddr_t)(pte & PTE_ADDR) : 0;
}

/* Whether the CPU wrote through va's PTE in pt since the last call (its
 * dirty bit, SDM vol. 3, 4.8); clears the bit. The caller flushes va's TLB
 * entry where it may be cached, or later writes would not set it again. */
bool
arch_pt_test_clear_dirty(paddr_t pt, vaddr_t va)
{
    uint32_t *pte = &((uint32_t *)phys_to_virt(pt))[PTE_INDEX(va)];

    if (!(*pte & PTE_D))
        return false;
    *pte &= ~(uint32_t)PTE_D;
    return true;
}

/* Number of CR3 loads since boot. */
uint32_t
arch_cr3_loads(void)
{
    return cr3_loads;
}

/* Prepare a fresh directory page: empty user half, the kernel's PDEs copied. */
void
arch_pd_init_kernel(paddr_t pd)
{
    uint32_t *dst = pd_entries(pd);
    const uint32_t *src = pd_entries(kernel_pd);

    arch_page_zero(dst);
    kmemcpy(dst + KERNEL_PDE_FIRST, src + KERNEL_PDE_FIRST,
            (1024 - KERNEL_PDE_FIRST) * sizeof(uint32_t));
}

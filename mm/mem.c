/*
 * Boot-time memory setup and the kernel's allocators.
 *
 * The frame pool manages every usable frame below DIRECT_MAP_MAX (768 MiB);
 * RAM above that is reported but left alone, because the kernel reaches
 * frames only through its direct map. Reserved at boot: the first MiB (BIOS
 * data, VGA), the kernel image, the loader's information, the boot modules
 * and the kernel symbol table. The kernel page directory maps all of
 * [0, top of managed RAM) at KERNEL_BASE with global pages; its page-table
 * pages are allocated here once and never change, so every directory that
 * copies the kernel half shares them (arch_pd_init_kernel).
 * The heap (mm/kheap.c) grows by whole runs of contiguous frames and gives a
 * run back as soon as nothing in it is allocated, so frames never leak into it.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/string.h"
#include "mm/frame.h"
#include "mm/kheap.h"
#include "mm/mem.h"

#define LOW_MEMORY_END 0x100000u
#define MAX_FRAMES (DIRECT_MAP_MAX / PAGE_SIZE)

extern char kernel_start[], kernel_end[];

static uint32_t frame_bits[MAX_FRAMES / 32];
static struct frame_pool pool;
static paddr_t kernel_pd;
static uint32_t total_kib, managed_kib;

static void *
heap_grow(size_t bytes)
{
    paddr_t pa;

    if (frame_pool_alloc_contig(&pool, bytes / PAGE_SIZE, &pa) < 0)
        return NULL;
    return phys_to_virt(pa);
}

/* Give back a chunk heap_grow handed out: bytes / PAGE_SIZE frames. */
static void
heap_release(void *chunk, size_t bytes)
{
    paddr_t pa = virt_to_phys(chunk);

    for (size_t i = 0; i < bytes / PAGE_SIZE; i++)
        if (frame_pool_free(&pool, pa + i * PAGE_SIZE) < 0)
            panic("kernel heap: release of bad or free frame %p", (void *)(pa + i * PAGE_SIZE));
}

static void
heap_fault(const char *what, void *ptr)
{
    panic("kernel heap: %s at %p", what, ptr);
}

static void
build_frame_pool(void)
{
    paddr_t top = 0;

    for (unsigned i = 0; i < boot_info.nram; i++) {
        const struct boot_range *r = &boot_info.ram[i];
        total_kib += (uint32_t)((r->end - r->start) / 1024);
        uint64_t end = r->end < DIRECT_MAP_MAX ? r->end : DIRECT_MAP_MAX;
        if (r->start < end && end > top)
            top = (paddr_t)end;
    }
    if (top == 0)
        panic("no usable memory in the boot memory map");
    frame_pool_init(&pool, frame_bits, top / PAGE_SIZE);
    for (unsigned i = 0; i < boot_info.nram; i++) {
        const struct boot_range *r = &boot_info.ram[i];
        if (r->start < top)
            frame_pool_release_range(&pool, (paddr_t)r->start,
                                     r->end < top ? (paddr_t)r->end : top);
    }
    frame_pool_reserve_range(&pool, 0, LOW_MEMORY_END);
    frame_pool_reserve_range(&pool, virt_to_phys(kernel_start), virt_to_phys(kernel_end));
    frame_pool_reserve_range(&pool, boot_info.info_start, boot_info.info_end);
    for (unsigned i = 0; i < boot_info.nmodules; i++)
        frame_pool_reserve_range(&pool, boot_info.modules[i].start, boot_info.modules[i].end);
    if (boot_info.symtab) {
        frame_pool_reserve_range(&pool, boot_info.symtab, boot_info.symtab + boot_info.symtab_size);
        frame_pool_reserve_range(&pool, boot_info.strtab, boot_info.strtab + boot_info.strtab_size);
    }
    managed_kib = frame_pool_nfree(&pool) * (PAGE_SIZE / 1024);
}

/* Build the frame pool from boot_info, switch to the final kernel page
 * directory (global pages if use_pge and the CPU has them) and start the
 * heap. Runs once, early, on the boot page tables (which map 16 MiB: the
 * page-table pages allocated here come from the lowest free frames). */
void
mem_init(bool use_pge)
{
    paddr_t top, pt = 0;

    build_frame_pool();
    top = pool.nframes * PAGE_SIZE;
    if (frame_alloc_zeroed(&kernel_pd) < 0)
        panic("no frame for the kernel page directory");
    arch_paging_init(kernel_pd, use_pge);
    for (paddr_t pa = 0; pa < ALIGN_UP(top, PGDIR_SPAN); pa += PAGE_SIZE) {
        if (pa % PGDIR_SPAN == 0) {
            if (frame_alloc_zeroed(&pt) < 0)
                panic("out of frames while building the direct map");
            arch_pd_link(kernel_pd, KERNEL_BASE + pa, pt);
        }
        arch_pt_set(pt, KERNEL_BASE + pa, pa, MAP_WRITE | MAP_GLOBAL);
    }
    arch_vspace_load(kernel_pd);
    kheap_init(heap_grow, heap_release, heap_fault);
}

/* A zeroed frame mapped at va, in the kernel half above the direct map,
 * readable (never writable) from user mode in every space: va's page table
 * is made here and linked into the kernel directory, which every directory
 * copies, so call this at boot before the first space is made. Returns the
 * kernel's writable view of the frame (its direct map). */
void *
mem_public_page(vaddr_t va)
{
    paddr_t pt, frame;

    if (va < KERNEL_BASE + DIRECT_MAP_MAX || frame_alloc_zeroed(&pt) < 0 ||
        frame_alloc_zeroed(&frame) < 0)
        panic("no public page at %x", va);
    arch_pd_link(kernel_pd, va, pt); // user, writable: the PTEs below decide
    arch_pt_set(pt, va, frame, MAP_USER | MAP_GLOBAL);
    arch_tlb_flush_all();
    return phys_to_virt(frame);
}

/* Memory totals for the boot banner and the tests. */
void
mem_stats(struct mem_stats *out)
{
    out->total_kib = total_kib;
    out->managed_kib = managed_kib;
    out->free_frames = frame_pool_nfree(&pool);
}

/* The kernel's own page directory (physical address). */
paddr_t
mem_kernel_pd(void)
{
    return kernel_pd;
}

/* Take one free frame into *out. Returns 0 or -ENOMEM. */
int
frame_alloc(paddr_t *out)
{
    unsigned long s = arch_irq_save();
    int err = frame_pool_alloc(&pool, out);

    arch_irq_restore(s);
    return err;
}

/* Like frame_alloc, and fill the frame with zeroes. */
int
frame_alloc_zeroed(paddr_t *out)
{
    int err = frame_alloc(out);

    if (err == 0)
        arch_page_zero(phys_to_virt(*out));
    return err;
}

/* Take n physically contiguous free frames (a device's DMA buffer), the
 * first into *out, filled with zeroes. Returns 0, -EINVAL (n is 0) or
 * -ENOMEM (no free run that long). */
int
frame_alloc_run(uint32_t n, paddr_t *out)
{
    unsigned long s = arch_irq_save();
    int err = frame_pool_alloc_contig(&pool, n, out);

    arch_irq_restore(s);
    if (err == 0)
        for (uint32_t i = 0; i < n; i++)
            arch_page_zero(phys_to_virt(*out + i * PAGE_SIZE));
    return err;
}

/* Give a frame back. A frame that is already free is a kernel bug: panic. */
void
frame_free(paddr_t pa)
{
    unsigned long s = arch_irq_save();
    int err = frame_pool_free(&pool, pa);

    arch_irq_restore(s);
    if (err < 0)
        panic("frame_free of bad or free frame %p", (void *)pa);
}

/* Copy the page in frame src to frame dst (through the direct map). */
void
frame_copy(paddr_t dst, paddr_t src)
{
    arch_page_copy(phys_to_virt(dst), phys_to_virt(src));
}

/* Arrays of this size or more (the frame arrays of big regions) take whole
 * frames of their own rather than a share of a heap chunk, so freeing one
 * gives its pages back at once instead of leaving them pinned by a small,
 * long-lived neighbour. */
#define KARRAY_PAGES_MIN (16 * 1024)

static void *
karray_alloc(size_t bytes)
{
    paddr_t pa;
    void *p;

    if (bytes < KARRAY_PAGES_MIN)
        return kzalloc(bytes);
    if (frame_pool_alloc_contig(&pool, ALIGN_UP(bytes, PAGE_SIZE) / PAGE_SIZE, &pa) < 0)
        return NULL;
    p = phys_to_virt(pa);
    kmemset(p, 0, ALIGN_UP(bytes, PAGE_SIZE));
    return p;
}

/* Free an array of `bytes` that kzgrow made (NULL is fine). */
void
kzfree(void *p, size_t bytes)
{
    if (!p)
        return;
    if (bytes < KARRAY_PAGES_MIN) {
        kfree(p);
        return;
    }
    heap_release(p, ALIGN_UP(bytes, PAGE_SIZE));
}

/* A bigger copy of the array old (old_bytes, made by kzgrow or NULL), zero
 * beyond them; old is freed. Returns it, or NULL with old untouched when out
 * of memory. */
void *
kzgrow(void *old, size_t old_bytes, size_t new_bytes)
{
    char *bigger = karray_alloc(new_bytes);

    if (!bigger)
        return NULL;
    if (old)
        kmemcpy(bigger, old, old_bytes < new_bytes ? old_bytes : new_bytes);
    kzfree(old, old_bytes);
    return bigger;
}

/* Whether pa's frame is one the pool manages and nobody holds now (false
 * for frames outside the pool: the boot image's, say). */
bool
frame_is_free(paddr_t pa)
{
    unsigned long s = arch_irq_save();
    bool is_free = frame_pool_is_free(&pool, pa);

    arch_irq_restore(s);
    return is_free;
}

/* Number of free frames now. */
uint32_t
frame_nfree(void)
{
    return frame_pool_nfree(&pool);
}

/* Allocate n bytes of kernel heap, 8-byte aligned. NULL when out of memory. */
void *
kmalloc(size_t n)
{
    unsigned long s = arch_irq_save();
    void *p = kheap_alloc(n);

    arch_irq_restore(s);
    return p;
}

/* Like kmalloc, zero-filled. */
void *
kzalloc(size_t n)
{
    void *p = kmalloc(n);

    if (p)
        kmemset(p, 0, n);
    return p;
}

/* Free a kmalloc block; NULL is ignored, a double free or overrun panics. */
void
kfree(void *p)
{
    unsigned long s = arch_irq_save();

    kheap_free(p);
    arch_irq_restore(s);
}

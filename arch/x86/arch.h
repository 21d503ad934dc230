/*
 * The short list of arch_ functions and constants through which generic
 * kernel code (kernel/, mm/, proc/, ipc/) reaches the CPU and the board.
 * Nothing here exposes an x86 register or bit layout to its callers.
 */
#ifndef ARCH_X86_ARCH_H
#define ARCH_X86_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

#define PAGE_SIZE 4096u
#define PAGE_SHIFT 12
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

/* what CPUID told us (arch/x86/cpu.c) */
struct arch_cpu {
    char vendor[13];
    unsigned family, model, stepping;
    bool has_fpu, has_tsc, has_pse, has_pge, has_sep, has_fxsr, has_sse;
    bool pge_on; /* global pages in use (has_pge and not disabled at boot) */
};
extern struct arch_cpu arch_cpu;
void cpu_identify(void);

/* boot-time setup: descriptor tables, interrupt controller, timer */
void arch_init(unsigned timer_hz);

/* interrupts */
static inline void
arch_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}
static inline void
arch_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}
/* let pending interrupts in for one instruction (sti's shadow covers the
 * nop), from a long kernel loop that holds nothing an IRQ handler touches */
static inline void
arch_irq_window(void)
{
    __asm__ volatile("sti; nop; cli" ::: "memory");
}
unsigned long arch_irq_save(void);           /* disables, returns the old state */
void arch_irq_restore(unsigned long state);
void arch_input_enable(void);                /* unmask console input IRQs */
void arch_idle(void);                        /* wait for the next interrupt */
void arch_halt_forever(void) __attribute__((noreturn));

/* the console: COM1 and VGA out, COM1 and the PS/2 keyboard in */
enum { ARCH_CONSOLE_SERIAL, ARCH_CONSOLE_KEYBOARD };
void arch_console_init(void);
void arch_console_putc(char c);
int arch_console_getc(int device);           /* a byte, or -1 if none now */

/* time */
uint64_t arch_tsc(void);
uint32_t arch_rtc_seconds(void);            /* CMOS clock: seconds since 1970, 0 if none */
uint64_t arch_tsc_calibrate(void);           /* TSC ticks per second, measured on the PIT */

/* paging: a page directory is named by its physical address */
#define MAP_WRITE 0x1
#define MAP_USER 0x2
#define MAP_GLOBAL 0x4
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
void arch_pd_init_kernel(paddr_t pd);        /* new directory: user half empty, kernel half shared */
void arch_pd_link(paddr_t pd, vaddr_t va, paddr_t pt);   /* point va's PDE at page-table page pt */
void arch_pd_unlink(paddr_t pd, vaddr_t va);             /* clear va's PDE */
void arch_pt_set(paddr_t pt, vaddr_t va, paddr_t pa, unsigned flags); /* PTE of va in pt */
void arch_pt_clear(paddr_t pt, vaddr_t va);
bool arch_pt_get(paddr_t pt, vaddr_t va);                /* va has a page in pt */
paddr_t arch_pt_frame(paddr_t pt, vaddr_t va);           /* its frame, 0 if none */
bool arch_pt_test_clear_dirty(paddr_t pt, vaddr_t va);   /* written since last asked? */
void arch_tlb_flush_all(void);               /* reload CR3: every non-global entry goes */

/* FPU state of one process: opaque to generic code, which only embeds it.
 * Zeroed means "never used": the process starts from a clean state. */
struct arch_fpu {
    uint8_t state[512];        /* fxsave image (fnsave's 108 bytes without FXSR) */
    uint8_t used;
    uint8_t parked;            /* saved when it blocked, not touched since */
    uint8_t hot;               /* blocks to keep the registers through (fpu.c) */
} __attribute__((aligned(16)));
void fpu_init(bool eager_switch);             /* boot: FPU and SSE on, lazy or eager switching */
/* the scheduler picked the owner of next; blocked: the one leaving to wait, or NULL */
void arch_fpu_switch(struct arch_fpu *next, struct arch_fpu *blocked);
void arch_fpu_release(struct arch_fpu *f);    /* a process ends: nobody inherits its registers */

/* I/O ports one process may use (arch/x86/iobitmap.c): opaque to generic
 * code, which embeds it. Zeroed means "no port". */
#define ARCH_IO_PORTS 1024 /* grantable ports: the ISA range 0..0x3ff */
struct arch_io {
    uint8_t map[ARCH_IO_PORTS / 8]; /* clear bit = port open (the TSS bitmap's sense) */
    bool granted;                   /* map is set up: some port was granted */
};
int arch_io_grant(struct arch_io *io, uint32_t base, uint32_t count); /* 0 or -EINVAL */
void arch_io_revoke(struct arch_io *io, uint32_t base, uint32_t count);
void arch_io_load(const struct arch_io *next);
extern const struct arch_io *arch_io_loaded; /* whose bitmap the TSS holds (iobitmap.c) */

/* The scheduler picked next's owner: the TSS gets its bitmap. Inline, so a
 * switch between processes without ports costs two compares. */
static inline void
arch_io_switch(const struct arch_io *next)
{
    if (next->granted || arch_io_loaded)
        arch_io_load(next);
}
void arch_io_release(struct arch_io *io);        /* its process ends */

/* whole pages, with the string instructions */
void arch_page_zero(void *page);
void arch_page_copy(void *dst, const void *src);

/* processes: kernel stacks and the switch between them */
uint32_t arch_kstack_init(void *kstack_top, vaddr_t entry, vaddr_t user_sp);
void arch_switch(uint32_t *save_esp, uint32_t new_esp);
extern uint32_t *const arch_kstack_slot; /* TSS.ESP0 (gdt.c) */

/* Make kstack_top the stack of the next ring 3 -> ring 0 entry: TSS.ESP0,
 * which int $0x80 and the sysenter stub both take. */
static inline void
arch_set_kstack(void *kstack_top)
{
    *arch_kstack_slot = (uint32_t)(uintptr_t)kstack_top;
}

/* leaving: QEMU's isa-debug-exit, or halt on real hardware */
void arch_exit(int status) __attribute__((noreturn));

/* fault hook for the in-kernel self-test: if set, a kernel page fault calls it
 * and resumes at the address it returns (0: panic as usual) */
extern uint32_t (*arch_fault_hook)(uint32_t vector, uint32_t addr);

/* self-test probe: read a dword, 0 or -1 if it faulted (the fault hook must
 * resume at arch_probe_resume when the faulting eip is arch_probe_insn) */
int arch_probe_read(const volatile uint32_t *addr, uint32_t *out);
extern char arch_probe_insn[], arch_probe_resume[];

/* a backtrace of the current stack, for panic() */
void arch_backtrace(uint32_t ebp, uint32_t eip);

#endif

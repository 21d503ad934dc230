/*
 * The short list of arch_ functions and constants through which generic
 * kernel code (kernel/, mm/, proc/, ipc/) reaches the CPU and the board.
 * Nothing here exposes an x86 register or bit layout to its callers. The
 * CPU's identity (cpu.h), whole pages (page.h) and paging (paging.h) have
 * headers of their own, which this one gathers for generic code.
 */
#ifndef ARCH_X86_ARCH_H
#define ARCH_X86_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/cpu.h"
#include "arch/x86/msgregs.h"
#include "arch/x86/page.h"
#include "arch/x86/paging.h"
#include "kernel/types.h"

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
#define ARCH_IRQ_LINES 16                    /* interrupt lines of the two 8259As */
bool arch_irq_line_usable(int irq);          /* a line devices may have: not the kernel's */
void arch_irq_line_mask(int irq);            /* a device's line: off, on (arch/x86/pic.c) */
void arch_irq_line_unmask(int irq);
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

/* FPU state of one process: opaque to generic code, which only embeds it.
 * Zeroed means "never used": the process starts from a clean state. */
struct arch_fpu {
    uint8_t state[512];        /* fxsave image (fnsave's 108 bytes without FXSR) */
    uint8_t used;
    uint8_t parked;            /* saved when it blocked, not touched since */
    uint8_t hot;               /* blocks to keep the registers through (fpu.c) */
} __attribute__((aligned(16)));
void fpu_init(bool eager_switch);             /* boot: FPU and SSE on, lazy or eager switching */
/* fpu.c's state, written only there: the policy, CR0.TS, who runs, whose
 * registers the FPU holds */
extern bool arch_fpu_eager, arch_fpu_ts_set;
extern struct arch_fpu *arch_fpu_current, *arch_fpu_owner;
void arch_fpu_switch_work(struct arch_fpu *next, struct arch_fpu *blocked);
/* The scheduler picked the owner of next; blocked: the one leaving to wait,
 * or NULL. Inline for the common case of the lazy policy, where the FPU
 * holds nobody's registers and CR0.TS is set already: arch_fpu_switch_work
 * would only note who runs (nothing to park, nothing to save, no CR0
 * write), so that is all this does; anything else goes there. */
static inline void
arch_fpu_switch(struct arch_fpu *next, struct arch_fpu *blocked)
{
    if (!arch_fpu_owner && arch_fpu_ts_set && !arch_fpu_eager) {
        arch_fpu_current = next;
        return;
    }
    arch_fpu_switch_work(next, blocked);
}
void arch_fpu_release(struct arch_fpu *f);    /* a process ends: nobody inherits its registers */

/* I/O ports one process may use (arch/x86/iobitmap.c): opaque to generic
 * code, which embeds it. Zeroed means "no port". */
#define ARCH_IO_PORTS 65536 /* every port but the PCI configuration ports may be granted */
#define ARCH_IO_LOW 1024    /* the ISA range 0..0x3ff: a bitmap per process */
#define ARCH_IO_HIGH 4      /* ranges above it one process may hold (devices' I/O BARs) */
struct arch_io {
    uint8_t map[ARCH_IO_LOW / 8]; /* clear bit = port open (the TSS bitmap's sense) */
    struct {
        uint16_t base, count; /* count 0: unused */
    } high[ARCH_IO_HIGH];
    uint8_t nhigh; /* of them, in use: a switch to or from a process without any skips them */
    bool granted; /* map is set up: some port was granted */
};
int arch_io_grant(struct arch_io *io, uint32_t base, uint32_t count); /* 0, -EINVAL, -ENOMEM */
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

/* PCI configuration space (arch/x86/pci.c): function `bdf` (bus << 8 |
 * device << 3 | function), register offset `off` (a multiple of 4 below 256) */
bool arch_pci_present(void);
uint32_t arch_pci_read(uint32_t bdf, unsigned off);
void arch_pci_write(uint32_t bdf, unsigned off, uint32_t value);

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

/* Signals (arch/x86/signal.c), for the process running now, entered from
 * ring 3 onto the kernel stack that ends at kstack_top, whose FPU state is
 * fpu. arch_sig_push makes it run handler(sig) on its user stack when it
 * returns to user mode, with its registers, FPU state and mask saved in a
 * frame that returns to restorer; the frame's address goes to *frame.
 * Returns 0, or -EFAULT (the stack cannot take the frame; nothing changed).
 * arch_sig_return puts back what the frame at `frame` (the user's pointer)
 * holds and gives its mask and the interrupted EAX (the call's result).
 * Returns 0, -EFAULT (unreadable) or -EINVAL (registers ring 3 could not
 * have had); nothing changed on an error. */
int arch_sig_push(void *kstack_top, struct arch_fpu *fpu, int sig, uint32_t mask, vaddr_t handler,
                  vaddr_t restorer, vaddr_t *frame);
int arch_sig_return(void *kstack_top, struct arch_fpu *fpu, vaddr_t frame, uint32_t *mask,
                    uint32_t *result);

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

/*
 * x86 constants private to arch/x86/: segment selectors, descriptor and
 * page-table bits, control-register bits, the trap frame layout shared with
 * entry.asm. Generic code uses arch/x86/arch.h instead.
 */
#ifndef ARCH_X86_X86_H
#define ARCH_X86_X86_H

#define KERNEL_VBASE 0xC0000000u

/* GDT layout; sysenter requires user code = kernel code + 16, user data + 24 */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UCODE 0x1b
#define SEL_UDATA 0x23
#define SEL_TSS 0x28

/* page-table entry bits (SDM vol. 3, 4.3) */
#define PTE_P 0x001
#define PTE_W 0x002
#define PTE_U 0x004
#define PTE_PWT 0x008
#define PTE_PCD 0x010
#define PTE_A 0x020
#define PTE_D 0x040
#define PTE_PS 0x080
#define PTE_G 0x100
#define PTE_ADDR 0xfffff000u

#define CR4_PSE 0x010
#define CR4_PGE 0x080

#define EFLAGS_IF 0x200

/* MSRs for sysenter (SDM vol. 3, 5.8.7) */
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

/* interrupt vectors */
#define VEC_IRQ0 32
#define VEC_SYSCALL 0x80

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Saved by entry.asm on every exception, interrupt and int $0x80, lowest address first. */
struct trapframe {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, kesp, ebx, edx, ecx, eax; // pusha order reversed
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss; // only when coming from ring 3
};

void gdt_init(void);
void iobitmap_init(uint8_t *map);
void idt_init(void);
void pic_init(void);
void pic_eoi(int irq);
int pic_spurious(int irq);
void pic_unmask(int irq);
void pit_init(unsigned hz);
void sysenter_init(void);
void trap_dispatch(struct trapframe *tf);      /* from entry.asm */
struct arch_fpu;
bool fpu_sig_save(struct arch_fpu *f); /* fpu.c, for signal.c */
void fpu_sig_clean(struct arch_fpu *f);
bool fpu_sig_check(const uint8_t *image);
void fpu_sig_load(struct arch_fpu *f, const uint8_t *image);
void sysenter_dispatch(struct trapframe *tf);  /* from entry.asm */
#endif

#endif

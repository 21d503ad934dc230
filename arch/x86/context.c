/*
 * Process contexts on the x86: the first kernel-stack frame of a new
 * process and sysenter setup (the ring-0 stack for entries from ring 3,
 * TSS.ESP0, is set by arch.h's arch_set_kstack).
 *
 * A new process's kernel stack holds, from the top: a trap frame that
 * `iret`s to its entry point in ring 3 with interrupts on, then the frame
 * arch_switch pops (four callee-saved registers and a return address that is
 * trap_return). Both int $0x80 and sysenter take the stack from TSS.ESP0
 * (the sysenter stub loads it from there, SDM vol. 3, 5.8.7).
 * Public: arch_kstack_init, sysenter_init.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"
#include "kernel/compiler.h"
#include "kernel/string.h"

extern char trap_return[], sysenter_entry[];

struct switch_frame { /* what arch_switch pops */
    uint32_t edi, esi, ebx, ebp, eflags, ret;
};

STATIC_ASSERT(sizeof(struct trapframe) == 19 * 4); // entry.asm pushes exactly this

/* Build the first frames on a new kernel stack; returns the saved stack
 * pointer for arch_switch. */
uint32_t
arch_kstack_init(void *kstack_top, vaddr_t entry, vaddr_t user_sp)
{
    struct trapframe *tf = (struct trapframe *)kstack_top - 1;
    struct switch_frame *sf = (struct switch_frame *)tf - 1;

    kmemset(tf, 0, sizeof(*tf));
    tf->gs = tf->fs = tf->es = tf->ds = SEL_UDATA;
    tf->cs = SEL_UCODE;
    tf->ss = SEL_UDATA;
    tf->eip = entry;
    tf->esp = user_sp;
    tf->eflags = EFLAGS_IF | 0x2; // bit 1 is always set
    kmemset(sf, 0, sizeof(*sf));
    sf->eflags = 0x2; // kernel flags: interrupts off, nothing else
    sf->ret = (uint32_t)trap_return;
    return (uint32_t)sf;
}

/* Program the sysenter MSRs when the CPU has SEP. The MSR stack holds only
 * the single-step trap that sysenter with EFLAGS.TF raises before the stub's
 * first instruction (a full trap frame and trap_dispatch's C frames); the
 * stub itself switches to TSS.ESP0 at once. */
void
sysenter_init(void)
{
    static uint32_t scratch_stack[512];

    if (!arch_cpu.has_sep)
        return;
    wrmsr(MSR_SYSENTER_CS, SEL_KCODE);
    wrmsr(MSR_SYSENTER_ESP, (uint32_t)&scratch_stack[512]);
    wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
}

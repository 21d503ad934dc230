/*
 * Trap dispatch: the C side of every exception, IRQ and int $0x80.
 *
 * IRQs are acknowledged and passed to their handler (timer, serial,
 * keyboard; any other line is a device's, proc/device.c, masked before its
 * EOI). A CPU exception in ring 3 is the process's fault and goes to
 * proc_fault, which ends only that process. Two kinds of ring-0 exception
 * are a user program's doing, not a kernel bug: the single-step trap that
 * sysenter with EFLAGS.TF raises at the kernel's first instruction (TF is
 * cleared there and handed back to the user, entry.asm), and a fault on the
 * way back to ring 3 (user_return_start..end), which ends that process. Any
 * other ring-0 exception is a kernel bug: unless the self-test's fault hook
 * claims it, the registers, CR0-CR4 and a symbolic backtrace are printed and
 * the machine stops with a failure status. #NM (device not available) is the
 * lazy FPU switch (fpu.c). Public: trap_dispatch and sysenter_dispatch
 * (called from entry.asm), arch_backtrace, arch_exception_name.
 * Public: trap_dispatch (called from entry.asm), arch_backtrace.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"
#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"

#define NR_EXCEPTIONS 32
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1
#define IRQ_COM1 4
#define BACKTRACE_MAX 16
#define EXIT_PANIC 3
#define VEC_DEBUG 1
#define VEC_NM 7
#define VEC_PF 14
#define PF_ERR_WRITE 0x2 /* the faulting access was a store */
#define EFLAGS_TF 0x100

// msgregs.h reads and writes the frame by word index
STATIC_ASSERT(sizeof(struct trapframe) == MSGREGS_FRAME_WORDS * 4);
STATIC_ASSERT(offsetof(struct trapframe, edi) == MSGREGS_EDI * 4);
STATIC_ASSERT(offsetof(struct trapframe, esi) == MSGREGS_ESI * 4);
STATIC_ASSERT(offsetof(struct trapframe, ebp) == MSGREGS_EBP * 4);
STATIC_ASSERT(offsetof(struct trapframe, ebx) == MSGREGS_EBX * 4);

extern char sysenter_entry[], sysenter_flags_clean[], user_return_start[], user_return_end[];
extern volatile uint8_t sysenter_tf_pending;

uint32_t (*arch_fault_hook)(uint32_t vector, uint32_t addr);

static const char *const exception_names[NR_EXCEPTIONS] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection fault",
    "page fault", "reserved 15", "x87 floating-point error", "alignment check",
    "machine check", "SIMD floating-point error", "virtualization", "control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26", "reserved 27",
    "hypervisor injection", "VMM communication", "security", "reserved 31",
};

/* Name of a CPU exception vector, for fault reports. */
const char *
arch_exception_name(uint32_t vector)
{
    return vector < NR_EXCEPTIONS ? exception_names[vector] : "interrupt";
}

static void
print_symbol(uint32_t addr)
{
    uint32_t off;
    const char *name = ksyms_lookup(addr, &off);

    if (name)
        printk("%08x <%s+0x%x>", addr, name, off);
    else
        printk("%08x <?>", addr);
}

/* Print the call chain by following saved frame pointers from ebp, starting
 * with eip. Stops at a null or non-kernel frame pointer or after BACKTRACE_MAX. */
void
arch_backtrace(uint32_t ebp, uint32_t eip)
{
    printk("backtrace:\n  #0  ");
    print_symbol(eip);
    printk("\n");
    for (int i = 1; i < BACKTRACE_MAX && ebp >= KERNEL_BASE && !(ebp & 3); i++) {
        const uint32_t *frame = (const uint32_t *)ebp;
        uint32_t ret = frame[1];
        if (ret < KERNEL_BASE)
            break;
        printk("  #%-2d ", i);
        print_symbol(ret - 1); // the call instruction, not the one after it
        printk("\n");
        if (frame[0] <= ebp)
            break; // stacks grow down: a caller's frame lies above
        ebp = frame[0];
    }
}

static void __attribute__((noreturn))
kernel_fault(struct trapframe *tf)
{
    printk("\nPANIC: kernel %s (vector %u, error 0x%x) at eip ", arch_exception_name(tf->vector),
           tf->vector, tf->error);
    print_symbol(tf->eip);
    printk("\n eax=%08x ebx=%08x ecx=%08x edx=%08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    printk(" esi=%08x edi=%08x ebp=%08x esp=%08x\n", tf->esi, tf->edi, tf->ebp,
           (uint32_t)&tf->esp); // ring 0 traps push no esp: the stack continued here
    printk(" eip=%08x eflags=%08x cs=%04x ds=%04x es=%04x\n", tf->eip, tf->eflags, tf->cs, tf->ds,
           tf->es);
    printk(" cr0=%08x cr2=%08x cr3=%08x cr4=%08x\n", read_cr0(), read_cr2(), read_cr3(),
           read_cr4());
    arch_backtrace(tf->ebp, tf->eip);
    arch_exit(EXIT_PANIC);
}

static bool
eip_in(const struct trapframe *tf, const char *start, const char *end)
{
    return tf->eip >= (uint32_t)start && tf->eip < (uint32_t)end;
}

static void
handle_exception(struct trapframe *tf)
{
    uint32_t addr = tf->vector == 14 ? read_cr2() : tf->eip;

    if (tf->vector == VEC_NM && fpu_trap())
        return;
    if ((tf->cs & 3) == 3) {
        if (tf->vector == VEC_PF && proc_page_fault(addr, tf->error & PF_ERR_WRITE))
            return; // the first touch of a lazy page: it is mapped now
        uint32_t resume = proc_fault_resume(tf->vector, tf->eip);
        if (resume) { // a copy the process guarded (faultfix): it hears -EFAULT
            tf->eip = resume;
            tf->eax = (uint32_t)-EFAULT;
            return;
        }
        proc_fault(tf->vector, addr, tf->eip);
        return;
    }
    if (tf->vector == VEC_DEBUG && eip_in(tf, sysenter_entry, sysenter_flags_clean + 1)) {
        tf->eflags &= ~(uint32_t)EFLAGS_TF; // sysenter kept the user's TF: give it back later
        sysenter_tf_pending = 1;
        return;
    }
    if (eip_in(tf, user_return_start, user_return_end) && proc_fault_user_return(tf->vector))
        return; // not reached: the process ended
    if (arch_fault_hook) {
        uint32_t resume = arch_fault_hook(tf->vector, addr);
        if (resume) {
            tf->eip = resume;
            return;
        }
    }
    kernel_fault(tf);
}

static void
handle_irq(int irq, bool from_user)
{
    if ((irq == 7 || irq == 15) && pic_spurious(irq))
        return;
    entropy_add((uint32_t)arch_tsc() ^ (uint32_t)irq << 28); // when it came: the randomness
    switch (irq) {
    case IRQ_TIMER:
        pic_eoi(irq); // before the handler: the timer handler may switch away
        clock_tick(from_user);
        break;
    case IRQ_COM1:
    case IRQ_KEYBOARD:
        pic_eoi(irq);
        console_input_irq(irq == IRQ_COM1 ? CONSOLE_SERIAL : CONSOLE_KEYBOARD);
        break;
    default:
        // a device's line: masked first, because a level-triggered PCI line
        // stays asserted until its driver in user space clears the cause
        dev_irq(irq);
        pic_eoi(irq);
        break;
    }
}

/* The sysenter path (entry.asm): arguments 1, 4 and 5 came in EBX, ESI and
 * EDI; 2 and 3 wait on the user stack at ECX, fetched only for calls that
 * take them. Then the same dispatch and return check as int $0x80. */
void
sysenter_dispatch(struct trapframe *tf)
{
    uint32_t a23[2] = {0, 0}, nr = tf->eax;
    unsigned nargs = syscall_nargs(nr);
    const void *args = (const void *)tf->ecx;
    int err = 0;

    if (nargs > 2) // constant sizes: the copies are inline moves
        err = copyin(a23, args, 2 * sizeof(uint32_t));
    else if (nargs > 1)
        err = copyin(a23, args, sizeof(uint32_t));
    if (err < 0)
        tf->eax = (uint32_t)-EFAULT;
    else
        tf->eax = (uint32_t)syscall_dispatch(nr, tf->ebx, a23[0], a23[1], tf->esi, tf->edi);
    user_return_check();
}

/* Entry from entry.asm with interrupts off. */
void
trap_dispatch(struct trapframe *tf)
{
    if (tf->vector < NR_EXCEPTIONS)
        handle_exception(tf);
    else if (tf->vector < VEC_IRQ0 + 16)
        handle_irq(tf->vector - VEC_IRQ0, (tf->cs & 3) == 3);
    else if (tf->vector == VEC_SYSCALL)
        tf->eax = (uint32_t)syscall_dispatch(tf->eax, tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi);
    if ((tf->cs & 3) == 3)
        user_return_check();
}

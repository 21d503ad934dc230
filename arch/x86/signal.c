/*
 * Signal frames on the i386: the x86 half of proc/signal.c.
 *
 * To run a handler, arch_sig_push writes a struct ksigframe
 * (kernel/abi/signal.h) below the interrupted user stack pointer: the
 * handler's return address (the library's restorer), the signal, the mask
 * to restore, the user registers from the trap frame at the top of the
 * process's kernel stack (where both int $0x80 and sysenter put it, and
 * every interrupt or fault from ring 3) and the FPU registers; then it
 * points the trap frame at the handler, so the return to user mode that
 * follows (iret or sysexit) enters it. The frame is placed so that the
 * handler's argument is 16-byte aligned, as a call would leave it (i386
 * System V ABI); the handler runs with DF, TF, NT and AC clear, the user
 * data segment in DS, ES, FS and GS, and a clean FPU.
 * arch_sig_return reads a frame back, from a user pointer, so everything
 * in it is hostile. It is the one way besides a trap that user state
 * reaches the trap frame, so it holds to what a trap from ring 3 could
 * have saved (the README's entry hygiene): EFLAGS may differ from IF set,
 * bit 1 set and everything else clear only in what popfd can change in
 * ring 3 (arithmetic flags, TF, DF, NT, AC, ID: the entry paths already
 * take a user's TF and NT), never IOPL, VM, RF, VIF or VIP; CS and SS must
 * be the user code and data selectors; DS, ES, FS and GS null or one of
 * those two (what ring 3 can load), never a kernel or LDT selector, which
 * the return path would load in ring 0 and sysexit would keep; the FPU
 * image must not fault fxrstor (fpu.c). A frame that breaks any of this
 * changes nothing and the caller ends the process.
 * Public: arch_sig_push, arch_sig_return.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/x86.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/signal.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/usercopy.h"

#define EFLAGS_FIXED 0x002 /* bit 1, always set */
#define EFLAGS_TF 0x100
#define EFLAGS_DF 0x400
#define EFLAGS_NT 0x4000
#define EFLAGS_AC 0x40000
/* what popfd changes in ring 3 at IOPL 0 (SDM vol. 2, POPF): CF PF AF ZF SF
 * TF DF OF NT AC ID; IF stays set, IOPL, RF, VM, VIF and VIP stay clear */
#define EFLAGS_USER 0x244dd5u
#define EFLAGS_HANDLER_CLEAR (EFLAGS_DF | EFLAGS_TF | EFLAGS_NT | EFLAGS_AC)
#define SEL_RPL 3u
#define FRAME_ALIGN 16u /* the handler's argument, as after a call (i386 System V ABI) */

/* struct ksigframe up to its FPU image */
struct frame_head {
    uint32_t ret;
    int32_t sig;
    uint32_t mask;
    uint32_t fpu_saved;
    struct ksigregs regs;
};
STATIC_ASSERT(sizeof(struct frame_head) == offsetof(struct ksigframe, fpu));
STATIC_ASSERT(offsetof(struct ksigframe, sig) == 4); // the handler's argument, above `ret`

static struct trapframe *
user_frame(void *kstack_top)
{
    struct trapframe *tf = (struct trapframe *)kstack_top - 1;

    // the entry from ring 3 is at the top of the kernel stack
    KASSERT((tf->cs & 0xffff) == SEL_UCODE);
    return tf;
}

/* May ring 3 hold selector v in DS, ES, FS or GS? Null, or the user code or
 * data segment with any RPL (a GDT entry of DPL 3). */
static bool
data_selector_ok(uint32_t v)
{
    uint32_t sel = v & ~SEL_RPL;

    return v <= 0xffff &&
           (sel == 0 || sel == (SEL_UCODE & ~SEL_RPL) || sel == (SEL_UDATA & ~SEL_RPL));
}

/* Could a trap from ring 3 have saved r? */
static bool
regs_ok(const struct ksigregs *r)
{
    return (r->eflags & ~EFLAGS_USER) == (EFLAGS_IF | EFLAGS_FIXED) && r->cs == SEL_UCODE &&
           r->ss == SEL_UDATA && data_selector_ok(r->ds) && data_selector_ok(r->es) &&
           data_selector_ok(r->fs) && data_selector_ok(r->gs);
}

/* Build the frame for handler(sig) below the user stack of the process
 * whose ring-3 entry frame ends at kstack_top, and make the return to user
 * mode enter the handler. Returns 0, or -EFAULT when the frame cannot be
 * written there (nothing changed then). Context: interrupts off, the
 * process is running and about to return to user mode. */
int
arch_sig_push(void *kstack_top, struct arch_fpu *fpu, int sig, uint32_t mask, vaddr_t handler,
              vaddr_t restorer, vaddr_t *frame)
{
    struct trapframe *tf = user_frame(kstack_top);
    struct ksigframe *uf;
    struct frame_head h;
    vaddr_t at;

    if (tf->esp < sizeof(struct ksigframe) + FRAME_ALIGN) {
        *frame = 0;
        return -EFAULT; // it would wrap around address 0
    }
    at = ((tf->esp - sizeof(struct ksigframe)) & ~(FRAME_ALIGN - 1)) - sizeof(h.ret);
    *frame = at;
    uf = (struct ksigframe *)at;
    h.ret = restorer;
    h.sig = sig;
    h.mask = mask;
    h.regs = (struct ksigregs){.eax = tf->eax,
                               .ecx = tf->ecx,
                               .edx = tf->edx,
                               .ebx = tf->ebx,
                               .esp = tf->esp,
                               .ebp = tf->ebp,
                               .esi = tf->esi,
                               .edi = tf->edi,
                               .eip = tf->eip,
                               .eflags = tf->eflags,
                               .cs = tf->cs & 0xffff,
                               .ss = tf->ss & 0xffff,
                               .ds = tf->ds & 0xffff,
                               .es = tf->es & 0xffff,
                               .fs = tf->fs & 0xffff,
                               .gs = tf->gs & 0xffff};
    h.fpu_saved = fpu_sig_save(fpu);
    if (copyout(uf, &h, sizeof(h)) < 0 ||
        (h.fpu_saved && copyout(uf->fpu, fpu->state, KSIG_FPU_SIZE) < 0))
        return -EFAULT;
    fpu_sig_clean(fpu);
    tf->eip = handler;
    tf->esp = at;
    tf->eflags &= ~(uint32_t)EFLAGS_HANDLER_CLEAR;
    tf->ds = tf->es = tf->fs = tf->gs = SEL_UDATA;
    return 0;
}

/* Put back the state the frame at user address `frame` holds, for the
 * process whose ring-3 entry frame ends at kstack_top: registers, FPU
 * registers; the mask to restore goes to *mask, the interrupted EAX to
 * *result (the system call's result, so the dispatcher writes it back).
 * Returns 0, -EFAULT (frame unreadable) or -EINVAL (a register ring 3 could
 * not have had, or an FPU image fxrstor would refuse); nothing changed on
 * an error. Context: interrupts off, in the process's system call. */
int
arch_sig_return(void *kstack_top, struct arch_fpu *fpu, vaddr_t frame, uint32_t *mask,
                uint32_t *result)
{
    struct trapframe *tf = user_frame(kstack_top);
    const struct ksigframe *uf = (const struct ksigframe *)frame;
    uint8_t image[KSIG_FPU_SIZE];
    struct frame_head h;
    const struct ksigregs *r = &h.regs;

    if (copyin(&h, uf, sizeof(h)) < 0)
        return -EFAULT;
    if (h.fpu_saved > 1)
        return -EINVAL;
    if (h.fpu_saved && copyin(image, uf->fpu, sizeof(image)) < 0)
        return -EFAULT;
    if (!regs_ok(r) || (h.fpu_saved && !fpu_sig_check(image)))
        return -EINVAL;
    tf->eax = r->eax;
    tf->ecx = r->ecx;
    tf->edx = r->edx;
    tf->ebx = r->ebx;
    tf->esp = r->esp;
    tf->ebp = r->ebp;
    tf->esi = r->esi;
    tf->edi = r->edi;
    tf->eip = r->eip;
    tf->eflags = r->eflags;
    tf->cs = r->cs;
    tf->ss = r->ss;
    tf->ds = r->ds;
    tf->es = r->es;
    tf->fs = r->fs;
    tf->gs = r->gs;
    if (h.fpu_saved)
        fpu_sig_load(fpu, image);
    else
        fpu_sig_clean(fpu);
    *mask = h.mask;
    *result = r->eax;
    return 0;
}

/*
 * Per-process FPU state: x87, MMX and (where the CPU has it) SSE registers.
 *
 * Every process owns a struct arch_fpu; the registers in the FPU belong to at
 * most one of them at a time (`owner`). Two policies, chosen at boot:
 *  - lazy (default): a switch only sets CR0.TS when the next process is not
 *    the owner; its first FPU instruction then raises #NM, and fpu_trap saves
 *    the owner's registers and loads the process's own. A process that never
 *    touches the FPU costs nothing beyond the CR0 write.
 *  - eager ("fpu=eager"): a switch saves the owner's registers and loads the
 *    next process's at once if it has used the FPU.
 * A process starts with a clean state (control word 0x37f, MXCSR 0x1f80, every
 * register empty and zero) that it gets at its first FPU instruction, so no
 * process sees another's registers. SSE is enabled (CR4.OSFXSR, OSXMMEXCPT)
 * when CPUID reports FXSR and SSE; the state is then saved with fxsave,
 * otherwise with fnsave. CR0.NE reports unmasked x87 errors as vector 16,
 * which ends the faulting process like any other exception.
 * A process that blocks gives its live registers up (park), unless it went
 * back to the FPU right after its last such wait.
 * A signal handler starts with the clean state: the interrupted registers
 * go into the signal frame (fpu_sig_save, fpu_sig_clean) and come back from
 * it at sigreturn (fpu_sig_check, fpu_sig_load), where an fxsave image is
 * refused if its MXCSR sets a bit the CPU's MXCSR_MASK does not allow:
 * fxrstor would raise #GP in the kernel (SDM vol. 1, 11.6.6). No other
 * content of either image makes fxrstor or frstor fault; a pending x87
 * error in one is the process's own, raised at its next FPU instruction.
 * Public: fpu_init, fpu_trap (trap.c), arch_fpu_switch_work (arch_fpu_switch,
 * inline in arch.h, takes its common case itself), arch_fpu_release,
 * fpu_sig_save, fpu_sig_clean, fpu_sig_check, fpu_sig_load (signal.c).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"
#include "kernel/string.h"

#define CR0_MP 0x02
#define CR0_EM 0x04
#define CR0_TS 0x08
#define CR0_NE 0x20
#define CR4_OSFXSR 0x200
#define CR4_OSXMMEXCPT 0x400
#define FCW_DEFAULT 0x037f   /* every x87 exception masked, 64-bit precision, round to nearest */
#define MXCSR_DEFAULT 0x1f80 /* every SSE exception masked, round to nearest */
#define FXSAVE_MXCSR 24      /* byte offset of MXCSR in the fxsave image */
#define FXSAVE_MXCSR_MASK 28 /* and of MXCSR_MASK: the MXCSR bits this CPU supports */
#define MXCSR_MASK_DEFAULT 0xffbf /* what an MXCSR_MASK of 0 means (SDM vol. 1, 11.6.6) */
#define FPU_HOT_BLOCKS 16    /* park: blocks a returning FPU user keeps its registers */

static bool use_fxsr;
// Read inline by arch_fpu_switch (arch.h), written only here:
bool arch_fpu_eager;
bool arch_fpu_ts_set;              // what CR0.TS holds now
struct arch_fpu *arch_fpu_current; // the running process's state
struct arch_fpu *arch_fpu_owner;   // whose registers the FPU holds, or NULL
static struct arch_fpu clean __attribute__((aligned(16)));
static uint32_t mxcsr_mask; // MXCSR bits fxrstor accepts (with FXSR)

static void
set_ts(bool on)
{
    if (on == arch_fpu_ts_set)
        return;
    if (on)
        write_cr0(read_cr0() | CR0_TS);
    else
        __asm__ volatile("clts" ::: "memory");
    arch_fpu_ts_set = on;
}

static void
save(struct arch_fpu *f)
{
    if (use_fxsr)
        __asm__ volatile("fxsave %0" : "=m"(f->state) : : "memory");
    else
        __asm__ volatile("fnsave %0" : "=m"(f->state) : : "memory");
}

static void
restore(const struct arch_fpu *f)
{
    if (use_fxsr)
        __asm__ volatile("fxrstor %0" : : "m"(f->state) : "memory");
    else
        __asm__ volatile("frstor %0" : : "m"(f->state) : "memory");
}

/* Turn the FPU on, SSE too when the CPU has it, and build the clean state.
 * eager_switch selects the eager policy. Context: boot, before any process. */
void
fpu_init(bool eager_switch)
{
    arch_fpu_eager = eager_switch;
    use_fxsr = arch_cpu.has_fxsr;
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(uint32_t)(CR0_EM | CR0_TS));
    if (use_fxsr)
        write_cr4(read_cr4() | CR4_OSFXSR | (arch_cpu.has_sse ? CR4_OSXMMEXCPT : 0));
    __asm__ volatile("fninit" ::: "memory");
    if (use_fxsr) {
        uint16_t fcw = FCW_DEFAULT;
        uint32_t mxcsr = MXCSR_DEFAULT;
        save(&clean); // only for the CPU's MXCSR_MASK
        kmemcpy(&mxcsr_mask, clean.state + FXSAVE_MXCSR_MASK, sizeof(mxcsr_mask));
        if (!mxcsr_mask)
            mxcsr_mask = MXCSR_MASK_DEFAULT;
        kmemset(clean.state, 0, sizeof(clean.state));
        kmemcpy(clean.state, &fcw, sizeof(fcw)); // empty tags: the abridged tag byte is 0
        if (arch_cpu.has_sse)
            kmemcpy(clean.state + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
    } else {
        save(&clean); // fnsave of the state fninit made (fnsave also reinitializes)
    }
    arch_fpu_ts_set = false;
    set_ts(true);
}

/* The process with state f blocks. If the FPU holds its registers, save
 * them and free the FPU (lazy policy), so that the processes running while
 * it waits all find CR0.TS set and none of their switches writes CR0: an
 * IPC partner that never touches the FPU then trades the CPU with a client
 * that once printed (printf touches the FPU) at no FPU cost. A CR0.TS
 * toggle on every switch is dear, and under QEMU's TCG it also splits the
 * translated kernel code in two, one copy per TS value (the round trip took
 * a third longer). A process that touches the FPU again right after such a
 * wait keeps its registers through its next FPU_HOT_BLOCKS blocks, so one
 * that computes between its calls does not pay a save and a trap each. */
static void
park(struct arch_fpu *f)
{
    if (arch_fpu_eager || arch_fpu_owner != f)
        return;
    if (f->hot) {
        f->hot--;
        return;
    }
    save(f); // the owner is running: CR0.TS is clear
    arch_fpu_owner = NULL;
    f->parked = 1;
}

/* The next process to run has state f (the idle context too); blocked, if
 * not NULL, is the state of the process leaving the CPU to wait (park). */
void
arch_fpu_switch_work(struct arch_fpu *f, struct arch_fpu *blocked)
{
    if (blocked)
        park(blocked);
    arch_fpu_current = f;
    if (arch_fpu_eager && arch_fpu_owner != f) {
        if (arch_fpu_owner) {
            set_ts(false);
            save(arch_fpu_owner);
            arch_fpu_owner = NULL;
        }
        if (f->used) {
            set_ts(false);
            restore(f);
            arch_fpu_owner = f;
        }
    }
    set_ts(arch_fpu_owner != f);
}

/* #NM: the running process touched the FPU while CR0.TS was set. Hand the
 * registers over to it. Returns false if there is no process to give them
 * to (a kernel bug: the kernel uses no FPU). */
bool
fpu_trap(void)
{
    if (!arch_fpu_current)
        return false;
    set_ts(false);
    if (arch_fpu_owner)
        save(arch_fpu_owner);
    restore(arch_fpu_current->used ? arch_fpu_current : &clean);
    arch_fpu_current->used = 1;
    if (arch_fpu_current->parked) { // back at the FPU after a wait: keep it through the next ones
        arch_fpu_current->parked = 0;
        arch_fpu_current->hot = FPU_HOT_BLOCKS;
    }
    arch_fpu_owner = arch_fpu_current;
    return true;
}

/* The process with state f ends: its registers, if live, are dropped (and
 * any pending x87 error with them) so nobody inherits them. */
void
arch_fpu_release(struct arch_fpu *f)
{
    if (arch_fpu_owner == f) {
        bool was = arch_fpu_ts_set;
        set_ts(false);
        __asm__ volatile("fninit" ::: "memory");
        arch_fpu_owner = NULL;
        set_ts(was || arch_fpu_current == f);
    }
    f->used = 0;
    if (arch_fpu_current == f)
        arch_fpu_current = NULL;
}

/* The running process's registers (state f) leave the FPU if they are live
 * there, pending x87 errors and all; its next FPU instruction traps (#NM)
 * and loads f->state, or the clean state if f is unused. */
static void
unload(struct arch_fpu *f)
{
    if (arch_fpu_owner == f) {
        set_ts(false);
        __asm__ volatile("fninit" ::: "memory");
        arch_fpu_owner = NULL;
    }
    set_ts(true);
}

/* The running process with state f takes a signal: its FPU registers, if it
 * has any, are put in f->state for the signal frame. Returns true if it has
 * any (it used the FPU), false if it never did (f->state means nothing). */
bool
fpu_sig_save(struct arch_fpu *f)
{
    if (!f->used)
        return false;
    if (arch_fpu_owner == f)
        save(f); // the owner is running: CR0.TS is clear
    return true;
}

/* The running process with state f enters a signal handler: it starts over
 * with the clean state at its next FPU instruction. */
void
fpu_sig_clean(struct arch_fpu *f)
{
    unload(f);
    f->used = 0;
}

/* May image (KSIG_FPU_SIZE bytes from a signal frame) be loaded into the FPU?
 * Only an fxsave image can make the load fault: MXCSR bits beyond the mask. */
bool
fpu_sig_check(const uint8_t *image)
{
    uint32_t mxcsr;

    if (!use_fxsr)
        return true;
    kmemcpy(&mxcsr, image + FXSAVE_MXCSR, sizeof(mxcsr));
    return (mxcsr & ~mxcsr_mask) == 0;
}

/* The running process with state f returns from a signal handler to the
 * registers in image (checked by fpu_sig_check): they become its own, loaded
 * at its next FPU instruction. */
void
fpu_sig_load(struct arch_fpu *f, const uint8_t *image)
{
    unload(f);
    kmemcpy(f->state, image, sizeof(f->state));
    if (use_fxsr) // the CPU reads no mask from the image; keep the true one there
        kmemcpy(f->state + FXSAVE_MXCSR_MASK, &mxcsr_mask, sizeof(mxcsr_mask));
    f->used = 1;
}

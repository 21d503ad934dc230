/*
 * Processes: creation from the boot image, exit, kill, wait, heap growth,
 * user faults and procmove.
 *
 * A process is a resource whose owner and group are its identity. Its user
 * area holds, from the bottom: CONFIG_USTACK_GUARD unmapped bytes (a stack
 * overflow faults there and is reported as such), CONFIG_USTACK_MAX
 * reserved for the stack, which starts as CONFIG_USTACK_INIT under the
 * program and grows down by CONFIG_USTACK_STEP whenever the process (or a
 * user copy on its behalf) touches the reserve below it, the program image,
 * a guard page and the heap, which grows with the area for as long as there
 * are frames (and quota) and free chunks above it. It lives
 * in exactly one virtual space (ua.vs); the space counts its processes, and
 * a transient space (made by proccreate with vmid 0) goes with the last one.
 * A process that ends releases its memory at once, sends its parent
 * SIGCHLD, and stays a zombie until its parent's procwait (or, if it has
 * no parent, until the scheduler has left its kernel stack) frees the
 * kernel stack and the slot.
 * Public: proc_init, proc_spawn, proc_exit, proc_kill, proc_move, proc_wait,
 * proc_sbrk, proc_reap_orphans, proc_fault, proc_page_fault, and the calls
 * sys_exit and sys_sbrk.
 */
#include <stddef.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/initrd.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "mm/range.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "proc/device.h"
#include "proc/loader.h"
#include "proc/proc.h"
#include "proc/sched.h"
#include "proc/signal.h"

#define GUARD_PAGES 1

static struct proc proc_table[CONFIG_NR_PROC];
static struct res_pool proc_pool;
struct proc *proc_init_task;

STATIC_ASSERT(__builtin_offsetof(struct proc, res) == 0); // a process is its identity header

static void
proc_info(const struct resource *r, struct res_info *out)
{
    const struct proc *p = to_proc(r);

    out->u.proc.state = p->state;
    out->u.proc.parent = p->parent ? p->parent->res.rid : 0;
    if (p->state == PROC_ZOMBIE)
        return;
    out->u.proc.vspace = p->ua.vs->res.rid;
    out->u.proc.pages = p->ua.pages;
    out->u.proc.base = p->ua.pts.base;
    out->u.proc.limit = p->ua.pts.base + p->ua.pts.nchunks * RANGE_CHUNK;
}

/* resdelete of a process: kill it. */
static int
proc_delete(struct proc *caller, struct resource *r)
{
    (void)caller;
    if (to_proc(r)->state == PROC_ZOMBIE)
        return -ESRCH;
    proc_kill(to_proc(r), PROC_STATUS_KILLED);
    return 0;
}

static void
proc_chown_parts(struct resource *r)
{
    struct proc *p = to_proc(r);

    if (p->state != PROC_ZOMBIE)
        ua_chown(&p->ua, p->res.owner, p->res.group);
}

static void
proc_identity(struct resource *r, uint16_t owner, uint16_t group)
{
    proc_set_identity(to_proc(r), owner, group);
}

static int
proc_reclaim(struct resource *r)
{
    struct proc *p = to_proc(r);

    if (p->state == PROC_ZOMBIE || p == sched_current || p == proc_init_task)
        return -EBUSY; // a zombie goes with its parent's procwait
    proc_kill(p, PROC_STATUS_KILLED);
    return 0;
}

static const struct res_ops proc_ops = {.name = "proc",
                                        .info = proc_info,
                                        .destroy = proc_delete,
                                        .chown_parts = proc_chown_parts,
                                        .set_identity = proc_identity,
                                        .reclaim = proc_reclaim,
                                        .reclaim_pass = 1};

static int user_fault(paddr_t pd, vaddr_t va, bool write);

/* Register the process pool, and user_fault as the first touch of user
 * copies. */
void
proc_init(void)
{
    RES_POOL_START(proc_pool, RT_PROC, &proc_ops, proc_table);
    usercopy_set_fault(user_fault); // a copy's first touch: lazy pages, and stacks grow
    sig_init(proc_kill);            // a default action ends a process
}

/* Create a process running program path with argv[0..argc-1] in space vs,
 * as a child of parent (NULL for init) with its owner and group. Returns the
 * new pid; -ENOENT (no such program), -ENOEXEC, -E2BIG, -ENOMEM, or a
 * resource-table error. On failure nothing is left behind. */
int
proc_spawn(struct proc *parent, const char *name, const char *path, int argc, char *const argv[],
           struct vspace *vs, uint16_t mode, struct proc **out)
{
    uint16_t owner = parent ? parent->res.owner : RCC_SYSTEM_OWNER;
    uint16_t group = parent ? parent->res.group : RCC_SYSTEM_OWNER;
    const void *image;
    size_t size;
    uint32_t span, nchunks;
    vaddr_t entry, sp;
    struct resource *r;
    struct proc *p;
    int pid, err;

    if ((err = initrd_lookup(path, &image, &size)) < 0 ||
        (err = loader_measure(image, size, &span)) < 0)
        return err;
    nchunks = ALIGN_UP(CONFIG_USTACK_GUARD + CONFIG_USTACK_MAX + span + 2 * GUARD_PAGES * PAGE_SIZE,
                       RANGE_CHUNK) /
              RANGE_CHUNK;
    if ((pid = res_alloc(&proc_pool, name, owner, group, mode, &r)) < 0)
        return pid;
    p = to_proc(r);
    if (!(p->kstack = kmalloc(CONFIG_KSTACK_SIZE))) {
        err = -ENOMEM;
        goto fail_slot;
    }
    if ((err = proc_env_inherit(p, parent)) < 0)
        goto fail_kstack;
    if ((err = ua_create(&p->ua, nchunks, vs)) < 0)
        goto fail_env;
    p->image_base = p->ua.pts.base + CONFIG_USTACK_GUARD + CONFIG_USTACK_MAX;
    if ((err = loader_map(p, path, image, size, &entry)) < 0 ||
        (err = loader_stack(p, argc, argv, &sp)) < 0)
        goto fail_area;
    p->heap_start = p->brk = p->image_base + span + GUARD_PAGES * PAGE_SIZE;
    p->parent = parent;
    sig_proc_init(p);
    pipe_inherit(p, parent); // the ends it marked for its children
    p->kesp = arch_kstack_init((char *)p->kstack + CONFIG_KSTACK_SIZE, entry, sp);
    vs->nprocs++;
    sched_ready(p);
    *out = p;
    return pid;

fail_area:
    ua_destroy(&p->ua);
fail_env:
    proc_env_free(p);
fail_kstack:
    kfree(p->kstack);
fail_slot:
    res_free(r);
    return err;
}

static unsigned orphans; // zombies without a parent, waiting for proc_reap_orphans

static void
free_zombie(struct proc *p)
{
    KASSERT(p->state == PROC_ZOMBIE && p != sched_current);
    if (!p->parent)
        orphans--;
    kfree(p->kstack);
    res_free(&p->res);
}

/* Release everything but the kernel stack and the slot; p becomes a zombie. */
static void
teardown(struct proc *p, int status)
{
    struct vspace *vs = p->ua.vs;

    sched_cancel_timeout(p);
    sig_proc_end(p);
    arch_fpu_release(&p->fpu);
    arch_io_release(&p->io);
    proc_env_free(p);
    cbox_cancel_wait(p);
    cont_release_all(p);
    cbox_release_private(p);
    pipe_proc_ended(p); // a reader or writer fewer: its peers wake
    vw_holder_ended(&p->wins); // before the area goes: a window may show its frames
    dev_proc_ended(p); // bus mastering off before its DMA frames are freed; in its space still
    ua_destroy(&p->ua);
    p->heap = NULL;
    if (--vs->nprocs == 0 && vs->transient)
        vs_destroy(vs);
    for (struct resource *r = res_next(RT_PROC, NULL); r; r = res_next(RT_PROC, r)) {
        struct proc *child = to_proc(r);
        if (child->parent != p)
            continue;
        if (child->state == PROC_ZOMBIE)
            free_zombie(child);
        else
            child->parent = NULL; // an orphan is freed when it ends
    }
    p->state = PROC_ZOMBIE;
    p->status = status;
    if (!p->parent) {
        orphans++;
        sched_return_work |= SCHED_WORK_REAP; // freed on a return to user, off its stack
    }
    if (p == proc_init_task) {
        if (!kernel_quiet)
            printk("init ended with status %d\n", status);
        arch_exit(PROC_EXITED(status) ? PROC_EXITCODE(status) & 0x7f : 1);
    }
    if (p->parent) {
        sched_wakeup(p->parent);
        sig_post(p->parent, SIGCHLD);
    }
}

/* End the current process with status. Never returns. */
void
proc_exit(int status)
{
    teardown(sched_current, status);
    sched_block();
}

/* End the calling process. */
int
sys_exit(struct proc *caller, int status)
{
    (void)caller;
    proc_exit(PROC_STATUS_EXIT(status));
}

/* End process p (not the caller) with status, whatever it was doing: the
 * kernel is not preemptive, so p holds nothing but its own resources. */
void
proc_kill(struct proc *p, int status)
{
    if (p == sched_current)
        proc_exit(status);
    if (p->state == PROC_ZOMBIE)
        return;
    if (p->state == PROC_READY)
        sched_unqueue(p);
    teardown(p, status);
    if (!p->parent)
        free_zombie(p);
}

/* Free zombies nobody will wait for, except the one whose stack we run on.
 * Called on a return to user mode after one ended (proc/userret.c). */
void
proc_reap_orphans(void)
{
    if (!orphans)
        return;
    for (struct resource *r = res_next(RT_PROC, NULL); r; r = res_next(RT_PROC, r)) {
        struct proc *p = to_proc(r);
        if (p->state == PROC_ZOMBIE && !p->parent && p != sched_current && p != proc_init_task)
            free_zombie(p);
    }
}

/* Wait until child ends; its status goes to *status and its slot is freed.
 * Returns the child's pid, -ECHILD if it is not the caller's child, or
 * -EINTR if a caught signal came first. */
int
proc_wait(struct proc *caller, struct proc *child, int *status)
{
    rid_t pid = child->res.rid;

    if (child->parent != caller)
        return -ECHILD;
    while (child->state != PROC_ZOMBIE) {
        if (sig_interrupted(&caller->sig))
            return -EINTR;
        sched_sleep(caller);
    }
    *status = child->status;
    caller->cuticks += child->uticks + child->cuticks; // what times() calls the children's
    caller->csticks += child->sticks + child->csticks;
    free_zombie(child);
    return pid;
}

/* Move p into space to (HVS procmove). Re-links p's page tables, one PDE per
 * 4 MiB, so the cost does not depend on p's size. Returns 0 (also when p is
 * already there) or -ENOMEM (no frame for the page tables its containers
 * need there; then nothing changed). A transient space left empty is deleted. */
int
proc_move(struct proc *p, struct vspace *to)
{
    struct vspace *from = p->ua.vs;
    int err;

    if (from == to)
        return 0;
    if ((err = cont_prepare_follow(p, to)) < 0)
        return err; // reserve first: from here on nothing can fail
    ua_move(&p->ua, to);
    from->nprocs--;
    to->nprocs++;
    cont_follow(p); // its containers are mapped where it lives
    vw_holder_moved(&p->wins, to); // and its shared windows
    dev_proc_moved(p, from); // and the mappings of the devices it holds
    if (p == sched_current)
        vs_activate(to); // the load flushes what the old space cached
    else if (arch_vspace_current() == from->pd)
        arch_tlb_flush_all(); // p's pages may still sit in this TLB
    if (from->nprocs == 0 && from->transient)
        vs_destroy(from);
    return 0;
}

/* Move p's break by increment bytes (page granular underneath); the old break
 * goes to *old_brk. The area grows with the heap. Returns 0, -ENOMEM (out of
 * frames or quota, or another area right above) or -EINVAL (below the heap
 * start). */
int
proc_sbrk(struct proc *p, int32_t increment, vaddr_t *old_brk)
{
    vaddr_t nbrk = p->brk + (uint32_t)increment;
    vaddr_t area_end = p->ua.pts.base + p->ua.pts.nchunks * RANGE_CHUNK;
    uint32_t have, want;
    int err;

    if ((increment > 0 && (nbrk < p->brk || nbrk > RANGE_TOP)))
        return -ENOMEM;
    if ((increment < 0 && nbrk > p->brk) || nbrk < p->heap_start)
        return -EINVAL;
    if (nbrk > area_end &&
        ua_extend(&p->ua, ALIGN_UP(nbrk - area_end, RANGE_CHUNK) / RANGE_CHUNK) < 0)
        return -ENOMEM;
    if (!p->heap && increment > 0) {
        struct vregion *vr;
        struct vuspace *vus;
        if ((err = vr_create("", p->res.owner, p->res.group, PROC_PART_MODE, 0, &vr)) < 0)
            return err;
        if ((err = vus_attach(&p->ua, vr, p->heap_start, VUS_READ | VUS_WRITE, "", p->res.owner,
                              p->res.group, PROC_PART_MODE, &vus)) < 0) {
            vr_destroy(vr);
            return err;
        }
        p->heap = vus;
    }
    have = p->heap ? p->heap->vr->fs.n : 0;
    want = ALIGN_UP(nbrk - p->heap_start, PAGE_SIZE) / PAGE_SIZE;
    if (want > have && (err = vus_grow(p->heap, want - have)) < 0)
        return err == -EINVAL ? -ENOMEM : err;
    if (want < have && (err = vus_shrink(p->heap, have - want)) < 0)
        return err;
    *old_brk = p->brk;
    p->brk = nbrk;
    return 0;
}

/* Grow or shrink the heap; returns the old break, -ENOMEM or -EINVAL. */
int
sys_sbrk(struct proc *caller, int increment)
{
    vaddr_t old;
    int err = proc_sbrk(caller, increment, &old);

    return err < 0 ? err : (int)old;
}

/* Give p the identity owner/group (the system owner's changeoid and
 * changegid): from now on p, its slot and its memory are charged to owner,
 * and the containers it holds and the private boxes it made are its new
 * identity's (a client keeps its reply box and containers). */
void
proc_set_identity(struct proc *p, uint16_t owner, uint16_t group)
{
    p->res.owner = owner;
    p->res.group = group;
    res_repay(&p->res, owner);
    if (p->state != PROC_ZOMBIE) {
        ua_repay(&p->ua, owner);
        ipc_identity_changed(p); // its containers and private boxes: usable as before
    }
}

/* Did p's page fault at addr hit the unmapped gap below its stack? */
static bool
stack_overflow(const struct proc *p, uint32_t vector, vaddr_t addr)
{
    return vector == 14 && addr >= p->ua.pts.base && addr < p->ua.pts.base + CONFIG_USTACK_GUARD;
}

/* Grow p's stack down over va, a touch of the range reserved for it below
 * what it has (whole CONFIG_USTACK_STEP steps, never into the guard).
 * Returns 0, -EFAULT (va is not in the reserve) or -ENOMEM. */
static int
grow_stack(struct proc *p, vaddr_t va)
{
    vaddr_t floor = p->ua.pts.base + CONFIG_USTACK_GUARD, start;

    if (!p->stack || va < floor || va >= p->stack->start)
        return -EFAULT;
    start = ALIGN_DOWN(va, CONFIG_USTACK_STEP);
    if (start < floor)
        start = floor;
    return vus_grow_down(p->stack, (p->stack->start - start) / PAGE_SIZE);
}

/* The first touch of va in space pd by the current process, or by a user
 * copy on its behalf (kernel/usercopy.c): a lazy page of the space is
 * mapped (ua_fault), and a touch of the current process's stack reserve
 * grows its stack first. Returns 0 (retry the access), -EFAULT (a real
 * fault) or -ENOMEM. */
static int
user_fault(paddr_t pd, vaddr_t va, bool write)
{
    struct proc *p = sched_current;
    int err = ua_fault(pd, va, write);

    if (err == -EFAULT && p->ua.vs && p->ua.vs->pd == pd && (err = grow_stack(p, va)) == 0)
        err = ua_fault(pd, va, write);
    return err;
}

/* A page fault in ring 3 at addr (a store if write): true if it was the
 * first touch of a lazy page of the space (mm/vuspace.c) or of the stack's
 * reserve, mapped now; false if it is the process's fault (proc_fault ends
 * it). Without a frame for the page the process ends here, out of memory. */
bool
proc_page_fault(uint32_t addr, bool write)
{
    struct proc *p = sched_current;
    int err = user_fault(p->ua.vs->pd, addr, write);

    if (err == -ENOMEM) {
        printk("proc %s (pid %d) killed: out of memory (page fault at address %p)\n", p->res.name,
               p->res.rid, (void *)addr);
        proc_exit(PROC_STATUS_FAULT(14));
    }
    return err == 0;
}

/* A CPU exception in ring 3: end only the current process, with one line. */
void
proc_fault(uint32_t vector, uint32_t addr, uint32_t eip)
{
    struct proc *p = sched_current;

    if (stack_overflow(p, vector, addr)) {
        printk("proc %s (pid %d) killed: stack overflow (page fault at address %p), eip %p\n",
               p->res.name, p->res.rid, (void *)addr, (void *)eip);
        proc_exit(PROC_STATUS_FAULT(vector) | PROC_STATUS_STACK);
    }
    printk("proc %s (pid %d) killed: %s (vector %u) at address %p, eip %p\n", p->res.name,
           p->res.rid, arch_exception_name(vector), vector, (void *)addr, (void *)eip);
    proc_exit(PROC_STATUS_FAULT(vector));
}

/* A CPU exception in ring 0 while returning to the current process's ring 3
 * (restoring its segments or flags): its doing, so it ends, not the machine.
 * Returns false (the fault is a kernel bug) when no process is running. */
bool
proc_fault_user_return(uint32_t vector)
{
    struct proc *p = sched_current;

    if (!p->kstack)
        return false; // the idle context
    printk("proc %s (pid %d) killed: %s (vector %u) on its return to user mode\n", p->res.name,
           p->res.rid, arch_exception_name(vector), vector);
    proc_exit(PROC_STATUS_FAULT(vector));
}

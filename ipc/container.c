/*
 * Containers: message buffers that move between processes whole.
 *
 * A container owns its frames and has one address in the container window
 * (mm/cwin.c) for life. It is mapped into the space of whoever holds it, and
 * a queued container stays mapped where its sender left it. Handing it to a
 * process in the space it is mapped in changes only the holder: no byte is
 * copied and no page-table entry written. Handing it across spaces re-maps
 * its pages (unmap from the old space, map into the new), or, for sizes up to
 * the "ipc_copy=" boot limit, copies the bytes into fresh frames. Remapping
 * is the default because it measured faster at every size: a container's
 * address is the same in every space, so a cross-space hand-over is one
 * PTE cleared and one set per page either way, and the copy only adds the
 * frame allocation and the bytes. `make bench` (bench/results/hvs.md, Fig.
 * 5) shows it: a cross-space round trip of 64 B costs 1,744 instructions
 * re-mapped and 5,233 copied (icount), 35,000 and 48,000 cycles under TCG;
 * at 64 KiB, 3,814 and 45,110 instructions.
 * A pinned container is the kernel's notification to a process (a device's
 * interrupt, proc/device.c): empty, so handing it over allocates nothing
 * and may happen in an interrupt handler (cont_notify); no process may
 * send, delete or reclaim it (-EPERM, -EBUSY); when its holder ends or the
 * box it waits in goes, it comes back to nobody, and the kernel recalls
 * it from wherever it is (cont_recall) and frees it with cont_destroy.
 * Invariants: holder != NULL xor box != NULL, except for a pinned container
 * at home (neither); the container is mapped in at most one space, the one
 * `mapped` names, if that space is alive.
 * Public: cont_create, cont_destroy, cont_move_mapping (for cont_give,
 * inline in ipc/cont.h with cont_set_holder), cont_follow, cont_release_all,
 * ipc_identity_changed, cont_create_pinned, cont_notify, cont_recall, cont_is_out.
 */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86/arch.h"
#include "ipc/cont.h"
#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/bootinfo.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "kernel/quota.h"
#include "kernel/string.h"
#include "mm/cwin.h"
#include "mm/mem.h"
#include "mm/vspace.h"
#include "proc/pcb.h"

#define CONT_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF) | RCC_OTHER(RCC_REF))

static struct container cont_table[CONFIG_NR_CONTAINER];
static struct res_pool cont_pool;
static uint32_t copy_limit;

static void
container_info(const struct resource *r, struct res_info *out)
{
    const struct container *c = to_container(r);

    out->u.container.size = c->size;
    out->u.container.holder = c->holder ? c->holder->res.rid : 0;
}

/* resdelete of a container: only by its holder, and never a pinned one. */
static int
container_delete(struct proc *caller, struct resource *r)
{
    if (to_container(r)->holder != caller || to_container(r)->pinned)
        return -EBUSY; // queued in a box, held by another process, or the kernel's
    cont_destroy(to_container(r));
    return 0;
}

static int
container_reclaim(struct resource *r)
{
    struct container *c = to_container(r);

    if (c->holder || c->pinned)
        return -EBUSY; // held by a live process of another owner (theirs now), or the kernel's
    cbox_unqueue(c);
    cont_destroy(c);
    return 0;
}

static const struct res_ops container_ops = {.name = "container",
                                             .info = container_info,
                                             .destroy = container_delete,
                                             .reclaim = container_reclaim,
                                             .reclaim_pass = 2};

void cbox_init(void);

/* Register the container and box pools, reserve the window, read ipc_copy=. */
void
ipc_init(void)
{
    char opt[16];

    RES_POOL_START(cont_pool, RT_CONTAINER, &container_ops, cont_table);
    cbox_init();
    pipe_init();
    cwin_init();
    if (bootinfo_option("ipc_copy", opt, sizeof(opt)))
        for (const char *c = opt; *c >= '0' && *c <= '9'; c++)
            copy_limit = copy_limit * 10 + (uint32_t)(*c - '0');
}

static ALWAYS_INLINE struct vspace *
mapped_space(const struct container *c)
{
    struct resource *r;

    if (!c->mapped || res_lookup_inline(c->mapped, RT_VSPACE, &r) < 0)
        return NULL; // never mapped, or that space is gone (and its window tables with it)
    return to_vspace(r);
}

/* Make a zero-filled container of size bytes, held by caller and mapped into
 * its space; its frames are charged to the caller's owner. Returns its rid,
 * -EINVAL (size), -ENOMEM (also past the quota), -EAGAIN (slot quota) or -ENFILE. */
int
cont_create(struct proc *caller, uint32_t size, struct container **out)
{
    uint32_t npages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    struct frameset fs = {0};
    struct resource *r;
    struct container *c;
    int rid, err;

    if (size > CONT_SIZE_MAX)
        return -EINVAL;
    if ((err = frameset_grow(&fs, npages, caller->res.owner)) < 0)
        goto fail_frames; // the array it may have made
    if ((rid = res_alloc(&cont_pool, "", caller->res.owner, caller->res.group, CONT_MODE, &r)) <
        0) {
        err = rid;
        goto fail_frames;
    }
    c = to_container(r);
    if ((err = cwin_alloc(npages, &c->va)) < 0)
        goto fail_slot;
    if ((err = cwin_map(caller->ua.vs, c->va, fs.frames, npages)) < 0)
        goto fail_window;
    c->fs = fs;
    c->size = size;
    c->msg = (struct cmsg){.cont = rid, .addr = c->va, .size = size};
    c->words[0] = c->words[1] = 0; // a notification (pinned) keeps these
    c->mapped = caller->ua.vs->res.rid;
    cont_set_holder(c, caller);
    *out = c;
    return rid;

fail_window:
    cwin_free(c->va, npages);
fail_slot:
    res_free(r);
fail_frames:
    frameset_free(&fs, caller->res.owner);
    return err;
}

/* Free the container: unmap it, give back frames, window pages and slot.
 * The caller has taken it off any queue. */
void
cont_destroy(struct container *c)
{
    struct vspace *vs = mapped_space(c);

    cont_set_holder(c, NULL);
    if (vs)
        cwin_unmap(vs, c->va, c->fs.n);
    cwin_free(c->va, c->fs.n);
    frameset_free(&c->fs, c->res.payer);
    res_free(&c->res);
}

/* Move c's mapping into space to (re-map, or, with may_copy, copy into
 * fresh frames when small enough: "ipc_copy="): what cont_give (ipc/cont.h)
 * does across spaces. Returns 0 or -ENOMEM (then c is unchanged). */
int
cont_move_mapping(struct container *c, struct vspace *to, bool may_copy)
{
    struct vspace *from;
    struct frameset fresh = {0};
    bool copy = may_copy && c->fs.n && c->size <= copy_limit;
    int err;

    if (c->mapped == to->res.rid)
        return 0; // mapped there already: a live space's rid names no other
    from = mapped_space(c); // NULL if never mapped or that space is gone
    if (copy && (err = frameset_clone(&fresh, &c->fs)) < 0) // copy into fresh frames
        return err;
    if ((err = cwin_map(to, c->va, copy ? fresh.frames : c->fs.frames, c->fs.n)) < 0) {
        if (copy)
            frameset_drop(&fresh);
        return err;
    }
    if (from)
        cwin_unmap(from, c->va, c->fs.n);
    if (copy)
        frameset_adopt(&c->fs, &fresh); // the payer pays for as many frames as before
    c->mapped = to->res.rid;
    return 0;
}

/* p is about to move into space to: make sure each container it holds can
 * be mapped there. Returns 0 (cont_follow cannot fail then) or -ENOMEM. */
int
cont_prepare_follow(struct proc *p, struct vspace *to)
{
    int err;

    if (!p->ipc.held)
        return 0;
    for (struct resource *r = res_next(RT_CONTAINER, NULL); r; r = res_next(RT_CONTAINER, r)) {
        struct container *c = to_container(r);
        if (c->holder == p && (err = cwin_prepare(to, c->va, c->fs.n)) < 0)
            return err;
    }
    return 0;
}

/* p moved to another space: its containers follow it, re-mapped (never
 * copied), into the page tables cont_prepare_follow made sure of. */
void
cont_follow(struct proc *p)
{
    if (!p->ipc.held)
        return;
    for (struct resource *r = res_next(RT_CONTAINER, NULL); r; r = res_next(RT_CONTAINER, r))
        if (to_container(r)->holder == p && cont_move_mapping(to_container(r), p->ua.vs, false) < 0)
            panic("container %d cannot follow its holder", r->rid);
}

/* p has a new identity (the system owner's changeoid or changegid): what is
 * p's by holding or making it takes the identity with it: the containers
 * it holds (a container belongs to its holder, as a send makes it) and the
 * private boxes it made (they are parts of it that end with it). Who pays
 * for them does not change. */
void
ipc_identity_changed(struct proc *p)
{
    if (p->ipc.held)
        for (struct resource *r = res_next(RT_CONTAINER, NULL); r; r = res_next(RT_CONTAINER, r))
            if (to_container(r)->holder == p)
                r->owner = p->res.owner, r->group = p->res.group;
    cbox_identity_changed(p);
}

/* p is ending: free every container it holds (a pinned one goes home). */
void
cont_release_all(struct proc *p)
{
    if (!p->ipc.held)
        return;
    for (struct resource *r = res_next(RT_CONTAINER, NULL); r; r = res_next(RT_CONTAINER, r)) {
        struct container *c = to_container(r);
        if (c->holder == p && c->pinned)
            cont_set_holder(c, NULL);
        else if (c->holder == p)
            cont_destroy(c);
    }
}

/* Make an empty pinned container for notifications to the caller's boxes,
 * charged (one slot) to the caller's owner, at home. Returns its rid,
 * -ENOMEM, -EAGAIN (slot quota) or -ENFILE. */
int
cont_create_pinned(struct proc *caller, struct container **out)
{
    int rid = cont_create(caller, 0, out);

    if (rid < 0)
        return rid;
    cont_set_holder(*out, NULL);
    (*out)->pinned = true;
    return rid;
}

/* Send pinned container c, at home, to box b as a message from `sender`
 * (a rid no process has: the kernel's stamp, owner 0), to the box's oldest
 * waiting receiver, which runs next, or into its queue. Allocates nothing: callable from an
 * interrupt handler (interrupts off, as always in the kernel). */
void
cont_notify(struct container *c, struct cbox *b, rid_t sender)
{
    KASSERT(c->pinned && !c->holder && !c->box);
    c->msg.sender = sender;
    c->msg.sender_owner = 0;
    c->msg.sender_group = 0;
    cbox_notify(b, c);
}

/* Bring pinned container c home from the box it waits in or the process
 * that received it. */
void
cont_recall(struct container *c)
{
    KASSERT(c->pinned);
    cbox_unqueue(c);
    cont_set_holder(c, NULL);
}

/* Whether pinned container c is out (queued in a box or held). */
bool
cont_is_out(const struct container *c)
{
    return c->holder || c->box;
}

/*
 * The resource calls common to every type: resfind, resinfo, reslist,
 * resdelete, changeoid, changegid, changemod, resreclaim, and res_get, the
 * one door through which every system call reaches a resource with an RCC
 * check (STYLE §2). Each type plugs in its info and delete operations in
 * res_types[]:
 *   resfind, resinfo, reslist   REF        changeoid/gid, changemod   CTL
 *   resdelete                   DEL (a process: kill; a space: only when empty;
 *                               regions and user spaces are parts of their
 *                               process and go with it: -EBUSY; a box: its
 *                               queue is freed and receivers get -EINTR; a
 *                               container: only by its holder)
 * A process acts as its owner and group (DESIGN §3). Only the system owner
 * changes a process's identity: changeoid gives it oid as owner and group,
 * changegid a group; the process, its slot and its memory are then paid by
 * its new owner (quotas). A process never picks or takes back an identity.
 * resreclaim is the system owner's way to take back everything an owner
 * holds: its processes are killed, its containers, boxes and empty spaces
 * deleted, whatever modes they carry.
 */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/rcc.h"
#include "kernel/resource.h"
#include "kernel/rid.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "ipc/ipc.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "mm/vuspace.h"
#include "proc/proc.h"
#include "proc/sched.h"

struct res_type {
    void (*info)(struct resource *r, struct res_info *out);
    int (*destroy)(struct proc *caller, struct resource *r);
    void (*chown_parts)(struct resource *r); /* changeoid/gid with flag != 0 */
    int (*reclaim)(struct resource *r);      /* resreclaim; NULL: a part, left alone */
};

static void
vregion_info(struct resource *r, struct res_info *out)
{
    out->u.vregion.pages = to_vregion(r)->npages;
}

static void
vspace_info(struct resource *r, struct res_info *out)
{
    out->u.vspace.nprocs = to_vspace(r)->nprocs;
    out->u.vspace.pages = to_vspace(r)->pages;
}

static void
vuspace_info(struct resource *r, struct res_info *out)
{
    struct vuspace *v = to_vuspace(r);

    out->u.vuspace.vspace = v->ua->vs->res.rid;
    out->u.vuspace.vregion = v->vr->res.rid;
    out->u.vuspace.start = v->start;
    out->u.vuspace.size = v->vr->npages * 4096;
    out->u.vuspace.prot = v->prot;
}

static void
proc_info(struct resource *r, struct res_info *out)
{
    struct proc *p = to_proc(r);

    out->u.proc.state = p->state;
    out->u.proc.parent = p->parent ? p->parent->res.rid : 0;
    if (p->state == PROC_ZOMBIE)
        return;
    out->u.proc.vspace = p->ua.vs->res.rid;
    out->u.proc.pages = p->ua.pages;
    out->u.proc.base = p->ua.base;
    out->u.proc.limit = p->ua.base + p->ua.nchunks * 0x400000u;
}

static int
vspace_destroy(struct proc *caller, struct resource *r)
{
    (void)caller;
    return vs_destroy(to_vspace(r));
}

static int
part_destroy(struct proc *caller, struct resource *r)
{
    (void)caller, (void)r;
    return -EBUSY;
}

static int
proc_destroy(struct proc *caller, struct resource *r)
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

static int
proc_reclaim(struct resource *r)
{
    struct proc *p = to_proc(r);

    if (p->state == PROC_ZOMBIE || p == sched_current || p == proc_init_task)
        return -EBUSY; // a zombie goes with its parent's procwait
    proc_kill(p, PROC_STATUS_KILLED);
    return 0;
}

static int
vspace_reclaim(struct resource *r)
{
    return vs_destroy(to_vspace(r)); // -EBUSY while another owner's process lives in it
}

static int
cbox_reclaim(struct resource *r)
{
    cbox_destroy(to_cbox(r));
    return 0;
}

static int
container_reclaim(struct resource *r)
{
    struct container *c = to_container(r);

    if (c->holder)
        return -EBUSY; // held by a live process of another owner: it is theirs now
    cbox_unqueue(c);
    cont_destroy(c);
    return 0;
}

static void
vuspace_chown_parts(struct resource *r)
{
    to_vuspace(r)->vr->res.owner = r->owner;
}

static void
cbox_info(struct resource *r, struct res_info *out)
{
    out->u.cbox.queued = to_cbox(r)->queued;
    out->u.cbox.waiting = to_cbox(r)->nwaiting;
}

static void
container_info(struct resource *r, struct res_info *out)
{
    struct container *c = to_container(r);

    out->u.container.size = c->size;
    out->u.container.holder = c->holder ? c->holder->res.rid : 0;
}

static int
cbox_delete(struct proc *caller, struct resource *r)
{
    (void)caller;
    cbox_destroy(to_cbox(r));
    return 0;
}

static int
container_delete(struct proc *caller, struct resource *r)
{
    if (to_container(r)->holder != caller)
        return -EBUSY; // queued in a box or held by another process
    cont_destroy(to_container(r));
    return 0;
}

static const struct res_type res_types[RT_COUNT] = {
    [RT_VREGION] = {vregion_info, part_destroy, NULL, NULL},
    [RT_VSPACE] = {vspace_info, vspace_destroy, NULL, vspace_reclaim},
    [RT_VUSPACE] = {vuspace_info, part_destroy, vuspace_chown_parts, NULL},
    [RT_PROC] = {proc_info, proc_destroy, proc_chown_parts, proc_reclaim},
    [RT_CBOX] = {cbox_info, cbox_delete, NULL, cbox_reclaim},
    [RT_CONTAINER] = {container_info, container_delete, NULL, container_reclaim},
};

/* resreclaim's order: processes first (their parts and held containers go
 * with them), then what they queued, their boxes, and the spaces left empty */
static const int reclaim_order[] = {RT_PROC, RT_CONTAINER, RT_CBOX, RT_VSPACE};

/* Look rid up as the caller and check right (STYLE §2): -ENOENT for unknown
 * or stale ids, -EINVAL for the wrong type, -EPERM for a missing right. */
int
res_get(struct proc *caller, rid_t rid, int type, unsigned right, struct resource **out)
{
    return res_get_as(caller->res.owner, caller->res.group, rid, type, right, out);
}

/* Find a resource of type by name. Needs REF. Returns the rid or an error. */
int
sys_resfind(struct proc *caller, int type, const char *name)
{
    char kname[RES_NAME_MAX];
    struct resource *r;
    int err;
    rid_t rid;

    if ((err = copyinstr(kname, name, sizeof(kname))) < 0)
        return err;
    if ((rid = res_find(type, kname)) < 0)
        return rid;
    if ((err = res_get(caller, rid, type, RCC_REF, &r)) < 0)
        return err;
    return rid;
}

/* Describe rid into *out. Needs REF. Returns 0 or an error. */
int
sys_resinfo(struct proc *caller, rid_t rid, struct res_info *out)
{
    struct res_info info;
    struct resource *r;
    int err, type;

    if ((err = res_get(caller, rid, 0, RCC_REF, &r)) < 0)
        return err;
    type = rid_type(r->rid);
    kmemset(&info, 0, sizeof(info));
    info.rid = r->rid;
    info.type = type;
    info.owner = r->owner;
    info.group = r->group;
    info.mode = r->mode;
    info.refs = r->refs;
    kstrlcpy(info.name, r->name, sizeof(info.name));
    if (res_types[type].info)
        res_types[type].info(r, &info);
    return copyout(out, &info, sizeof(info));
}

/* Up to max live rids of type greater than after, in slot order, into out.
 * Lists every resource (listing is not reading: resinfo checks REF).
 * Returns the count, -EINVAL or -EFAULT. */
int
sys_reslist(struct proc *caller, int type, rid_t after, rid_t *out, int max)
{
    int n = 0, err;

    (void)caller;
    if (type <= 0 || type >= RT_COUNT || max < 0)
        return -EINVAL;
    for (struct resource *r = res_next(type, NULL); r && n < max; r = res_next(type, r)) {
        if (after > 0 && rid_slot(r->rid) <= rid_slot(after))
            continue;
        if ((err = copyout(&out[n], &r->rid, sizeof(rid_t))) < 0)
            return err;
        n++;
    }
    return n;
}

/* Delete rid. Needs DEL. Returns 0, -EBUSY (in use or part of a process),
 * -ESRCH (a process already ended) or a lookup error. */
int
sys_resdelete(struct proc *caller, rid_t rid)
{
    struct resource *r;
    int err, type;

    if ((err = res_get(caller, rid, 0, RCC_DEL, &r)) < 0)
        return err;
    type = rid_type(r->rid);
    if (!res_types[type].destroy)
        return -EINVAL;
    return res_types[type].destroy(caller, r);
}

/* Change rid's owner (set_owner) or only its group to id, as the caller;
 * flag != 0: its parts take its new owner and group. A process is changed
 * only by the system owner, and its owner change is its group change too. */
static int
change_identity(struct proc *caller, rid_t rid, int id, int flag, bool set_owner)
{
    struct resource *r;
    int err, type;

    if (id <= 0 || id > 0xffff)
        return -EINVAL;
    if ((err = res_get(caller, rid, 0, RCC_CTL, &r)) < 0)
        return err;
    type = rid_type(r->rid);
    if (type == RT_PROC) {
        if (caller->res.owner != RCC_SYSTEM_OWNER)
            return -EPERM; // no process picks an identity, its own or another's
        proc_set_identity(to_proc(r), set_owner ? (uint16_t)id : r->owner, (uint16_t)id);
    } else if (set_owner) {
        r->owner = (uint16_t)id;
    } else {
        r->group = (uint16_t)id;
    }
    if (flag && res_types[type].chown_parts)
        res_types[type].chown_parts(r);
    return 0;
}

/* Give rid to owner oid; flag != 0 also gives away its parts. Needs CTL; a
 * process only by the system owner (then oid is its group too). Returns 0,
 * -EINVAL (oid outside 1..65535), -EPERM or a lookup error. */
int
sys_changeoid(struct proc *caller, rid_t rid, int oid, int flag)
{
    return change_identity(caller, rid, oid, flag, true);
}

/* Put rid into group gid; flag != 0 also its parts. Needs CTL; a process
 * only by the system owner. Returns 0, -EINVAL, -EPERM or a lookup error. */
int
sys_changegid(struct proc *caller, rid_t rid, int gid, int flag)
{
    return change_identity(caller, rid, gid, flag, false);
}

/* Take back everything owner oid holds or pays for (system owner only): kill
 * its processes, delete its queued containers, boxes and empty spaces,
 * whatever their modes. Returns how many resources went, -EPERM or -EINVAL
 * (oid is the system owner or outside 1..65535). */
int
sys_resreclaim(struct proc *caller, int oid)
{
    int gone = 0;

    if (caller->res.owner != RCC_SYSTEM_OWNER)
        return -EPERM;
    if (oid <= 0 || oid > 0xffff || oid == RCC_SYSTEM_OWNER)
        return -EINVAL;
    for (size_t i = 0; i < sizeof(reclaim_order) / sizeof(reclaim_order[0]); i++) {
        int type = reclaim_order[i];
        for (struct resource *r = res_next(type, NULL); r; r = res_next(type, r))
            if ((r->owner == oid || r->payer == oid) && res_types[type].reclaim(r) == 0)
                gone++;
    }
    return gone;
}

/* Set rid's mode. Needs CTL. Returns 0, -EINVAL (bad mode) or a lookup error. */
int
sys_changemod(struct proc *caller, rid_t rid, unsigned mod)
{
    struct resource *r;
    int err;

    if (!rcc_mode_valid(mod))
        return -EINVAL;
    if ((err = res_get(caller, rid, 0, RCC_CTL, &r)) < 0)
        return err;
    r->mode = (uint16_t)mod;
    return 0;
}

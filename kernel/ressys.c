/*
 * The resource calls common to every type: resfind, resinfo, reslist,
 * resdelete, changeoid, changegid, changemod, resreclaim, and res_get, the
 * one door through which every system call reaches a resource with an RCC
 * check (STYLE §2). What differs by type comes from the type's struct
 * res_ops (its own file), so this file knows no type:
 *   resfind, resinfo, reslist   REF        changeoid/gid, changemod   CTL
 *   resdelete                   DEL, then ops->destroy (NULL: a part of
 *                               another resource, -EBUSY)
 * A process acts as its owner and group (DESIGN §3). Only the system owner
 * changes the identity of a resource that is one (ops->set_identity: a
 * process): changeoid gives it oid as owner and group, changegid a group.
 * A process never picks or takes back an identity. resreclaim is the system
 * owner's way to take back everything an owner holds or pays for: its
 * processes are ended first, then its other resources deleted, whatever
 * their modes (ops->reclaim).
 */
#include <stdbool.h>
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/panic.h"
#include "kernel/rcc.h"
#include "kernel/resource.h"
#include "kernel/rid.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"

#define RECLAIM_PASSES 2

/* A res_object() on the wrong object is a broken kernel invariant. */
void
res_fault(const struct resource *r, int type)
{
    panic("resource %d is not a live object of type %d", r ? r->rid : 0, type);
}

/* The identity a process acts as: its resource header (struct proc starts
 * with it, proc/proc.c pins that). */
static const struct resource *
identity(const struct proc *caller)
{
    return (const struct resource *)(const void *)caller;
}

/* Look rid up as the caller and check right (STYLE §2): -ENOENT for unknown
 * or stale ids, -EINVAL for the wrong type, -EPERM for a missing right. The
 * body is res_get_inline (kernel/syscall.h). */
int
res_get(struct proc *caller, rid_t rid, int type, unsigned right, struct resource **out)
{
    return res_get_inline(caller, rid, type, right, out);
}

/* Find a resource of type by name. Needs REF or ATT: what one may send to
 * or attach, one may find (a server's box grants others ATT and no REF,
 * DESIGN §5 "Who may receive"). Returns the rid or an error. */
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
    if ((err = res_get(caller, rid, type, RCC_REF, &r)) == -EPERM)
        err = res_get(caller, rid, type, RCC_ATT, &r);
    return err < 0 ? err : rid;
}

/* Describe rid into *out. Needs REF. Returns 0 or an error. */
int
sys_resinfo(struct proc *caller, rid_t rid, struct res_info *out)
{
    const struct res_ops *ops;
    struct res_info info;
    struct resource *r;
    int err, type;

    if ((err = res_get(caller, rid, 0, RCC_REF, &r)) < 0)
        return err;
    type = rid_type(r->rid);
    ops = res_ops_of(type);
    kmemset(&info, 0, sizeof(info));
    info.rid = r->rid;
    info.type = type;
    info.owner = r->owner;
    info.group = r->group;
    info.mode = r->mode;
    info.refs = r->refs;
    kstrlcpy(info.name, r->name, sizeof(info.name));
    if (ops->info)
        ops->info(r, &info);
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
    const struct res_ops *ops;
    struct resource *r;
    int err;

    if ((err = res_get(caller, rid, 0, RCC_DEL, &r)) < 0)
        return err;
    ops = res_ops_of(rid_type(r->rid));
    return ops->destroy ? ops->destroy(caller, r) : -EBUSY;
}

/* Change rid's owner (set_owner) or only its group to id, as the caller;
 * flag != 0: its parts take its new owner and group. A process is changed
 * only by the system owner, and its owner change is its group change too. */
static int
change_identity(struct proc *caller, rid_t rid, int id, int flag, bool set_owner)
{
    const struct res_ops *ops;
    struct resource *r;
    int err;

    if (id <= 0 || id > 0xffff)
        return -EINVAL;
    if ((err = res_get(caller, rid, 0, RCC_CTL, &r)) < 0)
        return err;
    ops = res_ops_of(rid_type(r->rid));
    if (ops->set_identity) {
        if (identity(caller)->owner != RCC_SYSTEM_OWNER)
            return -EPERM; // no process picks an identity, its own or another's
        ops->set_identity(r, set_owner ? (uint16_t)id : r->owner, (uint16_t)id);
    } else if (set_owner) {
        r->owner = (uint16_t)id;
    } else {
        r->group = (uint16_t)id;
    }
    if (flag && ops->chown_parts)
        ops->chown_parts(r);
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

    if (identity(caller)->owner != RCC_SYSTEM_OWNER)
        return -EPERM;
    if (oid <= 0 || oid > 0xffff || oid == RCC_SYSTEM_OWNER)
        return -EINVAL;
    for (unsigned pass = 1; pass <= RECLAIM_PASSES; pass++) {
        for (int type = 1; type < RT_COUNT; type++) {
            const struct res_ops *ops = res_ops_of(type);
            if (!ops || ops->reclaim_pass != pass)
                continue;
            for (struct resource *r = res_next(type, NULL); r; r = res_next(type, r))
                if ((r->owner == oid || r->payer == oid) &&
                    (ops->reclaim ? ops->reclaim(r) : ops->destroy(NULL, r)) == 0)
                    gone++;
        }
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

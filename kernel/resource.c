/*
 * kernel/resource.c - the uniform resource table (DESIGN §3, STYLE §2).
 *
 * Model: each resource type owns a pool, a fixed array of nslots objects of
 * objsize bytes that all begin with struct resource; slot 0 is never used, so
 * rid 0 means "none". Registered pools are found by type through a table of
 * RT_COUNT pointers: rid -> type field -> pool -> slot -> object.
 *
 * Invariants:
 *  - a slot is live iff its rid != 0, and then rid == rid_make(type, slot, gen);
 *  - gen is never 0 and is bumped on every free (0xffff wraps to 1), so a rid
 *    kept after its object was deleted is stale (-ENOENT);
 *  - a free slot is all zero except gen; pool->used counts live slots;
 *  - non-empty names are unique among the live objects of one type.
 *
 * Entry points: res_pool_init, res_register, res_reset_all, res_pool_of,
 * res_ops_of,
 * res_slot_obj, res_alloc, res_free, res_rename, res_repay, res_lookup, res_check,
 * res_get_as (the one door), res_find, res_count_free, res_next. The door's
 * body is inline in resource.h (res_get_as_inline, with res_lookup_inline's
 * few compares for the usual hit) so that hot paths inline it; res_get_as
 * is its out-of-line copy, and res_lookup answers every case.
 */
#include "kernel/resource.h"

#include "kernel/abi/errno.h"
#include "kernel/quota.h"
#include "kernel/rcc.h"
#include "kernel/rid.h"
#include "kernel/string.h"

struct res_pool *res_pools[RT_COUNT]; // registered pools, indexed by RT_* (resource.h reads it)

static struct resource *
slot_res(struct res_pool *p, unsigned slot)
{
    return (struct resource *)((char *)p->base + (size_t)slot * p->objsize);
}

/* Slot index of r in p, or 0 if r is not exactly the start of an object of p. */
static unsigned
slot_of(const struct res_pool *p, const struct resource *r)
{
    const char *b = p->base, *q = (const char *)r;
    size_t off;

    if (q < b + p->objsize || q >= b + (size_t)p->nslots * p->objsize)
        return 0;
    off = (size_t)(q - b);
    return off % p->objsize ? 0 : (unsigned)(off / p->objsize);
}

/* The registered pool in which r is a live object, or NULL. */
static struct res_pool *
live_pool(const struct resource *r)
{
    struct res_pool *p;

    if (r == NULL || r->rid <= 0 || (p = res_pool_of(rid_type(r->rid))) == NULL)
        return NULL;
    return slot_of(p, r) == rid_slot(r->rid) ? p : NULL;
}

/* Name argument check (NULL counts as ""): 0 or -ENAMETOOLONG. */
static int
name_ok(const char *name)
{
    if (name != NULL && kstrnlen(name, RES_NAME_MAX) >= RES_NAME_MAX)
        return -ENAMETOOLONG;
    return 0;
}

/* Would `name` clash with a live object of p other than skip? */
static int
name_taken(struct res_pool *p, const char *name, const struct resource *skip)
{
    unsigned s, live = 0;

    if (name == NULL || name[0] == '\0')
        return 0; // anonymous objects never clash
    for (s = 1; s < p->nslots && live < p->used; s++) { // stop after the last live one
        struct resource *r = slot_res(p, s);

        if (r->rid == 0)
            continue;
        live++;
        if (r != skip && r->name[0] == name[0] && kstrcmp(r->name, name) == 0)
            return 1;
    }
    return 0;
}

/*
 * Set up pool p over nslots objects of objsize (>= sizeof(struct resource))
 * bytes at base: zeroes them, every slot's generation 1. nslots is clamped to
 * what a rid can address (RID_SLOT_COUNT). Does not register. Context: boot.
 */
void
res_pool_init(struct res_pool *p, int type, const struct res_ops *ops, void *base, size_t objsize,
              unsigned nslots)
{
    unsigned s;

    if (nslots > RID_SLOT_COUNT)
        nslots = RID_SLOT_COUNT;
    p->type = type;
    p->ops = ops;
    p->base = base;
    p->objsize = objsize;
    p->nslots = nslots;
    p->used = 0;
    kmemset(base, 0, (size_t)nslots * objsize);
    for (s = 0; s < nslots; s++)
        slot_res(p, s)->gen = 1;
}

/*
 * Make p reachable by its type (res_lookup, res_find, res_free, ...),
 * replacing an earlier pool of that type; a type outside 1..RT_COUNT-1 is
 * ignored. Context: boot.
 */
void
res_register(struct res_pool *p)
{
    if (p != NULL && p->type > 0 && p->type < RT_COUNT)
        res_pools[p->type] = p;
}

/* Unregister every pool (host tests start each case from a clean table). */
void
res_reset_all(void)
{
    for (int t = 0; t < RT_COUNT; t++)
        res_pools[t] = NULL;
}

/* The object in slot `slot` of p, live or not; NULL for slot 0 or past the end. */
void *
res_slot_obj(struct res_pool *p, unsigned slot)
{
    return slot == 0 || slot >= p->nslots ? NULL : slot_res(p, slot);
}

/*
 * Take the lowest free slot of p and fill its header (name: NULL or "" =
 * anonymous; refs 0); the rest of the object is zero. Returns the new rid
 * (> 0), also storing the object in *out if out != NULL; or -ENAMETOOLONG
 * (name of RES_NAME_MAX bytes or more), -EINVAL (mode outside RCC_MODE_MASK),
 * -EEXIST (a live object of the type has the name), -ENFILE (no free slot),
 * -EAGAIN (owner's quota of slots of the type used up; the owner pays).
 * Nothing changes on error. The pool need not be registered.
 */
int
res_alloc(struct res_pool *p, const char *name, uint16_t owner, uint16_t group, uint16_t mode,
          struct resource **out)
{
    struct resource *r;
    unsigned s;
    uint16_t gen;
    int err;

    if ((err = name_ok(name)) < 0)
        return err;
    if (!rcc_mode_valid(mode))
        return -EINVAL;
    if (name_taken(p, name, NULL))
        return -EEXIST;
    for (s = 1; s < p->nslots && slot_res(p, s)->rid != 0; s++)
        ;
    if (s >= p->nslots)
        return -ENFILE;
    if ((err = quota_charge(owner, p->type, 1)) < 0)
        return err;
    r = slot_res(p, s);
    gen = r->gen;
    kmemset(r, 0, p->objsize); // again: a type may have scribbled on the free slot
    r->gen = gen;
    r->rid = rid_make(p->type, s, gen);
    r->owner = owner;
    r->group = group;
    r->mode = mode;
    r->payer = owner;
    kstrlcpy(r->name, name != NULL ? name : "", RES_NAME_MAX);
    p->used++;
    if (out != NULL)
        *out = r;
    return r->rid;
}

/*
 * Free live object r: the object is zeroed (rid 0) and the slot's generation
 * bumped, skipping 0, so every outstanding rid for it becomes stale. Returns
 * 0, or -EINVAL if r is not a live object of a registered pool (a double
 * free; the kernel panics on it). The slot's payer is refunded. The caller
 * has released what r held; refs are not checked here.
 */
int
res_free(struct resource *r)
{
    struct res_pool *p = live_pool(r);
    uint16_t gen;

    if (p == NULL)
        return -EINVAL;
    quota_refund(r->payer, p->type, 1);
    gen = (uint16_t)(r->gen + 1);
    kmemset(r, 0, p->objsize);
    r->gen = gen != 0 ? gen : 1;
    p->used--;
    return 0;
}

/*
 * Rename live object r (NULL or "" makes it anonymous). Returns 0,
 * -ENAMETOOLONG, -EEXIST (another live object of the type has the name), or
 * -EINVAL if r is not live in a registered pool.
 */
int
res_rename(struct resource *r, const char *name)
{
    struct res_pool *p = live_pool(r);
    int err;

    if (p == NULL)
        return -EINVAL;
    if ((err = name_ok(name)) < 0)
        return err;
    if (name_taken(p, name, r))
        return -EEXIST;
    kstrlcpy(r->name, name != NULL ? name : "", RES_NAME_MAX);
    return 0;
}

/*
 * Make payer pay for live object r's slot from now on (even past its limit):
 * the old payer is refunded. Ignored if r is not live.
 */
void
res_repay(struct resource *r, uint16_t payer)
{
    struct res_pool *p = live_pool(r);

    if (p == NULL || r->payer == payer)
        return;
    quota_refund(r->payer, p->type, 1);
    quota_charge_over(payer, p->type, 1);
    r->payer = payer;
}

/*
 * Find the live object named by rid; `type` is the expected RT_* (0 = any).
 * In order: rid <= 0, no pool registered for its type field, slot 0 or past
 * the pool, slot free or generation different -> -ENOENT; live but of another
 * type than expected -> -EINVAL. Returns 0 and the object in *out (if
 * non-NULL). Checks no rights: see res_get_as.
 */
int
res_lookup(rid_t rid, int type, struct resource **out)
{
    struct res_pool *p;
    struct resource *r;
    unsigned slot;

    if (rid <= 0 || (p = res_pool_of(rid_type(rid))) == NULL)
        return -ENOENT;
    slot = rid_slot(rid);
    if (slot == 0 || slot >= p->nslots || (r = slot_res(p, slot))->rid != rid)
        return -ENOENT;
    if (type != 0 && type != rid_type(rid))
        return -EINVAL;
    if (out != NULL)
        *out = r;
    return 0;
}

/* RCC check of `right` on r for uid/gid: 0, -EPERM or -EINVAL (see rcc_check). */
int
res_check(const struct resource *r, uint16_t uid, uint16_t gid, unsigned right)
{
    return rcc_check(r->mode, r->owner, r->group, uid, gid, right);
}

/*
 * The one door: res_lookup(rid, type), then res_check(uid, gid, right).
 * Returns 0 and the object in *out (if non-NULL), or -ENOENT, -EINVAL (wrong
 * type, bad right), -EPERM, in that order. No reference is taken. The
 * kernel's res_get(struct proc *, ...) wraps it with the caller's identity.
 */
int
res_get_as(uint16_t uid, uint16_t gid, rid_t rid, int type, unsigned right, struct resource **out)
{
    return res_get_as_inline(uid, gid, rid, type, right, out);
}

/*
 * The rid of the live object of `type` named exactly `name`. Returns it
 * (> 0); -EINVAL if type is not an RT_* value; -ENAMETOOLONG if no object
 * could have that name; -ENOENT if name is NULL or "" (anonymous objects are
 * not findable), no pool of the type is registered, or nothing matches.
 */
rid_t
res_find(int type, const char *name)
{
    struct res_pool *p;
    unsigned s;
    int err;

    if (type <= 0 || type >= RT_COUNT)
        return -EINVAL;
    if ((err = name_ok(name)) < 0)
        return err;
    if (name == NULL || name[0] == '\0' || (p = res_pool_of(type)) == NULL)
        return -ENOENT;
    for (s = 1; s < p->nslots; s++) {
        struct resource *r = slot_res(p, s);

        if (r->rid != 0 && kstrcmp(r->name, name) == 0)
            return r->rid;
    }
    return -ENOENT;
}

/* Free usable slots of `type` (nslots - 1 - used); 0 if no pool is registered. */
unsigned
res_count_free(int type)
{
    struct res_pool *p = res_pool_of(type);

    return p != NULL && p->nslots > 0 ? p->nslots - 1 - p->used : 0;
}

/*
 * Iterate the live objects of `type` in slot order: prev NULL gives the first,
 * else the next live one after prev's slot (prev may have been freed since).
 * Returns NULL at the end, for an unregistered type, or if prev is not an
 * object of that type's pool.
 */
struct resource *
res_next(int type, struct resource *prev)
{
    struct res_pool *p = res_pool_of(type);
    unsigned s = 1;

    if (p == NULL || (prev != NULL && (s = slot_of(p, prev) + 1) == 1))
        return NULL;
    for (; s < p->nslots; s++) {
        if (slot_res(p, s)->rid != 0)
            return slot_res(p, s);
    }
    return NULL;
}

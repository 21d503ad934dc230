/*
 * The uniform resource table (DESIGN §3, STYLE §2): one header at the start of
 * every kernel object, one pool of fixed slots per type, one door (lookup +
 * RCC check) through which every system call reaches an object.
 *
 * Pure: no arch header. Included by every resource type's code, the system-call
 * layer and host tests. Not reentrant: callers serialize by running with
 * interrupts off (the kernel is not preemptive and runs on one CPU).
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/resource.h"
#include "kernel/rcc.h"
#include "kernel/rid.h"

struct resource { /* first member of every kernel object */
    rid_t rid;    /* type | slot | generation; 0 = free slot */
    uint16_t gen; /* generation of this slot, kept while free */
    uint16_t owner, group;
    uint16_t mode;           /* REF MOD DEL ATT CTL for owner, group, other */
    uint16_t refs;           /* spaces in use, regions attached, ... */
    uint16_t payer;          /* the owner whose quota the slot is charged to */
    char name[RES_NAME_MAX]; /* unique within its type; "" = anonymous */
};

struct proc;
struct res_info;

/* What the generic resource calls (kernel/ressys.c) need of a type: one
 * const instance per type, defined in the type's own file. NULL members mean
 * "not for this type" as each says. */
struct res_ops {
    const char *name; /* "vspace" ... */
    /* fill the type's part of resinfo (out->u); NULL: nothing to add */
    void (*info)(const struct resource *r, struct res_info *out);
    /* resdelete after the DEL check; NULL: a part of another resource, -EBUSY */
    int (*destroy)(struct proc *caller, struct resource *r);
    /* changeoid/changegid with flag != 0: the parts take r's owner and group */
    void (*chown_parts)(struct resource *r);
    /* an identity (a process): only the system owner changes its owner and
     * group, through this; NULL: an ordinary resource, CTL suffices */
    void (*set_identity)(struct resource *r, uint16_t owner, uint16_t group);
    /* resreclaim: delete r whatever its mode; 0 or -EBUSY (not now); NULL:
     * destroy with no caller does it */
    int (*reclaim)(struct resource *r);
    unsigned reclaim_pass; /* 0: never reclaimed (a part), 1: first (processes), 2: after */
};

struct res_pool {               /* one per type: a fixed array of objects */
    int type;                   /* RT_* */
    const struct res_ops *ops;  /* the type's operations */
    void *base;                 /* nslots objects of objsize bytes, each */
    size_t objsize;             /* starting with struct resource */
    unsigned nslots;            /* slot 0 unused */
    unsigned used;              /* live slots */
};

void res_pool_init(struct res_pool *p, int type, const struct res_ops *ops, void *base,
                   size_t objsize, unsigned nslots);
void res_register(struct res_pool *p);

/* Set up and register the pool of a type over its static table (an array). */
#define RES_POOL_START(pool, type, ops, table)                                                    \
    do {                                                                                           \
        res_pool_init(&(pool), (type), (ops), (table), sizeof((table)[0]),                         \
                      sizeof(table) / sizeof((table)[0]));                                         \
        res_register(&(pool));                                                                     \
    } while (0)

/* a res_object() on the wrong object: supplied by the environment (the
 * kernel panics, host tests record it); does not return */
void res_fault(const struct resource *r, int type) __attribute__((noreturn));

/* The object that r heads (r is `offset` bytes into it), checked: r must be
 * a live resource of `type` (a freed slot has rid 0, so type 0), else an
 * invariant a caller relied on is broken (a NULL r faults on the load, which
 * is a kernel fault too). Cheap enough for every hot path: one load, a
 * shift and a compare. res_object() wraps it as container_of with a type
 * assertion. */
static inline void *
res_checked(const struct resource *r, int type, size_t offset)
{
    if (__builtin_expect(((uint32_t)r->rid >> RID_TYPE_SHIFT) != (uint32_t)type, 0))
        res_fault(r, type);
    return (void *)((const char *)r - offset);
}

/* The object of type T (member `res`) that r heads; r must be of type_id. */
#define res_object(r, type_id, T) ((T *)res_checked((r), (type_id), __builtin_offsetof(T, res)))
void res_reset_all(void);
extern struct res_pool *res_pools[RT_COUNT]; /* kernel/resource.c: by RT_*, NULL if none */

/* The registered pool of `type`, or NULL (none, or type out of range). */
static inline struct res_pool *
res_pool_of(int type)
{
    return type > 0 && type < RT_COUNT ? res_pools[type] : NULL;
}

/* The operations of `type`'s registered pool, or NULL. */
static inline const struct res_ops *
res_ops_of(int type)
{
    struct res_pool *p = res_pool_of(type);

    return p != NULL ? p->ops : NULL;
}
void *res_slot_obj(struct res_pool *p, unsigned slot);

int res_alloc(struct res_pool *p, const char *name, uint16_t owner, uint16_t group, uint16_t mode,
              struct resource **out);
int res_free(struct resource *r);
int res_rename(struct resource *r, const char *name);
void res_repay(struct resource *r, uint16_t payer);

int res_lookup(rid_t rid, int type, struct resource **out);

/* res_lookup, inline for the hot paths (kernel/resource.c states its
 * contract). For a constant type the usual case is a few loads and
 * compares: a live slot of that type's pool holding exactly rid (slot 0 is
 * never used, free slots hold 0 and a live one a rid of the pool's type, so
 * that one compare checks slot, generation and type). Everything else, the
 * errors included, takes res_lookup, so the answers are the same. */
static inline int
res_lookup_inline(rid_t rid, int type, struct resource **out)
{
    if (__builtin_constant_p(type) && type > 0 && type < RT_COUNT) {
        struct res_pool *p = res_pools[type];
        unsigned slot = rid_slot(rid);
        struct resource *r;

        if (p != NULL && slot - 1 < p->nslots - 1 &&
            (r = (struct resource *)((char *)p->base + (size_t)slot * p->objsize))->rid == rid) {
            if (out != NULL)
                *out = r;
            return 0;
        }
    }
    return res_lookup(rid, type, out);
}

static inline int
res_get_as_inline(uint16_t uid, uint16_t gid, rid_t rid, int type, unsigned right,
                  struct resource **out)
{
    struct resource *r;
    int err;

    if ((err = res_lookup_inline(rid, type, &r)) < 0)
        return err;
    if ((err = rcc_check_inline(r->mode, r->owner, r->group, uid, gid, right)) < 0)
        return err;
    if (out != NULL)
        *out = r;
    return 0;
}

int res_check(const struct resource *r, uint16_t uid, uint16_t gid, unsigned right);
int res_get_as(uint16_t uid, uint16_t gid, rid_t rid, int type, unsigned right,
               struct resource **out);
rid_t res_find(int type, const char *name);

unsigned res_count_free(int type);
struct resource *res_next(int type, struct resource *prev);

#endif

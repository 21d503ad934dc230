/*
 * The uniform resource table (DESIGN §3, STYLE §2): one header at the start of
 * every kernel object, one pool of fixed slots per type, one door (lookup +
 * RCC check) through which every system call reaches an object.
 *
 * Pure: no arch header. Included by every resource type's code, the system-call
 * layer and host tests. Not reentrant: callers serialize (interrupts off or the
 * big kernel lock).
 */
#ifndef KERNEL_RESOURCE_H
#define KERNEL_RESOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/resource.h"

struct resource { /* first member of every kernel object */
    rid_t rid;    /* type | slot | generation; 0 = free slot */
    uint16_t gen; /* generation of this slot, kept while free */
    uint16_t owner, group;
    uint16_t mode;           /* REF MOD DEL ATT CTL for owner, group, other */
    uint16_t refs;           /* spaces in use, regions attached, ... */
    uint16_t payer;          /* the owner whose quota the slot is charged to */
    char name[RES_NAME_MAX]; /* unique within its type; "" = anonymous */
};

struct res_pool {          /* one per type: a fixed array of objects */
    int type;              /* RT_* */
    const char *type_name; /* "vspace" ... */
    void *base;            /* nslots objects of objsize bytes, each */
    size_t objsize;        /* starting with struct resource */
    unsigned nslots;       /* slot 0 unused */
    unsigned used;         /* live slots */
};

void res_pool_init(struct res_pool *p, int type, const char *type_name, void *base, size_t objsize,
                   unsigned nslots);
void res_register(struct res_pool *p);
void res_reset_all(void);
struct res_pool *res_pool_of(int type);
void *res_slot_obj(struct res_pool *p, unsigned slot);

int res_alloc(struct res_pool *p, const char *name, uint16_t owner, uint16_t group, uint16_t mode,
              struct resource **out);
int res_free(struct resource *r);
int res_rename(struct resource *r, const char *name);
void res_repay(struct resource *r, uint16_t payer);

int res_lookup(rid_t rid, int type, struct resource **out);
int res_check(const struct resource *r, uint16_t uid, uint16_t gid, unsigned right);
int res_get_as(uint16_t uid, uint16_t gid, rid_t rid, int type, unsigned right,
               struct resource **out);
rid_t res_find(int type, const char *name);

unsigned res_count_free(int type);
struct resource *res_next(int type, struct resource *prev);

#endif

/*
 * tests/host/test_resource.c - unit tests of kernel/resource.c.
 *
 * Two small pools (vspace-like with 8 slots, proc-like with 4) are set up and
 * registered before every case and unregistered after, so cases are
 * independent. Covered: allocation (lowest slot, header, zeroed body), free
 * and generations (stale rids, wrap skipping 0), lookup order of errors,
 * wrong type, name rules (unique per type, anonymous, length, rename), find,
 * full table, iteration, free counts, and the rights door res_get_as.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "kernel/quota.h"
#include "kernel/resource.h"
#include "kernel/rid.h"

#define NVS 8 /* 7 usable */
#define NPR 4 /* 3 usable */
#define MODE_ALL RCC_MODE_MASK
#define U_OWNER 10
#define G_GROUP 20
#define U_STRANGER 5 /* neither the owner nor the system owner */

struct tvs {
    struct resource res;
    int payload[5];
};

struct tpr {
    struct resource res;
    char body[3]; // odd size: objsize is not a multiple of 4
};

static struct tvs vs_objs[NVS];
static struct tpr pr_objs[NPR];
static struct res_pool vs_pool, pr_pool;
static const struct res_ops vs_ops = {.name = "vspace"}, pr_ops = {.name = "proc"};
static int faults; // res_fault calls, each ending its test through longjmp
static jmp_buf fault_jump;

/* The environment's res_fault: record and leave the checked call. */
void
res_fault(const struct resource *r, int type)
{
    (void)r, (void)type;
    faults++;
    longjmp(fault_jump, 1);
}

static int
setup(void **state)
{
    (void)state;
    memset(vs_objs, 0xa5, sizeof(vs_objs)); // init must clear garbage
    memset(pr_objs, 0x5a, sizeof(pr_objs));
    res_reset_all();
    quota_reset();
    res_pool_init(&vs_pool, RT_VSPACE, &vs_ops, vs_objs, sizeof(vs_objs[0]), NVS);
    res_pool_init(&pr_pool, RT_PROC, &pr_ops, pr_objs, sizeof(pr_objs[0]), NPR);
    res_register(&vs_pool);
    res_register(&pr_pool);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    res_reset_all();
    return 0;
}

static rid_t
vs_new(const char *name)
{
    return res_alloc(&vs_pool, name, U_OWNER, G_GROUP, MODE_ALL, NULL);
}

static void
test_pool_init(void **state)
{
    (void)state;
    assert_int_equal(vs_pool.used, 0);
    assert_int_equal(res_count_free(RT_VSPACE), NVS - 1);
    for (int s = 0; s < NVS; s++) {
        assert_int_equal(vs_objs[s].res.rid, 0);
        assert_int_equal(vs_objs[s].res.gen, 1);
        assert_int_equal(vs_objs[s].payload[0], 0);
    }
    assert_int_equal(pr_objs[NPR - 1].body[2], 0);
    assert_ptr_equal(res_pool_of(RT_VSPACE), &vs_pool);
    assert_null(res_pool_of(RT_CBOX));
    assert_null(res_pool_of(0));
    assert_null(res_pool_of(RT_COUNT));
}

static void
test_alloc_fills_header(void **state)
{
    (void)state;
    struct resource *r = NULL;
    rid_t rid = res_alloc(&vs_pool, "alpha", 7, 8, RCC_OWNER(RCC_ALL), &r);

    assert_true(rid > 0);
    assert_ptr_equal(r, &vs_objs[1].res); // lowest slot first, never slot 0
    assert_int_equal(rid_type(rid), RT_VSPACE);
    assert_int_equal(rid_slot(rid), 1);
    assert_int_equal(rid_gen(rid), 1);
    assert_int_equal(r->rid, rid);
    assert_int_equal(r->owner, 7);
    assert_int_equal(r->group, 8);
    assert_int_equal(r->mode, RCC_OWNER(RCC_ALL));
    assert_int_equal(r->refs, 0);
    assert_string_equal(r->name, "alpha");
    assert_int_equal(vs_pool.used, 1);
    assert_int_equal(res_count_free(RT_VSPACE), NVS - 2);
    assert_int_equal(res_count_free(RT_PROC), NPR - 1); // other type untouched
}

static void
test_alloc_lowest_slot(void **state)
{
    (void)state;
    rid_t a = vs_new("a"), b = vs_new("b"), c = vs_new("c");
    struct resource *rb;

    assert_int_equal(rid_slot(a), 1);
    assert_int_equal(rid_slot(b), 2);
    assert_int_equal(rid_slot(c), 3);
    assert_int_equal(res_lookup(b, RT_VSPACE, &rb), 0);
    assert_int_equal(res_free(rb), 0);
    rid_t d = vs_new("d");

    assert_int_equal(rid_slot(d), 2); // the hole is reused first
    assert_int_equal(rid_gen(d), 2);
}

static void
test_alloc_zeroes_body(void **state)
{
    (void)state;
    struct resource *r;
    rid_t rid = res_alloc(&vs_pool, "x", 1, 1, MODE_ALL, &r);
    struct tvs *o = (struct tvs *)r;

    assert_true(rid > 0);
    o->payload[0] = 42;
    o->payload[4] = -1;
    r->refs = 3;
    assert_int_equal(res_free(r), 0);
    assert_int_equal(o->payload[0], 0); // freed slot is zero
    assert_int_equal(o->payload[4], 0);
    assert_int_equal(r->name[0], '\0');
    o->payload[2] = 99; // someone scribbles on the free slot
    assert_true(res_alloc(&vs_pool, "y", 1, 1, MODE_ALL, &r) > 0);
    assert_ptr_equal(r, &o->res);
    assert_int_equal(o->payload[2], 0);
    assert_int_equal(r->refs, 0);
}

static void
test_free_makes_rid_stale(void **state)
{
    (void)state;
    struct resource *r, *r2;
    rid_t old = res_alloc(&vs_pool, "s", 1, 1, MODE_ALL, &r);

    assert_int_equal(res_lookup(old, RT_VSPACE, NULL), 0);
    assert_int_equal(res_free(r), 0);
    assert_int_equal(r->rid, 0);
    assert_int_equal(r->gen, 2);
    assert_int_equal(vs_pool.used, 0);
    assert_int_equal(res_lookup(old, RT_VSPACE, NULL), -ENOENT); // free slot
    rid_t new = res_alloc(&vs_pool, "s", 1, 1, MODE_ALL, &r2);

    assert_ptr_equal(r2, r); // same slot ...
    assert_int_not_equal(new, old);
    assert_int_equal(rid_gen(new), 2);
    assert_int_equal(res_lookup(old, RT_VSPACE, NULL), -ENOENT); // ... old rid stays dead
    assert_int_equal(res_lookup(new, RT_VSPACE, NULL), 0);
}

static void
test_double_free_rejected(void **state)
{
    (void)state;
    struct resource *r;

    assert_true(res_alloc(&vs_pool, "d", 1, 1, MODE_ALL, &r) > 0);
    assert_int_equal(res_free(r), 0);
    assert_int_equal(res_free(r), -EINVAL);
    assert_int_equal(r->gen, 2); // not bumped twice
    assert_int_equal(vs_pool.used, 0);
    assert_int_equal(res_free(NULL), -EINVAL);
    struct tvs fake = {{.rid = rid_make(RT_VSPACE, 1, 1)}, {0}}; // not inside the pool

    assert_int_equal(res_free(&fake.res), -EINVAL);
}

static void
test_generation_wraps_skipping_zero(void **state)
{
    (void)state;
    struct resource *r;
    rid_t first = res_alloc(&vs_pool, NULL, 1, 1, MODE_ALL, &r), rid = first;

    for (unsigned i = 0; i < 0x10000; i++) {
        assert_int_equal(res_free(r), 0);
        assert_int_not_equal(r->gen, 0);
        rid = res_alloc(&vs_pool, NULL, 1, 1, MODE_ALL, &r);
        assert_true(rid > 0);
        assert_int_not_equal(rid_gen(rid), 0);
        if (rid_gen(rid) == 0xffff) {
            assert_int_equal(res_free(r), 0);
            assert_int_equal(r->gen, 1); // 0xffff -> 1, never 0
            rid = res_alloc(&vs_pool, NULL, 1, 1, MODE_ALL, &r);
            break;
        }
    }
    assert_int_equal(rid_gen(rid), 1);
    assert_int_equal(rid, first); // a full cycle of 65535 generations
}

static void
test_lookup_errors_in_order(void **state)
{
    (void)state;
    struct resource *r = NULL;
    rid_t rid = vs_new("live");
    unsigned gen = rid_gen(rid);

    assert_int_equal(res_lookup(0, 0, &r), -ENOENT);
    assert_int_equal(res_lookup(-1, 0, &r), -ENOENT);
    assert_int_equal(res_lookup(-ENOENT, RT_VSPACE, &r), -ENOENT);
    assert_int_equal(res_lookup(rid_make(0, 1, gen), 0, &r), -ENOENT);           // type field 0
    assert_int_equal(res_lookup(rid_make(RT_COUNT, 1, gen), 0, &r), -ENOENT);    // unknown type
    assert_int_equal(res_lookup(rid_make(15, 1, gen), 0, &r), -ENOENT);          // unknown type
    assert_int_equal(res_lookup(rid_make(RT_CBOX, 1, 1), RT_CBOX, &r), -ENOENT); // no pool
    assert_int_equal(res_lookup(rid_make(RT_VSPACE, 0, 1), 0, &r), -ENOENT);     // slot 0
    assert_int_equal(res_lookup(rid_make(RT_VSPACE, NVS, 1), 0, &r), -ENOENT);   // past end
    assert_int_equal(res_lookup(rid_make(RT_VSPACE, 2047, 1), 0, &r), -ENOENT);
    assert_int_equal(res_lookup(rid_make(RT_VSPACE, 2, 1), 0, &r), -ENOENT);       // free slot
    assert_int_equal(res_lookup(rid_make(RT_VSPACE, 1, gen + 1), 0, &r), -ENOENT); // wrong gen
    assert_null(r); // nothing stored on error
    assert_int_equal(res_lookup(rid, RT_VSPACE, &r), 0);
    assert_ptr_equal(r, &vs_objs[1].res);
    r = NULL;
    assert_int_equal(res_lookup(rid, 0, &r), 0); // type 0 = any
    assert_ptr_equal(r, &vs_objs[1].res);
}

static void
test_wrong_type(void **state)
{
    (void)state;
    struct resource *r;
    rid_t vs = vs_new("v");
    rid_t pr = res_alloc(&pr_pool, "p", 1, 1, MODE_ALL, NULL);

    assert_int_equal(res_lookup(vs, RT_PROC, &r), -EINVAL);
    assert_int_equal(res_lookup(pr, RT_VSPACE, &r), -EINVAL);
    assert_int_equal(res_lookup(vs, RT_CBOX, &r), -EINVAL); // expected type without pool
    assert_int_equal(res_lookup(pr, RT_PROC, &r), 0);
    assert_ptr_equal(r, &pr_objs[1].res);
    // a stale rid is -ENOENT even when the expected type is also wrong
    assert_int_equal(res_free(r), 0);
    assert_int_equal(res_lookup(pr, RT_VSPACE, &r), -ENOENT);
}

static void
test_names_unique_per_type(void **state)
{
    (void)state;
    struct resource *r;
    rid_t a = vs_new("shared");

    assert_true(a > 0);
    assert_int_equal(vs_new("shared"), -EEXIST);
    assert_int_equal(vs_pool.used, 1); // nothing allocated on error
    assert_true(res_alloc(&pr_pool, "shared", 1, 1, MODE_ALL, NULL) > 0); // other type ok
    assert_true(vs_new("") > 0); // anonymous ones never clash
    assert_true(vs_new("") > 0);
    assert_true(vs_new(NULL) > 0);
    assert_int_equal(res_lookup(a, RT_VSPACE, &r), 0);
    assert_int_equal(res_free(r), 0);
    assert_true(vs_new("shared") > 0); // a freed name is reusable
}

static void
test_name_length(void **state)
{
    (void)state;
    char longest[RES_NAME_MAX], too_long[RES_NAME_MAX + 1];
    struct resource *r;

    memset(longest, 'n', sizeof(longest) - 1);
    longest[RES_NAME_MAX - 1] = '\0';
    memset(too_long, 'n', sizeof(too_long) - 1);
    too_long[RES_NAME_MAX] = '\0';
    assert_int_equal(res_alloc(&vs_pool, too_long, 1, 1, MODE_ALL, NULL), -ENAMETOOLONG);
    assert_int_equal(vs_pool.used, 0);
    assert_true(res_alloc(&vs_pool, longest, 1, 1, MODE_ALL, &r) > 0);
    assert_string_equal(r->name, longest);
    assert_int_equal(res_find(RT_VSPACE, longest), r->rid);
    assert_int_equal(res_find(RT_VSPACE, too_long), -ENAMETOOLONG);
}

static void
test_bad_mode(void **state)
{
    (void)state;
    assert_int_equal(res_alloc(&vs_pool, "m", 1, 1, 0x8000, NULL), -EINVAL);
    assert_int_equal(res_alloc(&vs_pool, "m", 1, 1, 0xffff, NULL), -EINVAL);
    assert_int_equal(vs_pool.used, 0);
    assert_true(res_alloc(&vs_pool, "m", 1, 1, 0, NULL) > 0); // mode 0 is valid
}

static void
test_find(void **state)
{
    (void)state;
    rid_t a = vs_new("a"), b = vs_new("b");
    rid_t pa = res_alloc(&pr_pool, "a", 1, 1, MODE_ALL, NULL);
    struct resource *r;

    assert_int_equal(res_find(RT_VSPACE, "a"), a);
    assert_int_equal(res_find(RT_VSPACE, "b"), b);
    assert_int_equal(res_find(RT_PROC, "a"), pa);
    assert_int_equal(res_find(RT_PROC, "b"), -ENOENT);
    assert_int_equal(res_find(RT_VSPACE, "c"), -ENOENT);
    assert_int_equal(res_find(RT_VSPACE, "A"), -ENOENT); // exact match only
    assert_int_equal(res_find(RT_VSPACE, "a "), -ENOENT);
    assert_int_equal(res_find(RT_VSPACE, ""), -ENOENT);
    assert_int_equal(res_find(RT_VSPACE, NULL), -ENOENT);
    assert_int_equal(res_find(RT_CBOX, "a"), -ENOENT); // valid type, no pool
    assert_int_equal(res_find(0, "a"), -EINVAL);
    assert_int_equal(res_find(-1, "a"), -EINVAL);
    assert_int_equal(res_find(RT_COUNT, "a"), -EINVAL);
    assert_true(vs_new("") > 0);
    assert_int_equal(res_find(RT_VSPACE, ""), -ENOENT); // anonymous is not findable
    assert_int_equal(res_lookup(a, 0, &r), 0);
    assert_int_equal(res_free(r), 0);
    assert_int_equal(res_find(RT_VSPACE, "a"), -ENOENT);
}

static void
test_rename(void **state)
{
    (void)state;
    struct resource *r, *q;
    char too_long[RES_NAME_MAX + 1];

    assert_true(res_alloc(&vs_pool, "old", 1, 1, MODE_ALL, &r) > 0);
    assert_true(res_alloc(&vs_pool, "other", 1, 1, MODE_ALL, &q) > 0);
    assert_int_equal(res_rename(r, "other"), -EEXIST);
    assert_string_equal(r->name, "old");
    assert_int_equal(res_rename(r, "old"), 0); // its own name is fine
    assert_int_equal(res_rename(r, "new"), 0);
    assert_int_equal(res_find(RT_VSPACE, "new"), r->rid);
    assert_int_equal(res_find(RT_VSPACE, "old"), -ENOENT);
    memset(too_long, 'x', RES_NAME_MAX);
    too_long[RES_NAME_MAX] = '\0';
    assert_int_equal(res_rename(r, too_long), -ENAMETOOLONG);
    assert_string_equal(r->name, "new");
    assert_int_equal(res_rename(r, ""), 0);
    assert_int_equal(res_rename(q, ""), 0); // two anonymous ones are fine
    assert_int_equal(res_find(RT_VSPACE, "new"), -ENOENT);
    assert_int_equal(res_free(q), 0);
    assert_int_equal(res_rename(q, "dead"), -EINVAL); // not live
}

static void
test_full_table(void **state)
{
    (void)state;
    struct resource *r;
    rid_t rids[NPR];

    for (int i = 1; i < NPR; i++) {
        rids[i] = res_alloc(&pr_pool, NULL, 1, 1, MODE_ALL, NULL);
        assert_true(rids[i] > 0);
        assert_int_equal(res_count_free(RT_PROC), NPR - 1 - i);
    }
    assert_int_equal(res_alloc(&pr_pool, NULL, 1, 1, MODE_ALL, NULL), -ENFILE);
    assert_int_equal(res_alloc(&pr_pool, "named", 1, 1, MODE_ALL, NULL), -ENFILE);
    assert_int_equal(res_count_free(RT_PROC), 0);
    assert_int_equal(res_lookup(rids[2], RT_PROC, &r), 0);
    assert_int_equal(res_free(r), 0);
    assert_int_equal(res_count_free(RT_PROC), 1);
    assert_int_equal(rid_slot(res_alloc(&pr_pool, NULL, 1, 1, MODE_ALL, NULL)), 2);
    assert_int_equal(res_count_free(RT_CBOX), 0); // unregistered
    assert_int_equal(res_count_free(0), 0);
}

static void
test_iteration(void **state)
{
    (void)state;
    struct resource *r;
    rid_t rid[NVS];
    int n;

    assert_null(res_next(RT_VSPACE, NULL)); // empty pool
    for (int i = 1; i < NVS; i++)
        rid[i] = vs_new(NULL);
    assert_int_equal(res_lookup(rid[3], 0, &r), 0);
    assert_int_equal(res_free(r), 0);
    assert_int_equal(res_lookup(rid[6], 0, &r), 0);
    assert_int_equal(res_free(r), 0);

    static const unsigned want[] = {1, 2, 4, 5, 7};
    n = 0;
    for (r = res_next(RT_VSPACE, NULL); r != NULL; r = res_next(RT_VSPACE, r)) {
        assert_true(n < 5);
        assert_int_equal(rid_slot(r->rid), want[n]);
        n++;
    }
    assert_int_equal(n, 5);

    // freeing the current object while iterating is allowed
    n = 0;
    for (r = res_next(RT_VSPACE, NULL); r != NULL; r = res_next(RT_VSPACE, r)) {
        assert_int_equal(res_free(r), 0);
        n++;
    }
    assert_int_equal(n, 5);
    assert_null(res_next(RT_VSPACE, NULL));
    assert_int_equal(res_count_free(RT_VSPACE), NVS - 1);
    assert_null(res_next(RT_CBOX, NULL));
    assert_null(res_next(0, NULL));
    assert_null(res_next(RT_VSPACE, &pr_objs[1].res)); // not of this pool
}

static void
test_iteration_per_type(void **state)
{
    (void)state;
    rid_t p = res_alloc(&pr_pool, NULL, 1, 1, MODE_ALL, NULL);
    struct resource *r;

    vs_new(NULL);
    r = res_next(RT_PROC, NULL);
    assert_non_null(r);
    assert_int_equal(r->rid, p);
    assert_null(res_next(RT_PROC, r));
}

static void
test_get_as(void **state)
{
    (void)state;
    struct resource *r = NULL;
    uint16_t mode = RCC_OWNER(RCC_REF | RCC_DEL) | RCC_GROUP(RCC_REF) | RCC_OTHER(0);
    rid_t rid = res_alloc(&vs_pool, "g", U_OWNER, G_GROUP, mode, NULL);
    rid_t pr = res_alloc(&pr_pool, "p", U_OWNER, G_GROUP, mode, NULL);

    assert_int_equal(res_get_as(U_OWNER, 0, rid, RT_VSPACE, RCC_REF | RCC_DEL, &r), 0);
    assert_ptr_equal(r, &vs_objs[1].res);
    assert_int_equal(res_get_as(U_OWNER, 0, rid, RT_VSPACE, RCC_MOD, &r), -EPERM);
    assert_int_equal(res_get_as(U_STRANGER, G_GROUP, rid, RT_VSPACE, RCC_REF, &r), 0);
    assert_int_equal(res_get_as(U_STRANGER, G_GROUP, rid, RT_VSPACE, RCC_DEL, &r), -EPERM);
    assert_int_equal(res_get_as(U_STRANGER, 2, rid, RT_VSPACE, RCC_REF, &r), -EPERM);
    assert_int_equal(res_get_as(U_STRANGER, 2, rid, 0, RCC_REF, &r), -EPERM);
    // order: -ENOENT before -EINVAL (type) before -EPERM
    assert_int_equal(res_get_as(U_STRANGER, 2, rid + 1, RT_PROC, RCC_REF, &r), -ENOENT);
    assert_int_equal(res_get_as(U_STRANGER, 2, rid, RT_PROC, RCC_REF, &r), -EINVAL);
    assert_int_equal(res_get_as(U_STRANGER, 2, pr, RT_PROC, RCC_REF, &r), -EPERM);
    assert_int_equal(res_get_as(U_OWNER, 0, rid, RT_VSPACE, 0, &r), -EINVAL); // bad right
    assert_int_equal(res_check(&vs_objs[1].res, U_OWNER, 0, RCC_DEL), 0);
    assert_int_equal(res_check(&vs_objs[1].res, U_STRANGER, G_GROUP, RCC_DEL), -EPERM);
    // the system owner passes every check, lookup errors still come first
    assert_int_equal(res_get_as(RCC_SYSTEM_OWNER, 2, rid, RT_VSPACE, RCC_ALL, &r), 0);
    assert_int_equal(res_get_as(RCC_SYSTEM_OWNER, 2, rid + 1, RT_VSPACE, RCC_REF, &r), -ENOENT);
    assert_int_equal(res_get_as(RCC_SYSTEM_OWNER, 2, rid, RT_PROC, RCC_REF, &r), -EINVAL);
}

static void
test_slot_quota(void **state)
{
    (void)state;
    struct resource *r;
    rid_t a, b;

    quota_set_limit(RT_VSPACE, 2);
    assert_true((a = res_alloc(&vs_pool, NULL, U_OWNER, G_GROUP, MODE_ALL, &r)) > 0);
    assert_int_equal(r->payer, U_OWNER);
    assert_true((b = res_alloc(&vs_pool, NULL, U_OWNER, G_GROUP, MODE_ALL, NULL)) > 0);
    assert_int_equal(res_alloc(&vs_pool, "x", U_OWNER, G_GROUP, MODE_ALL, NULL), -EAGAIN);
    assert_int_equal(res_find(RT_VSPACE, "x"), -ENOENT); // nothing changed
    assert_true(res_alloc(&vs_pool, NULL, U_STRANGER, G_GROUP, MODE_ALL, NULL) > 0);
    assert_true(res_alloc(&vs_pool, NULL, RCC_SYSTEM_OWNER, G_GROUP, MODE_ALL, NULL) > 0);
    assert_true(res_alloc(&vs_pool, NULL, RCC_SYSTEM_OWNER, G_GROUP, MODE_ALL, NULL) > 0);
    assert_true(res_alloc(&vs_pool, NULL, RCC_SYSTEM_OWNER, G_GROUP, MODE_ALL, NULL) > 0);
    // the payer is refunded even after the slot changed hands
    r->owner = U_STRANGER;
    assert_int_equal(res_free(r), 0);
    assert_int_equal(quota_used(U_OWNER, RT_VSPACE), 1);
    assert_true(res_alloc(&vs_pool, NULL, U_OWNER, G_GROUP, MODE_ALL, NULL) > 0);
    (void)b;
    quota_reset();
}

static void
test_res_object_checks_the_type(void **state)
{
    (void)state;
    struct resource *r;
    rid_t rid = res_alloc(&vs_pool, "o", U_OWNER, G_GROUP, MODE_ALL, &r);
    volatile int stage = 0;

    assert_true(rid > 0);
    assert_ptr_equal(res_object(r, RT_VSPACE, struct tvs), &vs_objs[1]);
    assert_ptr_equal(res_ops_of(RT_VSPACE), &vs_ops);
    assert_null(res_ops_of(RT_CBOX));
    faults = 0;
    if (setjmp(fault_jump) == 0) {
        stage = 1;
        (void)res_object(r, RT_PROC, struct tpr); // wrong type
    }
    assert_int_equal(stage, 1);
    if (setjmp(fault_jump) == 0) {
        stage = 2;
        assert_int_equal(res_free(r), 0);
        (void)res_object(r, RT_VSPACE, struct tvs); // no longer live
    }
    assert_int_equal(stage, 2);
    assert_int_equal(faults, 2);
}

static void
test_slot_obj(void **state)
{
    (void)state;
    assert_ptr_equal(res_slot_obj(&vs_pool, 3), &vs_objs[3]);
    assert_ptr_equal(res_slot_obj(&pr_pool, NPR - 1), &pr_objs[NPR - 1]);
    assert_null(res_slot_obj(&vs_pool, 0));
    assert_null(res_slot_obj(&vs_pool, NVS));
}

static void
test_nslots_clamped_to_rid_range(void **state)
{
    (void)state;
    static struct resource huge[RID_SLOT_COUNT + 4];
    struct res_pool p;
    struct resource *r = NULL;
    rid_t rid = 0;

    huge[RID_SLOT_COUNT].owner = 0xbeef; // beyond the clamp: must stay untouched
    res_pool_init(&p, RT_VREGION, &vs_ops, huge, sizeof(huge[0]), RID_SLOT_COUNT + 4);
    res_register(&p);
    assert_int_equal(p.nslots, RID_SLOT_COUNT);
    assert_int_equal(huge[RID_SLOT_COUNT].owner, 0xbeef);
    assert_int_equal(res_count_free(RT_VREGION), RID_SLOT_COUNT - 1);
    for (unsigned i = 1; i < RID_SLOT_COUNT; i++) {
        rid = res_alloc(&p, NULL, 1, 1, 0, &r);
        assert_true(rid > 0);
    }
    assert_int_equal(rid_slot(rid), RID_SLOT_COUNT - 1);
    assert_int_equal(res_lookup(rid, RT_VREGION, NULL), 0);
    assert_int_equal(res_alloc(&p, NULL, 1, 1, 0, NULL), -ENFILE);
    assert_int_equal(res_count_free(RT_VREGION), 0);
}

static void
test_register_rejects_bad_type(void **state)
{
    (void)state;
    static struct tvs objs[2];
    struct res_pool bad;

    res_pool_init(&bad, RT_COUNT, &vs_ops, objs, sizeof(objs[0]), 2);
    res_register(&bad);
    assert_int_equal(res_lookup(rid_make(RT_COUNT, 1, 1), 0, NULL), -ENOENT);
    res_pool_init(&bad, 0, &vs_ops, objs, sizeof(objs[0]), 2);
    res_register(&bad);
    assert_null(res_pool_of(0));
    res_register(NULL); // harmless
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_pool_init),
        T(test_alloc_fills_header),
        T(test_alloc_lowest_slot),
        T(test_alloc_zeroes_body),
        T(test_free_makes_rid_stale),
        T(test_double_free_rejected),
        T(test_generation_wraps_skipping_zero),
        T(test_lookup_errors_in_order),
        T(test_wrong_type),
        T(test_names_unique_per_type),
        T(test_name_length),
        T(test_bad_mode),
        T(test_find),
        T(test_rename),
        T(test_full_table),
        T(test_iteration),
        T(test_iteration_per_type),
        T(test_get_as),
        T(test_slot_quota),
        T(test_res_object_checks_the_type),
        T(test_slot_obj),
        T(test_nslots_clamped_to_rid_range),
        T(test_register_rejects_bad_type),
    };

    return cmocka_run_group_tests_name("resource", tests, NULL, NULL);
}

/*
 * kernel/quota.c - per-owner limits on resource slots and frames (DESIGN §3).
 *
 * Model: an account per owner that holds anything, in a fixed table of
 * CONFIG_QUOTA_ACCOUNTS entries; it counts the slots of each resource type
 * and the frames the owner pays for. A charge that would pass the owner's
 * limit fails and changes nothing. The system owner is never limited and
 * never counted. Whoever was charged is refunded, whatever happened to the
 * resource since (resources remember their payer), so handing a resource to
 * another owner neither escapes a limit nor leaks a count.
 *
 * Invariants: an account is in use iff some count is non-zero (an account
 * whose counts all fall to zero is freed); used[what] <= limit[what] except
 * after quota_charge_over; a limit of 0 means "no limit".
 *
 * Entry points: quota_reset, quota_set_limit, quota_limit, quota_charge,
 * quota_charge_over, quota_refund, quota_used.
 */
#include "kernel/quota.h"

#include <stdbool.h>
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/config.h"

#define NWHAT RT_COUNT /* QUOTA_FRAMES and one per resource type */

struct account {
    uint16_t owner; /* 0: free entry */
    uint32_t used[NWHAT];
};

static struct account accounts[CONFIG_QUOTA_ACCOUNTS];
static uint32_t limits[NWHAT];

static bool
what_ok(int what)
{
    return what >= 0 && what < NWHAT;
}

/* The account of owner, or NULL; with create, a free entry is taken for it. */
static struct account *
account_of(uint16_t owner, bool create)
{
    struct account *free_entry = NULL;

    for (size_t i = 0; i < CONFIG_QUOTA_ACCOUNTS; i++) {
        if (accounts[i].owner == owner)
            return &accounts[i];
        if (!accounts[i].owner && !free_entry)
            free_entry = &accounts[i];
    }
    if (create && free_entry)
        free_entry->owner = owner;
    return create ? free_entry : NULL;
}

static void
release_if_empty(struct account *a)
{
    for (int w = 0; w < NWHAT; w++)
        if (a->used[w])
            return;
    a->owner = 0;
}

/* Forget every account and limit (boot, and host tests between cases). */
void
quota_reset(void)
{
    for (size_t i = 0; i < CONFIG_QUOTA_ACCOUNTS; i++)
        accounts[i] = (struct account){0};
    for (int w = 0; w < NWHAT; w++)
        limits[w] = 0;
}

/* Set the limit of `what` (QUOTA_FRAMES or an RT_* type) for every owner but
 * the system owner; 0 lifts it. Context: boot. */
void
quota_set_limit(int what, uint32_t limit)
{
    if (what_ok(what))
        limits[what] = limit;
}

/* The limit of `what`, 0 if none. */
uint32_t
quota_limit(int what)
{
    return what_ok(what) ? limits[what] : 0;
}

/* Charge payer n units of `what`. Returns 0; -EINVAL for a bad `what`; or,
 * changing nothing, -ENOMEM when frames would pass the limit and -EAGAIN when
 * slots would (or when the account table is full: too many owners hold
 * resources at once). The system owner is always granted. */
int
quota_charge(uint16_t payer, int what, uint32_t n)
{
    struct account *a;
    int over = what == QUOTA_FRAMES ? -ENOMEM : -EAGAIN;

    if (!what_ok(what))
        return -EINVAL;
    if (payer == RCC_SYSTEM_OWNER || n == 0)
        return 0;
    if (!(a = account_of(payer, true)))
        return -EAGAIN;
    if (limits[what] && (n > limits[what] || a->used[what] > limits[what] - n)) {
        release_if_empty(a);
        return over;
    }
    a->used[what] += n;
    return 0;
}

/* Charge payer n units of `what` even past its limit: a transfer the system
 * owner ordered (a process handed to a new owner brings its memory along).
 * Does nothing if the account table is full (the payer then goes uncounted). */
void
quota_charge_over(uint16_t payer, int what, uint32_t n)
{
    struct account *a;

    if (!what_ok(what) || payer == RCC_SYSTEM_OWNER || n == 0 || !(a = account_of(payer, true)))
        return;
    a->used[what] += n;
}

/* Give back n units of `what` that payer was charged. Refunding more than
 * was charged clamps at zero (it cannot happen when callers pair charges). */
void
quota_refund(uint16_t payer, int what, uint32_t n)
{
    struct account *a;

    if (!what_ok(what) || payer == RCC_SYSTEM_OWNER || !(a = account_of(payer, false)))
        return;
    a->used[what] = a->used[what] > n ? a->used[what] - n : 0;
    release_if_empty(a);
}

/* What payer holds of `what` now (0 for the system owner, who is not counted). */
uint32_t
quota_used(uint16_t payer, int what)
{
    struct account *a = what_ok(what) ? account_of(payer, false) : NULL;

    return a ? a->used[what] : 0;
}

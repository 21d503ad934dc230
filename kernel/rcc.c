/*
 * kernel/rcc.c - RCC, the resource operation right check (DESIGN §3).
 *
 * Model: a resource has an owner, a group and a 15-bit mode holding five rights
 * (REF MOD DEL ATT CTL) for each of three classes: owner (bits 10..14), group
 * (bits 5..9) and others (bits 0..4), laid out by RCC_OWNER/GROUP/OTHER.
 * Exactly one class applies to a caller, chosen as in Unix: the owner class if
 * the caller's uid is the owner, else the group class if its gid is the group,
 * else the other class. The chosen class alone decides: an owner lacking a right
 * is denied even if others hold it. The system owner (RCC_SYSTEM_OWNER, like
 * Unix's root) is granted every right, so no mode can lock it out.
 * Invariants: pure function of its arguments; no state.
 * Entry points: rcc_check, rcc_mode_valid.
 */
#include "kernel/rcc.h"

#include "kernel/abi/errno.h"

#define RCC_OWNER_SHIFT 10
#define RCC_GROUP_SHIFT 5

/*
 * Check that every right in `right` (RCC_* bits OR'ed) is granted by `mode` to
 * a caller with identity uid/gid on a resource owned by owner/group.
 * Returns 0 if all are granted, -EPERM if any is missing, -EINVAL if right is 0
 * or has bits outside RCC_ALL. Any context.
 */
int
rcc_check(uint16_t mode, uint16_t owner, uint16_t group, uint16_t uid, uint16_t gid, unsigned right)
{
    unsigned granted;

    if (right == 0 || (right & ~(unsigned)RCC_ALL) != 0)
        return -EINVAL;
    if (uid == RCC_SYSTEM_OWNER)
        return 0;
    if (uid == owner)
        granted = (unsigned)mode >> RCC_OWNER_SHIFT;
    else if (gid == group)
        granted = (unsigned)mode >> RCC_GROUP_SHIFT;
    else
        granted = mode;
    granted &= RCC_ALL;
    return (granted & right) == right ? 0 : -EPERM;
}

/*
 * Returns 1 if mode has no bits outside RCC_MODE_MASK, else 0 (changemod and
 * create use it to reject a bad mode with -EINVAL). Any context.
 */
int
rcc_mode_valid(unsigned mode)
{
    return (mode & ~(unsigned)RCC_MODE_MASK) == 0;
}

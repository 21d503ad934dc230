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
 * Invariants: pure function of its arguments; no state. The body lives in
 * rcc.h (rcc_check_inline) so that hot paths inline it.
 * Entry points: rcc_check, rcc_mode_valid.
 */
#include "kernel/rcc.h"

#include "kernel/abi/errno.h"

/*
 * Check that every right in `right` (RCC_* bits OR'ed) is granted by `mode` to
 * a caller with identity uid/gid on a resource owned by owner/group.
 * Returns 0 if all are granted, -EPERM if any is missing, -EINVAL if right is 0
 * or has bits outside RCC_ALL. Any context.
 */
int
rcc_check(uint16_t mode, uint16_t owner, uint16_t group, uint16_t uid, uint16_t gid, unsigned right)
{
    return rcc_check_inline(mode, owner, group, uid, gid, right);
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

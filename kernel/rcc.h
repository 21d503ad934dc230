/*
 * RCC, resource operation right control (DESIGN §3): the access check.
 *
 * Pure: included by kernel/resource.c, system-call code and host tests.
 */
#ifndef KERNEL_RCC_H
#define KERNEL_RCC_H

#include <stdint.h>

#include "kernel/abi/errno.h"
#include "kernel/abi/resource.h"

#define RCC_OWNER_SHIFT 10
#define RCC_GROUP_SHIFT 5

/* The body of rcc_check (kernel/rcc.c says what it decides), inline so that
 * the one door (res_get) and the IPC fast path pay no call for it; with a
 * constant right the right's own check folds away. */
static inline int
rcc_check_inline(uint16_t mode, uint16_t owner, uint16_t group, uint16_t uid, uint16_t gid,
                 unsigned right)
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

int rcc_check(uint16_t mode, uint16_t owner, uint16_t group, uint16_t uid, uint16_t gid,
              unsigned right);
int rcc_mode_valid(unsigned mode);

#endif

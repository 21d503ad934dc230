/*
 * RCC, resource operation right control (DESIGN §3): the access check.
 *
 * Pure: included by kernel/resource.c, system-call code and host tests.
 */
#ifndef KERNEL_RCC_H
#define KERNEL_RCC_H

#include <stdint.h>

#include "kernel/abi/resource.h"

int rcc_check(uint16_t mode, uint16_t owner, uint16_t group, uint16_t uid, uint16_t gid,
              unsigned right);
int rcc_mode_valid(unsigned mode);

#endif

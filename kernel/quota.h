/*
 * Per-owner limits (DESIGN §3): every owner but the system owner may hold at
 * most a set number of resource slots of each type and of frames, so no
 * owner can exhaust a table or memory for the others.
 *
 * Pure: no arch header, no kernel global but its own table. Included by
 * kernel/resource.c (slots), the memory resources (frames), kmain (limits)
 * and host tests. Not reentrant: callers serialize.
 */
#ifndef KERNEL_QUOTA_H
#define KERNEL_QUOTA_H

#include <stdint.h>

#include "kernel/abi/resource.h"

#define QUOTA_FRAMES 0 /* what: frames; 1..RT_COUNT-1 are slots of that type */

void quota_reset(void);
void quota_set_limit(int what, uint32_t limit);
uint32_t quota_limit(int what);
int quota_charge(uint16_t payer, int what, uint32_t n);
void quota_charge_over(uint16_t payer, int what, uint32_t n);
void quota_refund(uint16_t payer, int what, uint32_t n);
uint32_t quota_used(uint16_t payer, int what);

#endif

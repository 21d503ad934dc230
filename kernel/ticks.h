/*
 * How many timer periods one timer interrupt stands for, from the TSC time
 * since the one before (the gap) and the TSC cycles of a period. Pure
 * logic: kernel/clock.c counts its ticks with it, tests/host/test_ticks.c
 * checks it. The cases:
 *  - no calibrated TSC: every interrupt is one period;
 *  - a gap of more than 1.5 periods: the interrupts between were swallowed
 *    (interrupts off too long) or the machine stalled: all those periods;
 *  - a gap under a quarter period: an interrupt an emulator owed after a
 *    stall and delivers at once (QEMU's PIT replays each edge it missed),
 *    whose period the late interrupt before it counted already: none;
 *  - otherwise one period (a calibration off by up to 4x never loses one).
 */
#ifndef KERNEL_TICKS_H
#define KERNEL_TICKS_H

#include <stdint.h>

static inline uint32_t
clock_periods(uint64_t gap, uint32_t tsc_per_tick)
{
    if (!tsc_per_tick)
        return 1;
    if (gap < tsc_per_tick / 4)
        return 0;
    if (gap > tsc_per_tick + tsc_per_tick / 2)
        return (uint32_t)((gap + tsc_per_tick / 2) / tsc_per_tick);
    return 1;
}

#endif

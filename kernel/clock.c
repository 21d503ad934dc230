/*
 * The kernel clock: a tick counter driven by the PIT at CONFIG_TIMER_HZ and
 * the TSC frequency measured against the PIT at boot. Each tick also drives
 * the scheduler's time slice.
 *
 * No tick is lost: the kernel keeps interrupts off only in short stretches,
 * and if a stretch still swallowed a timer interrupt, the TSC shows how many
 * periods went by and the counter catches up. The longest gap between two
 * timer interrupts and the number of very late ones are kept for sysstat
 * (the measure of those stretches).
 * Public: clock_init, clock_tick, clock_max_gap_us, clock_ticks_late.
 */
#include "kernel/clock.h"
#include "arch/x86/arch.h"
#include "kernel/config.h"
#include "kernel/trap.h"
#include "proc/sched.h"

volatile uint32_t clock_ticks;
uint64_t clock_tsc_hz;
#define LATE_PERIODS 5

static uint64_t last_tick_tsc, max_gap;
static uint32_t tsc_per_tick;
uint32_t clock_ticks_late;

/* Calibrate the TSC; call with interrupts off. */
void
clock_init(void)
{
    clock_tsc_hz = arch_tsc_calibrate();
    tsc_per_tick = (uint32_t)(clock_tsc_hz / CONFIG_TIMER_HZ);
    last_tick_tsc = arch_tsc();
}

/* Timer interrupt: count the periods since the last one (one, unless an
 * interrupt was swallowed) and let the scheduler charge the running process. */
void
clock_tick(void)
{
    uint64_t now = arch_tsc(), gap = now - last_tick_tsc;
    uint32_t periods = 1;

    if (tsc_per_tick && gap > tsc_per_tick + tsc_per_tick / 2)
        periods = (uint32_t)((gap + tsc_per_tick / 2) / tsc_per_tick);
    last_tick_tsc = now;
    if (gap > max_gap)
        max_gap = gap;
    if (periods >= LATE_PERIODS)
        clock_ticks_late++;
    clock_ticks += periods;
    sched_tick();
}

/* The longest gap between two timer interrupts since boot, in microseconds
 * (0 without a calibrated TSC). */
uint32_t
clock_max_gap_us(void)
{
    return clock_tsc_hz ? (uint32_t)(max_gap * 1000000u / clock_tsc_hz) : 0;
}

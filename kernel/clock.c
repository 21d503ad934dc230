/*
 * The kernel clock: a tick counter driven by the PIT at CONFIG_TIMER_HZ and
 * the TSC frequency measured against the PIT at boot. Each tick also drives
 * the scheduler's time slice. Public: clock_init, clock_tick.
 */
#include "arch/x86/arch.h"
#include "kernel/clock.h"
#include "kernel/trap.h"
#include "proc/sched.h"

volatile uint32_t clock_ticks;
uint64_t clock_tsc_hz;

/* Calibrate the TSC; call with interrupts off. */
void
clock_init(void)
{
    clock_tsc_hz = arch_tsc_calibrate();
}

/* Timer interrupt: count it and let the scheduler charge the running process. */
void
clock_tick(void)
{
    clock_ticks++;
    sched_tick();
}

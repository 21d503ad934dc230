/*
 * The kernel clock: a tick counter driven by the PIT at CONFIG_TIMER_HZ and
 * the TSC frequency measured against the PIT at boot. Each tick also drives
 * the scheduler's time slice.
 *
 * No tick is lost: the kernel keeps interrupts off only in short stretches,
 * and if a stretch still swallowed a timer interrupt, the TSC shows how many
 * periods went by and the counter catches up. None is counted twice: an
 * emulator that was not scheduled for a while (QEMU on a loaded host)
 * replays the interrupts it missed at once, after the late one that counted
 * their periods; those count nothing (kernel/ticks.h). The longest gap between two
 * timer interrupts and the number of very late ones are kept for sysstat
 * (the measure of those stretches).
 * The time of day comes from the CMOS clock, read once at boot (seconds since
 * 1970), and then from the TSC: clockget adds the TSC time since that read.
 * The clock knows no scheduler: clock_init is given the function each tick
 * calls (kmain gives sched_tick), so this floor imports nothing above it.
 * Each tick also writes the clock page (kernel/abi/clockpage.h), which kmain
 * maps for every process to read: the TSC and the ticks at that tick.
 * Public: clock_init, clock_set_page, clock_tick, clock_max_gap_us,
 * clock_ticks_late, sys_clockget.
 */
#include "kernel/clock.h"
#include "arch/x86/arch.h"
#include "kernel/abi/clockpage.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/syscall.h"
#include "kernel/ticks.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"

volatile uint32_t clock_ticks;
uint64_t clock_tsc_hz;
#define LATE_PERIODS 5

static uint64_t last_tick_tsc, max_gap;
static uint64_t boot_tsc;      // when the RTC was read
static uint32_t boot_seconds;  // what it said: seconds since 1970
static uint32_t tsc_per_tick;
static void (*each_tick)(bool from_user); // the scheduler: time slice and CPU time
static struct clock_page *page;           // what every process reads; NULL until kmain maps it
uint32_t clock_ticks_late;

/* Calibrate the TSC and read the CMOS clock; from now on every tick also
 * calls on_tick, saying whether it interrupted user mode. Call with
 * interrupts off. */
void
clock_init(void (*on_tick)(bool from_user))
{
    each_tick = on_tick;
    clock_tsc_hz = arch_tsc_calibrate();
    tsc_per_tick = (uint32_t)(clock_tsc_hz / CONFIG_TIMER_HZ);
    boot_seconds = arch_rtc_seconds();
    last_tick_tsc = boot_tsc = arch_tsc();
}

/* The time in the clock page: the TSC (a claim of 0 claims nothing, so never
 * 0) and the ticks. */
static void
page_write(uint64_t tsc)
{
    uint32_t shifted = (uint32_t)(tsc >> CLOCK_TSC_SHIFT);

    page->tsc_shifted = shifted ? shifted : 1;
    page->ticks = clock_ticks;
}

/* From now on keep p, a page every process reads, at every tick. */
void
clock_set_page(struct clock_page *p)
{
    page = p;
    page_write(arch_tsc());
}

/* Timer interrupt (from_user: it interrupted ring 3): count the periods
 * since the last one counted (kernel/ticks.h: one, several if interrupts
 * were swallowed, none for one an emulator owed and replays) and let the
 * scheduler charge the running process. */
void
clock_tick(bool from_user)
{
    uint64_t now = arch_tsc(), gap = now - last_tick_tsc;
    uint32_t periods = clock_periods(gap, tsc_per_tick);

    if (!periods)
        return; // its period was counted by the late interrupt before it
    last_tick_tsc = now;
    if (gap > max_gap)
        max_gap = gap;
    if (periods >= LATE_PERIODS)
        clock_ticks_late++;
    clock_ticks += periods;
    if (page)
        page_write(now);
    each_tick(from_user);
}

/* The longest gap between two timer interrupts since boot, in microseconds
 * (0 without a calibrated TSC). */
uint32_t
clock_max_gap_us(void)
{
    return clock_tsc_hz ? (uint32_t)(max_gap * 1000000u / clock_tsc_hz) : 0;
}

/* Read clock into *out: KCLOCK_MONOTONIC, time since boot, or
 * KCLOCK_REALTIME, the time of day. Returns 0, -EINVAL (another clock) or
 * -EFAULT. Without a calibrated TSC the clock advances by timer ticks. */
int
sys_clockget(struct proc *caller UNUSED, int clock, struct ktimespec *out)
{
    uint64_t ns;
    struct ktimespec t;

    if (clock != KCLOCK_REALTIME && clock != KCLOCK_MONOTONIC)
        return -EINVAL;
    if (clock_tsc_hz) {
        uint64_t tsc = arch_tsc() - boot_tsc;
        uint64_t sec = tsc / clock_tsc_hz;
        ns = sec * 1000000000ull + (tsc - sec * clock_tsc_hz) * 1000000000ull / clock_tsc_hz;
    } else {
        ns = (uint64_t)clock_ticks * (1000000000ull / CONFIG_TIMER_HZ);
    }
    t.sec = (uint32_t)(ns / 1000000000ull);
    t.nsec = (uint32_t)(ns % 1000000000ull);
    if (clock == KCLOCK_REALTIME)
        t.sec += boot_seconds;
    return copyout(out, &t, sizeof(t));
}

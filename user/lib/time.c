/*
 * user/lib/time.c - clocks, CPU time and sleeping: clock_gettime,
 * gettimeofday (and so newlib's time), clock, times and getrusage, timegm,
 * nanosleep, sleep, usleep.
 *
 * CLOCK_REALTIME is the CMOS clock the kernel read at boot plus the TSC
 * time since (seconds since 1970, UTC); CLOCK_MONOTONIC counts from boot.
 * CPU time is the kernel's (proctimes): each timer tick charges the process
 * it interrupts, in user mode or in the kernel, so it comes in 10 ms steps.
 * times() counts in CLK_TCK units, which newlib makes CLOCKS_PER_SEC
 * (1000); clock() is the process's own CPU time in those units, without
 * its children's (newlib's would add them: tools/newlib.sh leaves it out).
 * Sleeps block in the kernel for whole timer ticks (10 ms), at least one;
 * a caught signal ends one early (EINTR), and nanosleep and sleep then say
 * how much was left, from CLOCK_MONOTONIC.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "kernel/abi/types.h"
#include "user/lib/libc.h"

_Static_assert(CLOCK_REALTIME == KCLOCK_REALTIME, "newlib's CLOCK_REALTIME is the kernel's");
_Static_assert(CLOCK_MONOTONIC == KCLOCK_MONOTONIC, "newlib's CLOCK_MONOTONIC is the kernel's");

int
clock_gettime(clockid_t clock, struct timespec *ts)
{
    struct ktimespec k;
    int32_t r = sys_clockget((uint32_t)clock, (uint32_t)(uintptr_t)&k);

    if (r < 0)
        return libc_fail(r);
    ts->tv_sec = (time_t)k.sec;
    ts->tv_nsec = (long)k.nsec;
    return 0;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
    struct timespec ts = {0, 0};

    (void)tz;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return -1;
    if (tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
    }
    return 0;
}

/* Sleep for *req (whole 10 ms ticks, at least one). Returns 0, or -1 with
 * errno EINVAL, or EINTR when a signal's handler ran first: then *rem (if
 * not NULL) gets the time left. */
int
nanosleep(const struct timespec *req, struct timespec *rem)
{
    struct ktimespec t0 = {0, 0}, t1;
    uint64_t ms, want, done;
    int32_t r;

    if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L || req->tv_sec < 0)
        return libc_fail(-EINVAL);
    ms = (uint64_t)req->tv_sec * 1000 + (uint64_t)(req->tv_nsec + 999999) / 1000000;
    if (ms > 0x7fffffffu)
        ms = 0x7fffffffu; // the kernel's longest sleep, 24.8 days
    if (rem)
        sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)&t0);
    r = sys_sleepms((uint32_t)ms);
    if (rem)
        rem->tv_sec = 0, rem->tv_nsec = 0;
    if (r == -EINTR && rem && sys_clockget(KCLOCK_MONOTONIC, (uint32_t)(uintptr_t)&t1) == 0) {
        want = (uint64_t)req->tv_sec * 1000000000u + (uint64_t)req->tv_nsec;
        done =
            ((uint64_t)t1.sec * 1000000000u + t1.nsec) - ((uint64_t)t0.sec * 1000000000u + t0.nsec);
        if (done < want) {
            rem->tv_sec = (time_t)((want - done) / 1000000000u);
            rem->tv_nsec = (long)((want - done) % 1000000000u);
        }
    }
    return r < 0 ? libc_fail(r) : 0;
}

/* Sleep for seconds; returns the seconds left (rounded up) if a signal's
 * handler ran first, else 0. */
unsigned
sleep(unsigned seconds)
{
    struct timespec ts = {(time_t)seconds, 0}, rem;

    if (nanosleep(&ts, &rem) == 0)
        return 0;
    return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
}

int
usleep(useconds_t us)
{
    struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};

    return nanosleep(&ts, NULL);
}

static int
cpu_times(struct kproctimes *k)
{
    int32_t r = sys_proctimes(0, (uint32_t)(uintptr_t)k);

    return r < 0 ? libc_fail(r) : 0;
}

static clock_t
ticks_to_clk(uint32_t ticks, uint32_t hz)
{
    return (clock_t)((uint64_t)ticks * CLOCKS_PER_SEC / hz);
}

/* The calling process's own CPU time, user and system, in CLOCKS_PER_SEC
 * units: not its children's, which newlib's clock() would add (POSIX's and
 * Linux's clock() leave them out; times() reports them apart). Returns
 * (clock_t)-1 if the kernel cannot tell. */
clock_t
clock(void)
{
    struct kproctimes k;

    if (cpu_times(&k) < 0)
        return (clock_t)-1;
    return ticks_to_clk(k.user + k.sys, k.hz);
}

clock_t
times(struct tms *t)
{
    struct kproctimes k;
    struct timespec now = {0, 0};

    if (cpu_times(&k) < 0 || clock_gettime(CLOCK_MONOTONIC, &now) < 0)
        return (clock_t)-1;
    if (t)
        *t = (struct tms){.tms_utime = ticks_to_clk(k.user, k.hz),
                          .tms_stime = ticks_to_clk(k.sys, k.hz),
                          .tms_cutime = ticks_to_clk(k.child_user, k.hz),
                          .tms_cstime = ticks_to_clk(k.child_sys, k.hz)};
    return (clock_t)(now.tv_sec * CLOCKS_PER_SEC + now.tv_nsec / (1000000000L / CLOCKS_PER_SEC));
}

static struct timeval
ticks_to_timeval(uint32_t ticks, uint32_t hz)
{
    uint64_t us = (uint64_t)ticks * 1000000u / hz;

    return (struct timeval){.tv_sec = (time_t)(us / 1000000u),
                            .tv_usec = (suseconds_t)(us % 1000000u)};
}

int
getrusage(int who, struct rusage *u)
{
    struct kproctimes k;

    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN)
        return libc_fail(-EINVAL);
    if (!u)
        return libc_fail(-EFAULT);
    if (cpu_times(&k) < 0)
        return -1;
    if (who == RUSAGE_SELF)
        *u = (struct rusage){ticks_to_timeval(k.user, k.hz), ticks_to_timeval(k.sys, k.hz)};
    else
        *u = (struct rusage){ticks_to_timeval(k.child_user, k.hz),
                             ticks_to_timeval(k.child_sys, k.hz)};
    return 0;
}

/* Days from 1970-01-01 to the date y-m-d of the proleptic Gregorian
 * calendar (m 1..12), for any y: eras of 400 years, March-based years. */
static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

/* The inverse of gmtime: seconds since 1970 of the UTC time *tm, whose
 * fields may lie outside their ranges (they are carried over, as mktime
 * does; *tm is normalised, with its weekday and day of the year). Returns
 * (time_t)-1 with EOVERFLOW when the result does not fit. */
time_t
timegm(struct tm *tm)
{
    long long mon = tm->tm_mon, year = (long long)tm->tm_year + 1900 + mon / 12;
    long long t;

    mon %= 12;
    if (mon < 0)
        mon += 12, year--;
    t = days_from_civil(year, (unsigned)mon + 1, 1) + tm->tm_mday - 1;
    t = ((t * 24 + tm->tm_hour) * 60 + tm->tm_min) * 60 + tm->tm_sec;
    if ((time_t)t != t) {
        errno = EOVERFLOW;
        return (time_t)-1;
    }
    time_t out = (time_t)t;
    gmtime_r(&out, tm);
    return out;
}

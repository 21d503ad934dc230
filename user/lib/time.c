/*
 * user/lib/time.c - clocks and sleeping: clock_gettime, gettimeofday (and so
 * newlib's time), nanosleep, sleep, usleep.
 *
 * CLOCK_REALTIME is the CMOS clock the kernel read at boot plus the TSC
 * time since (seconds since 1970, UTC); CLOCK_MONOTONIC counts from boot.
 * Sleeps block in the kernel for whole timer ticks (10 ms), at least one.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/time.h>
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

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
    uint64_t ms;

    if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L || req->tv_sec < 0)
        return libc_fail(-EINVAL);
    ms = (uint64_t)req->tv_sec * 1000 + (uint64_t)(req->tv_nsec + 999999) / 1000000;
    if (ms > 0x7fffffffu)
        ms = 0x7fffffffu; // the kernel's longest sleep, 24.8 days
    sys_sleepms((uint32_t)ms);
    if (rem)
        rem->tv_sec = 0, rem->tv_nsec = 0;
    return 0;
}

unsigned
sleep(unsigned seconds)
{
    struct timespec ts = {(time_t)seconds, 0};

    nanosleep(&ts, NULL);
    return 0;
}

int
usleep(useconds_t us)
{
    struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};

    return nanosleep(&ts, NULL);
}

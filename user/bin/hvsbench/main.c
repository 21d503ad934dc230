/*
 * hvsbench: section 5 of the HVS paper on this kernel.
 *   hvsbench all       every suite (null call, IPC, procmove, proccreate,
 *                      switch, web) as BENCH lines
 *   hvsbench switch    the process-switch table only (for the nopge boot)
 *   hvsbench switch-alias   the switch with both processes' pages in the
 *                      same slots of QEMU's direct-mapped TLB
 *   hvsbench ipc       IPC only, named "-copy" (for the ipc_copy= boot)
 *   hvsbench null|ipc-remap|procmove|proccreate|web|omf   one suite (omf:
 *                      section 4 of the OMF paper, files through the server)
 *   hvsbench io        the normal file I/O lines alone
 * The other first arguments are roles the suites start copies of this
 * program in (echo, echo-reg, grow, yielder, webserver, webclient).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "bench.h"

static void
meta(void)
{
    struct sysstat st;

    sysstat(&st);
    printf("BENCH meta cpu tsc_khz=%u pge=%d sep=%d timer_hz=%u\n", st.tsc_khz,
           !!(st.features & SYSSTAT_PGE), !!(st.features & SYSSTAT_SEP), st.timer_hz);
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "hvsbench [SUITE]", "the HVS paper's benchmarks (BENCH lines)"))
        return 0;
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } roles[] = {
        {"echo", role_echo},           {"echo-reg", role_echo_reg},
        {"grow", role_grow},           {"yielder", role_yielder},
        {"webserver", role_webserver}, {"fpuyielder", role_fpuyielder},
        {"webclient", role_webclient}, {"updater", role_updater},
        {"holder", role_holder},
    };
    const char *what = argc > 1 ? argv[1] : "all";

    bench_init();
    for (unsigned i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
        if (strcmp(what, roles[i].name) == 0)
            return roles[i].run(argc, argv);
    meta();
    // Figures a target compares share a set (measure.c): the null call with IPC.
    if (!strcmp(what, "null"))
        bench_null();
    if (!strcmp(what, "all") || !strcmp(what, "ipc-remap"))
        bench_ipc("", !strcmp(what, "all"));
    if (!strcmp(what, "ipc"))
        bench_ipc("-copy", 0);
    if (!strcmp(what, "all") || !strcmp(what, "procmove"))
        bench_procmove();
    if (!strcmp(what, "all") || !strcmp(what, "proccreate"))
        bench_proccreate();
    if (!strcmp(what, "all") || !strcmp(what, "switch"))
        bench_switch(0);
    if (!strcmp(what, "all") || !strcmp(what, "switch-alias"))
        bench_switch(1);
    if (!strcmp(what, "all") || !strcmp(what, "switch-fpu"))
        bench_switch_fpu();
    if (!strcmp(what, "all") || !strcmp(what, "web"))
        bench_web();
    if (!strcmp(what, "io"))
        bench_io();
    if (!strcmp(what, "all") || !strcmp(what, "omf"))
        bench_omf();
    printf("# hvsbench %s done\n", what);
    return 0;
}

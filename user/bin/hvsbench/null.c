/*
 * The null system call through int $0x80 and through sysenter: the floor
 * every other figure is read against.
 */
#include <sys/syscall.h>

#include "bench.h"

#define CALLS 1000
#define WARMUP 3
#define BATCHES 21

/* BENCH null int80|sysenter calls=1 */
static int
null_batch(void *ctx, int64_t cycles[2])
{
    int path = *(int *)ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < CALLS; i++)
        if (path == 0)
            syscall_int80(SYS_nullcall, 0, 0, 0, 0, 0);
        else
            syscall_sysenter(SYS_nullcall, 0, 0, 0, 0, 0);
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

void
bench_null(void)
{
    struct sample s = {0};

    for (int path = 0; path < 2; path++) {
        struct sysstat st;
        sysstat(&st);
        if (path == 1 && !(st.features & SYSSTAT_SEP))
            break;
        measure(SAMPLES(&s), WARMUP, BATCHES, CALLS, null_batch, &path);
        bench_report("null", path == 0 ? "int80" : "sysenter", "calls", 1, &s);
    }
}

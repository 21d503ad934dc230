/*
 * The null system call through int $0x80 and through sysenter: the floor
 * every other figure is read against. In hvsbench all its kinds join the
 * IPC set (ipc.c), so a round trip and a null call pair up by round.
 */
#include <sys/syscall.h>

#include "bench.h"

#define CALLS 100 /* per batch: 1,000 per round of TURNS */
#define TURNS 10

static int
null_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    int path = *(const int *)ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < CALLS; i++)
        if (path == 0)
            syscall_int80(SYS_nullcall, 0, 0, 0, 0, 0);
        else
            syscall_sysenter(SYS_nullcall, 0, 0, 0, 0, 0);
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

/* Add BENCH null int80 calls=1 and, if the CPU has sysenter, null sysenter
 * calls=1 to set, one kind each (CALLS calls a batch). */
void
null_add(struct set *set)
{
    static const int paths[2] = {0, 1};
    struct sysstat st;
    struct kind *k;

    sysstat(&st);
    for (int path = 0; path < 2; path++) {
        if (path == 1 && !(st.features & SYSSTAT_SEP))
            break;
        if ((k = set_kind(set, null_batch, (void *)&paths[path], CALLS)))
            k->out[0] = set_line(set, "null", path == 0 ? "int80" : "sysenter", "calls", 1);
    }
}

/* BENCH null int80|sysenter calls=1, on their own (hvsbench null) */
void
bench_null(void)
{
    static struct set set;

    set_init(&set);
    set.chunks = TURNS;
    null_add(&set);
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
}

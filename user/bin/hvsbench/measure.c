/*
 * Measuring: the TSC rate the kernel calibrated against the PIT, batches of
 * per-operation cycle counts, and the BENCH line with the median and the
 * range over batches (warm-up batches are never added), followed by every
 * batch in the order measured (samples=, for paired statistics).
 *
 * A target compares figures (same-space against cross-space IPC, the
 * largest size against the smallest), and a host that slows down for a
 * while (another QEMU beside ours) moves whatever it catches. So a suite
 * puts the figures it compares into one set, which runs in rounds: a round
 * takes a few turns through the set's kinds (each turn one short batch of
 * every kind, front to back and back to front in alternate turns, so no
 * kind always runs first), and a kind's sample is the median of its
 * batches' per-operation cycles in the round. Both sides of a pair are
 * then measured over the same moments, whatever the host did meanwhile,
 * and a batch the host stalled drops out. A round counts only if all of
 * its batches worked, so sample i of any two lines of a set comes from
 * round i, and tools/bench-report.py judges a target by the per-round
 * ratios (or differences) with a confidence interval.
 * Also small helpers the suites share: spawning roles, touching pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

uint32_t bench_tsc_khz;

/* Read the calibrated TSC rate and print the run's meta line. */
void
bench_init(void)
{
    struct sysstat st;

    sysstat(&st);
    bench_tsc_khz = st.tsc_khz;
}

/* Record one batch: total cycles over ops operations. */
void
sample_add(struct sample *s, int64_t total_cycles, uint32_t ops)
{
    if (s->n < (int)(sizeof(s->batch) / sizeof(s->batch[0])))
        s->batch[s->n++] = total_cycles / (int64_t)ops;
}

/* One quantity on its own: warmup + batches batches of batch(ctx, cycles),
 * each ops operations adding its cycles to cycles[0] (zeroed); the batches
 * after the warm-up are the samples in s. For figures no target compares
 * (a set interleaves those that are). Returns 0, or -1 if a batch failed. */
int
measure(struct sample *s, int warmup, int batches, uint32_t ops,
        int (*batch)(void *ctx, int64_t cycles[KIND_OUT]), void *ctx)
{
    for (int n = 0; n < warmup + batches; n++) {
        int64_t cycles[KIND_OUT] = {0};
        if (batch(ctx, cycles) < 0)
            return -1;
        if (n >= warmup)
            sample_add(s, cycles[0], ops);
    }
    return 0;
}

/* Empty set, ready for set_kind and set_line. */
void
set_init(struct set *set)
{
    memset(set, 0, sizeof(*set));
}

/* Add a kind of batch to set (no prepare, no warm batch, no outputs yet:
 * the caller fills those in). Returns it, or NULL if the set is full. */
struct kind *
set_kind(struct set *set, int (*batch)(void *ctx, int64_t cycles[KIND_OUT]), void *ctx,
         uint32_t ops)
{
    if (set->nkinds == SET_KINDS)
        return NULL;
    struct kind *k = &set->kind[set->nkinds++];
    k->batch = batch;
    k->ctx = ctx;
    k->ops = ops;
    return k;
}

/* Add the line BENCH suite name param=value to set, printed after those
 * added before it. Returns it (owned by the set), or NULL if there is no
 * room (a kind's output may be NULL: dropped). */
struct series *
set_line(struct set *set, const char *suite, const char *name, const char *param, uint32_t value)
{
    struct series *l;

    if (set->nlines == SET_LINES || !(l = calloc(1, sizeof(*l))))
        return NULL;
    l->suite = suite;
    l->param = param;
    l->value = value;
    snprintf(l->name, sizeof(l->name), "%s", name);
    set->line[set->nlines++] = l;
    return l;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* The median of xs[0..n) (the mean of the middle two for even n); sorts xs. */
static int64_t
median_i64(int64_t *xs, int n)
{
    qsort(xs, n, sizeof(xs[0]), cmp_i64);
    return n & 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* Run warmup + rounds rounds of set: per round, set->chunks turns of one
 * batch of every kind, front to back and back to front in alternate turns.
 * A round's sample of a line is the median of its batches' per-operation
 * cycles, so a batch the host stalled (another process took the CPU for a
 * few milliseconds) drops out instead of weighing on its side of a pair;
 * the rounds after the warm-up add theirs to the lines. A round in which a
 * prepare or a batch fails ends the run, unrecorded, so the lines keep one
 * sample per round. Returns 0, or -1 after a failure or without memory. */
int
set_run(struct set *set, int warmup, int rounds)
{
    int n = set->nkinds, chunks = set->chunks > 0 ? set->chunks : 1, turn = 0, err = 0;
    int64_t cycles[KIND_OUT];
    int64_t *got = malloc(sizeof(*got) * (size_t)(n * KIND_OUT * chunks)); // [kind][out][turn]

    if (!got)
        return -1;
    for (int r = 0; r < warmup + rounds && !err; r++) {
        for (int c = 0; c < chunks && !err; c++, turn++) {
            for (int j = 0; j < n && !err; j++) {
                int i = turn & 1 ? n - 1 - j : j;
                struct kind *k = &set->kind[i];
                if (k->prepare && k->prepare(k->ctx) < 0) {
                    err = -1;
                    break;
                }
                for (int w = 0; w <= k->warm && !err; w++) { // the last one counts
                    memset(cycles, 0, sizeof(cycles));
                    err = k->batch(k->ctx, cycles) < 0 ? -1 : 0;
                }
                for (int o = 0; o < KIND_OUT; o++)
                    got[(i * KIND_OUT + o) * chunks + c] = cycles[o] / (int64_t)k->ops;
            }
        }
        if (err || r < warmup)
            continue;
        for (int i = 0; i < n; i++)
            for (int o = 0; o < KIND_OUT; o++) {
                struct series *l = set->kind[i].out[o];
                if (l && l->s.n < (int)(sizeof(l->s.batch) / sizeof(l->s.batch[0])))
                    l->s.batch[l->s.n++] = median_i64(&got[(i * KIND_OUT + o) * chunks], chunks);
            }
    }
    free(got);
    return err;
}

/* Print the BENCH line of every line of set, in the order added, and free
 * the lines: the set is done (set_init makes it ready again). */
void
set_report(struct set *set)
{
    for (int i = 0; i < set->nlines; i++) {
        struct series *l = set->line[i];
        bench_report(l->suite, l->name, l->param, l->value, &l->s);
        free(l);
    }
    set->nlines = 0;
    set->nkinds = 0;
}

/* Nanoseconds for a cycle count at the calibrated rate. */
uint64_t
cycles_to_ns(uint64_t cycles)
{
    return bench_tsc_khz ? cycles * 1000000ull / bench_tsc_khz : 0;
}

/* Print BENCH <suite> <name> <param>=<value> cycles= us= n= min= max=
 * samples=: the median, its time, the range of the batches and every batch
 * in the order measured (so the report can pair batch i of two lines of one
 * set, or of two series measured alternately). s is emptied. */
void
bench_report(const char *suite, const char *name, const char *param, uint32_t value,
             struct sample *s)
{
    int64_t sorted[sizeof(s->batch) / sizeof(s->batch[0])];

    if (s->n == 0) {
        printf("# %s %s %s=%u: no data\n", suite, name, param, value);
        return;
    }
    memcpy(sorted, s->batch, s->n * sizeof(s->batch[0]));
    qsort(sorted, s->n, sizeof(sorted[0]), cmp_i64);
    int64_t med = sorted[s->n / 2];
    uint64_t ns = cycles_to_ns(med < 0 ? -med : med);
    printf("BENCH %s %s %s=%u cycles=%lld us=%s%llu.%03llu n=%d min=%lld max=%lld", suite, name,
           param, value, (long long)med, med < 0 ? "-" : "", (unsigned long long)(ns / 1000),
           (unsigned long long)(ns % 1000), s->n, (long long)sorted[0],
           (long long)sorted[s->n - 1]);
    for (int i = 0; i < s->n; i++)
        printf("%s%lld", i ? "," : " samples=", (long long)s->batch[i]);
    printf("\n");
    s->n = 0;
}

/* Yield until pid blocks (in a receive: waiting for its next order). */
void
wait_blocked(rid_t pid)
{
    struct res_info info;

    do
        yield();
    while (resinfo(pid, &info) == 0 && info.u.proc.state != PROC_BLOCKED);
}

/* Write one byte in each of pages consecutive pages. */
void
touch_pages(volatile uint8_t *buf, uint32_t pages)
{
    for (uint32_t i = 0; i < pages; i++)
        buf[i * 4096]++;
}

/* Start this program (or another) with argv in space vmid under a fresh name. */
rid_t
spawn(const char *prog, char *const argv[], rid_t vmid)
{
    static int serial;
    char name[RES_NAME_MAX], path[48];
    rid_t pid;

    snprintf(path, sizeof(path), "/bin/%s", prog);
    do {
        snprintf(name, sizeof(name), "%s.%d", prog, ++serial);
        pid = proccreate(name, path, argv, vmid, BENCH_MODE);
    } while (pid == -EEXIST);
    return pid;
}

/* Wait for pid; returns its status, or -1. */
int
run_wait(rid_t pid)
{
    int st;

    return pid > 0 && procwait(pid, &st) == pid ? st : -1;
}

/* Decimal text of v in buf (at least 12 bytes). */
const char *
itoa_tmp(int v, char *buf)
{
    snprintf(buf, 12, "%d", v);
    return buf;
}

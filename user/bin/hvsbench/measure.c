/*
 * Measuring: the TSC rate the kernel calibrated against the PIT, batches of
 * per-operation cycle counts, and the BENCH line with the median and the
 * range over batches (warm-up batches are never added), optionally followed
 * by every batch in the order measured (samples=, for paired statistics).
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

/* The one warm-up/batch loop of the suites: run warmup + batches batches,
 * each batch(ctx, cycles) doing ops operations of each measured kind and
 * storing the cycles they took in cycles[0] (and cycles[1] for a paired
 * measurement, s[1] != NULL); it returns a negative value if it failed,
 * which stops the loop. The batches after the warm-up are the samples in
 * s[0] and s[1], and their paired difference cycles[1] − cycles[0] in s[2]
 * (if not NULL): two kinds interleaved in every batch suffer the host's
 * drifts alike, so their per-batch difference is steadier than two medians
 * apart. Returns 0, or -1 if a batch failed. */
int
measure(struct sample *s[3], int warmup, int batches, uint32_t ops,
        int (*batch)(void *ctx, int64_t cycles[2]), void *ctx)
{
    for (int n = 0; n < warmup + batches; n++) {
        int64_t cycles[2] = {0, 0};
        if (batch(ctx, cycles) < 0)
            return -1;
        if (n < warmup)
            continue;
        sample_add(s[0], cycles[0], ops);
        if (s[1])
            sample_add(s[1], cycles[1], ops);
        if (s[2])
            sample_add(s[2], cycles[1] - cycles[0], ops);
    }
    return 0;
}

/* Nanoseconds for a cycle count at the calibrated rate. */
uint64_t
cycles_to_ns(uint64_t cycles)
{
    return bench_tsc_khz ? cycles * 1000000ull / bench_tsc_khz : 0;
}

static int
cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

/* The BENCH line of s (its batches sorted after); with samples, the batches
 * in the order they were added end it as samples=v1,v2,... */
static void
report(const char *suite, const char *name, const char *param, uint32_t value, struct sample *s,
       int samples)
{
    int64_t order[sizeof(s->batch) / sizeof(s->batch[0])];

    if (s->n == 0) {
        printf("# %s %s %s=%u: no data\n", suite, name, param, value);
        return;
    }
    memcpy(order, s->batch, s->n * sizeof(s->batch[0]));
    qsort(s->batch, s->n, sizeof(s->batch[0]), cmp_i64);
    int64_t med = s->batch[s->n / 2];
    uint64_t ns = cycles_to_ns(med < 0 ? -med : med);
    printf("BENCH %s %s %s=%u cycles=%lld us=%s%llu.%03llu n=%d min=%lld max=%lld", suite, name,
           param, value, (long long)med, med < 0 ? "-" : "", (unsigned long long)(ns / 1000),
           (unsigned long long)(ns % 1000), s->n, (long long)s->batch[0],
           (long long)s->batch[s->n - 1]);
    for (int i = 0; samples && i < s->n; i++)
        printf("%s%lld", i ? "," : " samples=", (long long)order[i]);
    printf("\n");
    s->n = 0;
}

/* Print BENCH <suite> <name> <param>=<value> cycles= us= n= min= max=: the
 * median, its time and the range of the batches; s is emptied. */
void
bench_report(const char *suite, const char *name, const char *param, uint32_t value,
             struct sample *s)
{
    report(suite, name, param, value, s, 0);
}

/* bench_report with every batch in the order measured as a samples= field
 * at the end of the line, so the report can pair batch i of two series
 * measured alternately (tools/bench-report.py's confidence intervals). */
void
bench_report_samples(const char *suite, const char *name, const char *param, uint32_t value,
                     struct sample *s)
{
    report(suite, name, param, value, s, 1);
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

/*
 * hvsbench: the in-guest benchmarks that reproduce section 5 of the HVS
 * paper (figures 5-7, table 2, the web-server workload of 5.3) and print
 * DESIGN §6 BENCH lines. Shared declarations of the program's parts.
 */
#ifndef HVSBENCH_BENCH_H
#define HVSBENCH_BENCH_H

#include <stdint.h>
#include <tender.h>

#define BENCH_MODE RCC_OWNER(RCC_ALL) /* the benchmarks run as the system owner */

/* Rounds of a set (after SET_WARMUP that are not kept): every kind once
 * per round, so sample i of two lines of one set comes from one round, a
 * moment apart. 45 pairs give the sign test's 95% interval of a median as
 * the 16th to the 30th of the 45 (tools/bench-report.py): a third of the
 * pairs on either side may be spoilt by the host without moving it. */
#define SET_ROUNDS 45
#define SET_WARMUP 2
#define KIND_OUT 16   /* quantities one batch may measure */
#define SET_KINDS 160 /* kinds one set interleaves */
#define SET_LINES 200 /* BENCH lines one set prints */

/* one measured quantity: per-operation cycles of each batch in the order
 * measured (signed, so a paired difference of two quantities is a sample too) */
struct sample {
    int64_t batch[64];
    int n;
};
_Static_assert(SET_ROUNDS <= sizeof(((struct sample *)0)->batch) / sizeof(int64_t),
               "a sample holds every round of a set");

/* one BENCH line: its name and its batches */
struct series {
    const char *suite, *param;
    char name[32];
    uint32_t value;
    struct sample s;
};

/* One kind of batch a set interleaves with the others. batch does ops
 * operations and adds the cycles of up to KIND_OUT quantities to cycles[]
 * (or returns a negative value if it failed); prepare (if any) runs
 * untimed before it, then batch runs warm times untimed before the batch
 * that counts. */
struct kind {
    int (*prepare)(void *ctx);
    int (*batch)(void *ctx, int64_t cycles[KIND_OUT]);
    void *ctx;
    uint32_t ops;
    int warm;
    struct series *out[KIND_OUT]; /* where cycles[i] / ops goes; NULL: dropped */
};

/* Kinds measured in the same rounds, and the lines they fill. A round is
 * chunks turns through the kinds (0 counts as 1), each turn one batch of
 * each: a sample is the median of a kind's chunks batches (per operation). */
struct set {
    struct kind kind[SET_KINDS];
    int nkinds;
    int chunks;
    struct series *line[SET_LINES]; /* in the order printed */
    int nlines;
};

/* measure.c */
void bench_init(void);
void sample_add(struct sample *s, int64_t total_cycles, uint32_t ops);
int measure(struct sample *s, int warmup, int batches, uint32_t ops,
            int (*batch)(void *ctx, int64_t cycles[KIND_OUT]), void *ctx);
void set_init(struct set *set);
struct kind *set_kind(struct set *set, int (*batch)(void *ctx, int64_t cycles[KIND_OUT]), void *ctx,
                      uint32_t ops);
struct series *set_line(struct set *set, const char *suite, const char *name, const char *param,
                        uint32_t value);
int set_run(struct set *set, int warmup, int rounds);
void set_report(struct set *set);
void bench_report(const char *suite, const char *name, const char *param, uint32_t value,
                  struct sample *s);
uint64_t cycles_to_ns(uint64_t cycles);
void touch_pages(volatile uint8_t *buf, uint32_t pages);
rid_t spawn(const char *prog, char *const argv[], rid_t vmid);
int run_wait(rid_t pid);
void wait_blocked(rid_t pid);
const char *itoa_tmp(int v, char *buf);
extern uint32_t bench_tsc_khz;

/* the suites */
void bench_null(void);
void null_add(struct set *set);
void bench_ipc(const char *suffix, int with_null);
void bench_procmove(void);
void bench_proccreate(void);
uint64_t vmcreate_once(void);
void bench_switch(int alias);
void bench_switch_fpu(void);
void bench_web(void);
void bench_io(void);
void bench_omf(void);

/* roles the suites start this program in */
int role_echo(int argc, char **argv);
int role_echo_reg(int argc, char **argv);
int role_grow(int argc, char **argv);
int role_yielder(int argc, char **argv);
int role_fpuyielder(int argc, char **argv);
int role_webserver(int argc, char **argv);
int role_webclient(int argc, char **argv);
int role_updater(int argc, char **argv);
int role_holder(int argc, char **argv);

#endif

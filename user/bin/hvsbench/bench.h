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

/* one measured quantity: per-operation cycles of each batch (signed, so a
 * paired difference of two quantities is a sample too) */
struct sample {
    int64_t batch[64];
    int n;
};

/* measure.c */
void bench_init(void);
void sample_add(struct sample *s, int64_t total_cycles, uint32_t ops);
int measure(struct sample *s[3], int warmup, int batches, uint32_t ops,
            int (*batch)(void *ctx, int64_t cycles[2]), void *ctx);
#define SAMPLES(s) ((struct sample *[3]){(s), NULL, NULL}) /* one kind measured */
void bench_report(const char *suite, const char *name, const char *param, uint32_t value,
                  struct sample *s);
void bench_report_samples(const char *suite, const char *name, const char *param, uint32_t value,
                          struct sample *s);
uint64_t cycles_to_ns(uint64_t cycles);
void touch_pages(volatile uint8_t *buf, uint32_t pages);
rid_t spawn(const char *prog, char *const argv[], rid_t vmid);
int run_wait(rid_t pid);
const char *itoa_tmp(int v, char *buf);
extern uint32_t bench_tsc_khz;

/* the suites */
void bench_null(void);
void bench_ipc(const char *suffix);
void bench_procmove(void);
void bench_proccreate(void);
void bench_switch(int alias);
void bench_switch_fpu(void);
void bench_web(void);
void bench_io(void);
void bench_omf(void);

/* roles the suites start this program in */
int role_echo(int argc, char **argv);
int role_grow(int argc, char **argv);
int role_yielder(int argc, char **argv);
int role_fpuyielder(int argc, char **argv);
int role_webserver(int argc, char **argv);
int role_webclient(int argc, char **argv);
int role_updater(int argc, char **argv);
int role_holder(int argc, char **argv);

#endif

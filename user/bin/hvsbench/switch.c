/*
 * Table 2: the process switch. Two processes call yield alternately, 1,000
 * switches per batch, in one space and in two; each touches `pages`
 * distinct pages of its own between switches, so the refill of a flushed
 * TLB shows. Booted with "nopge" the kernel's own pages are flushed too
 * (suite "switch-nopge"). Suite "switch-fpu": the same-space switch when
 * both processes use the FPU between switches (fpu=1) or neither does
 * (fpu=0); boot with "fpu=eager" (make boot KOPTS=fpu=eager) to compare the
 * kernel's two FPU policies.
 *
 * Where the two buffers lie matters under QEMU TCG. Its software TLB is
 * direct-mapped, indexed by the virtual page number modulo its size, with an
 * 8-entry victim TLB; and the two processes are copies of one program in
 * 4 MiB-aligned ranges (DESIGN §3), so their heaps start at the same offset
 * in their ranges and page i of one evicts page i of the other even when
 * nothing is flushed. The partner therefore places its buffer right after
 * the measurer's, modulo 4 MiB ("switch": distinct TLB slots, the working
 * sets of both fit, as HVS assumes); suite "switch-alias" places it at the
 * same offset, to show the collision: there a same-space switch refills as
 * much as a cross-space one once more than 8 pages collide.
 *
 * QEMU also sizes that TLB to the working set, but only when it flushes it
 * (it doubles if more than 70% of its entries were used since the last
 * flush), and a same-space ping-pong never flushes: it would keep whatever
 * size the suite before it left. So before the batches, PRIME_ROUNDS round
 * trips each end in a CR3 reload of our own (flush_tlb), with both working
 * sets touched in between, until the TLB holds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS 500 /* two switches each */
#define WARMUP 2
#define BATCHES 11
#define RANGE_ALIGN 0x400000u /* DESIGN §3: a process's ranges are 4 MiB aligned */
#define PRIME_ROUNDS 6        /* flushes to grow QEMU's TLB from its least, 64, to 4,096 */
#define FLUSH_PAGES 32        /* more than mm/vspace.c's FLUSH_PAGES_MAX: one CR3 reload */

static const uint32_t pages_list[] = {0, 16, 64, 256};

/* A buffer of pages pages from the heap that starts at offset off within a
 * RANGE_ALIGN-aligned range (the heap grows past the gap); NULL if it cannot. */
static uint8_t *
buffer_at(uint32_t off, uint32_t pages)
{
    uint32_t gap = (off - (uint32_t)(uintptr_t)sbrk(0)) % RANGE_ALIGN;
    uint8_t *b = sbrk((int)(gap + (pages ? pages : 1) * 4096));

    return b == (void *)-1 ? NULL : b + gap;
}

/* role: hvsbench yielder PAGES COUNT OFF: touch PAGES pages, starting at
 * offset OFF of a 4 MiB range, and yield, COUNT times. */
int
role_yielder(int argc, char **argv)
{
    uint32_t pages = argc > 2 ? (uint32_t)atoi(argv[2]) : 0;
    uint32_t count = argc > 3 ? (uint32_t)atoi(argv[3]) : 0;
    uint32_t off = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 0) : 0;
    uint8_t *buf = buffer_at(off, pages);

    if (buf == NULL)
        return 1;
    for (uint32_t i = 0; i < count; i++) {
        touch_pages(buf, pages);
        yield();
    }
    return 0;
}

/* The measuring side of a ping-pong: touch pages, then switch. */
struct pingpong {
    uint8_t *buf;
    uint32_t pages; /* distinct pages touched */
};

static int
pingpong_batch(void *ctx, int64_t cycles[2])
{
    struct pingpong *p = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < ROUNDS; i++) {
        touch_pages(p->buf, p->pages);
        yield();
    }
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

/* Flush the whole TLB by a CR3 reload in our own space: unmapping more than
 * FLUSH_PAGES_MAX pages at once, as giving back fresh heap pages does, makes
 * the kernel reload CR3 instead of flushing page by page. */
static void
flush_tlb(void)
{
    if (sbrk(FLUSH_PAGES * 4096) != (void *)-1)
        sbrk(-FLUSH_PAGES * 4096);
}

/* BENCH switch[-nopge] same|cross pages=N, or switch-alias (alias != 0):
 * the partner's pages in the TLB slots after the measurer's, or in the same. */
void
bench_switch(int alias)
{
    struct sysstat st;
    struct sample s = {0};
    char pa[12], ca[12], oa[12];
    uint8_t *buf = sbrk(256 * 4096);

    sysstat(&st);
    const char *suite = alias                         ? "switch-alias"
                        : (st.features & SYSSTAT_PGE) ? "switch"
                                                      : "switch-nopge";
    if (buf == (void *)-1)
        return;
    for (unsigned p = 0; p < sizeof(pages_list) / sizeof(pages_list[0]); p++) {
        uint32_t pages = pages_list[p];
        uint32_t off = ((uint32_t)(uintptr_t)buf + (alias ? 0 : pages * 4096)) % RANGE_ALIGN;
        for (int cross = 0; cross < 2; cross++) {
            char *argv[] = {"hvsbench",
                            "yielder",
                            (char *)itoa_tmp((int)pages, pa),
                            (char *)itoa_tmp(ROUNDS * (WARMUP + BATCHES) + 1000, ca),
                            (char *)itoa_tmp((int)off, oa),
                            NULL};
            rid_t pid = spawn("hvsbench", argv, cross ? 0 : getvmid(0));
            if (pid < 0)
                continue;
            yield(); // let it reach its loop
            for (int r = 0; r < PRIME_ROUNDS; r++) {
                touch_pages(buf, pages);
                yield();     // the partner touches its pages
                flush_tlb(); // QEMU resizes its TLB to what was used since the last flush
            }
            struct pingpong p = {.buf = buf, .pages = pages};
            measure(SAMPLES(&s), WARMUP, BATCHES, 2 * ROUNDS, pingpong_batch, &p);
            bench_report(suite, cross ? "cross" : "same", "pages", pages, &s);
            resdelete(pid);
            run_wait(pid);
        }
    }
    sbrk(-256 * 4096);
}

/* One x87 load and store: enough to make the FPU registers ours. */
static void
touch_fpu(void)
{
    static volatile double x = 1.0;
    double y;

    __asm__ volatile("fldl %1\n\tfstpl %0" : "=m"(y) : "m"(x));
    x = y;
}

/* role: hvsbench fpuyielder USE COUNT: use the FPU (if USE) and yield, COUNT times. */
int
role_fpuyielder(int argc, char **argv)
{
    int use = argc > 2 ? atoi(argv[2]) : 0;
    uint32_t count = argc > 3 ? (uint32_t)atoi(argv[3]) : 0;

    for (uint32_t i = 0; i < count; i++) {
        if (use)
            touch_fpu();
        yield();
    }
    return 0;
}

static int
yield_batch(void *ctx, int64_t cycles[2])
{
    uint64_t t0 = rdtsc();

    (void)ctx;
    for (int i = 0; i < ROUNDS; i++)
        yield();
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
fpu_batch(void *ctx, int64_t cycles[2])
{
    uint64_t t0 = rdtsc();

    (void)ctx;
    for (int i = 0; i < ROUNDS; i++) {
        touch_fpu();
        yield();
    }
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

/* BENCH switch-fpu same fpu=0|1 */
void
bench_switch_fpu(void)
{
    char ua[12], ca[12];

    for (int use = 0; use < 2; use++) {
        struct sample s = {0};
        char *argv[] = {"hvsbench", "fpuyielder", (char *)itoa_tmp(use, ua),
                        (char *)itoa_tmp(ROUNDS * (WARMUP + BATCHES) + 1000, ca), NULL};
        rid_t pid = spawn("hvsbench", argv, getvmid(0));
        if (pid < 0)
            continue;
        yield();
        measure(SAMPLES(&s), WARMUP, BATCHES, 2 * ROUNDS, use ? fpu_batch : yield_batch, NULL);
        bench_report("switch-fpu", "same", "fpu", (uint32_t)use, &s);
        resdelete(pid);
        run_wait(pid);
    }
}

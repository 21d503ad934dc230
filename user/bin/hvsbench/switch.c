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
 *
 * The targets compare the placements and the page counts, so one set
 * interleaves all eight, ROUNDS round trips a batch and TURNS batches a
 * round: a partner for each lives through the suite, blocked on a box of
 * its own until an order says how many times to yield, and every batch
 * starts with that order and the priming (the cross-space batches between
 * may have shrunk QEMU's TLB again).
 */
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS 10      /* two switches each, per batch */
#define FPU_ROUNDS 500 /* switch-fpu: per batch */
#define TURNS 50       /* batches per round */
#define WARMUP 2       /* switch-fpu */
#define BATCHES 11     /* switch-fpu */
#define NPAGES (sizeof(pages_list) / sizeof(pages_list[0]))
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

/* role: hvsbench yielder PAGES OFF BOX: with PAGES pages starting at offset
 * OFF of a 4 MiB range, take an order from BOX (a container holding a count
 * N), touch the pages and yield, N times, and again; until N is 0. */
int
role_yielder(int argc, char **argv)
{
    uint32_t pages = argc > 2 ? (uint32_t)atoi(argv[2]) : 0;
    uint32_t off = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 0) : 0;
    rid_t box = argc > 4 ? (rid_t)atoi(argv[4]) : 0;
    uint8_t *buf = buffer_at(off, pages);
    struct cmsg m;
    rid_t c;

    if (buf == NULL)
        return 1;
    while ((c = crecv(box, &m, IPC_FOREVER)) >= 0) {
        uint32_t count = m.size >= 4 ? *(uint32_t *)cmsg_data(&m) : 0;
        resdelete(c);
        if (count == 0)
            return 0;
        for (uint32_t i = 0; i < count; i++) {
            touch_pages(buf, pages);
            yield();
        }
    }
    return 2;
}

/* One kind of ping-pong: the measurer touches pages of its buffer, the
 * partner pid (waiting on box) as many of its own, in turn. */
struct pingpong {
    uint8_t *buf;
    uint32_t pages; /* distinct pages touched */
    rid_t pid, box;
};

/* Order count yields from the partner of p. Returns 0 or -1. */
static int
order(struct pingpong *p, uint32_t count)
{
    struct cmsg m;
    rid_t c = ccreate(4, &m);

    if (c < 0)
        return -1;
    *(uint32_t *)cmsg_data(&m) = count;
    return csend(p->box, c) < 0 ? -1 : 0;
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

/* Untimed: wake the partner for PRIME_ROUNDS + ROUNDS yields, and prime
 * QEMU's TLB with both working sets (see the file comment). */
static int
pingpong_prepare(void *ctx)
{
    struct pingpong *p = ctx;

    if (order(p, PRIME_ROUNDS + ROUNDS) < 0)
        return -1;
    for (int r = 0; r < PRIME_ROUNDS; r++) {
        touch_pages(p->buf, p->pages);
        yield();     // the partner touches its pages
        flush_tlb(); // QEMU resizes its TLB to what was used since the last flush
    }
    return 0;
}

/* ROUNDS round trips, timed; then (untimed) the partner back to its box. */
static int
pingpong_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct pingpong *p = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < ROUNDS; i++) {
        touch_pages(p->buf, p->pages);
        yield();
    }
    cycles[0] += (int64_t)(rdtsc() - t0);
    wait_blocked(p->pid);
    return 0;
}

/* BENCH switch[-nopge] same|cross pages=N, or switch-alias (alias != 0):
 * the partner's pages in the TLB slots after the measurer's, or in the same.
 * Every page count in both placements in one set. */
void
bench_switch(int alias)
{
    static struct set set;
    static struct pingpong pp[NPAGES][2];
    struct sysstat st;
    char pa[12], oa[12], ba[12];
    // One buffer for both suites, never given back: the set's lines are
    // malloc'd above it, and a shrinking break would take them along.
    static uint8_t *buf;
    struct series *line[NPAGES][2];
    struct kind *k;

    sysstat(&st);
    const char *suite = alias                         ? "switch-alias"
                        : (st.features & SYSSTAT_PGE) ? "switch"
                                                      : "switch-nopge";
    if (!buf && (buf = sbrk(256 * 4096)) == (void *)-1)
        buf = NULL;
    if (!buf)
        return;
    set_init(&set);
    set.chunks = TURNS;
    for (unsigned p = 0; p < NPAGES; p++) {
        uint32_t pages = pages_list[p];
        uint32_t off = ((uint32_t)(uintptr_t)buf + (alias ? 0 : pages * 4096)) % RANGE_ALIGN;
        for (int cross = 0; cross < 2; cross++) {
            struct pingpong *q = &pp[p][cross];
            line[p][cross] = set_line(&set, suite, cross ? "cross" : "same", "pages", pages);
            *q = (struct pingpong){.buf = buf, .pages = pages, .box = cbcreate("", BENCH_MODE)};
            char *argv[] = {"hvsbench",
                            "yielder",
                            (char *)itoa_tmp((int)pages, pa),
                            (char *)itoa_tmp((int)off, oa),
                            (char *)itoa_tmp(q->box, ba),
                            NULL};
            q->pid = q->box < 0 ? -1 : spawn("hvsbench", argv, cross ? 0 : getvmid(0));
            if (q->pid < 0 || !(k = set_kind(&set, pingpong_batch, q, 2 * ROUNDS)))
                continue;
            wait_blocked(q->pid); // at its box
            k->prepare = pingpong_prepare;
            k->out[0] = line[p][cross];
        }
    }
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
    for (unsigned p = 0; p < NPAGES; p++)
        for (int cross = 0; cross < 2; cross++) {
            struct pingpong *q = &pp[p][cross];
            if (q->pid > 0) {
                order(q, 0); // stop
                run_wait(q->pid);
            }
            if (q->box > 0)
                resdelete(q->box);
        }
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
yield_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    uint64_t t0 = rdtsc();

    (void)ctx;
    for (int i = 0; i < FPU_ROUNDS; i++)
        yield();
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
fpu_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    uint64_t t0 = rdtsc();

    (void)ctx;
    for (int i = 0; i < FPU_ROUNDS; i++) {
        touch_fpu();
        yield();
    }
    cycles[0] += (int64_t)(rdtsc() - t0);
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
                        (char *)itoa_tmp(FPU_ROUNDS * (WARMUP + BATCHES) + 1000, ca), NULL};
        rid_t pid = spawn("hvsbench", argv, getvmid(0));
        if (pid < 0)
            continue;
        yield();
        measure(&s, WARMUP, BATCHES, 2 * FPU_ROUNDS, use ? fpu_batch : yield_batch, NULL);
        bench_report("switch-fpu", "same", "fpu", (uint32_t)use, &s);
        resdelete(pid);
        run_wait(pid);
    }
}

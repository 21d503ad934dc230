/*
 * Fig. 6: procmove against process size, into an existing space and into a
 * freshly created one (vmcreate + procmove), plus vmcreate alone. The moved
 * process grows its heap to the size and touches every page, then blocks in
 * a receive, so the kernel moves a process that is not running and neither
 * space involved is loaded: what is measured is the move itself.
 *
 * A process of every size lives through the suite, and one batch measures
 * all of it in turn, a few operations at a time: CHUNK moves into an
 * existing space per size, a move into a fresh space per size, a vmcreate
 * alone, and again (targets read new − existing against vmcreate, and the
 * largest size against the smallest). The set holds nothing else: what a
 * move costs under TCG depends on the work before it (proccreate's
 * batches between the moves made the 4 MiB process's dearer by a tenth).
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define TURNS 10    /* batches per round (the set's chunks) */
#define MOVES 10    /* into an existing space, per size and batch: 100 a round */
#define NEW_MOVES 2 /* into a fresh space, per size and batch; vmcreate alone as many */
#define CHUNK 5     /* existing-space moves timed together */
#define NSIZES (sizeof(sizes_kib) / sizeof(sizes_kib[0]))

static const uint32_t sizes_kib[] = {16, 64, 256, 1024, 4096};

/* role: hvsbench grow KIB BOX: grow the heap by KIB KiB, touch it, wait on BOX. */
int
role_grow(int argc, char **argv)
{
    uint32_t bytes = argc > 2 ? (uint32_t)atoi(argv[2]) * 1024u : 0;
    rid_t box = argc > 3 ? (rid_t)atoi(argv[3]) : 0;
    struct cmsg m;
    uint8_t *heap = sbrk((int)bytes);

    if (heap == (void *)-1)
        return 1;
    touch_pages(heap, bytes / 4096);
    crecv(box, &m, IPC_FOREVER); // until killed
    return 0;
}

/* The processes of every size, and the spaces they move between: two of
 * their own each, so a space holds only the process moved (what a move
 * costs depends on what else lives there). */
struct moves {
    rid_t pid[NSIZES];          /* 0: none of that size */
    rid_t a[NSIZES], b[NSIZES]; /* the existing spaces; a: where it started */
    rid_t prev[NSIZES];         /* where each is after its last move into a fresh space */
    int flip;                   /* the sizes' order in the chunk before: largest first */
};

/* CHUNK moves of m->pid[s] between the existing spaces after an untimed
 * one (the emulated TLB refills what the other sizes' moves evicted, as a
 * run of moves of one process would not); returns the cycles. */
static uint64_t
existing_chunk(struct moves *m, unsigned s)
{
    procmove(m->pid[s], m->a[s]);
    uint64_t t0 = rdtsc();

    for (int i = 0; i < CHUNK; i++)
        procmove(m->pid[s], i & 1 ? m->a[s] : m->b[s]);
    return rdtsc() - t0;
}

/* One move of m->pid[s] into a fresh space, timed with the space's
 * creation, after an untimed move between the existing ones (the same
 * refill); the space it left goes, untimed. */
static uint64_t
fresh_move(struct moves *m, unsigned s)
{
    procmove(m->pid[s], m->a[s]);
    procmove(m->pid[s], m->b[s]);
    uint64_t t0 = rdtsc();
    rid_t vs = vmcreate("", BENCH_MODE);
    procmove(m->pid[s], vs);
    uint64_t t = rdtsc() - t0;

    if (m->prev[s] != m->a[s])
        resdelete(m->prev[s]); // empty now; not part of the move
    m->prev[s] = vs;
    return t;
}

/* One vmcreate alone; returns its cycles (the deletion after is not timed). */
uint64_t
vmcreate_once(void)
{
    uint64_t t0 = rdtsc();
    rid_t vs = vmcreate("", BENCH_MODE);
    uint64_t t = rdtsc() - t0;

    resdelete(vs);
    return t;
}

/* The whole figure, interleaved: adds per size to cycles[s] the
 * existing-space move and to cycles[NSIZES + s] the fresh one, to
 * cycles[2 * NSIZES] vmcreate; all per operation (the kind's ops is 1).
 * The sizes take their turns smallest first and largest first alternately:
 * the first move after other work is dearer (the emulated TLB refills),
 * and no size should always pay that. */
static int
moves_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct moves *m = ctx;
    uint64_t existing[NSIZES] = {0}, fresh[NSIZES] = {0}, vm = 0;

    for (int c = 0; c < MOVES / CHUNK; c++) {
        m->flip ^= 1;
        for (unsigned j = 0; j < NSIZES; j++) {
            unsigned s = m->flip ? NSIZES - 1 - j : j;
            if (m->pid[s])
                existing[s] += existing_chunk(m, s);
        }
        for (int i = 0; i < NEW_MOVES * CHUNK / MOVES; i++) {
            for (unsigned j = 0; j < NSIZES; j++) {
                unsigned s = m->flip ? NSIZES - 1 - j : j;
                if (m->pid[s])
                    fresh[s] += fresh_move(m, s);
            }
            vm += vmcreate_once();
        }
    }
    for (unsigned s = 0; s < NSIZES; s++) {
        cycles[s] += (int64_t)(existing[s] / MOVES);
        cycles[NSIZES + s] += (int64_t)(fresh[s] / NEW_MOVES);
    }
    cycles[2 * NSIZES] += (int64_t)(vm / NEW_MOVES);
    return 0;
}
_Static_assert(2 * NSIZES + 1 <= KIND_OUT, "a batch holds every line of the figure");
_Static_assert(MOVES % CHUNK == 0 && NEW_MOVES * CHUNK % MOVES == 0, "whole chunks");

/* BENCH procmove existing|new size=KiB and BENCH vmcreate space size=0, one set */
void
bench_procmove(void)
{
    static struct set set;
    static struct moves m;
    char kib[12], boxs[12];
    rid_t box = cbcreate("", BENCH_MODE);
    struct series *line[NSIZES][2];
    struct kind *k;

    m = (struct moves){0};
    set_init(&set);
    set.chunks = TURNS;
    for (unsigned i = 0; i < NSIZES; i++) {
        char *argv[] = {"hvsbench", "grow", (char *)itoa_tmp((int)sizes_kib[i], kib),
                        (char *)itoa_tmp(box, boxs), NULL};
        rid_t a = vmcreate("", BENCH_MODE), b = vmcreate("", BENCH_MODE);
        rid_t pid = a < 0 || b < 0 ? -ENOSPC : spawn("hvsbench", argv, a);
        if (pid < 0) {
            printf("# procmove: cannot start a %u KiB process: %d\n", sizes_kib[i], pid);
            resdelete(a);
            resdelete(b);
            continue;
        }
        wait_blocked(pid);
        m.pid[i] = pid;
        m.a[i] = m.prev[i] = a;
        m.b[i] = b;
        line[i][0] = set_line(&set, "procmove", "existing", "size", sizes_kib[i]);
        line[i][1] = set_line(&set, "procmove", "new", "size", sizes_kib[i]);
    }
    struct series *vmline = set_line(&set, "vmcreate", "space", "size", 0);
    if ((k = set_kind(&set, moves_batch, &m, 1))) {
        for (unsigned i = 0; i < NSIZES; i++)
            if (m.pid[i]) {
                k->out[i] = line[i][0];
                k->out[NSIZES + i] = line[i][1];
            }
        k->out[2 * NSIZES] = vmline;
    }
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
    for (unsigned i = 0; i < NSIZES; i++) {
        if (!m.pid[i])
            continue;
        procmove(m.pid[i], m.a[i]);
        resdelete(m.pid[i]);
        run_wait(m.pid[i]);
        if (m.prev[i] != m.a[i])
            resdelete(m.prev[i]);
        resdelete(m.a[i]);
        resdelete(m.b[i]);
    }
    resdelete(box);
}

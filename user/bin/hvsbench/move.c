/*
 * Fig. 6: procmove against process size, into an existing space and into a
 * freshly created one (vmcreate + procmove), plus vmcreate alone. The moved
 * process grows its heap to the size and touches every page, then blocks in
 * a receive, so the kernel moves a process that is not running and neither
 * space involved is loaded: what is measured is the move itself.
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

#define MOVES 100
#define NEW_MOVES 20
#define WARMUP 2
#define BATCHES 11

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

static void
wait_blocked(rid_t pid)
{
    struct res_info info;

    do
        yield();
    while (resinfo(pid, &info) == 0 && info.u.proc.state != PROC_BLOCKED);
}

struct moves {
    rid_t pid, a, b;  /* moves between a and b */
    rid_t home, prev; /* moves into fresh spaces: where it started, where it is */
};

static int
existing_batch(void *ctx, int64_t cycles[2])
{
    struct moves *m = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < MOVES; i++)
        procmove(m->pid, i & 1 ? m->a : m->b);
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
fresh_batch(void *ctx, int64_t cycles[2])
{
    struct moves *m = ctx;
    uint64_t total = 0;

    for (int i = 0; i < NEW_MOVES; i++) {
        uint64_t t0 = rdtsc();
        rid_t vs = vmcreate("", BENCH_MODE);
        procmove(m->pid, vs);
        total += rdtsc() - t0;
        if (m->prev != m->home)
            resdelete(m->prev); // empty now; not part of the move
        m->prev = vs;
    }
    cycles[0] = (int64_t)total;
    return 0;
}

static int
vmcreate_batch(void *ctx, int64_t cycles[2])
{
    uint64_t total = 0;

    (void)ctx;
    for (int i = 0; i < NEW_MOVES; i++) {
        uint64_t t0 = rdtsc();
        rid_t vs = vmcreate("", BENCH_MODE);
        total += rdtsc() - t0;
        resdelete(vs);
    }
    cycles[0] = (int64_t)total;
    return 0;
}

static void
vmcreate_alone(void)
{
    struct sample s = {0};

    measure(SAMPLES(&s), WARMUP, BATCHES, NEW_MOVES, vmcreate_batch, NULL);
    bench_report("vmcreate", "space", "size", 0, &s);
}

/* BENCH procmove existing|new size=KiB, BENCH vmcreate space size=0 */
void
bench_procmove(void)
{
    char kib[12], boxs[12];
    rid_t box = cbcreate("", BENCH_MODE);
    rid_t a = vmcreate("", BENCH_MODE), b = vmcreate("", BENCH_MODE);
    struct sample s = {0};

    for (unsigned i = 0; i < sizeof(sizes_kib) / sizeof(sizes_kib[0]); i++) {
        char *argv[] = {"hvsbench", "grow", (char *)itoa_tmp((int)sizes_kib[i], kib),
                        (char *)itoa_tmp(box, boxs), NULL};
        rid_t pid = spawn("hvsbench", argv, a);
        if (pid < 0) {
            printf("# procmove: cannot start a %u KiB process: %d\n", sizes_kib[i], pid);
            continue;
        }
        wait_blocked(pid);
        struct moves m = {.pid = pid, .a = a, .b = b, .home = a, .prev = a};
        measure(SAMPLES(&s), WARMUP, BATCHES, MOVES, existing_batch, &m);
        bench_report("procmove", "existing", "size", sizes_kib[i], &s);
        procmove(pid, a);
        measure(SAMPLES(&s), WARMUP, BATCHES, NEW_MOVES, fresh_batch, &m);
        rid_t last = m.prev;
        bench_report("procmove", "new", "size", sizes_kib[i], &s);
        resdelete(pid);
        run_wait(pid);
        if (last != a)
            resdelete(last);
    }
    vmcreate_alone();
    resdelete(a);
    resdelete(b);
    resdelete(box);
}

/*
 * Fig. 5: IPC round trip against container size, with the echo process in
 * the benchmark's own space and in another space. The client's ccall and the
 * server's ccall (answer, take the next) make a round trip of two kernel
 * entries and two process switches; 100 round trips per batch.
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define TRIPS 100
#define WARMUP 2
#define BATCHES 11
#define STOP 0xffffffffu

static const uint32_t sizes[] = {0, 64, 1024, 4096, 16384, 65536};

/* role: hvsbench echo BOX: answer every ccall until a 4-byte STOP arrives. */
int
role_echo(int argc, char **argv)
{
    rid_t box = argc > 2 ? (rid_t)strtol(argv[2], NULL, 0) : 0;
    struct cmsg m;

    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 10 + errno;
    for (;;) {
        if (m.size == 4 && *(uint32_t *)cmsg_data(&m) == STOP)
            return csend(m.reply, m.cont) < 0 ? 20 + errno : 0;
        if (ccall(m.reply, m.cont, box, &m, IPC_FOREVER) < 0)
            return 30 + errno;
    }
}

struct trips {
    rid_t box, reply, c;
    struct cmsg m;
};

static int
trips_batch(void *ctx, int64_t cycles[2])
{
    struct trips *t = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < TRIPS; i++)
        t->c = ccall(t->box, t->c, t->reply, &t->m, IPC_FOREVER);
    cycles[0] = (int64_t)(rdtsc() - t0);
    return t->c < 0 ? -1 : 0;
}

static void
one_size(rid_t box, rid_t reply, uint32_t size, struct sample *s)
{
    struct trips t = {.box = box, .reply = reply};

    if ((t.c = ccreate(size, &t.m)) < 0)
        return;
    if (measure(SAMPLES(s), WARMUP, BATCHES, TRIPS, trips_batch, &t) == 0)
        resdelete(t.c);
}

/* BENCH ipc same|cross[suffix] size=N */
void
bench_ipc(const char *suffix)
{
    char arg[12], name[32];
    rid_t box = cbcreate("", BENCH_MODE), reply = cbcreate("", BENCH_MODE);
    char *argv[] = {"hvsbench", "echo", (char *)itoa_tmp(box, arg), NULL};
    struct sample s = {0};
    struct cmsg m;

    for (int cross = 0; cross < 2; cross++) {
        rid_t pid = spawn("hvsbench", argv, cross ? 0 : getvmid(0));
        snprintf(name, sizeof(name), "%s%s", cross ? "cross" : "same", suffix);
        for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            one_size(box, reply, sizes[i], &s);
            bench_report("ipc", name, "size", sizes[i], &s);
        }
        rid_t stop = ccreate(4, &m);
        *(uint32_t *)cmsg_data(&m) = STOP;
        if (ccall(box, stop, reply, &m, IPC_FOREVER) > 0)
            resdelete(m.cont);
        run_wait(pid);
    }
    resdelete(box);
    resdelete(reply);
}

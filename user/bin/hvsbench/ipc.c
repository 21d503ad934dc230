/*
 * Fig. 5: IPC round trip against container size, with the echo process in
 * the benchmark's own space and in another space. The client's ccall and the
 * server's ccall (answer, take the next) make a round trip of two kernel
 * entries and two process switches; 100 round trips per round, in TURNS
 * batches. Both echo processes live through the suite, each on a box of
 * its own, with a container per size for each, so one set interleaves
 * every size in both placements (and, in hvsbench all, the null call: a
 * target reads the round trip in null calls); an untimed round trip before
 * each batch refills the TLB the batch before may have flushed.
 * The register form (ccallr: two words and the answer in registers) is
 * measured beside them with a 0-byte container, against echo processes of
 * its own: lines "same-reg" and "cross-reg" at size 0.
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define TRIPS 10 /* per batch */
#define TURNS 10 /* batches per round */
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
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

/* role: hvsbench echo-reg BOX: echo the register form's words with ccallr
 * until a word 0 of STOP arrives. The first request is taken by crecv,
 * which does not show the words: its answer carries words of 0. */
int
role_echo_reg(int argc, char **argv)
{
    rid_t box = argc > 2 ? (rid_t)strtol(argv[2], NULL, 0) : 0, c;
    struct cmsg m;
    struct creg r = {{0, 0}, 0, 0};

    if ((c = crecv(box, &m, IPC_FOREVER)) < 0)
        return 10 + errno;
    r.reply = m.reply;
    for (;;) {
        if (r.w[0] == STOP)
            return csend(r.reply, c) < 0 ? 20 + errno : 0;
        if ((c = ccallr(r.reply, c, box, IPC_FOREVER, &r)) < 0)
            return 30 + errno;
    }
}

struct trips {
    rid_t box, reply, c;
    struct cmsg m;
    struct creg r; /* the register form's message */
};

static int
trips_warm(void *ctx)
{
    struct trips *t = ctx;

    t->c = ccall(t->box, t->c, t->reply, &t->m, IPC_FOREVER);
    return t->c < 0 ? -1 : 0;
}

static int
trips_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct trips *t = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < TRIPS; i++)
        t->c = ccall(t->box, t->c, t->reply, &t->m, IPC_FOREVER);
    cycles[0] += (int64_t)(rdtsc() - t0);
    return t->c < 0 ? -1 : 0;
}

static int
trips_reg_warm(void *ctx)
{
    struct trips *t = ctx;

    t->c = ccallr(t->box, t->c, t->reply, IPC_FOREVER, &t->r);
    return t->c < 0 ? -1 : 0;
}

static int
trips_reg_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct trips *t = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < TRIPS; i++)
        t->c = ccallr(t->box, t->c, t->reply, IPC_FOREVER, &t->r);
    cycles[0] += (int64_t)(rdtsc() - t0);
    return t->c < 0 ? -1 : 0;
}

/* Stop the register-form echo process on box with container c and reap it. */
static void
stop_echo_reg(rid_t box, rid_t reply, rid_t c, rid_t pid)
{
    struct creg r = {{STOP, 0}, 0, 0};

    if (c > 0 && (c = ccallr(box, c, reply, IPC_FOREVER, &r)) > 0)
        resdelete(c);
    run_wait(pid);
}

/* Stop the echo process on box and reap it. */
static void
stop_echo(rid_t box, rid_t reply, rid_t pid)
{
    struct cmsg m;
    rid_t stop = ccreate(4, &m);

    if (stop >= 0) {
        *(uint32_t *)cmsg_data(&m) = STOP;
        if (ccall(box, stop, reply, &m, IPC_FOREVER) > 0)
            resdelete(m.cont);
    }
    run_wait(pid);
}

/* Spawn an echo process (role echo or echo-reg) in our space or, cross, in
 * a new one, on a new box; its pid into *pid. Returns the box. */
static rid_t
echo_start(const char *role, int cross, rid_t *pid)
{
    static char arg[4][12];
    static int n;
    char *argv[] = {"hvsbench", (char *)role, NULL, NULL};
    rid_t box = cbcreate("", BENCH_MODE);

    argv[2] = (char *)itoa_tmp(box, arg[n++ % 4]);
    *pid = spawn("hvsbench", argv, cross ? 0 : getvmid(0));
    return box;
}

/* BENCH ipc same|cross[suffix] size=N, every size in both placements in one
 * set, and the register form's same-reg|cross-reg[suffix] size=0; with_null:
 * the null call's kinds and lines in the same set, first. */
void
bench_ipc(const char *suffix, int with_null)
{
    static struct set set;
    static struct trips t[2][NSIZES], treg[2];
    char name[2][32], rname[2][32];
    rid_t reply = cbcreate("", BENCH_MODE), box[2], pid[2], rbox[2], rpid[2];

    set_init(&set);
    set.chunks = TURNS;
    if (with_null)
        null_add(&set);
    for (int cross = 0; cross < 2; cross++) {
        box[cross] = echo_start("echo", cross, &pid[cross]);
        rbox[cross] = echo_start("echo-reg", cross, &rpid[cross]);
        snprintf(name[cross], sizeof(name[cross]), "%s%s", cross ? "cross" : "same", suffix);
        snprintf(rname[cross], sizeof(rname[cross]), "%s%s", cross ? "cross-reg" : "same-reg",
                 suffix);
    }
    struct series *line[2][NSIZES], *rline[2];
    for (int cross = 0; cross < 2; cross++) // printed as before: same, then cross
        for (unsigned i = 0; i < NSIZES; i++)
            line[cross][i] = set_line(&set, "ipc", name[cross], "size", sizes[i]);
    for (int cross = 0; cross < 2; cross++) // then the register form's
        rline[cross] = set_line(&set, "ipc", rname[cross], "size", 0);
    for (unsigned i = 0; i < NSIZES; i++) // measured side by side: same, cross
        for (int cross = 0; cross < 2; cross++) {
            struct trips *tr = &t[cross][i];
            struct kind *k;
            *tr = (struct trips){.box = box[cross], .reply = reply};
            if ((tr->c = ccreate(sizes[i], &tr->m)) >= 0 &&
                (k = set_kind(&set, trips_batch, tr, TRIPS))) {
                k->prepare = trips_warm;
                k->out[0] = line[cross][i];
            }
        }
    for (int cross = 0; cross < 2; cross++) {
        struct trips *tr = &treg[cross];
        struct kind *k;
        *tr = (struct trips){.box = rbox[cross], .reply = reply};
        if ((tr->c = ccreate(0, &tr->m)) >= 0 && (k = set_kind(&set, trips_reg_batch, tr, TRIPS))) {
            k->prepare = trips_reg_warm;
            k->out[0] = rline[cross];
        }
    }
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
    for (int cross = 0; cross < 2; cross++) {
        for (unsigned i = 0; i < NSIZES; i++)
            if (t[cross][i].c > 0)
                resdelete(t[cross][i].c);
        stop_echo(box[cross], reply, pid[cross]);
        resdelete(box[cross]);
        stop_echo_reg(rbox[cross], reply, treg[cross].c, rpid[cross]);
        resdelete(rbox[cross]);
    }
    resdelete(reply);
}

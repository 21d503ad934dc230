/*
 * hvsbench omf: section 4 of the OMF paper on this kernel, every figure with
 * our normal copying I/O (read/write through the file server, the paper's
 * FreeBSD column) beside OMF (readblock/writeblock, omf.h), and every figure
 * twice: the client in a space of its own (the paper's setting) and, with
 * the suffix "-hvs", in the file server's own space (HVS x OMF: same-space
 * IPC, no TLB flush on the round trip): this process moved there with
 * procmove, or the helper processes of the update and memory figures made
 * there with proccreate. All from the cache.
 *   read-copy, read-omf          size=N  a read of N bytes (4 KiB .. 1 MiB);
 *                                        readblock of a range mapped before
 *   write-copy, store-omf        size=N  into the cache: pwrite; stores into
 *                                        the mapping (what the paper's 0 costs)
 *   wdisk-copy, wdisk-omf        size=N  to the disk: pwrite + fsync; stores +
 *                                        writeblock from the mapping
 *   replace-{copy,omf}-{read,replace,write,total} size=N   Fig. 8: lowercase
 *                                        to uppercase, in parts (write: pwrite
 *                                        into the cache; OMF's is nothing)
 *   readbyte-omf                 calls=1 one readbyte of a mapped file
 *   rand1-copy, rand1-omf        reads=K Fig. 9: K one-byte reads at random
 *                                        offsets; OMF: one readblock, K readbyte
 *   fstat-call                   calls=1 one fstat: a round trip to the server
 *                                        (reads make none since DESIGN §9, so
 *                                        this is where HVS still saves)
 *   update-copy, update-omf      procs=P Figs. 11-12: P processes each update
 *                                        their own byte of one block; per
 *                                        update. Normal I/O takes a lock around
 *                                        pread-modify-pwrite: a token container
 *                                        in a box (crecv takes it, csend gives
 *                                        it back)
 *   mem-copy-frames, mem-omf-frames procs=N  §4.6: frames in use while N
 *                                        processes hold a 64 KiB file they read
 *                                        (cycles= carries the frame count)
 *
 * The targets compare OMF with normal I/O at one size, one size with
 * another and one placement with the other, so one set interleaves every
 * figure at every size in both placements: side by side the normal and the
 * OMF kind of a figure, each in this process's own space (a space made for
 * it, so it can go back) and in the server's, this process moving between
 * them untimed; each batch follows an untimed one of its own, so no batch
 * pays for the caches and the TLB its predecessor left. The update figure is
 * a set of its own, both ways and both placements of the helpers side by
 * side per process count; the frame counts are counts, measured once.
 */
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <omf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#define FILE_NAME "/tmp/hvsbench.omf"
#define FILE_SIZE (1024 * 1024)
#define SMALL (64 * 1024)
#define OPS 2   /* per batch */
#define TURNS 4 /* batches per round: 8 operations */
#define UPDATES 200
#define NPLACES 2 /* this process (or the helpers) in a space of its own, in the server's */

/* One kind: a figure at one size (or number of reads) in one placement. */
struct ctx {
    int fd;
    uint8_t *map; /* the file's mapping */
    uint32_t size;
    uint32_t reads;
    uint8_t *buf; /* FILE_SIZE bytes (on the heap: the helper roles do not pay for it) */
    rid_t space;  /* where this process runs the batch */
};

static struct ctx c;  /* the file, shared by the kinds */
static uint32_t seed; /* the random offsets of Fig. 9 */
static rid_t here;    /* the space this process is in */
static const char *const suffix[NPLACES] = {"", "-hvs"};

static int
read_copy(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pread(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
read_omf(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (!readblock(x->fd, x->size, 0))
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
write_copy(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pwrite(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
store_omf(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        memset(x->map, 'a' + i, x->size);
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
wdisk_copy(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < 2; i++)
        if (pwrite(x->fd, x->buf, x->size, 0) != (ssize_t)x->size || fsync(x->fd) < 0)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0) * OPS / 2; // per operation, as the others
    return 0;
}

static int
wdisk_omf(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < 2; i++) {
        memset(x->map, 'b' + i, x->size);
        if (writeblock(x->fd, x->map, x->size, 0, 0) != (ssize_t)x->size)
            return -1;
    }
    cycles[0] += (int64_t)(rdtsc() - t0) * OPS / 2;
    return 0;
}

static void
upcase(uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i] >= 'a' && p[i] <= 'z')
            p[i] -= 'a' - 'A';
}

static void
lowercase_file(struct ctx *x)
{
    for (uint32_t i = 0; i < x->size; i++)
        x->map[i] = (uint8_t)('a' + i % 26);
}

/* one replace, in three timed parts (cycles[0..2]: read, replace, write)
 * and their total (cycles[3]) */
static int
replace_copy(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;

    for (int i = 0; i < OPS; i++) {
        lowercase_file(x);
        uint64_t t0 = rdtsc();
        if (pread(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
        uint64_t t1 = rdtsc();
        upcase(x->buf, x->size);
        uint64_t t2 = rdtsc();
        if (pwrite(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
        uint64_t t3 = rdtsc();
        cycles[0] += (int64_t)(t1 - t0), cycles[1] += (int64_t)(t2 - t1);
        cycles[2] += (int64_t)(t3 - t2), cycles[3] += (int64_t)(t3 - t0);
    }
    return 0;
}

/* the same for OMF: read, replace and their total (cycles[0..2]) */
static int
replace_omf(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;

    for (int i = 0; i < OPS; i++) {
        lowercase_file(x);
        uint64_t t0 = rdtsc();
        uint8_t *p = readblock(x->fd, x->size, 0);
        if (!p)
            return -1;
        uint64_t t1 = rdtsc();
        upcase(p, x->size); // in the cache itself: nothing left to write
        uint64_t t2 = rdtsc();
        cycles[0] += (int64_t)(t1 - t0), cycles[1] += (int64_t)(t2 - t1);
        cycles[2] += (int64_t)(t2 - t0);
    }
    return 0;
}

static int
rand_copy(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint32_t off[16];
    uint8_t byte;

    for (int i = 0; i < OPS; i++) {
        for (uint32_t k = 0; k < x->reads; k++)
            off[k] = ((seed = seed * 1103515245u + 12345u) >> 8) % SMALL;
        uint64_t t0 = rdtsc();
        for (uint32_t k = 0; k < x->reads; k++)
            if (pread(x->fd, &byte, 1, (off_t)off[k]) != 1)
                return -1;
        cycles[0] += (int64_t)(rdtsc() - t0);
    }
    return 0;
}

static int
rand_omf(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    uint32_t off[16];
    volatile int sum = 0;

    for (int i = 0; i < OPS; i++) {
        for (uint32_t k = 0; k < x->reads; k++)
            off[k] = ((seed = seed * 1103515245u + 12345u) >> 8) % SMALL;
        uint64_t t0 = rdtsc();
        if (!readblock(x->fd, SMALL, 0)) // the one readblock the paper counts
            return -1;
        for (uint32_t k = 0; k < x->reads; k++)
            sum += readbyte(x->fd, (off_t)off[k]);
        cycles[0] += (int64_t)(rdtsc() - t0);
    }
    return 0;
}

/* A call the file server still answers (fstat: the times it folds from the
 * claims): what HVS saves on file I/O now that reads make no call. */
static int
fstat_call(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    struct stat st;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (fstat(x->fd, &st) < 0)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
readbytes(void *ctx, int64_t cycles[KIND_OUT])
{
    struct ctx *x = ctx;
    volatile int sum = 0;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS * 1000; i++)
        sum += readbyte(x->fd, (off_t)(i & (SMALL - 1)));
    cycles[0] += (int64_t)(rdtsc() - t0);
    return sum < 0 ? -1 : 0;
}

/* Untimed, before every batch: move this process to the kind's space. */
static int
go_to(void *ctx)
{
    struct ctx *x = ctx;

    if (x->space == here)
        return 0;
    if (procmove(getpid(), x->space) < 0) {
        printf("# omf: cannot move between spaces: %d\n", errno);
        return -1;
    }
    here = x->space;
    return 0;
}

static const uint32_t read_sizes[] = {4096, 8192, 16384, 65536, 1024 * 1024};
static const uint32_t write_sizes[] = {4096, 8192, 16384, 65536};
static const uint32_t replace_sizes[] = {4096, 8192, 16384};
static const uint32_t one[] = {1};
static const uint32_t reads[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
#define VALUES(a) a, sizeof(a) / sizeof(a[0])

/* A figure: its batch and its lines, in the order of the batch's cycles[]. */
struct figure {
    int (*fn)(void *ctx, int64_t cycles[KIND_OUT]);
    const char *line[KIND_OUT];
};

/* Two figures measured side by side at every value: normal I/O, then OMF. */
static const struct group {
    struct figure fig[2];
    const char *param;
    const uint32_t *values;
    unsigned nvalues;
} groups[] = {
    {{{read_copy, {"read-copy"}}, {read_omf, {"read-omf"}}}, "size", VALUES(read_sizes)},
    {{{write_copy, {"write-copy"}}, {store_omf, {"store-omf"}}}, "size", VALUES(write_sizes)},
    {{{wdisk_copy, {"wdisk-copy"}}, {wdisk_omf, {"wdisk-omf"}}}, "size", VALUES(write_sizes)},
    {{{replace_copy,
       {"replace-copy-read", "replace-copy-replace", "replace-copy-write", "replace-copy-total"}},
      {replace_omf, {"replace-omf-read", "replace-omf-replace", "replace-omf-total"}}},
     "size",
     VALUES(replace_sizes)},
    {{{NULL, {NULL}}, {readbytes, {"readbyte-omf"}}}, "calls", VALUES(one)}, // once mapped: a load
    {{{rand_copy, {"rand1-copy"}}, {rand_omf, {"rand1-omf"}}}, "reads", VALUES(reads)},
    {{{fstat_call, {"fstat-call"}}, {NULL, {NULL}}}, "calls", VALUES(one)}, // a round trip
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))
#define NKINDS (NPLACES * 2 * (5 + 4 + 4 + 3 + 1 + 16 + 1))

/* Every figure at every value in both placements (space[1] 0: only in
 * space[0]), one set. */
static void
all_figures(const rid_t space[NPLACES])
{
    static struct set set;
    static struct ctx ctx[NKINDS];
    static struct series *line[NPLACES][NGROUPS][2][16][KIND_OUT];
    static const int order[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}}; // (figure, placement)
    char name[48];
    int n = 0;

    set_init(&set);
    set.chunks = TURNS;
    for (int pl = 0; pl < NPLACES; pl++) // printed: each placement, group, figure, value
        for (unsigned g = 0; g < NGROUPS; g++)
            for (int f = 0; f < 2; f++)
                for (unsigned v = 0; v < groups[g].nvalues && space[pl]; v++)
                    for (int o = 0; o < KIND_OUT && groups[g].fig[f].line[o]; o++) {
                        snprintf(name, sizeof(name), "%s%s", groups[g].fig[f].line[o], suffix[pl]);
                        line[pl][g][f][v][o] =
                            set_line(&set, "omf", name, groups[g].param, groups[g].values[v]);
                    }
    for (unsigned g = 0; g < NGROUPS; g++) // measured side by side
        for (unsigned v = 0; v < groups[g].nvalues; v++)
            for (int i = 0; i < 4; i++) {
                int f = order[i][0], pl = order[i][1];
                const struct figure *fig = &groups[g].fig[f];
                struct kind *k;
                if (!fig->fn || !space[pl] || n == NKINDS)
                    continue;
                struct ctx *x = &ctx[n++];
                *x = c;
                x->size = x->reads = groups[g].values[v];
                x->space = space[pl];
                if (!(k = set_kind(&set, fig->fn, x, fig->fn == readbytes ? OPS * 1000 : OPS)))
                    continue;
                k->prepare = go_to;
                k->warm = 1;
                for (int o = 0; o < KIND_OUT && fig->line[o]; o++)
                    k->out[o] = line[pl][g][f][v][o];
            }
    seed = 42;
    if (set_run(&set, SET_WARMUP, SET_ROUNDS) < 0)
        printf("# omf: a batch failed: the lines end with the last whole round\n");
    set_report(&set);
}

/* role: hvsbench updater FILE INDEX N OMF LOCKBOX GOBOX: N updates of byte
 * INDEX of FILE's first block; reports its cycles per update in a container
 * to GOBOX after waiting for the start there. */
int
role_updater(int argc, char **argv)
{
    if (argc < 8)
        return 1;
    int index = atoi(argv[3]), n = atoi(argv[4]), omf = atoi(argv[5]);
    rid_t lock = atoi(argv[6]), go = atoi(argv[7]);
    int fd = open(argv[2], O_RDWR);
    struct cmsg m;
    uint8_t block[512];

    if (fd < 0)
        return 2;
    volatile uint8_t *p = omf ? readblock(fd, sizeof(block), 0) : NULL;
    if (omf && !p)
        return 3;
    rid_t got = crecv(go, &m, IPC_FOREVER); // the start
    if (got < 0)
        return 4;
    uint64_t t0 = rdtsc();
    for (int i = 0; i < n; i++) {
        if (omf) {
            p[index]++; // the stores of the others stay untouched
            continue;
        }
        struct cmsg t;
        rid_t token = crecv(lock, &t, IPC_FOREVER);
        if (token < 0 || pread(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block))
            return 5;
        block[index]++;
        if (pwrite(fd, block, sizeof(block), 0) != (ssize_t)sizeof(block) || csend(lock, token) < 0)
            return 6;
    }
    *(uint64_t *)cmsg_data(&m) = (rdtsc() - t0) / (uint64_t)n;
    if (csend(go, got) < 0)
        return 7;
    return close(fd) < 0 ? 8 : 0;
}

/* One kind of Figs. 11-12: procs updaters, each in a space of its own
 * (place 0) or in the file server's, by normal I/O or OMF. */
struct updates {
    int omf, procs;
    rid_t place;
};

/* One batch: UPDATES updates by each of the processes; adds the slowest
 * one's cycles per update to cycles[0]. */
static int
update_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct updates *u = ctx;
    rid_t lock = cbcreate("", BENCH_MODE), go = cbcreate("", BENCH_MODE), pids[3];
    struct cmsg m;
    char idx[4], n[8], o[4], l[16], g[16];
    int ok = 1;
    rid_t token = ccreate(4, &m);
    int64_t worst = 0;

    if (lock < 0 || go < 0 || token < 0 || csend(lock, token) < 0)
        return -1;
    snprintf(n, sizeof(n), "%d", UPDATES);
    snprintf(o, sizeof(o), "%d", u->omf);
    snprintf(l, sizeof(l), "%d", lock);
    snprintf(g, sizeof(g), "%d", go);
    for (int i = 0; i < u->procs; i++) {
        snprintf(idx, sizeof(idx), "%d", i * 7);
        char *argv[] = {"hvsbench", "updater", FILE_NAME, idx, n, o, l, g, NULL};
        pids[i] = spawn("hvsbench", argv, u->place);
    }
    for (int i = 0; i < u->procs; i++) { // let them all map and block, then start
        rid_t c2 = ccreate(8, &m);
        if (c2 < 0 || csend(go, c2) < 0)
            ok = 0;
    }
    for (int i = 0; i < u->procs; i++) {
        if (run_wait(pids[i]) != 0)
            ok = 0;
    }
    for (int i = 0; i < u->procs && ok; i++) { // the answers: each one's cycles per update
        rid_t r = crecv(go, &m, IPC_POLL);
        if (r < 0) {
            ok = 0;
            break;
        }
        int64_t per = (int64_t) * (uint64_t *)cmsg_data(&m);
        if (per > worst)
            worst = per;
        resdelete(r);
    }
    resdelete(lock);
    resdelete(go);
    if (!ok) {
        printf("# omf update omf=%d procs=%d failed\n", u->omf, u->procs);
        return -1;
    }
    cycles[0] += worst; // the slowest process's time per update
    return 0;
}

/* BENCH omf update-copy|update-omf[-hvs] procs=1..3, one set: per process
 * count both ways and both placements of the helpers side by side. */
static void
update(const rid_t place[NPLACES])
{
    static struct set set;
    static struct updates u[3][4];
    static const int order[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}}; // (omf, placement)
    struct series *line[NPLACES][2][3];
    char name[32];
    struct kind *k;

    set_init(&set);
    for (int pl = 0; pl < NPLACES; pl++)
        for (int omf = 0; omf < 2; omf++)
            for (int procs = 1; procs <= 3; procs++) {
                snprintf(name, sizeof(name), "%s%s", omf ? "update-omf" : "update-copy",
                         suffix[pl]);
                line[pl][omf][procs - 1] = set_line(&set, "omf", name, "procs", (uint32_t)procs);
            }
    for (int procs = 1; procs <= 3; procs++)
        for (int i = 0; i < 4; i++) {
            int omf = order[i][0], pl = order[i][1];
            u[procs - 1][i] = (struct updates){.omf = omf, .procs = procs, .place = place[pl]};
            if ((k = set_kind(&set, update_batch, &u[procs - 1][i], 1)))
                k->out[0] = line[pl][omf][procs - 1];
        }
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
}

/* role: hvsbench holder FILE OMF READY WAIT: read a 64 KiB file (into a
 * buffer of our own, or readblock), touch it, say so on box READY, then
 * block on box WAIT until killed. */
int
role_holder(int argc, char **argv)
{
    struct cmsg m;

    if (argc < 6)
        return 1;
    int fd = open(argv[2], O_RDONLY), omf = atoi(argv[3]);
    uint8_t *own = omf ? NULL : malloc(SMALL); // only normal I/O needs a buffer of its own
    volatile uint8_t *p = omf ? readblock(fd, SMALL, 0) : own;
    if (fd < 0 || !p || (!omf && pread(fd, own, SMALL, 0) != SMALL))
        return 2;
    int sum = 0;
    for (uint32_t i = 0; i < SMALL; i += 4096)
        sum += p[i];
    rid_t c = ccreate(4, &m);
    if (c < 0 || csend(atoi(argv[4]), c) < 0)
        return 3;
    crecv(atoi(argv[5]), &m, IPC_FOREVER); // until killed
    return sum == -1;
}

/* BENCH omf mem-copy-frames|mem-omf-frames[sfx] procs=1..8: frames in
 * use while n holders in place (0: each in its own space) hold the file. */
static void
memory(int omf, rid_t place, const char *sfx)
{
    for (int n = 1; n <= 8; n++) {
        rid_t ready = cbcreate("", BENCH_MODE), wait = cbcreate("", BENCH_MODE), pids[8];
        struct sysstat a, b;
        struct sample s = {0};
        struct cmsg m;
        char o[4], r[16], w[16];
        snprintf(o, sizeof(o), "%d", omf);
        snprintf(r, sizeof(r), "%d", ready);
        snprintf(w, sizeof(w), "%d", wait);
        sysstat(&a);
        for (int i = 0; i < n; i++) {
            char *argv[] = {"hvsbench", "holder", FILE_NAME, o, r, w, NULL};
            pids[i] = spawn("hvsbench", argv, place);
        }
        int got = 0;
        for (int i = 0; i < n; i++) { // all of them hold the file now
            rid_t c2 = crecv(ready, &m, 20000);
            if (c2 < 0)
                break;
            got++;
            resdelete(c2);
        }
        sysstat(&b);
        if (got == n) {
            char name[32];
            snprintf(name, sizeof(name), "%s%s", omf ? "mem-omf-frames" : "mem-copy-frames", sfx);
            sample_add(&s, (int64_t)a.free_frames - (int64_t)b.free_frames, 1);
            bench_report("omf", name, "procs", (uint32_t)n, &s);
        }
        for (int i = 0; i < n; i++) {
            resdelete(pids[i]);
            run_wait(pids[i]);
        }
        resdelete(ready);
        resdelete(wait);
    }
}

/* The suite: every figure with the client in a space of its own and in
 * the file server's space, side by side; then the update and memory
 * figures with their helpers placed both ways. */
void
bench_omf(void)
{
    rid_t server = resfind(RT_PROC, "omfs");
    int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);

    if (fd < 0 || server < 0) {
        printf("# omf: no file server or no disk\n");
        return;
    }
    if (!c.buf && !(c.buf = malloc(FILE_SIZE))) {
        printf("# omf: no memory\n");
        close(fd);
        return;
    }
    memset(c.buf, 'x', FILE_SIZE);
    if (pwrite(fd, c.buf, FILE_SIZE, 0) != FILE_SIZE || fsync(fd) < 0 ||
        !(c.map = readblock(fd, FILE_SIZE, 0))) {
        printf("# omf: cannot make %s\n", FILE_NAME);
        close(fd);
        return;
    }
    c.fd = fd;
    // A space of our own to come back to: the one we were started in goes
    // with its last process (us) when we first move out.
    rid_t own = vmcreate("", BENCH_MODE), srv = getvmid(server);
    rid_t space[NPLACES] = {own, srv};
    if (own < 0 || procmove(getpid(), own) < 0) {
        printf("# omf: cannot make a space to move between: %d\n", errno);
        close(fd);
        return;
    }
    here = own;
    if (procmove(getpid(), srv) < 0 || procmove(getpid(), own) < 0) {
        printf("# omf: cannot move into the server's space: %d\n", errno);
        space[1] = 0;
    }
    all_figures(space);
    if (here != own)
        procmove(getpid(), own);
    here = own;
    rid_t place[NPLACES] = {0, srv}; // the helpers: each in its own space, or the server's
    update(place);
    for (int pl = 0; pl < NPLACES; pl++) {
        memory(0, place[pl], suffix[pl]);
        memory(1, place[pl], suffix[pl]);
    }
    close(fd);
    unlink(FILE_NAME);
}

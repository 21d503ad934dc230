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
 *   update-copy, update-omf      procs=P Figs. 11-12: P processes each update
 *                                        their own byte of one block; per
 *                                        update. Normal I/O takes a lock around
 *                                        pread-modify-pwrite: a token container
 *                                        in a box (crecv takes it, csend gives
 *                                        it back)
 *   mem-copy-frames, mem-omf-frames procs=N  §4.6: frames in use while N
 *                                        processes hold a 64 KiB file they read
 *                                        (cycles= carries the frame count)
 */
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <omf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define FILE_NAME "/tmp/hvsbench.omf"
#define FILE_SIZE (1024 * 1024)
#define SMALL (64 * 1024)
#define WARMUP 2
#define BATCHES 11
#define OPS 8
#define UPDATES 200

struct ctx {
    int fd;
    uint8_t *map;       /* the file's mapping */
    uint32_t size;
    uint32_t reads;
    uint32_t seed;
    int64_t parts[3];   /* replace: read, replace, write */
    uint8_t *buf;       /* FILE_SIZE bytes (on the heap: the helper roles do not pay for it) */
};

static struct ctx c;
static const char *suffix = "";

static void
report(const char *name, const char *param, uint32_t value, struct sample *s)
{
    char full[48];

    snprintf(full, sizeof(full), "%s%s", name, suffix);
    bench_report("omf", full, param, value, s);
}

static int
read_copy(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pread(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
read_omf(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (!readblock(x->fd, x->size, 0))
            return -1;
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
write_copy(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pwrite(x->fd, x->buf, x->size, 0) != (ssize_t)x->size)
            return -1;
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
store_omf(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        memset(x->map, 'a' + i, x->size);
    cycles[0] = (int64_t)(rdtsc() - t0);
    return 0;
}

static int
wdisk_copy(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < 2; i++)
        if (pwrite(x->fd, x->buf, x->size, 0) != (ssize_t)x->size || fsync(x->fd) < 0)
            return -1;
    cycles[0] = (int64_t)(rdtsc() - t0) * OPS / 2; // per operation, as the others
    return 0;
}

static int
wdisk_omf(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < 2; i++) {
        memset(x->map, 'b' + i, x->size);
        if (writeblock(x->fd, x->map, x->size, 0, 0) != (ssize_t)x->size)
            return -1;
    }
    cycles[0] = (int64_t)(rdtsc() - t0) * OPS / 2;
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

/* one replace, in three timed parts; cycles[0] gets the total */
static int
replace_copy(void *ctx, int64_t cycles[2])
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
        x->parts[0] += (int64_t)(t1 - t0), x->parts[1] += (int64_t)(t2 - t1);
        x->parts[2] += (int64_t)(t3 - t2), cycles[0] += (int64_t)(t3 - t0);
    }
    return 0;
}

static int
replace_omf(void *ctx, int64_t cycles[2])
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
        x->parts[0] += (int64_t)(t1 - t0), x->parts[1] += (int64_t)(t2 - t1);
        cycles[0] += (int64_t)(t2 - t0);
    }
    return 0;
}

static int
rand_copy(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint32_t off[16];
    uint8_t byte;

    for (int i = 0; i < OPS; i++) {
        for (uint32_t k = 0; k < x->reads; k++)
            off[k] = ((x->seed = x->seed * 1103515245u + 12345u) >> 8) % SMALL;
        uint64_t t0 = rdtsc();
        for (uint32_t k = 0; k < x->reads; k++)
            if (pread(x->fd, &byte, 1, (off_t)off[k]) != 1)
                return -1;
        cycles[0] += (int64_t)(rdtsc() - t0);
    }
    return 0;
}

static int
rand_omf(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    uint32_t off[16];
    volatile int sum = 0;

    for (int i = 0; i < OPS; i++) {
        for (uint32_t k = 0; k < x->reads; k++)
            off[k] = ((x->seed = x->seed * 1103515245u + 12345u) >> 8) % SMALL;
        uint64_t t0 = rdtsc();
        if (!readblock(x->fd, SMALL, 0)) // the one readblock the paper counts
            return -1;
        for (uint32_t k = 0; k < x->reads; k++)
            sum += readbyte(x->fd, (off_t)off[k]);
        cycles[0] += (int64_t)(rdtsc() - t0);
    }
    return 0;
}

static int
readbytes(void *ctx, int64_t cycles[2])
{
    struct ctx *x = ctx;
    volatile int sum = 0;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS * 1000; i++)
        sum += readbyte(x->fd, (off_t)(i & (SMALL - 1)));
    cycles[0] = (int64_t)(rdtsc() - t0);
    return sum < 0 ? -1 : 0;
}

static void
measure_sizes(const char *name, const uint32_t *sizes, int n, int (*fn)(void *, int64_t[2]))
{
    struct sample s = {0};

    for (int i = 0; i < n; i++) {
        c.size = sizes[i];
        if (measure(SAMPLES(&s), WARMUP, BATCHES, OPS, fn, &c) == 0)
            report(name, "size", sizes[i], &s);
        else
            printf("# omf %s size=%u failed\n", name, sizes[i]);
    }
}

static void
replace_parts(const char *kind, int (*fn)(void *, int64_t[2]), int nparts)
{
    static const uint32_t sizes[] = {4096, 8192, 16384};
    static const char *const part[] = {"read", "replace", "write"};
    static struct sample total, parts[3];
    char name[32];

    for (int i = 0; i < 3; i++) {
        c.size = sizes[i];
        for (int b = 0; b < WARMUP + BATCHES; b++) {
            int64_t cycles[2] = {0, 0};
            c.parts[0] = c.parts[1] = c.parts[2] = 0;
            if (fn(&c, cycles) < 0)
                return;
            if (b < WARMUP)
                continue;
            sample_add(&total, cycles[0], OPS);
            for (int k = 0; k < nparts; k++)
                sample_add(&parts[k], c.parts[k], OPS);
        }
        for (int k = 0; k < nparts; k++) {
            snprintf(name, sizeof(name), "replace-%s-%s", kind, part[k]);
            report(name, "size", sizes[i], &parts[k]);
        }
        snprintf(name, sizeof(name), "replace-%s-total", kind);
        report(name, "size", sizes[i], &total);
    }
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

static rid_t place; // the space the helper processes go into: 0 (their own) or the server's

static void
update(int omf)
{
    struct sample s = {0};

    for (int procs = 1; procs <= 3; procs++) {
        for (int b = 0; b < WARMUP + 5; b++) {
            rid_t lock = cbcreate("", BENCH_MODE), go = cbcreate("", BENCH_MODE), pids[3];
            struct cmsg m;
            char idx[4], n[8], o[4], l[16], g[16];
            int ok = 1;
            rid_t token = ccreate(4, &m);
            if (lock < 0 || go < 0 || token < 0 || csend(lock, token) < 0)
                return;
            snprintf(n, sizeof(n), "%d", UPDATES);
            snprintf(o, sizeof(o), "%d", omf);
            snprintf(l, sizeof(l), "%d", lock);
            snprintf(g, sizeof(g), "%d", go);
            for (int i = 0; i < procs; i++) {
                snprintf(idx, sizeof(idx), "%d", i * 7);
                char *argv[] = {"hvsbench", "updater", FILE_NAME, idx, n, o, l, g, NULL};
                pids[i] = spawn("hvsbench", argv, place);
            }
            for (int i = 0; i < procs; i++) { // let them all map and block, then start
                rid_t c2 = ccreate(8, &m);
                if (c2 < 0 || csend(go, c2) < 0)
                    ok = 0;
            }
            int64_t worst = 0;
            for (int i = 0; i < procs; i++) {
                if (run_wait(pids[i]) != 0)
                    ok = 0;
            }
            for (int i = 0; i < procs && ok; i++) { // the answers: each one's cycles per update
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
                printf("# omf update omf=%d procs=%d failed\n", omf, procs);
                return;
            }
            if (b >= WARMUP)
                sample_add(&s, worst, 1); // the slowest process's time per update
        }
        report(omf ? "update-omf" : "update-copy", "procs", (uint32_t)procs, &s);
    }
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

static void
memory(int omf)
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
            sample_add(&s, (int64_t)a.free_frames - (int64_t)b.free_frames, 1);
            report(omf ? "mem-omf-frames" : "mem-copy-frames", "procs", (uint32_t)n, &s);
        }
        for (int i = 0; i < n; i++) {
            resdelete(pids[i]);
            run_wait(pids[i]);
        }
        resdelete(ready);
        resdelete(wait);
    }
}

static void
all_figures(void)
{
    static const uint32_t read_sizes[] = {4096, 8192, 16384, 65536, 1024 * 1024};
    static const uint32_t write_sizes[] = {4096, 8192, 16384, 65536};
    struct sample s = {0};

    measure_sizes("read-copy", read_sizes, 5, read_copy);
    measure_sizes("read-omf", read_sizes, 5, read_omf);
    measure_sizes("write-copy", write_sizes, 4, write_copy);
    measure_sizes("store-omf", write_sizes, 4, store_omf);
    measure_sizes("wdisk-copy", write_sizes, 4, wdisk_copy);
    measure_sizes("wdisk-omf", write_sizes, 4, wdisk_omf);
    replace_parts("copy", replace_copy, 3);
    replace_parts("omf", replace_omf, 2);
    if (measure(SAMPLES(&s), WARMUP, BATCHES, OPS * 1000, readbytes, &c) == 0)
        report("readbyte-omf", "calls", 1, &s); // once mapped: a load
    c.seed = 42;
    for (uint32_t k = 1; k <= 16; k++) {
        c.reads = k;
        if (measure(SAMPLES(&s), WARMUP, BATCHES, OPS, rand_copy, &c) == 0)
            report("rand1-copy", "reads", k, &s);
        if (measure(SAMPLES(&s), WARMUP, BATCHES, OPS, rand_omf, &c) == 0)
            report("rand1-omf", "reads", k, &s);
    }
}

/* The suite: every figure with the client in its own space, then in the
 * file server's space. */
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
    suffix = "";
    place = 0;
    all_figures();
    update(0);
    update(1);
    memory(0);
    memory(1);
    // the helper processes of Figs. 11-12 and 4.6 in the server's space
    suffix = "-hvs";
    place = getvmid(server);
    update(0);
    update(1);
    memory(0);
    memory(1);
    suffix = "";
    // HVS x OMF: the same client, moved into the server's space
    rid_t later = vmcreate("", BENCH_MODE);
    if (procmove(getpid(), getvmid(server)) == 0) {
        suffix = "-hvs";
        all_figures();
        procmove(getpid(), later);
    } else {
        printf("# omf: cannot move into the server's space: %d\n", errno);
    }
    close(fd);
    unlink(FILE_NAME);
}

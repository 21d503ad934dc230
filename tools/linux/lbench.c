/*
 * lbench: the Linux side of our benchmarks, run as /init of an initramfs
 * under Debian's stock i686 kernel in the same QEMU as our kernel
 * (tools/bench-linux.sh). It times, the Linux way, what hvsbench times on
 * ours, calibrated the same way (the TSC against CLOCK_MONOTONIC over 200 ms,
 * warm-up batches discarded, the median of per-operation batch means), and
 * prints DESIGN §6 BENCH lines in the suites of the figures they join:
 *   omf read-linux size=N         pread of N bytes from a tmpfs file (the cache)
 *   omf write-linux size=N        pwrite of N bytes into it
 *   omf replace-linux-{read,replace,write,total} size=N   pread, uppercase, pwrite
 *   omf rand1-linux reads=K       K one-byte preads at random offsets of 64 KiB
 *   omf load-linux calls=1        a load through a pre-faulted MAP_SHARED mapping
 *   omf update-linux procs=P      P processes update their byte of one block
 *                                 under a lock (a token byte in a pipe)
 *   switch linux-thread / linux-process pages=0   sched_yield ping-pong
 *   ipc linux-pipe-thread / linux-pipe-process size=1   pipe round trip
 *   proccreate linux-vfork-exec-wait-{nolibc,libc} KiB=N bytes=B   vfork + exec
 *                                 + wait of /lpadN-nolibc or /lpadN-libc
 *                                 (tools/linux/lpad.c: bpadN's twins, with no C
 *                                 library and with glibc's static start-up), B
 *                                 the file's real size
 * Then it ends QEMU through isa-debug-exit (port 0xf4).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 2
#define BATCHES 11
#define OPS 8
#define BIG (1024 * 1024)
#define SMALL (64 * 1024)
#define FILE_NAME "/tmp/lbench"

static uint64_t tsc_khz;

static inline uint64_t
rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t
now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
calibrate(void)
{
    uint64_t n0 = now_ns(), t0 = rdtsc();
    while (now_ns() - n0 < 200000000ull)
        ;
    uint64_t n1 = now_ns(), t1 = rdtsc();
    tsc_khz = (t1 - t0) * 1000000ull / (n1 - n0);
    printf("BENCH meta cpu tsc_khz=%llu linux=1\n", (unsigned long long)tsc_khz);
}

static int
cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

struct sample {
    int64_t v[64];
    int n;
};

static void
report_extra(const char *suite, const char *name, const char *param, uint32_t value,
             struct sample *s, const char *extra)
{
    if (!s->n)
        return;
    qsort(s->v, (size_t)s->n, sizeof(s->v[0]), cmp);
    int64_t med = s->v[s->n / 2];
    uint64_t ns = (uint64_t)med * 1000000ull / tsc_khz;
    printf("BENCH %s %s %s=%u%s cycles=%lld us=%llu.%03llu n=%d min=%lld max=%lld\n", suite, name,
           param, value, extra, (long long)med, (unsigned long long)(ns / 1000),
           (unsigned long long)(ns % 1000), s->n, (long long)s->v[0], (long long)s->v[s->n - 1]);
    fflush(stdout);
    s->n = 0;
}

static void
report(const char *suite, const char *name, const char *param, uint32_t value, struct sample *s)
{
    report_extra(suite, name, param, value, s, "");
}

/* batches of OPS calls of fn(arg); per-call cycles */
static void
measure(struct sample *s, int ops, void (*fn)(void *), void *arg)
{
    for (int b = 0; b < WARMUP + BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < ops; i++)
            fn(arg);
        uint64_t t = rdtsc() - t0;
        if (b >= WARMUP && s->n < 64)
            s->v[s->n++] = (int64_t)(t / (uint64_t)ops);
    }
}

static int fd;
static uint8_t *buf, *map;
static uint32_t size, reads, seed = 42;

static void do_pread(void *a) { (void)a; if (pread(fd, buf, size, 0) != (ssize_t)size) exit(2); }
static void do_pwrite(void *a) { (void)a; if (pwrite(fd, buf, size, 0) != (ssize_t)size) exit(3); }

static void
files(void)
{
    static const uint32_t sizes[] = {4096, 8192, 16384, 65536, BIG};
    struct sample s = {{0}, 0}, parts[4];

    buf = malloc(BIG);
    memset(buf, 'x', BIG);
    fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || pwrite(fd, buf, BIG, 0) != BIG)
        exit(1);
    for (int i = 0; i < 5; i++) {
        size = sizes[i];
        measure(&s, OPS, do_pread, NULL);
        report("omf", "read-linux", "size", size, &s);
    }
    for (int i = 0; i < 4; i++) {
        size = sizes[i];
        measure(&s, OPS, do_pwrite, NULL);
        report("omf", "write-linux", "size", size, &s);
    }
    static const char *const part[] = {"replace-linux-read", "replace-linux-replace",
                                       "replace-linux-write", "replace-linux-total"};
    for (int i = 0; i < 3; i++) {
        size = sizes[i];
        memset(parts, 0, sizeof(parts));
        for (int b = 0; b < WARMUP + BATCHES; b++) {
            uint64_t sum[4] = {0, 0, 0, 0};
            for (int k = 0; k < OPS; k++) {
                for (uint32_t j = 0; j < size; j++)
                    buf[j] = (uint8_t)('a' + j % 26);
                pwrite(fd, buf, size, 0);
                uint64_t t0 = rdtsc();
                pread(fd, buf, size, 0);
                uint64_t t1 = rdtsc();
                for (uint32_t j = 0; j < size; j++)
                    if (buf[j] >= 'a' && buf[j] <= 'z')
                        buf[j] -= 'a' - 'A';
                uint64_t t2 = rdtsc();
                pwrite(fd, buf, size, 0);
                uint64_t t3 = rdtsc();
                sum[0] += t1 - t0, sum[1] += t2 - t1, sum[2] += t3 - t2, sum[3] += t3 - t0;
            }
            if (b >= WARMUP)
                for (int p = 0; p < 4; p++)
                    parts[p].v[parts[p].n++] = (int64_t)(sum[p] / OPS);
        }
        for (int p = 0; p < 4; p++)
            report("omf", part[p], "size", size, &parts[p]);
    }
    for (reads = 1; reads <= 16; reads++) {
        for (int b = 0; b < WARMUP + BATCHES; b++) {
            uint64_t total = 0;
            uint32_t off[16];
            uint8_t byte;
            for (int k = 0; k < OPS; k++) {
                for (uint32_t j = 0; j < reads; j++)
                    off[j] = ((seed = seed * 1103515245u + 12345u) >> 8) % SMALL;
                uint64_t t0 = rdtsc();
                for (uint32_t j = 0; j < reads; j++)
                    if (pread(fd, &byte, 1, off[j]) != 1)
                        exit(4);
                total += rdtsc() - t0;
            }
            if (b >= WARMUP)
                s.v[s.n++] = (int64_t)(total / OPS);
        }
        report("omf", "rand1-linux", "reads", reads, &s);
    }
    map = mmap(NULL, SMALL, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        exit(5);
    volatile int sum = 0;
    for (int i = 0; i < SMALL; i += 4096)
        sum += map[i]; // pre-faulted
    for (int b = 0; b < WARMUP + BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < OPS * 1000; i++)
            sum += map[i & (SMALL - 1)];
        if (b >= WARMUP)
            s.v[s.n++] = (int64_t)((rdtsc() - t0) / (OPS * 1000));
    }
    report("omf", "load-linux", "calls", 1, &s);
}

/* P processes, each N updates of its own byte under a pipe-token lock */
static void
update(void)
{
    struct sample s = {{0}, 0};
    for (int procs = 1; procs <= 3; procs++) {
        for (int b = 0; b < WARMUP + 5; b++) {
            int lock[2], res[2];
            if (pipe(lock) < 0 || pipe(res) < 0 || write(lock[1], "t", 1) != 1)
                exit(6);
            for (int p = 0; p < procs; p++) {
                if (fork() == 0) {
                    uint8_t block[512];
                    char t;
                    uint64_t t0 = rdtsc();
                    for (int i = 0; i < 200; i++) {
                        if (read(lock[0], &t, 1) != 1)
                            _exit(1);
                        pread(fd, block, sizeof(block), 0);
                        block[p * 7]++;
                        pwrite(fd, block, sizeof(block), 0);
                        if (write(lock[1], &t, 1) != 1)
                            _exit(1);
                    }
                    uint64_t per = (rdtsc() - t0) / 200;
                    if (write(res[1], &per, sizeof(per)) != sizeof(per))
                        _exit(1);
                    _exit(0);
                }
            }
            uint64_t worst = 0;
            for (int p = 0; p < procs; p++) {
                uint64_t per;
                if (read(res[0], &per, sizeof(per)) == sizeof(per) && per > worst)
                    worst = per;
            }
            while (wait(NULL) > 0)
                ;
            close(lock[0]), close(lock[1]), close(res[0]), close(res[1]);
            if (b >= WARMUP)
                s.v[s.n++] = (int64_t)worst;
        }
        report("omf", "update-linux", "procs", (uint32_t)procs, &s);
    }
}

static volatile int stop;

static void *
yielder(void *a)
{
    (void)a;
    while (!stop)
        sched_yield();
    return NULL;
}

static void
switches(void)
{
    struct sample s = {{0}, 0};
    pthread_t t;
    cpu_set_t one;

    CPU_ZERO(&one);
    CPU_SET(0, &one);
    sched_setaffinity(0, sizeof(one), &one);
    stop = 0;
    pthread_create(&t, NULL, yielder, NULL);
    for (int b = 0; b < WARMUP + BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < 1000; i++)
            sched_yield();
        if (b >= WARMUP)
            s.v[s.n++] = (int64_t)((rdtsc() - t0) / 2000); // two switches per round
    }
    stop = 1;
    pthread_join(t, NULL);
    report("switch", "linux-thread", "pages", 0, &s);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            sched_yield();
    }
    for (int b = 0; b < WARMUP + BATCHES; b++) {
        uint64_t t0 = rdtsc();
        for (int i = 0; i < 1000; i++)
            sched_yield();
        if (b >= WARMUP)
            s.v[s.n++] = (int64_t)((rdtsc() - t0) / 2000);
    }
    kill(pid, 9);
    waitpid(pid, NULL, 0);
    report("switch", "linux-process", "pages", 0, &s);
}

static int ping[2], pong[2];

static void *
echo(void *a)
{
    char c;
    (void)a;
    while (read(ping[0], &c, 1) == 1 && c != 'q')
        if (write(pong[1], &c, 1) != 1)
            break;
    return NULL;
}

static void
pipes(void)
{
    struct sample s = {{0}, 0};
    char c = 'x';
    for (int kind = 0; kind < 2; kind++) {
        pthread_t t;
        pid_t pid = 0;
        if (pipe(ping) < 0 || pipe(pong) < 0)
            exit(7);
        if (kind == 0)
            pthread_create(&t, NULL, echo, NULL);
        else if ((pid = fork()) == 0) {
            echo(NULL);
            _exit(0);
        }
        for (int b = 0; b < WARMUP + BATCHES; b++) {
            uint64_t t0 = rdtsc();
            for (int i = 0; i < 200; i++)
                if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
                    exit(8);
            if (b >= WARMUP)
                s.v[s.n++] = (int64_t)((rdtsc() - t0) / 200);
        }
        c = 'q';
        write(ping[1], &c, 1);
        c = 'x';
        if (kind == 0)
            pthread_join(t, NULL);
        else
            waitpid(pid, NULL, 0);
        close(ping[0]), close(ping[1]), close(pong[0]), close(pong[1]);
        report("ipc", kind ? "linux-pipe-process" : "linux-pipe-thread", "size", 1, &s);
    }
}

static void __attribute__((noinline))
vfork_exec_wait(const char *path)
{
    pid_t pid = vfork();

    if (pid == 0) {
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    waitpid(pid, NULL, 0);
}

/* The programs bpadN's twins are: /lpadN-nolibc and /lpadN-libc
 * (tools/linux/lpad.c), N the KiB hvsbench's proccreate sizes are named by. */
static const unsigned lpad_kib[] = {16, 64, 256, 1024};
static const char *const lpad_kind[] = {"nolibc", "libc"};

static void
create(void)
{
    for (unsigned k = 0; k < sizeof(lpad_kib) / sizeof(lpad_kib[0]); k++)
        for (unsigned v = 0; v < 2; v++) {
            struct sample s = {{0}, 0};
            char path[32], name[48], extra[32];
            struct stat st;
            snprintf(path, sizeof(path), "/lpad%u-%s", lpad_kib[k], lpad_kind[v]);
            if (stat(path, &st) < 0) {
                printf("# proccreate: no %s\n", path);
                continue;
            }
            for (int b = 0; b < WARMUP + BATCHES; b++) {
                uint64_t t0 = rdtsc();
                for (int i = 0; i < 10; i++)
                    vfork_exec_wait(path);
                if (b >= WARMUP)
                    s.v[s.n++] = (int64_t)((rdtsc() - t0) / 10);
            }
            snprintf(name, sizeof(name), "linux-vfork-exec-wait-%s", lpad_kind[v]);
            snprintf(extra, sizeof(extra), " bytes=%lld", (long long)st.st_size); // its real size
            report_extra("proccreate", name, "KiB", lpad_kib[k], &s, extra);
        }
}

int
main(void)
{
    mkdir("/tmp", 01777);
    mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("lbench: Linux side of the benchmarks\n");
    calibrate();
    files();
    update();
    switches();
    pipes();
    create();
    printf("# lbench done\n");
    fflush(stdout);
    if (ioperm(0xf4, 4, 1) == 0)
        outb(0, 0xf4); // isa-debug-exit: QEMU ends with status 1
    sync();
    for (;;)
        pause();
}

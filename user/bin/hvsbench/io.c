/*
 * hvsbench io: the normal, copying file I/O path through the file server
 * (open/read/write as the OMF paper's FreeBSD column; the OMF calls come
 * beside these lines with the OMF work). All from the server's cache: the
 * file is written and read once before the batches.
 *   omf read-copy  size=N     pread of N bytes at offset 0 (4, 8, 16, 64 KiB)
 *   omf write-copy size=N     pwrite of N bytes at offset 0, into the cache
 *   omf rand1-copy reads=K    K one-byte preads at random offsets of a 64 KiB
 *                             file (Fig. 9's cumulative time), K = 1..16
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define FILE_NAME "/tmp/hvsbench.io"
#define FILE_SIZE (64 * 1024)
#define WARMUP 2
#define BATCHES 15
#define OPS 8

struct io {
    int fd;
    uint32_t size;  /* bytes per read or write */
    uint32_t reads; /* one-byte reads per operation */
    uint32_t seed;
    uint8_t buf[FILE_SIZE];
};

static int
read_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct io *io = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pread(io->fd, io->buf, io->size, 0) != (ssize_t)io->size)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
write_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct io *io = ctx;
    uint64_t t0 = rdtsc();

    for (int i = 0; i < OPS; i++)
        if (pwrite(io->fd, io->buf, io->size, 0) != (ssize_t)io->size)
            return -1;
    cycles[0] += (int64_t)(rdtsc() - t0);
    return 0;
}

static int
random_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    struct io *io = ctx;
    uint32_t offsets[16];
    uint8_t byte;

    for (int i = 0; i < OPS; i++) {
        for (uint32_t k = 0; k < io->reads; k++) { // chosen before the clock starts
            io->seed = io->seed * 1103515245u + 12345u;
            offsets[k] = (io->seed >> 8) % FILE_SIZE;
        }
        uint64_t t0 = rdtsc();
        for (uint32_t k = 0; k < io->reads; k++)
            if (pread(io->fd, &byte, 1, (off_t)offsets[k]) != 1)
                return -1;
        cycles[0] += (int64_t)(rdtsc() - t0);
    }
    return 0;
}

/* The suite: BENCH omf read-copy, write-copy, rand1-copy. */
void
bench_io(void)
{
    static const uint32_t sizes[] = {4096, 8192, 16384, 65536};
    static struct io io;
    struct sample s = {0};

    io.fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (io.fd < 0) {
        printf("# io: no file server or no disk: %s\n", FILE_NAME);
        return;
    }
    memset(io.buf, 'x', sizeof(io.buf));
    if (pwrite(io.fd, io.buf, FILE_SIZE, 0) != FILE_SIZE || fsync(io.fd) < 0) {
        printf("# io: cannot write %s\n", FILE_NAME);
        close(io.fd);
        return;
    }
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        io.size = sizes[i];
        if (measure(&s, WARMUP, BATCHES, OPS, read_batch, &io) == 0)
            bench_report("omf", "read-copy", "size", sizes[i], &s);
    }
    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        io.size = sizes[i];
        if (measure(&s, WARMUP, BATCHES, OPS, write_batch, &io) == 0)
            bench_report("omf", "write-copy", "size", sizes[i], &s);
    }
    io.seed = 42;
    for (uint32_t k = 1; k <= 16; k++) {
        io.reads = k;
        if (measure(&s, WARMUP, BATCHES, OPS, random_batch, &io) == 0)
            bench_report("omf", "rand1-copy", "reads", k, &s);
    }
    close(io.fd);
    unlink(FILE_NAME);
}

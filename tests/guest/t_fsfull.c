/*
 * t_fsfull: a full disk. Booted by the harness on a small disk of its own
 * (2 MiB, 1 KiB blocks): writing fills it, write then says ENOSPC (or
 * writes short first), every byte written before is still there, a new file
 * may fail with ENOSPC too, and removing the file gives every block back.
 */
#include <errno.h>
#include <fcntl.h>
#include <omf.h>
#include <omfs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define CHUNK (16 * 1024)

static uint8_t
pattern(uint32_t i)
{
    return (uint8_t)(((i + 1) * 2654435761u) >> 13);
}

static int
fill_gives_enospc_and_keeps_what_was_written(void)
{
    static uint8_t buf[CHUNK];
    struct omfs_statfs before, full, after;
    uint32_t total = 0;
    ssize_t n = 0;
    int fd, more;

    CHECK_EQ(omfs_statfs(&before), 0);
    printf("# disk: %u blocks of %u bytes, %u free\n", before.blocks, before.bsize, before.bfree);
    CHECK(before.blocks * (uint64_t)before.bsize <= 8u << 20); // the harness's small disk
    CHECK((fd = open("/tmp/full", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    for (;;) {
        for (uint32_t i = 0; i < CHUNK; i++)
            buf[i] = pattern(total + i);
        if ((n = write(fd, buf, CHUNK)) < 0)
            break;
        total += (uint32_t)n;
        if (n < CHUNK)
            break; // short: the disk is full
    }
    if (n >= 0)
        n = write(fd, buf, CHUNK); // full now: must fail
    CHECK_EQ(n, -1);
    CHECK_EQ(errno, ENOSPC);
    CHECK_EQ(omfs_statfs(&full), 0);
    printf("# wrote %u bytes, then ENOSPC; %u blocks free\n", total, full.bfree);
    CHECK(total >= before.bfree / 2 * before.bsize);
    CHECK_EQ(fsync(fd), 0);
    for (uint32_t off = 0; off < total; off += CHUNK) {
        uint32_t len = total - off < CHUNK ? total - off : CHUNK;
        CHECK_EQ(pread(fd, buf, len, (off_t)off), (long)len);
        for (uint32_t i = 0; i < len; i++)
            CHECK_EQ(buf[i], pattern(off + i));
    }
    more = open("/tmp/more", O_RDWR | O_CREAT, 0644);
    CHECK(more >= 0 || errno == ENOSPC);
    if (more >= 0) {
        CHECK_EQ(write(more, buf, CHUNK), -1);
        CHECK_EQ(errno, ENOSPC);
        CHECK_EQ(close(more), 0);
        CHECK_EQ(unlink("/tmp/more"), 0);
    }
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/full"), 0);
    CHECK_EQ(omfs_statfs(&after), 0);
    CHECK_EQ(after.bfree, before.bfree);
    CHECK_EQ(after.ffree, before.ffree);
    return 0;
}

/* OMF_RESIZE past the free space: ENOSPC, the size and the free blocks as
 * before (the blocks it got on the way are given back). */
static int
resize_past_the_free_space_gives_enospc(void)
{
    struct omfs_statfs before, after;
    struct stat st;
    int fd;

    CHECK((fd = open("/tmp/grow", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write(fd, "seed", 4), 4);
    CHECK_EQ(fsync(fd), 0);
    CHECK_EQ(omfs_statfs(&before), 0);
    CHECK_EQ(writeblock(fd, NULL, 0, 64 << 20, OMF_RESIZE), -1);
    CHECK_EQ(errno, ENOSPC);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 4);
    CHECK_EQ(omfs_statfs(&after), 0);
    CHECK_EQ(after.bfree, before.bfree);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/grow"), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"a full disk gives ENOSPC, keeps every byte written, gives every block back",
     fill_gives_enospc_and_keeps_what_was_written},
    {"OMF_RESIZE past the free space: ENOSPC, size and free blocks unchanged",
     resize_past_the_free_space_gives_enospc},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_fsfull", "test suite: a full disk (TAP; on a small disk)"))
        return 0;
    if (argc == 1) { // warm up: the server's page tables for containers of every size
        static uint8_t buf[CHUNK * 4];
        int fd = open("/tmp/warm", O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, sizeof(buf)) < 0 || pread(fd, buf, sizeof(buf), 0) < 0 ||
            close(fd) < 0 || unlink("/tmp/warm") < 0)
            return 1;
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

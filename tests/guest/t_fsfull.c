/*
 * t_fsfull: a full disk. Booted by the harness on a small disk of its own
 * (2 MiB, 1 KiB blocks): writing fills it, write then says ENOSPC (or
 * writes short first), every byte written before is still there, a new file
 * may fail with ENOSPC too, and removing the file gives every block back.
 * Another owner that fills the disk is stopped at ext2's reserved blocks
 * (the harness's disks reserve 5% for the system owner, s_def_resuid 1),
 * and the system owner's write of new blocks still succeeds.
 *     t_fsfull fill OID     helper: as owner OID, write /tmp/t_fsfull.other
 *                           until ENOSPC; exit 0 if that is how it ended
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

/* t_fsfull fill OID */
static int
fill_as(int oid)
{
    static uint8_t buf[CHUNK];
    ssize_t n;
    int fd;

    memset(buf, 'o', sizeof(buf));
    if (tap_become(oid) < 0 ||
        (fd = open("/tmp/t_fsfull.other", O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
        return 100;
    while ((n = write(fd, buf, CHUNK)) == CHUNK)
        ;
    if (n >= 0)
        n = write(fd, buf, CHUNK); // short: full now
    int err = errno;
    if (close(fd) < 0)
        return 101;
    return n == -1 && err == ENOSPC ? 0 : 102;
}

/* Another owner writes until ENOSPC; the system owner's write of new blocks
 * (and mkdir) still succeed, from the reserve; everything comes back. */
static int
another_owner_cannot_fill_the_disk_for_the_system_owner(void)
{
    static uint8_t buf[CHUNK], back[CHUNK];
    struct omfs_statfs before, full, after;
    ssize_t n = -2;
    int fd, err = 0, made_dir = -1;

    CHECK_EQ(omfs_statfs(&before), 0);
    int st = tap_run("t_fsfull", "fill", "63", NULL, 0);
    CHECK_EQ(omfs_statfs(&full), 0);
    printf("# another owner filled the disk (status %d): %u of %u blocks free\n", st, full.bfree,
           before.blocks);
    for (uint32_t i = 0; i < CHUNK; i++)
        buf[i] = pattern(i);
    if ((fd = open("/tmp/t_fsfull.sys", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0) {
        n = write(fd, buf, CHUNK);
        err = errno;
        if (n == CHUNK && fsync(fd) == 0 && pread(fd, back, CHUNK, 0) == CHUNK &&
            memcmp(back, buf, CHUNK) != 0)
            n = -3;
        close(fd);
        made_dir = mkdir("/tmp/t_fsfull.dir", 0755);
    }
    printf("# the system owner's write: %d (errno %d), mkdir %d\n", (int)n, n < 0 ? err : 0,
           made_dir);
    unlink("/tmp/t_fsfull.other"); // the system owner may, in the sticky /tmp
    unlink("/tmp/t_fsfull.sys");
    rmdir("/tmp/t_fsfull.dir");
    CHECK_EQ(st, 0);
    CHECK(full.bfree < before.bfree / 10); // it did fill the disk, all but the reserve
    CHECK(fd >= 0);
    CHECK_EQ(n, CHUNK);
    CHECK_EQ(made_dir, 0);
    CHECK_EQ(omfs_statfs(&after), 0);
    CHECK_EQ(after.bfree, before.bfree);
    CHECK_EQ(after.ffree, before.ffree);
    return 0;
}

static const struct tcase cases[] = {
    {"a full disk gives ENOSPC, keeps every byte written, gives every block back",
     fill_gives_enospc_and_keeps_what_was_written},
    {"OMF_RESIZE past the free space: ENOSPC, size and free blocks unchanged",
     resize_past_the_free_space_gives_enospc},
    {"another owner fills the disk to ext2's reserve; the system owner's write still succeeds",
     another_owner_cannot_fill_the_disk_for_the_system_owner},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_fsfull", "test suite: a full disk (TAP; on a small disk)"))
        return 0;
    if (argc == 3 && strcmp(argv[1], "fill") == 0)
        return fill_as(atoi(argv[2]));
    if (argc == 1) { // warm up: the server's page tables for containers of every size
        static uint8_t buf[CHUNK * 4];
        int fd = open("/tmp/warm", O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, buf, sizeof(buf)) < 0 || pread(fd, buf, sizeof(buf), 0) < 0 ||
            close(fd) < 0 || unlink("/tmp/warm") < 0)
            return 1;
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

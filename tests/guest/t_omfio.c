/*
 * t_omfio: file I/O without round trips (DESIGN §9, issue 20): read, write,
 * pread and pwrite inside a file's size copy through its window and make no
 * call once it is mapped; another process's stat sees the size and the
 * mtime of a window write; claims a client forges (a future time, a far
 * past one, an update through a read-only handle) are clamped; a shrink
 * racing a reader in another space neither kills it nor shows it stale
 * bytes; a read past a concurrent truncate sees the new end; two processes
 * appending with O_APPEND lose and interleave no record; an inherited
 * descriptor shares its offset with its parent. Files go under /tmp/t_omfio.*.
 *     t_omfio                       the suite
 *     t_omfio stat FILE SIZE,MTIME  helper: exit 0 if FILE has SIZE bytes and
 *                                   an mtime of at least MTIME
 *     t_omfio reader FILE N         helper: N preads of FILE (64 KiB of the
 *                                   pattern, cut and rewritten meanwhile): exit
 *                                   0 if every byte read was the pattern's or 0
 *     t_omfio cut FILE SIZE         helper: truncate FILE to SIZE
 *     t_omfio append FILE TAG       helper: APPENDS records "TAG NNN..." with O_APPEND
 *     t_omfio faultfix              helper: faultfix's refusals (exit 1 with the
 *                                   first), then a fault outside any range
 *     t_omfio readfd FD N           helper: read N bytes from inherited FD: bytes
 *                                   10.. of the pattern?
 */
#include <errno.h>
#include <fcntl.h>
#include <omf.h>
#include <omfs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"
#include "user/lib/fwin.h" // the forging case writes the claims page itself

#define KIB 1024
#define REC 16      /* bytes of one appended record */
#define APPENDS 200 /* records each appender writes */

static uint8_t
pattern(uint32_t i)
{
    return (uint8_t)(1 + i % 251); // never 0: a zero is a cut's
}

static int
make_file(const char *path, uint32_t size)
{
    static uint8_t buf[16 * KIB];
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

    if (fd < 0)
        return -1;
    for (uint32_t done = 0; done < size;) {
        uint32_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
        for (uint32_t i = 0; i < n; i++)
            buf[i] = pattern(done + i);
        if (pwrite(fd, buf, n, done) != (ssize_t)n)
            return -1;
        done += n;
    }
    return fd;
}

static int
window_io_makes_no_call_and_others_see_it(void)
{
    static uint8_t buf[64 * KIB];
    int fd = make_file("/tmp/t_omfio.a", 64 * KIB);
    struct omfs_info a, b;
    struct stat st;
    char arg[32];

    CHECK(fd >= 0);
    CHECK_EQ(pread(fd, buf, 4 * KIB, 0), 4 * KIB); // the first maps
    CHECK_EQ(omfs_info(&a), 0);
    for (int i = 0; i < 50; i++) {
        CHECK_EQ(pread(fd, buf, 4 * KIB, (i % 16) * 4 * KIB), 4 * KIB);
        CHECK_EQ(buf[7], pattern((uint32_t)(i % 16) * 4 * KIB + 7));
        buf[0] = 'w';
        CHECK_EQ(pwrite(fd, buf, 1, 100 + i), 1);
        CHECK_EQ(lseek(fd, 1000, SEEK_SET), 1000);
        CHECK_EQ(read(fd, buf, 10), 10);
        CHECK_EQ(buf[0], pattern(1000));
        CHECK_EQ(write(fd, "ww", 2), 2); // at 1010
        CHECK_EQ(lseek(fd, 0, SEEK_CUR), 1012);
    }
    CHECK_EQ(read(fd, buf, sizeof(buf)), 64 * KIB - 1012); // short at the end, then nothing
    CHECK_EQ(read(fd, buf, 10), 0);
    CHECK_EQ(omfs_info(&b), 0);
    CHECK_EQ(b.requests, a.requests + 1); // only the omfs_info itself
    CHECK_EQ(pread(fd, buf, 64 * KIB, 0), 64 * KIB);
    CHECK(buf[100] == 'w' && buf[149] == 'w' && buf[1010] == 'w' && buf[150] == pattern(150));
    // a write through the window: another process sees the size and the new mtime
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(sleep(1), 0);
    time_t t = time(NULL);
    CHECK(t > st.st_mtime);
    CHECK_EQ(pwrite(fd, "new", 3, 5000), 3); // no call
    snprintf(arg, sizeof(arg), "%d,%ld", 64 * KIB, (long)t);
    CHECK_EQ(tap_run("t_omfio", "stat", "/tmp/t_omfio.a", arg, 0), 0);
    CHECK_EQ(pwrite(fd, "grow", 4, 64 * KIB), 4); // the server grows it
    snprintf(arg, sizeof(arg), "%d,%ld", 64 * KIB + 4, (long)t);
    CHECK_EQ(tap_run("t_omfio", "stat", "/tmp/t_omfio.a", arg, 0), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.a"), 0);
    return 0;
}

static int
forged_claims_are_clamped(void)
{
    int fd = make_file("/tmp/t_omfio.f", 8 * KIB), ro;
    struct fwin w = {0}, r = {0};
    struct stat a, b, c;
    struct timeval old[2] = {{1000000, 0}, {1000000, 0}}; // 1970: far before now

    CHECK(fd >= 0 && (ro = open("/tmp/t_omfio.f", O_RDONLY)) >= 0);
    CHECK_EQ(futimes(fd, old), 0);
    CHECK(fwin_map(&w, omfs_fd_handle(fd), 0, 4 * KIB, true) > 0);
    CHECK(w.cl != NULL);
    // a far past claim (about 2^47 cycles ago, hours) changes nothing below the inode's time
    CHECK_EQ(fstat(fd, &a), 0);
    w.cl->atime = omf_claim_now() - 0x7ff00000u;
    w.cl->mtime = omf_claim_now() - 0x7ff00000u;
    time_t before = time(NULL);
    CHECK_EQ(fstat(fd, &b), 0);
    CHECK(b.st_atime >= a.st_atime && b.st_atime <= before);
    CHECK(b.st_mtime >= a.st_mtime && b.st_mtime <= before);
    // a claim from the future counts as now, no later
    w.cl->atime = omf_claim_now() + 0x40000000u;
    w.cl->mtime = omf_claim_now() + 0x40000000u;
    CHECK_EQ(fstat(fd, &c), 0);
    time_t after = time(NULL);
    CHECK(c.st_atime >= before - 1 && c.st_atime <= after);
    CHECK(c.st_mtime >= before - 1 && c.st_mtime <= after);
    // an update claimed through a read-only handle alone does not count
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(utimes("/tmp/t_omfio.f", old), 0);
    CHECK(fwin_map(&r, omfs_fd_handle(ro), 0, 4 * KIB, true) > 0);
    CHECK(r.cl != NULL);
    r.cl->mtime = omf_claim_now();
    r.cl->atime = omf_claim_now();
    CHECK_EQ(fstat(ro, &c), 0);
    CHECK_EQ(c.st_mtime, 1000000);
    CHECK(c.st_atime >= before - 1); // a reader's access does
    // claims in every slot, those of files it did not map too, change nothing it may not
    volatile struct omfs_claim *page = (volatile struct omfs_claim *)((uintptr_t)r.cl & ~0xfffu);
    for (int s = 0; s < OMFS_SLOTS; s++)
        page[s].mtime = omf_claim_now();
    CHECK_EQ(fstat(ro, &c), 0);
    CHECK_EQ(c.st_mtime, 1000000);
    CHECK_EQ(close(ro), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.f"), 0);
    return 0;
}

static int
a_shrink_racing_a_reader_in_another_space(void)
{
    static uint8_t buf[64 * KIB];
    int fd = make_file("/tmp/t_omfio.r", 64 * KIB), status;
    rid_t pid;

    for (uint32_t i = 0; i < sizeof(buf); i++)
        buf[i] = pattern(i);
    CHECK(fd >= 0);
    CHECK((pid = tap_spawn("t_omfio", "reader", "/tmp/t_omfio.r", "3000", 0)) > 0);
    for (int i = 0; i < 60; i++) {
        CHECK_EQ(ftruncate(fd, (off_t)(i % 3) * 1000), 0); // cut in every page, then back
        CHECK_EQ(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
        yield();
    }
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK_EQ(status, 0); // not killed, nothing but the pattern and zeros
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.r"), 0);
    return 0;
}

static int
a_read_past_a_concurrent_truncate(void)
{
    static uint8_t buf[8 * KIB];
    int fd = make_file("/tmp/t_omfio.t", 64 * KIB);

    CHECK(fd >= 0);
    CHECK_EQ(pread(fd, buf, 4 * KIB, 40 * KIB), 4 * KIB); // mapped
    CHECK_EQ(buf[0], pattern(40 * KIB));
    CHECK_EQ(tap_run("t_omfio", "cut", "/tmp/t_omfio.t", "1000", 0), 0); // another process
    CHECK_EQ(pread(fd, buf, 4 * KIB, 40 * KIB), 0);                      // past the new end
    CHECK_EQ(pread(fd, buf, 4 * KIB, 500), 500);                         // up to it
    CHECK_EQ(buf[499], pattern(999));
    CHECK_EQ(lseek(fd, 900, SEEK_SET), 900);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 100);
    CHECK_EQ(pwrite(fd, "x", 1, 3000), 1); // grows it again: zeros between
    CHECK_EQ(pread(fd, buf, 4 * KIB, 0), 3001);
    CHECK(buf[1000] == 0 && buf[2999] == 0 && buf[3000] == 'x');
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.t"), 0);
    return 0;
}

static int
two_processes_append(void)
{
    enum { N = APPENDS };
    static char buf[2 * N * REC + 1];
    int fd = open("/tmp/t_omfio.p", O_RDWR | O_CREAT | O_TRUNC, 0644), status[2];
    int next[2] = {0, 0};
    rid_t pid[2];

    CHECK(fd >= 0);
    CHECK_EQ(pread(fd, buf, 1, 0), 0);
    CHECK((pid[0] = tap_spawn("t_omfio", "append", "/tmp/t_omfio.p", "A", 0)) > 0);
    CHECK((pid[1] = tap_spawn("t_omfio", "append", "/tmp/t_omfio.p", "B", 0)) > 0);
    CHECK_EQ(procwait(pid[0], &status[0]), pid[0]);
    CHECK_EQ(procwait(pid[1], &status[1]), pid[1]);
    CHECK(status[0] == 0 && status[1] == 0);
    CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 2 * N * REC); // nothing lost
    for (int i = 0; i < 2 * N; i++) { // nothing interleaved: each record whole, in order
        char *r = buf + i * REC;
        CHECK(r[0] == 'A' || r[0] == 'B');
        CHECK_EQ(atoi(r + 2), next[r[0] - 'A']++);
        CHECK_EQ(r[REC - 1], '\n');
    }
    CHECK(next[0] == N && next[1] == N);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.p"), 0);
    return 0;
}

static int
an_inherited_offset_is_shared(void)
{
    static uint8_t buf[64];
    int fd = make_file("/tmp/t_omfio.o", 300);
    char fds[8];

    CHECK(fd >= 0);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(read(fd, buf, 10), 10); // our offset 10, kept by the library
    snprintf(fds, sizeof(fds), "%d", fd);
    CHECK_EQ(tap_run("t_omfio", "readfd", fds, "20", 0), 0); // the child reads 10..29
    CHECK_EQ(read(fd, buf, 5), 5);
    CHECK_EQ(buf[0], pattern(30)); // after the child's
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 35);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omfio.o"), 0);
    return 0;
}

static int
faultfix_helper(void)
{
    uint32_t code = (uint32_t)(uintptr_t)faultfix_helper;

    CHECK_EQ(sys_faultfix(code + 16, code, code), -EINVAL);        // reversed
    CHECK_EQ(sys_faultfix(code, 0xc0001000u, code), -EINVAL);      // into the kernel
    CHECK_EQ(sys_faultfix(code, code + 16, 0xc0000000u), -EINVAL); // resume in the kernel
    CHECK_EQ(sys_faultfix(code, code + 16, 0), -EINVAL);           // nowhere to resume
    CHECK_EQ(sys_faultfix(0, 0, 0), 0);                            // none
    volatile uintptr_t nowhere = 0x10;
    (void)*(volatile uint8_t *)nowhere; // no range now: a fault ends the process (expected)
    return 0;
}

static int
faultfix_case(void)
{
    int status = tap_run("t_omfio", "faultfix", NULL, NULL, 0);

    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14); // not resumed anywhere
    return 0;
}

static const struct tcase cases[] = {
    {"read, write, pread, pwrite in the size: no call once mapped; stat elsewhere sees them",
     window_io_makes_no_call_and_others_see_it},
    {"forged claims (future, far past, an update through a read-only handle) are clamped",
     forged_claims_are_clamped},
    {"a shrink racing a reader in another space: not killed, no stale bytes",
     a_shrink_racing_a_reader_in_another_space},
    {"a read past a concurrent truncate sees the new end", a_read_past_a_concurrent_truncate},
    {"two processes appending with O_APPEND: no record lost or interleaved", two_processes_append},
    {"an inherited descriptor shares its offset with its parent", an_inherited_offset_is_shared},
    {"faultfix (the library's copy guard) refuses bad ranges; a fault outside one still ends",
     faultfix_case},
};

static int
reader(const char *path, int n)
{
    static uint8_t buf[32 * KIB]; // long copies: the timer preempts it in the middle of one
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return 101;
    for (int i = 0; i < n; i++) {
        uint32_t off = (uint32_t)(i * 7919) % (32 * KIB);
        ssize_t r = pread(fd, buf, sizeof(buf), off);
        if (r < 0 || r > (ssize_t)sizeof(buf))
            return 102;
        for (ssize_t k = 0; k < r; k++)
            if (buf[k] != 0 && buf[k] != pattern(off + (uint32_t)k))
                return 103;
    }
    return close(fd) < 0 ? 104 : 0;
}

static int
appender(const char *path, const char *tag, int n)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    char rec[REC + 1];

    if (fd < 0)
        return 101;
    for (int i = 0; i < n; i++) {
        snprintf(rec, sizeof(rec), "%c %013d\n", tag[0], i);
        if (write(fd, rec, REC) != REC)
            return 102;
        if (i % 8 == 0)
            yield();
    }
    return close(fd) < 0 ? 103 : 0;
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_omfio", "test suite: file I/O without round trips (TAP)"))
        return 0;
    if (argc == 4 && strcmp(argv[1], "stat") == 0) {
        struct stat st;
        const char *comma = strchr(argv[3], ',');
        if (!comma || stat(argv[2], &st) < 0)
            return 101;
        return st.st_size == atol(argv[3]) && st.st_mtime >= atol(comma + 1) ? 0 : 102;
    }
    if (argc == 2 && strcmp(argv[1], "faultfix") == 0)
        return faultfix_helper();
    if (argc == 4 && strcmp(argv[1], "reader") == 0)
        return reader(argv[2], atoi(argv[3]));
    if (argc == 4 && strcmp(argv[1], "cut") == 0) {
        int fd = open(argv[2], O_RDWR);
        return fd >= 0 && ftruncate(fd, atol(argv[3])) == 0 && close(fd) == 0 ? 0 : 101;
    }
    if (argc == 4 && strcmp(argv[1], "append") == 0)
        return appender(argv[2], argv[3], APPENDS);
    if (argc == 4 && strcmp(argv[1], "readfd") == 0) {
        uint8_t buf[64];
        int n = atoi(argv[3]);
        if (n > 64 || read(atoi(argv[2]), buf, (size_t)n) != n)
            return 101;
        for (int i = 0; i < n; i++)
            if (buf[i] != pattern(10 + (uint32_t)i))
                return 102;
        return 0;
    }
    if (argc == 1) { // warm up the library's and the server's first allocations
        static uint8_t buf[4 * KIB];
        int fd = make_file("/tmp/t_omfio.warm", 64 * KIB);
        if (fd < 0 || pread(fd, buf, sizeof(buf), 0) != sizeof(buf) || close(fd) < 0 ||
            unlink("/tmp/t_omfio.warm") < 0)
            return 1;
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

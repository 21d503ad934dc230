/*
 * t_fs: the file server and the file calls of DESIGN §4, from a C program's
 * side: every call with good and bad input, file sizes from 0 bytes to past
 * the double-indirect limit (on a 1 KiB-block disk: triple-indirect),
 * directories, rename, truncate, stdio, times, two processes in different
 * spaces on one file, another owner's permissions, descriptors a child
 * inherits, the working directory, hostile requests sent straight to the
 * server's box, a client killed mid-request, the sticky /tmp, other owners
 * taking every open file and handle they can while the system owner still
 * opens, and the leak check (frames, slots and the server's handles after
 * 1,000 open/write/close/unlink).
 * Files go under /tmp/t_fs.* and are removed by the case that made them.
 *     t_fs              run the suite (TAP); the harness boots it on a disk
 *                       with 1 KiB blocks (t_fsfull fills a small one)
 *     t_fs as OID OP PATH [ARG]   helper: one call as owner OID (create PATH
 *                       with mode ARG, mkdir PATH with mode ARG, unlink,
 *                       rmdir, rename PATH to ARG, chmod to mode ARG, chown
 *                       to uid ARG, chgrp to gid ARG, utime to times 5 and
 *                       6, touch); exits with 0 or errno
 *     t_fs wrap PROG [ARGS]  helper: run PROG touching no descriptor
 *     t_fs adopt HANDLE [OID]  helper: adopt HANDLE: exit 0 granted, 1 refused
 *     t_fs hold         helper: hold a handle, its id in /tmp/t_fs.hid
 *     t_fs lock PATH OP START LEN  helper: one fcntl lock call (see lock_helper)
 *     t_fs hog OID HOW UP DOWN [HANDLE]   helper: take server handles as
 *                       owner OID until refused (see hog())
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <omfs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "tests/guest/tap.h"

#define KIB 1024
#define MIB (1024 * 1024)

/* byte i of the test pattern of file `seed` */
static uint8_t
pattern(uint32_t seed, uint32_t i)
{
    uint32_t x = (i + 1) * 2654435761u ^ seed * 40503u;
    return (uint8_t)(x >> 13);
}

static int
write_pattern(int fd, uint32_t seed, uint32_t off, uint32_t n)
{
    static uint8_t buf[16 * KIB];

    for (uint32_t done = 0; done < n;) {
        uint32_t len = n - done < sizeof(buf) ? n - done : sizeof(buf);
        for (uint32_t i = 0; i < len; i++)
            buf[i] = pattern(seed, off + done + i);
        if (pwrite(fd, buf, len, (off_t)(off + done)) != (ssize_t)len)
            return -1;
        done += len;
    }
    return 0;
}

/* 0 if [off, off+n) holds the pattern, else the first bad offset + 1 */
static long
check_pattern(int fd, uint32_t seed, uint32_t off, uint32_t n)
{
    static uint8_t buf[16 * KIB];

    for (uint32_t done = 0; done < n;) {
        uint32_t len = n - done < sizeof(buf) ? n - done : sizeof(buf);
        if (pread(fd, buf, len, (off_t)(off + done)) != (ssize_t)len)
            return (long)(off + done) + 1;
        for (uint32_t i = 0; i < len; i++)
            if (buf[i] != pattern(seed, off + done + i))
                return (long)(off + done + i) + 1;
        done += len;
    }
    return 0;
}

static int
all_zero(int fd, uint32_t off, uint32_t n)
{
    uint8_t buf[1024];

    for (uint32_t done = 0; done < n;) {
        uint32_t len = n - done < sizeof(buf) ? n - done : sizeof(buf);
        if (pread(fd, buf, len, (off_t)(off + done)) != (ssize_t)len)
            return 0;
        for (uint32_t i = 0; i < len; i++)
            if (buf[i])
                return 0;
        done += len;
    }
    return 1;
}

static int
server_info(struct omfs_info *out)
{
    return omfs_info(out);
}

/* --- the calls ----------------------------------------------------------------- */

static int
create_write_read_stat_unlink(void)
{
    char buf[64];
    struct stat st;
    int fd;

    unlink("/tmp/t_fs.a");
    CHECK((fd = open("/tmp/t_fs.a", O_RDWR | O_CREAT | O_EXCL, 0640)) >= 3);
    CHECK_EQ(write(fd, "hello, file", 11), 11);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11);
    CHECK_EQ(lseek(fd, 7, SEEK_SET), 7);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 4);
    CHECK(memcmp(buf, "file", 4) == 0);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 0); // end of file
    CHECK_EQ(lseek(fd, -4, SEEK_END), 7);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 11);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(st.st_mode & 07777, 0640);
    CHECK_EQ(st.st_nlink, 1);
    CHECK_EQ(st.st_uid, RCC_SYSTEM_OWNER);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(close(fd), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(stat("/tmp/t_fs.a", &st), 0);
    CHECK_EQ(st.st_size, 11);
    CHECK((fd = open("/tmp/t_fs.a", O_WRONLY | O_APPEND)) >= 0);
    CHECK_EQ(write(fd, "!", 1), 1);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.a", O_RDONLY)) >= 0);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 12);
    CHECK(memcmp(buf, "hello, file!", 12) == 0);
    CHECK_EQ(write(fd, "x", 1), -1); // read-only
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.a", O_WRONLY | O_TRUNC)) >= 0);
    CHECK_EQ(read(fd, buf, 1), -1); // write-only
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 0);
    CHECK_EQ(fsync(fd), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.a"), 0);
    CHECK_EQ(stat("/tmp/t_fs.a", &st), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(unlink("/tmp/t_fs.a"), -1);
    CHECK_EQ(errno, ENOENT);
    return 0;
}

static int
bad_input_gets_posix_errors(void)
{
    char name[300], buf[8];
    struct stat st;
    int fd;

    CHECK_EQ(open("/tmp/t_fs.none", O_RDONLY), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(open("", O_RDONLY), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK((fd = open("/tmp/t_fs.f", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(open("/tmp/t_fs.f", O_RDWR | O_CREAT | O_EXCL, 0644), -1);
    CHECK_EQ(errno, EEXIST);
    CHECK_EQ(open("/tmp/t_fs.f/x", O_RDONLY), -1); // a file used as a directory
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(open("/tmp/t_fs.f", O_RDONLY | O_DIRECTORY), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(open("/tmp", O_RDWR), -1);
    CHECK_EQ(errno, EISDIR);
    CHECK_EQ(mkdir("/tmp/t_fs.f", 0755), -1);
    CHECK_EQ(errno, EEXIST);
    CHECK_EQ(rmdir("/tmp/t_fs.f"), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(unlink("/tmp"), -1);
    CHECK_EQ(errno, EISDIR);
    CHECK_EQ(rmdir("/tmp"), -1); // not empty: this file is in it
    CHECK_EQ(errno, ENOTEMPTY);
    memset(name, 'n', sizeof(name));
    memcpy(name, "/tmp/", 5);
    name[5 + 256] = '\0';
    CHECK_EQ(open(name, O_RDWR | O_CREAT, 0644), -1);
    CHECK_EQ(errno, ENAMETOOLONG);
    name[5 + 255] = '\0'; // 255 is allowed
    CHECK((fd = open(name, O_RDWR | O_CREAT, 0644)) >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink(name), 0);
    CHECK_EQ(read(-1, buf, 1), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(read(1000, buf, 1), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(write(63, buf, 1), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(fstat(40, &st), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(lseek(0, 0, SEEK_SET), -1); // the console
    CHECK_EQ(errno, ESPIPE);
    CHECK((fd = open("/tmp/t_fs.f", O_RDWR)) >= 0);
    CHECK_EQ(lseek(fd, -1, SEEK_SET), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(lseek(fd, 0, 42), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pwrite(fd, "x", 1, 0x7fffffff), -1); // past the largest file
    CHECK_EQ(errno, EFBIG);
    CHECK_EQ(read(fd, (void *)0xC0000000u, 1), 0); // empty file: nothing to copy
    CHECK_EQ(write(fd, "abc", 3), 3);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(rename("/tmp/t_fs.none", "/tmp/t_fs.g"), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(mkdir("/tmp/t_fs.none/sub", 0755), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(unlink("/tmp/t_fs.f"), 0);
    return 0;
}

/* Sizes around the block-map limits: the suite's disk has 1 KiB blocks, so
 * the single-indirect range starts at 12 KiB, double at 268 KiB and triple
 * at 64.3 MiB; the big ones are sparse, their holes read as zeros. */
static int
sizes_up_to_triple_indirect(void)
{
    static const uint32_t sizes[] = {0, 1, 1024, 12 * KIB, 12 * KIB + 1, 300 * KIB};
    struct stat st;
    int fd;

    for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        CHECK((fd = open("/tmp/t_fs.size", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
        CHECK_EQ(write_pattern(fd, i, 0, sizes[i]), 0);
        CHECK_EQ(close(fd), 0);
        CHECK_EQ(stat("/tmp/t_fs.size", &st), 0);
        CHECK_EQ(st.st_size, sizes[i]);
        CHECK((fd = open("/tmp/t_fs.size", O_RDONLY)) >= 0);
        CHECK_EQ(check_pattern(fd, i, 0, sizes[i]), 0);
        CHECK_EQ(close(fd), 0);
    }
    // sparse: a piece in each range, holes between
    static const uint32_t pieces[] = {5 * KIB, 100 * KIB, 2 * MIB, 65 * MIB + 123, 70 * MIB};
    CHECK((fd = open("/tmp/t_fs.size", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    for (unsigned i = 0; i < 5; i++)
        CHECK_EQ(write_pattern(fd, 77, pieces[i], 3000), 0);
    CHECK_EQ(fsync(fd), 0);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.size", O_RDONLY)) >= 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 70 * MIB + 3000);
    CHECK(st.st_blocks < 200); // sparse: a few dozen 512-byte units, not 140,000
    for (unsigned i = 0; i < 5; i++)
        CHECK_EQ(check_pattern(fd, 77, pieces[i], 3000), 0);
    CHECK(all_zero(fd, 0, 5 * KIB));
    CHECK(all_zero(fd, 5 * KIB + 3000, 20 * KIB));
    CHECK(all_zero(fd, 66 * MIB, 8 * KIB));
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.size"), 0);
    return 0;
}

/* A file larger than the server's cache (2 MiB by default) is written and
 * read through it: dirty pages are written back as they are evicted. */
static int
a_file_larger_than_the_cache(void)
{
    struct omfs_info info;
    int fd;

    CHECK_EQ(omfs_info(&info), 0);
    uint32_t size = info.cache_max * 4096 + 1024 * KIB;
    printf("# cache %u pages; file %u KiB\n", info.cache_max, size / KIB);
    CHECK((fd = open("/tmp/t_fs.big", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write_pattern(fd, 31, 0, size), 0);
    CHECK_EQ(check_pattern(fd, 31, 0, size), 0);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.big", O_RDONLY)) >= 0);
    CHECK_EQ(check_pattern(fd, 31, size - 300 * KIB, 300 * KIB), 0);
    CHECK_EQ(check_pattern(fd, 31, 0, 300 * KIB), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(omfs_info(&info), 0);
    CHECK(info.pages <= info.cache_max);
    CHECK_EQ(unlink("/tmp/t_fs.big"), 0);
    return 0;
}

static int
directories_with_many_files(void)
{
    char path[64];
    struct dirent *e;
    DIR *d;
    int fd, seen = 0, dots = 0;

    CHECK_EQ(mkdir("/tmp/t_fs.dir", 0755), 0);
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof(path), "/tmp/t_fs.dir/file-with-a-longish-name-%03d", i);
        CHECK((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) >= 0);
        CHECK_EQ(write(fd, path, 8), 8);
        CHECK_EQ(close(fd), 0);
    }
    CHECK((d = opendir("/tmp/t_fs.dir")) != NULL);
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            dots++;
            CHECK_EQ(e->d_type, DT_DIR);
            continue;
        }
        CHECK(strncmp(e->d_name, "file-with-a-longish-name-", 25) == 0);
        CHECK_EQ(e->d_type, DT_REG);
        seen++;
    }
    CHECK_EQ(closedir(d), 0);
    CHECK_EQ(dots, 2);
    CHECK_EQ(seen, 300);
    CHECK(opendir("/tmp/t_fs.none") == NULL);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(mkdir("/tmp/t_fs.dir/sub", 0755), 0);
    struct stat st;
    CHECK_EQ(stat("/tmp/t_fs.dir", &st), 0);
    CHECK_EQ(st.st_nlink, 3); // ".", its name in /tmp, and sub's ".."
    CHECK_EQ(rmdir("/tmp/t_fs.dir"), -1);
    CHECK_EQ(errno, ENOTEMPTY);
    for (int i = 0; i < 300; i++) {
        snprintf(path, sizeof(path), "/tmp/t_fs.dir/file-with-a-longish-name-%03d", i);
        CHECK_EQ(unlink(path), 0);
    }
    CHECK_EQ(rmdir("/tmp/t_fs.dir/sub"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.dir"), 0);
    CHECK_EQ(stat("/tmp/t_fs.dir", &st), -1);
    CHECK_EQ(errno, ENOENT);
    return 0;
}

static int
rename_files_and_directories(void)
{
    struct stat st;
    char buf[8];
    int fd;

    CHECK_EQ(mkdir("/tmp/t_fs.r1", 0755), 0);
    CHECK_EQ(mkdir("/tmp/t_fs.r2", 0755), 0);
    CHECK((fd = open("/tmp/t_fs.r1/a", O_WRONLY | O_CREAT, 0644)) >= 0);
    CHECK_EQ(write(fd, "AAAA", 4), 4);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.r2/b", O_WRONLY | O_CREAT, 0644)) >= 0);
    CHECK_EQ(write(fd, "BB", 2), 2);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(rename("/tmp/t_fs.r1/a", "/tmp/t_fs.r2/b"), 0); // replaces b
    CHECK_EQ(stat("/tmp/t_fs.r1/a", &st), -1);
    CHECK((fd = open("/tmp/t_fs.r2/b", O_RDONLY)) >= 0);
    CHECK_EQ(read(fd, buf, sizeof(buf)), 4);
    CHECK(memcmp(buf, "AAAA", 4) == 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(rename("/tmp/t_fs.r2", "/tmp/t_fs.r1/inner"), 0); // a directory moves
    CHECK_EQ(stat("/tmp/t_fs.r1/inner/b", &st), 0);
    CHECK_EQ(stat("/tmp/t_fs.r1/inner/..", &st), 0);
    struct stat parent;
    CHECK_EQ(stat("/tmp/t_fs.r1", &parent), 0);
    CHECK_EQ(st.st_ino, parent.st_ino); // ".." follows the move
    CHECK_EQ(parent.st_nlink, 3);
    CHECK_EQ(rename("/tmp/t_fs.r1", "/tmp/t_fs.r1/inner/x"), -1); // into itself
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(unlink("/tmp/t_fs.r1/inner/b"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.r1/inner"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.r1"), 0);
    return 0;
}

static int
truncate_shrinks_and_grows_with_zeros(void)
{
    struct stat st;
    int fd;

    CHECK((fd = open("/tmp/t_fs.t", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write_pattern(fd, 5, 0, 50 * KIB), 0);
    CHECK_EQ(fsync(fd), 0);
    CHECK_EQ(ftruncate(fd, 10 * KIB + 17), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 10 * KIB + 17);
    CHECK_EQ(ftruncate(fd, 40 * KIB), 0); // grows again: the old bytes are gone
    CHECK_EQ(check_pattern(fd, 5, 0, 10 * KIB + 17), 0);
    CHECK(all_zero(fd, 10 * KIB + 17, 30 * KIB - 17));
    CHECK_EQ(ftruncate(fd, -1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(close(fd), 0);
    CHECK((fd = open("/tmp/t_fs.t", O_RDONLY)) >= 0);
    CHECK_EQ(ftruncate(fd, 0), -1); // not open for writing
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.t"), 0);
    return 0;
}

static int
stdio_works_on_files(void)
{
    char line[64];
    FILE *f = fopen("/tmp/t_fs.stdio", "w");
    int n = 0;

    CHECK(f != NULL);
    for (int i = 0; i < 500; i++)
        CHECK(fprintf(f, "line %d of the stdio test\n", i) > 0);
    CHECK_EQ(fclose(f), 0);
    CHECK((f = fopen("/tmp/t_fs.stdio", "r")) != NULL);
    while (fgets(line, sizeof(line), f)) {
        char want[64];
        snprintf(want, sizeof(want), "line %d of the stdio test\n", n++);
        CHECK(strcmp(line, want) == 0);
    }
    CHECK_EQ(n, 500);
    CHECK_EQ(fseek(f, 5, SEEK_SET), 0);
    CHECK_EQ(fread(line, 1, 1, f), 1);
    CHECK_EQ(line[0], '0');
    CHECK_EQ(fclose(f), 0);
    CHECK((f = fopen("/tmp/t_fs.stdio", "a")) != NULL);
    CHECK_EQ(fwrite("end\n", 1, 4, f), 4);
    CHECK_EQ(fclose(f), 0);
    struct stat st;
    CHECK_EQ(stat("/tmp/t_fs.stdio", &st), 0);
    CHECK_EQ(st.st_size, 500 * 24 + (10 * 1 + 90 * 2 + 400 * 3) + 4);
    CHECK(fopen("/tmp/t_fs.none/x", "r") == NULL);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(remove("/tmp/t_fs.stdio"), 0);
    return 0;
}

static int
times_come_from_the_cmos_clock(void)
{
    struct timespec a, b, r;
    struct stat st;
    time_t now = time(NULL);
    int fd;

    CHECK(now > 1735689600); // after 2025-01-01: the CMOS clock, not the boot
    CHECK_EQ(clock_gettime(CLOCK_REALTIME, &r), 0);
    CHECK(r.tv_sec >= now && r.tv_sec <= now + 1);
    CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
    CHECK_EQ(usleep(120000), 0);
    CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
    long ms = (long)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("# usleep(120 ms) took %ld ms; time() = %ld\n", ms, (long)now);
    CHECK(ms >= 110 && ms < 5000);
    CHECK_EQ(clock_gettime(99, &a), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK((fd = open("/tmp/t_fs.time", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK(st.st_mtime >= now - 1 && st.st_mtime <= now + 5);
    CHECK(st.st_ctime >= now - 1 && st.st_ctime <= now + 5);
    CHECK_EQ(sleep(1), 0);
    CHECK_EQ(write(fd, "x", 1), 1);
    struct stat after;
    CHECK_EQ(fstat(fd, &after), 0);
    CHECK(after.st_mtime > st.st_mtime); // mtime on update
    CHECK_EQ(sleep(1), 0);
    CHECK_EQ(pread(fd, &r, 1, 0), 1);
    struct stat read_after;
    CHECK_EQ(fstat(fd, &read_after), 0);
    CHECK(read_after.st_atime > after.st_atime - 0); // atime on reference
    CHECK(read_after.st_atime >= after.st_mtime + 1);
    CHECK_EQ(read_after.st_mtime, after.st_mtime);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.time"), 0);
    return 0;
}

/* An unlinked file that is still open lives until its last close (DESIGN §8
 * "Files": an orphan inode): read and write and fstat through the
 * descriptor, a child writes through an inherited one, tmpfile() works, and
 * the last close gives the blocks and the inode back. */
static int
an_unlinked_open_file_lives_until_closed(void)
{
    struct omfs_statfs fs1, fs2, fs3;
    struct stat st;
    char buf[64];
    int fd, fd2, saved, status;

    CHECK_EQ(omfs_statfs(&fs1), 0);
    CHECK((fd = open("/tmp/t_fs.orph", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK((fd2 = open("/tmp/t_fs.orph", O_RDONLY)) >= 0); // a second open file on it
    CHECK_EQ(write_pattern(fd, 9, 0, 40 * KIB), 0);
    CHECK_EQ(unlink("/tmp/t_fs.orph"), 0);
    CHECK_EQ(stat("/tmp/t_fs.orph", &st), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_nlink, 0);
    CHECK_EQ(st.st_size, 40 * KIB);
    CHECK_EQ(check_pattern(fd, 9, 0, 40 * KIB), 0);
    CHECK_EQ(check_pattern(fd2, 9, 0, 40 * KIB), 0);
    CHECK_EQ(pwrite(fd, "tail", 4, 40 * KIB), 4); // it grows
    CHECK_EQ(ftruncate(fd, 40 * KIB + 2), 0);
    CHECK_EQ(fsync(fd), 0);
    // a child writes through the descriptor it inherits
    CHECK_EQ(lseek(fd, 0, SEEK_END), 40 * KIB + 2);
    fflush(stdout);
    CHECK((saved = dup(1)) >= 0);
    CHECK_EQ(dup2(fd, 1), 1);
    rid_t pid = tap_spawn("echo", "orphan", NULL, NULL, 0);
    CHECK_EQ(dup2(saved, 1), 1);
    CHECK_EQ(close(saved), 0);
    CHECK(pid > 0);
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK_EQ(status, 0);
    CHECK_EQ(pread(fd2, buf, 9, 40 * KIB), 9);
    CHECK(memcmp(buf, "ta", 2) == 0 && memcmp(buf + 2, "orphan\n", 7) == 0);
    CHECK_EQ(omfs_statfs(&fs2), 0);
    CHECK(fs2.bfree < fs1.bfree && fs2.ffree < fs1.ffree); // still held
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(check_pattern(fd2, 9, 0, 40 * KIB), 0); // the other open file keeps it
    CHECK_EQ(close(fd2), 0);
    CHECK_EQ(omfs_statfs(&fs3), 0);
    CHECK_EQ(fs3.bfree, fs1.bfree); // the last close freed it
    CHECK_EQ(fs3.ffree, fs1.ffree);
    // newlib's tmpfile(): open, then unlink at once
    FILE *f = tmpfile();
    CHECK(f != NULL);
    CHECK(fprintf(f, "temporary %d\n", 42) > 0);
    CHECK_EQ(fflush(f), 0);
    rewind(f);
    CHECK(fgets(buf, sizeof(buf), f) != NULL);
    CHECK(strcmp(buf, "temporary 42\n") == 0);
    CHECK_EQ(fclose(f), 0);
    CHECK_EQ(omfs_statfs(&fs3), 0);
    CHECK_EQ(fs3.bfree, fs1.bfree);
    CHECK_EQ(fs3.ffree, fs1.ffree);
    // a child holds the last descriptor (its exit closes it)
    CHECK((fd = open("/tmp/t_fs.orph", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write_pattern(fd, 3, 0, 8 * KIB), 0);
    CHECK((saved = dup(1)) >= 0);
    CHECK_EQ(dup2(fd, 1), 1);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.orph"), 0);
    pid = tap_spawn("echo", "last", NULL, NULL, 0);
    CHECK_EQ(dup2(saved, 1), 1); // ours goes: the child's is the last
    CHECK_EQ(close(saved), 0);
    CHECK(pid > 0);
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK_EQ(status, 0);
    for (int i = 0; i < 50; i++) { // its last close frees it
        CHECK_EQ(omfs_statfs(&fs3), 0);
        if (fs3.bfree == fs1.bfree && fs3.ffree == fs1.ffree)
            break;
        usleep(20000);
    }
    CHECK_EQ(fs3.bfree, fs1.bfree);
    CHECK_EQ(fs3.ffree, fs1.ffree);
    return 0;
}

/* --- processes ----------------------------------------------------------------- */

/* t_fs writer SEED OFF: write 64 KiB of pattern SEED at OFF into /tmp/t_fs.shared */
static int
writer(uint32_t seed, uint32_t off)
{
    int fd = open("/tmp/t_fs.shared", O_RDWR);

    if (fd < 0 || write_pattern(fd, seed, off, 64 * KIB) < 0 || close(fd) < 0)
        return 1;
    return 0;
}

static int
two_processes_in_two_spaces_share_a_file(void)
{
    rid_t a, b;
    int st, fd;

    CHECK((fd = open("/tmp/t_fs.shared", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK((a = tap_spawn("t_fs", "writer", "1", "0", 0)) > 0);
    CHECK((b = tap_spawn("t_fs", "writer", "2", "65536", 0)) > 0);
    CHECK(getvmid(a) != getvmid(b) && getvmid(a) != getvmid(0));
    CHECK_EQ(procwait(a, &st), a);
    CHECK_EQ(st, 0);
    CHECK_EQ(procwait(b, &st), b);
    CHECK_EQ(st, 0);
    CHECK_EQ(check_pattern(fd, 1, 0, 64 * KIB), 0); // both seen through our own handle
    CHECK_EQ(check_pattern(fd, 2, 64 * KIB, 64 * KIB), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.shared"), 0);
    return 0;
}

/* Files of the system owner, mode 0600, are closed to another owner; /tmp
 * is open to all, the root is not. */
static int
permissions_deny_another_owner(void)
{
    int fd;

    CHECK((fd = open("/tmp/t_fs.mine", O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0);
    CHECK_EQ(write(fd, "secret", 6), 6);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(open("/tmp/t_fs.mine", O_RDONLY), -1);
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(open("/tmp/t_fs.mine", O_WRONLY), -1);
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(open("/t_fs.root", O_WRONLY | O_CREAT, 0644), -1); // the root is 0755, owner 1
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(mkdir("/t_fs.rootdir", 0755), -1);
    CHECK_EQ(errno, EACCES);
    CHECK((fd = open("/tmp/t_fs.theirs", O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
    struct stat st;
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_uid, TEST_OID);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.theirs"), 0);
    CHECK((fd = open("/README", O_RDONLY)) >= 0); // 0644: others may read
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(omfs_shutdown(), -1); // only the system owner stops the server
    CHECK_EQ(errno, EPERM);
    return 0;
}

static int
cleanup_mine(void)
{
    return unlink("/tmp/t_fs.mine") == 0 ? 0 : 1;
}

/* A child gets our descriptors: `echo > file` is dup2 around proccreate. */
static int
a_child_inherits_descriptors(void)
{
    char buf[64];
    int fd, saved, st;
    rid_t pid;

    CHECK((fd = open("/tmp/t_fs.out", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    fflush(stdout);
    CHECK((saved = dup(1)) >= 0);
    CHECK_EQ(dup2(fd, 1), 1);
    pid = tap_spawn("echo", "from", "the child", NULL, 0);
    CHECK_EQ(dup2(saved, 1), 1);
    CHECK_EQ(close(saved), 0);
    CHECK(pid > 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 15); // the offset is shared with the child
    CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 15);
    CHECK(memcmp(buf, "from the child\n", 15) == 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.out"), 0);
    return 0;
}

static int
working_directory_and_relative_paths(void)
{
    char dir[256];
    struct stat st;
    int fd;

    CHECK(getcwd(dir, sizeof(dir)) != NULL);
    CHECK(strcmp(dir, "/") == 0);
    CHECK_EQ(mkdir("/tmp/t_fs.cwd", 0755), 0);
    CHECK_EQ(chdir("/tmp/t_fs.cwd"), 0);
    CHECK(getcwd(dir, sizeof(dir)) && strcmp(dir, "/tmp/t_fs.cwd") == 0);
    CHECK((fd = open("rel", O_WRONLY | O_CREAT, 0644)) >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(stat("/tmp/t_fs.cwd/rel", &st), 0);
    CHECK_EQ(stat("./rel", &st), 0);
    CHECK_EQ(stat("../t_fs.cwd/./rel", &st), 0);
    CHECK_EQ(chdir(".."), 0);
    CHECK(getcwd(dir, sizeof(dir)) && strcmp(dir, "/tmp") == 0);
    CHECK_EQ(chdir("t_fs.cwd/rel"), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(chdir("/none"), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(chdir("t_fs.cwd"), 0);
    CHECK_EQ(tap_run("t_fs", "cwd", "/tmp/t_fs.cwd", NULL, 0), 0); // a child starts here too
    CHECK_EQ(unlink("rel"), 0);
    CHECK_EQ(chdir("/"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.cwd"), 0);
    return 0;
}

/* --- the server under attack ------------------------------------------------------ */

static rid_t server, reply;

/* Send a container of `size` bytes whose first bytes are `msg` (n bytes);
 * returns the result word of the answer (or the errno of the IPC). */
static int
raw_call(const void *msg, size_t n, size_t size)
{
    struct cmsg m;
    rid_t c = ccreate(size, &m);

    if (c < 0)
        return c;
    memcpy(cmsg_data(&m), msg, n < size ? n : size);
    rid_t got = ccall(server, c, reply, &m, 5000);
    if (got < 0)
        return got;
    int result = m.size >= 8 ? ((int32_t *)cmsg_data(&m))[1] : 12345;
    resdelete(got);
    return result;
}

static int
hostile_requests_get_errors(void)
{
    struct omfs_msg msg;
    uint8_t big[OMFS_HDR + 64];
    struct omfs_info before, after;
    int fd;

    CHECK((server = resfind(RT_CBOX, OMFS_BOX)) > 0);
    CHECK((reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) > 0);
    CHECK_EQ(server_info(&before), 0);
    memset(&msg, 0, sizeof(msg));
    msg.code = 9999;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR), -ENOSYS);
    msg.code = 0;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR), -ENOSYS);
    msg.code = OMFS_STAT;
    CHECK_EQ(raw_call(&msg, sizeof(msg), 16), -EINVAL); // shorter than the header
    CHECK_EQ(raw_call(&msg, 4, 4), 12345);              // no room for an answer: sent back
    msg.size = 1000;                                    // more data than the container
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 10), -EINVAL);
    memset(big, 'a', sizeof(big)); // a path without its NUL
    msg.size = 64;
    memcpy(big, &msg, sizeof(msg));
    CHECK_EQ(raw_call(big, sizeof(big), sizeof(big)), -EINVAL);
    big[OMFS_HDR] = 'x', big[OMFS_HDR + 1] = '\0'; // a relative path
    CHECK_EQ(raw_call(big, sizeof(big), sizeof(big)), -EINVAL);
    msg.code = OMFS_READ; // handles: bad, zero, huge, another process's
    msg.size = 10;
    for (int h = -5; h < 3; h++) {
        msg.handle = h;
        CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 10), -EBADF);
    }
    msg.handle = 0x7fffffff;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 10), -EBADF);
    CHECK((fd = open("/tmp/t_fs.h", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write(fd, "0123456789", 10), 10);
    msg.code = OMFS_READ;
    msg.size = 100000; // more than the container holds
    msg.handle = omfs_fd_handle(fd);
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 10), -EINVAL);
    msg.code = OMFS_WRITE; // claims 5000 bytes in a 64-byte container
    msg.size = 5000;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 64), -EINVAL);
    // a client cannot take the server's table: 64 handles a process
    struct omfs_msg om;
    uint8_t req[OMFS_HDR + 16];
    int32_t ids[80];
    int opened = 0, r;
    memset(&om, 0, sizeof(om));
    om.code = OMFS_OPEN;
    om.size = 12;
    memset(req, 0, sizeof(req));
    memcpy(req, &om, sizeof(om));
    memcpy(req + OMFS_HDR, "/tmp/t_fs.h", 12);
    while (opened < 80 && (r = raw_call(req, sizeof(req), sizeof(req))) > 0)
        ids[opened++] = r;
    CHECK_EQ(r, -EMFILE);
    CHECK(opened >= 60 && opened < 64); // with the library's own handle, 64 in all
    om.code = OMFS_CLOSE;
    om.size = 0;
    for (int i = 0; i < opened; i++) {
        om.handle = ids[i];
        CHECK_EQ(raw_call(&om, sizeof(om), OMFS_HDR), 0);
    }
    msg.code = OMFS_ADOPT; // a handle our parent does not have
    msg.handle = 4097;
    msg.size = 0;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR), -EBADF);
    // a csend without a reply box: the server drops it and serves on
    struct cmsg m;
    rid_t c = ccreate(OMFS_HDR, &m);
    CHECK(c > 0);
    memset(cmsg_data(&m), 0, OMFS_HDR);
    ((struct omfs_msg *)cmsg_data(&m))->code = OMFS_SYNC;
    CHECK_EQ(csend(server, c), 0);
    CHECK_EQ(close(fd), 0);
    struct stat st;
    CHECK_EQ(stat("/tmp/t_fs.h", &st), 0); // still serving
    CHECK_EQ(st.st_size, 10);
    CHECK_EQ(unlink("/tmp/t_fs.h"), 0);
    CHECK_EQ(server_info(&after), 0);
    CHECK(after.errors >= before.errors + 15);
    CHECK_EQ(after.handles, before.handles);
    return 0;
}

/* A handle is its process's own: another process (a child that knows the
 * number) gets EBADF, as does every process after the handle is closed. */
static int
handles_belong_to_their_process(void)
{
    char arg[16];
    int fd;

    CHECK((fd = open("/tmp/t_fs.own", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write(fd, "abc", 3), 3);
    int32_t handle = omfs_fd_handle(fd);
    CHECK(handle > 0);
    snprintf(arg, sizeof(arg), "%d", (int)handle);
    CHECK_EQ(tap_run("t_fs", "steal", arg, NULL, 0), 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.own"), 0);
    return 0;
}

/* t_fs steal HANDLE: use a handle that is not ours; 0 if refused */
static int
steal(int32_t handle)
{
    struct omfs_msg msg = {.code = OMFS_READ, .handle = handle, .size = 3};

    CHECK((server = resfind(RT_CBOX, OMFS_BOX)) > 0);
    CHECK((reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) > 0);
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 16), -EBADF);
    msg.code = OMFS_CLOSE;
    msg.size = 0;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR), -EBADF);
    msg.code = OMFS_ADOPT; // our parent's: allowed, and a new handle of our own
    int mine = raw_call(&msg, sizeof(msg), OMFS_HDR);
    CHECK(mine > 0 && mine != handle);
    msg.code = OMFS_READ;
    msg.handle = mine;
    msg.size = 3;
    msg.flags = OMFS_AT;
    msg.offset = 0;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR + 16), 3);
    msg.code = OMFS_CLOSE;
    msg.size = 0;
    CHECK_EQ(raw_call(&msg, sizeof(msg), OMFS_HDR), 0);
    return 0;
}

/* t_fs wrap PROG [A1 [A2 [A3]]]: run PROG and exit with its status, touching
 * no descriptor (so the grandchild gets what we inherited, untaken) */
static int
wrap(int argc, char **argv)
{
    int st;
    rid_t pid = tap_spawn(argv[2], argc > 3 ? argv[3] : NULL, argc > 4 ? argv[4] : NULL,
                          argc > 5 ? argv[5] : NULL, 0);

    if (pid < 0 || procwait(pid, &st) != pid || !PROC_EXITED(st))
        return 99;
    return PROC_EXITCODE(st);
}

/* t_fs adopt HANDLE [OID]: OMFS_ADOPT of HANDLE (as owner OID if given):
 * exits 0 if granted (and reads through it), 1 if refused with EBADF, 2 else */
static int
adopt_helper(int32_t handle, int oid)
{
    struct omfs_msg msg = {.code = OMFS_ADOPT, .handle = handle};

    if (oid && tap_become(oid) < 0)
        return 2;
    if ((server = resfind(RT_CBOX, OMFS_BOX)) <= 0 ||
        (reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) <= 0)
        return 2;
    int mine = raw_call(&msg, sizeof(msg), OMFS_HDR);
    if (mine == -EBADF)
        return 1;
    if (mine <= 0)
        return 2;
    msg = (struct omfs_msg){.code = OMFS_READ, .handle = mine, .size = 1, .flags = OMFS_AT};
    return raw_call(&msg, sizeof(msg), OMFS_HDR + 16) == 1 ? 0 : 2;
}

/* t_fs hold: open /tmp/t_fs.held, put its handle's id in /tmp/t_fs.hid, then
 * wait to be killed */
static int
hold(void)
{
    char text[16];
    int fd = open("/tmp/t_fs.held", O_RDWR | O_CREAT | O_TRUNC, 0644), out;

    if (fd < 0 || write(fd, "held", 4) != 4)
        return 1;
    int n = snprintf(text, sizeof(text), "%d", omfs_fd_handle(fd));
    if ((out = open("/tmp/t_fs.hid.new", O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
        write(out, text, (size_t)n) != n || close(out) < 0 ||
        rename("/tmp/t_fs.hid.new", "/tmp/t_fs.hid") < 0)
        return 1;
    for (;;)
        usleep(50000);
}

static rid_t spawn_self(char *const argv[]);

/* Run t_fs with argv[1..] (NULL-terminated) and wait: its exit code, or -1. */
static int
run_self(char *const argv[])
{
    int st;
    rid_t pid = spawn_self(argv);

    if (pid < 0 || procwait(pid, &st) != pid || !PROC_EXITED(st))
        return -1;
    return PROC_EXITCODE(st);
}

/* Descriptors pass down any number of generations (DESIGN §8 "Processes"):
 * a wrapper that never touches its descriptors passes ours to its child,
 * which writes through them; two wrappers deep too. A process that does not
 * descend from a handle's holder (a sibling, of our owner or another) cannot
 * adopt it. */
static int
descriptors_pass_through_generations(void)
{
    char buf[64], text[16];
    int fd, saved, st;
    rid_t pid, holder;
    struct omfs_info before, after;

    CHECK_EQ(server_info(&before), 0);
    CHECK((fd = open("/tmp/t_fs.gen", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    fflush(stdout);
    CHECK((saved = dup(1)) >= 0);
    CHECK_EQ(dup2(fd, 1), 1);
    pid = tap_spawn("t_fs", "wrap", "echo", "grandchild", 0);
    rid_t pid2 = spawn_self((char *const[]){"t_fs", "wrap", "t_fs", "wrap", "echo", NULL});
    CHECK_EQ(dup2(saved, 1), 1);
    CHECK_EQ(close(saved), 0);
    CHECK(pid > 0 && pid2 > 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(procwait(pid2, &st), pid2);
    CHECK_EQ(st, 0);
    CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 12);
    CHECK(memcmp(buf, "grandchild\n\n", 12) == 0); // echo with no words: a newline
    // a grandchild adopts our handle; a sibling may not take another's
    snprintf(text, sizeof(text), "%d", omfs_fd_handle(fd));
    CHECK_EQ(run_self((char *const[]){"t_fs", "wrap", "t_fs", "adopt", text, NULL}), 0);
    (void)unlink("/tmp/t_fs.hid");
    CHECK((holder = tap_spawn("t_fs", "hold", NULL, NULL, 0)) > 0);
    struct stat sst;
    for (int i = 0; i < 200 && stat("/tmp/t_fs.hid", &sst) < 0; i++)
        usleep(10000);
    int hid;
    CHECK((hid = open("/tmp/t_fs.hid", O_RDONLY)) >= 0);
    memset(text, 0, sizeof(text));
    CHECK(read(hid, text, sizeof(text) - 1) > 0);
    CHECK_EQ(close(hid), 0);
    CHECK_EQ(run_self((char *const[]){"t_fs", "adopt", text, NULL}), 1);       // a sibling
    CHECK_EQ(run_self((char *const[]){"t_fs", "adopt", text, "62", NULL}), 1); // another owner
    CHECK_EQ(run_self((char *const[]){"t_fs", "wrap", "t_fs", "adopt", text, NULL}), 1); // nephew
    CHECK_EQ(resdelete(holder), 0);
    CHECK_EQ(procwait(holder, NULL), holder);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.gen"), 0);
    CHECK_EQ(unlink("/tmp/t_fs.hid"), 0);
    CHECK_EQ(unlink("/tmp/t_fs.held"), 0);
    usleep(1200000); // the server's sweep, within half a second of quiet: the holder's
    CHECK_EQ(server_info(&after), 0); // handle and the ended adopters' go
    CHECK_EQ(after.handles, before.handles);
    CHECK_EQ(after.files, before.files);
    return 0;
}

/* t_fs spin: write and read forever (until killed) */
static int
spin(void)
{
    int fd = open("/tmp/t_fs.spin", O_RDWR | O_CREAT, 0644);
    static char buf[32 * KIB];

    for (uint32_t i = 0;; i++) {
        if (fd < 0 || pwrite(fd, buf, sizeof(buf), (i % 64) * sizeof(buf)) < 0)
            return 1;
        pread(fd, buf, sizeof(buf), 0);
    }
}

static int
a_killed_client_leaves_nothing_behind(void)
{
    struct omfs_info before, after;
    struct stat st;
    rid_t pid;

    CHECK_EQ(server_info(&before), 0);
    for (int round = 0; round < 5; round++) {
        CHECK((pid = tap_spawn("t_fs", "spin", NULL, NULL, 0)) > 0);
        for (int i = 0; i < 20 + round * 7; i++)
            yield();
        usleep(20000 * (uint32_t)round);
        CHECK_EQ(resdelete(pid), 0); // mid-request, or between two
        CHECK_EQ(procwait(pid, NULL), pid);
    }
    CHECK_EQ(stat("/tmp/t_fs.spin", &st), 0); // the server still serves
    usleep(1200000); // it notices ended clients within half a second of quiet
    CHECK_EQ(server_info(&after), 0);
    printf("# server handles %u -> %u, clients %u -> %u\n", before.handles, after.handles,
           before.clients, after.clients);
    CHECK_EQ(after.handles, before.handles);
    CHECK_EQ(after.files, before.files);
    CHECK_EQ(unlink("/tmp/t_fs.spin"), 0);
    return 0;
}

/* --- other owners (DESIGN §5 "Unix rules an ext2 user expects") --------------------- */

#define OWNER_A 61
#define OWNER_B 62
/* the boxes the case and its helpers of other owners talk through */
#define HOG_BOX_MODE (RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_REF | RCC_ATT))
#define HOG_MAX 128 /* more handles than one process may hold */

/* Start t_fs with the arguments in argv[1..] (NULL-terminated); the name is made unique. */
static rid_t
spawn_self(char *const argv[])
{
    static int serial;
    char name[RES_NAME_MAX];
    rid_t pid;

    do {
        snprintf(name, sizeof(name), "t_fs.h.%d.%d", getpid() & 0xffff, ++serial);
        pid = proccreate(name, "/bin/t_fs", argv, 0, TEST_MODE);
    } while (pid == -EEXIST);
    return pid;
}

/* Run "t_fs as OID OP PATH ARG": OP's errno (0: it worked), or -1 if the helper did not exit. */
static int
as_owner(int oid, const char *op, const char *path, const char *arg)
{
    char o[12];
    int st = -1;

    snprintf(o, sizeof(o), "%d", oid);
    char *argv[] = {"t_fs", "as", o, (char *)op, (char *)path, (char *)(arg ? arg : ""), NULL};
    rid_t pid = spawn_self(argv);
    if (pid < 0 || procwait(pid, &st) != pid || !PROC_EXITED(st))
        return -1;
    return PROC_EXITCODE(st);
}

/* t_fs as OID OP PATH ARG: one call as owner OID; exits with 0 or its errno.
 * A mode is made exactly as given (umask 0: the cases name the bits). */
static int
as_main(int oid, const char *op, const char *path, const char *arg)
{
    unsigned mode = (unsigned)strtoul(arg, NULL, 8);
    int fd, r = -1;

    if (tap_become(oid) < 0)
        return 200;
    umask(0);
    if (strcmp(op, "create") == 0 && (fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)) >= 0)
        r = close(fd);
    else if (strcmp(op, "mkdir") == 0)
        r = mkdir(path, mode);
    else if (strcmp(op, "unlink") == 0)
        r = unlink(path);
    else if (strcmp(op, "rmdir") == 0)
        r = rmdir(path);
    else if (strcmp(op, "rename") == 0)
        r = rename(path, arg);
    else if (strcmp(op, "chmod") == 0)
        r = chmod(path, mode);
    else if (strcmp(op, "chown") == 0)
        r = chown(path, (uid_t)atoi(arg), (gid_t)-1);
    else if (strcmp(op, "chgrp") == 0)
        r = chown(path, (uid_t)-1, (gid_t)atoi(arg));
    else if (strcmp(op, "utime") == 0)
        r = utime(path, &(struct utimbuf){.actime = 5, .modtime = 6});
    else if (strcmp(op, "touch") == 0)
        r = utime(path, NULL);
    return r == 0 ? 0 : errno;
}

/* chmod, fchmod, chown, fchown, utime, utimes, futimes as POSIX says: the
 * owner or the system owner changes the mode and sets given times, a writer
 * may touch, only the system owner gives a file away (an owner may give it
 * to its own group); ctime follows; bad paths and descriptors get errors. */
static int
attributes_change_as_posix_says(void)
{
    const char *f = "/tmp/t_fs.attr";
    struct stat st;
    int fd;

    CHECK((fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
    CHECK_EQ(chmod(f, 0604), 0);
    CHECK_EQ(stat(f, &st), 0);
    CHECK_EQ(st.st_mode & 07777, 0604);
    CHECK(S_ISREG(st.st_mode));
    CHECK(st.st_ctime >= time(NULL) - 2);
    CHECK_EQ(fchmod(fd, 0640), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_mode & 07777, 0640);
    CHECK_EQ(utime(f, &(struct utimbuf){.actime = 1000, .modtime = 2000}), 0);
    CHECK_EQ(stat(f, &st), 0);
    CHECK_EQ(st.st_atime, 1000);
    CHECK_EQ(st.st_mtime, 2000);
    CHECK(st.st_ctime >= time(NULL) - 2);
    struct timeval tv[2] = {{3000, 5}, {4000, 999999}};
    CHECK_EQ(utimes(f, tv), 0);
    CHECK_EQ(stat(f, &st), 0);
    CHECK_EQ(st.st_atime, 3000);
    CHECK_EQ(st.st_mtime, 4000);
    CHECK_EQ(futimes(fd, NULL), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK(st.st_mtime >= time(NULL) - 2 && st.st_atime >= time(NULL) - 2);
    tv[1].tv_usec = 1000000;
    CHECK_EQ(utimes(f, tv), -1);
    CHECK_EQ(errno, EINVAL);
    // bad paths, ids and descriptors
    CHECK_EQ(chmod("/tmp/t_fs.none", 0644), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(chown("/tmp/t_fs.attr/x", 1, 1), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(utime("/tmp/t_fs.none/x", NULL), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(fchmod(99, 0644), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(fchown(-1, 0, 0), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(fchmod(fd, 0644), -1); // stale
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(futimes(fd, NULL), -1);
    CHECK_EQ(errno, EBADF);
    // the system owner gives it to OWNER_A; OWNER_B may change nothing
    CHECK_EQ(chown(f, OWNER_A, OWNER_A), 0);
    CHECK_EQ(stat(f, &st), 0);
    CHECK_EQ(st.st_uid, OWNER_A);
    CHECK_EQ(st.st_gid, OWNER_A);
    CHECK_EQ(as_owner(OWNER_B, "chmod", f, "666"), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "chown", f, "62"), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "chgrp", f, "62"), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "utime", f, ""), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "touch", f, ""), EACCES); // 0640: no write for others
    // the owner: its mode and times, its own group, but not another owner
    CHECK_EQ(as_owner(OWNER_A, "chmod", f, "2666"), 0);
    CHECK_EQ(as_owner(OWNER_A, "utime", f, ""), 0);
    CHECK_EQ(as_owner(OWNER_A, "chown", f, "62"), EPERM);
    CHECK_EQ(as_owner(OWNER_A, "chgrp", f, "62"), EPERM);
    CHECK_EQ(chown(f, (uid_t)-1, 1), 0);              // the system owner changes its group
    CHECK_EQ(as_owner(OWNER_A, "chgrp", f, "61"), 0); // back to the owner's own group
    CHECK_EQ(stat(f, &st), 0);
    CHECK_EQ(st.st_gid, OWNER_A);
    CHECK_EQ(st.st_mode & 07777, 0666); // and S_ISGID went with the chown
    CHECK_EQ(st.st_atime, 5);
    CHECK_EQ(st.st_mtime, 6);
    CHECK_EQ(as_owner(OWNER_B, "touch", f, ""), 0); // 0666: a writer may touch
    CHECK_EQ(stat(f, &st), 0);
    CHECK(st.st_mtime >= time(NULL) - 2);
    CHECK_EQ(unlink(f), 0);
    return 0;
}

/* t_fs lock PATH OP START LEN: on a new descriptor of PATH (read-write),
 * OP w/r F_SETLK a write/read lock, W F_SETLKW a write lock: exit 0 or the
 * errno; g F_GETLK for a write lock: exit 0 (nothing in the way), else 128
 * (a write lock) or 64 (a read lock) plus its start */
static int
lock_helper(const char *path, const char *op, long start, long len)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
    int fd = open(path, O_RDWR), cmd = F_SETLK;

    if (fd < 0)
        return 250;
    if (op[0] == 'r')
        fl.l_type = F_RDLCK;
    if (op[0] == 'W')
        cmd = F_SETLKW;
    if (op[0] == 'g') {
        if (fcntl(fd, F_GETLK, &fl) < 0)
            return 251;
        return fl.l_type == F_UNLCK ? 0 : (fl.l_type == F_WRLCK ? 128 : 64) + (int)fl.l_start;
    }
    return fcntl(fd, cmd, &fl) == 0 ? 0 : errno;
}

static int
lock_as(const char *op, const char *start, const char *len)
{
    return run_self((char *const[]){"t_fs", "lock", "/tmp/t_fs.lk", (char *)op, (char *)start,
                                    (char *)len, NULL});
}

static int
setlk(int fd, int cmd, short type, short whence, long start, long len)
{
    struct flock fl = {.l_type = type, .l_whence = whence, .l_start = start, .l_len = len};

    return fcntl(fd, cmd, &fl) == 0 ? 0 : errno;
}

/* fcntl's record locks (DESIGN §8 "Files"): the server holds them per
 * process and byte range; conflicts between processes get EAGAIN; a
 * process's own locks are replaced, split and converted; F_GETLK names the
 * holder's range; F_SETLKW waits for the holder's close; bad input gets
 * EINVAL and EBADF. */
static int
record_locks_between_processes(void)
{
    int fd, ro, st;

    CHECK((fd = open("/tmp/t_fs.lk", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write(fd, "0123456789", 10), 10);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 30), 0); // [10, 40)
    CHECK_EQ(lock_as("w", "20", "5"), EAGAIN);
    CHECK_EQ(lock_as("r", "0", "11"), EAGAIN);
    CHECK_EQ(lock_as("r", "0", "10"), 0); // next to it (the child's goes with its exit)
    CHECK_EQ(lock_as("w", "40", "0"), 0); // from 40 to the end
    CHECK_EQ(lock_as("g", "0", "0"), 128 + 10);
    CHECK_EQ(lock_as("g", "40", "0"), 0);
    CHECK_EQ(setlk(fd, F_SETLK, F_UNLCK, SEEK_SET, 20, 5), 0); // split in two
    CHECK_EQ(lock_as("w", "20", "5"), 0);
    CHECK_EQ(lock_as("w", "19", "2"), EAGAIN);
    CHECK_EQ(lock_as("g", "25", "100"), 128 + 25);
    CHECK_EQ(setlk(fd, F_SETLK, F_RDLCK, SEEK_CUR, 0, 30), 0); // offset 10: converted to read
    CHECK_EQ(lock_as("r", "10", "30"), 0);
    CHECK_EQ(lock_as("w", "39", "1"), EAGAIN);
    CHECK_EQ(lock_as("g", "30", "-5"), 64 + 10); // [25, 30) meets the one read lock [10, 40)
    // F_SETLKW waits until the holder lets go (here: closes a descriptor of the file)
    rid_t w = spawn_self((char *const[]){"t_fs", "lock", "/tmp/t_fs.lk", "W", "0", "0", NULL});
    CHECK(w > 0);
    usleep(200000);
    CHECK((ro = open("/tmp/t_fs.lk", O_RDONLY)) >= 0);
    CHECK_EQ(setlk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF); // read-only: no write lock
    CHECK_EQ(close(ro), 0); // POSIX: closing any descriptor of the file drops our locks
    CHECK_EQ(procwait(w, &st), w);
    CHECK_EQ(st, 0);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0), 0); // the waiter's went with it
    // bad input
    CHECK_EQ(setlk(fd, F_SETLK, 7, SEEK_SET, 0, 1), EINVAL);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, 9, 0, 1), EINVAL);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, -5, 1), EINVAL);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, -5), EINVAL); // before byte 0
    CHECK_EQ(setlk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1), EINVAL);
    CHECK_EQ(setlk(99, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
    CHECK_EQ(setlk(1, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EINVAL); // the console
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(setlk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1), EBADF);
    CHECK_EQ(lock_as("w", "0", "0"), 0); // nothing is left
    CHECK_EQ(unlink("/tmp/t_fs.lk"), 0);
    return 0;
}

/* /tmp is 1777: another owner may make names in it, but not remove or
 * replace a name of someone else's (POSIX's sticky bit); the owner of the
 * file or of the directory, and the system owner, may. */
static int
sticky_tmp_keeps_other_owners_names(void)
{
    struct stat st;

    CHECK_EQ(stat("/tmp", &st), 0);
    CHECK_EQ(st.st_mode & 07777, 01777);
    CHECK_EQ(as_owner(OWNER_A, "create", "/tmp/t_fs.sa", "0600"), 0);
    CHECK_EQ(as_owner(OWNER_A, "create", "/tmp/t_fs.sb", "0666"), 0);
    CHECK_EQ(as_owner(OWNER_A, "mkdir", "/tmp/t_fs.sd", "0777"), 0);
    CHECK_EQ(as_owner(OWNER_B, "create", "/tmp/t_fs.sB", "0644"), 0);
    // B has write permission on /tmp, and on sb and sd, but owns none of them
    CHECK_EQ(as_owner(OWNER_B, "unlink", "/tmp/t_fs.sa", NULL), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "unlink", "/tmp/t_fs.sb", NULL), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sB", "/tmp/t_fs.sa"), EPERM); // over A's
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sB", "/tmp/t_fs.sb"), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sa", "/tmp/t_fs.away"), EPERM); // away
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sb", "/tmp/t_fs.away"), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "rmdir", "/tmp/t_fs.sd", NULL), EPERM);
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sd", "/tmp/t_fs.away"), EPERM);
    CHECK_EQ(stat("/tmp/t_fs.sa", &st), 0); // all still there, still A's
    CHECK_EQ(st.st_uid, OWNER_A);
    CHECK_EQ(stat("/tmp/t_fs.sb", &st), 0);
    CHECK_EQ(st.st_uid, OWNER_A);
    CHECK_EQ(stat("/tmp/t_fs.sd", &st), 0);
    CHECK_EQ(stat("/tmp/t_fs.sB", &st), 0);
    CHECK_EQ(stat("/tmp/t_fs.away", &st), -1);
    // each owner moves and removes its own; the system owner anyone's
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.sB", "/tmp/t_fs.sB2"), 0);
    CHECK_EQ(as_owner(OWNER_A, "unlink", "/tmp/t_fs.sa", NULL), 0);
    CHECK_EQ(as_owner(OWNER_A, "rename", "/tmp/t_fs.sd", "/tmp/t_fs.sd2"), 0);
    CHECK_EQ(unlink("/tmp/t_fs.sb"), 0);
    CHECK_EQ(unlink("/tmp/t_fs.sB2"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.sd2"), 0);
    // the owner of a sticky directory removes anyone's names in it
    CHECK_EQ(as_owner(OWNER_A, "mkdir", "/tmp/t_fs.ad", "01777"), 0);
    CHECK_EQ(as_owner(OWNER_B, "create", "/tmp/t_fs.ad/b", "0600"), 0);
    CHECK_EQ(as_owner(OWNER_B, "create", "/tmp/t_fs.ad/c", "0600"), 0);
    CHECK_EQ(as_owner(OWNER_A, "unlink", "/tmp/t_fs.ad/b", NULL), 0);
    CHECK_EQ(as_owner(OWNER_A, "rename", "/tmp/t_fs.ad/c", "/tmp/t_fs.ad/d"), 0);
    CHECK_EQ(as_owner(OWNER_A, "unlink", "/tmp/t_fs.ad/d", NULL), 0);
    CHECK_EQ(as_owner(OWNER_B, "rmdir", "/tmp/t_fs.ad", NULL), EPERM); // A's, in /tmp
    CHECK_EQ(rmdir("/tmp/t_fs.ad"), 0);
    // without the sticky bit, write permission on the directory is enough
    CHECK_EQ(as_owner(OWNER_A, "mkdir", "/tmp/t_fs.open", "0777"), 0);
    CHECK_EQ(as_owner(OWNER_A, "create", "/tmp/t_fs.open/a", "0600"), 0);
    CHECK_EQ(as_owner(OWNER_A, "create", "/tmp/t_fs.open/c", "0600"), 0);
    CHECK_EQ(as_owner(OWNER_A, "mkdir", "/tmp/t_fs.open/e", "0700"), 0);
    CHECK_EQ(as_owner(OWNER_B, "rename", "/tmp/t_fs.open/a", "/tmp/t_fs.open/c"), 0); // over
    CHECK_EQ(as_owner(OWNER_B, "unlink", "/tmp/t_fs.open/c", NULL), 0);
    CHECK_EQ(as_owner(OWNER_B, "rmdir", "/tmp/t_fs.open/e", NULL), 0);
    CHECK_EQ(as_owner(OWNER_A, "mkdir", "/tmp/t_fs.shut", "0755"), 0); // and without it, not
    CHECK_EQ(as_owner(OWNER_A, "create", "/tmp/t_fs.shut/a", "0666"), 0);
    CHECK_EQ(as_owner(OWNER_B, "unlink", "/tmp/t_fs.shut/a", NULL), EACCES);
    CHECK_EQ(unlink("/tmp/t_fs.shut/a"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.shut"), 0);
    CHECK_EQ(rmdir("/tmp/t_fs.open"), 0);
    return 0;
}

/* One raw request to the server (server and reply set): its result. */
static int
hog_call(uint32_t code, int32_t handle, const char *path)
{
    uint8_t req[OMFS_HDR + 32];
    struct omfs_msg m = {.code = code, .handle = handle};

    memset(req, 0, sizeof(req));
    if (path) {
        m.size = (uint32_t)strlen(path) + 1;
        memcpy(req + OMFS_HDR, path, m.size);
    }
    memcpy(req, &m, sizeof(m));
    return raw_call(req, sizeof(req), sizeof(req));
}

/* Tell box `up` (count, error) as two words. */
static int
hog_report(rid_t up, int32_t count, int32_t err)
{
    struct cmsg m;
    rid_t c = ccreate(8, &m);

    if (c < 0)
        return -1;
    ((int32_t *)cmsg_data(&m))[0] = count;
    ((int32_t *)cmsg_data(&m))[1] = err;
    return csend(up, c);
}

/*
 * t_fs hog OID HOW UP DOWN [HANDLE]: as owner OID (0: as we are), take
 * handles of the server until it refuses. HOW "open" opens /tmp/t_fs.hog
 * again and again (a handle and an open file each); "adopt" takes the
 * parent's HANDLE again and again (a handle each); "tree" opens the file
 * once and starts two "adopt" children on it. Each taker sends (how many,
 * the error that stopped it) to box UP, waits for a word on box DOWN, closes
 * what it took and ends.
 */
static int
hog(int oid, const char *how, rid_t up, rid_t down, int32_t handle)
{
    static int32_t ids[HOG_MAX];
    int n = 0, r = 0, st;
    struct cmsg m;

    if (oid && tap_become(oid) < 0)
        return 100;
    if ((server = resfind(RT_CBOX, OMFS_BOX)) < 0 ||
        (reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) < 0)
        return 101;
    if (strcmp(how, "tree") == 0) {
        char ups[12], downs[12], hs[12];
        rid_t kids[2];
        int32_t mine = hog_call(OMFS_OPEN, 0, "/tmp/t_fs.hog");
        if (mine <= 0)
            return 102;
        snprintf(ups, sizeof(ups), "%d", up);
        snprintf(downs, sizeof(downs), "%d", down);
        snprintf(hs, sizeof(hs), "%d", (int)mine);
        char *argv[] = {"t_fs", "hog", "0", "adopt", ups, downs, hs, NULL};
        for (int i = 0; i < 2; i++)
            if ((kids[i] = spawn_self(argv)) < 0)
                return 103;
        for (int i = 0; i < 2; i++)
            if (procwait(kids[i], &st) != kids[i] || st != 0)
                r = 104;
        hog_call(OMFS_CLOSE, mine, NULL);
        resdelete(reply);
        return r;
    }
    while (n < HOG_MAX && (r = hog_call(strcmp(how, "adopt") == 0 ? OMFS_ADOPT : OMFS_OPEN, handle,
                                        strcmp(how, "adopt") == 0 ? NULL : "/tmp/t_fs.hog")) > 0)
        ids[n++] = r;
    if (hog_report(up, n, r) < 0 || crecv(down, &m, 60000) < 0)
        r = 105;
    else
        r = 0;
    for (int i = 0; i < n; i++)
        hog_call(OMFS_CLOSE, ids[i], NULL);
    resdelete(reply);
    return r;
}

/* Start a hog as owner oid; its pid. */
static rid_t
start_hog(int oid, const char *how, rid_t up, rid_t down)
{
    char o[12], ups[12], downs[12];

    snprintf(o, sizeof(o), "%d", oid);
    snprintf(ups, sizeof(ups), "%d", up);
    snprintf(downs, sizeof(downs), "%d", down);
    char *argv[] = {"t_fs", "hog", o, (char *)how, ups, downs, NULL};
    return spawn_self(argv);
}

/*
 * Other owners' hogs (nhogs processes: per owner, `per` of them, or trees)
 * take all the server will give them; then the system owner opens a file and
 * the hogs let go. Returns the system owner's open (0) or its errno, with
 * *taken what the hogs held; -1 if the hogs misbehaved.
 */
static int
hogs_then_open(const int *owners, int nowners, const char *how, int per, int reports, int *taken)
{
    rid_t up = cbcreate("", HOG_BOX_MODE), down = cbcreate("", HOG_BOX_MODE), pids[16];
    int npids = 0, bad = 0, result, st;
    struct cmsg m;

    *taken = 0;
    if (up < 0 || down < 0)
        return -1;
    for (int o = 0; o < nowners; o++)
        for (int k = 0; k < per; k++)
            if ((pids[npids] = start_hog(owners[o], how, up, down)) > 0)
                npids++;
    for (int i = 0; i < reports; i++) {
        rid_t c = crecv(up, &m, 60000);
        if (c < 0) {
            bad = 1;
            break;
        }
        int32_t n = ((int32_t *)cmsg_data(&m))[0], err = ((int32_t *)cmsg_data(&m))[1];
        printf("# a hog took %d, then %d\n", (int)n, (int)err);
        bad |= err != -EMFILE && err != -ENFILE;
        *taken += n;
        resdelete(c);
    }
    int fd = open("/tmp/t_fs.hog", O_RDONLY); // the system owner, with the others at their limits
    result = fd >= 0 ? 0 : errno;
    if (fd >= 0)
        close(fd);
    for (int i = 0; i < reports; i++) {
        rid_t c = ccreate(4, &m);
        if (c > 0 && csend(down, c) < 0)
            resdelete(c);
    }
    for (int i = 0; i < npids; i++)
        bad |= procwait(pids[i], &st) != pids[i] || st != 0;
    while (crecv(up, &m, 0) > 0) // reports that came too late
        resdelete(m.cont);
    resdelete(up);
    resdelete(down);
    return bad || npids != nowners * per ? -1 : result;
}

/* Two other owners, three processes each, open files until refused: they
 * get at most their share of the open files, and the system owner opens. */
static int
other_owners_cannot_take_every_open_file(void)
{
    static const int owners[] = {OWNER_A, OWNER_B};
    struct omfs_info before, after;
    int fd, taken;

    CHECK((fd = open("/tmp/t_fs.hog", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(server_info(&before), 0);
    int r = hogs_then_open(owners, 2, "open", 3, 6, &taken);
    printf("# two owners took %d open files; the system owner's open: %d\n", taken, r);
    CHECK_EQ(server_info(&after), 0);
    CHECK_EQ(unlink("/tmp/t_fs.hog"), 0);
    CHECK_EQ(r, 0);
    CHECK(taken >= 128 && taken < 256); // one owner's share at least, never the whole table
    CHECK_EQ(after.handles, before.handles);
    CHECK_EQ(after.files, before.files);
    return 0;
}

/* Four other owners, each one open file and two children adopting it again
 * and again, take handles until refused: the system owner still opens. */
static int
other_owners_cannot_take_every_handle(void)
{
    static const int owners[] = {OWNER_A, OWNER_B, OWNER_B + 1, OWNER_B + 2};
    struct omfs_info before, after;
    int fd, taken;

    CHECK((fd = open("/tmp/t_fs.hog", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(server_info(&before), 0);
    int r = hogs_then_open(owners, 4, "tree", 1, 8, &taken);
    printf("# four owners adopted %d handles; the system owner's open: %d\n", taken, r);
    CHECK_EQ(server_info(&after), 0);
    CHECK_EQ(unlink("/tmp/t_fs.hog"), 0);
    CHECK_EQ(r, 0);
    CHECK(taken >= 3 * 127 && taken < 512);
    CHECK_EQ(after.handles, before.handles);
    CHECK_EQ(after.files, before.files);
    return 0;
}

static int
a_thousand_cycles_leak_nothing(void)
{
    struct sysstat a, b;
    struct omfs_info sa, sb;
    char buf[100];
    int fd;

    memset(buf, 'q', sizeof(buf));
    CHECK((fd = open("/tmp/t_fs.warm", O_RDWR | O_CREAT, 0644)) >= 0); // the library's boxes
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.warm"), 0);
    CHECK_EQ(server_info(&sa), 0);
    CHECK_EQ(tap_counts(&a), 0);
    for (int i = 0; i < 1000; i++) {
        CHECK((fd = open("/tmp/t_fs.cycle", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
        CHECK_EQ(write(fd, buf, sizeof(buf)), (long)sizeof(buf));
        CHECK_EQ(close(fd), 0);
        CHECK_EQ(unlink("/tmp/t_fs.cycle"), 0);
    }
    CHECK_EQ(tap_counts(&b), 0);
    CHECK_EQ(server_info(&sb), 0);
    CHECK(tap_same_counts(&a, &b));
    CHECK_EQ(sb.handles, sa.handles);
    CHECK_EQ(sb.files, sa.files);
    struct omfs_statfs fs1, fs2;
    CHECK_EQ(omfs_statfs(&fs1), 0);
    CHECK((fd = open("/tmp/t_fs.cycle", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(write(fd, buf, sizeof(buf)), (long)sizeof(buf));
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_fs.cycle"), 0);
    CHECK_EQ(omfs_statfs(&fs2), 0);
    CHECK_EQ(fs2.bfree, fs1.bfree); // blocks and inodes come back too
    CHECK_EQ(fs2.ffree, fs1.ffree);
    return 0;
}

static const struct tcase cases[] = {
    {"open, write, lseek, read, fstat, stat, O_APPEND, O_TRUNC, unlink",
     create_write_read_stat_unlink},
    {"bad input gets POSIX errors (ENOENT EEXIST ENOTDIR EISDIR ENOTEMPTY ENAMETOOLONG EBADF "
     "EFBIG)",
     bad_input_gets_posix_errors},
    {"files of 0, 1, 1024 B, 12 blocks, past single, double and into triple indirect; holes",
     sizes_up_to_triple_indirect},
    {"a file 1 MiB larger than the whole cache is written and read back through it",
     a_file_larger_than_the_cache},
    {"300 files in one directory: readdir sees each once; rmdir only when empty",
     directories_with_many_files},
    {"rename replaces a file, moves a directory and fixes .., refuses a loop",
     rename_files_and_directories},
    {"ftruncate shrinks and grows; the tail reads as zeros", truncate_shrinks_and_grows_with_zeros},
    {"newlib's fopen, fprintf, fgets, fseek, fread, fwrite on files", stdio_works_on_files},
    {"time, clock_gettime and sleep; mtime on update, atime on reference",
     times_come_from_the_cmos_clock},
    {"two processes in two spaces write one file, a third reads both",
     two_processes_in_two_spaces_share_a_file},
    {"another owner: EACCES on a 0600 file and in /, its own files in /tmp",
     permissions_deny_another_owner},
    {"(the system owner's file of the previous case is removed)", cleanup_mine},
    {"a child inherits descriptors (dup2 around proccreate) and shares the offset",
     a_child_inherits_descriptors},
    {"chdir, getcwd, relative paths; a child starts in its parent's directory",
     working_directory_and_relative_paths},
    {"hostile requests to the server's box get error replies; it keeps serving",
     hostile_requests_get_errors},
    {"a handle is its process's own; a child adopts its parent's", handles_belong_to_their_process},
    {"descriptors pass through generations (a wrapper that never uses them); no sibling adopts",
     descriptors_pass_through_generations},
    {"clients killed mid-request: the server serves on and closes their handles",
     a_killed_client_leaves_nothing_behind},
    {"sticky /tmp: another owner may not unlink, rmdir, rename away or over a name not its own",
     sticky_tmp_keeps_other_owners_names},
    {"chmod fchmod chown fchown utime utimes futimes: owners, writers, others, bad input",
     attributes_change_as_posix_says},
    {"record locks: conflicts between processes, split, convert, F_GETLK, F_SETLKW, bad input",
     record_locks_between_processes},
    {"two other owners open all they can: refused at their share, the system owner still opens",
     other_owners_cannot_take_every_open_file},
    {"four other owners adopt handles until refused: the system owner still opens",
     other_owners_cannot_take_every_handle},
    {"an unlinked open file lives until its last close (read, write, a child, tmpfile())",
     an_unlinked_open_file_lives_until_closed},
    {"1,000 open/write/close/unlink: frames, slots, handles, blocks back",
     a_thousand_cycles_leak_nothing},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_fs", "test suite: files and the file server (TAP)"))
        return 0;
    if (argc == 4 && strcmp(argv[1], "writer") == 0)
        return writer((uint32_t)atoi(argv[2]), (uint32_t)atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "cwd") == 0) {
        char dir[256];
        return getcwd(dir, sizeof(dir)) && strcmp(dir, argv[2]) == 0 ? 0 : 1;
    }
    if (argc == 3 && strcmp(argv[1], "steal") == 0)
        return steal((int32_t)atoi(argv[2]));
    if (argc == 2 && strcmp(argv[1], "spin") == 0)
        return spin();
    if (argc >= 3 && argc <= 6 && strcmp(argv[1], "wrap") == 0)
        return wrap(argc, argv);
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "adopt") == 0)
        return adopt_helper((int32_t)atoi(argv[2]), argc == 4 ? atoi(argv[3]) : 0);
    if (argc == 2 && strcmp(argv[1], "hold") == 0)
        return hold();
    if (argc == 6 && strcmp(argv[1], "lock") == 0)
        return lock_helper(argv[2], argv[3], atol(argv[4]), atol(argv[5]));
    if (argc == 6 && strcmp(argv[1], "as") == 0)
        return as_main(atoi(argv[2]), argv[3], argv[4], argv[5]);
    if ((argc == 6 || argc == 7) && strcmp(argv[1], "hog") == 0)
        return hog(atoi(argv[2]), argv[3], atoi(argv[4]), atoi(argv[5]),
                   argc == 7 ? atoi(argv[6]) : 0);
    if (argc == 1 && a_child_inherits_descriptors() != 0) // warm up: the kernel heap's and
        return 1; // the library's first allocations are not leaks of the suite
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * t_posix: what DESIGN §8 adds for programs written for POSIX (issue 18),
 * each with its POSIX meaning and errors: who the process is (getuid and
 * the rest, getpwuid and getpwnam from /etc/passwd on the disk, HOME and
 * PATH), umask on open and mkdir and in a child, access, realpath,
 * dirname and basename, pathconf, timegm and mktime, ioctl's window size
 * and ENOTTY, the declarations newlib left out (lstat, significand,
 * scalb), one-thread stdio locks and pthread_once, fcntl on descriptors,
 * mmap, sysconf and getpagesize, readlink of a name that is no link
 * (SQLite's unix VFS calls it on every database it opens).
 *     t_posix              the suite
 *     t_posix umask        helper: exit with the umask it started with
 *     t_posix fds FD D     helper: 0 if FD came with O_RDWR|O_APPEND and D
 *                          (close-on-exec in the parent) did not come
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *got_ = (got);                                                                  \
        if (!got_ || strcmp(got_, (want)) != 0) {                                                  \
            printf("# %s:%d: \"%s\", expected \"%s\"\n", __FILE__, __LINE__,                       \
                   got_ ? got_ : "(null)", (want));                                                \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static int
identities_and_the_user_database(void)
{
    struct passwd *pw;

    CHECK_EQ(getuid(), 1);
    CHECK_EQ(geteuid(), 1);
    CHECK_EQ(getgid(), 1);
    CHECK_EQ(getegid(), 1);
    CHECK((pw = getpwuid(1)) != NULL);
    CHECK_STR(pw->pw_name, "system");
    CHECK_STR(pw->pw_dir, "/");
    CHECK_STR(pw->pw_shell, "/bin/sh");
    CHECK((pw = getpwnam("nobody")) != NULL);
    CHECK_EQ(pw->pw_uid, 65534);
    errno = 0;
    CHECK(getpwuid(4242) == NULL);
    CHECK_EQ(errno, 0); // none there: POSIX leaves errno alone
    CHECK(getpwnam("no-such-user") == NULL);
    CHECK(getpwnam(NULL) == NULL);
    CHECK_STR(getenv("HOME"), "/");
    CHECK_STR(getenv("PATH"), "/bin:/usr/bin");
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(getuid(), TEST_OID);
    CHECK_EQ(getegid(), TEST_OID);
    return 0;
}

static unsigned
mode_of(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0xffff;
}

static int
umask_shapes_what_is_made(void)
{
    int fd, st;

    unlink("/tmp/t_posix.u1");
    unlink("/tmp/t_posix.u2");
    rmdir("/tmp/t_posix.d");
    CHECK_EQ(umask(022), 022); // the default
    CHECK((fd = open("/tmp/t_posix.u1", O_CREAT | O_WRONLY, 0666)) >= 0);
    close(fd);
    CHECK_EQ(mode_of("/tmp/t_posix.u1"), 0644);
    CHECK_EQ(umask(077), 022);
    CHECK((fd = open("/tmp/t_posix.u2", O_CREAT | O_WRONLY, 0666)) >= 0);
    close(fd);
    CHECK_EQ(mode_of("/tmp/t_posix.u2"), 0600);
    CHECK_EQ(mkdir("/tmp/t_posix.d", 0777), 0);
    CHECK_EQ(mode_of("/tmp/t_posix.d"), 0700);
    st = tap_run("t_posix", "umask", NULL, NULL, 0);
    CHECK_EQ(st, 077); // a child starts with its parent's mask
    CHECK_EQ(unlink("/tmp/t_posix.u1"), 0);
    CHECK_EQ(unlink("/tmp/t_posix.u2"), 0);
    CHECK_EQ(rmdir("/tmp/t_posix.d"), 0);
    return 0;
}

static int
access_and_realpath(void)
{
    char buf[PATH_MAX], path[64];

    CHECK_EQ(access("/etc/passwd", F_OK), 0);
    CHECK_EQ(access("/etc/passwd", R_OK | W_OK), 0); // the system owner's
    CHECK_EQ(access("/etc/passwd", X_OK), -1);       // no execute bit, even for it
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(access("/no/such", F_OK), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(access("/etc/passwd", 0x40), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_STR(realpath("/tmp/../etc/./passwd", buf), "/etc/passwd");
    char *fresh = realpath("/etc//", NULL);
    CHECK_STR(fresh, "/etc");
    free(fresh);
    CHECK(realpath("/etc/none", buf) == NULL);
    CHECK_EQ(errno, ENOENT);
    CHECK(realpath(NULL, buf) == NULL);
    CHECK_EQ(errno, EINVAL);
    strcpy(path, "/usr/lib/");
    CHECK_STR(dirname(path), "/usr");
    strcpy(path, "usr");
    CHECK_STR(dirname(path), ".");
    strcpy(path, "/usr");
    CHECK_STR(dirname(path), "/");
    strcpy(path, "//");
    CHECK_STR(dirname(path), "/");
    strcpy(path, "/usr/lib/");
    CHECK_STR(basename(path), "lib");
    CHECK_EQ(pathconf("/", _PC_NAME_MAX), 255);
    CHECK_EQ(pathconf("/", 9999), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(pathconf("/no/such", _PC_NAME_MAX), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(fpathconf(1, _PC_PATH_MAX), 1024);
    CHECK_EQ(fpathconf(99, _PC_NAME_MAX), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(tap_become(TEST_OID), 0);
    struct stat st;
    CHECK_EQ(stat("/etc/passwd", &st), 0); // the first request since the identity changed:
    CHECK_EQ(st.st_mode, 0100644);         // its answer (mode 0 read from an old container before)
    CHECK_EQ(access("/etc/passwd", R_OK), 0); // mode 0644: others read
    CHECK_EQ(access("/etc/passwd", W_OK), -1);
    CHECK_EQ(errno, EACCES);
    return 0;
}

static int
times_of_the_calendar(void)
{
    struct tm tm = {.tm_year = 100, .tm_mon = 2, .tm_mday = 1}; // 2000-03-01 00:00:00 UTC

    CHECK_EQ(timegm(&tm), 951868800);
    CHECK_EQ(tm.tm_wday, 3);                                                     // a Wednesday
    tm = (struct tm){.tm_year = 124, .tm_mon = 0, .tm_mday = 32, .tm_hour = 25}; // carried over
    CHECK_EQ(timegm(&tm), 1706835600); // 2024-02-02 01:00:00
    CHECK_EQ(tm.tm_mon, 1);
    CHECK_EQ(tm.tm_mday, 2);
    CHECK_EQ(tm.tm_hour, 1);
    tm = (struct tm){.tm_year = 70, .tm_mon = 0, .tm_mday = 1, .tm_isdst = 0};
    CHECK_EQ(mktime(&tm), 0); // no TZ: UTC
    return 0;
}

static int runs;

static void
once(void)
{
    runs++;
}

static int
ioctl_declarations_and_one_thread(void)
{
    struct winsize ws;
    struct stat a, b;
    pthread_once_t control = PTHREAD_ONCE_INIT;
    int fd;

    CHECK_EQ(ioctl(1, TIOCGWINSZ, &ws), 0);
    CHECK_EQ(ws.ws_col, 80);
    CHECK_EQ(ws.ws_row, 24);
    CHECK((fd = open("/etc/passwd", O_RDONLY)) >= 0);
    CHECK_EQ(ioctl(fd, TIOCGWINSZ, &ws), -1);
    CHECK_EQ(errno, ENOTTY);
    close(fd);
    CHECK_EQ(ioctl(fd, TIOCGWINSZ, &ws), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(ioctl(1, 0x1234, &ws), -1);
    CHECK_EQ(errno, ENOTTY);
    CHECK_EQ(lstat("/etc/passwd", &a), 0);
    CHECK_EQ(stat("/etc/passwd", &b), 0);
    CHECK_EQ(a.st_ino, b.st_ino);
    CHECK(significand(8.0) == 1.0); // 8 = 1 * 2^3
    CHECK(significand(-12.0) == -1.5);
    CHECK(scalb(1.5, 3.0) == 12.0);
    CHECK(scalbf(1.0f, -1.0f) == 0.5f);
    flockfile(stdout);
    CHECK_EQ(ftrylockfile(stdout), 0);
    funlockfile(stdout);
    funlockfile(stdout);
    CHECK_EQ(pthread_once(&control, once), 0);
    CHECK_EQ(pthread_once(&control, once), 0);
    CHECK_EQ(runs, 1);
    return 0;
}

/* fcntl's descriptor commands: F_DUPFD from a floor, F_GETFL, close-on-exec
 * kept from children, and EBADF, EINVAL; a record lock is taken and given
 * back (the file server holds them: t_fs tests them between processes). */
static int
fcntl_on_descriptors(void)
{
    int fd, d, st;

    CHECK((fd = open("/tmp/t_posix.f", O_RDWR | O_CREAT | O_TRUNC | O_APPEND, 0644)) >= 0);
    CHECK_EQ(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND), O_RDWR | O_APPEND);
    CHECK((d = fcntl(fd, F_DUPFD, 20)) >= 20);
    CHECK_EQ(fcntl(d, F_GETFD), 0);
    CHECK_EQ(fcntl(d, F_SETFD, FD_CLOEXEC), 0);
    CHECK_EQ(fcntl(d, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(fcntl(fd, F_GETFD), 0); // the flag is the descriptor's, not the file's
    CHECK_EQ(fcntl(0, F_GETFL) & O_ACCMODE, O_RDWR);
    CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND), 0);
    CHECK_EQ(fcntl(fd, F_SETFL, 0), -1); // O_APPEND cannot be changed here
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(fcntl(fd, 999), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(fcntl(63, F_GETFD), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(fcntl(fd, F_DUPFD, 64), -1);
    CHECK_EQ(errno, EINVAL);
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    CHECK_EQ(fcntl(fd, F_SETLK, &lk), 0);
    CHECK_EQ(fcntl(fd, F_GETLK, &lk), 0); // our own lock is no conflict
    CHECK_EQ(lk.l_type, F_UNLCK);
    lk.l_type = F_UNLCK;
    CHECK_EQ(fcntl(fd, F_SETLK, &lk), 0);
    // a child sees fd (and its flags) but not the close-on-exec d
    char fdarg[8], darg[8];
    snprintf(fdarg, sizeof(fdarg), "%d", fd);
    snprintf(darg, sizeof(darg), "%d", d);
    st = tap_run("t_posix", "fds", fdarg, darg, 0);
    CHECK_EQ(st, 0);
    close(d);
    close(fd);
    CHECK_EQ(unlink("/tmp/t_posix.f"), 0);
    return 0;
}

/* mmap (DESIGN §8): a shared file mapping is the OMF window, seen by read
 * and by another mapping at once, written back by msync, alive after the
 * descriptor's close; a private mapping is a copy; an anonymous one is
 * zeroed memory; POSIX's errors for the rest. */
static int
mmap_files_and_memory(void)
{
    char buf[8];
    int fd;
    uint8_t *a, *b, *p, *z;

    CHECK((fd = open("/tmp/t_posix.m", O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK_EQ(ftruncate(fd, 3 * 4096), 0);
    CHECK((a = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096)) != MAP_FAILED);
    CHECK((b = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 4096)) != MAP_FAILED);
    CHECK((p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096)) != MAP_FAILED);
    memcpy(a, "shared", 6);
    CHECK_EQ(memcmp(b, "shared", 6), 0); // the same frames
    CHECK_EQ(pread(fd, buf, 6, 4096), 6);
    CHECK_EQ(memcmp(buf, "shared", 6), 0); // and read sees them
    CHECK_EQ(p[0], 0);                     // the copy was taken before
    p[0] = 'x';
    CHECK_EQ(a[0], 's');
    CHECK_EQ(msync(a, 8192, MS_SYNC), 0);
    CHECK_EQ(close(fd), 0); // the mappings stay
    a[4096] = 'y';
    CHECK_EQ(msync(a + 4096, 4096, MS_SYNC), 0);
    CHECK_EQ(munmap(a, 8192), 0);
    CHECK_EQ(munmap(b, 4096), 0);
    CHECK_EQ(munmap(p, 4096), 0);
    CHECK((fd = open("/tmp/t_posix.m", O_RDONLY)) >= 0);
    CHECK_EQ(pread(fd, buf, 1, 8192), 1);
    CHECK_EQ(buf[0], 'y');
    CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED);
    CHECK_EQ(errno, EACCES); // a read-only descriptor maps no writable window
    CHECK(mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 8192) == MAP_FAILED);
    CHECK_EQ(errno, ENXIO); // past the end of the file
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED);
    CHECK_EQ(errno, EINVAL); // not a page's offset
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED);
    CHECK_EQ(errno, EINVAL);
    CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 60, 0) == MAP_FAILED);
    CHECK_EQ(errno, EBADF);
    CHECK(mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(close(fd), 0);
    CHECK((z = mmap(NULL, 100000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) !=
          MAP_FAILED);
    CHECK_EQ((uintptr_t)z % 4096, 0);
    for (int i = 0; i < 100000; i += 4096)
        CHECK_EQ(z[i], 0);
    z[99999] = 1;
    CHECK_EQ(msync(z, 4096, MS_ASYNC | MS_SYNC), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(munmap(z, 100000), 0);
    CHECK_EQ(msync(z, 4096, MS_SYNC), -1);
    CHECK_EQ(errno, ENOMEM); // no longer mapped
    CHECK_EQ(unlink("/tmp/t_posix.m"), 0);
    return 0;
}

/* What SQLite and Lua asked for and did not link before (the ports). */
static int
sysconf_and_links(void)
{
    char buf[64];

    CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
    CHECK_EQ(getpagesize(), 4096);
    CHECK(sysconf(_SC_OPEN_MAX) >= 20);
    CHECK_EQ(sysconf(_SC_CLK_TCK), CLOCKS_PER_SEC);
    CHECK_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
    errno = 0;
    CHECK_EQ(sysconf(-1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(readlink("/etc/passwd", buf, sizeof(buf)), -1);
    CHECK_EQ(errno, EINVAL); // exists, not a link
    CHECK_EQ(readlink("/etc/no-such-name", buf, sizeof(buf)), -1);
    CHECK_EQ(errno, ENOENT);
    return 0;
}

/* proccreate_env: the child sees the strings added (and in place of ours of
 * the same name), our environment stays as it was, and 300 children with
 * their own variables do not grow our heap (setenv and unsetenv around
 * proccreate leaked a string per variable and child: httpd's CGI). */
static int
proccreate_env_leaves_ours(void)
{
    char *argv[] = {"t_posix", "env", NULL};
    char *envp[] = {"T_POSIX_ENV=child", "HOME=/tmp", NULL};
    char *brk0 = NULL;
    int status;

    CHECK_EQ(setenv("HOME", "/", 1), 0);
    for (int i = 0; i < 300; i++) {
        rid_t pid = proccreate_env("", "/bin/t_posix", argv, envp, getvmid(0), TEST_MODE);
        CHECK(pid > 0);
        CHECK_EQ(procwait(pid, &status), pid);
        CHECK_EQ(status, PROC_STATUS_EXIT(0));
        if (i == 20)
            brk0 = sbrk(0); // malloc's first arenas are made by now
    }
    CHECK(sbrk(0) == brk0);
    CHECK(getenv("T_POSIX_ENV") == NULL);
    CHECK_EQ(strcmp(getenv("HOME"), "/"), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"getuid and the rest; getpwuid, getpwnam from /etc/passwd; HOME and PATH",
     identities_and_the_user_database},
    {"umask shapes open and mkdir, and a child starts with it", umask_shapes_what_is_made},
    {"access, realpath, dirname, basename and pathconf, with POSIX's errors", access_and_realpath},
    {"timegm and mktime carry fields over and give seconds since 1970", times_of_the_calendar},
    {"ioctl's window size and ENOTTY; lstat, significand, scalb declared; one-thread locks",
     ioctl_declarations_and_one_thread},
    {"fcntl: F_DUPFD, F_GETFL, close-on-exec kept from children, POSIX's errors",
     fcntl_on_descriptors},
    {"mmap: a shared file mapping is the window, msync writes it; private and anonymous ones",
     mmap_files_and_memory},
    {"sysconf and getpagesize; readlink of a file is EINVAL, of no file ENOENT", sysconf_and_links},
    {"proccreate_env: the child's variables, ours untouched, no heap growth over 300 children",
     proccreate_env_leaves_ours},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_posix", "test suite: POSIX calls for ported programs (TAP)"))
        return 0;
    if (argc == 2 && strcmp(argv[1], "umask") == 0) {
        mode_t m = umask(0);
        return (int)m;
    }
    if (argc == 2 && strcmp(argv[1], "env") == 0) // proccreate_env's child
        return getenv("T_POSIX_ENV") && strcmp(getenv("T_POSIX_ENV"), "child") == 0 &&
                       strcmp(getenv("HOME"), "/tmp") == 0
                   ? 0
                   : 1;
    if (argc == 4 && strcmp(argv[1], "fds") == 0) { // FD open with O_APPEND, D close-on-exec
        int fd = atoi(argv[2]), d = atoi(argv[3]);
        if ((fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND)) != (O_RDWR | O_APPEND))
            return 1;
        return fcntl(d, F_GETFD) == -1 && errno == EBADF ? 0 : 2;
    }
    struct stat st;
    if (argc == 1 && stat("/etc/passwd", &st) < 0) // warm up: the server's first-client costs
        return 1;                                  // (page tables, caches) are no leak of ours
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

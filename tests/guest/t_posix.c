/*
 * t_posix: what DESIGN §8 adds for programs written for POSIX (issue 18),
 * each with its POSIX meaning and errors: who the process is (getuid and
 * the rest, getpwuid and getpwnam from /etc/passwd on the disk, HOME and
 * PATH), umask on open and mkdir and in a child, access, realpath,
 * dirname and basename, pathconf, timegm and mktime, ioctl's window size
 * and ENOTTY, the declarations newlib left out (lstat, significand,
 * scalb), and one-thread stdio locks and pthread_once.
 *     t_posix              the suite
 *     t_posix umask        helper: exit with the umask it started with
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
    CHECK_STR(getenv("PATH"), "/bin");
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

static const struct tcase cases[] = {
    {"getuid and the rest; getpwuid, getpwnam from /etc/passwd; HOME and PATH",
     identities_and_the_user_database},
    {"umask shapes open and mkdir, and a child starts with it", umask_shapes_what_is_made},
    {"access, realpath, dirname, basename and pathconf, with POSIX's errors", access_and_realpath},
    {"timegm and mktime carry fields over and give seconds since 1970", times_of_the_calendar},
    {"ioctl's window size and ENOTTY; lstat, significand, scalb declared; one-thread locks",
     ioctl_declarations_and_one_thread},
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
    struct stat st;
    if (argc == 1 && stat("/etc/passwd", &st) < 0) // warm up: the server's first-client costs
        return 1;                                  // (page tables, caches) are no leak of ours
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

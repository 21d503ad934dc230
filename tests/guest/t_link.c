/*
 * tests/guest/t_link.c - symbolic links through the file server (DESIGN §8):
 * symlink, readlink, lstat with POSIX's errors, fast and slow links, how
 * paths follow them (in the middle always, at the end but for lstat,
 * readlink, unlink, rename and O_NOFOLLOW), hostile links (loops, a
 * 4095-byte target, a dangling link, a target of odd bytes), search
 * permission through a link, and `ln -s` with `ls -l`. Every case works in
 * /tmp under names starting "t_link." and removes what it made; the suite
 * ends with the leak check (tap.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/guest/tap.h"

/* The whole of a small file, NUL-terminated, or "" if it cannot be read. */
static const char *
contents(const char *path)
{
    static char buf[4096];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);

    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static int
put(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0)
        return -1;
    int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    return close(fd) == 0 && ok ? 0 : -1;
}

static int
fast_and_slow_links(void)
{
    static char target[4097], got[4097];
    struct stat st, lst;

    CHECK_EQ(put("/tmp/t_link.f", "payload\n"), 0);
    // fast: the target lives in the inode
    CHECK_EQ(symlink("t_link.f", "/tmp/t_link.fast"), 0);
    CHECK_EQ(lstat("/tmp/t_link.fast", &lst), 0);
    CHECK(S_ISLNK(lst.st_mode));
    CHECK_EQ(lst.st_size, 8);
    CHECK_EQ(lst.st_blocks, 0);
    CHECK_EQ(stat("/tmp/t_link.fast", &st), 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(st.st_size, 8);
    CHECK_EQ(readlink("/tmp/t_link.fast", got, sizeof(got)), 8);
    CHECK(memcmp(got, "t_link.f", 8) == 0);
    CHECK_EQ(readlink("/tmp/t_link.fast", got, 3), 3); // cut short, no NUL added
    CHECK(strcmp(contents("/tmp/t_link.fast"), "payload\n") == 0);
    // slow, and the longest target: 4095 bytes ("./" repeated and the name)
    for (int i = 0; i < 4095 - 8; i += 2)
        memcpy(target + i, "./", 2);
    memcpy(target + 4095 - 8 - 1, "/t_link.f", 9);
    target[4095] = '\0';
    CHECK_EQ(strlen(target), 4095);
    CHECK_EQ(symlink(target, "/tmp/t_link.slow"), 0);
    CHECK_EQ(lstat("/tmp/t_link.slow", &lst), 0);
    CHECK(S_ISLNK(lst.st_mode));
    CHECK_EQ(lst.st_size, 4095);
    CHECK(lst.st_blocks > 0);
    CHECK_EQ(readlink("/tmp/t_link.slow", got, sizeof(got)), 4095);
    CHECK(memcmp(got, target, 4095) == 0);
    CHECK(strcmp(contents("/tmp/t_link.slow"), "payload\n") == 0);
    // one byte more is too long; an empty target names nothing
    target[4095] = 'x';
    target[4096] = '\0';
    CHECK_EQ(symlink(target, "/tmp/t_link.long"), -1);
    CHECK_EQ(errno, ENAMETOOLONG);
    CHECK_EQ(symlink("", "/tmp/t_link.empty"), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(lstat("/tmp/t_link.long", &lst), -1);
    CHECK_EQ(errno, ENOENT);
    // an existing name, a missing directory, readlink of what is no link
    CHECK_EQ(symlink("x", "/tmp/t_link.fast"), -1);
    CHECK_EQ(errno, EEXIST);
    CHECK_EQ(symlink("x", "/tmp/t_link.f"), -1);
    CHECK_EQ(errno, EEXIST);
    CHECK_EQ(symlink("x", "/tmp/t_link.nodir/l"), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(readlink("/tmp/t_link.f", got, sizeof(got)), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(readlink("/tmp", got, sizeof(got)), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(readlink("/tmp/t_link.none", got, sizeof(got)), -1);
    CHECK_EQ(errno, ENOENT);
    // unlink takes the link, not its target
    CHECK_EQ(unlink("/tmp/t_link.fast"), 0);
    CHECK_EQ(unlink("/tmp/t_link.slow"), 0);
    CHECK_EQ(stat("/tmp/t_link.f", &st), 0);
    CHECK_EQ(unlink("/tmp/t_link.f"), 0);
    return 0;
}

static int
paths_follow_links(void)
{
    struct stat st, lst;
    char got[64];
    int fd;

    CHECK_EQ(mkdir("/tmp/t_link.d", 0755), 0);
    CHECK_EQ(mkdir("/tmp/t_link.d/sub", 0755), 0);
    CHECK_EQ(put("/tmp/t_link.d/sub/f", "deep\n"), 0);
    // relative targets count from the link's directory, absolute ones from the root
    CHECK_EQ(symlink("sub", "/tmp/t_link.d/rel"), 0);
    CHECK_EQ(symlink("/tmp/t_link.d/sub", "/tmp/t_link.abs"), 0);
    CHECK(strcmp(contents("/tmp/t_link.d/rel/f"), "deep\n") == 0);
    CHECK(strcmp(contents("/tmp/t_link.abs/f"), "deep\n") == 0);
    CHECK_EQ(stat("/tmp/t_link.abs/", &st), 0); // a trailing slash follows it
    CHECK(S_ISDIR(st.st_mode));
    CHECK_EQ(lstat("/tmp/t_link.abs", &lst), 0);
    CHECK(S_ISLNK(lst.st_mode));
    // realpath follows every link, and takes ".." after one physically
    char *real = realpath("/tmp/t_link.abs/f", NULL);
    CHECK(real && strcmp(real, "/tmp/t_link.d/sub/f") == 0);
    free(real);
    CHECK((real = realpath("/tmp/t_link.abs/../rel/./f", NULL)) != NULL);
    CHECK(strcmp(real, "/tmp/t_link.d/sub/f") == 0);
    free(real);
    // a file made through a link in the middle lands in the target directory
    CHECK_EQ(put("/tmp/t_link.abs/new", "made\n"), 0);
    CHECK(strcmp(contents("/tmp/t_link.d/sub/new"), "made\n") == 0);
    // a dangling link: stat ENOENT, lstat fine; O_CREAT makes its target
    CHECK_EQ(symlink("sub/later", "/tmp/t_link.d/dangling"), 0);
    CHECK_EQ(stat("/tmp/t_link.d/dangling", &st), -1);
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(lstat("/tmp/t_link.d/dangling", &lst), 0);
    CHECK((fd = open("/tmp/t_link.d/dangling", O_WRONLY | O_CREAT, 0644)) >= 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(stat("/tmp/t_link.d/sub/later", &st), 0);
    // O_NOFOLLOW: ELOOP for a link; O_CREAT|O_EXCL: EEXIST for one
    CHECK_EQ(open("/tmp/t_link.d/rel", O_RDONLY | O_NOFOLLOW), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(open("/tmp/t_link.d/dangling", O_WRONLY | O_CREAT | O_EXCL, 0644), -1);
    CHECK_EQ(errno, EEXIST);
    CHECK((fd = open("/tmp/t_link.d/sub/f", O_RDONLY | O_NOFOLLOW)) >= 0);
    CHECK_EQ(close(fd), 0);
    // a file where a directory is needed; a trailing slash after a file's link
    CHECK_EQ(symlink("sub/f", "/tmp/t_link.d/tofile"), 0);
    CHECK_EQ(stat("/tmp/t_link.d/tofile/x", &st), -1);
    CHECK_EQ(errno, ENOTDIR);
    CHECK_EQ(stat("/tmp/t_link.d/tofile/", &st), -1);
    CHECK_EQ(errno, ENOTDIR);
    // rename moves the link itself; chmod acts on the target
    CHECK_EQ(rename("/tmp/t_link.d/tofile", "/tmp/t_link.d/moved"), 0);
    CHECK_EQ(readlink("/tmp/t_link.d/moved", got, sizeof(got)), 5);
    CHECK_EQ(chmod("/tmp/t_link.d/moved", 0600), 0);
    CHECK_EQ(stat("/tmp/t_link.d/sub/f", &st), 0);
    CHECK_EQ(st.st_mode & 0777, 0600);
    // a directory's link is not a directory to rmdir
    CHECK_EQ(rmdir("/tmp/t_link.d/rel"), -1);
    CHECK_EQ(errno, ENOTDIR);
    const char *gone[] = {"/tmp/t_link.d/moved", "/tmp/t_link.d/dangling",  "/tmp/t_link.d/rel",
                          "/tmp/t_link.abs",     "/tmp/t_link.d/sub/later", "/tmp/t_link.d/sub/new",
                          "/tmp/t_link.d/sub/f"};
    for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
        CHECK_EQ(unlink(gone[i]), 0);
    CHECK_EQ(rmdir("/tmp/t_link.d/sub"), 0);
    CHECK_EQ(rmdir("/tmp/t_link.d"), 0);
    return 0;
}

static int
hostile_links(void)
{
    static char odd[256], got[4096], name[64], next[64];
    struct stat st;

    // loops: two links, one link to itself, one through a directory
    CHECK_EQ(symlink("t_link.b", "/tmp/t_link.a"), 0);
    CHECK_EQ(symlink("/tmp/t_link.a", "/tmp/t_link.b"), 0);
    CHECK_EQ(symlink("t_link.self/x", "/tmp/t_link.self"), 0);
    CHECK_EQ(stat("/tmp/t_link.a", &st), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(open("/tmp/t_link.b", O_RDONLY), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(open("/tmp/t_link.a", O_WRONLY | O_CREAT, 0644), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(stat("/tmp/t_link.self", &st), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(stat("/tmp/t_link.a/x/y", &st), -1);
    CHECK_EQ(errno, ELOOP);
    CHECK(realpath("/tmp/t_link.a", got) == NULL);
    CHECK_EQ(errno, ELOOP);
    CHECK_EQ(lstat("/tmp/t_link.a", &st), 0); // the link itself is fine
    CHECK_EQ(unlink("/tmp/t_link.a"), 0);
    CHECK_EQ(unlink("/tmp/t_link.b"), 0);
    CHECK_EQ(unlink("/tmp/t_link.self"), 0);
    // a chain of 40 links resolves; 41 is ELOOP
    CHECK_EQ(put("/tmp/t_link.end", "end\n"), 0);
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof(name), "/tmp/t_link.c%d", i);
        snprintf(next, sizeof(next), i == 40 ? "t_link.end" : "t_link.c%d", i + 1);
        CHECK_EQ(symlink(next, name), 0);
    }
    CHECK(strcmp(contents("/tmp/t_link.c1"), "end\n") == 0);
    CHECK_EQ(open("/tmp/t_link.c0", O_RDONLY), -1);
    CHECK_EQ(errno, ELOOP);
    for (int i = 0; i <= 40; i++) {
        snprintf(name, sizeof(name), "/tmp/t_link.c%d", i);
        CHECK_EQ(unlink(name), 0);
    }
    CHECK_EQ(unlink("/tmp/t_link.end"), 0);
    // a target of every byte but NUL: kept exactly, names nothing
    for (int i = 0; i < 255; i++)
        odd[i] = (char)(i + 1);
    CHECK_EQ(symlink(odd, "/tmp/t_link.odd"), 0);
    CHECK_EQ(readlink("/tmp/t_link.odd", got, sizeof(got)), 255);
    CHECK(memcmp(got, odd, 255) == 0);
    CHECK_EQ(stat("/tmp/t_link.odd", &st), -1);
    CHECK(errno == ENOENT || errno == ENAMETOOLONG);
    CHECK_EQ(unlink("/tmp/t_link.odd"), 0);
    // "../" far above the root stays at the root
    CHECK_EQ(symlink("../../../../../../../../etc/passwd", "/tmp/t_link.up"), 0);
    CHECK_EQ(stat("/tmp/t_link.up", &st), 0);
    CHECK(S_ISREG(st.st_mode));
    CHECK_EQ(unlink("/tmp/t_link.up"), 0);
    // links that double the path each time: ENAMETOOLONG, not a hang
    CHECK_EQ(symlink("t_link.w/t_link.w/t_link.w/t_link.w/t_link.w/t_link.w/t_link.w/t_link.w",
                     "/tmp/t_link.w"),
             0);
    CHECK_EQ(stat("/tmp/t_link.w", &st), -1);
    CHECK(errno == ENAMETOOLONG || errno == ELOOP);
    CHECK_EQ(unlink("/tmp/t_link.w"), 0);
    return 0;
}

/* The part of links_and_permissions another owner runs: search permission
 * through a link, and making a link in a directory it may not write. */
static int
as_other_owner(void)
{
    struct stat st;
    char got[64];

    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(stat("/tmp/t_link.tosecret", &st), -1);
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(lstat("/tmp/t_link.tosecret", &st), 0);
    CHECK_EQ(readlink("/tmp/t_link.tosecret", got, sizeof(got)), 15);
    CHECK_EQ(symlink("x", "/tmp/t_link.secret/mine"), -1);
    CHECK_EQ(errno, EACCES);
    CHECK_EQ(symlink("x", "/etc/t_link.mine"), -1);
    CHECK_EQ(errno, EACCES);
    // its own link in /tmp is its own; another's in sticky /tmp is not its to remove
    CHECK_EQ(symlink("t_link.secret", "/tmp/t_link.theirs"), 0);
    CHECK_EQ(lstat("/tmp/t_link.theirs", &st), 0);
    CHECK_EQ(st.st_uid, TEST_OID);
    CHECK_EQ(unlink("/tmp/t_link.tosecret"), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(unlink("/tmp/t_link.theirs"), 0);
    return 0;
}

static int
links_and_permissions(void)
{
    struct stat st;

    CHECK_EQ(mkdir("/tmp/t_link.secret", 0700), 0);
    CHECK_EQ(put("/tmp/t_link.secret/f", "hidden\n"), 0);
    CHECK_EQ(symlink("t_link.secret/f", "/tmp/t_link.tosecret"), 0);
    CHECK_EQ(stat("/tmp/t_link.tosecret", &st), 0); // the system owner passes
    CHECK_EQ(tap_run("t_link", "other", NULL, NULL, 0), 0);
    CHECK_EQ(unlink("/tmp/t_link.tosecret"), 0);
    CHECK_EQ(unlink("/tmp/t_link.secret/f"), 0);
    CHECK_EQ(rmdir("/tmp/t_link.secret"), 0);
    return 0;
}

/* Run a shell command line; its exit status. */
static int
sh(const char *line)
{
    return tap_run("sh", "-c", line, NULL, 0);
}

static int
ln_and_ls(void)
{
    char got[64];
    struct stat st;

    CHECK_EQ(put("/tmp/t_link.lf", "x\n"), 0);
    CHECK_EQ(sh("ln -s t_link.lf /tmp/t_link.ln"), 0);
    CHECK_EQ(readlink("/tmp/t_link.ln", got, sizeof(got)), 9);
    CHECK(memcmp(got, "t_link.lf", 9) == 0);
    CHECK(sh("ln -s t_link.lf /tmp/t_link.ln") != 0);     // EEXIST
    CHECK(sh("ln /tmp/t_link.lf /tmp/t_link.hard") != 0); // no hard links
    CHECK_EQ(sh("ls -l /tmp > /tmp/t_link.out"), 0);
    CHECK(strstr(contents("/tmp/t_link.out"), "t_link.ln -> t_link.lf") != NULL);
    CHECK(strstr(contents("/tmp/t_link.out"), "lrwxrwxrwx") != NULL);
    CHECK_EQ(lstat("/tmp/t_link.hard", &st), -1);
    CHECK_EQ(unlink("/tmp/t_link.out"), 0);
    CHECK_EQ(unlink("/tmp/t_link.ln"), 0);
    CHECK_EQ(unlink("/tmp/t_link.lf"), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"symlink, readlink, lstat: fast and slow links, a 4095-byte target, POSIX's errors",
     fast_and_slow_links},
    {"paths follow links: relative and absolute targets, dangling ones, O_NOFOLLOW, O_EXCL",
     paths_follow_links},
    {"hostile links: loops, 40 links and 41, odd bytes, ../ above the root, a growing path",
     hostile_links},
    {"a link opens no way around search permission; EACCES, EPERM in sticky /tmp",
     links_and_permissions},
    {"ln -s makes a link and ls -l shows it", ln_and_ls},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_link", "test suite: symbolic links (TAP)"))
        return 0;
    if (argc == 2 && strcmp(argv[1], "other") == 0)
        return as_other_owner();
    struct stat st;
    if (argc == 1 && stat("/etc/passwd", &st) < 0) // warm up the server before the counts
        return 1;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

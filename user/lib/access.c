/*
 * user/lib/access.c - questions about names: access, realpath, pathconf
 * and fpathconf.
 *
 * access answers with the real ids, which are the effective ones here
 * (users.c), from the file's mode bits as the file server checks them: the
 * owner class if the uid owns the file, else the group class if the gid is
 * its group, else the others; the system owner (uid 1) passes like root,
 * but X_OK needs some execute bit on a file that is not a directory, as on
 * Unix. realpath is the absolute path of a name that exists with every
 * symbolic link in it followed and "." and ".." taken as the directories
 * say (physically, unlike path.c's textual normalisation). pathconf answers
 * ext2's limits and the file server's.
 * Public: access, realpath, pathconf, fpathconf.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/abi/omfs.h"
#include "user/lib/libc.h"

#define SYSTEM_OWNER 1

int
access(const char *path, int mode)
{
    struct stat st;
    uid_t uid = getuid();
    unsigned bits;

    if (mode & ~(R_OK | W_OK | X_OK))
        return libc_fail(-EINVAL);
    if (stat(path, &st) < 0)
        return -1;
    if (mode == F_OK)
        return 0;
    if (uid == SYSTEM_OWNER) {
        if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111))
            return libc_fail(-EACCES);
        return 0;
    }
    if (st.st_uid == uid)
        bits = (st.st_mode >> 6) & 7;
    else if (st.st_gid == getgid())
        bits = (st.st_mode >> 3) & 7;
    else
        bits = st.st_mode & 7;
    return ((unsigned)mode & bits) == (unsigned)mode ? 0 : libc_fail(-EACCES);
}

static char *
fail_null(int err)
{
    libc_fail(err);
    return NULL;
}

#define SYMLOOP_MAX 40 /* links one realpath follows (the server's bound, fs/resolve.c) */

/* Resolve the absolute path in work (PATH_MAX bytes, consumed) name by name
 * into out, following every symbolic link (lstat, readlink) and taking
 * ".." physically, as the server would. Returns 0, or -errno. */
static int
resolve_links(char *work, char *out)
{
    static char target[PATH_MAX], rest[PATH_MAX];
    size_t len = 0;
    unsigned links = 0;
    char *p = work;
    struct stat st;

    out[0] = '\0';
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 1 && p[0] == '.') {
            p += n;
            continue;
        }
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            out[len] = '\0';
            p += n;
            continue;
        }
        if (len + 1 + n + 1 > PATH_MAX)
            return -ENAMETOOLONG;
        out[len] = '/';
        memcpy(out + len + 1, p, n);
        out[len + 1 + n] = '\0';
        p += n;
        if (lstat(out, &st) < 0)
            return -errno;
        if (S_ISLNK(st.st_mode)) {
            ssize_t t = readlink(out, target, sizeof(target) - 1);
            if (t < 0)
                return -errno;
            if (++links > SYMLOOP_MAX)
                return -ELOOP;
            if ((size_t)t + 1 + strlen(p) + 1 > PATH_MAX)
                return -ENAMETOOLONG;
            strcpy(rest, p);
            memcpy(work, target, (size_t)t);
            work[t] = '/';
            strcpy(work + t + 1, rest);
            p = work;
            if (work[0] == '/')
                len = 0; // an absolute target starts again at the root
            out[len] = '\0';
            continue;
        }
        len += 1 + n;
        if (*p && !S_ISDIR(st.st_mode))
            return -ENOTDIR;
    }
    if (len == 0)
        strcpy(out, "/");
    return 0;
}

char *
realpath(const char *path, char *resolved)
{
    static char work[PATH_MAX], abs[PATH_MAX];
    int err;

    if (!path)
        return fail_null(-EINVAL);
    if (!path[0])
        return fail_null(-ENOENT);
    if (path[0] == '/') {
        if (strlen(path) >= sizeof(work))
            return fail_null(-ENAMETOOLONG);
        strcpy(work, path);
    } else {
        if (!getcwd(work, sizeof(work)) || strlen(work) + 1 + strlen(path) >= sizeof(work))
            return fail_null(-ENAMETOOLONG);
        strcat(work, "/");
        strcat(work, path);
    }
    if ((err = resolve_links(work, abs)) < 0)
        return fail_null(err);
    if (!resolved && !(resolved = malloc(PATH_MAX)))
        return fail_null(-ENOMEM);
    return strcpy(resolved, abs);
}

static long
limit(int name)
{
    switch (name) {
    case _PC_NAME_MAX:
        return OMFS_NAME_MAX; // ext2: 255 bytes a name
    case _PC_PATH_MAX:
        return OMFS_PATH_MAX; // the file server's, with the NUL
    case _PC_LINK_MAX:
        return 32000; // ext2's link count limit
    case _PC_PIPE_BUF:
        return 512;
    case _PC_NO_TRUNC:
        return 1; // a longer name is ENAMETOOLONG, not cut
    case _PC_CHOWN_RESTRICTED:
        return 1; // only the system owner gives files away
    case _PC_FILESIZEBITS:
        return 32;
    default:
        return libc_fail(-EINVAL);
    }
}

long
pathconf(const char *path, int name)
{
    struct stat st;

    if (stat(path, &st) < 0)
        return -1;
    return limit(name);
}

long
fpathconf(int fd, int name)
{
    struct stat st;

    if (fstat(fd, &st) < 0)
        return -1;
    return limit(name);
}

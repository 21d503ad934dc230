/*
 * user/lib/access.c - questions about names: access, realpath, pathconf
 * and fpathconf.
 *
 * access answers with the real ids, which are the effective ones here
 * (users.c), from the file's mode bits as the file server checks them: the
 * owner class if the uid owns the file, else the group class if the gid is
 * its group, else the others; the system owner (uid 1) passes like root,
 * but X_OK needs some execute bit on a file that is not a directory, as on
 * Unix. realpath is the absolute, normalised path (path.c) of a name that
 * exists (there are no symbolic links to follow yet). pathconf answers
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
#include "user/lib/path.h"

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

char *
realpath(const char *path, char *resolved)
{
    char abs[OMFS_PATH_MAX];
    struct stat st;
    int err;

    if (!path)
        return fail_null(-EINVAL);
    if ((err = path_absolute(path, abs)) < 0)
        return fail_null(err);
    if (stat(abs, &st) < 0)
        return NULL;
    if (strlen(abs) >= PATH_MAX)
        return fail_null(-ENAMETOOLONG);
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

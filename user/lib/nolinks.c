/*
 * user/lib/nolinks.c - readlink and symlink while the file server has no
 * symbolic links: no name is a link, so readlink of a name that exists is
 * EINVAL (POSIX: not a symbolic link) and of one that does not is stat's
 * error, and symlink is ENOSYS. SQLite's unix VFS asks readlink of every
 * database path it opens (and its shell links against symlink).
 *
 * Both are weak: the library's own calls on real links, once the server
 * makes them, take their place with no edit here.
 * Public: readlink, symlink.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user/lib/libc.h"

__attribute__((weak)) ssize_t
readlink(const char *restrict path, char *restrict buf, size_t size)
{
    struct stat st;

    (void)buf;
    (void)size;
    if (stat(path, &st) < 0)
        return -1;
    return libc_fail(-EINVAL);
}

__attribute__((weak)) int
symlink(const char *target, const char *path)
{
    (void)target;
    (void)path;
    return libc_fail(-ENOSYS);
}

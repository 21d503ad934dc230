/*
 * user/lib/path.c - the working directory and relative paths: getcwd,
 * path_absolute for every call that takes a path, and path_set_cwd for
 * chdir (dir.c, which asks the file server that the directory exists); and
 * basename and dirname (libgen.h), which newlib leaves to the system.
 *
 * The working directory is the process's own, kept here as an absolute,
 * normalised path; a child starts in its parent's (it travels in the
 * environment as PWD, copied at proccreate). Paths are resolved by text (a
 * trailing slash is kept: the server reads it): "." is dropped and ".."
 * removes the name before it. With symbolic links that is the shell's
 * "logical" view, not POSIX's physical one: "l/.." where l links to a
 * directory elsewhere is the directory holding l (the server follows every
 * link left in the path it is sent).
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user/lib/path.h"

static char cwd[OMFS_PATH_MAX] = "/";
static int cwd_known;

static const char *
working_dir(void)
{
    if (!cwd_known) {
        const char *pwd = getenv("PWD");
        char tmp[OMFS_PATH_MAX];
        cwd_known = 1;
        if (pwd && pwd[0] == '/' && strlen(pwd) < sizeof(tmp)) {
            strcpy(tmp, pwd);
            if (path_absolute(tmp, cwd) < 0)
                strcpy(cwd, "/");
        }
    }
    return cwd;
}

/* See path.h. */
int
path_absolute(const char *path, char *out)
{
    size_t len = 0;
    const char *p = path;

    if (!path || !path[0])
        return -ENOENT;
    if (path[0] != '/') {
        const char *base = working_dir();
        len = strlen(base);
        memcpy(out, base, len + 1);
        if (len == 1)
            len = 0; // "/": the names follow the one slash below
    }
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 1 && p[0] == '.') {
            // stays
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--; // the slash before the removed name
        } else {
            if (len + 1 + n + 1 > OMFS_PATH_MAX)
                return -ENAMETOOLONG;
            out[len++] = '/';
            memcpy(out + len, p, n);
            len += n;
        }
        p += n;
    }
    if (len == 0)
        out[len++] = '/';
    else if (path[strlen(path) - 1] == '/' && len + 2 <= OMFS_PATH_MAX)
        out[len++] = '/'; // kept: the name must be a directory, and a symlink there is followed
    out[len] = '\0';
    return 0;
}

/* See path.h. */
int
path_set_cwd(const char *abs)
{
    size_t len = strlen(abs);

    working_dir(); // known from now on: PWD is not read again
    strcpy(cwd, abs);
    if (len > 1 && cwd[len - 1] == '/')
        cwd[len - 1] = '\0'; // cd dir/ is cd dir
    return setenv("PWD", cwd, 1);
}

char *
getcwd(char *buf, size_t size)
{
    const char *dir = working_dir();

    if (!buf || size < strlen(dir) + 1) {
        errno = buf ? ERANGE : EINVAL;
        return NULL;
    }
    return strcpy(buf, dir);
}

/* POSIX dirname (libgen.h): the directory part of path, cut in place: "."
 * for a name without a slash, NULL or ""; "/" for a name right under the
 * root or a path of slashes only. */
char *
dirname(char *path)
{
    static char dot[] = ".", root[] = "/";
    size_t n;

    if (!path || !path[0])
        return dot;
    n = strlen(path);
    while (n > 1 && path[n - 1] == '/') // trailing slashes are no name
        n--;
    while (n > 0 && path[n - 1] != '/') // the last name
        n--;
    if (n == 0)
        return dot;
    while (n > 1 && path[n - 1] == '/') // the slashes before it
        n--;
    if (n == 1 && path[0] == '/')
        return root;
    path[n] = '\0';
    return path;
}

/* POSIX basename (libgen.h): the last name of path, its trailing slashes
 * cut off in place; "/" for a path of slashes only, "." for NULL or "". */
char *
basename(char *path)
{
    static char dot[] = ".";
    size_t n;
    char *slash;

    if (!path || !path[0])
        return dot;
    n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/*
 * user/lib/dir.c - directories and names over the file server: opendir,
 * readdir, closedir, mkdir, rmdir, unlink, rename, chdir, the attributes
 * (utime, utimes, futimes, chmod, fchmod, chown, fchown: by path, or by a
 * descriptor's handle), sync, and the
 * file-server extras of omfs.h (omfs_statfs, omfs_info, omfs_shutdown).
 *
 * A DIR is an open descriptor on the directory and a buffer of entries:
 * readdir takes the next from the buffer and refills it with one
 * OMFS_READDIR round trip when it runs out.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <omfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "user/lib/file.h"
#include "user/lib/libc.h"
#include "user/lib/omfsc.h"
#include "user/lib/path.h"
#include "user/lib/umask.h"

#define DIR_BUF (4096 - OMFS_HDR) /* one page's container */

struct tender_dir {
    int fd;
    uint32_t len, pos; /* bytes in buf, next entry */
    struct dirent ent;
    uint8_t buf[DIR_BUF];
};

DIR *
opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    DIR *d;

    if (fd < 0)
        return NULL;
    if (!(d = calloc(1, sizeof(*d)))) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    d->fd = fd;
    return d;
}

struct dirent *
readdir(DIR *d)
{
    if (!d) {
        errno = EBADF;
        return NULL;
    }
    if (d->pos >= d->len) {
        int32_t handle;
        uint8_t *data;
        struct omfs_msg *m;
        int r;
        if ((r = file_handle(d->fd, &handle)) < 0 || !(m = omfsc_msg(DIR_BUF, &data))) {
            errno = r < 0 ? -r : ENOMEM;
            return NULL;
        }
        m->code = OMFS_READDIR;
        m->handle = handle;
        m->size = DIR_BUF;
        if ((r = omfsc_call(m)) <= 0) {
            if (r < 0)
                errno = -r;
            return NULL; // r == 0: the end, errno untouched
        }
        d->len = (uint32_t)r > DIR_BUF ? DIR_BUF : (uint32_t)r;
        memcpy(d->buf, data, d->len);
        d->pos = 0;
    }
    const struct omfs_dirent *e = (const struct omfs_dirent *)(d->buf + d->pos);
    if (e->reclen < sizeof(*e) || d->pos + e->reclen > d->len) {
        d->pos = d->len = 0; // a malformed answer ends the listing
        errno = EIO;
        return NULL;
    }
    d->ent.d_ino = e->ino;
    d->ent.d_type = e->type;
    memcpy(d->ent.d_name, e->name, e->namelen);
    d->ent.d_name[e->namelen] = '\0';
    d->pos += e->reclen;
    return &d->ent;
}

int
closedir(DIR *d)
{
    int r;

    if (!d)
        return libc_fail(-EBADF);
    r = close(d->fd);
    free(d);
    return r;
}

static int
path_call(uint32_t code, const char *path, const char *path2, uint32_t mode)
{
    int err;
    struct omfs_msg *m = omfsc_path_msg(code, path, path2, &err);

    if (!m)
        return libc_fail(err);
    m->mode = mode;
    return libc_ret(omfsc_call(m));
}

int
mkdir(const char *path, mode_t mode)
{
    return path_call(OMFS_MKDIR, path, NULL, umask_apply(mode));
}

int
rmdir(const char *path)
{
    return path_call(OMFS_RMDIR, path, NULL, 0);
}

int
unlink(const char *path)
{
    return path_call(OMFS_UNLINK, path, NULL, 0);
}

int
rename(const char *old, const char *new)
{
    return path_call(OMFS_RENAME, old, new, 0);
}

/* The working directory is path.c's; here the server says it is one. */
int
chdir(const char *path)
{
    char abs[OMFS_PATH_MAX];
    struct stat st;
    int err;

    if ((err = path_absolute(path, abs)) < 0)
        return libc_fail(err);
    if (stat(abs, &st) < 0)
        return -1;
    if (!S_ISDIR(st.st_mode))
        return libc_fail(-ENOTDIR);
    return path_set_cwd(abs);
}

/* An attribute request (OMFS_UTIME, OMFS_CHMOD, OMFS_CHOWN) on path, or
 * with path NULL on descriptor fd's file (OMFS_FD). a and b go into u.raw[0]
 * and u.raw[1]. Returns what the server says, or -1 with errno: EBADF (fd),
 * EINVAL (fd is the console), a path's errors, ENOMEM. */
static int
attr_call(uint32_t code, const char *path, int fd, uint32_t flags, uint32_t mode, uint32_t a,
          uint32_t b)
{
    struct omfs_msg *m;
    int32_t handle = 0;
    int err;

    if (path) {
        m = omfsc_path_msg(code, path, NULL, &err);
    } else if ((err = file_handle(fd, &handle)) < 0) {
        return libc_fail(err == -ESPIPE ? -EINVAL : err);
    } else {
        if ((m = omfsc_msg(0, NULL)) == NULL)
            err = -ENOMEM;
        flags |= OMFS_FD;
    }
    if (!m)
        return libc_fail(err);
    m->code = code;
    m->handle = handle;
    m->flags = flags;
    m->mode = mode;
    m->u.raw[0] = a;
    m->u.raw[1] = b;
    return libc_ret(omfsc_call(m));
}

/* The times given (times NULL: now). */
int
utime(const char *path, const struct utimbuf *times)
{
    if (!times)
        return attr_call(OMFS_UTIME, path, -1, 0, 0, 0, 0);
    return attr_call(OMFS_UTIME, path, -1, OMFS_TIMES, 0, (uint32_t)times->actime,
                     (uint32_t)times->modtime);
}

/* As utime, to the second (the microseconds are dropped: ext2 keeps seconds). */
static int
utimes_of(const char *path, int fd, const struct timeval *tv)
{
    if (!tv)
        return attr_call(OMFS_UTIME, path, fd, 0, 0, 0, 0);
    if (tv[0].tv_usec < 0 || tv[0].tv_usec >= 1000000 || tv[1].tv_usec < 0 ||
        tv[1].tv_usec >= 1000000)
        return libc_fail(-EINVAL);
    return attr_call(OMFS_UTIME, path, fd, OMFS_TIMES, 0, (uint32_t)tv[0].tv_sec,
                     (uint32_t)tv[1].tv_sec);
}

int
utimes(const char *path, const struct timeval *tv)
{
    return utimes_of(path, -1, tv);
}

int
futimes(int fd, const struct timeval *tv)
{
    return utimes_of(NULL, fd, tv);
}

int
chmod(const char *path, mode_t mode)
{
    return attr_call(OMFS_CHMOD, path, -1, 0, (uint32_t)mode & 07777, 0, 0);
}

int
fchmod(int fd, mode_t mode)
{
    return attr_call(OMFS_CHMOD, NULL, fd, 0, (uint32_t)mode & 07777, 0, 0);
}

int
chown(const char *path, uid_t owner, gid_t group)
{
    return attr_call(OMFS_CHOWN, path, -1, 0, 0, owner == (uid_t)-1 ? (uint32_t)-1 : owner,
                     group == (gid_t)-1 ? (uint32_t)-1 : group);
}

int
fchown(int fd, uid_t owner, gid_t group)
{
    return attr_call(OMFS_CHOWN, NULL, fd, 0, 0, owner == (uid_t)-1 ? (uint32_t)-1 : owner,
                     group == (gid_t)-1 ? (uint32_t)-1 : group);
}

int
link(const char *old, const char *new)
{
    (void)old, (void)new;
    return libc_fail(-EPERM); // hard links are not offered
}

static int
plain_call(uint32_t code, struct omfs_msg **out)
{
    struct omfs_msg *m = omfsc_msg(0, NULL);

    if (!m)
        return -ENOMEM;
    m->code = code;
    *out = m;
    return omfsc_call(m);
}

void
sync(void)
{
    struct omfs_msg *m;

    (void)plain_call(OMFS_SYNC, &m);
}

int
omfs_statfs(struct omfs_statfs *out)
{
    struct omfs_msg *m;
    int r = plain_call(OMFS_STATFS, &m);

    if (r < 0)
        return libc_fail(r);
    *out = m->u.fs;
    return 0;
}

int
omfs_info(struct omfs_info *out)
{
    struct omfs_msg *m;
    int r = plain_call(OMFS_INFO, &m);

    if (r < 0)
        return libc_fail(r);
    *out = m->u.info;
    return 0;
}

int
omfs_optimes(struct omfs_optime out[OMFS_NCODES])
{
    uint8_t *data;
    struct omfs_msg *m = omfsc_msg(OMFS_NCODES * sizeof(struct omfs_optime), &data);
    int r;

    if (!m)
        return -1;
    m->code = OMFS_INFO;
    if ((r = omfsc_call(m)) < 0)
        return libc_fail(r);
    if (m->size != OMFS_NCODES * sizeof(struct omfs_optime))
        return libc_fail(-EIO); // an older server: no table
    memcpy(out, data, OMFS_NCODES * sizeof(struct omfs_optime));
    return 0;
}

int
omfs_shutdown(void)
{
    struct omfs_msg *m;

    return libc_ret(plain_call(OMFS_SHUTDOWN, &m));
}

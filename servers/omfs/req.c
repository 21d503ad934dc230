/*
 * What every request handler of the file server checks a request with.
 *
 * Rights: ext2's mode bits with the sender's owner as uid and group as gid
 * (DESIGN §5 "Identity"); the system owner passes every check, like root.
 * Paths come as request data: a path must hold its NUL, fit OMFS_PATH_MAX
 * and be absolute (the client library resolves relative ones against its
 * working directory), and every directory on the way needs search
 * permission. Symbolic links are followed by fs/resolve.c (req_resolve):
 * always inside a path, in its last name as the request says. A handle is
 * valid only for the process it was made for (the kernel's sender stamp)
 * and only while its file has a name. Nothing here changes anything.
 * Public: req_may, req_take_path, req_resolve, req_walk, req_parent,
 * req_fill_stat, req_now, req_whence (and req_handle, inline in req.h:
 * every request on a handle asks).
 */
#include <errno.h>
#include <stdio.h> // SEEK_*
#include <string.h>
#include <tender.h>
#include <time.h>

#include "servers/omfs/files.h"
#include "servers/omfs/req.h"

/* Whether the asker may `want` (MAY_* bits) inode in: ext2's mode bits with
 * its owner as uid and group as gid; the system owner may anything. Returns 0
 * or -EACCES. */
int
req_may(const struct request *rq, const struct ext2_inode *in, int want)
{
    unsigned bits;

    if (rq->owner == RCC_SYSTEM_OWNER)
        return 0;
    if (rq->owner == in->i_uid)
        bits = (in->i_mode >> 6) & 7;
    else if (rq->group == in->i_gid)
        bits = (in->i_mode >> 3) & 7;
    else
        bits = in->i_mode & 7;
    return (bits & (unsigned)want) == (unsigned)want ? 0 : -EACCES;
}

/* The request's data as a NUL-terminated path starting at *at (the second
 * of two: rename); *at moves past it. -EINVAL without a NUL in the data,
 * -ENAMETOOLONG, -ENOENT for "", and -EINVAL for a relative path. */
int
req_take_path(const struct request *rq, uint32_t *at, const char **out)
{
    const char *p = (const char *)rq->data + *at;
    uint32_t left = rq->msg->size - *at;
    const char *nul = memchr(p, '\0', left);

    if (*at >= rq->msg->size || !nul)
        return -EINVAL;
    if (nul - p >= OMFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (nul == p)
        return -ENOENT;
    if (p[0] != '/')
        return -EINVAL;
    *at += (uint32_t)(nul - p) + 1;
    *out = p;
    return 0;
}

/* ext2_resolve's search check: the asker needs search permission (x) on
 * every directory it passes, also one a symlink leads to. */
static int
may_search(void *ctx, const struct ext2_inode *dir)
{
    return req_may(ctx, dir, MAY_EXEC);
}

/* The one walk state of the server (it serves one request at a time). */
static struct ext2_walk walk_state;

/* Resolve path from the root with the asker's rights (search permission on
 * every directory passed), following symbolic links as ext2_resolve's flags
 * say (EXT2_FOLLOW: the last name too; EXT2_PARENT: a missing last name
 * gives ino 0). The answer (ino, dir, name) is in the returned walk, valid
 * until the next resolution. Returns 0 and *out, or ext2_resolve's errors. */
int
req_resolve(const struct request *rq, const char *path, int flags, struct ext2_walk **out)
{
    struct ext2_walk *w = &walk_state;
    int err;

    w->may_search = may_search;
    w->ctx = (void *)rq;
    if ((err = ext2_resolve(rq->vol.fs, path, flags, w)) < 0)
        return err;
    *out = w;
    return 0;
}

/* The file path names, to *ino: a symbolic link as the last name is
 * followed if follow (stat, open) and named itself if not (lstat,
 * readlink). Returns 0, or ext2_resolve's errors. */
int
req_walk(const struct request *rq, const char *path, bool follow, uint32_t *ino)
{
    struct ext2_walk *w;
    int err = req_resolve(rq, path, follow ? EXT2_FOLLOW : 0, &w);

    if (err == 0)
        *ino = w->ino;
    return err;
}

/* The request's next path (from *at, which moves past it) split into its
 * directory *dir, walked with the asker's rights (symlinks followed on the
 * way, not in the last name: the name itself is made, removed or renamed),
 * and its last name, which need not exist. Returns 0, req_take_path's and
 * ext2_resolve's errors, -EINVAL for a path with no last name ("/") or a
 * last name "." or "..", or ext2_iget's error for the directory. */
int
req_parent(const struct request *rq, uint32_t *at, uint32_t *dir, char name[OMFS_NAME_MAX + 1])
{
    const char *path;
    struct ext2_walk *w;
    struct ext2_inode in;
    int err;

    if ((err = req_take_path(rq, at, &path)) < 0 ||
        (err = req_resolve(rq, path, EXT2_PARENT, &w)) < 0)
        return err;
    if (!w->name[0] || !strcmp(w->name, ".") || !strcmp(w->name, ".."))
        return -EINVAL;
    *dir = w->dir;
    if ((err = ext2_iget(rq->vol.fs, *dir, &in)) < 0)
        return err;
    strcpy(name, w->name);
    return 0;
}

/* The stat fields of inode ino (the page size as the block size: I/O goes by
 * pages). */
void
req_fill_stat(uint32_t ino, const struct ext2_inode *in, struct omfs_stat *st)
{
    *st = (struct omfs_stat){.ino = ino,
                             .mode = in->i_mode,
                             .nlink = in->i_links_count,
                             .uid = in->i_uid,
                             .gid = in->i_gid,
                             .size = in->i_size,
                             .atime = in->i_atime,
                             .mtime = in->i_mtime,
                             .ctime = in->i_ctime,
                             .blksize = PCACHE_PAGE,
                             .blocks = in->i_blocks};
}

/* The time for timestamps: seconds since 1970. */
uint32_t
req_now(void)
{
    return (uint32_t)time(NULL);
}

/* Where an offset with whence counts from for handle h: 0 (SEEK_SET), its
 * open file's offset (SEEK_CUR) or its file's size (SEEK_END). Returns 0
 * with *base, -EINVAL (another whence) or ext2_iget's errors. */
int
req_whence(const struct request *rq, const struct handle *h, uint32_t whence, int64_t *base)
{
    struct ext2_inode in;
    int err;

    switch (whence) {
    case SEEK_SET:
        *base = 0;
        return 0;
    case SEEK_CUR:
        *base = h->of->pos;
        return 0;
    case SEEK_END:
        if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
            return err;
        *base = in.i_size;
        return 0;
    default:
        return -EINVAL;
    }
}

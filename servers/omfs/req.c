/*
 * What every request handler of the file server checks a request with.
 *
 * Rights: ext2's mode bits with the sender's owner as uid and group as gid
 * (DESIGN §5 "Identity"); the system owner passes every check, like root.
 * Paths come as request data: a path must hold its NUL, fit OMFS_PATH_MAX
 * and be absolute (the client library resolves relative ones against its
 * working directory), and every directory on the way needs search
 * permission. A handle is valid only for the process it was made for (the
 * kernel's sender stamp) and only while its file has a name. Nothing here
 * changes anything.
 * Public: req_may, req_take_path, req_walk, req_parent, req_fill_stat,
 * req_now, req_whence (and req_handle, inline in req.h: every request on a handle asks).
 */
#include <errno.h>
#include <stdio.h> // SEEK_*
#include <string.h>
#include <tender.h>
#include <time.h>

#include "servers/omfs/files.h"
#include "servers/omfs/req.h"

#define ROOT_INO 2

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

/* Walk path from the root, checking search permission on every directory
 * passed. With parent != NULL stop before the last name: *parent is its
 * directory and name/len the name (-EINVAL for the root itself). Otherwise
 * *ino is the file the whole path names. */
int
req_walk(const struct request *rq, const char *path, uint32_t *parent, const char **name,
         size_t *len, uint32_t *ino)
{
    uint32_t dir = ROOT_INO;
    struct ext2_inode in;
    int err;

    for (const char *p = path;;) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        const char *after = end;
        while (*after == '/')
            after++;
        if (end == p) { // the path ends here: it names dir
            if (parent)
                return -EINVAL; // "/" has no parent entry to make or remove
            *ino = dir;
            return 0;
        }
        if (end - p > OMFS_NAME_MAX)
            return -ENAMETOOLONG;
        if ((err = ext2_iget(rq->vol.fs, dir, &in)) < 0)
            return err;
        if (!EXT2_S_ISDIR(in.i_mode))
            return -ENOTDIR;
        if ((err = req_may(rq, &in, MAY_EXEC)) < 0)
            return err;
        if (!*after && parent) {
            *parent = dir;
            *name = p;
            *len = (size_t)(end - p);
            return 0;
        }
        uint32_t next;
        if ((err = ext2_lookup(rq->vol.fs, dir, p, (size_t)(end - p), &next)) < 0)
            return err;
        if (!*after) {
            *ino = next;
            return 0;
        }
        dir = next;
        p = after;
    }
}

/* The last name of a path as a C string (names are at most 255 bytes). */
static void
name_copy(char out[OMFS_NAME_MAX + 1], const char *name, size_t len)
{
    memcpy(out, name, len);
    out[len] = '\0';
}

/* The request's next path (from *at, which moves past it) split into its
 * directory *dir, walked with the asker's rights, and its last name. Returns
 * 0, req_take_path's and req_walk's errors, -EINVAL for a last name "." or
 * "..", or ext2_iget's error for the directory. */
int
req_parent(const struct request *rq, uint32_t *at, uint32_t *dir, char name[OMFS_NAME_MAX + 1])
{
    const char *path, *last;
    size_t len;
    struct ext2_inode in;
    int err;

    if ((err = req_take_path(rq, at, &path)) < 0 ||
        (err = req_walk(rq, path, dir, &last, &len, NULL)) < 0)
        return err;
    if ((len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.'))
        return -EINVAL;
    if ((err = ext2_iget(rq->vol.fs, *dir, &in)) < 0)
        return err;
    name_copy(name, last, len);
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

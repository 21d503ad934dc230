/*
 * The file server's names: paths checked and walked with the asker's rights,
 * and the requests that work on names rather than open files (stat, unlink,
 * mkdir, rmdir, rename, readdir, utime; servers/omfs/ops.c dispatches them).
 *
 * A path comes as request data: it must hold its NUL, fit OMFS_PATH_MAX and
 * be absolute (the client library resolves relative ones against its working
 * directory). Every directory on the way needs search permission; a name
 * that is made or removed needs write and search permission on its
 * directory. Permissions are ext2's mode bits with the sender's owner as uid
 * and group as gid; the system owner passes every check, like root. In a
 * sticky directory (S_ISVTX, /tmp is 1777) write permission is not enough
 * to unlink, rmdir or rename a name away, or to rename over one: the asker
 * must own the file or the directory, or be the system owner (-EPERM
 * otherwise), as POSIX says. Every check comes before the change (validate,
 * then commit); a file whose last name went then leaves every client's
 * window, the cache and its open files.
 * Public: names_may, names_take_path, names_walk, names_parent, names_stat,
 * names_unlink, names_mkdir, names_rmdir, names_rename, names_readdir,
 * names_utime.
 */
#include <errno.h>
#include <string.h>
#include <tender.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/ops.h"

#define ROOT_INO 2

int
names_may(const struct request *rq, const struct ext2_inode *in, int want)
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
names_take_path(const struct request *rq, uint32_t *at, const char **out)
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
names_walk(const struct request *rq, const char *path, uint32_t *parent, const char **name,
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
        if ((err = ext2_iget(ops_fs, dir, &in)) < 0)
            return err;
        if (!EXT2_S_ISDIR(in.i_mode))
            return -ENOTDIR;
        if ((err = names_may(rq, &in, MAY_EXEC)) < 0)
            return err;
        if (!*after && parent) {
            *parent = dir;
            *name = p;
            *len = (size_t)(end - p);
            return 0;
        }
        uint32_t next;
        if ((err = ext2_lookup(ops_fs, dir, p, (size_t)(end - p), &next)) < 0)
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

int
names_parent(const struct request *rq, uint32_t *at, uint32_t *dir, char name[OMFS_NAME_MAX + 1])
{
    const char *path, *last;
    size_t len;
    struct ext2_inode in;
    int err;

    if ((err = names_take_path(rq, at, &path)) < 0 ||
        (err = names_walk(rq, path, dir, &last, &len, NULL)) < 0)
        return err;
    if ((len == 1 && last[0] == '.') || (len == 2 && last[0] == '.' && last[1] == '.'))
        return -EINVAL;
    if ((err = ext2_iget(ops_fs, *dir, &in)) < 0)
        return err;
    name_copy(name, last, len);
    return 0;
}

int
names_stat(struct request *rq)
{
    const char *path;
    uint32_t at = 0, ino;
    struct ext2_inode in;
    int err;

    if ((err = names_take_path(rq, &at, &path)) < 0 ||
        (err = names_walk(rq, path, NULL, NULL, NULL, &ino)) < 0 ||
        (err = ext2_iget(ops_fs, ino, &in)) < 0)
        return err;
    ops_fill_stat(ino, &in, &rq->msg->u.st);
    return 0;
}

/* Write and search permission on directory dir, whose inode goes to *d. */
static int
may_change_dir(const struct request *rq, uint32_t dir, struct ext2_inode *d)
{
    int err = ext2_iget(ops_fs, dir, d);

    return err < 0 ? err : names_may(rq, d, MAY_WRITE | MAY_EXEC);
}

/* The sticky rule: a name in directory *d that names *victim may be removed
 * or replaced by the asker. 0, or -EPERM in a sticky directory for an asker
 * that owns neither, unless it is the system owner. */
static int
may_remove(const struct request *rq, const struct ext2_inode *d, const struct ext2_inode *victim)
{
    if (!(d->i_mode & EXT2_S_ISVTX) || rq->owner == RCC_SYSTEM_OWNER || rq->owner == d->i_uid ||
        rq->owner == victim->i_uid)
        return 0;
    return -EPERM;
}

/* ino lost a name: if that was its last, it leaves every client's window
 * (first), the cache and its open files. */
static void
drop_if_gone(uint32_t ino)
{
    struct ext2_inode in;

    if (ext2_iget(ops_fs, ino, &in) == 0 && in.i_links_count > 0 && !in.i_dtime)
        return; // another name keeps it
    omf_forget(ino);
    pcache_truncate(ops_pc, ino, 0);
    files_forget_ino(ino);
}

int
names_unlink(struct request *rq)
{
    uint32_t at = 0, dir, ino;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d, in;
    int err;

    if ((err = names_parent(rq, &at, &dir, name)) < 0 || (err = may_change_dir(rq, dir, &d)) < 0 ||
        (err = ext2_lookup(ops_fs, dir, name, strlen(name), &ino)) < 0 ||
        (err = ext2_iget(ops_fs, ino, &in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in.i_mode))
        return -EISDIR;
    if ((err = may_remove(rq, &d, &in)) < 0)
        return err;
    if ((err = ext2_unlink(ops_fs, dir, name)) < 0)
        return err; // nothing changed: its windows, pages and open files stay
    drop_if_gone(ino);
    return 0;
}

int
names_mkdir(struct request *rq)
{
    uint32_t at = 0, dir, ino;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d;
    int err;

    if ((err = names_parent(rq, &at, &dir, name)) < 0 || (err = may_change_dir(rq, dir, &d)) < 0)
        return err;
    return ext2_create(ops_fs, dir, name, (uint16_t)(EXT2_S_IFDIR | (rq->msg->mode & 07777)),
                       rq->owner, rq->group, &ino);
}

int
names_rmdir(struct request *rq)
{
    uint32_t at = 0, dir, ino;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d, in;
    int err;

    if ((err = names_parent(rq, &at, &dir, name)) < 0 || (err = may_change_dir(rq, dir, &d)) < 0 ||
        (err = ext2_lookup(ops_fs, dir, name, strlen(name), &ino)) < 0 ||
        (err = ext2_iget(ops_fs, ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    if ((err = may_remove(rq, &d, &in)) < 0)
        return err;
    if (files_is_open(ino))
        return -EBUSY; // an open directory (opendir) stays until closed
    return ext2_rmdir(ops_fs, dir, name);
}

int
names_rename(struct request *rq)
{
    uint32_t at = 0, odir, ndir, ino, old;
    char oname[OMFS_NAME_MAX + 1], nname[OMFS_NAME_MAX + 1];
    struct ext2_inode od, nd, in;
    int err;

    if ((err = names_parent(rq, &at, &odir, oname)) < 0 ||
        (err = names_parent(rq, &at, &ndir, nname)) < 0 ||
        (err = may_change_dir(rq, odir, &od)) < 0 || (err = may_change_dir(rq, ndir, &nd)) < 0 ||
        (err = ext2_lookup(ops_fs, odir, oname, strlen(oname), &ino)) < 0 ||
        (err = ext2_iget(ops_fs, ino, &in)) < 0 || (err = may_remove(rq, &od, &in)) < 0)
        return err; // the sticky rule for the name that goes away...
    if (ext2_lookup(ops_fs, ndir, nname, strlen(nname), &old) == 0 && old != ino) {
        if ((err = ext2_iget(ops_fs, old, &in)) < 0 || (err = may_remove(rq, &nd, &in)) < 0)
            return err; // ...and for the one it replaces
        if (EXT2_S_ISDIR(in.i_mode) && files_is_open(old))
            return -EBUSY;
        if ((err = ext2_rename(ops_fs, odir, oname, ndir, nname)) < 0)
            return err;
        drop_if_gone(old);
        return 0;
    }
    return ext2_rename(ops_fs, odir, oname, ndir, nname);
}

static uint8_t
dirent_type(uint8_t ext2_type)
{
    return ext2_type <= OMFS_DT_LNK ? ext2_type : OMFS_DT_UNKNOWN; // ext2's numbering is ours
}

int
names_readdir(struct request *rq)
{
    struct handle *h = ops_handle(rq);
    uint32_t want = rq->msg->size, used = 0;
    struct ext2_inode in;
    int err;

    rq->msg->size = 0;
    if (!h)
        return -EBADF;
    if (want > rq->room)
        return -EINVAL;
    if ((err = ext2_iget(ops_fs, h->of->ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    for (;;) {
        struct ext2_dirent de;
        uint32_t pos = h->of->pos;
        if ((err = ext2_readdir(ops_fs, h->of->ino, &pos, &de)) < 0)
            return used ? (int)used : err;
        if (err == 0)
            break;
        uint32_t len = (uint32_t)strlen(de.name);
        uint32_t reclen = (uint32_t)(sizeof(struct omfs_dirent) + len + 1 + 3) & ~3u;
        if (used + reclen > want) {
            if (!used)
                return -EINVAL; // not even one entry fits
            break;
        }
        struct omfs_dirent *out = (struct omfs_dirent *)(rq->data + used);
        out->ino = de.ino;
        out->reclen = (uint16_t)reclen;
        out->type = dirent_type(de.type);
        out->namelen = (uint8_t)len;
        memcpy(out->name, de.name, len + 1);
        used += reclen;
        h->of->pos = pos;
    }
    rq->msg->size = used;
    return (int)used;
}

int
names_utime(struct request *rq)
{
    const char *path;
    uint32_t at = 0, ino;
    struct ext2_inode in;
    int err;

    if ((err = names_take_path(rq, &at, &path)) < 0 ||
        (err = names_walk(rq, path, NULL, NULL, NULL, &ino)) < 0 ||
        (err = ext2_iget(ops_fs, ino, &in)) < 0)
        return err;
    if (rq->owner != RCC_SYSTEM_OWNER && rq->owner != in.i_uid &&
        (err = names_may(rq, &in, MAY_WRITE)) < 0)
        return err;
    in.i_atime = in.i_mtime = in.i_ctime = ops_now();
    return ext2_iput(ops_fs, ino, &in);
}

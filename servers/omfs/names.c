/*
 * The file server's requests on names rather than open files: stat, unlink,
 * mkdir, rmdir, rename, readdir, and the attributes utime, chmod and chown
 * (by path, or by handle with OMFS_FD: fchmod, fchown, futimes)
 * (servers/omfs/ops.c dispatches them; paths are taken and walked with the
 * asker's rights by req.c).
 *
 * A name that is made or removed needs write and search permission on its
 * directory. In a sticky directory (S_ISVTX, /tmp is 1777) write permission
 * is not enough to unlink, rmdir or rename a name away, or to rename over
 * one: the asker must own the file or the directory, or be the system owner
 * (-EPERM otherwise), as POSIX says. Attributes change as POSIX says too:
 * chmod and setting given times by the file's owner or the system owner,
 * touching (times now) also by a writer, chown by the system owner alone
 * but for an owner giving its file to its own group
 * (_POSIX_CHOWN_RESTRICTED); each sets ctime. unlink and rmdir are one body, told
 * apart by the kind of file they may remove (as MINIX's do_unlink). Every
 * check comes before the change (validate, then commit); a file whose last
 * name went leaves the cache then, unless it is open: then it is an orphan
 * (fs/orphan.c) that its open files go on using until the last closes.
 * Symbolic links (names_symlink, names_readlink) are made and read here;
 * they are followed by the walk (req.c, fs/resolve.c), so chmod, chown and
 * utime by path act on a link's target, while unlink, rmdir and rename act on
 * the name itself.
 * Public: names_stat, names_unlink, names_mkdir, names_rmdir, names_rename,
 * names_readdir, names_utime, names_chmod, names_chown, names_symlink,
 * names_readlink.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <tender.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/names.h"
#include "servers/omfs/omf.h"
#include "servers/omfs/req.h"

/* OMFS_STAT: the stat fields of the file a path names; with OMFS_NOFOLLOW
 * (lstat) a symbolic link as the last name is itself described. Returns 0,
 * -EINVAL (flags), the path's and ext2's errors. */
int
names_stat(struct request *rq)
{
    const char *path;
    uint32_t at = 0, ino;
    struct ext2_inode in;
    int err;

    if (rq->msg->flags & ~(uint32_t)OMFS_NOFOLLOW)
        return -EINVAL;
    if ((err = req_take_path(rq, &at, &path)) < 0 ||
        (err = req_walk(rq, path, !(rq->msg->flags & OMFS_NOFOLLOW), &ino)) < 0 ||
        (err = ext2_iget(rq->vol.fs, ino, &in)) < 0)
        return err;
    req_fill_stat(ino, &in, &rq->msg->u.st);
    return 0;
}

/* Write and search permission on directory dir, whose inode goes to *d. */
static int
may_change_dir(const struct request *rq, uint32_t dir, struct ext2_inode *d)
{
    int err = ext2_iget(rq->vol.fs, dir, d);

    return err < 0 ? err : req_may(rq, d, MAY_WRITE | MAY_EXEC);
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

/* ino lost a name: if that was its last and it was freed (nobody had it
 * open), it leaves every client's window (first), the cache and its open
 * files. An open file is an orphan now and keeps all three until its last
 * close (io.c). */
static void
drop_if_gone(const struct volume *v, uint32_t ino)
{
    struct ext2_inode in;

    if (ext2_iget(v->fs, ino, &in) == 0 && in.i_links_count > 0 && !in.i_dtime)
        return; // another name keeps it
    if (files_is_open(ino))
        return; // an orphan
    omf_forget(v, ino);
    pcache_truncate(v->pc, ino, 0);
    files_forget_ino(ino);
}

/* Remove the name the request's path ends in: a directory (rmdir: it must be
 * empty and not open) or anything else (unlink). One body for both, as
 * MINIX's do_unlink: the kind of file is the one difference. */
static int
remove_name(struct request *rq, bool dir_wanted)
{
    uint32_t at = 0, dir, ino;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d, in;
    int err;

    if ((err = req_parent(rq, &at, &dir, name)) < 0 || (err = may_change_dir(rq, dir, &d)) < 0 ||
        (err = ext2_lookup(rq->vol.fs, dir, name, strlen(name), &ino)) < 0 ||
        (err = ext2_iget(rq->vol.fs, ino, &in)) < 0)
        return err;
    if ((bool)EXT2_S_ISDIR(in.i_mode) != dir_wanted)
        return dir_wanted ? -ENOTDIR : -EISDIR;
    if ((err = may_remove(rq, &d, &in)) < 0)
        return err;
    if (dir_wanted && files_is_open(ino))
        return -EBUSY; // an open directory (opendir) stays until closed
    err = dir_wanted ? ext2_rmdir(rq->vol.fs, dir, name) : ext2_unlink(rq->vol.fs, dir, name);
    if (err < 0)
        return err; // nothing changed: its windows, pages and open files stay
    drop_if_gone(&rq->vol, ino);
    return 0;
}

/* OMFS_UNLINK: remove a name that is not a directory's. Returns 0, -EISDIR,
 * -EPERM (sticky), the path's and ext2's errors. */
int
names_unlink(struct request *rq)
{
    return remove_name(rq, false);
}

/* OMFS_RMDIR: remove an empty directory. Returns 0, -ENOTDIR, -EPERM
 * (sticky), -EBUSY (open), -ENOTEMPTY, the path's and ext2's errors. */
int
names_rmdir(struct request *rq)
{
    return remove_name(rq, true);
}

/* OMFS_MKDIR: a new directory, the asker's. Returns 0, -EACCES, the path's
 * and ext2_create's errors. */
int
names_mkdir(struct request *rq)
{
    uint32_t at = 0, dir, ino;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d;
    int err;

    if ((err = req_parent(rq, &at, &dir, name)) < 0 || (err = may_change_dir(rq, dir, &d)) < 0)
        return err;
    return ext2_create(rq->vol.fs, dir, name, (uint16_t)(EXT2_S_IFDIR | (rq->msg->mode & 07777)),
                       rq->owner, rq->group, &ino);
}

/* OMFS_RENAME: the first path's name moves to the second, replacing what is
 * there. Returns 0, -EACCES, -EPERM (sticky, either side), -EBUSY (an open
 * directory replaced), the paths' and ext2_rename's errors. */
int
names_rename(struct request *rq)
{
    uint32_t at = 0, odir, ndir, ino, old;
    char oname[OMFS_NAME_MAX + 1], nname[OMFS_NAME_MAX + 1];
    struct ext2_inode od, nd, in;
    int err;

    if ((err = req_parent(rq, &at, &odir, oname)) < 0 ||
        (err = req_parent(rq, &at, &ndir, nname)) < 0 ||
        (err = may_change_dir(rq, odir, &od)) < 0 || (err = may_change_dir(rq, ndir, &nd)) < 0 ||
        (err = ext2_lookup(rq->vol.fs, odir, oname, strlen(oname), &ino)) < 0 ||
        (err = ext2_iget(rq->vol.fs, ino, &in)) < 0 || (err = may_remove(rq, &od, &in)) < 0)
        return err; // the sticky rule for the name that goes away...
    if (ext2_lookup(rq->vol.fs, ndir, nname, strlen(nname), &old) == 0 && old != ino) {
        if ((err = ext2_iget(rq->vol.fs, old, &in)) < 0 || (err = may_remove(rq, &nd, &in)) < 0)
            return err; // ...and for the one it replaces
        if (EXT2_S_ISDIR(in.i_mode) && files_is_open(old))
            return -EBUSY;
        if ((err = ext2_rename(rq->vol.fs, odir, oname, ndir, nname)) < 0)
            return err;
        drop_if_gone(&rq->vol, old);
        return 0;
    }
    return ext2_rename(rq->vol.fs, odir, oname, ndir, nname);
}

/* OMFS_SYMLINK: a new symbolic link, the asker's, at the first path, to
 * the target that follows it (any bytes but NUL, 1..OMFS_SYMLINK_MAX of
 * them, kept as given). Needs write and search permission on the link's
 * directory. Returns 0, -EINVAL (no NUL after the target), -ENOENT (empty
 * target), -ENAMETOOLONG, -EEXIST, -EACCES, the path's and ext2_symlink's
 * errors. */
int
names_symlink(struct request *rq)
{
    uint32_t at = 0, dir;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode d;
    const char *target;
    int err;

    if ((err = req_parent(rq, &at, &dir, name)) < 0)
        return err;
    target = (const char *)rq->data + at;
    if (at >= rq->msg->size || !memchr(target, '\0', rq->msg->size - at))
        return -EINVAL;
    if (strlen(target) > OMFS_SYMLINK_MAX)
        return -ENAMETOOLONG;
    if ((err = may_change_dir(rq, dir, &d)) < 0)
        return err;
    return ext2_symlink(rq->vol.fs, dir, name, target, rq->owner, rq->group, NULL);
}

/* OMFS_READLINK: the target of the symbolic link a path names (the last
 * name not followed), at most `mode` bytes of it (and no more than the
 * container holds), without a NUL. Returns the bytes, -EINVAL (not a
 * link), the path's and ext2's errors. */
int
names_readlink(struct request *rq)
{
    const char *path;
    uint32_t at = 0, ino, room = rq->msg->mode < rq->room ? rq->msg->mode : rq->room;
    int err;

    if ((err = req_take_path(rq, &at, &path)) < 0 || (err = req_walk(rq, path, false, &ino)) < 0)
        return err;
    if ((err = ext2_readlink(rq->vol.fs, ino, (char *)rq->data, room)) < 0)
        return err;
    rq->msg->size = (uint32_t)err;
    return err;
}

static uint8_t
dirent_type(uint8_t ext2_type)
{
    return ext2_type <= OMFS_DT_LNK ? ext2_type : OMFS_DT_UNKNOWN; // ext2's numbering is ours
}

/* OMFS_READDIR: as many whole entries of the handle's directory as fit the
 * asked size, from its offset on. Returns the bytes, 0 at the end, -EBADF,
 * -EINVAL (too small for one entry, or bigger than the container), -ENOTDIR,
 * ext2's errors. */
int
names_readdir(struct request *rq)
{
    struct handle *h = req_handle(rq);
    uint32_t want = rq->msg->size, used = 0;
    struct ext2_inode in;
    int err;

    rq->msg->size = 0;
    if (!h)
        return -EBADF;
    if (want > rq->room)
        return -EINVAL;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    for (;;) {
        struct ext2_dirent de;
        uint32_t pos = h->of->pos;
        if ((err = ext2_readdir(rq->vol.fs, h->of->ino, &pos, &de)) < 0)
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

/* The file a request on attributes names: its path, or with OMFS_FD its
 * handle (which must be the asker's; an orphan's too). Its inode number to
 * *ino, the inode to *in. Returns 0, -EBADF, the path's and ext2's errors. */
static int
attr_target(struct request *rq, uint32_t *ino, struct ext2_inode *in)
{
    const char *path;
    uint32_t at = 0;
    int err;

    if (rq->msg->flags & ~(uint32_t)(OMFS_FD | OMFS_TIMES))
        return -EINVAL;
    if (rq->msg->flags & OMFS_FD) {
        struct handle *h = req_handle(rq);
        if (!h)
            return -EBADF;
        *ino = h->of->ino;
    } else if ((err = req_take_path(rq, &at, &path)) < 0 ||
               (err = req_walk(rq, path, true, ino)) < 0) {
        return err;
    }
    return ext2_iget(rq->vol.fs, *ino, in);
}

/* Whether the asker owns in or is the system owner (POSIX's "appropriate
 * privileges"). */
static bool
owns(const struct request *rq, const struct ext2_inode *in)
{
    return rq->owner == RCC_SYSTEM_OWNER || rq->owner == in->i_uid;
}

/* OMFS_UTIME: the file's access and modification times: the given ones
 * (OMFS_TIMES) by its owner or the system owner (-EPERM otherwise), or now
 * by them or by anyone who may write it (-EACCES otherwise), as POSIX's
 * utime. ctime becomes now. Returns 0, -EPERM, -EACCES, -EBADF, -EINVAL
 * (flags), the path's and ext2's errors. */
int
names_utime(struct request *rq)
{
    uint32_t ino, now = req_now();
    struct ext2_inode in;
    int err;

    if ((err = attr_target(rq, &ino, &in)) < 0)
        return err;
    if (rq->msg->flags & OMFS_TIMES) {
        if (!owns(rq, &in))
            return -EPERM;
        in.i_atime = rq->msg->u.raw[0];
        in.i_mtime = rq->msg->u.raw[1];
    } else {
        if (!owns(rq, &in) && (err = req_may(rq, &in, MAY_WRITE)) < 0)
            return err;
        in.i_atime = in.i_mtime = now;
    }
    in.i_ctime = now;
    return ext2_iput(rq->vol.fs, ino, &in);
}

/* OMFS_CHMOD: the file's permission bits (07777 of mode), by its owner or
 * the system owner (-EPERM otherwise). Another owner who is not in the
 * file's group loses S_ISGID, as POSIX allows. ctime becomes now. Returns 0,
 * -EPERM, -EBADF, -EINVAL (flags), the path's and ext2's errors. */
int
names_chmod(struct request *rq)
{
    uint32_t ino, mode = rq->msg->mode & 07777;
    struct ext2_inode in;
    int err;

    if (rq->msg->flags & OMFS_TIMES)
        return -EINVAL;
    if ((err = attr_target(rq, &ino, &in)) < 0)
        return err;
    if (!owns(rq, &in))
        return -EPERM;
    if (rq->owner != RCC_SYSTEM_OWNER && rq->group != in.i_gid)
        mode &= ~02000u;
    in.i_mode = (uint16_t)((in.i_mode & EXT2_S_IFMT) | mode);
    in.i_ctime = req_now();
    return ext2_iput(rq->vol.fs, ino, &in);
}

/* OMFS_CHOWN: the file's owner and group ((uint32_t)-1: unchanged). As
 * POSIX with _POSIX_CHOWN_RESTRICTED: the system owner changes either;
 * the file's owner may only give it to its own group, keeping the owner
 * (-EPERM for anything else), and then loses S_ISUID and S_ISGID on a
 * regular file. ctime becomes now. Returns 0, -EPERM, -EINVAL (an id past
 * 65535, flags), -EBADF, the path's and ext2's errors. */
int
names_chown(struct request *rq)
{
    uint32_t ino, uid = rq->msg->u.raw[0], gid = rq->msg->u.raw[1];
    struct ext2_inode in;
    int err;

    if (rq->msg->flags & OMFS_TIMES)
        return -EINVAL;
    if ((uid != (uint32_t)-1 && uid > 0xffff) || (gid != (uint32_t)-1 && gid > 0xffff))
        return -EINVAL;
    if ((err = attr_target(rq, &ino, &in)) < 0)
        return err;
    if (uid == (uint32_t)-1)
        uid = in.i_uid;
    if (gid == (uint32_t)-1)
        gid = in.i_gid;
    if (rq->owner != RCC_SYSTEM_OWNER) {
        if (rq->owner != in.i_uid || uid != in.i_uid || (gid != in.i_gid && gid != rq->group))
            return -EPERM;
        if (EXT2_S_ISREG(in.i_mode))
            in.i_mode &= (uint16_t)~06000u;
    }
    in.i_uid = (uint16_t)uid;
    in.i_gid = (uint16_t)gid;
    in.i_ctime = req_now();
    return ext2_iput(rq->vol.fs, ino, &in);
}

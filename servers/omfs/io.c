/*
 * The file server's requests on open files: open, close, read, write,
 * lseek, fstat, fsync, truncate, adopt, lend (servers/omfs/ops.c dispatches them).
 *
 * An open file (files.c) is one open() of an inode with its offset; each
 * request names a handle on one, valid only for the process it was made for
 * (req_handle). open checks ext2's mode bits against the asker (req_may):
 * read permission to read, write permission to write, write and search
 * permission on the directory to create. Data moves through the page cache
 * (fs/pcache.c): read and write copy between it and the request; a write
 * stays in the cache until fsync, a close after a write (or after a
 * readblock through a writable handle), sync or shutdown, which write the
 * file's pages, the metadata and flush the drive before they answer
 * (DESIGN §5 "Durability"). A cut (O_TRUNC,
 * truncate) takes the pages past the end out of every window first
 * (omf_truncate). A file unlinked while open is an orphan (fs/orphan.c:
 * ext2 keeps it because files_is_open says so, ops.c): its handles go on
 * reading and writing it, and the last close of its last open file (or the
 * sweep of its last holder) frees it.
 * Public: io_open, io_close, io_read, io_write, io_lseek, io_fstat,
 * io_fsync, io_truncate, io_adopt, io_lend (requests); io_last_close (the sweep of
 * ended processes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/io.h"
#include "servers/omfs/locks.h"
#include "servers/omfs/omf.h"
#include "servers/omfs/req.h"

#define FILE_SIZE_MAX 0x7fffffffu /* i_size is read as a signed off_t by clients */
#define ADOPT_DEPTH 32            /* generations an adopt looks up for the handle's holder */

/* Write ino's cached data (and what clients stored through its window),
 * then the metadata, then flush the drive. */
static int
flush_file(const struct volume *v, uint32_t ino)
{
    omf_collect_dirty(v, ino); // stores through a window count too
    int err = pcache_flush_ino(v->pc, ino), e = ext2_sync(v->fs);

    return err < 0 ? err : e;
}

/* OMFS_OPEN: a handle on the file a path names, made (O_CREAT) or cut
 * (O_TRUNC) as asked. A symbolic link as the last name is followed (a
 * dangling one is created at its target with O_CREAT), except with
 * O_NOFOLLOW (-ELOOP for a link) or O_CREAT|O_EXCL (-EEXIST for a link:
 * POSIX). Returns the handle id, -EINVAL (flags), -EEXIST, -ENOTDIR,
 * -EISDIR, -EACCES, -ELOOP, -EMFILE, -ENFILE, the path's and ext2's errors. */
int
io_open(struct request *rq)
{
    uint32_t at = 0, ino, flags = rq->msg->flags, acc = flags & O_ACCMODE;
    uint32_t opened = flags & ~(uint32_t)(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW);
    int follow = (flags & O_NOFOLLOW) || ((flags & O_CREAT) && (flags & O_EXCL)) ? 0 : EXT2_FOLLOW;
    const char *path;
    struct ext2_walk *w;
    struct ext2_inode in;
    int32_t id;
    int err;

    if (acc == 3 || (flags & ~(uint32_t)(O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_EXCL |
                                         O_DIRECTORY | O_NOFOLLOW)))
        return -EINVAL;
    if ((err = req_take_path(rq, &at, &path)) < 0 ||
        (err = req_resolve(rq, path, EXT2_PARENT | follow, &w)) < 0)
        return err;
    ino = w->ino;
    if (ino == 0 && !(flags & O_CREAT))
        return -ENOENT;
    if (ino == 0) {
        struct ext2_inode d;
        uint32_t dir = w->dir;
        if ((err = ext2_iget(rq->vol.fs, dir, &d)) < 0 ||
            (err = req_may(rq, &d, MAY_WRITE | MAY_EXEC)) < 0)
            return err;
        if ((err = ext2_create(rq->vol.fs, dir, w->name,
                               (uint16_t)(EXT2_S_IFREG | (rq->msg->mode & 07777)), rq->owner,
                               rq->group, &ino)) < 0)
            return err;
        if ((err = files_open(rq->pid, rq->owner, ino, opened, &id)) < 0)
            return err; // the file stays, as after a Unix open that ran out of descriptors
        return id;
    }
    if (flags & O_CREAT && flags & O_EXCL)
        return -EEXIST;
    if ((err = ext2_iget(rq->vol.fs, ino, &in)) < 0)
        return err;
    if (EXT2_S_ISLNK(in.i_mode))
        return -ELOOP; // O_NOFOLLOW met a link
    if ((flags & O_DIRECTORY) && !EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    if (EXT2_S_ISDIR(in.i_mode) && acc != O_RDONLY)
        return -EISDIR;
    if ((acc != O_WRONLY && (err = req_may(rq, &in, MAY_READ)) < 0) ||
        (acc != O_RDONLY && (err = req_may(rq, &in, MAY_WRITE)) < 0))
        return err;
    if (acc != O_RDONLY && omf_is_text(&rq->vol, ino))
        return -ETXTBSY; // a program runs from it (omf.c)
    if ((flags & O_TRUNC) && acc != O_RDONLY && EXT2_S_ISREG(in.i_mode) && in.i_size &&
        (err = omf_truncate(&rq->vol, ino, 0)) < 0)
        return err;
    if ((err = files_open(rq->pid, rq->owner, ino, opened, &id)) < 0)
        return err;
    return id;
}

/* The last handle on of went: the open file is free, and if its file has
 * no name left (an orphan, fs/orphan.c) and no other open file has it, the
 * file goes: its window, its pages, its blocks and inode, then the metadata
 * to the disk (so the orphan list there loses it). Returns 0 or -EIO. */
static int
free_ofile(const struct volume *v, struct ofile *of)
{
    uint32_t ino = of->ino;
    struct ext2_inode in;

    of->ino = 0;
    if (ino == (uint32_t)-1 || files_is_open(ino) || ext2_iget(v->fs, ino, &in) < 0 ||
        in.i_links_count)
        return 0;
    omf_forget(v, ino);
    pcache_truncate(v->pc, ino, 0);
    int err = ext2_orphan_release(v->fs, ino), e = ext2_sync(v->fs);

    return err < 0 ? err : e;
}

/* The last handle on of went without a close (its process ended): what was
 * written reaches the disk (no one waits to hear if it failed), then the
 * open file is free (and an orphan file with it, free_ofile). */
void
io_last_close(const struct volume *v, struct ofile *of)
{
    if (of->written && of->ino != (uint32_t)-1)
        (void)flush_file(v, of->ino);
    (void)free_ofile(v, of);
}

/* OMFS_CLOSE: the handle goes; after a write (or a readblock through it) it
 * answers once the file is on the disk. Returns 0, -EBADF, -EIO (the handle
 * went all the same). */
int
io_close(struct request *rq)
{
    struct handle *h = files_get(rq->pid, rq->msg->handle);
    struct ofile *of;
    int err = 0;

    if (!h)
        return -EBADF;
    of = h->of;
    bool stored = of->written || (h->mapped && (of->flags & O_ACCMODE) != O_RDONLY);
    if (stored && of->ino != (uint32_t)-1) { // close answers once the data is on the disk;
        err = flush_file(&rq->vol, of->ino); // a read-only mapping stored nothing
        of->written = false;
    }
    locks_drop(h->pid, of->ino); // POSIX: any close of the file drops the process's locks
    omf_handle_closed(&rq->vol, h);
    if ((of = files_close(h))) {
        int e = free_ofile(&rq->vol, of);
        err = err < 0 ? err : e;
    }
    return err;
}

/* OMFS_READ: up to size bytes from the handle's offset (or the one given
 * with OMFS_AT) into the reply. Returns the bytes read, -EBADF, -EINVAL (more
 * than the container holds), -EISDIR, -EIO. */
int
io_read(struct request *rq)
{
    struct handle *h = req_handle(rq);
    struct ext2_inode in;
    uint32_t want = rq->msg->size, pos;
    int err, done;

    rq->msg->size = 0;
    if (!h || (h->of->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (want > rq->room)
        return -EINVAL;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    pos = rq->msg->flags & OMFS_AT ? rq->msg->offset : h->of->pos;
    if ((done = pcache_read(rq->vol.pc, h->of->ino, &in, pos, rq->data, want)) < 0)
        return done;
    if (!(rq->msg->flags & OMFS_AT))
        h->of->pos = pos + (uint32_t)done;
    rq->msg->size = (uint32_t)done;
    return done;
}

/* OMFS_WRITE: the request's bytes at the handle's offset (the end with
 * O_APPEND, or the one given with OMFS_AT), into the cache. Returns the
 * bytes written (short when the disk filled), -EBADF, -EFBIG, -ENOSPC,
 * -EINVAL, -EIO. */
int
io_write(struct request *rq)
{
    struct handle *h = req_handle(rq);
    struct ext2_inode in;
    uint32_t n = rq->msg->size, pos;
    int err;

    rq->msg->size = 0;
    if (!h || (h->of->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    pos = h->of->flags & O_APPEND    ? in.i_size
          : rq->msg->flags & OMFS_AT ? rq->msg->offset
                                     : h->of->pos;
    uint32_t old_size = in.i_size;
    int done = pcache_write(rq->vol.pc, h->of->ino, &in, pos, rq->data, n);
    if (done > 0) {
        h->of->written = true;
        if (in.i_size != old_size)
            omf_size_changed(h->of->ino, in.i_size); // mapped clients see it at once
        if (!(rq->msg->flags & OMFS_AT) || (h->of->flags & O_APPEND))
            h->of->pos = pos + (uint32_t)done;
    }
    return done;
}

/* OMFS_LSEEK: move the handle's offset (SEEK_SET, SEEK_CUR, SEEK_END).
 * Returns the new offset, -EBADF, -EINVAL (whence, or outside 0..2^31-1). */
int
io_lseek(struct request *rq)
{
    struct handle *h = req_handle(rq);
    int64_t base, off = (int32_t)rq->msg->offset;
    int err;

    if (!h)
        return -EBADF;
    if ((err = req_whence(rq, h, rq->msg->flags, &base)) < 0)
        return err;
    if (base + off < 0 || base + off > FILE_SIZE_MAX)
        return -EINVAL;
    h->of->pos = (uint32_t)(base + off);
    return (int)h->of->pos;
}

/* OMFS_FSTAT: the stat fields of the handle's file. Returns 0, -EBADF, -EIO. */
int
io_fstat(struct request *rq)
{
    struct handle *h = req_handle(rq);
    struct ext2_inode in;
    int err;

    if (!h)
        return -EBADF;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    req_fill_stat(h->of->ino, &in, &rq->msg->u.st);
    return 0;
}

/* OMFS_FSYNC: the handle's file on the disk before the answer. Returns 0,
 * -EBADF, -EIO. */
int
io_fsync(struct request *rq)
{
    struct handle *h = req_handle(rq);

    if (!h)
        return -EBADF;
    h->of->written = false;
    return flush_file(&rq->vol, h->of->ino);
}

/* OMFS_TRUNCATE: set the size of the handle's file. Returns 0, -EBADF,
 * -EFBIG, -EISDIR, ext2's errors. */
int
io_truncate(struct request *rq)
{
    struct handle *h = req_handle(rq);
    struct ext2_inode in;
    int err;

    if (!h || (h->of->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (rq->msg->offset > FILE_SIZE_MAX)
        return -EFBIG;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in.i_mode))
        return -EISDIR;
    if ((err = omf_truncate(&rq->vol, h->of->ino, rq->msg->offset)) < 0)
        return err;
    h->of->written = true;
    return 0;
}

/* OMFS_ADOPT: a process takes a handle of one of its ancestors (DESIGN §8
 * "Processes": descriptors pass down any number of generations, and the
 * server, not the direct parent, vouches for them): the kernel says who
 * each one's parent is, and the first ancestor, up to ADOPT_DEPTH
 * generations, that holds the handle lends it. A wrapper that never used a
 * descriptor so passes it on untouched. A sibling, a cousin or any process
 * that does not descend from the holder is refused (-EBADF), whatever its
 * owner. Returns the new handle id, -EBADF, -EMFILE, -ENFILE. */
int
io_adopt(struct request *rq)
{
    struct res_info ri;
    struct handle *h = NULL;
    rid_t who = rq->pid;
    int32_t id;
    int err;

    if ((h = files_lent(rq->pid, rq->msg->handle))) { // lent to us already (OMFS_LEND)
        h->from = h->lent;
        h->lent = 0;
        return h->id;
    }
    for (int depth = 0; depth < ADOPT_DEPTH && !h; depth++) {
        if ((err = resinfo(who, &ri)) < 0) {
            if (depth == 0)
                return err;
            break; // an ancestor gone: the line ends there
        }
        if (!(who = ri.u.proc.parent))
            break;
        if (!(h = files_get(who, rq->msg->handle)) && !(h = files_lent(who, rq->msg->handle)))
            h = files_from(who, rq->msg->handle); // lent to or adopted by one that passed it on
    }
    if (!h)
        return -EBADF;
    if ((err = files_dup(rq->pid, rq->owner, h, &id)) < 0)
        return err;
    files_get(rq->pid, id)->from = rq->msg->handle; // a later OMFS_LEND finds it
    return id;
}

/* OMFS_LEND: the caller hands a handle to a child it has just made
 * (u.raw[0]; the kernel says whose child it is) before the child's first
 * use of it, so the caller may close it at once. `handle` is the id the
 * child was told: the caller's own, or one lent to the caller that it
 * passed on untouched. The child gets a handle of its own on the same open
 * file, marked with that id, which its OMFS_ADOPT of the id returns.
 * Nothing is done if the child has one already (it adopted first).
 * Returns 0, -EBADF (neither the caller's handle nor one lent to it),
 * -ESRCH (no such live process), -EPERM (not the caller's child), -EMFILE,
 * -ENFILE (the child's share, as for an open). */
int
io_lend(struct request *rq)
{
    int32_t named = rq->msg->handle, id;
    struct handle *h = files_get(rq->pid, named);
    rid_t child = (rid_t)rq->msg->u.raw[0];
    struct res_info ri;
    int err;

    if (!h && !(h = files_lent(rq->pid, named)))
        return -EBADF;
    if (resinfo(child, &ri) < 0 || ri.type != RT_PROC || ri.u.proc.state == PROC_ZOMBIE)
        return -ESRCH;
    if (ri.u.proc.parent != rq->pid)
        return -EPERM;
    if (files_lent(child, named) || files_from(child, named))
        return 0; // lent before, or the child adopted first
    if ((err = files_dup(child, ri.owner, h, &id)) < 0)
        return err;
    files_get(child, id)->lent = named;
    return 0;
}

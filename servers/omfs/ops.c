/*
 * The file server's requests: one handler per OMFS_* code, reached through
 * a table indexed by the code (-ENOSYS for a gap, STYLE §2).
 *
 * Every request is checked like a system call before anything changes:
 * sizes against the container (the header says how many data bytes follow,
 * and they must be there), paths for a NUL inside them, their length and
 * each name's, handles against the asking process, offsets and sizes
 * against the file limits. Permissions are ext2's mode bits checked with
 * the sender's owner as uid and group as gid (DESIGN §5 "Identity"); the
 * system owner passes every check, like root. Paths and the requests on
 * names (stat, unlink, mkdir, rmdir, rename, readdir, utime) are in
 * names.c; this file holds open files and the table.
 * Disk blocks: each request allocates as its sender (ext2_set_user), so
 * ext2's reserved blocks (s_r_blocks_count; tools/mkdisk.sh reserves 5%
 * for s_def_resuid = 1) are the system owner's alone: another owner's
 * write, create or mkdir gets ENOSPC once only the reserve is left.
 * Durability (DESIGN §5): write leaves data in the cache; fsync, close
 * after a write, sync and shutdown write the cache, the metadata and then
 * flush the drive before they answer.
 * Public: ops_init, ops_dispatch, ops_sweep, ops_flush_all,
 * ops_shutdown_requested.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>
#include <time.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/ops.h"

#define FILE_SIZE_MAX 0x7fffffffu /* i_size is read as a signed off_t by clients */

struct counters {
    uint32_t requests, errors;
};

static struct ext2_fs *fs;
struct ext2_fs *ops_fs; // the same, for omf.c
struct pcache *ops_pc;  // its page cache
static struct counters counters;
int ops_shutdown_requested;

/* Set up the handlers over the mounted fs and its page cache. */
void
ops_init(struct ext2_fs *mounted, struct pcache *pc)
{
    fs = ops_fs = mounted;
    ops_pc = pc;
    ext2_set_user(fs, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER);
}

#define handle_of ops_handle

/* The live handle the request names, if it is the asker's; else NULL. */
struct handle *
ops_handle(const struct request *rq)
{
    struct handle *h = files_get(rq->pid, rq->msg->handle);

    return h && h->of->ino != (uint32_t)-1 ? h : NULL;
}

/* The stat fields of inode ino. */
void
ops_fill_stat(uint32_t ino, const struct ext2_inode *in, struct omfs_stat *st)
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
ops_now(void)
{
    return (uint32_t)time(NULL);
}
#define now ops_now

#define flush_file ops_flush_file

/* Write ino's cached data, then the metadata, then flush the drive. */
int
ops_flush_file(uint32_t ino)
{
    omf_collect_dirty(ino); // stores through a window count too
    int err = pcache_flush_ino(ops_pc, ino), e = ext2_sync(fs);

    return err < 0 ? err : e;
}

/* --- open files ----------------------------------------------------------------- */

static int
do_truncate(uint32_t ino, struct ext2_inode *in, uint32_t size)
{
    int err;

    if ((err = ext2_truncate(fs, ino, size)) < 0)
        return err;
    omf_shrunk(ino, size); // pages past the end leave every window first
    pcache_truncate(ops_pc, ino, size);
    (void)in;
    return 0;
}

static int
op_open(struct request *rq)
{
    uint32_t at = 0, dir, ino, flags = rq->msg->flags, acc = flags & O_ACCMODE;
    char name[OMFS_NAME_MAX + 1];
    struct ext2_inode in;
    int32_t id;
    int err;

    if (acc == 3 ||
        (flags & ~(uint32_t)(O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | O_EXCL | O_DIRECTORY)))
        return -EINVAL;
    if ((err = names_parent(rq, &at, &dir, name)) == -EINVAL && !(flags & O_CREAT)) {
        // "/" (or a path ending in "." or ".."): the whole path names a directory
        const char *path;
        at = 0;
        if ((err = names_take_path(rq, &at, &path)) < 0 ||
            (err = names_walk(rq, path, NULL, NULL, NULL, &ino)) < 0)
            return err;
        goto exists;
    }
    if (err < 0)
        return err;
    err = ext2_lookup(fs, dir, name, strlen(name), &ino);
    if (err == -ENOENT && (flags & O_CREAT)) {
        struct ext2_inode d;
        if ((err = ext2_iget(fs, dir, &d)) < 0 ||
            (err = names_may(rq, &d, MAY_WRITE | MAY_EXEC)) < 0)
            return err;
        if ((err = ext2_create(fs, dir, name, (uint16_t)(EXT2_S_IFREG | (rq->msg->mode & 07777)),
                               rq->owner, rq->group, &ino)) < 0)
            return err;
        if ((err = files_open(rq->pid, rq->owner, ino,
                              flags & ~(uint32_t)(O_CREAT | O_EXCL | O_TRUNC), &id)) < 0)
            return err; // the file stays, as after a Unix open that ran out of descriptors
        return id;
    }
    if (err < 0)
        return err;
    if (flags & O_CREAT && flags & O_EXCL)
        return -EEXIST;
exists:
    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if ((flags & O_DIRECTORY) && !EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    if (EXT2_S_ISDIR(in.i_mode) && acc != O_RDONLY)
        return -EISDIR;
    if ((acc != O_WRONLY && (err = names_may(rq, &in, MAY_READ)) < 0) ||
        (acc != O_RDONLY && (err = names_may(rq, &in, MAY_WRITE)) < 0))
        return err;
    if ((flags & O_TRUNC) && acc != O_RDONLY && EXT2_S_ISREG(in.i_mode) && in.i_size &&
        (err = do_truncate(ino, &in, 0)) < 0)
        return err;
    if ((err = files_open(rq->pid, rq->owner, ino, flags & ~(uint32_t)(O_CREAT | O_EXCL | O_TRUNC),
                          &id)) < 0)
        return err;
    return id;
}

static void
last_close(struct ofile *of)
{
    if (of->written && of->ino != (uint32_t)-1)
        (void)flush_file(of->ino);
    of->ino = 0;
}

static int
op_close(struct request *rq)
{
    struct handle *h = files_get(rq->pid, rq->msg->handle);
    struct ofile *of;
    int err = 0;

    if (!h)
        return -EBADF;
    of = h->of;
    if ((of->written || h->mapped) && of->ino != (uint32_t)-1) { // close answers once the
        err = flush_file(of->ino);                               // data is on the disk
        of->written = false;
    }
    omf_handle_closed(h);
    if ((of = files_close(h)))
        of->ino = 0;
    return err;
}

static int
op_read(struct request *rq)
{
    struct handle *h = handle_of(rq);
    struct ext2_inode in;
    uint32_t want = rq->msg->size, pos;
    int err, done;

    rq->msg->size = 0;
    if (!h || (h->of->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (want > rq->room)
        return -EINVAL;
    if ((err = ext2_iget(fs, h->of->ino, &in)) < 0)
        return err;
    pos = rq->msg->flags & OMFS_AT ? rq->msg->offset : h->of->pos;
    if ((done = pcache_read(ops_pc, h->of->ino, &in, pos, rq->data, want)) < 0)
        return done;
    if (!(rq->msg->flags & OMFS_AT))
        h->of->pos = pos + (uint32_t)done;
    rq->msg->size = (uint32_t)done;
    return done;
}

/* Write n bytes of data into h's file at pos through the page cache (*in
 * is the inode, updated and stored); h's file is then written to. Returns
 * the bytes written (short when the disk filled), or an error if none were. */
int
ops_copy_in(struct handle *h, struct ext2_inode *in, uint32_t pos, const uint8_t *data, uint32_t n)
{
    int done = pcache_write(ops_pc, h->of->ino, in, pos, data, n);

    if (done > 0)
        h->of->written = true;
    return done;
}

static int
op_write(struct request *rq)
{
    struct handle *h = handle_of(rq);
    struct ext2_inode in;
    uint32_t n = rq->msg->size, pos;
    int err;

    rq->msg->size = 0;
    if (!h || (h->of->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if ((err = ext2_iget(fs, h->of->ino, &in)) < 0)
        return err;
    pos = h->of->flags & O_APPEND    ? in.i_size
          : rq->msg->flags & OMFS_AT ? rq->msg->offset
                                     : h->of->pos;
    int done = ops_copy_in(h, &in, pos, rq->data, n);
    if (done > 0 && (!(rq->msg->flags & OMFS_AT) || (h->of->flags & O_APPEND)))
        h->of->pos = pos + (uint32_t)done;
    return done;
}

static int
op_lseek(struct request *rq)
{
    struct handle *h = handle_of(rq);
    struct ext2_inode in;
    int64_t base, off = (int32_t)rq->msg->offset;
    int err;

    if (!h)
        return -EBADF;
    switch (rq->msg->flags) {
    case SEEK_SET:
        base = 0, off = rq->msg->offset;
        break;
    case SEEK_CUR:
        base = h->of->pos;
        break;
    case SEEK_END:
        if ((err = ext2_iget(fs, h->of->ino, &in)) < 0)
            return err;
        base = in.i_size;
        break;
    default:
        return -EINVAL;
    }
    if (base + off < 0 || base + off > FILE_SIZE_MAX)
        return -EINVAL;
    h->of->pos = (uint32_t)(base + off);
    return (int)h->of->pos;
}

static int
op_fstat(struct request *rq)
{
    struct handle *h = handle_of(rq);
    struct ext2_inode in;
    int err;

    if (!h)
        return -EBADF;
    if ((err = ext2_iget(fs, h->of->ino, &in)) < 0)
        return err;
    ops_fill_stat(h->of->ino, &in, &rq->msg->u.st);
    return 0;
}

static int
op_fsync(struct request *rq)
{
    struct handle *h = handle_of(rq);

    if (!h)
        return -EBADF;
    h->of->written = false;
    return flush_file(h->of->ino);
}

static int
op_truncate(struct request *rq)
{
    struct handle *h = handle_of(rq);
    struct ext2_inode in;
    int err;

    if (!h || (h->of->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (rq->msg->offset > FILE_SIZE_MAX)
        return -EFBIG;
    if ((err = ext2_iget(fs, h->of->ino, &in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in.i_mode))
        return -EISDIR;
    if ((err = do_truncate(h->of->ino, &in, rq->msg->offset)) < 0)
        return err;
    h->of->written = true;
    return 0;
}

/* A child takes a handle of its parent: the kernel says who the parent is. */
static int
op_adopt(struct request *rq)
{
    struct res_info ri;
    struct handle *h;
    int32_t id;
    int err;

    if ((err = resinfo(rq->pid, &ri)) < 0)
        return err;
    if (!ri.u.proc.parent || !(h = files_get(ri.u.proc.parent, rq->msg->handle)))
        return -EBADF;
    if ((err = files_dup(rq->pid, rq->owner, h, &id)) < 0)
        return err;
    return id;
}

static int
op_statfs(struct request *rq)
{
    struct ext2_statfs s;
    int err = ext2_statfs(fs, &s);

    if (err < 0)
        return err;
    rq->msg->u.fs =
        (struct omfs_statfs){s.block_size, s.blocks, s.free_blocks, s.inodes, s.free_inodes};
    return 0;
}

static int
op_sync(struct request *rq)
{
    (void)rq;
    return ops_flush_all();
}

static int
op_info(struct request *rq)
{
    struct omfs_info *info = &rq->msg->u.info;
    struct pcache_stats cs;

    files_counts(&info->handles, &info->files, &info->clients);
    pcache_stats(ops_pc, &cs);
    info->pages = cs.used;
    info->dirty = cs.dirty;
    info->cache_max = cs.npages;
    info->requests = counters.requests;
    info->errors = counters.errors;
    info->mapped = cs.pinned;
    omf_counts(&info->windows, &info->copied);
    return 0;
}

static int
op_shutdown(struct request *rq)
{
    if (rq->owner != RCC_SYSTEM_OWNER)
        return -EPERM;
    ops_shutdown_requested = 1;
    return ops_flush_all();
}

typedef int (*op_fn)(struct request *rq);

static const op_fn op_table[OMFS_NCODES] = {
    [OMFS_OPEN] = op_open,          [OMFS_CLOSE] = op_close,
    [OMFS_READ] = op_read,          [OMFS_WRITE] = op_write,
    [OMFS_LSEEK] = op_lseek,        [OMFS_FSTAT] = op_fstat,
    [OMFS_STAT] = names_stat,       [OMFS_UNLINK] = names_unlink,
    [OMFS_MKDIR] = names_mkdir,     [OMFS_RMDIR] = names_rmdir,
    [OMFS_RENAME] = names_rename,   [OMFS_FSYNC] = op_fsync,
    [OMFS_READDIR] = names_readdir, [OMFS_TRUNCATE] = op_truncate,
    [OMFS_ADOPT] = op_adopt,        [OMFS_STATFS] = op_statfs,
    [OMFS_SYNC] = op_sync,          [OMFS_UTIME] = names_utime,
    [OMFS_INFO] = op_info,          [OMFS_SHUTDOWN] = op_shutdown,
    [OMFS_MAP] = omf_map,           [OMFS_WRITEBLOCK] = omf_writeblock,
};

/* Answer one request in place: the result, and the reply's data size (0
 * unless the request reads). Returns the result. */
int
ops_dispatch(struct request *rq)
{
    uint32_t code = rq->msg->code;
    int result;

    counters.requests++;
    ext2_set_user(fs, rq->owner, rq->group); // ext2's reserved blocks are the system owner's
    if (rq->msg->size > rq->room)
        result = -EINVAL; // the header claims more data than the container holds
    else if (code >= OMFS_NCODES || !op_table[code])
        result = -ENOSYS;
    else
        result = op_table[code](rq);
    if (result < 0) {
        counters.errors++;
        rq->msg->size = 0;
    } else if (code != OMFS_READ && code != OMFS_READDIR) {
        rq->msg->size = 0;
    }
    rq->msg->omfs_result = result;
    ext2_set_user(fs, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER); // the server's own work between
    return result;
}

/* Close what ended processes left open. Returns the handles closed. */
int
ops_sweep(void)
{
    return files_sweep(omf_handle_closed, last_close);
}

/* Everything to the disk: cached data, metadata, the drive's cache. */
int
ops_flush_all(void)
{
    omf_collect_dirty(0);
    int err = pcache_flush_all(ops_pc), e = ext2_sync(fs);

    return err < 0 ? err : e;
}

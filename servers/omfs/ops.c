/*
 * The file server's dispatch: one handler per OMFS_* code, reached through
 * a table indexed by the code (-ENOSYS for a gap, STYLE §2), and main.c's
 * entry points (set-up, the sweep of ended processes, the flush of
 * everything).
 *
 * Layers, top down (data flows down, nothing includes upwards): this file;
 * the request handlers, io.c (open files), names.c (names), locks.c
 * (record locks) and omf.c
 * (readblock, writeblock and the files' windows, which the other two tell of
 * cuts, removals and closes; its state and claims pages are share.c's, DESIGN
 * §9: the clients' claimed times are taken before a request that shows or
 * stores times, and at every sweep); req.c (what every handler checks a request
 * with: rights, paths, handles) and files.c (the tables of open files and
 * handles); below them the file system and its page cache (fs/). The
 * mounted file system travels as a value: main.c's struct volume, copied
 * into every request; no global holds it. The server's own requests
 * (statfs, sync, info, shutdown) are here, beside the counters they read
 * (requests, errors, and requests and TSC cycles by code: two rdtsc around
 * each dispatch, for the web bench's per-request breakdown).
 *
 * Every request is checked like a system call before anything changes:
 * sizes against the container (the header says how many data bytes follow,
 * and they must be there), then by its handler: paths, handles, offsets and
 * sizes against the file limits, permissions (ext2's mode bits with the
 * sender's owner as uid and group as gid, DESIGN §5 "Identity"; the system
 * owner passes every check, like root).
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
#include <stdbool.h>
#include <string.h>
#include <tender.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/io.h"
#include "servers/omfs/locks.h"
#include "servers/omfs/names.h"
#include "servers/omfs/omf.h"
#include "servers/omfs/ops.h"
#include "servers/omfs/req.h"
#include "servers/omfs/share.h"

struct counters {
    uint32_t requests, errors;
    uint64_t busy;                      /* TSC cycles inside ops_dispatch */
    struct omfs_optime op[OMFS_NCODES]; /* the same by code ([0]: codes out of range) */
};

static struct counters counters;
int ops_shutdown_requested;

/* ext2's question when a file's last name goes: is it open (then it is
 * kept as an orphan until its last close, io.c)? */
static int
keep_open(void *ctx, uint32_t ino)
{
    (void)ctx;
    return files_is_open(ino);
}

/* Set up for serving v: the server's own work allocates as the system owner;
 * unlinked files stay while open. */
void
ops_init(const struct volume *v)
{
    ext2_set_user(v->fs, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER);
    ext2_set_keep(v->fs, keep_open, NULL);
    share_init();
}

static int
op_statfs(struct request *rq)
{
    struct ext2_statfs s;
    int err = ext2_statfs(rq->vol.fs, &s);

    if (err < 0)
        return err;
    rq->msg->u.fs =
        (struct omfs_statfs){s.block_size, s.blocks, s.free_blocks, s.inodes, s.free_inodes};
    return 0;
}

static int
op_sync(struct request *rq)
{
    return ops_flush_all(&rq->vol);
}

static int
op_info(struct request *rq)
{
    struct omfs_info *info = &rq->msg->u.info;
    struct pcache_stats cs;

    files_counts(&info->handles, &info->files, &info->clients);
    pcache_stats(rq->vol.pc, &cs);
    info->pages = cs.used;
    info->dirty = cs.dirty;
    info->cache_max = cs.npages;
    info->requests = counters.requests;
    info->errors = counters.errors;
    info->busy = counters.busy;
    if (rq->room >= sizeof(counters.op)) {
        memcpy(rq->data, counters.op, sizeof(counters.op));
        rq->msg->size = sizeof(counters.op);
    } else {
        rq->msg->size = 0;
    }
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
    // the handles of processes that ended go first: a file unlinked while one
    // of them held it (a child lent a file it never used) is freed now, not
    // left on ext2's orphan list for the next mount
    ops_sweep(&rq->vol);
    return ops_flush_all(&rq->vol);
}

typedef int (*op_fn)(struct request *rq);

/* Requests that show or store a file's times: the claims of clients that
 * read and wrote through windows are taken first (servers/omfs/share.c). */
#define FOLD_FIRST                                                                             \
    (1u << OMFS_STAT | 1u << OMFS_FSTAT | 1u << OMFS_CLOSE | 1u << OMFS_FSYNC |               \
     1u << OMFS_SYNC | 1u << OMFS_SHUTDOWN | 1u << OMFS_UTIME)
_Static_assert(OMFS_UTIME < 32 && OMFS_SHUTDOWN < 32, "FOLD_FIRST's codes fit a word");

// clang-format off
static const op_fn op_table[OMFS_NCODES] = {
    [OMFS_OPEN] = io_open,          [OMFS_CLOSE] = io_close,
    [OMFS_READ] = io_read,          [OMFS_WRITE] = io_write,
    [OMFS_LSEEK] = io_lseek,        [OMFS_FSTAT] = io_fstat,
    [OMFS_STAT] = names_stat,       [OMFS_UNLINK] = names_unlink,
    [OMFS_MKDIR] = names_mkdir,     [OMFS_RMDIR] = names_rmdir,
    [OMFS_RENAME] = names_rename,   [OMFS_FSYNC] = io_fsync,
    [OMFS_READDIR] = names_readdir, [OMFS_TRUNCATE] = io_truncate,
    [OMFS_ADOPT] = io_adopt,        [OMFS_STATFS] = op_statfs,
    [OMFS_SYNC] = op_sync,          [OMFS_UTIME] = names_utime,
    [OMFS_INFO] = op_info,          [OMFS_SHUTDOWN] = op_shutdown,
    [OMFS_MAP] = omf_map,           [OMFS_WRITEBLOCK] = omf_writeblock,
    [OMFS_CHMOD] = names_chmod,     [OMFS_CHOWN] = names_chown,
    [OMFS_LOCK] = locks_request,    [OMFS_SYMLINK] = names_symlink,
    [OMFS_READLINK] = names_readlink, [OMFS_EXEC] = omf_exec,
    [OMFS_LEND] = io_lend,
};
// clang-format on

/* Answer one request in place: the result, and the reply's data size (0
 * unless the request reads). Returns the result. */
int
ops_dispatch(struct request *rq)
{
    uint32_t code = rq->msg->code;
    // between requests the server allocates as the system owner (ops_init)
    bool other = rq->owner != RCC_SYSTEM_OWNER || rq->group != RCC_SYSTEM_OWNER;
    uint64_t t0 = rdtsc();
    int result;

    counters.requests++;
    if (other)
        ext2_set_user(rq->vol.fs, rq->owner, rq->group); // ext2's reserve is the system owner's
    if (rq->msg->size > rq->room)
        result = -EINVAL; // the header claims more data than the container holds
    else if (code >= OMFS_NCODES || !op_table[code])
        result = -ENOSYS;
    else {
        if (code < 32 && (FOLD_FIRST >> code & 1))
            share_fold(&rq->vol); // the clients' claimed times, before they are shown or stored
        result = op_table[code](rq);
    }
    if (result < 0) {
        counters.errors++;
        rq->msg->size = 0;
    } else if (code != OMFS_READ && code != OMFS_READDIR && code != OMFS_READLINK &&
               code != OMFS_INFO) {
        rq->msg->size = 0;
    }
    rq->msg->omfs_result = result;
    if (other)
        ext2_set_user(rq->vol.fs, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER); // the server's own work
    uint64_t t = rdtsc() - t0;
    struct omfs_optime *op = &counters.op[code < OMFS_NCODES ? code : 0];
    counters.busy += t;
    op->count++;
    op->cycles += t;
    return result;
}

static void
sweep_closing(void *v, struct handle *h)
{
    locks_drop(h->pid, h->of->ino);
    omf_handle_closed(v, h);
}

static void
sweep_closed(void *v, struct ofile *of)
{
    io_last_close(v, of);
}

/* Close what ended processes left open on v, after taking the clients'
 * claimed times (the periodic read of DESIGN §9). Returns the handles closed. */
int
ops_sweep(struct volume *v)
{
    share_fold(v);
    int n = files_sweep(sweep_closing, sweep_closed, v);

    omf_sweep_texts(v); // after the handles of ended processes closed
    return n;
}

/* Everything of v to the disk: what clients stored through windows, cached
 * data, metadata, the drive's cache. Returns 0 or the first error. */
int
ops_flush_all(const struct volume *v)
{
    omf_collect_dirty(v, 0);
    int err = pcache_flush_all(v->pc), e = ext2_sync(v->fs);

    return err < 0 ? err : e;
}

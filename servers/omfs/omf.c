/*
 * The On-Memory File requests (OMF paper, sections 3-4; DESIGN §4-5): a
 * client maps file data from the server's page cache (readblock) and makes
 * a range durable, growing or shrinking the file (writeblock).
 *
 * Each file that some client mapped has a shared window (mm/vwin.c): an
 * address range unique in the system, where page i of the window shows the
 * cache page holding page i of the file. OMFS_MAP brings the pages of the
 * range into the cache, pins them and puts them into the window (once), then
 * attaches the window to the asking process, writable if its handle was
 * opened for writing, read-only otherwise (once per handle), and sets atime.
 * So a readblock of a range already mapped costs one round trip and no page
 * work, whatever its size; every client sees the same frames, so a store by
 * one is seen at once by all and by `read`. OMFS_WRITEBLOCK copies the bytes
 * in first if they came in the message (a buffer that is not the mapping),
 * changes the size with OMFS_RESIZE (growing allocates zeroed blocks;
 * shrinking takes the pages past the new end out of the window, so out of
 * every client at once, and zeroes the tail of the last page), then writes
 * the range's dirty pages, the inode and the drive cache to the disk. Which
 * pages clients stored into is read from the window's dirty bits
 * (omf_collect_dirty), so a flush writes only those.
 * Pinned pages are never evicted, so at most half the cache may be pinned
 * (-ENOMEM past that): the other half keeps serving read and write.
 * Limits (DESIGN §5: no other owner, nor all of them together, can make the
 * system owner's readblock fail): a window is charged to the owner whose
 * readblock made it, and an owner other than the system owner makes at most
 * WINDOWS_PER_OWNER (-EMFILE past that); all of them together at most
 * WINDOWS_MAX - WINDOWS_RESERVE (-ENFILE, as for a full table). A pinned
 * page is charged to the owner whose readblock pinned it (pcache_page.pin_owner,
 * until it leaves the window: a window is shared, so charging its maker
 * would let any reader pin at the maker's cost, the system owner's
 * included); another owner pins at most 1/PIN_OWNER_DIV of the cache, all
 * of them together 1/PIN_OTHERS_DIV (-ENOMEM past either), so the system
 * owner always finds the rest of its half.
 * Every limit is checked before a page is pinned (a window made for a
 * request that is then refused goes again at once).
 * A window goes when the last handle that mapped it closes (or its process
 * ends), when the file is removed, and with the server; its pages are then
 * unpinned but stay cached.
 * Every function but the two requests takes the volume (the mounted file
 * system and its page cache) from its caller; none keeps it.
 * Programs on the disk (OMFS_EXEC): the window of a file a program was run
 * from is marked `text`; the kernel shows its pages as the program's text
 * (proccreatewin, mm/vwin.c), so it stays when its last handle closes,
 * until omf_sweep_texts finds no process running from it, and while it is
 * marked no one may open the file for writing or cut it (-ETXTBSY, as
 * POSIX says of a running program). Removing the file takes the window
 * away as before: the kernel then gives the running processes copies of
 * their text pages.
 * Window slot i is also slot i of the state pages and claims pages of
 * DESIGN §9 (share.c): a window's first attach gives it its state page, each
 * process's first map of it attaches that page and its claims page (the
 * reply says where: struct omfs_mapped), a grow or a cut updates the state
 * (a cut first, so a reader re-checks before the pages go), and a process's
 * last close of the file or the window's end takes its claims first.
 * OMFS_CLIP (the library's read and write) maps as much of a range as lies
 * inside the file.
 * Public: omf_map, omf_writeblock, omf_exec (requests); omf_truncate,
 * omf_forget, omf_handle_closed, omf_collect_dirty, omf_sweep_texts,
 * omf_is_text, omf_counts, omf_size_changed (for the other request
 * handlers and the dispatch).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <tender.h>

#include "fs/pcache.h"
#include "servers/omfs/files.h"
#include "servers/omfs/omf.h"
#include "servers/omfs/req.h"
#include "servers/omfs/share.h"

#define WINDOWS_MAX 32
#define WINDOWS_RESERVE 8      /* made for the system owner only: its shell, init, servers */
#define WINDOWS_PER_OWNER 8    /* one other owner's: three owners at it leave the reserve */
#define PIN_ALL_DIV 2          /* at most 1/2 of the cache pinned: the rest serves read, write */
#define PIN_OTHERS_DIV 4       /* owners but the system owner, together: 1/4 (so 1/4 is its own) */
#define PIN_OWNER_DIV 8        /* one other owner: 1/8 (512 KiB of the default 4 MiB cache) */
#define WINDOW_MIN_PAGES 1024  /* 4 MiB: one page table */
#define WIN_MODE RCC_OWNER(RCC_ALL)

struct fwin {
    uint32_t ino;                           /* 0: free */
    uint16_t owner;                         /* whose readblock made it: its share pays */
    rid_t win;                              /* the kernel's window */
    uint8_t *base;                          /* its address: byte 0 of the file */
    uint32_t npages;                        /* its size */
    uint32_t users;                         /* handles that mapped through it */
    bool text;                              /* a program runs from it (OMFS_EXEC): kept while
                                               the kernel's texts show it, writers refused */
    uint32_t mapped[VWIN_PAGES_MAX / 32];   /* bit i: file page i is in the window */
};

static struct fwin windows[WINDOWS_MAX];
_Static_assert(WINDOWS_MAX == OMFS_SLOTS, "a window's index is its state page's slot (share.c)");

#define slot_of(w) ((int)((w) - windows))

static bool
is_mapped(const struct fwin *w, uint32_t page)
{
    return w->mapped[page / 32] >> (page % 32) & 1;
}

static void
set_mapped(struct fwin *w, uint32_t page, bool on)
{
    if (on)
        w->mapped[page / 32] |= 1u << (page % 32);
    else
        w->mapped[page / 32] &= ~(1u << (page % 32));
}

/* Whether pages [first, last] are all in the window: a word at a time, so
 * a readblock of a range mapped before costs the same at any size. */
static bool
all_mapped(const struct fwin *w, uint32_t first, uint32_t last)
{
    for (uint32_t p = first; p <= last;) {
        if (p % 32 == 0 && last - p >= 31) {
            if (w->mapped[p / 32] != ~0u)
                return false;
            p += 32;
        } else {
            if (!is_mapped(w, p))
                return false;
            p++;
        }
    }
    return true;
}
static uint32_t copied; // bytes writeblock copied in from a buffer

static struct fwin *
find(uint32_t ino)
{
    for (int i = 0; i < WINDOWS_MAX; i++)
        if (windows[i].ino == ino)
            return &windows[i];
    return NULL;
}

/* The window of ino, made for owner if need be, big enough for `pages`
 * pages. Returns 0, -EFBIG, -EMFILE (owner's share of windows used),
 * -ENFILE (the table, or the other owners' part of it, full), or
 * vwcreate's error. */
static int
window_for(uint32_t ino, uint32_t pages, uint16_t owner, struct fwin **out)
{
    struct fwin *w = find(ino);
    int mine = 0, others = 0;

    if (w) {
        if (pages > w->npages)
            return -EFBIG; // the file grew past its window since it was made
        *out = w;
        return 0;
    }
    for (int i = 0; i < WINDOWS_MAX; i++) {
        if (!windows[i].ino) {
            if (!w)
                w = &windows[i];
            continue;
        }
        mine += windows[i].owner == owner;
        others += windows[i].owner != RCC_SYSTEM_OWNER;
    }
    if (owner != RCC_SYSTEM_OWNER) {
        if (mine >= WINDOWS_PER_OWNER)
            return -EMFILE;
        if (others >= WINDOWS_MAX - WINDOWS_RESERVE)
            return -ENFILE; // the rest is the system owner's
    }
    if (!w)
        return -ENFILE;
    uint32_t npages = pages * 2 < WINDOW_MIN_PAGES ? WINDOW_MIN_PAGES : pages * 2;
    if (npages > VWIN_PAGES_MAX)
        npages = VWIN_PAGES_MAX;
    if (pages > npages)
        return -EFBIG;
    rid_t win = vwcreate("", npages, WIN_MODE);
    if (win < 0)
        return win;
    memset(w, 0, sizeof(*w));
    w->ino = ino, w->owner = owner, w->win = win, w->npages = npages;
    *out = w;
    return 0;
}

/* Unpin the pages of w's file, delete the window (out of every client). */
static void
window_drop(const struct volume *v, struct fwin *w)
{
    omf_collect_dirty(v, w->ino); // what clients stored stays in the cache: mark it dirty
    share_file_close(v, slot_of(w)); // their times, then the state page
    for (uint32_t i = 0; i < w->npages; i++) {
        struct pcache_page *pg = pcache_lookup(v->pc, w->ino, i);
        if (pg)
            pcache_pin(v->pc, pg, 0, 0);
    }
    resdelete(w->win);
    memset(w, 0, sizeof(*w));
}

/* Whether owner may pin n more pages: 0, or -ENOMEM past half the cache,
 * past the other owners' part or past its own share (see the top). */
static int
may_pin(struct pcache *pc, uint16_t owner, uint32_t n)
{
    struct pcache_stats cs;

    pcache_stats(pc, &cs);
    if (cs.pinned + n > cs.npages / PIN_ALL_DIV)
        return -ENOMEM;
    if (owner == RCC_SYSTEM_OWNER)
        return 0;
    if (cs.pinned - pcache_pinned_by(pc, RCC_SYSTEM_OWNER) + n > cs.npages / PIN_OTHERS_DIV ||
        pcache_pinned_by(pc, owner) + n > cs.npages / PIN_OWNER_DIV)
        return -ENOMEM;
    return 0;
}

/* OMFS_MAP: map [offset, offset+length) of the handle's file into the asker.
 * Returns the window's address >> 12 (the reply's flags say if writable),
 * -EBADF, -EINVAL (not a regular file, or the range not inside it), -EMFILE,
 * -ENFILE, -EFBIG (the window's limits), -ENOMEM (the pin limits), -EIO. */
int
omf_map(struct request *rq)
{
    struct handle *h = req_handle(rq);
    uint32_t off = rq->msg->offset, len = rq->msg->mode;
    struct ext2_inode in;
    struct fwin *w;
    int err;

    if (!h)
        return -EBADF;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISREG(in.i_mode))
        return -EINVAL;
    if (rq->msg->flags & ~(uint32_t)OMFS_CLIP)
        return -EINVAL;
    if ((rq->msg->flags & OMFS_CLIP) && off < in.i_size && len > in.i_size - off)
        len = in.i_size - off; // the library's read and write: as much as there is
    if (len == 0 || off >= in.i_size || len > in.i_size - off)
        return -EINVAL; // the range must lie inside the file
    uint32_t first = off / PCACHE_PAGE, last = (off + len - 1) / PCACHE_PAGE;
    if ((err = window_for(h->of->ino, last + 1, rq->owner, &w)) < 0)
        return err;
    if (!all_mapped(w, first, last)) { // the pages it would pin, against the limits
        uint32_t need = 0;
        for (uint32_t i = first; i <= last; i++)
            need += !is_mapped(w, i);
        if ((err = may_pin(rq->vol.pc, rq->owner, need)) < 0)
            goto fail;
    }
    for (uint32_t i = first; !all_mapped(w, first, last) && i <= last; i++) {
        struct pcache_page *pg;
        if (is_mapped(w, i))
            continue;
        if ((err = pcache_get(rq->vol.pc, h->of->ino, &in, i, 1, &pg)) < 0)
            goto fail;
        if (vwmap(w->win, i, pg->data, 1) < 0) {
            err = -errno;
            goto fail;
        }
        pcache_pin(rq->vol.pc, pg, 1, rq->owner);
        set_mapped(w, i, true);
    }
    if (!h->mapped) {
        int writable = (h->of->flags & O_ACCMODE) != O_RDONLY;
        void *base = vwattach(w->win, rq->pid, writable ? VUS_READ | VUS_WRITE : VUS_READ);
        if (!base) {
            err = -errno;
            goto fail;
        }
        if (!w->base) // failing, no state page: its clients ask the server for all, as before
            (void)share_file_open(slot_of(w), w->ino, base, w->npages, in.i_size);
        w->base = base;
        h->mapped = true;
        w->users++;
    }
    share_attach(slot_of(w), rq->pid, rq->owner, &rq->msg->u.mapped);
    rq->msg->u.mapped.len = len;
    in.i_atime = req_now(); // every readblock is a reference
    if ((err = ext2_iput(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    rq->msg->flags = (h->of->flags & O_ACCMODE) != O_RDONLY; // the reply says: writable
    return (int)((uintptr_t)w->base >> 12);
fail:
    if (!w->users)
        window_drop(&rq->vol, w); // nobody holds it yet
    return err;
}

/* Grow the file to size: allocate (zeroed) blocks for the new bytes. */
static int
grow(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t size)
{
    int err;

    if (size > in->i_size &&
        (err = ext2_allocate(fs, ino, in, in->i_size, size - in->i_size)) < 0) {
        (void)ext2_iput(fs, ino, in); // nothing past the end is left mapped
        return err;
    }
    in->i_size = size;
    omf_size_changed(ino, size);
    return ext2_iput(fs, ino, in);
}

/* OMFS_WRITEBLOCK: make [offset, offset+length) durable, after copying the
 * bytes in and resizing if asked. Returns length, -EBADF, -EINVAL (flags,
 * data size, a range outside the file without a resize), -EFBIG, -ENOSPC,
 * -EIO. */
int
omf_writeblock(struct request *rq)
{
    struct handle *h = req_handle(rq);
    uint32_t off = rq->msg->offset, len = rq->msg->mode, flags = rq->msg->flags;
    struct ext2_inode in;
    int err;

    if (!h || (h->of->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (flags & ~(uint32_t)(OMFS_RESIZE | OMFS_WB_DATA))
        return -EINVAL;
    if (off > 0x7fffffffu || len > 0x7fffffffu - off)
        return -EFBIG;
    if ((err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISREG(in.i_mode))
        return -EINVAL;
    if (!(flags & OMFS_RESIZE) && off + len > in.i_size)
        return -EINVAL; // without a resize the range must lie inside the file
    if (flags & OMFS_WB_DATA) {
        if (rq->msg->size != len)
            return -EINVAL;
        int done = pcache_write(rq->vol.pc, h->of->ino, &in, off, rq->data, len);
        if (done < 0)
            return done;
        if (done > 0)
            h->of->written = true; // close flushes it again
        copied += (uint32_t)done;
        if ((uint32_t)done < len)
            return -ENOSPC;
    }
    if (flags & OMFS_RESIZE) {
        uint32_t size = off + len;
        if (size < in.i_size) {
            if ((err = omf_truncate(&rq->vol, h->of->ino, size)) < 0 ||
                (err = ext2_iget(rq->vol.fs, h->of->ino, &in)) < 0)
                return err;
        } else if ((err = grow(rq->vol.fs, h->of->ino, &in, size)) < 0) {
            return err;
        }
    }
    omf_collect_dirty(&rq->vol, h->of->ino); // what clients stored through the window
    for (uint32_t i = off / PCACHE_PAGE; len && i <= (off + len - 1) / PCACHE_PAGE; i++) {
        struct pcache_page *pg = pcache_lookup(rq->vol.pc, h->of->ino, i);
        if (pg && (err = pcache_write_page(rq->vol.pc, pg)) < 0)
            return err;
    }
    in.i_mtime = in.i_ctime = req_now(); // an update
    if ((err = ext2_iput(rq->vol.fs, h->of->ino, &in)) < 0 || (err = ext2_sync(rq->vol.fs)) < 0)
        return err;
    return (int)len;
}

/* The file ino is size bytes now: its pages past the end leave the window,
 * so every client loses them at once, before the cache lets them go. */
static void
shrink_window(struct pcache *pc, uint32_t ino, uint32_t size)
{
    struct fwin *w = find(ino);
    uint32_t keep = (uint32_t)(((uint64_t)size + PCACHE_PAGE - 1) / PCACHE_PAGE);

    if (!w || keep >= w->npages)
        return;
    vwunmap(w->win, keep, w->npages - keep);
    for (uint32_t i = keep; i < w->npages; i++) {
        struct pcache_page *pg = pcache_lookup(pc, ino, i);
        if (pg)
            pcache_pin(pc, pg, 0, 0);
        set_mapped(w, i, false);
    }
}

/* Set file ino's size (ext2_truncate: nothing changes if it fails); the
 * pages past a smaller end then leave every client's window, then the
 * cache. Returns 0 or ext2_truncate's error. */
int
omf_truncate(const struct volume *v, uint32_t ino, uint32_t size)
{
    struct fwin *w = find(ino);
    int err;

    if ((err = ext2_truncate(v->fs, ino, size)) < 0)
        return err;
    if (w && w->base)
        share_size(slot_of(w), size, true); // first: a reader now re-checks before it copies
    shrink_window(v->pc, ino, size);
    pcache_truncate(v->pc, ino, size);
    return 0;
}

/* h is closing (or its process ended): its process loses the window unless
 * another of its handles mapped it too; the window goes with its last user. */
void
omf_handle_closed(const struct volume *v, struct handle *h)
{
    struct fwin *w;

    if (!h->mapped || !(w = find(h->of->ino)))
        return;
    if (!files_pid_maps(h->pid, h->of->ino, h)) {
        share_detach(v, slot_of(w), h->pid); // its claims first, while h still makes them count
        vwdetach(w->win, h->pid); // fails harmlessly for a process that is gone
    }
    h->mapped = false;
    if (--w->users == 0 && !w->text)
        window_drop(v, w); // a program's window waits for omf_sweep_texts
}

/* The windows programs were run from (OMFS_EXEC) that no handle maps and
 * no process runs text from any more (the kernel's count of mappings,
 * resinfo) go. Called between requests. */
void
omf_sweep_texts(const struct volume *v)
{
    struct res_info info;

    for (int i = 0; i < WINDOWS_MAX; i++) {
        struct fwin *w = &windows[i];
        if (w->ino && w->text && !w->users && resinfo(w->win, &info) == 0 &&
            info.u.vregion.maps == 0)
            window_drop(v, w);
    }
}

/* Whether a program runs from ino's window: then the file may not be
 * written (ETXTBSY). A program's window nothing shows any more goes now
 * rather than at the next sweep, so a file is writable as soon as the last
 * process running it ended. */
bool
omf_is_text(const struct volume *v, uint32_t ino)
{
    struct fwin *w = find(ino);
    struct res_info info;

    if (!w || !w->text)
        return false;
    if (!w->users && resinfo(w->win, &info) == 0 && info.u.vregion.maps == 0) {
        window_drop(v, w);
        return false;
    }
    return true;
}

/* OMFS_EXEC: a read-only handle on the program a path names, to be mapped
 * whole (OMFS_MAP) and run by the kernel from the window (proccreatewin).
 * The asker needs read and execute permission (the system owner: some x
 * bit), the file must be regular (-EACCES otherwise, as exec), not empty
 * (-ENOEXEC) and open for writing nowhere (-ETXTBSY); its window is then
 * kept while any process runs text from it, and writers are refused.
 * Returns the handle, with the stat fields, or the errors above, the
 * path's, -EMFILE, -ENFILE. */
int
omf_exec(struct request *rq)
{
    const char *path;
    uint32_t at = 0, ino;
    struct ext2_inode in;
    struct fwin *w;
    int32_t id;
    int err;

    if ((err = req_take_path(rq, &at, &path)) < 0 || (err = req_walk(rq, path, true, &ino)) < 0 ||
        (err = ext2_iget(rq->vol.fs, ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISREG(in.i_mode) || !(in.i_mode & 0111) ||
        (err = req_may(rq, &in, MAY_READ | MAY_EXEC)) < 0)
        return -EACCES;
    if (in.i_size == 0)
        return -ENOEXEC;
    if (files_is_open_for_write(ino))
        return -ETXTBSY;
    uint32_t pages = (in.i_size + PCACHE_PAGE - 1) / PCACHE_PAGE;
    if ((err = window_for(ino, pages, rq->owner, &w)) < 0)
        return err;
    if ((err = files_open(rq->pid, rq->owner, ino, O_RDONLY, &id)) < 0) {
        if (!w->users && !w->text)
            window_drop(&rq->vol, w);
        return err;
    }
    w->text = true;
    req_fill_stat(ino, &in, &rq->msg->u.st);
    return id;
}

/* The file ino is gone: its window with it. */
void
omf_forget(const struct volume *v, uint32_t ino)
{
    struct fwin *w = find(ino);

    if (w)
        window_drop(v, w);
}

/* Mark dirty the cache pages of ino that clients stored into through its
 * window since the last time (the hardware's dirty bits, vwdirty); 0 = every
 * window. */
void
omf_collect_dirty(const struct volume *v, uint32_t ino)
{
    uint8_t bits[128];

    for (int k = 0; k < WINDOWS_MAX; k++) {
        struct fwin *w = &windows[k];
        if (!w->ino || (ino && w->ino != ino))
            continue;
        for (uint32_t first = 0; first < w->npages; first += 1024) {
            uint32_t n = w->npages - first < 1024 ? w->npages - first : 1024;
            if (vwdirty(w->win, first, n, bits) <= 0)
                continue;
            for (uint32_t i = 0; i < n; i++) {
                struct pcache_page *pg;
                if ((bits[i / 8] >> (i % 8) & 1) && (pg = pcache_lookup(v->pc, w->ino, first + i)))
                    pcache_dirty(v->pc, pg);
            }
        }
    }
}

/* File ino is size bytes now, after a write that grew it: its state page
 * says so (a shrink goes through omf_truncate). */
void
omf_size_changed(uint32_t ino, uint32_t size)
{
    struct fwin *w = find(ino);

    if (w && w->base)
        share_size(slot_of(w), size, false);
}

/* Windows in use and bytes copied in by writeblock, for OMFS_INFO. */
void
omf_counts(uint32_t *nwindows, uint32_t *ncopied)
{
    *nwindows = 0;
    for (int i = 0; i < WINDOWS_MAX; i++)
        *nwindows += windows[i].ino != 0;
    *ncopied = copied;
}

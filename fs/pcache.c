/*
 * fs/pcache.c - the page cache: the one copy of file data in memory, and the
 * one path between files and the disk (read, write, write-back).
 *
 * Model: a fixed pool of PCACHE_PAGE-sized pages in the caller's memory, each
 * holding one page of one file, found through a hash on (inode, page index)
 * and kept on an LRU list. pcache_read and pcache_write copy between these
 * pages and their callers; nothing else holds file data. A miss takes a free
 * page or evicts the least recently used unpinned one, writing it back first
 * if it is dirty (a page that cannot be written back now is kept, and an
 * older one tried), so a file larger than the cache is read and written
 * through it page by page. A page is filled from the disk block by block
 * through ext2_bmap, each run of contiguous disk blocks in one transfer of
 * the mount's struct ext2_dev: holes and bytes past the end of the file read
 * as zeros. (File data never sits in ext2's metadata cache, so the two never
 * disagree.) pcache_write allocates the blocks a write reaches before it
 * takes the bytes (ext2_allocate: the writer gets ENOSPC then), so writing a
 * page back never allocates. A pinned page is never evicted (the file server
 * shows it in readblock windows, which clients may touch any time); it
 * remembers the owner it is charged to.
 *
 * Invariants: a page with ino != 0 is on its hash chain and on the LRU list
 * (free pages too are on the list, at its tail end); every byte of a cached
 * page past the file's end is zero, so writing a page back leaves the tail of
 * the file's last block zero on disk; a pinned page has ino != 0;
 * stats.used, stats.dirty and stats.pinned count the pages in use, dirty and
 * pinned.
 *
 * Entry points: pcache_create, pcache_destroy, pcache_get, pcache_lookup,
 * pcache_dirty, pcache_pin, pcache_pinned_by, pcache_write_page,
 * pcache_flush_ino, pcache_flush_all, pcache_truncate, pcache_stats,
 * pcache_read, pcache_write.
 */
#include "fs/pcache.h"

#include <stdlib.h>
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

#define HASH_SIZE 1024

struct pcache {
    struct ext2_fs *fs;
    struct pcache_page *pages; /* stats.npages of them */
    struct pcache_page *hash[HASH_SIZE];
    struct pcache_page *lru_head, *lru_tail;
    struct pcache_stats stats;
};

static unsigned
hash_of(uint32_t ino, uint32_t index)
{
    return (ino * 2654435761u ^ index * 40503u) % HASH_SIZE;
}

static void
lru_unlink(struct pcache *pc, struct pcache_page *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        pc->lru_head = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    else
        pc->lru_tail = pg->prev;
    pg->prev = pg->next = NULL;
}

static void
lru_push_front(struct pcache *pc, struct pcache_page *pg)
{
    pg->prev = NULL;
    pg->next = pc->lru_head;
    if (pc->lru_head)
        pc->lru_head->prev = pg;
    else
        pc->lru_tail = pg;
    pc->lru_head = pg;
}

static void
hash_remove(struct pcache *pc, struct pcache_page *pg)
{
    for (struct pcache_page **pp = &pc->hash[hash_of(pg->ino, pg->index)]; *pp;
         pp = &(*pp)->hnext) {
        if (*pp == pg) {
            *pp = pg->hnext;
            break;
        }
    }
    pg->hnext = NULL;
}

/*
 * A cache of npages pages over fs, their bytes in mem. Returns 0 and *out,
 * -EINVAL (no pages), -ENOMEM.
 */
int
pcache_create(struct pcache **out, struct ext2_fs *fs, uint8_t *mem, uint32_t npages)
{
    struct pcache *pc;

    if (npages == 0)
        return -EINVAL;
    if ((pc = calloc(1, sizeof(*pc))) == NULL)
        return -ENOMEM;
    if ((pc->pages = calloc(npages, sizeof(*pc->pages))) == NULL) {
        free(pc);
        return -ENOMEM;
    }
    pc->fs = fs;
    for (uint32_t i = 0; i < npages; i++) {
        pc->pages[i].data = mem + (size_t)i * PCACHE_PAGE;
        lru_push_front(pc, &pc->pages[i]); // free pages sit at the tail end after use
    }
    pc->stats.npages = npages;
    *out = pc;
    return 0;
}

/* Free the bookkeeping (not the caller's memory); dirty pages are lost. */
void
pcache_destroy(struct pcache *pc)
{
    if (pc == NULL)
        return;
    free(pc->pages);
    free(pc);
}

/* Blocks of the page as runs of contiguous disk blocks: read (write) each
 * run with one transfer. Holes are zero-filled on read and skipped on write. */
static int
transfer(struct pcache *pc, struct pcache_page *pg, const struct ext2_inode *in, int write)
{
    struct ext2_fs *fs = pc->fs;
    uint32_t bs = fs->bsize, per_page = PCACHE_PAGE / bs;
    uint32_t first = pg->index * per_page;
    struct ext2_inode copy = *in;
    int err;

    for (uint32_t b = 0; b < per_page;) {
        uint32_t pblock, run = 1;
        if ((err = ext2_bmap(fs, pg->ino, &copy, first + b, 0, &pblock)) < 0)
            return err;
        if (pblock == 0) {
            if (!write)
                memset(pg->data + b * bs, 0, bs);
            b++;
            continue;
        }
        while (b + run < per_page) {
            uint32_t next;
            if ((err = ext2_bmap(fs, pg->ino, &copy, first + b + run, 0, &next)) < 0)
                return err;
            if (next != pblock + run)
                break;
            run++;
        }
        uint64_t at = (uint64_t)pblock * bs;
        err = write ? fs->dev.write(fs->dev.ctx, at, pg->data + b * bs, run * bs)
                    : fs->dev.read(fs->dev.ctx, at, pg->data + b * bs, run * bs);
        if (err < 0)
            return -EIO;
        b += run;
    }
    return 0;
}

static int
write_back(struct pcache *pc, struct pcache_page *pg)
{
    struct ext2_inode in;
    int err;

    if (!pg->dirty)
        return 0;
    if ((err = ext2_iget(pc->fs, pg->ino, &in)) < 0 || (err = transfer(pc, pg, &in, 1)) < 0)
        return err;
    pc->stats.dirty--;
    pg->dirty = 0;
    pc->stats.writebacks++;
    return 0;
}

/* Write pg to the disk now if it is dirty. Returns 0, -EIO, an ext2 error. */
int
pcache_write_page(struct pcache *pc, struct pcache_page *pg)
{
    return write_back(pc, pg);
}

static struct pcache_page *
find(const struct pcache *pc, uint32_t ino, uint32_t index)
{
    for (struct pcache_page *pg = pc->hash[hash_of(ino, index)]; pg; pg = pg->hnext)
        if (pg->ino == ino && pg->index == index)
            return pg;
    return NULL;
}

/* The cached page `index` of ino, or NULL (no disk access, LRU unchanged). */
struct pcache_page *
pcache_lookup(struct pcache *pc, uint32_t ino, uint32_t index)
{
    return find(pc, ino, index);
}

/* Pin pg, charged to owner, or unpin it (owner ignored). */
void
pcache_pin(struct pcache *pc, struct pcache_page *pg, int pin, uint16_t owner)
{
    if (pg->pinned == !!pin)
        return;
    pc->stats.pinned += pin ? 1 : (uint32_t)-1;
    pg->pinned = !!pin;
    pg->pin_owner = pin ? owner : 0;
}

/* How many pinned pages are charged to owner. */
uint32_t
pcache_pinned_by(const struct pcache *pc, uint16_t owner)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < pc->stats.npages; i++)
        n += pc->pages[i].pinned && pc->pages[i].pin_owner == owner;
    return n;
}

/* pg holds nothing any more: out of its hash chain, to the LRU tail. */
static void
release(struct pcache *pc, struct pcache_page *pg)
{
    pcache_pin(pc, pg, 0, 0); // the caller took it out of its window first
    if (pg->dirty)
        pc->stats.dirty--;
    hash_remove(pc, pg);
    pg->ino = 0;
    pg->dirty = 0;
    pc->stats.used--;
    lru_unlink(pc, pg);
    if (pc->lru_tail) { // free pages go to the tail: the next to be taken
        pc->lru_tail->next = pg;
        pg->prev = pc->lru_tail;
        pc->lru_tail = pg;
    } else {
        pc->lru_head = pc->lru_tail = pg;
    }
}

/* The least recently used unpinned page, emptied (written back if dirty). */
static int
take_page(struct pcache *pc, struct pcache_page **out)
{
    for (struct pcache_page *pg = pc->lru_tail; pg; pg = pg->prev) {
        if (pg->pinned)
            continue; // shown elsewhere: it may be touched any time
        if (pg->ino && pg->dirty && write_back(pc, pg) < 0)
            continue; // cannot write it now: keep it, try an older-used one
        if (pg->ino) {
            release(pc, pg);
            pc->stats.evictions++;
        }
        *out = pg;
        return 0;
    }
    return -EIO;
}

/* A miss: page `index` of ino into the least recently used page. */
static int
miss(struct pcache *pc, uint32_t ino, const struct ext2_inode *in, uint32_t index, int fill,
     struct pcache_page **out)
{
    struct pcache_page *pg;
    int err;

    pc->stats.misses++;
    if ((err = take_page(pc, &pg)) < 0)
        return err;
    pg->ino = ino;
    pg->index = index;
    if (fill && (uint64_t)index * PCACHE_PAGE < in->i_size) {
        if ((err = transfer(pc, pg, in, 0)) < 0) {
            pg->ino = 0;
            return err;
        }
        uint64_t end = (uint64_t)(index + 1) * PCACHE_PAGE;
        if (end > in->i_size) // the invariant: zeros past the end
            memset(pg->data + (in->i_size - (uint64_t)index * PCACHE_PAGE), 0,
                   (size_t)(end - in->i_size));
    } else {
        memset(pg->data, 0, PCACHE_PAGE);
    }
    unsigned h = hash_of(ino, index);
    pg->hnext = pc->hash[h];
    pc->hash[h] = pg;
    lru_unlink(pc, pg);
    lru_push_front(pc, pg);
    pc->stats.used++;
    *out = pg;
    return 0;
}

/* pcache_get, the hit inline (read and write go through here page by page). */
static inline int
get(struct pcache *pc, uint32_t ino, const struct ext2_inode *in, uint32_t index, int fill,
    struct pcache_page **out)
{
    struct pcache_page *pg = find(pc, ino, index);

    if (!pg)
        return miss(pc, ino, in, index, fill, out);
    pc->stats.hits++;
    if (pc->lru_head != pg) { // most recently used now
        lru_unlink(pc, pg);
        lru_push_front(pc, pg);
    }
    *out = pg;
    return 0;
}

/*
 * Page `index` of ino, filled from the disk on a miss if fill is set (else
 * zeroed). Returns 0 and *out, -EIO, an ext2 error (full contract in
 * fs/pcache.h).
 */
int
pcache_get(struct pcache *pc, uint32_t ino, const struct ext2_inode *in, uint32_t index, int fill,
           struct pcache_page **out)
{
    return get(pc, ino, in, index, fill, out);
}

/* The caller changed pg: it must reach the disk before it is dropped. */
void
pcache_dirty(struct pcache *pc, struct pcache_page *pg)
{
    if (!pg->dirty)
        pc->stats.dirty++;
    pg->dirty = 1;
}

/* Write every dirty page of ino to the disk. Returns 0 or the first error. */
int
pcache_flush_ino(struct pcache *pc, uint32_t ino)
{
    int err = 0, e;

    for (uint32_t i = 0; i < pc->stats.npages; i++) {
        struct pcache_page *pg = &pc->pages[i];
        if (pg->ino == ino && pg->dirty && (e = write_back(pc, pg)) < 0 && !err)
            err = e;
    }
    return err;
}

/* Write every dirty page to the disk. Returns 0 or the first error. */
int
pcache_flush_all(struct pcache *pc)
{
    int err = 0, e;

    for (uint32_t i = 0; i < pc->stats.npages; i++) {
        struct pcache_page *pg = &pc->pages[i];
        if (pg->ino && pg->dirty && (e = write_back(pc, pg)) < 0 && !err)
            err = e;
    }
    return err;
}

/* File ino is now size bytes long: drop its pages past the end, zero the
 * tail of the last one. */
void
pcache_truncate(struct pcache *pc, uint32_t ino, uint32_t size)
{
    uint32_t keep = (uint32_t)(((uint64_t)size + PCACHE_PAGE - 1) / PCACHE_PAGE);

    for (uint32_t i = 0; i < pc->stats.npages; i++) {
        struct pcache_page *pg = &pc->pages[i];
        if (pg->ino != ino)
            continue;
        if (pg->index >= keep)
            release(pc, pg);
        else if (size % PCACHE_PAGE && pg->index == size / PCACHE_PAGE)
            memset(pg->data + size % PCACHE_PAGE, 0, PCACHE_PAGE - size % PCACHE_PAGE);
    }
}

/* The cache's counters. */
void
pcache_stats(const struct pcache *pc, struct pcache_stats *out)
{
    *out = pc->stats;
}

/*
 * Read up to n bytes of file ino at off through the cache; sets atime.
 * Returns the bytes read, -EISDIR, -EINVAL, -EIO (full contract in
 * fs/pcache.h).
 */
int
pcache_read(struct pcache *pc, uint32_t ino, struct ext2_inode *in, uint64_t off, void *buf,
            uint32_t n)
{
    uint32_t pos = (uint32_t)off, done = 0, now;
    uint8_t *dst = buf;
    int err;

    if (EXT2_S_ISDIR(in->i_mode))
        return -EISDIR;
    if (off >= in->i_size)
        n = 0;
    else if (n > in->i_size - pos)
        n = in->i_size - pos;
    while (done < n) {
        struct pcache_page *pg;
        uint32_t po = pos % PCACHE_PAGE, len = PCACHE_PAGE - po;
        if (len > n - done)
            len = n - done;
        if ((err = get(pc, ino, in, pos / PCACHE_PAGE, 1, &pg)) < 0) {
            if (!done)
                return err;
            break; // what was read stands
        }
        memcpy(dst + done, pg->data + po, len);
        done += len, pos += len;
    }
    now = ext2_now(pc->fs);
    if (in->i_atime != now) { // atime on reference
        in->i_atime = now;
        (void)ext2_iput(pc->fs, ino, in);
    }
    return (int)done;
}

/*
 * Write n bytes to regular file ino at off into the cache, allocating as it
 * goes; stores *in. Returns the bytes written, -EFBIG, -ENOSPC, -EISDIR,
 * -EINVAL, -EIO (full contract in fs/pcache.h).
 */
int
pcache_write(struct pcache *pc, uint32_t ino, struct ext2_inode *in, uint64_t off, const void *buf,
             uint32_t n)
{
    struct ext2_fs *fs = pc->fs;
    const uint8_t *src = buf;
    uint32_t pos = (uint32_t)off, done = 0;
    int err = 0, e;

    if (EXT2_S_ISDIR(in->i_mode))
        return -EISDIR;
    if (!EXT2_S_ISREG(in->i_mode))
        return -EINVAL;
    if (n == 0)
        return 0;
    if (off >= EXT2_MAX_FILE_SIZE)
        return -EFBIG;
    if (n > EXT2_MAX_FILE_SIZE - pos)
        n = EXT2_MAX_FILE_SIZE - pos;
    while (done < n) {
        struct pcache_page *pg;
        uint32_t po = pos % PCACHE_PAGE, len = PCACHE_PAGE - po;
        if (len > n - done)
            len = n - done;
        int whole = po == 0 && (len == PCACHE_PAGE || pos + len >= in->i_size);
        // the blocks first, recorded in the stored inode before pcache_get: it
        // may write back an evicted page of this very file through that inode
        err = ext2_allocate(fs, ino, in, pos, len);
        if ((e = ext2_iput(fs, ino, in)) < 0 && !err)
            err = e;
        if (err < 0)
            break;
        if ((err = get(pc, ino, in, pos / PCACHE_PAGE, !whole, &pg)) < 0) {
            // no page for the bytes: blocks just allocated past the end go back
            (void)ext2_free_past_end(fs, ino, in);
            (void)ext2_iput(fs, ino, in);
            break;
        }
        memcpy(pg->data + po, src + done, len);
        pcache_dirty(pc, pg);
        done += len, pos += len;
        if (pos > in->i_size)
            in->i_size = pos;
    }
    if (done) {
        in->i_mtime = in->i_ctime = ext2_now(fs);
        if ((e = ext2_iput(fs, ino, in)) < 0 && !err)
            err = e;
    }
    return done ? (int)done : err;
}

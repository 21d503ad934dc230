/*
 * The file server's page cache: the one copy of file data in memory.
 *
 * Model: a fixed pool of CACHE_PAGE-sized, page-aligned pages (the bound,
 * set at start), each holding one page of one file, found through a hash on
 * (inode, page index) and kept on an LRU list. `read` and `write` copy
 * between these pages and their callers; nothing else holds file data.
 * A miss takes a free page or evicts the least recently used one, writing
 * it back first if it is dirty, so a file larger than the cache is read and
 * written through it page by page. A page is filled from the disk block by
 * block through ext2_bmap, each run of contiguous disk blocks in one ATA
 * transfer: holes and bytes past the end of the file read as zeros. (File
 * data never sits in ext2's metadata cache, so the two never disagree.) Blocks are allocated when a
 * write reaches them (the writer gets ENOSPC then), so writing a page back never allocates. A page
 * shown in a shared window (OMF, omf.c) is pinned: never evicted, since clients may touch it any
 * time; what they stored into it is found from the window's dirty bits (omf_collect_dirty) before a
 * flush. A pinned page remembers the owner it is charged to (omf.c's per-owner limits).
 * Invariants: a page with ino != 0 is on its hash chain and on the LRU list; every byte of a
 * cached page past the file's end is zero; a pinned page has ino != 0; stats.pinned counts the
 * pinned pages. Public: cache_init, cache_get, cache_lookup, cache_dirty, cache_pin,
 * cache_pinned_by, cache_write_page, cache_flush_ino, cache_flush_all, cache_truncate,
 * cache_stats.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "servers/omfs/ata.h"
#include "servers/omfs/cache.h"

#define HASH_SIZE 1024

static struct ext2_fs *cache_fs;
static struct cpage *pages, *hash[HASH_SIZE], *lru_head, *lru_tail;
static struct cache_stats stats;

static unsigned
hash_of(uint32_t ino, uint32_t index)
{
    return (ino * 2654435761u ^ index * 40503u) % HASH_SIZE;
}

static void
lru_unlink(struct cpage *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        lru_head = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    else
        lru_tail = pg->prev;
    pg->prev = pg->next = NULL;
}

static void
lru_push_front(struct cpage *pg)
{
    pg->prev = NULL;
    pg->next = lru_head;
    if (lru_head)
        lru_head->prev = pg;
    else
        lru_tail = pg;
    lru_head = pg;
}

static void
hash_remove(struct cpage *pg)
{
    for (struct cpage **pp = &hash[hash_of(pg->ino, pg->index)]; *pp; pp = &(*pp)->hnext) {
        if (*pp == pg) {
            *pp = pg->hnext;
            break;
        }
    }
    pg->hnext = NULL;
}

/* Set up npages pages for fs's files. Returns 0 or -ENOMEM. */
int
cache_init(struct ext2_fs *fs, uint32_t npages)
{
    uint8_t *mem = memalign(CACHE_PAGE, (size_t)npages * CACHE_PAGE);

    pages = calloc(npages, sizeof(*pages));
    if (!mem || !pages) {
        free(mem);
        free(pages);
        return -ENOMEM;
    }
    cache_fs = fs;
    for (uint32_t i = 0; i < npages; i++) {
        pages[i].data = mem + (size_t)i * CACHE_PAGE;
        lru_push_front(&pages[i]); // free pages sit at the tail end after use
    }
    stats.npages = npages;
    return 0;
}

/* Blocks [first, first+n) of the page as runs of contiguous disk blocks:
 * read (write) each run with one transfer. Holes are zero-filled on read
 * and skipped on write. */
static int
transfer(struct cpage *pg, const struct ext2_inode *in, bool write)
{
    uint32_t bs = ext2_block_size(cache_fs), per_page = CACHE_PAGE / bs;
    uint32_t first = pg->index * per_page;
    struct ext2_inode copy = *in;
    int err;

    for (uint32_t b = 0; b < per_page;) {
        uint32_t pblock, run = 1;
        if ((err = ext2_bmap(cache_fs, pg->ino, &copy, first + b, 0, &pblock)) < 0)
            return err;
        if (pblock == 0) {
            if (!write)
                memset(pg->data + b * bs, 0, bs);
            b++;
            continue;
        }
        while (b + run < per_page) {
            uint32_t next;
            if ((err = ext2_bmap(cache_fs, pg->ino, &copy, first + b + run, 0, &next)) < 0)
                return err;
            if (next != pblock + run)
                break;
            run++;
        }
        uint32_t lba = pblock * (bs / ATA_SECTOR), count = run * (bs / ATA_SECTOR);
        err = write ? ata_write(lba, count, pg->data + b * bs)
                    : ata_read(lba, count, pg->data + b * bs);
        if (err < 0)
            return err;
        b += run;
    }
    return 0;
}

static int
write_back(struct cpage *pg)
{
    struct ext2_inode in;
    int err;

    if (!pg->dirty)
        return 0;
    if ((err = ext2_iget(cache_fs, pg->ino, &in)) < 0 || (err = transfer(pg, &in, true)) < 0)
        return err;
    if (pg->dirty)
        stats.dirty--;
    pg->dirty = false;
    stats.writebacks++;
    return 0;
}

/* Write pg to the disk now if it is dirty. Returns 0 or an error. */
int
cache_write_page(struct cpage *pg)
{
    return write_back(pg);
}

/* The cached page `index` of ino, or NULL (no disk access, LRU unchanged). */
struct cpage *
cache_lookup(uint32_t ino, uint32_t index)
{
    for (struct cpage *pg = hash[hash_of(ino, index)]; pg; pg = pg->hnext)
        if (pg->ino == ino && pg->index == index)
            return pg;
    return NULL;
}

/* Pin pg (it is shown in a window), charged to owner, or unpin it (owner
 * ignored). A page pinned already stays charged to its first owner. */
void
cache_pin(struct cpage *pg, bool pin, uint16_t owner)
{
    if (pg->pinned == pin)
        return;
    stats.pinned += pin ? 1 : (uint32_t)-1;
    pg->pinned = pin;
    pg->pin_owner = pin ? owner : 0;
}

/* How many pinned pages are charged to owner (one pass over the cache:
 * omf.c asks only when it is about to pin new pages). */
uint32_t
cache_pinned_by(uint16_t owner)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < stats.npages; i++)
        n += pages[i].pinned && pages[i].pin_owner == owner;
    return n;
}

static void
release(struct cpage *pg)
{
    cache_pin(pg, false, 0); // the caller took it out of its window first
    if (pg->dirty)
        stats.dirty--;
    hash_remove(pg);
    pg->ino = 0;
    pg->dirty = false;
    stats.used--;
    lru_unlink(pg);
    if (lru_tail) { // free pages go to the tail: the next to be taken
        lru_tail->next = pg;
        pg->prev = lru_tail;
        lru_tail = pg;
    } else {
        lru_head = lru_tail = pg;
    }
}

/* The least recently used page, emptied (written back if dirty). */
static int
take_page(struct cpage **out)
{
    for (struct cpage *pg = lru_tail; pg; pg = pg->prev) {
        if (pg->pinned)
            continue; // a client may touch it any time
        if (pg->ino && pg->dirty && write_back(pg) < 0)
            continue; // cannot write it now: keep it, try an older-used one
        if (pg->ino) {
            release(pg);
            stats.evictions++;
        }
        *out = pg;
        return 0;
    }
    return -EIO;
}

/* The cached page `index` of file ino (whose inode is *in), taken from the
 * disk on a miss when fill is set (otherwise zeroed: the caller overwrites
 * it whole). Marks it most recently used. Returns 0, -EIO or an ext2 error. */
int
cache_get(uint32_t ino, struct ext2_inode *in, uint32_t index, bool fill, struct cpage **out)
{
    struct cpage *pg;
    int err;

    for (pg = hash[hash_of(ino, index)]; pg; pg = pg->hnext) {
        if (pg->ino == ino && pg->index == index) {
            stats.hits++;
            lru_unlink(pg);
            lru_push_front(pg);
            *out = pg;
            return 0;
        }
    }
    stats.misses++;
    if ((err = take_page(&pg)) < 0)
        return err;
    pg->ino = ino;
    pg->index = index;
    if (fill && (uint64_t)index * CACHE_PAGE < in->i_size) {
        if ((err = transfer(pg, in, false)) < 0) {
            pg->ino = 0;
            return err;
        }
        uint64_t end = (uint64_t)(index + 1) * CACHE_PAGE;
        if (end > in->i_size) // the invariant: zeros past the end
            memset(pg->data + (in->i_size - (uint64_t)index * CACHE_PAGE), 0,
                   (size_t)(end - in->i_size));
    } else {
        memset(pg->data, 0, CACHE_PAGE);
    }
    unsigned h = hash_of(ino, index);
    pg->hnext = hash[h];
    hash[h] = pg;
    lru_unlink(pg);
    lru_push_front(pg);
    stats.used++;
    *out = pg;
    return 0;
}

/* The caller changed pg: it must reach the disk before it is dropped. */
void
cache_dirty(struct cpage *pg)
{
    if (!pg->dirty)
        stats.dirty++;
    pg->dirty = true;
}

/* Write every dirty page of ino to the disk (not flushing the drive).
 * Returns 0 or the first error (the other pages are still tried). */
int
cache_flush_ino(uint32_t ino)
{
    int err = 0, e;

    for (uint32_t i = 0; i < stats.npages; i++)
        if (pages[i].ino == ino && pages[i].dirty && (e = write_back(&pages[i])) < 0 && !err)
            err = e;
    return err;
}

/* Write every dirty page to the disk. Returns 0 or the first error. */
int
cache_flush_all(void)
{
    int err = 0, e;

    for (uint32_t i = 0; i < stats.npages; i++)
        if (pages[i].ino && pages[i].dirty && (e = write_back(&pages[i])) < 0 && !err)
            err = e;
    return err;
}

/* File ino is now size bytes long (0 and the inode gone: unlink): drop its
 * pages past the end, dirty or not (the caller took them out of any window
 * first), and zero the tail of the last one. */
void
cache_truncate(uint32_t ino, uint32_t size)
{
    uint32_t keep = (uint32_t)(((uint64_t)size + CACHE_PAGE - 1) / CACHE_PAGE);

    for (uint32_t i = 0; i < stats.npages; i++) {
        struct cpage *pg = &pages[i];
        if (pg->ino != ino)
            continue;
        if (pg->index >= keep)
            release(pg);
        else if (size % CACHE_PAGE && pg->index == size / CACHE_PAGE)
            memset(pg->data + size % CACHE_PAGE, 0, CACHE_PAGE - size % CACHE_PAGE);
    }
}

/* The cache's counters. */
void
cache_stats(struct cache_stats *out)
{
    *out = stats;
}

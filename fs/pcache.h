/*
 * The page cache (fs/pcache.c): file data in page-sized pages over a mounted
 * ext2 file system, one copy of each file page, read and written through the
 * mount's struct ext2_dev. Included by fs/pcache.c, the file server and the
 * host tests.
 *
 * The caller gives the pages' memory (npages * PCACHE_PAGE bytes, aligned as
 * it needs: the file server shows pages in readblock windows, so it gives
 * page-aligned memory) and may look at a page's bytes, pin it (never evicted)
 * and mark it dirty (written back before it is dropped). Every function
 * returns 0 (or a count) on success and a negated error number from
 * kernel/abi/errno.h on failure. Not reentrant: the caller serializes.
 */
#ifndef FS_PCACHE_H
#define FS_PCACHE_H

#include <stdint.h>

#include "fs/ext2.h"

#define PCACHE_PAGE 4096

struct pcache_page {
    uint32_t ino;                    /* 0: free */
    uint32_t index;                  /* which page of the file */
    uint8_t *data;                   /* PCACHE_PAGE bytes of the caller's memory */
    uint8_t dirty;                   /* changed since it was last written to the disk */
    uint8_t pinned;                  /* shown elsewhere (a readblock window): never evicted */
    uint16_t pin_owner;              /* while pinned: the owner it is charged to */
    struct pcache_page *hnext;       /* hash chain */
    struct pcache_page *prev, *next; /* LRU list: most recently used first */
};

struct pcache_stats {
    uint32_t npages, used, dirty, pinned;
    uint64_t hits, misses, evictions, writebacks;
};

struct pcache; /* opaque: the pages, their hash and LRU list, the counters */

/*
 * A cache of npages pages for fs's files, their bytes in mem (npages *
 * PCACHE_PAGE bytes, which stay the caller's). Returns 0 and *out, -EINVAL
 * for no pages, -ENOMEM.
 */
int pcache_create(struct pcache **out, struct ext2_fs *fs, uint8_t *mem, uint32_t npages);

/* Free the cache's bookkeeping (not mem); dirty pages are lost: flush first. */
void pcache_destroy(struct pcache *pc);

/*
 * Page `index` of file ino (whose inode is *in), taken from the disk on a
 * miss when fill is set (otherwise zeroed: the caller overwrites it whole);
 * marks it most recently used. A miss takes a free page or evicts the least
 * recently used unpinned one, writing it back first if it is dirty. Returns
 * 0 and *out, -EIO (the device failed, or every page is pinned or cannot be
 * written back), or ext2_bmap's error.
 */
int pcache_get(struct pcache *pc, uint32_t ino, const struct ext2_inode *in, uint32_t index,
               int fill, struct pcache_page **out);

/* The cached page `index` of ino, or NULL (no disk access, LRU unchanged). */
struct pcache_page *pcache_lookup(struct pcache *pc, uint32_t ino, uint32_t index);

/* The caller changed pg: it must reach the disk before it is dropped. */
void pcache_dirty(struct pcache *pc, struct pcache_page *pg);

/*
 * Pin pg (never evicted while pinned), charged to owner, or unpin it (owner
 * ignored). A page pinned already stays charged to its first owner.
 */
void pcache_pin(struct pcache *pc, struct pcache_page *pg, int pin, uint16_t owner);

/* How many pinned pages are charged to owner (one pass over the cache). */
uint32_t pcache_pinned_by(const struct pcache *pc, uint16_t owner);

/* Write pg to the disk now if it is dirty. Returns 0, -EIO, an ext2 error. */
int pcache_write_page(struct pcache *pc, struct pcache_page *pg);

/*
 * Write every dirty page of ino to the disk (without ext2_sync or a device
 * flush). Returns 0 or the first error; the other pages are still tried, and
 * a page that failed stays dirty.
 */
int pcache_flush_ino(struct pcache *pc, uint32_t ino);

/* Write every dirty page to the disk. Returns 0 or the first error (as above). */
int pcache_flush_all(struct pcache *pc);

/*
 * File ino is now size bytes long (0 and the inode gone: unlink): drop its
 * pages past the end, dirty or not, pinned or not (the caller took them out
 * of wherever it showed them first), and zero the tail of the last one.
 */
void pcache_truncate(struct pcache *pc, uint32_t ino, uint32_t size);

/* The cache's counters. */
void pcache_stats(const struct pcache *pc, struct pcache_stats *out);

/*
 * Read up to n bytes of file ino (inode *in, which the caller read) from
 * byte off through the cache; holes and bytes past a page's end of file read
 * as zeros. Sets atime (stored with ext2_iput, best effort). Returns the
 * bytes read (short or 0 at the end of the file; short too when the device
 * failed after some were read), -EISDIR, -EINVAL (no block map: a fast
 * symlink, a device), -EIO.
 */
int pcache_read(struct pcache *pc, uint32_t ino, struct ext2_inode *in, uint64_t off, void *buf,
                uint32_t n);

/*
 * Write n bytes to regular file ino (inode *in, which the caller read) at
 * byte off into the cache, growing the file as needed (a gap reads as zeros).
 * Blocks are allocated (zeroed on the disk) as the write reaches them, so the
 * writer meets ENOSPC now and write-back never allocates; the bytes reach
 * the disk when their page is written back (eviction, pcache_write_page,
 * pcache_flush_*). n is cut so the file stays below 2^31 bytes. Updates
 * *in (size, blocks, mtime and ctime) and stores it. Returns the bytes
 * written: n (as cut), or those written before a block could not be had; if
 * none: -EFBIG (off at or past 2^31 - 1), -ENOSPC, -EISDIR, -EINVAL (not a
 * regular file), -EIO.
 */
int pcache_write(struct pcache *pc, uint32_t ino, struct ext2_inode *in, uint64_t off,
                 const void *buf, uint32_t n);

#endif

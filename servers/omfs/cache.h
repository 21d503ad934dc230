/*
 * The file server's page cache (servers/omfs/cache.c): file data in
 * page-sized pages, one copy of each file page. Included by the server only.
 */
#ifndef SERVERS_OMFS_CACHE_H
#define SERVERS_OMFS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "fs/ext2.h"

#define CACHE_PAGE 4096

struct cpage {
    uint32_t ino;              /* 0: free */
    uint32_t index;            /* which page of the file */
    uint8_t *data;             /* CACHE_PAGE bytes, page-aligned */
    bool dirty;                /* changed since it was last written to the disk */
    bool pinned;               /* shown in a window (omf.c): never evicted */
    uint16_t pin_owner;        /* while pinned: the owner whose readblock pinned it */
    struct cpage *hnext;       /* hash chain */
    struct cpage *prev, *next; /* LRU list: most recently used first */
};

struct cache_stats {
    uint32_t npages, used, dirty, pinned;
    uint64_t hits, misses, evictions, writebacks;
};

int cache_init(struct ext2_fs *fs, uint32_t npages);
int cache_get(uint32_t ino, struct ext2_inode *in, uint32_t index, bool fill, struct cpage **out);
void cache_dirty(struct cpage *pg);
struct cpage *cache_lookup(uint32_t ino, uint32_t index);
void cache_pin(struct cpage *pg, bool pin, uint16_t owner);
uint32_t cache_pinned_by(uint16_t owner);
int cache_write_page(struct cpage *pg);
int cache_flush_ino(uint32_t ino);
int cache_flush_all(void);
void cache_truncate(uint32_t ino, uint32_t size);
void cache_stats(struct cache_stats *out);

#endif

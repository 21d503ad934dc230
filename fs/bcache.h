/*
 * Write-back cache of file system metadata blocks (pure logic over an
 * ext2_dev). Included only by fs/.
 *
 * A fixed number of block-sized buffers, allocated at creation. bcache_get
 * hands out a buffer pinned (refs > 0); the caller releases it with
 * bcache_put and may not touch it afterwards. Only unpinned buffers are
 * evicted (least recently used first); a dirty victim is written back first.
 * A block that is freed must be dropped with bcache_forget so a stale dirty
 * copy is never written over the block's next owner.
 */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H

#include <stdint.h>

#include "fs/ext2.h"

struct bbuf {
    uint32_t blk;   /* block number; meaningful while valid */
    uint8_t *data;  /* block_size bytes */
    uint32_t refs;  /* pins */
    uint32_t stamp; /* last use, for LRU */
    uint8_t valid, dirty;
};

struct bcache;

int bcache_create(struct bcache **out, const struct ext2_dev *dev, uint32_t bsize, uint32_t nbufs);
int bcache_get(struct bcache *bc, uint32_t blk, struct bbuf **out);
int bcache_get_zero(struct bcache *bc, uint32_t blk, struct bbuf **out);
void bcache_put(struct bcache *bc, struct bbuf *b);
void bcache_dirty(struct bbuf *b);
void bcache_forget(struct bcache *bc, uint32_t blk);
int bcache_sync(struct bcache *bc);
void bcache_destroy(struct bcache *bc);

#endif

/*
 * fs/bcache.c - write-back LRU cache of metadata blocks.
 *
 * Model: nbufs buffers of one block each, allocated at bcache_create. A
 * buffer is free (!valid) or holds block blk, clean or dirty. bcache_get
 * returns the buffer already holding blk, or takes a free buffer, or evicts
 * the least recently used unpinned one (writing it back if dirty) and reads
 * blk into it. Pins are counted; pinned buffers are never evicted, so a
 * caller may hold a few at once (the library never holds more than five).
 *
 * Invariants:
 *  - at most one valid buffer holds any block;
 *  - a dirty buffer is valid and its data is newer than the disk's;
 *  - refs counts bcache_get calls not yet matched by bcache_put.
 *
 * Entry points: bcache_create, bcache_get, bcache_get_zero, bcache_put,
 * bcache_dirty, bcache_forget, bcache_sync, bcache_destroy.
 */
#include "fs/bcache.h"

#include <stdlib.h>
#include <string.h>

#include "kernel/abi/errno.h"

struct bcache {
    struct ext2_dev dev;
    uint32_t bsize;
    uint32_t nbufs;
    uint32_t clock; /* use counter for stamps */
    struct bbuf *bufs;
    uint8_t *mem;
};

/*
 * Make a cache of nbufs buffers of bsize bytes reading and writing dev.
 * Returns 0 and *out, -ENOMEM, -EINVAL for zero buffers.
 */
int
bcache_create(struct bcache **out, const struct ext2_dev *dev, uint32_t bsize, uint32_t nbufs)
{
    struct bcache *bc;

    if (nbufs == 0)
        return -EINVAL;
    bc = calloc(1, sizeof(*bc));
    if (bc == NULL)
        return -ENOMEM;
    bc->bufs = calloc(nbufs, sizeof(*bc->bufs));
    bc->mem = malloc((size_t)nbufs * bsize);
    if (bc->bufs == NULL || bc->mem == NULL) {
        free(bc->bufs);
        free(bc->mem);
        free(bc);
        return -ENOMEM;
    }
    bc->dev = *dev;
    bc->bsize = bsize;
    bc->nbufs = nbufs;
    for (uint32_t i = 0; i < nbufs; i++)
        bc->bufs[i].data = bc->mem + (size_t)i * bsize;
    *out = bc;
    return 0;
}

static int
write_back(struct bcache *bc, struct bbuf *b)
{
    int err;

    if (!b->dirty)
        return 0;
    err = bc->dev.write(bc->dev.ctx, (uint64_t)b->blk * bc->bsize, b->data, bc->bsize);
    if (err < 0)
        return -EIO;
    b->dirty = 0;
    return 0;
}

/* The buffer holding blk, or a buffer made ready for it (not yet filled). */
static int
lookup(struct bcache *bc, uint32_t blk, struct bbuf **out, int *hit)
{
    struct bbuf *victim = NULL;
    int err;

    for (uint32_t i = 0; i < bc->nbufs; i++) {
        struct bbuf *b = &bc->bufs[i];

        if (b->valid && b->blk == blk) {
            *out = b;
            *hit = 1;
            return 0;
        }
        if (b->refs == 0 &&
            (victim == NULL || !b->valid || (victim->valid && b->stamp < victim->stamp)))
            victim = b;
    }
    if (victim == NULL)
        return -ENOMEM; // every buffer pinned: a library bug
    if (victim->valid && (err = write_back(bc, victim)) < 0)
        return err;
    victim->valid = 0;
    victim->blk = blk;
    *out = victim;
    *hit = 0;
    return 0;
}

static void
pin(struct bcache *bc, struct bbuf *b)
{
    b->refs++;
    b->stamp = ++bc->clock;
}

/*
 * Pin block blk's buffer, reading it from the device if it is not cached.
 * Returns 0 and *out, -EIO, -ENOMEM if every buffer is pinned.
 */
int
bcache_get(struct bcache *bc, uint32_t blk, struct bbuf **out)
{
    struct bbuf *b;
    int hit, err;

    if ((err = lookup(bc, blk, &b, &hit)) < 0)
        return err;
    if (!hit) {
        if (bc->dev.read(bc->dev.ctx, (uint64_t)blk * bc->bsize, b->data, bc->bsize) < 0)
            return -EIO;
        b->valid = 1;
        b->dirty = 0;
    }
    pin(bc, b);
    *out = b;
    return 0;
}

/*
 * Pin a buffer for blk filled with zeros and dirty, without reading (for a
 * block just allocated). Returns 0 and *out, -EIO, -ENOMEM.
 */
int
bcache_get_zero(struct bcache *bc, uint32_t blk, struct bbuf **out)
{
    struct bbuf *b;
    int hit, err;

    if ((err = lookup(bc, blk, &b, &hit)) < 0)
        return err;
    memset(b->data, 0, bc->bsize);
    b->valid = 1;
    b->dirty = 1;
    pin(bc, b);
    *out = b;
    return 0;
}

/* Unpin a buffer from bcache_get or bcache_get_zero. */
void
bcache_put(struct bcache *bc, struct bbuf *b)
{
    (void)bc;
    if (b != NULL && b->refs > 0)
        b->refs--;
}

/* Mark a pinned buffer modified: it is written back on eviction or sync. */
void
bcache_dirty(struct bbuf *b)
{
    b->dirty = 1;
}

/* Drop block blk from the cache without writing it (the block was freed). */
void
bcache_forget(struct bcache *bc, uint32_t blk)
{
    for (uint32_t i = 0; i < bc->nbufs; i++) {
        struct bbuf *b = &bc->bufs[i];

        if (b->valid && b->blk == blk && b->refs == 0) {
            b->valid = 0;
            b->dirty = 0;
        }
    }
}

/*
 * Write every dirty buffer back. Returns 0 or -EIO (the others are still
 * attempted; a buffer that failed stays dirty).
 */
int
bcache_sync(struct bcache *bc)
{
    int ret = 0;

    for (uint32_t i = 0; i < bc->nbufs; i++) {
        if (bc->bufs[i].valid && write_back(bc, &bc->bufs[i]) < 0)
            ret = -EIO;
    }
    return ret;
}

/* Free the cache (dirty buffers are lost: sync first). */
void
bcache_destroy(struct bcache *bc)
{
    if (bc == NULL)
        return;
    free(bc->bufs);
    free(bc->mem);
    free(bc);
}

/*
 * fs/inode.c - inodes: reading and writing them, the block map, truncation
 * and freeing.
 *
 * Model: inode ino lives in group (ino - 1) / inodes_per_group at slot
 * (ino - 1) % inodes_per_group of that group's inode table; it is copied in
 * and out of the cached inode table block (only the first 128 bytes; the rest
 * of a larger inode is kept). A file's blocks are found through i_block: 12
 * direct entries, then a single-, a double- and a triple-indirect block, each
 * indirect block holding block_size / 4 block numbers; 0 is a hole at every
 * level. Indirect blocks are metadata (cached); data blocks are not.
 *
 * Invariants kept here:
 *  - i_blocks counts, in 512-byte units, every data and indirect block the
 *    inode references, plus its extended attribute block;
 *  - an allocation either finds every block it needs (checked against the
 *    free count before the first bitmap changes) or changes nothing;
 *  - after a shrink no block, direct or indirect, maps anything at or past
 *    the new end, an indirect block left with no entries is freed too, and
 *    the bytes of the last block past the end are zero on disk;
 *  - only regular files, directories and slow symlinks have a block map:
 *    the i_block of a fast symlink or a device is never read as one.
 *
 * Entry points: ext2_iget, ext2_iput, ext2_bmap, ext2_allocate, ext2_truncate,
 * ext2_touch_atime, ext2_isize; for fs/: ext2_check_ino, ext2_check_blk,
 * ext2_izero, ext2_set_isize, ext2_has_blockmap, ext2_bmap_new, ext2_unmap,
 * ext2_free_from, ext2_free_past_end, ext2_zero_range, ext2_release.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

#define EXTRA_ISIZE_OFF 128 // i_extra_isize in a large inode
#define EXTRA_TIMES_OFF 132 // i_ctime_extra, i_mtime_extra, i_atime_extra
#define EXTRA_TIMES_LEN 12

/* -EINVAL unless 1 <= ino <= s_inodes_count. */
int
ext2_check_ino(const struct ext2_fs *fs, uint32_t ino)
{
    return ino >= 1 && ino <= fs->sb.s_inodes_count ? 0 : -EINVAL;
}

/* -EIO unless blk is a block of the image past the boot block (corrupt map). */
int
ext2_check_blk(const struct ext2_fs *fs, uint32_t blk)
{
    return blk >= fs->sb.s_first_data_block && blk < fs->sb.s_blocks_count && blk != 0 ? 0 : -EIO;
}

/* Pin the inode table block holding ino; *off is the inode's offset in it. */
static int
slot(struct ext2_fs *fs, uint32_t ino, struct bbuf **b, uint32_t *off)
{
    uint32_t g, byte;
    int err;

    if ((err = ext2_check_ino(fs, ino)) < 0)
        return err;
    g = (ino - 1) / fs->ipg;
    byte = (ino - 1) % fs->ipg * fs->isize;
    *off = byte % fs->bsize;
    return bcache_get(fs->bc, fs->gd[g].bg_inode_table + byte / fs->bsize, b);
}

/*
 * Copy inode ino out of its table block. Returns 0, -EINVAL, -EIO.
 */
int
ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out)
{
    struct bbuf *b;
    uint32_t off;
    int err;

    if ((err = slot(fs, ino, &b, &off)) < 0)
        return err;
    memcpy(out, b->data + off, sizeof(*out));
    bcache_put(fs->bc, b);
    return 0;
}

/*
 * Write inode ino back into its (cached) table block. Returns 0, -EINVAL, -EIO.
 */
int
ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in)
{
    struct bbuf *b;
    uint32_t off;
    uint16_t extra;
    int err;

    if ((err = slot(fs, ino, &b, &off)) < 0)
        return err;
    memcpy(b->data + off, in, sizeof(*in));
    if (fs->isize >= EXTRA_TIMES_OFF + EXTRA_TIMES_LEN) {
        // Our times are whole seconds: drop sub-second parts left by others.
        memcpy(&extra, b->data + off + EXTRA_ISIZE_OFF, sizeof(extra));
        if (extra >= EXTRA_TIMES_OFF + EXTRA_TIMES_LEN - EXTRA_ISIZE_OFF)
            memset(b->data + off + EXTRA_TIMES_OFF, 0, EXTRA_TIMES_LEN);
    }
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    return 0;
}

/* Zero the whole on-disk slot of inode ino (a fresh inode). Returns 0, -EINVAL, -EIO. */
int
ext2_izero(struct ext2_fs *fs, uint32_t ino)
{
    struct bbuf *b;
    uint32_t off;
    int err;

    if ((err = slot(fs, ino, &b, &off)) < 0)
        return err;
    memset(b->data + off, 0, fs->isize);
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    return 0;
}

/*
 * The inode's size in bytes (i_size_high counts for regular files).
 */
uint64_t
ext2_isize(const struct ext2_inode *in)
{
    uint64_t size = in->i_size;

    if (EXT2_S_ISREG(in->i_mode))
        size |= (uint64_t)in->i_size_high << 32;
    return size;
}

/* Store size into i_size (and i_size_high for a regular file). */
void
ext2_set_isize(struct ext2_inode *in, uint64_t size)
{
    in->i_size = (uint32_t)size;
    if (EXT2_S_ISREG(in->i_mode))
        in->i_size_high = (uint32_t)(size >> 32);
}

/* Nonzero if in's i_block is a block map (regular file, directory, slow symlink). */
int
ext2_has_blockmap(const struct ext2_fs *fs, const struct ext2_inode *in)
{
    uint32_t acl_units = in->i_file_acl != 0 ? fs->bsize / 512 : 0;

    if (in->i_flags & EXT4_EXTENTS_FL)
        return 0;
    if (EXT2_S_ISREG(in->i_mode) || EXT2_S_ISDIR(in->i_mode))
        return 1;
    return EXT2_S_ISLNK(in->i_mode) && in->i_blocks > acl_units;
}

/*
 * The path to file block fblock: idx[0] is the i_block entry, idx[1..depth]
 * the entries of the indirect blocks below it. -EFBIG past the triple limit.
 */
static int
path_of(const struct ext2_fs *fs, uint32_t fblock, uint32_t idx[4], int *depth)
{
    uint64_t p = fs->ptrs, b = fblock;

    if (b < 12) {
        idx[0] = (uint32_t)b;
        *depth = 0;
        return 0;
    }
    b -= 12;
    if (b < p) {
        idx[0] = 12;
        idx[1] = (uint32_t)b;
        *depth = 1;
        return 0;
    }
    b -= p;
    if (b < p * p) {
        idx[0] = 13;
        idx[1] = (uint32_t)(b / p);
        idx[2] = (uint32_t)(b % p);
        *depth = 2;
        return 0;
    }
    b -= p * p;
    if (b < p * p * p) {
        idx[0] = 14;
        idx[1] = (uint32_t)(b / (p * p));
        idx[2] = (uint32_t)(b / p % p);
        idx[3] = (uint32_t)(b % p);
        *depth = 3;
        return 0;
    }
    return -EFBIG;
}

/* Entry i of indirect block blk. */
static int
read_entry(struct ext2_fs *fs, uint32_t blk, uint32_t i, uint32_t *out)
{
    struct bbuf *b;
    int err;

    if ((err = ext2_check_blk(fs, blk)) < 0)
        return err;
    if ((err = bcache_get(fs->bc, blk, &b)) < 0)
        return err;
    memcpy(out, b->data + 4 * i, 4);
    bcache_put(fs->bc, b);
    return 0;
}

/* Set entry i of indirect block blk to val. */
static int
write_entry(struct ext2_fs *fs, uint32_t blk, uint32_t i, uint32_t val)
{
    struct bbuf *b;
    int err;

    if ((err = bcache_get(fs->bc, blk, &b)) < 0)
        return err;
    memcpy(b->data + 4 * i, &val, 4);
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    return 0;
}

/*
 * The chain of blocks leading to fblock: chain[0..depth-1] indirect blocks,
 * chain[depth] the data block; the first 0 ends it (the rest are set to 0).
 */
static int
walk(struct ext2_fs *fs, const struct ext2_inode *in, const uint32_t idx[4], int depth,
     uint32_t chain[4])
{
    int err;

    memset(chain, 0, 4 * sizeof(chain[0]));
    chain[0] = in->i_block[idx[0]];
    for (int l = 1; l <= depth && chain[l - 1] != 0; l++) {
        if ((err = read_entry(fs, chain[l - 1], idx[l], &chain[l])) < 0)
            return err;
    }
    if (chain[depth] != 0 && (err = ext2_check_blk(fs, chain[depth])) < 0)
        return err;
    return 0;
}

/*
 * Map file block fblock, allocating the data block and missing indirect blocks
 * (zeroed, in the cache) if it is a hole; *fresh says the data block is new
 * (its contents are stale: the caller zeroes or overwrites it). Updates
 * in->i_block and in->i_blocks; the caller iputs. Returns 0, -ENOSPC (nothing
 * allocated), -EFBIG, -EINVAL (no block map), -EIO.
 */
int
ext2_bmap_new(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t fblock,
              uint32_t *pblock, int *fresh)
{
    uint32_t idx[4], chain[4], goal;
    int depth, first, err;

    *fresh = 0;
    if (!ext2_has_blockmap(fs, in))
        return -EINVAL;
    if ((uint64_t)fblock * fs->bsize > EXT2_MAX_FILE_SIZE)
        return -EFBIG;
    if ((err = path_of(fs, fblock, idx, &depth)) < 0)
        return err;
    if ((err = walk(fs, in, idx, depth, chain)) < 0)
        return err;
    for (first = 0; first <= depth && chain[first] != 0; first++)
        ;
    if (first > depth) {
        *pblock = chain[depth];
        return 0;
    }
    if (ext2_blocks_avail(fs) < (uint32_t)(depth + 1 - first))
        return -ENOSPC; // all or nothing, the reserved blocks counted out for most users
    if (first > 0)
        goal = chain[first - 1] + 1;
    else if (idx[0] > 0 && idx[0] < 12 && in->i_block[idx[0] - 1] != 0)
        goal = in->i_block[idx[0] - 1] + 1;
    else
        goal = fs->sb.s_first_data_block + (ino - 1) / fs->ipg * fs->bpg;
    for (int l = first; l <= depth; l++) {
        uint32_t nb;

        if ((err = ext2_balloc(fs, goal, &nb)) < 0)
            return err;
        if (l < depth) {
            struct bbuf *b;

            if ((err = bcache_get_zero(fs->bc, nb, &b)) < 0)
                return err;
            bcache_put(fs->bc, b);
        }
        if (l == 0)
            in->i_block[idx[0]] = nb;
        else if ((err = write_entry(fs, chain[l - 1], idx[l], nb)) < 0)
            return err;
        in->i_blocks += fs->bsize / 512;
        chain[l] = nb;
        goal = nb + 1;
    }
    *pblock = chain[depth];
    *fresh = 1;
    return 0;
}

/* Write zeros over data block blk on the device. */
static int
zero_block(struct ext2_fs *fs, uint32_t blk)
{
    memset(fs->scratch, 0, fs->bsize);
    if (fs->dev.write(fs->dev.ctx, (uint64_t)blk * fs->bsize, fs->scratch, fs->bsize) < 0)
        return -EIO;
    return 0;
}

/*
 * Map (with alloc: fill) file block fblock of inode ino to a disk block. Returns
 * 0, -EFBIG, -ENOSPC, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t fblock, int alloc,
          uint32_t *pblock)
{
    uint32_t idx[4], chain[4];
    int depth, fresh, err;

    if ((err = ext2_check_ino(fs, ino)) < 0)
        return err;
    if (alloc) {
        if ((err = ext2_bmap_new(fs, ino, in, fblock, pblock, &fresh)) < 0)
            return err;
        if (fresh && (err = zero_block(fs, *pblock)) < 0) {
            ext2_unmap(fs, in, fblock); // its contents are unknown: back to a hole
            return err;
        }
        return 0;
    }
    if (!ext2_has_blockmap(fs, in))
        return -EINVAL;
    if ((err = path_of(fs, fblock, idx, &depth)) < 0)
        return err;
    if ((err = walk(fs, in, idx, depth, chain)) < 0)
        return err;
    *pblock = chain[depth];
    return 0;
}

/* Give back one block referenced by in and clear the reference *slot. */
static int
drop_block(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *slot)
{
    int err;

    if ((err = ext2_bfree(fs, *slot)) < 0)
        return err;
    *slot = 0;
    in->i_blocks -= fs->bsize / 512;
    return 0;
}

/*
 * Unmap and free the data block of file block fblock, if mapped, and every
 * indirect block on its path left mapping nothing. Updates in->i_block, the
 * indirect blocks and in->i_blocks; the caller iputs. Returns 0, -EFBIG, -EIO.
 */
int
ext2_unmap(struct ext2_fs *fs, struct ext2_inode *in, uint32_t fblock)
{
    uint32_t idx[4], chain[4];
    int depth, err;

    if ((err = path_of(fs, fblock, idx, &depth)) < 0)
        return err;
    if ((err = walk(fs, in, idx, depth, chain)) < 0)
        return err;
    if (chain[depth] == 0)
        return 0;
    for (int l = depth; l >= 1; l--) {
        struct bbuf *b;
        int empty = 1;

        if ((err = ext2_bfree(fs, chain[l])) < 0)
            return err;
        in->i_blocks -= fs->bsize / 512;
        if ((err = bcache_get(fs->bc, chain[l - 1], &b)) < 0)
            return err;
        memset(b->data + 4 * idx[l], 0, 4);
        bcache_dirty(b);
        for (uint32_t i = 0; i < fs->ptrs && empty; i++)
            empty = ((uint32_t *)b->data)[i] == 0;
        bcache_put(fs->bc, b);
        if (!empty)
            return 0;
    }
    return drop_block(fs, in, &in->i_block[idx[0]]);
}

/*
 * Free what the subtree below *slot maps from its file block first on
 * (relative to the subtree; level 0 is a data block, level n an n-fold
 * indirect block). The indirect block itself goes if first is 0 or nothing
 * is left in it.
 */
static int
free_tree(struct ext2_fs *fs, struct ext2_inode *in, uint32_t *slot, int level, uint64_t first)
{
    uint64_t span = 1;
    struct bbuf *b;
    uint32_t *ent;
    int err = 0, empty = 1;

    if (*slot == 0)
        return 0;
    if ((err = ext2_check_blk(fs, *slot)) < 0)
        return err;
    if (level == 0)
        return drop_block(fs, in, slot);
    for (int l = 1; l < level; l++)
        span *= fs->ptrs;
    if ((err = bcache_get(fs->bc, *slot, &b)) < 0)
        return err;
    ent = (uint32_t *)b->data;
    for (uint64_t i = first / span; i < fs->ptrs && err == 0; i++) {
        if (ent[i] != 0) {
            err = free_tree(fs, in, &ent[i], level - 1, i == first / span ? first % span : 0);
            bcache_dirty(b);
        }
    }
    for (uint32_t i = 0; i < fs->ptrs && empty; i++)
        empty = ent[i] == 0;
    bcache_put(fs->bc, b);
    if (err < 0)
        return err;
    return empty ? drop_block(fs, in, slot) : 0;
}

/*
 * Free every block (data and indirect) that maps file block first or later.
 * Updates in->i_block and in->i_blocks; the caller iputs. Returns 0, -EIO.
 */
int
ext2_free_from(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t first)
{
    uint64_t base = 12, span = 1;
    int err;

    (void)ino;
    for (uint32_t i = first; i < 12; i++) {
        if ((err = free_tree(fs, in, &in->i_block[i], 0, 0)) < 0)
            return err;
    }
    for (int level = 1; level <= 3; level++) {
        span *= fs->ptrs;
        if (first < base + span) {
            uint64_t rel = first > base ? first - base : 0;

            if ((err = free_tree(fs, in, &in->i_block[11 + level], level, rel)) < 0)
                return err;
        }
        base += span;
    }
    return 0;
}

/* Zero bytes [from, to) of the file on disk where blocks are mapped (holes stay). */
int
ext2_zero_range(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t from, uint64_t to)
{
    while (from < to) {
        uint32_t fb = (uint32_t)(from / fs->bsize), boff = (uint32_t)(from % fs->bsize);
        uint32_t chunk = fs->bsize - boff;
        uint64_t at;
        uint32_t p;
        int err;

        if (chunk > to - from)
            chunk = (uint32_t)(to - from);
        if ((err = ext2_bmap(fs, ino, in, fb, 0, &p)) < 0)
            return err;
        if (p != 0) {
            at = (uint64_t)p * fs->bsize;
            if (fs->dev.read(fs->dev.ctx, at, fs->scratch, fs->bsize) < 0)
                return -EIO;
            memset(fs->scratch + boff, 0, chunk);
            if (fs->dev.write(fs->dev.ctx, at, fs->scratch, fs->bsize) < 0)
                return -EIO;
        }
        from += chunk;
    }
    return 0;
}

/* End of the block holding byte pos - 1 (pos rounded up to a block). */
static uint64_t
round_up(const struct ext2_fs *fs, uint64_t pos)
{
    return (pos + fs->bsize - 1) / fs->bsize * fs->bsize;
}

/*
 * Fill the holes of [pos, pos + n) of file ino with zeroed blocks. Returns 0,
 * -ENOSPC, -EFBIG, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_allocate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t pos, uint32_t n)
{
    uint32_t pblock;
    int err = 0;

    if (n == 0)
        return 0;
    if (pos >= EXT2_MAX_FILE_SIZE || n > EXT2_MAX_FILE_SIZE - pos)
        return -EFBIG;
    for (uint32_t b = pos / fs->bsize; b <= (pos + n - 1) / fs->bsize; b++) {
        if ((err = ext2_bmap(fs, ino, in, b, 1, &pblock)) < 0)
            break;
    }
    if (err < 0) // no block may stay mapped past the end (e2fsck's complaint)
        (void)ext2_free_past_end(fs, ino, in);
    return err;
}

/*
 * Free every block (data and indirect) mapped past the end of the file (a
 * write that allocated ahead and then failed). Updates *in; the caller
 * iputs. Returns 0, -EIO.
 */
int
ext2_free_past_end(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    return ext2_free_from(fs, ino, in, (uint32_t)(round_up(fs, ext2_isize(in)) / fs->bsize));
}

/*
 * Set regular file ino's size, freeing blocks past a smaller one. Returns 0,
 * -EFBIG, -EISDIR, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size)
{
    struct ext2_inode in;
    uint64_t old;
    int err;

    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in.i_mode))
        return -EISDIR;
    if (!EXT2_S_ISREG(in.i_mode) || (in.i_links_count == 0 && in.i_dtime >= fs->sb.s_inodes_count))
        return -EINVAL; // a freed inode (an orphan's i_dtime is an inode number)
    if (size > EXT2_MAX_FILE_SIZE)
        return -EFBIG;
    old = ext2_isize(&in);
    if (size < old) {
        err = ext2_free_from(fs, ino, &in, (uint32_t)(round_up(fs, size) / fs->bsize));
        if (err == 0)
            err = ext2_zero_range(fs, ino, &in, size, round_up(fs, size));
    } else if (size > old) {
        // The old last block's tail should be zero already; make sure.
        uint64_t end = round_up(fs, old);

        err = ext2_zero_range(fs, ino, &in, old, end < size ? end : size);
    }
    ext2_set_isize(&in, size);
    in.i_mtime = in.i_ctime = ext2_now(fs);
    if (ext2_iput(fs, ino, &in) < 0)
        return -EIO;
    return err;
}

/* Drop the inode's reference to its extended attribute block. */
static int
release_xattr(struct ext2_fs *fs, struct ext2_inode *in)
{
    struct bbuf *b;
    uint32_t magic, refs;
    int err;

    if (in->i_file_acl == 0)
        return 0;
    if ((err = ext2_check_blk(fs, in->i_file_acl)) < 0)
        return err;
    if ((err = bcache_get(fs->bc, in->i_file_acl, &b)) < 0)
        return err;
    memcpy(&magic, b->data, 4);
    memcpy(&refs, b->data + 4, 4);
    if (magic != EXT2_XATTR_MAGIC) {
        bcache_put(fs->bc, b);
        return -EIO;
    }
    if (refs > 1) {
        refs--;
        memcpy(b->data + 4, &refs, 4);
        bcache_dirty(b);
        bcache_put(fs->bc, b);
        in->i_file_acl = 0;
        in->i_blocks -= fs->bsize / 512;
        return 0;
    }
    bcache_put(fs->bc, b);
    return drop_block(fs, in, &in->i_file_acl);
}

/*
 * Free inode ino, whose link count has reached 0: its blocks, its extended
 * attribute block, then the inode itself (i_dtime set, size 0). Returns 0,
 * -EIO (the inode may be half freed then).
 */
int
ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int err;

    if (ext2_has_blockmap(fs, in) && (err = ext2_free_from(fs, ino, in, 0)) < 0)
        return err;
    if ((err = release_xattr(fs, in)) < 0)
        return err;
    in->i_links_count = 0;
    in->i_dtime = ext2_now(fs);
    if (ext2_has_blockmap(fs, in) || EXT2_S_ISREG(in->i_mode) || EXT2_S_ISDIR(in->i_mode))
        ext2_set_isize(in, 0);
    if ((err = ext2_iput(fs, ino, in)) < 0)
        return err;
    return ext2_ifree(fs, ino, EXT2_S_ISDIR(in->i_mode));
}

/*
 * Set inode ino's atime to now. Returns 0, -EINVAL, -EIO.
 */
int
ext2_touch_atime(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode in;
    uint32_t now = ext2_now(fs);
    int err;

    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (in.i_atime == now)
        return 0;
    in.i_atime = now;
    return ext2_iput(fs, ino, &in);
}

/*
 * fs/balloc.c - block and inode allocation through the group bitmaps.
 *
 * Model: group g owns blocks first_data_block + g * blocks_per_group onwards
 * (the last group may be short) and inodes g * inodes_per_group + 1 onwards;
 * bit i of its block (inode) bitmap is set while that block (inode) is in
 * use. Allocation scans the goal's group from the goal on, then wraps through
 * the other groups in order, skipping groups whose descriptor says they are
 * full. Every change of a bit updates, in the same call, the group's free
 * count (and used_dirs for directory inodes) and the superblock's total, so
 * the counts stay exact (super.c writes them at sync).
 *
 * Reserved blocks (as Linux's ext2_has_free_blocks): the last
 * s_r_blocks_count free blocks are the reserved user's (s_def_resuid, or
 * group s_def_resgid when that is not 0). fs->uid and fs->gid say who
 * allocates now (ext2_set_user; mount starts as the reserved user);
 * ext2_blocks_avail is what that user may take, and ext2_balloc and the
 * block map's up-front check (inode.c) go by it, so nobody else can take the
 * reserve and a refusal still changes nothing.
 *
 * A freed block is dropped from the metadata cache so that a stale dirty copy
 * (an old directory or indirect block) can never be written over its next
 * owner's data. Freeing a bit that is already clear reports -EIO (the image
 * is corrupt) and changes nothing.
 *
 * Entry points: ext2_set_user (public, fs/ext2.h); for fs/ only:
 * ext2_blocks_avail, ext2_balloc, ext2_bfree, ext2_ialloc, ext2_ifree.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

/* First clear bit in [from, to) of map, or -1. */
static int64_t
find_zero(const uint8_t *map, uint32_t from, uint32_t to)
{
    uint32_t i = from;

    while (i < to) {
        if ((i & 7) == 0 && map[i >> 3] == 0xff) {
            i += 8;
            continue;
        }
        if (!(map[i >> 3] & (1u << (i & 7))))
            return i;
        i++;
    }
    return -1;
}

/* Claim the first clear bit of the bitmap in block bmblk within [from, to), else -ENOSPC. */
static int
claim(struct ext2_fs *fs, uint32_t bmblk, uint32_t from, uint32_t to, uint32_t *bit)
{
    struct bbuf *b;
    int64_t i;
    int err;

    if ((err = bcache_get(fs->bc, bmblk, &b)) < 0)
        return err;
    i = find_zero(b->data, from, to);
    if (i < 0 && from > 0)
        i = find_zero(b->data, 0, from);
    if (i < 0) {
        bcache_put(fs->bc, b);
        return -ENOSPC;
    }
    b->data[i >> 3] |= (uint8_t)(1u << (i & 7));
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    *bit = (uint32_t)i;
    return 0;
}

/* Clear bit in the bitmap in block bmblk; -EIO if it was clear. */
static int
release(struct ext2_fs *fs, uint32_t bmblk, uint32_t bit)
{
    struct bbuf *b;
    int err;

    if ((err = bcache_get(fs->bc, bmblk, &b)) < 0)
        return err;
    if (!(b->data[bit >> 3] & (1u << (bit & 7)))) {
        bcache_put(fs->bc, b);
        return -EIO;
    }
    b->data[bit >> 3] &= (uint8_t) ~(1u << (bit & 7));
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    return 0;
}

/*
 * Who allocates from now on (fs/ext2.h): the reserve is theirs only if they
 * are the reserved user or in the reserved group.
 */
void
ext2_set_user(struct ext2_fs *fs, uint16_t uid, uint16_t gid)
{
    fs->uid = uid;
    fs->gid = gid;
}

/*
 * Free blocks the current user (fs->uid, fs->gid) may take: all of them for
 * the reserved user, the free ones past s_r_blocks_count for anyone else.
 */
uint32_t
ext2_blocks_avail(const struct ext2_fs *fs)
{
    uint32_t free = fs->sb.s_free_blocks_count, reserved = fs->sb.s_r_blocks_count;

    if (fs->uid == fs->sb.s_def_resuid ||
        (fs->sb.s_def_resgid != 0 && fs->gid == fs->sb.s_def_resgid))
        return free;
    return free > reserved ? free - reserved : 0;
}

/*
 * Allocate one block, as close after goal as the bitmaps allow (goal's group
 * first, then the following groups). Its contents are whatever the disk
 * holds. Returns 0 and *blk, -ENOSPC (none free, or only the reserve and
 * the current user is not its user), -EIO.
 */
int
ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
    uint32_t fdb = fs->sb.s_first_data_block;
    uint32_t g0, start, bit;
    int err;

    if (ext2_blocks_avail(fs) == 0)
        return -ENOSPC;
    if (goal < fdb || goal >= fs->sb.s_blocks_count)
        goal = fdb;
    g0 = (goal - fdb) / fs->bpg;
    start = (goal - fdb) % fs->bpg;
    for (uint32_t i = 0; i < fs->ngroups; i++) {
        uint32_t g = (g0 + i) % fs->ngroups;
        struct ext2_gd *gd = &fs->gd[g];

        if (gd->bg_free_blocks_count == 0)
            continue;
        err = claim(fs, gd->bg_block_bitmap, i == 0 ? start : 0, ext2_group_blocks(fs, g), &bit);
        if (err == -ENOSPC)
            continue; // descriptor and bitmap disagree: look elsewhere
        if (err < 0)
            return err;
        gd->bg_free_blocks_count--;
        fs->sb.s_free_blocks_count--;
        fs->gdt_dirty = 1;
        *blk = fdb + g * fs->bpg + bit;
        return 0;
    }
    return -ENOSPC;
}

/* Free block blk (and forget any cached copy). Returns 0, -EIO (out of range, not in use). */
int
ext2_bfree(struct ext2_fs *fs, uint32_t blk)
{
    uint32_t fdb = fs->sb.s_first_data_block;
    uint32_t g;
    int err;

    if (blk < fdb || blk >= fs->sb.s_blocks_count)
        return -EIO;
    g = (blk - fdb) / fs->bpg;
    if ((err = release(fs, fs->gd[g].bg_block_bitmap, (blk - fdb) % fs->bpg)) < 0)
        return err;
    bcache_forget(fs->bc, blk);
    fs->gd[g].bg_free_blocks_count++;
    fs->sb.s_free_blocks_count++;
    fs->gdt_dirty = 1;
    return 0;
}

/*
 * Free inodes the current user may take. ext2 reserves blocks only; the
 * same share of the inodes (s_r_blocks_count of s_blocks_count) is kept
 * for the reserved user too, so no other owner can take the last inode the
 * system owner needs to create a file (DESIGN §5).
 */
static uint32_t
inodes_avail(const struct ext2_fs *fs)
{
    uint32_t free = fs->sb.s_free_inodes_count;
    uint32_t reserved = fs->sb.s_blocks_count
                            ? (uint32_t)((uint64_t)fs->sb.s_inodes_count * fs->sb.s_r_blocks_count /
                                         fs->sb.s_blocks_count)
                            : 0;

    if (fs->uid == fs->sb.s_def_resuid ||
        (fs->sb.s_def_resgid != 0 && fs->gid == fs->sb.s_def_resgid))
        return free;
    return free > reserved ? free - reserved : 0;
}

/*
 * Allocate an inode, preferring the group of inode parent, and zero its
 * on-disk slot. dir says it will be a directory (used_dirs). Inodes below
 * s_first_ino are never handed out. Returns 0 and *ino, -ENOSPC (none
 * free, or only the reserved share and the current user is not its user),
 * -EIO.
 */
int
ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino)
{
    uint32_t g0 = (parent - 1) / fs->ipg;
    uint32_t bit;
    int err;

    if (inodes_avail(fs) == 0)
        return -ENOSPC;

    if (g0 >= fs->ngroups)
        g0 = 0;
    for (uint32_t i = 0; i < fs->ngroups; i++) {
        uint32_t g = (g0 + i) % fs->ngroups;
        struct ext2_gd *gd = &fs->gd[g];
        uint32_t from = 0;

        if (gd->bg_free_inodes_count == 0)
            continue;
        if (g == 0)
            from = fs->sb.s_first_ino - 1; // reserved inodes stay reserved
        err = claim(fs, gd->bg_inode_bitmap, from, fs->ipg, &bit);
        if (err == 0 && g == 0 && bit < from) {
            release(fs, gd->bg_inode_bitmap, bit); // wrapped into the reserved range
            err = -ENOSPC;
        }
        if (err == -ENOSPC)
            continue;
        if (err < 0)
            return err;
        gd->bg_free_inodes_count--;
        fs->sb.s_free_inodes_count--;
        if (dir)
            gd->bg_used_dirs_count++;
        fs->gdt_dirty = 1;
        *ino = g * fs->ipg + bit + 1;
        return ext2_izero(fs, *ino);
    }
    return -ENOSPC;
}

/* Free inode ino (dir: it was a directory). Returns 0, -EINVAL bad ino, -EIO not in use. */
int
ext2_ifree(struct ext2_fs *fs, uint32_t ino, int dir)
{
    uint32_t g;
    int err;

    if ((err = ext2_check_ino(fs, ino)) < 0)
        return err;
    g = (ino - 1) / fs->ipg;
    if ((err = release(fs, fs->gd[g].bg_inode_bitmap, (ino - 1) % fs->ipg)) < 0)
        return err;
    fs->gd[g].bg_free_inodes_count++;
    fs->sb.s_free_inodes_count++;
    if (dir && fs->gd[g].bg_used_dirs_count > 0)
        fs->gd[g].bg_used_dirs_count--;
    fs->gdt_dirty = 1;
    return 0;
}

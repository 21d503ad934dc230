/*
 * fs/super.c - mounting, syncing and unmounting an ext2 revision 1 image.
 *
 * Model: the superblock (1 KiB at byte 1024) and the whole group descriptor
 * table (the blocks after the superblock's block) are read at mount and kept
 * in memory for the life of the mount; every other metadata block goes
 * through the block cache (fs/bcache.c). ext2_sync writes the cache, then the
 * descriptor table if it changed, then the superblock, then flushes the
 * device. As Linux does, the superblock is marked not clean (EXT2_VALID_FS
 * cleared) by every sync while mounted and gets the state mount found back at
 * unmount, so an image cut off mid-use is checked by e2fsck -p. Backup
 * superblocks and descriptor tables are left alone (their free counts are
 * not meaningful, as with Linux).
 *
 * Invariants (kept by balloc.c): each descriptor's free block and inode counts
 * equal the zero bits of its bitmaps, used_dirs counts its directories, and
 * the superblock's free counts are the sums over all groups.
 *
 * Entry points: ext2_mount, ext2_sync, ext2_unmount, ext2_block_size,
 * ext2_statfs; ext2_group_blocks for the other files.
 */
#include <stdlib.h>
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

/* Blocks in group g (the last group may be short). */
uint32_t
ext2_group_blocks(const struct ext2_fs *fs, uint32_t g)
{
    uint32_t start = fs->sb.s_first_data_block + g * fs->bpg;
    uint32_t left = fs->sb.s_blocks_count - start;

    return left < fs->bpg ? left : fs->bpg;
}

/* The superblock's geometry and features, checked before anything is allocated. */
static int
check_super(const struct ext2_super *sb)
{
    uint32_t bsize, isize, ngroups;

    if (sb->s_magic != EXT2_MAGIC || sb->s_rev_level != EXT2_DYNAMIC_REV)
        return -EINVAL;
    if (sb->s_feature_incompat & ~(uint32_t)EXT2_SUPPORTED_INCOMPAT)
        return -EINVAL;
    if (sb->s_feature_ro_compat & ~(uint32_t)EXT2_SUPPORTED_RO_COMPAT)
        return -EINVAL;
    if (sb->s_log_block_size > 2)
        return -EINVAL;
    bsize = 1024u << sb->s_log_block_size;
    isize = sb->s_inode_size;
    if (isize < EXT2_GOOD_OLD_INODE_SIZE || isize > bsize || (isize & (isize - 1)) != 0)
        return -EINVAL;
    if (sb->s_first_data_block != (bsize == 1024 ? 1u : 0u))
        return -EINVAL;
    if (sb->s_blocks_per_group == 0 || sb->s_blocks_per_group > 8 * bsize ||
        sb->s_inodes_per_group == 0 || sb->s_inodes_per_group > 8 * bsize ||
        (sb->s_inodes_per_group * isize) % bsize != 0)
        return -EINVAL;
    if (sb->s_blocks_count <= sb->s_first_data_block)
        return -EINVAL;
    ngroups = (sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1) /
              sb->s_blocks_per_group;
    if (ngroups > EXT2_MAX_GROUPS ||
        (uint64_t)ngroups * sb->s_inodes_per_group != sb->s_inodes_count)
        return -EINVAL;
    if (sb->s_first_ino <= EXT2_ROOT_INO || sb->s_first_ino > sb->s_inodes_count)
        return -EINVAL;
    return 0;
}

/* Every group's bitmaps and inode table lie inside the image. */
static int
check_groups(const struct ext2_fs *fs)
{
    uint32_t itable_blocks = fs->ipg * fs->isize / fs->bsize;

    for (uint32_t g = 0; g < fs->ngroups; g++) {
        const struct ext2_gd *gd = &fs->gd[g];

        if (gd->bg_block_bitmap >= fs->sb.s_blocks_count ||
            gd->bg_inode_bitmap >= fs->sb.s_blocks_count ||
            gd->bg_inode_table >= fs->sb.s_blocks_count ||
            fs->sb.s_blocks_count - gd->bg_inode_table < itable_blocks)
            return -EINVAL;
    }
    return 0;
}

/*
 * Check and mount the image on dev. Returns 0 and *out, -EINVAL, -EIO, -ENOMEM
 * (full contract in fs/ext2.h).
 */
int
ext2_mount(struct ext2_fs **out, const struct ext2_dev *dev)
{
    struct ext2_fs *fs;
    int err;

    fs = calloc(1, sizeof(*fs));
    if (fs == NULL)
        return -ENOMEM;
    fs->dev = *dev;
    if (dev->read(dev->ctx, EXT2_SB_OFFSET, &fs->sb, EXT2_SB_SIZE) < 0) {
        err = -EIO;
        goto fail;
    }
    if ((err = check_super(&fs->sb)) < 0)
        goto fail;
    fs->bsize = 1024u << fs->sb.s_log_block_size;
    fs->ptrs = fs->bsize / 4;
    fs->isize = fs->sb.s_inode_size;
    fs->ipg = fs->sb.s_inodes_per_group;
    fs->bpg = fs->sb.s_blocks_per_group;
    fs->ngroups = fs->sb.s_inodes_count / fs->ipg;
    fs->filetype = (fs->sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
    fs->gdt_blocks = (fs->ngroups * (uint32_t)sizeof(struct ext2_gd) + fs->bsize - 1) / fs->bsize;
    fs->gdt_raw = malloc((size_t)fs->gdt_blocks * fs->bsize);
    fs->scratch = malloc(fs->bsize);
    if (fs->gdt_raw == NULL || fs->scratch == NULL) {
        err = -ENOMEM;
        goto fail;
    }
    if (dev->read(dev->ctx, (uint64_t)(fs->sb.s_first_data_block + 1) * fs->bsize, fs->gdt_raw,
                  fs->gdt_blocks * fs->bsize) < 0) {
        err = -EIO;
        goto fail;
    }
    fs->gd = (struct ext2_gd *)fs->gdt_raw;
    if ((err = check_groups(fs)) < 0)
        goto fail;
    if ((err = bcache_create(&fs->bc, dev, fs->bsize, EXT2_BCACHE_BUFS)) < 0)
        goto fail;
    fs->uid = fs->sb.s_def_resuid; // until told otherwise: the reserve is usable
    fs->gid = fs->sb.s_def_resgid;
    fs->mount_state = fs->sb.s_state;
    fs->sb.s_mnt_count++;
    fs->sb.s_mtime = ext2_now(fs);
    if ((err = ext2_orphans_cleanup(fs)) < 0) {
        bcache_destroy(fs->bc);
        goto fail;
    }
    *out = fs;
    return 0;

fail:
    free(fs->scratch);
    free(fs->gdt_raw);
    free(fs);
    return err;
}

/* Write everything back with the superblock's state set to state. */
static int
sync_state(struct ext2_fs *fs, uint16_t state)
{
    int ret = bcache_sync(fs->bc);

    if (fs->gdt_dirty) {
        if (fs->dev.write(fs->dev.ctx, (uint64_t)(fs->sb.s_first_data_block + 1) * fs->bsize,
                          fs->gdt_raw, fs->gdt_blocks * fs->bsize) < 0)
            ret = -EIO;
        else
            fs->gdt_dirty = 0;
    }
    fs->sb.s_state = state;
    fs->sb.s_wtime = ext2_now(fs);
    if (fs->dev.write(fs->dev.ctx, EXT2_SB_OFFSET, &fs->sb, EXT2_SB_SIZE) < 0)
        ret = -EIO;
    if (fs->dev.flush != NULL && fs->dev.flush(fs->dev.ctx) < 0)
        ret = -EIO;
    return ret;
}

/*
 * Write all metadata back (superblock marked in use), then flush. Returns 0,
 * -EIO.
 */
int
ext2_sync(struct ext2_fs *fs)
{
    return sync_state(fs, (uint16_t)(fs->mount_state & ~EXT2_VALID_FS));
}

/*
 * Sync with the clean state restored, then free fs. Returns 0, -EIO.
 */
int
ext2_unmount(struct ext2_fs *fs)
{
    int ret;

    if (fs == NULL)
        return 0;
    ret = sync_state(fs, fs->mount_state);
    bcache_destroy(fs->bc);
    free(fs->scratch);
    free(fs->gdt_raw);
    free(fs);
    return ret;
}

/*
 * Block size in bytes.
 */
uint32_t
ext2_block_size(const struct ext2_fs *fs)
{
    return fs->bsize;
}

/*
 * Totals and free counts. Returns 0.
 */
int
ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *out)
{
    out->block_size = fs->bsize;
    out->blocks = fs->sb.s_blocks_count;
    out->free_blocks = fs->sb.s_free_blocks_count;
    out->reserved_blocks = fs->sb.s_r_blocks_count;
    out->inodes = fs->sb.s_inodes_count;
    out->free_inodes = fs->sb.s_free_inodes_count;
    return 0;
}

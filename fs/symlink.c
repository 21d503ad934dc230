/*
 * fs/symlink.c - symbolic links as Linux's ext2 keeps them: making one,
 * reading its target.
 *
 * A target is 1..EXT2_SYMLINK_MAX bytes without NUL, and shorter than a
 * block. One shorter than EXT2_FAST_SYMLINK_MAX (60) bytes is a *fast*
 * symlink: its bytes live in i_block itself (NUL-padded, i_blocks 0, no
 * block map). A longer one is a *slow* symlink: one data block, i_block[0],
 * holding the target and zeros after it (i_blocks one block's worth), so
 * e2fsck finds strnlen of the block equal to i_size. The target is stored
 * as given: it is not a path of ours to check, only bytes that resolution
 * (fs/resolve.c) reads again. Freeing either kind is ext2_release's
 * (fs/inode.c): only a slow one has a block map.
 *
 * Entry points: ext2_symlink, ext2_readlink.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

/* Put the target of a slow symlink into a fresh zeroed block of its own. */
static int
write_slow_target(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, const char *target,
                  size_t len)
{
    uint32_t blk, goal = fs->sb.s_first_data_block + (ino - 1) / fs->ipg * fs->bpg;
    struct bbuf *b;
    int err;

    if ((err = ext2_balloc(fs, goal, &blk)) < 0)
        return err;
    if ((err = bcache_get_zero(fs->bc, blk, &b)) < 0) {
        ext2_bfree(fs, blk);
        return err;
    }
    memcpy(b->data, target, len);
    bcache_dirty(b);
    bcache_put(fs->bc, b);
    in->i_block[0] = blk;
    in->i_blocks = fs->bsize / 512;
    return 0;
}

/*
 * Make name in directory dir a symbolic link to target. Returns 0 and *ino
 * (may be NULL), or the errors listed in fs/ext2.h.
 */
int
ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target, uint16_t uid,
             uint16_t gid, uint32_t *ino_out)
{
    struct ext2_inode din, in;
    uint32_t ino, old, now;
    size_t len = 0, tlen = 0;
    int err;

    if ((err = ext2_check_name(name, &len)) < 0)
        return err;
    while (tlen <= EXT2_SYMLINK_MAX && target[tlen] != '\0')
        tlen++;
    if (tlen == 0)
        return -ENOENT; // as Linux: an empty target names nothing
    if (tlen > EXT2_SYMLINK_MAX || tlen >= fs->bsize)
        return -ENAMETOOLONG;
    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return -EEXIST;
    err = ext2_dir_find(fs, dir, name, len, &old);
    if (err == 0)
        return -EEXIST;
    if (err != -ENOENT)
        return err;
    if (tlen >= EXT2_FAST_SYMLINK_MAX && ext2_blocks_avail(fs) < 1)
        return -ENOSPC; // checked before the inode is taken
    if ((err = ext2_ialloc(fs, dir, 0, &ino)) < 0)
        return err;
    memset(&in, 0, sizeof(in));
    now = ext2_now(fs);
    in.i_mode = EXT2_S_IFLNK | 0777;
    in.i_uid = uid;
    in.i_gid = gid;
    in.i_atime = in.i_ctime = in.i_mtime = now;
    in.i_links_count = 1;
    in.i_size = (uint32_t)tlen;
    if (tlen < EXT2_FAST_SYMLINK_MAX)
        memcpy(in.i_block, target, tlen); // the rest of i_block stays zero
    else if ((err = write_slow_target(fs, ino, &in, target, tlen)) < 0)
        goto free_inode;
    if ((err = ext2_iput(fs, ino, &in)) < 0)
        goto free_blocks;
    if ((err = ext2_dir_add(fs, dir, &din, name, len, ino, in.i_mode)) < 0)
        goto free_blocks;
    if (ino_out != NULL)
        *ino_out = ino;
    return 0;

free_blocks:
    if (in.i_blocks)
        ext2_free_from(fs, ino, &in, 0);
free_inode:
    ext2_izero(fs, ino);
    ext2_ifree(fs, ino, 0);
    return err;
}

/*
 * Copy the target of symlink ino into buf (size bytes; not NUL-terminated
 * when it fills buf, as POSIX's readlink). Returns the bytes copied, or the
 * errors listed in fs/ext2.h.
 */
int
ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size)
{
    struct ext2_inode in;
    uint32_t len;
    int err;

    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISLNK(in.i_mode))
        return -EINVAL;
    len = in.i_size;
    if (len == 0 || len > EXT2_SYMLINK_MAX || len >= fs->bsize)
        return -EIO; // not a link this library (or Linux) makes
    if (len > size)
        len = (uint32_t)size;
    if (!ext2_has_blockmap(fs, &in)) {
        if (in.i_size >= EXT2_FAST_SYMLINK_MAX)
            return -EIO;
        memcpy(buf, in.i_block, len);
    } else {
        struct bbuf *b;
        if ((err = ext2_check_blk(fs, in.i_block[0])) < 0 ||
            (err = bcache_get(fs->bc, in.i_block[0], &b)) < 0)
            return err;
        memcpy(buf, b->data, len);
        bcache_put(fs->bc, b);
    }
    if (memchr(buf, '\0', len) != NULL)
        return -EIO; // a NUL inside the target: a corrupt link
    return (int)len;
}

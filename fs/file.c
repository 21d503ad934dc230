/*
 * fs/file.c - reading and writing regular files.
 *
 * Model: file data does not go through the metadata cache. A whole-block
 * transfer goes straight between the caller's buffer and the device; a
 * partial block is read into the mount's scratch block, patched and written
 * back (a freshly allocated block is zero-filled instead of read). Holes read
 * as zeros; writing into a hole allocates the block (fs/inode.c).
 *
 * Invariant (with truncate): bytes of a file's last block past i_size are
 * zero on disk, and no block is mapped past the last block: a write that
 * fails on the device gives back the block it had just allocated and any
 * indirect block left mapping nothing past the end, so a failed block never
 * shows stale disk contents. A write starting past the end zeroes the old last block's
 * tail first anyway, so a gap always reads as zeros even on an image where
 * someone else left garbage there.
 *
 * Entry points: ext2_read, ext2_write.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

#define MAX_IO 0x7fffffffu // a count must fit the int result

/* Inode ino, which must be a live regular file. */
static int
get_file(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int err;

    if ((err = ext2_iget(fs, ino, in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in->i_mode))
        return -EISDIR;
    if (!EXT2_S_ISREG(in->i_mode) || in->i_links_count == 0)
        return -EINVAL;
    return 0;
}

/*
 * Read regular file ino into buf; holes are zeros; sets atime. Returns the bytes
 * read, -EISDIR, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, uint32_t n)
{
    struct ext2_inode in;
    uint64_t size;
    uint32_t done = 0, now;
    uint8_t *dst = buf;
    int err;

    if ((err = get_file(fs, ino, &in)) < 0)
        return err;
    size = ext2_isize(&in);
    if (off >= size)
        n = 0;
    else if (n > size - off)
        n = (uint32_t)(size - off);
    if (n > MAX_IO)
        n = MAX_IO;
    while (done < n) {
        uint64_t pos = off + done;
        uint32_t fb = (uint32_t)(pos / fs->bsize), boff = (uint32_t)(pos % fs->bsize);
        uint32_t chunk = fs->bsize - boff, p;

        if (chunk > n - done)
            chunk = n - done;
        if ((err = ext2_bmap(fs, ino, &in, fb, 0, &p)) < 0)
            return err;
        if (p == 0) {
            memset(dst + done, 0, chunk);
        } else if (chunk == fs->bsize) {
            if (fs->dev.read(fs->dev.ctx, (uint64_t)p * fs->bsize, dst + done, chunk) < 0)
                return -EIO;
        } else {
            if (fs->dev.read(fs->dev.ctx, (uint64_t)p * fs->bsize, fs->scratch, fs->bsize) < 0)
                return -EIO;
            memcpy(dst + done, fs->scratch + boff, chunk);
        }
        done += chunk;
    }
    now = ext2_now(fs);
    if (in.i_atime != now) {
        in.i_atime = now;
        if ((err = ext2_iput(fs, ino, &in)) < 0)
            return err;
    }
    return (int)done;
}

/* Write chunk bytes at boff into data block p (fresh: its old contents do not count). */
static int
write_block(struct ext2_fs *fs, uint32_t p, int fresh, uint32_t boff, const uint8_t *src,
            uint32_t chunk)
{
    uint64_t at = (uint64_t)p * fs->bsize;

    if (chunk == fs->bsize)
        return fs->dev.write(fs->dev.ctx, at, src, chunk) < 0 ? -EIO : 0;
    if (fresh)
        memset(fs->scratch, 0, fs->bsize);
    else if (fs->dev.read(fs->dev.ctx, at, fs->scratch, fs->bsize) < 0)
        return -EIO;
    memcpy(fs->scratch + boff, src, chunk);
    return fs->dev.write(fs->dev.ctx, at, fs->scratch, fs->bsize) < 0 ? -EIO : 0;
}

/*
 * Write buf into regular file ino, allocating and growing; sets mtime/ctime.
 * Returns the bytes written, -EFBIG, -ENOSPC, -EISDIR, -EINVAL, -EIO (full
 * contract in fs/ext2.h).
 */
int
ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, uint32_t n)
{
    struct ext2_inode in;
    const uint8_t *src = buf;
    uint64_t old;
    uint32_t done = 0;
    int err;

    if ((err = get_file(fs, ino, &in)) < 0)
        return err;
    if (n == 0)
        return 0;
    if (off >= EXT2_MAX_FILE_SIZE)
        return -EFBIG;
    if (n > EXT2_MAX_FILE_SIZE - off)
        n = (uint32_t)(EXT2_MAX_FILE_SIZE - off);
    old = ext2_isize(&in);
    if (off > old && old % fs->bsize != 0) {
        uint64_t end = (old / fs->bsize + 1) * fs->bsize;

        if ((err = ext2_zero_range(fs, ino, &in, old, end < off ? end : off)) < 0)
            return err;
    }
    while (done < n) {
        uint64_t pos = off + done;
        uint32_t fb = (uint32_t)(pos / fs->bsize), boff = (uint32_t)(pos % fs->bsize);
        uint32_t chunk = fs->bsize - boff, p;
        int fresh;

        if (chunk > n - done)
            chunk = n - done;
        if ((err = ext2_bmap_new(fs, ino, &in, fb, &p, &fresh)) < 0)
            break;
        if ((err = write_block(fs, p, fresh, boff, src + done, chunk)) < 0) {
            if (fresh) // its contents are unknown: back to a hole
                ext2_unmap(fs, &in, fb);
            break;
        }
        done += chunk;
    }
    if (done > 0 && off + done > old)
        ext2_set_isize(&in, off + done);
    if (err < 0) // no block may stay mapped past the end (indirect ones included)
        ext2_free_from(fs, ino, &in, (uint32_t)((ext2_isize(&in) + fs->bsize - 1) / fs->bsize));
    if (done > 0)
        in.i_mtime = in.i_ctime = ext2_now(fs);
    if (ext2_iput(fs, ino, &in) < 0)
        return -EIO;
    return done > 0 ? (int)done : err;
}

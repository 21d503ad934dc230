/*
 * fs/dir.c - directories: lookup, readdir, adding, removing and retargeting
 * entries, the first block of a new directory.
 *
 * Model: a directory's i_size is a whole number of blocks; each block is a
 * chain of entries (inode, rec_len, name_len, file_type, name) whose rec_lens
 * add up to exactly the block size, so no entry crosses a block. An entry
 * with inode 0 is unused space. As Linux does, a new entry goes into the
 * first unused entry big enough, or into the slack after a live entry's name
 * (splitting its rec_len); failing that the directory grows by one block
 * holding just the new entry. Removing an entry adds its rec_len to the
 * previous entry in the block, or sets its inode to 0 if it is the first.
 * A block that does not parse (rec_len not a multiple of 4, below 8, past the
 * block, or too short for its name) makes the operation fail with -EIO. A
 * hole in a directory is read as an empty block and never written into.
 *
 * Directories modified here lose EXT2_INDEX_FL: this library does not keep
 * htree indexes, and a directory without the flag is a valid linear one.
 *
 * Entry points: ext2_lookup, ext2_readdir; for fs/: ext2_dir_get, ext2_dir_find,
 * ext2_dir_add, ext2_dir_remove, ext2_dir_retarget, ext2_dir_empty,
 * ext2_dir_init, ext2_ftype.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

/* Directory entry file type for an inode mode. */
uint8_t
ext2_ftype(uint16_t mode)
{
    switch (mode & EXT2_S_IFMT) {
    case EXT2_S_IFREG:
        return EXT2_FT_REG_FILE;
    case EXT2_S_IFDIR:
        return EXT2_FT_DIR;
    case EXT2_S_IFCHR:
        return EXT2_FT_CHRDEV;
    case EXT2_S_IFBLK:
        return EXT2_FT_BLKDEV;
    case EXT2_S_IFIFO:
        return EXT2_FT_FIFO;
    case EXT2_S_IFSOCK:
        return EXT2_FT_SOCK;
    case EXT2_S_IFLNK:
        return EXT2_FT_SYMLINK;
    default:
        return EXT2_FT_UNKNOWN;
    }
}

/* The entry at off in a directory block, or NULL if it is malformed. */
static struct ext2_dirent_disk *
entry_at(const struct ext2_fs *fs, uint8_t *data, uint32_t off)
{
    struct ext2_dirent_disk *de;

    if (off + EXT2_DIRENT_HDR > fs->bsize)
        return NULL;
    de = (struct ext2_dirent_disk *)(data + off);
    if (de->rec_len < EXT2_DIRENT_HDR || de->rec_len % 4 != 0 || off + de->rec_len > fs->bsize ||
        EXT2_DIRENT_HDR + (uint32_t)de->name_len > de->rec_len)
        return NULL;
    return de;
}

/* Read inode dir into *din, which must be a live directory: 0, -ENOTDIR,
 * -ENOENT (removed) or ext2_iget's errors. */
int
ext2_dir_get(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din)
{
    int err;

    if ((err = ext2_iget(fs, dir, din)) < 0)
        return err;
    if (!EXT2_S_ISDIR(din->i_mode))
        return -ENOTDIR;
    if (din->i_links_count == 0)
        return -ENOENT;
    return 0;
}

/* Number of blocks of a directory. */
static uint32_t
dir_blocks(const struct ext2_fs *fs, const struct ext2_inode *din)
{
    return (uint32_t)(ext2_isize(din) / fs->bsize);
}

/* Pin block fb of directory dir; *b = NULL for a hole. */
static int
dir_block(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din, uint32_t fb, struct bbuf **b)
{
    uint32_t p;
    int err;

    *b = NULL;
    if ((err = ext2_bmap(fs, dir, din, fb, 0, &p)) < 0)
        return err;
    if (p == 0)
        return 0;
    return bcache_get(fs->bc, p, b);
}

/* Where a named entry is: its block (pinned), offset, and the previous entry's offset. */
struct dslot {
    struct bbuf *b;
    uint32_t off;
    uint32_t prev; /* UINT32_MAX: first entry of the block */
};

/* Find the live entry name in directory dir. Returns 0 with s->b pinned, -ENOENT, -EIO. */
static int
find_entry(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din, const char *name, size_t len,
           struct dslot *s)
{
    uint32_t nb = dir_blocks(fs, din);
    int err;

    for (uint32_t fb = 0; fb < nb; fb++) {
        uint32_t off = 0, prev = UINT32_MAX;
        struct bbuf *b;

        if ((err = dir_block(fs, dir, din, fb, &b)) < 0)
            return err;
        if (b == NULL)
            continue;
        while (off < fs->bsize) {
            struct ext2_dirent_disk *de = entry_at(fs, b->data, off);

            if (de == NULL) {
                bcache_put(fs->bc, b);
                return -EIO;
            }
            if (de->inode != 0 && de->name_len == len &&
                memcmp(b->data + off + EXT2_DIRENT_HDR, name, len) == 0) {
                s->b = b;
                s->off = off;
                s->prev = prev;
                return 0;
            }
            prev = off;
            off += de->rec_len;
        }
        bcache_put(fs->bc, b);
    }
    return -ENOENT;
}

/*
 * Inode number of entry name (len bytes) in directory dir. Returns 0 and
 * *ino, -ENOENT, -ENOTDIR, -EINVAL (bad dir), -EIO.
 */
int
ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
    struct ext2_inode din;
    struct dslot s;
    int err;

    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if ((err = find_entry(fs, dir, &din, name, len, &s)) < 0)
        return err;
    memcpy(ino, s.b->data + s.off, 4);
    bcache_put(fs->bc, s.b);
    if (ext2_check_ino(fs, *ino) < 0)
        return -EIO;
    return 0;
}

/*
 * Entry name (len bytes) of directory dir -> *ino. Returns 0, -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino)
{
    if (len > EXT2_NAME_MAX)
        return -ENAMETOOLONG;
    if (len == 0)
        return -ENOENT;
    return ext2_dir_find(fs, dir, name, len, ino);
}

/* Fill the entry at off: inode, rec_len, name, type. */
static void
put_entry(struct ext2_fs *fs, uint8_t *data, uint32_t off, uint32_t rec_len, const char *name,
          size_t len, uint32_t ino, uint16_t mode)
{
    struct ext2_dirent_disk *de = (struct ext2_dirent_disk *)(data + off);

    de->inode = ino;
    de->rec_len = (uint16_t)rec_len;
    de->name_len = (uint8_t)len;
    de->file_type = fs->filetype ? ext2_ftype(mode) : 0;
    memcpy(data + off + EXT2_DIRENT_HDR, name, len);
}

/* Mark a directory modified now and write it back. */
static int
touch_dir(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din)
{
    din->i_mtime = din->i_ctime = ext2_now(fs);
    return ext2_iput(fs, dir, din);
}

/*
 * Add entry name -> ino (file type from mode) to directory dir, whose inode
 * the caller passes in *din (updated and written back: size, times, flags).
 * The caller has checked that the name is new and valid. Returns 0,
 * -ENOSPC (the directory needed a block and there is none; nothing changed),
 * -EFBIG, -EIO.
 */
int
ext2_dir_add(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din, const char *name, size_t len,
             uint32_t ino, uint16_t mode)
{
    uint32_t need = EXT2_DIRENT_LEN(len), nb = dir_blocks(fs, din), p;
    struct bbuf *b;
    int fresh, err;

    for (uint32_t fb = 0; fb < nb; fb++) {
        uint32_t off = 0;

        if ((err = dir_block(fs, dir, din, fb, &b)) < 0)
            return err;
        if (b == NULL)
            continue;
        while (off < fs->bsize) {
            struct ext2_dirent_disk *de = entry_at(fs, b->data, off);
            uint32_t used, rl;

            if (de == NULL) {
                bcache_put(fs->bc, b);
                return -EIO;
            }
            rl = de->rec_len;
            used = de->inode != 0 ? EXT2_DIRENT_LEN(de->name_len) : 0;
            if (rl >= used + need) {
                if (used != 0)
                    de->rec_len = (uint16_t)used;
                put_entry(fs, b->data, off + used, rl - used, name, len, ino, mode);
                bcache_dirty(b);
                bcache_put(fs->bc, b);
                din->i_flags &= ~EXT2_INDEX_FL;
                return touch_dir(fs, dir, din);
            }
            off += rl;
        }
        bcache_put(fs->bc, b);
    }
    if ((err = ext2_bmap_new(fs, dir, din, nb, &p, &fresh)) < 0)
        return err;
    if ((err = bcache_get_zero(fs->bc, p, &b)) < 0)
        return err;
    put_entry(fs, b->data, 0, fs->bsize, name, len, ino, mode);
    bcache_put(fs->bc, b);
    ext2_set_isize(din, (uint64_t)(nb + 1) * fs->bsize);
    din->i_flags &= ~EXT2_INDEX_FL;
    return touch_dir(fs, dir, din);
}

/*
 * Remove entry name from directory dir (merged into the previous entry, or
 * emptied if first in its block); sets the directory's mtime and ctime.
 * Returns 0, -ENOENT, -ENOTDIR, -EIO.
 */
int
ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len)
{
    struct ext2_inode din;
    struct dslot s;
    struct ext2_dirent_disk *de;
    int err;

    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if ((err = find_entry(fs, dir, &din, name, len, &s)) < 0)
        return err;
    de = (struct ext2_dirent_disk *)(s.b->data + s.off);
    if (s.prev != UINT32_MAX)
        ((struct ext2_dirent_disk *)(s.b->data + s.prev))->rec_len += de->rec_len;
    else
        de->inode = 0;
    bcache_dirty(s.b);
    bcache_put(fs->bc, s.b);
    return touch_dir(fs, dir, &din);
}

/*
 * Point the existing entry name of directory dir at ino (file type from
 * mode); with times, set the directory's mtime and ctime. Returns 0,
 * -ENOENT, -ENOTDIR, -EIO.
 */
int
ext2_dir_retarget(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                  uint16_t mode, int times)
{
    struct ext2_inode din;
    struct dslot s;
    struct ext2_dirent_disk *de;
    int err;

    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if ((err = find_entry(fs, dir, &din, name, len, &s)) < 0)
        return err;
    de = (struct ext2_dirent_disk *)(s.b->data + s.off);
    de->inode = ino;
    de->file_type = fs->filetype ? ext2_ftype(mode) : 0;
    bcache_dirty(s.b);
    bcache_put(fs->bc, s.b);
    return times ? touch_dir(fs, dir, &din) : 0;
}

/*
 * 1 if directory dir holds nothing but "." and "..", 0 if it holds more.
 * Returns also -ENOTDIR, -EIO.
 */
int
ext2_dir_empty(struct ext2_fs *fs, uint32_t dir)
{
    struct ext2_inode din;
    uint32_t nb;
    int err;

    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    nb = dir_blocks(fs, &din);
    for (uint32_t fb = 0; fb < nb; fb++) {
        uint32_t off = 0;
        struct bbuf *b;

        if ((err = dir_block(fs, dir, &din, fb, &b)) < 0)
            return err;
        if (b == NULL)
            continue;
        while (off < fs->bsize) {
            struct ext2_dirent_disk *de = entry_at(fs, b->data, off);
            const char *n;

            if (de == NULL) {
                bcache_put(fs->bc, b);
                return -EIO;
            }
            n = (const char *)b->data + off + EXT2_DIRENT_HDR;
            if (de->inode != 0 && !(de->name_len == 1 && n[0] == '.') &&
                !(de->name_len == 2 && n[0] == '.' && n[1] == '.')) {
                bcache_put(fs->bc, b);
                return 0;
            }
            off += de->rec_len;
        }
        bcache_put(fs->bc, b);
    }
    return 1;
}

/*
 * Give the new directory ino (inode *in, written back by the caller) its
 * first block with "." and ".." (-> parent) and set its size. Returns 0,
 * -ENOSPC (nothing allocated), -EIO.
 */
int
ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t parent)
{
    struct bbuf *b;
    uint32_t p;
    int fresh, err;

    if ((err = ext2_bmap_new(fs, ino, in, 0, &p, &fresh)) < 0)
        return err;
    if ((err = bcache_get_zero(fs->bc, p, &b)) < 0)
        return err;
    put_entry(fs, b->data, 0, EXT2_DIRENT_LEN(1), ".", 1, ino, EXT2_S_IFDIR);
    put_entry(fs, b->data, EXT2_DIRENT_LEN(1), fs->bsize - EXT2_DIRENT_LEN(1), "..", 2, parent,
              EXT2_S_IFDIR);
    bcache_put(fs->bc, b);
    ext2_set_isize(in, fs->bsize);
    return 0;
}

/*
 * Next live entry of directory dir from *pos; sets atime. Returns 1, 0 at the
 * end, -ENOTDIR, -EINVAL, -EIO (full contract in fs/ext2.h).
 */
int
ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint32_t *pos, struct ext2_dirent *out)
{
    struct ext2_inode din;
    uint32_t nb, now;
    int err, found = 0;

    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    nb = dir_blocks(fs, &din);
    while (!found && *pos / fs->bsize < nb) {
        uint32_t fb = *pos / fs->bsize, want = *pos % fs->bsize, off = 0;
        uint32_t base = fb * fs->bsize;
        struct bbuf *b;

        if ((err = dir_block(fs, dir, &din, fb, &b)) < 0)
            return err;
        if (b == NULL) {
            *pos = base + fs->bsize;
            continue;
        }
        // Walk from the block's start so a position inside an entry is harmless.
        while (off < fs->bsize) {
            struct ext2_dirent_disk *de = entry_at(fs, b->data, off);

            if (de == NULL) {
                bcache_put(fs->bc, b);
                return -EIO;
            }
            if (off >= want && de->inode != 0) {
                out->ino = de->inode;
                out->type = fs->filetype ? de->file_type : EXT2_FT_UNKNOWN;
                out->name_len = de->name_len;
                memcpy(out->name, b->data + off + EXT2_DIRENT_HDR, de->name_len);
                out->name[de->name_len] = '\0';
                *pos = base + off + de->rec_len;
                found = 1;
                break;
            }
            off += de->rec_len;
        }
        bcache_put(fs->bc, b);
        if (!found)
            *pos = base + fs->bsize;
    }
    now = ext2_now(fs);
    if (din.i_atime != now) {
        din.i_atime = now;
        if ((err = ext2_iput(fs, dir, &din)) < 0)
            return err;
    }
    return found;
}

/*
 * fs/namei.c - names: path resolution, create/mkdir, unlink, rmdir, rename.
 *
 * Model: a name is 1..255 bytes without '/' (and, being a C string, without
 * NUL). Every operation checks everything it can and finds every entry it
 * needs before it changes anything; the one step that can run out of space,
 * adding a directory entry, comes first among the changes and changes
 * nothing when it fails (fs/dir.c), so -ENOSPC leaves the file system as it
 * was. Creation allocates the inode (and a directory's first block) before
 * the entry and gives them back if the entry cannot be added.
 *
 * Link counts: a file has one link per name; a directory has one from its
 * parent's entry, one from its own ".", and one from each subdirectory's
 * "..". So mkdir and moving a directory in add one to the (new) parent,
 * rmdir and moving a directory out take one away. At count 0 the inode is
 * freed at once (fs/inode.c ext2_release).
 *
 * Entry points: ext2_namei, ext2_namei_parent, ext2_create, ext2_unlink,
 * ext2_rmdir, ext2_rename.
 */
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

#define MAX_DEPTH 65536 // ".." steps before a directory tree is called corrupt

/* Length of a C-string name, checked: -ENOENT empty, -ENAMETOOLONG, -EINVAL
 * with '/'. Also fs/symlink.c's. */
int
ext2_check_name(const char *name, size_t *len)
{
    size_t n = 0;

    while (n <= EXT2_NAME_MAX && name[n] != '\0')
        n++;
    if (n == 0)
        return -ENOENT;
    if (n > EXT2_NAME_MAX)
        return -ENAMETOOLONG;
    if (memchr(name, '/', n) != NULL)
        return -EINVAL;
    *len = n;
    return 0;
}

/* 1 for ".", 2 for "..", else 0. */
static int
dots(const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return 1;
    if (len == 2 && name[0] == '.' && name[1] == '.')
        return 2;
    return 0;
}

/* Resolve the first n bytes of an absolute path (see ext2_namei). */
static int
walk(struct ext2_fs *fs, const char *path, size_t n, uint32_t *ino)
{
    uint32_t cur = EXT2_ROOT_INO;
    size_t i = 0;
    struct ext2_inode in;
    int err;

    if (n == 0 || path[0] != '/')
        return -EINVAL;
    while (i < n) {
        size_t start;

        while (i < n && path[i] == '/')
            i++;
        if (i == n)
            break;
        start = i;
        while (i < n && path[i] != '/')
            i++;
        if ((err = ext2_lookup(fs, cur, path + start, i - start, &cur)) < 0)
            return err;
    }
    if (path[n - 1] == '/' && cur != EXT2_ROOT_INO) {
        if ((err = ext2_iget(fs, cur, &in)) < 0)
            return err;
        if (!EXT2_S_ISDIR(in.i_mode))
            return -ENOTDIR;
    }
    *ino = cur;
    return 0;
}

/*
 * Resolve an absolute path to *ino. Returns 0, -EINVAL, -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG, -EIO (full contract in fs/ext2.h).
 */
int
ext2_namei(struct ext2_fs *fs, const char *path, uint32_t *ino)
{
    return walk(fs, path, strlen(path), ino);
}

/*
 * Resolve an absolute path's parent directory and last name. Returns 0, the
 * errors of ext2_namei, -EINVAL for "/" (full contract in fs/ext2.h).
 */
int
ext2_namei_parent(struct ext2_fs *fs, const char *path, uint32_t *dir, const char **name,
                  size_t *len)
{
    size_t end = strlen(path), start;
    struct ext2_inode din;
    int err;

    if (end == 0 || path[0] != '/')
        return -EINVAL;
    while (end > 0 && path[end - 1] == '/')
        end--;
    if (end == 0)
        return -EINVAL;
    start = end;
    while (path[start - 1] != '/')
        start--;
    if (end - start > EXT2_NAME_MAX)
        return -ENAMETOOLONG;
    if ((err = walk(fs, path, start, dir)) < 0)
        return err;
    if ((err = ext2_dir_get(fs, *dir, &din)) < 0)
        return err;
    *name = path + start;
    *len = end - start;
    return 0;
}

/* Change inode ino's link count by delta. */
static int
add_links(struct ext2_fs *fs, uint32_t ino, int delta)
{
    struct ext2_inode in;
    int err;

    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    in.i_links_count = (uint16_t)(in.i_links_count + delta);
    return ext2_iput(fs, ino, &in);
}

/* Take one link from inode ino (ctime now), freeing it at 0 unless the
 * caller still has it open (then it becomes an orphan, orphan.c). */
static int
drop_link(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int err;

    in->i_ctime = ext2_now(fs);
    if (in->i_links_count > 0)
        in->i_links_count--;
    if (!EXT2_S_ISDIR(in->i_mode) && in->i_links_count == 0 &&
        (err = ext2_orphan_add(fs, ino, in)) != 0)
        return err < 0 ? err : 0;
    if (EXT2_S_ISDIR(in->i_mode) || in->i_links_count == 0)
        return ext2_release(fs, ino, in);
    return ext2_iput(fs, ino, in);
}

/*
 * Create a file or (mkdir) a directory. Returns 0, -EEXIST, -ENOENT,
 * -ENAMETOOLONG, -EINVAL, -ENOTDIR, -EMLINK, -ENOSPC, -EIO (full contract in
 * fs/ext2.h).
 */
int
ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode, uint16_t uid,
            uint16_t gid, uint32_t *ino_out)
{
    struct ext2_inode din, in;
    uint32_t ino, old, now;
    size_t len;
    int isdir = EXT2_S_ISDIR(mode), err;

    if ((err = ext2_check_name(name, &len)) < 0)
        return err;
    if (!isdir && !EXT2_S_ISREG(mode))
        return -EINVAL;
    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if (dots(name, len))
        return -EEXIST;
    err = ext2_dir_find(fs, dir, name, len, &old);
    if (err == 0)
        return -EEXIST;
    if (err != -ENOENT)
        return err;
    if (isdir && din.i_links_count >= EXT2_LINK_MAX)
        return -EMLINK;
    if ((err = ext2_ialloc(fs, dir, isdir, &ino)) < 0)
        return err;
    memset(&in, 0, sizeof(in));
    now = ext2_now(fs);
    in.i_mode = mode;
    in.i_uid = uid;
    in.i_gid = gid;
    in.i_atime = in.i_ctime = in.i_mtime = now;
    in.i_links_count = isdir ? 2 : 1;
    if (isdir && (err = ext2_dir_init(fs, ino, &in, dir)) < 0)
        goto free_inode;
    if ((err = ext2_iput(fs, ino, &in)) < 0)
        goto free_blocks;
    if ((err = ext2_dir_add(fs, dir, &din, name, len, ino, mode)) < 0)
        goto free_blocks;
    if (isdir && (err = add_links(fs, dir, 1)) < 0)
        return err;
    if (ino_out != NULL)
        *ino_out = ino;
    return 0;

free_blocks:
    ext2_free_from(fs, ino, &in, 0);
free_inode:
    ext2_izero(fs, ino);
    ext2_ifree(fs, ino, isdir);
    return err;
}

/*
 * Remove a non-directory's name, freeing it at link count 0. Returns 0,
 * -ENOENT, -EISDIR, -ENOTDIR, -ENAMETOOLONG, -EINVAL, -EIO (full contract in
 * fs/ext2.h).
 */
int
ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    struct ext2_inode din, in;
    uint32_t ino;
    size_t len;
    int err;

    if ((err = ext2_check_name(name, &len)) < 0)
        return err;
    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if (dots(name, len))
        return -EISDIR;
    if ((err = ext2_dir_find(fs, dir, name, len, &ino)) < 0)
        return err;
    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (EXT2_S_ISDIR(in.i_mode))
        return -EISDIR;
    if ((err = ext2_dir_remove(fs, dir, name, len)) < 0)
        return err;
    return drop_link(fs, ino, &in);
}

/*
 * Remove an empty directory. Returns 0, -ENOENT, -ENOTDIR, -ENOTEMPTY,
 * -EINVAL, -ENAMETOOLONG, -EIO (full contract in fs/ext2.h).
 */
int
ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name)
{
    struct ext2_inode din, in;
    uint32_t ino;
    size_t len;
    int err;

    if ((err = ext2_check_name(name, &len)) < 0)
        return err;
    if ((err = ext2_dir_get(fs, dir, &din)) < 0)
        return err;
    if (dots(name, len) == 1)
        return -EINVAL;
    if (dots(name, len) == 2)
        return -ENOTEMPTY;
    if ((err = ext2_dir_find(fs, dir, name, len, &ino)) < 0)
        return err;
    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (!EXT2_S_ISDIR(in.i_mode))
        return -ENOTDIR;
    if ((err = ext2_dir_empty(fs, ino)) < 0)
        return err;
    if (err == 0)
        return -ENOTEMPTY;
    if ((err = ext2_dir_remove(fs, dir, name, len)) < 0)
        return err;
    if ((err = drop_link(fs, ino, &in)) < 0)
        return err;
    return add_links(fs, dir, -1);
}

/* -EINVAL if directory dir is ino or lies below it (walking ".." up to the root). */
static int
check_not_below(struct ext2_fs *fs, uint32_t dir, uint32_t ino)
{
    uint32_t cur = dir;
    int err;

    for (int steps = 0; steps < MAX_DEPTH; steps++) {
        if (cur == ino)
            return -EINVAL;
        if (cur == EXT2_ROOT_INO)
            return 0;
        if ((err = ext2_dir_find(fs, cur, "..", 2, &cur)) < 0)
            return err == -ENOENT ? -EIO : err;
    }
    return -EIO;
}

/*
 * Rename odir/oname to ndir/nname, replacing a compatible target. Returns 0,
 * -ENOENT, -EINVAL, -EISDIR, -ENOTDIR, -ENOTEMPTY, -EMLINK, -ENAMETOOLONG,
 * -ENOSPC, -EIO (full contract in fs/ext2.h).
 */
int
ext2_rename(struct ext2_fs *fs, uint32_t odir, const char *oname, uint32_t ndir, const char *nname)
{
    struct ext2_inode odin, ndin, in, nin;
    uint32_t ino, nino = 0;
    size_t olen, nlen;
    int isdir, err, odelta = 0, ndelta = 0;

    if ((err = ext2_check_name(oname, &olen)) < 0 || (err = ext2_check_name(nname, &nlen)) < 0)
        return err;
    if ((err = ext2_dir_get(fs, odir, &odin)) < 0 || (err = ext2_dir_get(fs, ndir, &ndin)) < 0)
        return err;
    if (dots(oname, olen) || dots(nname, nlen))
        return -EINVAL;
    if ((err = ext2_dir_find(fs, odir, oname, olen, &ino)) < 0)
        return err;
    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    isdir = EXT2_S_ISDIR(in.i_mode);
    err = ext2_dir_find(fs, ndir, nname, nlen, &nino);
    if (err < 0 && err != -ENOENT)
        return err;
    if (err == 0) {
        if (nino == ino)
            return 0;
        if ((err = ext2_iget(fs, nino, &nin)) < 0)
            return err;
        if (isdir && !EXT2_S_ISDIR(nin.i_mode))
            return -ENOTDIR;
        if (!isdir && EXT2_S_ISDIR(nin.i_mode))
            return -EISDIR;
        if (isdir && (err = ext2_dir_empty(fs, nino)) <= 0)
            return err < 0 ? err : -ENOTEMPTY;
    } else {
        nino = 0;
    }
    if (isdir && odir != ndir) {
        if ((err = check_not_below(fs, ndir, ino)) < 0)
            return err;
        if (nino == 0 && ndin.i_links_count >= EXT2_LINK_MAX)
            return -EMLINK;
        odelta = -1;
        ndelta = 1;
    }
    if (nino != 0 && EXT2_S_ISDIR(nin.i_mode))
        ndelta--; // the replaced directory's ".." goes

    // Changes start here; only the entry add can fail for want of space.
    if (nino != 0)
        err = ext2_dir_retarget(fs, ndir, nname, nlen, ino, in.i_mode, 1);
    else
        err = ext2_dir_add(fs, ndir, &ndin, nname, nlen, ino, in.i_mode);
    if (err < 0)
        return err;
    if ((err = ext2_dir_remove(fs, odir, oname, olen)) < 0)
        return err;
    in.i_ctime = ext2_now(fs);
    if ((err = ext2_iput(fs, ino, &in)) < 0)
        return err;
    if (isdir && odir != ndir &&
        (err = ext2_dir_retarget(fs, ino, "..", 2, ndir, EXT2_S_IFDIR, 0)) < 0)
        return err;
    if (nino != 0 && (err = drop_link(fs, nino, &nin)) < 0)
        return err;
    if (odir == ndir)
        return odelta + ndelta != 0 ? add_links(fs, odir, odelta + ndelta) : 0;
    if (odelta != 0 && (err = add_links(fs, odir, odelta)) < 0)
        return err;
    return ndelta != 0 ? add_links(fs, ndir, ndelta) : 0;
}

/*
 * fs/resolve.c - path resolution that follows symbolic links, as POSIX
 * says (path resolution, XBD 4.13).
 *
 * Model: the path is consumed one name at a time from a work buffer that
 * holds "what is left to walk". A symlink met on the way is replaced by its
 * target: the buffer becomes target + "/" + the rest, and the walk goes on
 * from the link's directory (a relative target) or from the root (an
 * absolute one). A link in any but the last name is always followed; the
 * last is followed only with EXT2_FOLLOW or when a slash comes after it
 * (then the result must be a directory). More than EXT2_SYMLOOP_MAX links
 * in one resolution is -ELOOP, which also ends any loop; a path that grows
 * past EXT2_PATH_MAX bytes is -ENAMETOOLONG. ".." is the directory's own
 * entry (physical, as the kernel's). Every directory searched is first
 * shown to the caller's may_search (the file server checks the asker's
 * search permission there), so a link never opens a way the asker could
 * not walk by hand. Nothing here changes the file system; the one state is
 * the struct ext2_walk the caller lends (heap or static: 8 KiB).
 *
 * Entry point: ext2_resolve.
 */
#include <stdbool.h>
#include <string.h>

#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

/* Replace the work buffer with target + "/" + rest (rest points into it);
 * with nothing left, target alone, or target + "/" if a slash followed the
 * link (the result must then be a directory). Returns 0 or -ENAMETOOLONG. */
static int
splice(struct ext2_walk *w, const char *target, size_t tlen, const char *rest, bool slash)
{
    size_t rlen = strlen(rest), sep = (*rest || slash) ? 1 : 0;

    if (tlen + sep + rlen + 1 > EXT2_PATH_MAX)
        return -ENAMETOOLONG;
    memmove(w->buf + tlen + sep, rest, rlen + 1);
    memcpy(w->buf, target, tlen);
    if (sep)
        w->buf[tlen] = '/';
    return 0;
}

/*
 * Resolve path (absolute, or relative to EXT2_ROOT_INO) as flags say; see
 * fs/ext2.h for the contract. Returns 0 with w->ino, w->dir and w->name, or
 * -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP, may_search's error, -EIO.
 */
int
ext2_resolve(struct ext2_fs *fs, const char *path, int flags, struct ext2_walk *w)
{
    uint32_t cur = EXT2_ROOT_INO;
    unsigned links = 0;
    struct ext2_inode in;
    char *p;
    int err;

    if (strlen(path) >= EXT2_PATH_MAX)
        return -ENAMETOOLONG;
    strcpy(w->buf, path);
    p = w->buf;
    for (;;) {
        while (*p == '/')
            p++;
        char *end = p;
        while (*end && *end != '/')
            end++;
        char *after = end;
        while (*after == '/')
            after++;
        bool last = !*after, slash = end != after;
        size_t len = (size_t)(end - p);
        uint32_t next;

        if (len == 0) { // nothing left: the path names cur itself ("/", or "a/" done)
            w->ino = w->dir = cur;
            w->name[0] = '\0';
            return 0;
        }
        if (len > EXT2_NAME_MAX)
            return -ENAMETOOLONG;
        if ((err = ext2_iget(fs, cur, &in)) < 0)
            return err;
        if (!EXT2_S_ISDIR(in.i_mode))
            return -ENOTDIR;
        if (w->may_search && (err = w->may_search(w->ctx, &in)) < 0)
            return err;
        err = ext2_lookup(fs, cur, p, len, &next);
        if (err == -ENOENT && last && (flags & EXT2_PARENT)) {
            w->dir = cur;
            w->ino = 0;
            memcpy(w->name, p, len);
            w->name[len] = '\0';
            return 0;
        }
        if (err < 0)
            return err;
        if ((err = ext2_iget(fs, next, &in)) < 0)
            return err;
        if (EXT2_S_ISLNK(in.i_mode) && (!last || slash || (flags & EXT2_FOLLOW))) {
            if (++links > EXT2_SYMLOOP_MAX)
                return -ELOOP;
            if ((err = ext2_readlink(fs, next, w->target, sizeof(w->target))) < 0)
                return err;
            if ((err = splice(w, w->target, (size_t)err, after, slash)) < 0)
                return err;
            p = w->buf;
            if (*p == '/')
                cur = EXT2_ROOT_INO;
            continue;
        }
        if (last) {
            if (slash && !EXT2_S_ISDIR(in.i_mode))
                return -ENOTDIR;
            w->dir = cur;
            w->ino = next;
            memcpy(w->name, p, len);
            w->name[len] = '\0';
            return 0;
        }
        cur = next;
        p = after;
    }
}

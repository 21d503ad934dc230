/*
 * fs/orphan.c - the orphan list: inodes whose last name went while the
 * caller still had them open (DESIGN §8 "Files").
 *
 * Model: as Linux's ext3/ext4 (and e2fsck, for ext2 too): the superblock's
 * s_last_orphan names the first orphan, each orphan's i_dtime the next (0
 * ends the list); an orphan has i_links_count 0 and keeps its blocks, its
 * data readable and writable through the inode number, until the caller
 * releases it (ext2_orphan_release: its last close). The caller says which
 * inodes are still open with ext2_set_keep; without it (or when it says no)
 * the last name's going frees the inode at once, as before. After a power
 * cut the list is still on the disk: ext2_mount frees every orphan on it
 * (ext2_orphans_cleanup), as e2fsck -p does, so nothing leaks.
 *
 * Invariants: every inode on the list has i_links_count 0 and is in use in
 * its bitmap; no inode is on it twice; the list is walked at most
 * s_inodes_count steps (a corrupt chain, a loop or an inode number out of
 * range, ends the walk and empties the list: e2fsck does the rest).
 *
 * Entry points: ext2_set_keep, ext2_orphan_release (public, fs/ext2.h); for
 * fs/ only: ext2_orphan_add, ext2_orphans_cleanup.
 */
#include <string.h>

#include "fs/ext2.h"
#include "fs/ext2_int.h"
#include "kernel/abi/errno.h"

static uint32_t
last_orphan(const struct ext2_fs *fs)
{
    uint32_t v;

    memcpy(&v, (const uint8_t *)&fs->sb + EXT2_SB_LAST_ORPHAN, 4);
    return v;
}

static void
set_last_orphan(struct ext2_fs *fs, uint32_t ino)
{
    memcpy((uint8_t *)&fs->sb + EXT2_SB_LAST_ORPHAN, &ino, 4);
}

/* Say who keeps unlinked inodes alive: keep(ctx, ino) != 0 while ino is open.
 * NULL: nobody (the last name frees the inode). */
void
ext2_set_keep(struct ext2_fs *fs, int (*keep)(void *ctx, uint32_t ino), void *ctx)
{
    fs->keep = keep;
    fs->keep_ctx = ctx;
}

/*
 * The regular file ino (copy in *in) lost its last name: if the caller keeps
 * it open, put it on the orphan list (i_dtime chains it) and return 1; else
 * return 0 (the caller frees it). -EIO if the inode cannot be written.
 */
int
ext2_orphan_add(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in)
{
    int err;

    if (fs->keep == NULL || !fs->keep(fs->keep_ctx, ino))
        return 0;
    in->i_links_count = 0;
    in->i_dtime = last_orphan(fs);
    if ((err = ext2_iput(fs, ino, in)) < 0)
        return err;
    set_last_orphan(fs, ino);
    return 1;
}

/*
 * The caller's last use of orphan ino ended: take it off the list and free
 * its blocks and the inode. An inode that is not an orphan (it has a name,
 * or is not on the list) is left alone. Returns 0, -EINVAL (bad ino), -EIO.
 */
int
ext2_orphan_release(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode in, prev;
    uint32_t cur = last_orphan(fs), pino = 0;
    int err;

    if ((err = ext2_iget(fs, ino, &in)) < 0)
        return err;
    if (in.i_links_count != 0)
        return 0;
    for (uint32_t n = 0; cur != ino; n++) {
        if (cur == 0 || n >= fs->sb.s_inodes_count || ext2_check_ino(fs, cur) < 0)
            return 0; // not on the list: not ours to free
        if ((err = ext2_iget(fs, cur, &prev)) < 0)
            return err;
        pino = cur;
        cur = prev.i_dtime;
    }
    if (pino == 0) {
        set_last_orphan(fs, in.i_dtime);
    } else {
        prev.i_dtime = in.i_dtime;
        if ((err = ext2_iput(fs, pino, &prev)) < 0)
            return err;
    }
    return ext2_release(fs, ino, &in);
}

/*
 * At mount: free every orphan a power cut left on the list (an inode on it
 * that still has a name just leaves the list). Returns 0 or -EIO; the list is
 * empty afterwards either way.
 */
int
ext2_orphans_cleanup(struct ext2_fs *fs)
{
    uint32_t ino = last_orphan(fs);
    int err = 0;

    set_last_orphan(fs, 0);
    for (uint32_t n = 0; ino != 0 && n < fs->sb.s_inodes_count; n++) {
        struct ext2_inode in;
        if (ext2_check_ino(fs, ino) < 0 || ino < fs->sb.s_first_ino || ext2_iget(fs, ino, &in) < 0)
            return -EIO;
        uint32_t next = in.i_dtime;
        if (in.i_links_count == 0)
            err = ext2_release(fs, ino, &in);
        else {
            in.i_dtime = 0;
            err = ext2_iput(fs, ino, &in);
        }
        if (err < 0)
            return err;
        ino = next;
    }
    return 0;
}

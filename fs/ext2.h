/*
 * ext2 revision 1 file system library (pure C): the interface a file server
 * (and the host tests) call. Included by fs/ itself, servers/ and tests/host/.
 *
 * The caller supplies the disk as a struct ext2_dev (sector-granular read and
 * write callbacks, an optional cache flush and a clock); ext2_mount returns an
 * opaque struct ext2_fs holding the superblock, the group descriptors and a
 * small write-back cache of metadata blocks. Files and directories are named
 * by inode number; struct ext2_inode is the first 128 bytes of the on-disk
 * inode (little-endian, which on x86 is host order).
 *
 * Every function returns 0 (or a count) on success and a negated error number
 * from kernel/abi/errno.h on failure. -EIO means the device failed or the
 * image is corrupt (a block number out of range, a malformed directory).
 * Metadata changes live in the cache until ext2_sync/ext2_unmount or eviction.
 * File data is read and written through the page cache (fs/pcache.h), on
 * top of ext2_bmap and ext2_allocate.
 *
 * Reserved blocks: as Linux's ext2, the last s_r_blocks_count free blocks go
 * only to the reserved user (s_def_resuid, or group s_def_resgid if that is
 * not 0); the caller says who allocates with ext2_set_user, and a mount
 * starts as the reserved user. Anyone else gets -ENOSPC once only the
 * reserve is left.
 *
 * Limits: names 1..255 bytes without '/' or NUL; files below 2^31 bytes
 * (EFBIG at or past it); no permission checks (the server does them against
 * ext2_inode's mode, uid and gid; ext2_resolve asks it at each directory).
 * Symbolic links: ext2_symlink makes fast and slow ones, ext2_readlink reads
 * them, ext2_resolve follows them; ext2_namei and ext2_namei_parent do not. An inode whose
 * last name goes is freed at once unless the caller says it is still open
 * (ext2_set_keep): then it is an orphan (links 0, on the superblock's orphan
 * list as Linux's ext3/ext4 keep it) until ext2_orphan_release, and a mount
 * frees the orphans a power cut left. Not reentrant: the caller serializes.
 */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <stddef.h>
#include <stdint.h>

/* The disk. offset and len are multiples of 512; read/write return 0 or -EIO. */
struct ext2_dev {
    void *ctx;
    int (*read)(void *ctx, uint64_t offset, void *buf, uint32_t len);
    int (*write)(void *ctx, uint64_t offset, const void *buf, uint32_t len);
    int (*flush)(void *ctx);    /* write cache flush; may be NULL */
    uint32_t (*now)(void *ctx); /* seconds since 1970, for timestamps; may be NULL (0) */
};

/* i_mode bits (as Linux and POSIX) */
#define EXT2_S_IFMT 0170000
#define EXT2_S_IFSOCK 0140000
#define EXT2_S_IFLNK 0120000
#define EXT2_S_IFREG 0100000
#define EXT2_S_IFBLK 0060000
#define EXT2_S_IFDIR 0040000
#define EXT2_S_IFCHR 0020000
#define EXT2_S_IFIFO 0010000
#define EXT2_S_ISVTX 0001000 /* sticky: in a directory, only owners remove names */
#define EXT2_S_ISDIR(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFDIR)
#define EXT2_S_ISREG(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFREG)
#define EXT2_S_ISLNK(m) (((m)&EXT2_S_IFMT) == EXT2_S_IFLNK)

/* directory entry file types (EXT2_FEATURE_INCOMPAT_FILETYPE) */
#define EXT2_FT_UNKNOWN 0
#define EXT2_FT_REG_FILE 1
#define EXT2_FT_DIR 2
#define EXT2_FT_CHRDEV 3
#define EXT2_FT_BLKDEV 4
#define EXT2_FT_FIFO 5
#define EXT2_FT_SOCK 6
#define EXT2_FT_SYMLINK 7

#define EXT2_ROOT_INO 2
#define EXT2_NAME_MAX 255
#define EXT2_N_BLOCKS 15               /* i_block: 12 direct, single, double, triple */
#define EXT2_LINK_MAX 32000            /* as Linux: mkdir past it is -EMLINK */
#define EXT2_MAX_FILE_SIZE 0x7fffffffu /* largest i_size this library writes */

/* The first 128 bytes of an on-disk inode (revision 1 layout, Linux osd2). */
struct ext2_inode {
    uint16_t i_mode;
    uint16_t i_uid;
    uint32_t i_size; /* low 32 bits of the size */
    uint32_t i_atime;
    uint32_t i_ctime;
    uint32_t i_mtime;
    uint32_t i_dtime; /* deletion time; 0 while live */
    uint16_t i_gid;
    uint16_t i_links_count;
    uint32_t i_blocks; /* 512-byte units: data, indirect and xattr blocks */
    uint32_t i_flags;
    uint32_t i_osd1;
    uint32_t i_block[EXT2_N_BLOCKS]; /* block numbers; 0 = hole */
    uint32_t i_generation;
    uint32_t i_file_acl;  /* extended attribute block, 0 if none */
    uint32_t i_size_high; /* regular files: high 32 bits of the size */
    uint32_t i_faddr;
    uint8_t i_frag, i_fsize;
    uint16_t i_pad1;
    uint16_t i_uid_high, i_gid_high;
    uint32_t i_reserved2;
};

/* Every field is naturally aligned, so the plain struct is the disk layout. */
_Static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode layout");
_Static_assert(offsetof(struct ext2_inode, i_block) == 40, "ext2 inode layout");
_Static_assert(offsetof(struct ext2_inode, i_size_high) == 108, "ext2 inode layout");

/* One directory entry as ext2_readdir returns it. */
struct ext2_dirent {
    uint32_t ino;
    uint8_t type; /* EXT2_FT_*, EXT2_FT_UNKNOWN without the filetype feature */
    uint8_t name_len;
    char name[EXT2_NAME_MAX + 1]; /* NUL-terminated */
};

struct ext2_statfs {
    uint32_t block_size;
    uint32_t blocks, free_blocks, reserved_blocks;
    uint32_t inodes, free_inodes;
};

struct ext2_fs; /* opaque: superblock, group descriptors, block cache */

/*
 * Mount the file system on dev (copied). Checks the magic, revision 1, block
 * size 1, 2 or 4 KiB, inode size, geometry and features: an INCOMPAT feature
 * other than filetype, or a RO_COMPAT feature other than sparse_super and
 * large_file, is refused with -EINVAL (there is no read-only mode). Marks the
 * superblock in use (mount count, mount time) and frees the orphans on the
 * orphan list (inodes unlinked while open when the power went). Returns 0 and *out, -EINVAL for
 * an unsupported or malformed image, -EIO, -ENOMEM.
 */
int ext2_mount(struct ext2_fs **out, const struct ext2_dev *dev);

/*
 * Write every dirty metadata block, the group descriptors and the superblock
 * (state "not clean" while mounted, as Linux), then flush the device.
 * Returns 0 or -EIO (the first failure; the rest is still attempted).
 */
int ext2_sync(struct ext2_fs *fs);

/*
 * Sync with the superblock's state restored to what mount found (clean),
 * then free everything. Returns what the final sync returned; fs is freed
 * either way.
 */
int ext2_unmount(struct ext2_fs *fs);

/*
 * Say who the calls that follow allocate blocks for: uid and gid as the
 * file server's caller. Until the next call, block allocation (write, bmap
 * with alloc, create, mkdir, rename into a full directory) refuses with
 * -ENOSPC to take any of the last s_r_blocks_count free blocks unless uid is
 * s_def_resuid or s_def_resgid is not 0 and is gid. A mount starts as the
 * reserved user (uid s_def_resuid), so a caller that never says keeps the
 * old meaning: every free block is usable.
 */
void ext2_set_user(struct ext2_fs *fs, uint16_t uid, uint16_t gid);

/* Block size in bytes (1024, 2048 or 4096). */
uint32_t ext2_block_size(const struct ext2_fs *fs);

/* Totals and free counts from the superblock. Returns 0. */
int ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *out);

/*
 * Copy inode ino into *out. Returns 0, -EINVAL for an inode number outside
 * 1..s_inodes_count, -EIO. Does not check that the inode is in use.
 */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *out);

/*
 * Write *in back as inode ino (into the cached inode table block; the bytes of
 * a 256-byte inode past the first 128 are kept, their nanosecond time fields
 * zeroed). Returns 0, -EINVAL for a bad ino, -EIO.
 */
int ext2_iput(struct ext2_fs *fs, uint32_t ino, const struct ext2_inode *in);

/*
 * Map file block fblock of inode ino (whose copy the caller holds in *in) to
 * a disk block in *pblock. Without alloc a hole gives *pblock = 0. With alloc
 * a hole is filled: the data block and any missing indirect blocks are
 * allocated (near the inode's group) and zeroed on disk, in->i_block and
 * in->i_blocks are updated, and the caller must ext2_iput *in. i_size is not
 * changed. Returns 0, -EFBIG past the triple-indirect limit or 2^31 bytes,
 * -ENOSPC (nothing allocated then), -EINVAL for an inode without block map
 * (fast symlink, device), -EIO (a new block the device did not zero is given
 * back: the hole stays a hole).
 */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t fblock, int alloc,
              uint32_t *pblock);

/*
 * Fill every hole of bytes [pos, pos + n) of file ino (whose copy the caller
 * holds in *in) with a block zeroed on disk, as ext2_bmap with alloc does one
 * block: a page cache calls it before it takes the bytes, so the writer meets
 * ENOSPC at once and writing a page back never allocates. i_size is not
 * changed. The caller must ext2_iput *in afterwards, after a failure too: the
 * blocks filled inside the file stay, and any block mapped past the end
 * (indirect ones included) is freed again. Returns 0, -EFBIG (the range
 * reaches 2^31 - 1 bytes), -ENOSPC, -EINVAL (no block map), -EIO.
 */
int ext2_allocate(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t pos,
                  uint32_t n);

/*
 * Look name (len bytes, not NUL-terminated) up in directory dir; "." and ".."
 * are ordinary entries. Returns 0 and *ino, -ENOENT, -ENOTDIR if dir is not a
 * directory, -ENAMETOOLONG past 255 bytes, -EINVAL bad dir, -EIO.
 */
int ext2_lookup(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);

/*
 * Resolve an absolute path ("/a/b/c"; repeated and trailing slashes allowed,
 * "." and ".." as the directories say, "/.." is "/") to *ino. Symbolic links
 * are not followed. Returns 0, -EINVAL if path does not start with '/',
 * -ENOENT, -ENOTDIR (a prefix, or a trailing slash, names a non-directory),
 * -ENAMETOOLONG (a component past 255 bytes), -EIO.
 */
int ext2_namei(struct ext2_fs *fs, const char *path, uint32_t *ino);

/*
 * Resolve all but the last component of an absolute path: *dir is the parent
 * directory, *name and *len the last component (pointing into path; trailing
 * slashes not included). Returns 0, the errors of ext2_namei, and -EINVAL if
 * there is no last component ("/").
 */
int ext2_namei_parent(struct ext2_fs *fs, const char *path, uint32_t *dir, const char **name,
                      size_t *len);

/*
 * Create name (NUL-terminated) in directory dir with the given mode, which must
 * include EXT2_S_IFREG or EXT2_S_IFDIR; a directory gets "." and "..", link
 * count 2 and its parent one more link (mkdir). Times are now. Returns 0 and
 * *ino (may be NULL), -EEXIST (also for "." and ".."), -ENOENT empty name,
 * -ENAMETOOLONG, -EINVAL ('/' in name, other file type, bad dir), -ENOTDIR,
 * -EMLINK (parent at EXT2_LINK_MAX), -ENOSPC (no inode, or no block for the
 * entry or the new directory; nothing changed then), -EIO.
 */
int ext2_create(struct ext2_fs *fs, uint32_t dir, const char *name, uint16_t mode, uint16_t uid,
                uint16_t gid, uint32_t *ino);

/*
 * Remove the non-directory entry name from dir; at link count 0 the inode's
 * blocks and the inode are freed (i_dtime set). Returns 0, -ENOENT, -EISDIR,
 * -ENOTDIR (dir), -ENAMETOOLONG, -EINVAL, -EIO.
 */
int ext2_unlink(struct ext2_fs *fs, uint32_t dir, const char *name);

/*
 * Remove the empty directory name from dir (the parent loses the link of
 * "..", the directory is freed). Returns 0, -ENOENT, -ENOTDIR (name or dir not
 * a directory), -ENOTEMPTY, -EINVAL for "." (and ".."), -ENAMETOOLONG, -EIO.
 */
int ext2_rmdir(struct ext2_fs *fs, uint32_t dir, const char *name);

/*
 * Rename odir/oname to ndir/nname. An existing target is replaced: a
 * non-directory by a non-directory, an empty directory by a directory.
 * Moving a directory to another parent rewrites its ".." and moves one link
 * from the old parent to the new. Renaming a name onto another name of the
 * same inode does nothing. Returns 0, -ENOENT (oname), -EINVAL ("." or ".."
 * either side, '/' in a name, or a directory into itself or its own
 * subtree), -EISDIR (a non-directory onto a directory), -ENOTDIR (a directory
 * onto a non-directory, or odir/ndir not a directory), -ENOTEMPTY (target
 * directory), -EMLINK, -ENAMETOOLONG, -ENOSPC (nothing changed), -EIO.
 */
int ext2_rename(struct ext2_fs *fs, uint32_t odir, const char *oname, uint32_t ndir,
                const char *nname);

/*
 * Next entry of directory dir at or after byte position *pos (start at 0);
 * *pos is advanced past it. Empty slots are skipped; "." and ".." are
 * returned like others. Updates the directory's atime. Returns 1 with *out
 * filled, 0 at the end, -ENOTDIR, -EINVAL, -EIO.
 */
int ext2_readdir(struct ext2_fs *fs, uint32_t dir, uint32_t *pos, struct ext2_dirent *out);

/*
 * Set the size of regular file ino. Shrinking frees the blocks (and indirect
 * blocks) wholly past the new end and zeroes the tail of the last partial
 * block on disk; growing only sets the size (the gap is a hole). Sets mtime
 * and ctime. Returns 0, -EFBIG (size >= 2^31), -EISDIR, -EINVAL, -EIO.
 */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/*
 * Set inode ino's atime to now (the server's "referenced" hook, e.g. after
 * serving a mapped read from its own cache). Returns 0, -EINVAL, -EIO.
 */
int ext2_touch_atime(struct ext2_fs *fs, uint32_t ino);

/*
 * Say which inodes are still open: when the last name of a regular file goes
 * (unlink, rename over it) and keep(ctx, ino) is not 0, the inode is not
 * freed but put on the orphan list (i_links_count 0, i_dtime the next
 * orphan, s_last_orphan the first), its blocks kept and its data usable by
 * inode number, until ext2_orphan_release. keep NULL: nothing is kept.
 */
void ext2_set_keep(struct ext2_fs *fs, int (*keep)(void *ctx, uint32_t ino), void *ctx);

/*
 * The last use of orphan ino ended: take it off the orphan list, free its
 * blocks and the inode. An inode with a name, or not on the list, is left
 * alone. Returns 0, -EINVAL (bad ino), -EIO.
 */
int ext2_orphan_release(struct ext2_fs *fs, uint32_t ino);

#define EXT2_SYMLINK_MAX 4095    /* bytes of a symlink's target (and below a block) */
#define EXT2_FAST_SYMLINK_MAX 60 /* shorter targets live in i_block (fast symlinks) */
#define EXT2_PATH_MAX 4096       /* bytes of a path being resolved, with its NUL */
#define EXT2_SYMLOOP_MAX 40      /* symlinks one resolution follows before -ELOOP (Linux's) */

/*
 * Make name (NUL-terminated) in directory dir a symbolic link to target
 * (stored as given, mode 0777, owner uid and group gid, times now): a fast
 * symlink below EXT2_FAST_SYMLINK_MAX bytes, else a slow one with a block.
 * Returns 0 and *ino (may be NULL), -EEXIST (also "." and ".."), -ENOENT
 * (empty name or empty target), -ENAMETOOLONG (name past 255 bytes, target
 * past EXT2_SYMLINK_MAX or not below the block size), -EINVAL ('/' in name,
 * bad dir), -ENOTDIR, -ENOSPC (nothing changed), -EIO.
 */
int ext2_symlink(struct ext2_fs *fs, uint32_t dir, const char *name, const char *target,
                 uint16_t uid, uint16_t gid, uint32_t *ino);

/*
 * Copy symlink ino's target into buf, at most size bytes, no NUL added.
 * Returns the bytes copied, -EINVAL (not a symlink, bad ino), -EIO (a
 * target no ext2 makes: empty, too long, with a NUL inside, a bad block).
 */
int ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size);

#define EXT2_FOLLOW 1 /* ext2_resolve: follow a symlink in the last name too */
#define EXT2_PARENT 2 /* ext2_resolve: a missing last name is no error (ino 0) */

/* What ext2_resolve works in and answers with (8 KiB: lend it, not on a small stack). */
struct ext2_walk {
    int (*may_search)(void *ctx, const struct ext2_inode *dir); /* 0 or -errno; NULL: all */
    void *ctx;
    uint32_t ino;                 /* out: the file (0: missing last name, EXT2_PARENT) */
    uint32_t dir;                 /* out: the directory holding the last name */
    char name[EXT2_NAME_MAX + 1]; /* out: the last name; "" if the path names a directory
                                     by no last name ("/", "a/..": then dir == ino) */
    char buf[EXT2_PATH_MAX];      /* the path left to walk */
    char target[EXT2_SYMLINK_MAX + 1];
};

/*
 * Resolve path from the root directory (leading slashes are skipped, so any
 * path is taken as absolute), following symbolic links as POSIX says: always
 * in the middle of a path, in the last name with EXT2_FOLLOW or when a slash
 * follows it; relative targets from the link's directory, absolute ones from
 * the root; at most EXT2_SYMLOOP_MAX links. Each directory is shown to
 * w->may_search before it is searched. Returns 0 with w->ino, w->dir and
 * w->name; -ENOENT, -ENOTDIR (a non-directory on the way, or before a
 * trailing slash), -ENAMETOOLONG (a name past 255 bytes, a path past
 * EXT2_PATH_MAX as given or as links make it), -ELOOP, may_search's error,
 * -EIO.
 */
int ext2_resolve(struct ext2_fs *fs, const char *path, int flags, struct ext2_walk *w);

/* Size of an inode in bytes (i_size_high included for regular files). */
uint64_t ext2_isize(const struct ext2_inode *in);

#endif

/*
 * ext2 library internals shared by the files of fs/: on-disk superblock and
 * group descriptor layouts, struct ext2_fs and the helpers one file offers
 * another. Included only by the .c files of fs/.
 */
#ifndef FS_EXT2_INT_H
#define FS_EXT2_INT_H

#include <stddef.h>
#include <stdint.h>

#include "fs/bcache.h"
#include "fs/ext2.h"

#define EXT2_MAGIC 0xef53
#define EXT2_SB_OFFSET 1024
#define EXT2_SB_SIZE 1024
#define EXT2_DYNAMIC_REV 1
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_VALID_FS 0x0001u

#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_SUPPORTED_INCOMPAT EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_SUPPORTED_RO_COMPAT                                                                   \
    (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

#define EXT2_INDEX_FL 0x00001000u   /* htree directory (we never maintain one) */
#define EXT4_EXTENTS_FL 0x00080000u /* not ext2: refused by bmap */

#define EXT2_BCACHE_BUFS 48        /* metadata buffers per mount */
#define EXT2_MAX_GROUPS (1u << 20) /* bounds the descriptor table a hostile image asks for */
#define EXT2_XATTR_MAGIC 0xea020000u

struct ext2_super {
    uint32_t s_inodes_count;
    uint32_t s_blocks_count;
    uint32_t s_r_blocks_count;
    uint32_t s_free_blocks_count;
    uint32_t s_free_inodes_count;
    uint32_t s_first_data_block;
    uint32_t s_log_block_size;
    uint32_t s_log_frag_size;
    uint32_t s_blocks_per_group;
    uint32_t s_frags_per_group;
    uint32_t s_inodes_per_group;
    uint32_t s_mtime;
    uint32_t s_wtime;
    uint16_t s_mnt_count;
    int16_t s_max_mnt_count;
    uint16_t s_magic;
    uint16_t s_state;
    uint16_t s_errors;
    uint16_t s_minor_rev_level;
    uint32_t s_lastcheck;
    uint32_t s_checkinterval;
    uint32_t s_creator_os;
    uint32_t s_rev_level;
    uint16_t s_def_resuid;
    uint16_t s_def_resgid;
    uint32_t s_first_ino;
    uint16_t s_inode_size;
    uint16_t s_block_group_nr;
    uint32_t s_feature_compat;
    uint32_t s_feature_incompat;
    uint32_t s_feature_ro_compat;
    uint8_t s_rest[EXT2_SB_SIZE - 104]; /* uuid, names, ... kept as read */
} __attribute__((packed));

_Static_assert(sizeof(struct ext2_super) == EXT2_SB_SIZE, "ext2 superblock layout");

struct ext2_gd {
    uint32_t bg_block_bitmap;
    uint32_t bg_inode_bitmap;
    uint32_t bg_inode_table;
    uint16_t bg_free_blocks_count;
    uint16_t bg_free_inodes_count;
    uint16_t bg_used_dirs_count;
    uint16_t bg_flags;
    uint8_t bg_reserved[12];
} __attribute__((packed));

_Static_assert(sizeof(struct ext2_gd) == 32, "ext2 group descriptor layout");

/* On-disk directory entry header; the name follows. */
struct ext2_dirent_disk {
    uint32_t inode;
    uint16_t rec_len;
    uint8_t name_len;
    uint8_t file_type;
} __attribute__((packed));

#define EXT2_DIRENT_HDR 8
#define EXT2_DIRENT_LEN(namelen) ((EXT2_DIRENT_HDR + (uint32_t)(namelen) + 3) & ~3u)

struct ext2_fs {
    struct ext2_dev dev;
    struct bcache *bc;
    struct ext2_super sb;
    uint16_t mount_state; /* s_state as mount found it */
    struct ext2_gd *gd;   /* ngroups descriptors inside gdt_raw */
    uint8_t *gdt_raw;     /* the descriptor table's blocks as on disk */
    int gdt_dirty;
    uint32_t gdt_blocks;
    uint32_t ngroups;
    uint32_t bsize;    /* bytes per block */
    uint32_t ptrs;     /* block numbers per indirect block */
    uint32_t isize;    /* bytes per on-disk inode */
    uint32_t ipg, bpg; /* inodes, blocks per group */
    int filetype;      /* directory entries carry a file type */
    uint8_t *scratch;  /* one block for zeroing file data on disk */
    uint16_t uid, gid; /* who allocates now (ext2_set_user): the reserve is s_def_resuid's */
    int (*keep)(void *ctx, uint32_t ino); /* ext2_set_keep: an unlinked inode still open */
    void *keep_ctx;
};

/* s_last_orphan: the head of the orphan list (inodes with no name left that
 * are still open, chained through i_dtime), as Linux's ext3/ext4 keep it. */
#define EXT2_SB_LAST_ORPHAN 232

/* Seconds since 1970 from the device's clock, 0 without one (inline: every
 * read stamps atime with it). */
static inline uint32_t
ext2_now(struct ext2_fs *fs)
{
    return fs->dev.now != NULL ? fs->dev.now(fs->dev.ctx) : 0;
}

/* super.c */
uint32_t ext2_group_blocks(const struct ext2_fs *fs, uint32_t g);

/* balloc.c */
uint32_t ext2_blocks_avail(const struct ext2_fs *fs);
int ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
int ext2_bfree(struct ext2_fs *fs, uint32_t blk);
int ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int dir, uint32_t *ino);
int ext2_ifree(struct ext2_fs *fs, uint32_t ino, int dir);

/* inode.c */
int ext2_check_ino(const struct ext2_fs *fs, uint32_t ino);
int ext2_izero(struct ext2_fs *fs, uint32_t ino);
int ext2_check_blk(const struct ext2_fs *fs, uint32_t blk);
void ext2_set_isize(struct ext2_inode *in, uint64_t size);
int ext2_has_blockmap(const struct ext2_fs *fs, const struct ext2_inode *in);
int ext2_bmap_new(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t fblock,
                  uint32_t *pblock, int *fresh);
int ext2_unmap(struct ext2_fs *fs, struct ext2_inode *in, uint32_t fblock);
int ext2_free_from(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t first);
int ext2_free_past_end(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
int ext2_zero_range(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint64_t from,
                    uint64_t to);
int ext2_release(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);

/* orphan.c */
int ext2_orphan_add(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in);
int ext2_orphans_cleanup(struct ext2_fs *fs);

/* dir.c */
int ext2_dir_get(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din);
int ext2_dir_find(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t *ino);
int ext2_dir_add(struct ext2_fs *fs, uint32_t dir, struct ext2_inode *din, const char *name,
                 size_t len, uint32_t ino, uint16_t mode);
int ext2_dir_remove(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len);
int ext2_dir_retarget(struct ext2_fs *fs, uint32_t dir, const char *name, size_t len, uint32_t ino,
                      uint16_t mode, int times);
int ext2_dir_empty(struct ext2_fs *fs, uint32_t dir);
int ext2_dir_init(struct ext2_fs *fs, uint32_t ino, struct ext2_inode *in, uint32_t parent);
uint8_t ext2_ftype(uint16_t mode);

int ext2_check_name(const char *name, size_t *len); /* fs/namei.c */

#endif

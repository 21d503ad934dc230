/*
 * Helpers shared by the ext2 host tests (test_ext2.c, test_ext2_random.c,
 * test_pcache.c): scratch directories, mke2fs images, an ext2_dev backed by
 * an image file, e2fsck and debugfs runs, file data through the page cache.
 * Included only by tests/host/.
 */
#ifndef TESTS_HOST_EXT2_UTIL_H
#define TESTS_HOST_EXT2_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "fs/ext2.h"

/* An image file opened as an ext2_dev; now() returns the settable clock. */
struct filedev {
    int fd;
    uint32_t clock;
    uint64_t size;
    int fail_writes;        /* writes fail with -EIO while set */
    int fail_reads;         /* reads fail with -EIO while set */
    uint32_t reads, writes; /* transfers asked for (failed ones too) */
    struct ext2_dev dev;
};

char *xt_tmpdir(void);
void xt_rmtree(const char *path);
int xt_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xt_sh_out(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xt_write_file(const char *path, const void *data, size_t n);
void xt_write_at(const char *path, uint64_t off, const void *data, size_t n, uint64_t size);
void xt_pattern(uint8_t *buf, size_t n, uint64_t off, uint32_t seed);
int xt_mkfs(const char *img, uint32_t bsize, const char *srcdir, uint32_t size_kib,
            const char *extra);
void xt_open(struct filedev *d, const char *img);
void xt_close(struct filedev *d);
int xt_fsck(const char *img);
int xt_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, uint32_t n);
int xt_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, uint32_t n);

#endif

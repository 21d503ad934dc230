/*
 * tests/host/test_ext2.c - fs/ (the ext2 library) against real mke2fs images.
 *
 * A source tree made once per run (an empty file, one-block and 12-block
 * files, a sparse file reaching double-indirect blocks at every block size,
 * a 70 MiB sparse file reaching triple-indirect blocks on 1 KiB blocks,
 * nested directories, a directory of 300 files, a 255-byte name, hard links,
 * a fast and a slow symlink) is copied
 * into images by mke2fs -d at block sizes 1, 2 and 4 KiB (with 128- and
 * 256-byte inodes). Each case makes its own image in its own /tmp directory,
 * mounts it through a pread/pwrite device, works on it (file data through
 * the page cache, as the file server moves it: xt_read, xt_write),
 * unmounts, and requires `e2fsck -fn` to find it clean; where it helps, debugfs reads the
 * result back independently. Covered: reading every file, readdir, namei,
 * create/write/read/unlink/mkdir/rmdir/rename, truncate down and up with zero
 * tails, sparse writes and reads, triple-indirect writes up to 2^31 - 1,
 * ENOSPC for blocks and inodes without losing anything already written,
 * the reserved blocks kept for s_def_resuid alone,
 * spilling into other groups, undoing a mkdir whose entry does not fit,
 * hard links, symlinks and attribute blocks made by others, an htree
 * directory made by e2fsck -D, the error numbers of every operation,
 * timestamps, sync while mounted, and refusing unsupported images.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs/ext2.h"
#include "kernel/abi/errno.h"
#include "tests/host/ext2_util.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define BIG_SIZE (70u * MIB)
#define DBL_SIZE (6u * MIB)
#define NMANY 300

static char *srcdir; // the source tree, made by group_setup

/* Where the sparse source files hold data: offset, length (the rest are holes). */
struct extent {
    uint64_t off;
    uint32_t len;
};
static const struct extent big_extents[] = {
    {0, 3000},        {MIB, 5000},           {10 * MIB + 123, 2000}, {64 * MIB + 700 * KIB, 9000},
    {69 * MIB, 4096}, {BIG_SIZE - 100, 100},
};
static const struct extent dbl_extents[] = {
    {0, 8192},
    {100 * KIB, 1},
    {4 * MIB + 512 * KIB, 7000},
    {DBL_SIZE - 10, 10},
};

/* One image under test. */
struct img {
    char *dir;
    char path[256];
    struct filedev d;
    struct ext2_fs *fs;
};
static struct img *cur; // freed by teardown if a case fails half way

static char *
src_path(const char *name)
{
    static char p[512];

    snprintf(p, sizeof(p), "%s/%s", srcdir, name);
    return p;
}

static void
write_sparse(const char *name, const struct extent *e, size_t n, uint64_t size, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *buf = malloc(e[i].len);

        assert_non_null(buf);
        xt_pattern(buf, e[i].len, e[i].off, seed);
        xt_write_at(src_path(name), e[i].off, buf, e[i].len, size);
        free(buf);
    }
}

static int
group_setup(void **state)
{
    uint8_t buf[12 * 4096];
    char name[64], longname[EXT2_NAME_MAX + 1];

    (void)state;
    srcdir = xt_tmpdir();
    xt_write_file(src_path("empty"), "", 0);
    xt_pattern(buf, 1024, 0, 1);
    xt_write_file(src_path("one"), buf, 1024);
    xt_pattern(buf, sizeof(buf), 0, 2);
    xt_write_file(src_path("twelve"), buf, sizeof(buf));
    write_sparse("dbl", dbl_extents, sizeof(dbl_extents) / sizeof(dbl_extents[0]), DBL_SIZE, 3);
    write_sparse("big", big_extents, sizeof(big_extents) / sizeof(big_extents[0]), BIG_SIZE, 4);
    assert_int_equal(xt_sh("mkdir -p '%s/a/b/c/d' '%s/many'", srcdir, srcdir), 0);
    xt_write_file(src_path("a/b/c/d/deep.txt"), "deep\n", 5);
    xt_write_file(src_path("a/b/mid.txt"), "middle\n", 7);
    for (int i = 0; i < NMANY; i++) {
        snprintf(name, sizeof(name), "many/file%03d", i);
        xt_write_file(src_path(name), name, strlen(name));
    }
    memset(longname, 'L', EXT2_NAME_MAX);
    longname[EXT2_NAME_MAX] = '\0';
    xt_write_file(src_path(longname), "long", 4);
    // hard links and symlinks (fast: target in the inode; slow: in a block)
    assert_int_equal(xt_sh("cd '%s' && echo linked >h1 && ln h1 h2 && ln -s short l1 && "
                           "ln -s %0100d l2",
                           srcdir, 0),
                     0);
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    xt_rmtree(srcdir);
    free(srcdir);
    return 0;
}

static void
img_mount(struct img *m)
{
    xt_open(&m->d, m->path);
    assert_int_equal(ext2_mount(&m->fs, &m->d.dev), 0);
}

static void
img_unmount(struct img *m)
{
    assert_int_equal(ext2_unmount(m->fs), 0);
    m->fs = NULL;
    xt_close(&m->d);
}

/* A fresh image (from the source tree if src) of size_kib KiB, mounted. */
static struct img *
img_new(uint32_t bsize, uint32_t size_kib, int src, const char *extra)
{
    struct img *m = calloc(1, sizeof(*m));

    assert_non_null(m);
    cur = m;
    m->dir = xt_tmpdir();
    snprintf(m->path, sizeof(m->path), "%s/img", m->dir);
    assert_int_equal(xt_mkfs(m->path, bsize, src ? srcdir : NULL, size_kib, extra), 0);
    img_mount(m);
    return m;
}

static void
img_free(struct img *m)
{
    if (m->fs != NULL) {
        ext2_unmount(m->fs);
        xt_close(&m->d);
    }
    xt_rmtree(m->dir);
    free(m->dir);
    free(m);
    cur = NULL;
}

/* Unmount, require e2fsck -fn clean, free. */
static void
img_finish(struct img *m)
{
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_free(m);
}

static int
teardown(void **state)
{
    (void)state;
    if (cur != NULL)
        img_free(cur);
    return 0;
}

static uint32_t
ino_of(struct ext2_fs *fs, const char *path)
{
    uint32_t ino = 0;

    assert_int_equal(ext2_namei(fs, path, &ino), 0);
    return ino;
}

static struct ext2_inode
inode_of(struct ext2_fs *fs, const char *path)
{
    struct ext2_inode in;

    assert_int_equal(ext2_iget(fs, ino_of(fs, path), &in), 0);
    return in;
}

/* Create path (its parent must exist) as a regular file; its inode. */
static uint32_t
mkfile(struct ext2_fs *fs, const char *path)
{
    uint32_t dir, ino;
    const char *name;
    size_t len;
    char buf[EXT2_NAME_MAX + 1];

    assert_int_equal(ext2_namei_parent(fs, path, &dir, &name, &len), 0);
    memcpy(buf, name, len);
    buf[len] = '\0';
    assert_int_equal(ext2_create(fs, dir, buf, EXT2_S_IFREG | 0644, 1000, 100, &ino), 0);
    return ino;
}

static uint32_t
mkdir_at(struct ext2_fs *fs, const char *path)
{
    uint32_t dir, ino;
    const char *name;
    size_t len;
    char buf[EXT2_NAME_MAX + 1];

    assert_int_equal(ext2_namei_parent(fs, path, &dir, &name, &len), 0);
    memcpy(buf, name, len);
    buf[len] = '\0';
    assert_int_equal(ext2_create(fs, dir, buf, EXT2_S_IFDIR | 0755, 0, 0, &ino), 0);
    return ino;
}

/* The whole contents of file ino (size from the inode). */
static uint8_t *
read_all(struct ext2_fs *fs, uint32_t ino, uint64_t *size)
{
    struct ext2_inode in;
    uint8_t *buf;

    assert_int_equal(ext2_iget(fs, ino, &in), 0);
    *size = ext2_isize(&in);
    buf = malloc(*size + 1);
    assert_non_null(buf);
    assert_int_equal(xt_read(fs, ino, 0, buf, (uint32_t)*size), (int)*size);
    return buf;
}

/* File path in the image equals the source tree's file of the same name. */
static void
check_same_as_src(struct ext2_fs *fs, const char *name)
{
    char p[600];
    uint64_t size;
    size_t hn;
    uint8_t *got, *want;

    snprintf(p, sizeof(p), "/%s", name);
    got = read_all(fs, ino_of(fs, p), &size);
    want = (uint8_t *)xt_sh_out(&hn, "cat '%s'", src_path(name));
    assert_int_equal(size, hn);
    assert_memory_equal(got, want, hn);
    free(got);
    free(want);
}

/* debugfs's view of path in img equals want[0..n). */
static void
check_debugfs_cat(const char *img, const char *path, const void *want, size_t n)
{
    size_t got_n;
    char *got = xt_sh_out(&got_n, "debugfs -R 'cat %s' '%s' 2>/dev/null", path, img);

    assert_int_equal(got_n, n);
    assert_memory_equal(got, want, n);
    free(got);
}

/* ---- reading what mke2fs wrote ------------------------------------------------ */

static void
read_src(uint32_t bsize, const char *extra)
{
    struct img *m = img_new(bsize, 32 * KIB, 1, extra);
    struct ext2_dirent de;
    char longname[EXT2_NAME_MAX + 2], name[64];
    uint8_t seen[NMANY] = {0};
    uint32_t pos = 0, dir, ino;
    int r, n = 0, dots = 0;

    assert_int_equal(ext2_block_size(m->fs), bsize);
    check_same_as_src(m->fs, "empty");
    check_same_as_src(m->fs, "one");
    check_same_as_src(m->fs, "twelve");
    check_same_as_src(m->fs, "dbl");
    check_same_as_src(m->fs, "big");
    check_same_as_src(m->fs, "a/b/c/d/deep.txt");
    check_same_as_src(m->fs, "a/b/mid.txt");
    memset(longname, 'L', EXT2_NAME_MAX);
    longname[EXT2_NAME_MAX] = '\0';
    check_same_as_src(m->fs, longname);
    assert_int_equal(ext2_namei(m->fs, "//a///b/c/./d/../d/deep.txt", &ino), 0);
    assert_int_equal(ino, ino_of(m->fs, "/a/b/c/d/deep.txt"));
    assert_int_equal(ino_of(m->fs, "/.."), EXT2_ROOT_INO);
    assert_int_equal(ino_of(m->fs, "/a/b/"), ino_of(m->fs, "/a/b"));
    for (int i = 0; i < NMANY; i += 37) {
        snprintf(name, sizeof(name), "many/file%03d", i);
        check_same_as_src(m->fs, name);
    }
    dir = ino_of(m->fs, "/many");
    while ((r = ext2_readdir(m->fs, dir, &pos, &de)) == 1) {
        if (strcmp(de.name, ".") == 0 || strcmp(de.name, "..") == 0) {
            assert_int_equal(de.type, EXT2_FT_DIR);
            dots++;
            continue;
        }
        assert_int_equal(de.type, EXT2_FT_REG_FILE);
        assert_int_equal(strncmp(de.name, "file", 4), 0);
        int i = atoi(de.name + 4);
        assert_true(i >= 0 && i < NMANY && !seen[i]);
        assert_int_equal(de.name_len, strlen(de.name));
        seen[i] = 1;
        n++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(n, NMANY);
    assert_int_equal(dots, 2);
    img_finish(m);
}

static void
test_read_src_1k(void **s)
{
    (void)s;
    read_src(1024, NULL);
}
static void
test_read_src_2k(void **s)
{
    (void)s;
    read_src(2048, "-I 128");
}
static void
test_read_src_4k(void **s)
{
    (void)s;
    read_src(4096, NULL);
}

/* ---- create, write, read, rename, unlink, mkdir, rmdir -------------------- */

static void
write_ops(uint32_t bsize)
{
    struct img *m = img_new(bsize, 16 * KIB, 1, NULL);
    struct ext2_statfs st0, st;
    const uint32_t n = 5 * bsize + 777;
    uint8_t *buf = malloc(3 * MIB), *back = malloc(3 * MIB);
    uint64_t far = 12 * bsize + (uint64_t)(bsize / 4) * bsize + 3 * bsize + 5; // double-indirect
    uint32_t f, g, d1, d2;
    struct ext2_inode in;
    size_t len;

    assert_non_null(buf);
    assert_non_null(back);
    ext2_statfs(m->fs, &st0);
    mkdir_at(m->fs, "/w");
    d1 = mkdir_at(m->fs, "/w/d1");
    f = mkfile(m->fs, "/w/d1/f");
    xt_pattern(buf, n, 13, 7);
    assert_int_equal(xt_write(m->fs, f, 13, buf, n), (int)n);
    assert_int_equal(xt_read(m->fs, f, 13, back, n + 100), (int)n); // short at EOF
    assert_memory_equal(back, buf, n);
    assert_int_equal(xt_read(m->fs, f, 0, back, 13), 13);
    for (int i = 0; i < 13; i++)
        assert_int_equal(back[i], 0);
    // overwrite across a block boundary
    xt_pattern(buf + 1000, 3000, 1000, 9);
    assert_int_equal(xt_write(m->fs, f, 13 + 1000, buf + 1000, 3000), 3000);
    assert_int_equal(xt_read(m->fs, f, 13, back, n), (int)n);
    assert_memory_equal(back, buf, n);
    // far sparse write: the gap reads as zeros
    assert_int_equal(xt_write(m->fs, f, far, "tail", 4), 4);
    assert_int_equal(ext2_iget(m->fs, f, &in), 0);
    assert_int_equal(ext2_isize(&in), far + 4);
    assert_int_equal(xt_read(m->fs, f, far - 3 * bsize, back, 3 * bsize + 4), 3 * bsize + 4);
    for (uint32_t i = 0; i < 3 * bsize; i++)
        assert_int_equal(back[i], 0);
    assert_memory_equal(back + 3 * bsize, "tail", 4);
    // a large aligned write
    g = mkfile(m->fs, "/w/g");
    xt_pattern(buf, 3 * MIB, 0, 11);
    assert_int_equal(xt_write(m->fs, g, 0, buf, 3 * MIB), (int)(3 * MIB));
    assert_int_equal(xt_read(m->fs, g, 0, back, 3 * MIB), (int)(3 * MIB));
    assert_memory_equal(back, buf, 3 * MIB);
    // rename within a directory and across directories
    d2 = mkdir_at(m->fs, "/w/d2");
    assert_int_equal(ext2_rename(m->fs, d1, "f", d1, "f2"), 0);
    assert_int_equal(ext2_namei(m->fs, "/w/d1/f", &f), -ENOENT);
    assert_int_equal(ext2_rename(m->fs, d1, "f2", d2, "moved"), 0);
    f = ino_of(m->fs, "/w/d2/moved");
    // unlink a source file, rmdir an emptied directory
    assert_int_equal(ext2_unlink(m->fs, ino_of(m->fs, "/"), "twelve"), 0);
    assert_int_equal(ext2_rmdir(m->fs, ino_of(m->fs, "/w"), "d1"), 0);
    assert_int_equal(ext2_namei(m->fs, "/w/d1", &d1), -ENOENT);
    // mkdir link counts
    assert_int_equal(inode_of(m->fs, "/w").i_links_count, 3);
    assert_int_equal(inode_of(m->fs, "/w/d2").i_links_count, 2);
    // many creates in one directory, then removal of all of them
    for (int i = 0; i < 200; i++) {
        char p[64];

        snprintf(p, sizeof(p), "/w/d2/n%d-%s", i, i % 3 ? "x" : "a-longer-name-for-variety");
        mkfile(m->fs, p);
    }
    for (int i = 0; i < 200; i += 2) {
        char p[64];

        snprintf(p, sizeof(p), "n%d-%s", i, i % 3 ? "x" : "a-longer-name-for-variety");
        assert_int_equal(ext2_unlink(m->fs, d2, p), 0);
    }
    ext2_statfs(m->fs, &st);
    assert_true(st.free_blocks < st0.free_blocks);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    check_debugfs_cat(m->path, "/w/g", buf, 3 * MIB);
    check_debugfs_cat(m->path, "/a/b/mid.txt", "middle\n", 7);
    {
        char *ls = xt_sh_out(&len, "debugfs -R 'ls /w/d2' '%s' 2>/dev/null", m->path);

        assert_non_null(strstr(ls, "moved"));
        assert_non_null(strstr(ls, "n1-x"));
        assert_null(strstr(ls, "n2-x"));
        free(ls);
    }
    // again after a remount: contents still there
    img_mount(m);
    f = ino_of(m->fs, "/w/d2/moved");
    assert_int_equal(xt_read(m->fs, f, far, back, 10), 4);
    assert_memory_equal(back, "tail", 4);
    assert_int_equal(ext2_truncate(m->fs, f, 0), 0);
    assert_int_equal(ext2_unlink(m->fs, ino_of(m->fs, "/w/d2"), "moved"), 0);
    img_finish(m);
    free(buf);
    free(back);
}

static void
test_write_ops_1k(void **s)
{
    (void)s;
    write_ops(1024);
}
static void
test_write_ops_2k(void **s)
{
    (void)s;
    write_ops(2048);
}
static void
test_write_ops_4k(void **s)
{
    (void)s;
    write_ops(4096);
}

/* ---- truncate ----------------------------------------------------------------- */

static void
truncate_ops(uint32_t bsize)
{
    struct img *m = img_new(bsize, 32 * KIB, 1, NULL);
    struct ext2_statfs st0, st;
    uint32_t p = bsize / 4, f, big;
    uint64_t sizes[] = {
        (12 + p + 2 * p + 5) * (uint64_t)bsize + 17, // inside the double-indirect range
        (12 + p + 3) * (uint64_t)bsize,              // single-indirect, block aligned
        12 * (uint64_t)bsize + 1,                    // first indirect block, one byte
        12 * (uint64_t)bsize,                        // no indirect block left
        5 * (uint64_t)bsize - 3,                     // direct, partial block
        1,
        0,
    };
    const uint32_t n = 700 * KIB;
    uint8_t *buf = malloc(n), *back = malloc(n);
    uint64_t size;

    assert_non_null(buf);
    assert_non_null(back);
    ext2_statfs(m->fs, &st0);
    f = mkfile(m->fs, "/t");
    xt_pattern(buf, n, 0, 5);
    // fill a whole region densely so every indirect level has blocks
    for (uint64_t off = 0; off < sizes[0]; off += n) {
        uint32_t k = sizes[0] - off < n ? (uint32_t)(sizes[0] - off) : n;

        xt_pattern(buf, k, off, 5);
        assert_int_equal(xt_write(m->fs, f, off, buf, k), (int)k);
    }
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint64_t s = sizes[i];
        uint32_t k = s < 2 * bsize ? (uint32_t)s : 2 * bsize;

        assert_int_equal(ext2_truncate(m->fs, f, s), 0);
        // grow again by three blocks: the old tail and the gap read as zeros
        assert_int_equal(ext2_truncate(m->fs, f, s + 3 * bsize), 0);
        assert_int_equal(xt_read(m->fs, f, s - k, back, k + 3 * bsize), (int)(k + 3 * bsize));
        xt_pattern(buf, k, s - k, 5);
        assert_memory_equal(back, buf, k);
        for (uint32_t j = 0; j < 3 * bsize; j++)
            assert_int_equal(back[k + j], 0);
        assert_int_equal(ext2_truncate(m->fs, f, s), 0);
    }
    assert_int_equal(inode_of(m->fs, "/t").i_blocks, 0);
    // write past a truncated tail within the same block: zeros between
    assert_int_equal(xt_write(m->fs, f, 0, "abcdef", 6), 6);
    assert_int_equal(ext2_truncate(m->fs, f, 2), 0);
    assert_int_equal(xt_write(m->fs, f, 5, "Z", 1), 1);
    assert_int_equal(xt_read(m->fs, f, 0, back, 100), 6);
    assert_memory_equal(back, "ab\0\0\0Z", 6);
    assert_int_equal(ext2_unlink(m->fs, ino_of(m->fs, "/"), "t"), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks);
    assert_int_equal(st.free_inodes, st0.free_inodes);
    // the big sparse source file: cut into its double- then single-indirect range
    big = ino_of(m->fs, "/big");
    assert_int_equal(ext2_truncate(m->fs, big, 10 * MIB + 1000), 0);
    assert_int_equal(xt_read(m->fs, big, 0, back, 3000), 3000);
    xt_pattern(buf, 3000, 0, 4);
    assert_memory_equal(back, buf, 3000);
    assert_int_equal(ext2_truncate(m->fs, big, 20 * KIB), 0);
    free(read_all(m->fs, big, &size));
    assert_int_equal(size, 20 * KIB);
    img_finish(m);
    free(buf);
    free(back);
}

static void
test_truncate_1k(void **s)
{
    (void)s;
    truncate_ops(1024);
}
static void
test_truncate_2k(void **s)
{
    (void)s;
    truncate_ops(2048);
}
static void
test_truncate_4k(void **s)
{
    (void)s;
    truncate_ops(4096);
}

/* Triple-indirect writes on 1 KiB blocks, up to the last byte allowed. */
static void
test_triple_indirect(void **s)
{
    struct img *m = img_new(1024, 16 * KIB, 1, "-I 128");
    struct ext2_statfs st0, st;
    uint32_t f, big;
    uint8_t buf[5000], back[5000];
    uint64_t last = EXT2_MAX_FILE_SIZE - 1;
    uint32_t big_blocks;

    (void)s;
    ext2_statfs(m->fs, &st0);
    f = mkfile(m->fs, "/huge");
    assert_int_equal(xt_write(m->fs, f, last, "X", 1), 1);
    assert_int_equal(xt_write(m->fs, f, last, "XY", 2), 1); // capped at the limit
    assert_int_equal(xt_write(m->fs, f, last + 1, "Y", 1), -EFBIG);
    assert_int_equal(ext2_truncate(m->fs, f, (uint64_t)EXT2_MAX_FILE_SIZE + 1), -EFBIG);
    assert_int_equal(xt_read(m->fs, f, last - 1, back, 10), 2);
    assert_memory_equal(back, "\0X", 2);
    // 1 data + 1 triple + 1 double + 1 single indirect block
    assert_int_equal(inode_of(m->fs, "/huge").i_blocks, 4 * 2);
    // the source's triple-indirect extent, rewritten in place and next to it
    big = ino_of(m->fs, "/big");
    xt_pattern(buf, sizeof(buf), 66 * MIB, 8);
    big_blocks = inode_of(m->fs, "/big").i_blocks;
    assert_int_equal(xt_write(m->fs, big, 66 * MIB, buf, sizeof(buf)), sizeof(buf));
    big_blocks = inode_of(m->fs, "/big").i_blocks - big_blocks;
    assert_int_equal(big_blocks, 6 * 2); // five data blocks and a new indirect block
    assert_int_equal(xt_read(m->fs, big, 66 * MIB, back, sizeof(back)), sizeof(back));
    assert_memory_equal(back, buf, sizeof(buf));
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    assert_int_equal(ext2_truncate(m->fs, ino_of(m->fs, "/huge"), 0), 0);
    assert_int_equal(ext2_unlink(m->fs, EXT2_ROOT_INO, "huge"), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks - big_blocks / 2); // only /big grew
    img_finish(m);
}

/* ---- rename ------------------------------------------------------------------- */

static void
rename_ops(uint32_t bsize)
{
    struct img *m = img_new(bsize, 8 * KIB, 0, NULL);
    struct ext2_statfs st0, st;
    uint32_t x, y, d, a, b, ino;
    uint8_t back[16];

    ext2_statfs(m->fs, &st0);
    x = mkdir_at(m->fs, "/x");
    y = mkdir_at(m->fs, "/y");
    d = mkdir_at(m->fs, "/x/d");
    mkdir_at(m->fs, "/x/d/sub");
    a = mkfile(m->fs, "/x/d/a");
    assert_int_equal(xt_write(m->fs, a, 0, "AAAA", 4), 4);
    b = mkfile(m->fs, "/y/b");
    assert_int_equal(xt_write(m->fs, b, 0, "BBBB", 4), 4);
    // a directory into its own subtree, or onto itself
    assert_int_equal(ext2_rename(m->fs, x, "d", ino_of(m->fs, "/x/d/sub"), "d"), -EINVAL);
    assert_int_equal(ext2_rename(m->fs, x, "d", d, "d2"), -EINVAL);
    assert_int_equal(ext2_rename(m->fs, EXT2_ROOT_INO, "x", d, "x"), -EINVAL);
    // move the directory: links and ".." follow
    assert_int_equal(inode_of(m->fs, "/x").i_links_count, 3);
    assert_int_equal(ext2_rename(m->fs, x, "d", y, "d"), 0);
    assert_int_equal(inode_of(m->fs, "/x").i_links_count, 2);
    assert_int_equal(inode_of(m->fs, "/y").i_links_count, 3);
    assert_int_equal(inode_of(m->fs, "/y/d").i_links_count, 3);
    assert_int_equal(ino_of(m->fs, "/y/d/.."), y);
    assert_int_equal(ino_of(m->fs, "/y/d/sub/../.."), y);
    // replace a file: the old target is freed
    ext2_statfs(m->fs, &st);
    assert_int_equal(ext2_rename(m->fs, d, "a", y, "b"), 0);
    assert_int_equal(ino_of(m->fs, "/y/b"), a);
    assert_int_equal(xt_read(m->fs, a, 0, back, sizeof(back)), 4);
    assert_memory_equal(back, "AAAA", 4);
    ext2_statfs(m->fs, &st0);
    assert_int_equal(st0.free_inodes, st.free_inodes + 1);
    assert_int_equal(st0.free_blocks, st.free_blocks + 1);
    // same inode: nothing happens
    assert_int_equal(ext2_rename(m->fs, y, "b", y, "b"), 0);
    assert_int_equal(ino_of(m->fs, "/y/b"), a);
    // file onto dir, dir onto file, dir onto a non-empty dir
    assert_int_equal(ext2_rename(m->fs, y, "b", y, "d"), -EISDIR);
    assert_int_equal(ext2_rename(m->fs, y, "d", y, "b"), -ENOTDIR);
    mkdir_at(m->fs, "/x/full");
    mkfile(m->fs, "/x/full/f");
    assert_int_equal(ext2_rename(m->fs, y, "d", x, "full"), -ENOTEMPTY);
    // dir onto an empty dir (other parent): y loses d, x keeps its count
    mkdir_at(m->fs, "/x/empty");
    assert_int_equal(inode_of(m->fs, "/x").i_links_count, 4);
    assert_int_equal(ext2_rename(m->fs, y, "d", x, "empty"), 0);
    assert_int_equal(inode_of(m->fs, "/x").i_links_count, 4);
    assert_int_equal(inode_of(m->fs, "/y").i_links_count, 2);
    assert_int_equal(ino_of(m->fs, "/x/empty"), d);
    assert_int_equal(ino_of(m->fs, "/x/empty/.."), x);
    // dir onto an empty dir in the same parent
    mkdir_at(m->fs, "/x/e2");
    assert_int_equal(ext2_rename(m->fs, x, "empty", x, "e2"), 0);
    assert_int_equal(inode_of(m->fs, "/x").i_links_count, 4);
    assert_int_equal(ext2_namei(m->fs, "/x/empty", &ino), -ENOENT);
    // errors
    assert_int_equal(ext2_rename(m->fs, x, "nope", y, "z"), -ENOENT);
    assert_int_equal(ext2_rename(m->fs, x, ".", y, "z"), -EINVAL);
    assert_int_equal(ext2_rename(m->fs, x, "e2", y, ".."), -EINVAL);
    assert_int_equal(ext2_rename(m->fs, a, "x", y, "z"), -ENOTDIR);
    assert_int_equal(ext2_rename(m->fs, x, "e2", y, "a/b"), -EINVAL);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    check_debugfs_cat(m->path, "/y/b", "AAAA", 4);
    img_mount(m);
    img_finish(m);
}

static void
test_rename_1k(void **s)
{
    (void)s;
    rename_ops(1024);
}
static void
test_rename_4k(void **s)
{
    (void)s;
    rename_ops(4096);
}

/* ---- error numbers ------------------------------------------------------------ */

static void
test_errors(void **s)
{
    struct img *m = img_new(2048, 8 * KIB, 1, NULL);
    char longname[EXT2_NAME_MAX + 2];
    char path[600];
    uint32_t root = EXT2_ROOT_INO, f, d, ino;
    struct ext2_inode in;
    struct ext2_dirent de;
    uint32_t pos = 0;
    uint8_t buf[8];
    const char *name;
    size_t len;

    (void)s;
    f = ino_of(m->fs, "/one");
    d = ino_of(m->fs, "/a");
    memset(longname, 'n', sizeof(longname));
    longname[EXT2_NAME_MAX + 1] = '\0';
    assert_int_equal(ext2_create(m->fs, root, "one", EXT2_S_IFREG | 0644, 0, 0, &ino), -EEXIST);
    assert_int_equal(ext2_create(m->fs, root, "a", EXT2_S_IFDIR | 0755, 0, 0, &ino), -EEXIST);
    assert_int_equal(ext2_create(m->fs, root, ".", EXT2_S_IFDIR | 0755, 0, 0, &ino), -EEXIST);
    assert_int_equal(ext2_create(m->fs, root, "..", EXT2_S_IFREG, 0, 0, &ino), -EEXIST);
    assert_int_equal(ext2_create(m->fs, root, longname, EXT2_S_IFREG, 0, 0, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_create(m->fs, root, "", EXT2_S_IFREG, 0, 0, &ino), -ENOENT);
    assert_int_equal(ext2_create(m->fs, root, "x/y", EXT2_S_IFREG, 0, 0, &ino), -EINVAL);
    assert_int_equal(ext2_create(m->fs, root, "lnk", EXT2_S_IFLNK | 0777, 0, 0, &ino), -EINVAL);
    assert_int_equal(ext2_create(m->fs, f, "x", EXT2_S_IFREG, 0, 0, &ino), -ENOTDIR);
    assert_int_equal(ext2_create(m->fs, 0, "x", EXT2_S_IFREG, 0, 0, &ino), -EINVAL);
    assert_int_equal(ext2_unlink(m->fs, root, "a"), -EISDIR);
    assert_int_equal(ext2_unlink(m->fs, root, "."), -EISDIR);
    assert_int_equal(ext2_unlink(m->fs, root, "nope"), -ENOENT);
    assert_int_equal(ext2_unlink(m->fs, f, "x"), -ENOTDIR);
    assert_int_equal(ext2_unlink(m->fs, root, longname), -ENAMETOOLONG);
    assert_int_equal(ext2_rmdir(m->fs, root, "a"), -ENOTEMPTY);
    assert_int_equal(ext2_rmdir(m->fs, root, "one"), -ENOTDIR);
    assert_int_equal(ext2_rmdir(m->fs, d, "."), -EINVAL);
    assert_int_equal(ext2_rmdir(m->fs, d, ".."), -ENOTEMPTY);
    assert_int_equal(ext2_rmdir(m->fs, root, "nope"), -ENOENT);
    assert_int_equal(ext2_lookup(m->fs, f, "x", 1, &ino), -ENOTDIR);
    assert_int_equal(ext2_lookup(m->fs, root, longname, EXT2_NAME_MAX + 1, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_lookup(m->fs, root, "one", 2, &ino), -ENOENT);
    assert_int_equal(ext2_namei(m->fs, "/one/x", &ino), -ENOTDIR);
    assert_int_equal(ext2_namei(m->fs, "/one/", &ino), -ENOTDIR);
    assert_int_equal(ext2_namei(m->fs, "/nope/x", &ino), -ENOENT);
    assert_int_equal(ext2_namei(m->fs, "one", &ino), -EINVAL);
    snprintf(path, sizeof(path), "/a/%s", longname);
    assert_int_equal(ext2_namei(m->fs, path, &ino), -ENAMETOOLONG);
    assert_int_equal(ext2_namei(m->fs, "/", &ino), 0);
    assert_int_equal(ino, root);
    assert_int_equal(ext2_readdir(m->fs, f, &pos, &de), -ENOTDIR);
    pos = 0xfffffff0u;
    assert_int_equal(ext2_readdir(m->fs, d, &pos, &de), 0);
    pos = 5; // inside "."'s entry: the next entry after it
    assert_int_equal(ext2_readdir(m->fs, d, &pos, &de), 1);
    assert_string_equal(de.name, "..");
    assert_int_equal(xt_read(m->fs, d, 0, buf, 8), -EISDIR);
    assert_int_equal(xt_write(m->fs, d, 0, buf, 8), -EISDIR);
    assert_int_equal(ext2_truncate(m->fs, d, 0), -EISDIR);
    assert_int_equal(xt_write(m->fs, f, 1ull << 31, buf, 8), -EFBIG);
    assert_int_equal(xt_write(m->fs, f, 1ull << 40, buf, 8), -EFBIG);
    assert_int_equal(xt_read(m->fs, f, 1ull << 40, buf, 8), 0);
    assert_int_equal(ext2_iget(m->fs, 0, &in), -EINVAL);
    assert_int_equal(ext2_iget(m->fs, 1u << 30, &in), -EINVAL);
    assert_int_equal(xt_read(m->fs, 1u << 30, 0, buf, 8), -EINVAL);
    assert_int_equal(xt_write(m->fs, 1, 0, buf, 8), -EINVAL); // bad-blocks inode: not a file
    assert_int_equal(xt_write(m->fs, f, 0, buf, 0), 0);
    assert_int_equal(ext2_namei_parent(m->fs, "/", &ino, &name, &len), -EINVAL);
    assert_int_equal(ext2_namei_parent(m->fs, "//", &ino, &name, &len), -EINVAL);
    assert_int_equal(ext2_namei_parent(m->fs, "/one/x", &ino, &name, &len), -ENOTDIR);
    assert_int_equal(ext2_namei_parent(m->fs, "/a/b//", &ino, &name, &len), 0);
    assert_int_equal(ino, d);
    assert_int_equal(len, 1);
    assert_memory_equal(name, "b", 1);
    img_finish(m);
}

/* ---- timestamps --------------------------------------------------------------- */

static void
test_times(void **s)
{
    struct img *m = img_new(1024, 4 * KIB, 0, NULL);
    struct ext2_inode in;
    struct ext2_dirent de;
    uint32_t f, pos = 0;
    uint8_t buf[4];

    (void)s;
    m->d.clock = 1000;
    f = mkfile(m->fs, "/f");
    in = inode_of(m->fs, "/f");
    assert_int_equal(in.i_atime, 1000);
    assert_int_equal(in.i_mtime, 1000);
    assert_int_equal(in.i_ctime, 1000);
    assert_int_equal(in.i_uid, 1000);
    assert_int_equal(in.i_gid, 100);
    assert_int_equal(in.i_mode, EXT2_S_IFREG | 0644);
    assert_int_equal(inode_of(m->fs, "/").i_mtime, 1000);
    m->d.clock = 2000;
    assert_int_equal(xt_write(m->fs, f, 0, "abc", 3), 3);
    in = inode_of(m->fs, "/f");
    assert_int_equal(in.i_mtime, 2000);
    assert_int_equal(in.i_ctime, 2000);
    assert_int_equal(in.i_atime, 1000);
    m->d.clock = 3000;
    assert_int_equal(xt_read(m->fs, f, 0, buf, 3), 3);
    in = inode_of(m->fs, "/f");
    assert_int_equal(in.i_atime, 3000);
    assert_int_equal(in.i_mtime, 2000);
    m->d.clock = 4000;
    assert_int_equal(ext2_readdir(m->fs, EXT2_ROOT_INO, &pos, &de), 1);
    assert_int_equal(inode_of(m->fs, "/").i_atime, 4000);
    assert_int_equal(inode_of(m->fs, "/").i_mtime, 1000);
    m->d.clock = 5000;
    assert_int_equal(ext2_touch_atime(m->fs, f), 0);
    assert_int_equal(inode_of(m->fs, "/f").i_atime, 5000);
    m->d.clock = 6000;
    assert_int_equal(ext2_truncate(m->fs, f, 1), 0);
    assert_int_equal(inode_of(m->fs, "/f").i_mtime, 6000);
    m->d.clock = 7000;
    assert_int_equal(ext2_rename(m->fs, EXT2_ROOT_INO, "f", EXT2_ROOT_INO, "g"), 0);
    assert_int_equal(inode_of(m->fs, "/g").i_ctime, 7000);
    assert_int_equal(inode_of(m->fs, "/g").i_mtime, 6000);
    assert_int_equal(inode_of(m->fs, "/").i_mtime, 7000);
    m->d.clock = 8000;
    assert_int_equal(ext2_unlink(m->fs, EXT2_ROOT_INO, "g"), 0);
    assert_int_equal(ext2_iget(m->fs, f, &in), 0);
    assert_int_equal(in.i_dtime, 8000);
    assert_int_equal(in.i_links_count, 0);
    assert_int_equal(inode_of(m->fs, "/").i_mtime, 8000);
    img_finish(m);
}

/* ---- running out of space ----------------------------------------------------- */

/* Fill a small image with files until ENOSPC; nothing written before is lost. */
static void
enospc(uint32_t bsize, const char *extra, uint32_t size_kib)
{
    struct img *m = img_new(bsize, size_kib, 0, extra);
    struct ext2_statfs st, st2;
    const uint32_t chunk = 3 * bsize + 100;
    uint8_t *buf = malloc(chunk), *back = malloc(chunk);
    uint32_t lens[4096] = {0}, ino, files = 0;
    char name[32];
    int r = 0;

    assert_non_null(buf);
    assert_non_null(back);
    mkdir_at(m->fs, "/d");
    while (files < 4096) {
        snprintf(name, sizeof(name), "/d/f%u", files);
        uint32_t dir = ino_of(m->fs, "/d");
        r = ext2_create(m->fs, dir, name + 3, EXT2_S_IFREG | 0600, 0, 0, &ino);
        if (r == -ENOSPC)
            break;
        assert_int_equal(r, 0);
        files++;
        for (uint32_t off = 0; off < 6 * chunk; off += chunk) {
            xt_pattern(buf, chunk, off, files);
            r = xt_write(m->fs, ino, off, buf, chunk);
            if (r != (int)chunk)
                break;
            lens[files - 1] += chunk;
        }
        if (r == -ENOSPC)
            break;
        assert_true(r >= 0);
        if (r != (int)chunk) {
            lens[files - 1] += (uint32_t)r;
            r = -ENOSPC;
            break;
        }
    }
    assert_int_equal(r, -ENOSPC);
    assert_true(files > 3);
    // top the last file up block by block until not even one block is left
    for (;;) {
        uint32_t last = files - 1;

        ext2_statfs(m->fs, &st);
        if (st.free_blocks == 0 || st.free_inodes == 0)
            break;
        snprintf(name, sizeof(name), "/d/f%u", last);
        xt_pattern(buf, bsize, lens[last], last + 1);
        r = xt_write(m->fs, ino_of(m->fs, name), lens[last], buf, bsize);
        if (r <= 0)
            break;
        lens[last] += (uint32_t)r;
    }
    // more failures change nothing
    ext2_statfs(m->fs, &st);
    assert_true(st.free_blocks < 3 || st.free_inodes == 0);
    if (st.free_blocks < 3)
        assert_int_equal(xt_write(m->fs, ino_of(m->fs, "/d/f0"), 50 * MIB, "x", 1), -ENOSPC);
    if (st.free_blocks == 0 || st.free_inodes == 0)
        assert_int_equal(
            ext2_create(m->fs, EXT2_ROOT_INO, "newdir", EXT2_S_IFDIR | 0755, 0, 0, &ino), -ENOSPC);
    if (st.free_inodes == 0)
        assert_int_equal(
            ext2_create(m->fs, EXT2_ROOT_INO, "newfile", EXT2_S_IFREG | 0644, 0, 0, &ino), -ENOSPC);
    ext2_statfs(m->fs, &st2);
    assert_int_equal(st2.free_blocks, st.free_blocks);
    assert_int_equal(st2.free_inodes, st.free_inodes);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    for (uint32_t i = 0; i < files; i++) {
        struct ext2_inode in;

        snprintf(name, sizeof(name), "/d/f%u", i);
        ino = ino_of(m->fs, name);
        assert_int_equal(ext2_iget(m->fs, ino, &in), 0);
        assert_int_equal(ext2_isize(&in), lens[i]);
        for (uint32_t off = 0; off < lens[i]; off += chunk) {
            uint32_t k = lens[i] - off < chunk ? lens[i] - off : chunk;

            xt_pattern(buf, k, off, i + 1);
            assert_int_equal(xt_read(m->fs, ino, off, back, chunk), (int)k);
            assert_memory_equal(back, buf, k);
        }
    }
    // freeing space makes room again
    assert_int_equal(ext2_unlink(m->fs, ino_of(m->fs, "/d"), "f0"), 0);
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "again", EXT2_S_IFREG | 0644, 0, 0, &ino),
                     0);
    assert_int_equal(xt_write(m->fs, ino, 0, buf, bsize), (int)bsize);
    img_finish(m);
    free(buf);
    free(back);
}

static void
test_enospc_1k(void **s)
{
    (void)s;
    enospc(1024, "-g 1024 -N 128", 2 * KIB);
}
static void
test_enospc_2k(void **s)
{
    (void)s;
    enospc(2048, "-N 64", 1 * KIB);
}
static void
test_enospc_4k(void **s)
{
    (void)s;
    enospc(4096, "-N 64", 1 * KIB);
}
/* Few inodes: file creation runs out of inodes first. */
static void
test_enospc_inodes(void **s)
{
    (void)s;
    enospc(1024, "-N 16", 4 * KIB);
}

/*
 * Reserved blocks (mke2fs -m, tune2fs -u): once only s_r_blocks_count free
 * blocks are left, an ordinary uid's write, new file block and mkdir get
 * -ENOSPC and change nothing (root, uid 0, is nobody special here; nor is
 * gid 0 while s_def_resgid is 0), while the reserved uid's succeed; the
 * image stays clean.
 */
/* The reserved share of the inodes: an ordinary uid creates files until
 * only it is left, the reserved uid still creates one. */
static void
test_reserved_inodes(void **s)
{
    struct img *m = img_new(1024, 2 * KIB, 0, "-m 10 -N 128");
    struct ext2_statfs st;
    uint32_t ino;
    char name[32];
    int r, made = 0;

    (void)s;
    img_unmount(m);
    assert_int_equal(xt_sh("tune2fs -u 1 '%s' >/dev/null 2>&1", m->path), 0);
    img_mount(m);
    ext2_set_user(m->fs, 1000, 1000);
    for (;; made++) {
        snprintf(name, sizeof(name), "i%d", made);
        if ((r = ext2_create(m->fs, EXT2_ROOT_INO, name, EXT2_S_IFREG | 0644, 1000, 1000, &ino)) <
            0)
            break;
    }
    assert_int_equal(r, -ENOSPC);
    ext2_statfs(m->fs, &st);
    assert_true(made > 64 && st.free_inodes > 0); // the share is left, and only it
    ext2_set_user(m->fs, 1, 1);
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "sys", EXT2_S_IFREG | 0644, 1, 1, &ino), 0);
}

static void
test_reserved_blocks(void **s)
{
    struct img *m = img_new(1024, 2 * KIB, 0, "-m 10");
    struct ext2_statfs st, st2;
    struct ext2_inode in;
    uint8_t buf[1024];
    uint32_t ino, off = 0;
    char name[32];
    int r;

    (void)s;
    img_unmount(m);
    assert_int_equal(xt_sh("tune2fs -u 1 '%s' >/dev/null 2>&1", m->path), 0);
    img_mount(m);
    ext2_statfs(m->fs, &st);
    assert_true(st.reserved_blocks >= 150 && st.reserved_blocks < st.free_blocks);
    // a mount starts as the reserved user; an ordinary uid fills what is not reserved
    ext2_set_user(m->fs, 1000, 1000);
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "f", EXT2_S_IFREG | 0644, 1000, 1000, &ino),
                     0);
    memset(buf, 'u', sizeof(buf));
    while ((r = xt_write(m->fs, ino, off, buf, sizeof(buf))) == (int)sizeof(buf))
        off += sizeof(buf);
    assert_int_equal(r, -ENOSPC);
    assert_true(off > 1000 * KIB);
    // an indirect block may have left one block short: single direct blocks take the rest
    for (int i = 0;; i++) {
        snprintf(name, sizeof(name), "g%d", i);
        if ((r = ext2_create(m->fs, EXT2_ROOT_INO, name, EXT2_S_IFREG | 0644, 1000, 1000, &ino)) <
            0)
            break;
        if ((r = xt_write(m->fs, ino, 0, buf, sizeof(buf))) < 0)
            break;
    }
    assert_int_equal(r, -ENOSPC);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st.reserved_blocks); // every other block used, none of these
    // nobody but the reserved uid gets one now; a refusal changes nothing
    static const uint16_t others[][2] = {{1000, 1000}, {0, 0}, {2, 1}};
    for (unsigned i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        ext2_set_user(m->fs, others[i][0], others[i][1]);
        assert_int_equal(
            ext2_create(m->fs, EXT2_ROOT_INO, "d", EXT2_S_IFDIR | 0755, 1000, 1000, &ino), -ENOSPC);
        assert_int_equal(xt_write(m->fs, ino_of(m->fs, "/f"), off, buf, sizeof(buf)), -ENOSPC);
        ext2_statfs(m->fs, &st2);
        assert_int_equal(st2.free_blocks, st.free_blocks);
        assert_int_equal(st2.free_inodes, st.free_inodes);
    }
    // the reserved uid (s_def_resuid = 1) may take them
    ext2_set_user(m->fs, 1, 1);
    assert_int_equal(xt_write(m->fs, ino_of(m->fs, "/f"), off, buf, sizeof(buf)), sizeof(buf));
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "d", EXT2_S_IFDIR | 0755, 1, 1, &ino), 0);
    ext2_statfs(m->fs, &st2);
    assert_true(st2.free_blocks < st.free_blocks);
    assert_int_equal(ext2_iget(m->fs, ino_of(m->fs, "/f"), &in), 0);
    assert_int_equal(ext2_isize(&in), off + sizeof(buf));
    img_finish(m);
}

/* Allocation spills from a full group into the others. */
static void
test_groups(void **s)
{
    struct img *m = img_new(1024, 4 * KIB, 0, "-g 1024 -N 256");
    struct ext2_statfs st;
    uint8_t *buf = malloc(MIB);
    uint32_t f;

    (void)s;
    assert_non_null(buf);
    f = mkfile(m->fs, "/f");
    xt_pattern(buf, MIB, 0, 3);
    assert_int_equal(xt_write(m->fs, f, 0, buf, MIB), (int)MIB); // > one group's 1024 blocks
    ext2_statfs(m->fs, &st);
    assert_true(st.free_blocks < 4 * KIB - MIB / KIB);
    for (int i = 0; i < 40; i++) {
        char p[32];

        snprintf(p, sizeof(p), "/d%d", i);
        mkdir_at(m->fs, p);
    }
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    check_debugfs_cat(m->path, "/f", buf, MIB);
    img_mount(m);
    img_finish(m);
    free(buf);
}

/* ext2_sync leaves a consistent image while still mounted (not marked clean). */
static void
test_sync(void **s)
{
    struct img *m = img_new(4096, 8 * KIB, 1, NULL);
    uint32_t f;
    size_t n;
    char *out;

    (void)s;
    f = mkfile(m->fs, "/synced");
    assert_int_equal(xt_write(m->fs, f, 0, "durable", 7), 7);
    assert_int_equal(ext2_sync(m->fs), 0);
    out = xt_sh_out(&n, "dumpe2fs -h '%s' 2>/dev/null | grep '^Filesystem state:'", m->path);
    assert_non_null(strstr(out, "not clean"));
    free(out);
    check_debugfs_cat(m->path, "/synced", "durable", 7);
    assert_int_equal(xt_sh("e2fsck -fn '%s' >/dev/null 2>&1", m->path), 0);
    img_unmount(m);
    out = xt_sh_out(&n, "dumpe2fs -h '%s' 2>/dev/null | grep '^Filesystem state:'", m->path);
    assert_null(strstr(out, "not clean"));
    free(out);
    img_mount(m);
    img_finish(m);
}

/* ---- links, symlinks, attribute blocks, htree directories made by others ------- */

static void
test_links(void **s)
{
    struct img *m = img_new(1024, 16 * KIB, 1, "-I 128");
    struct ext2_statfs st0, st;
    struct ext2_dirent de;
    uint32_t h, pos = 0, root = EXT2_ROOT_INO;
    uint8_t buf[16];
    int types = 0;

    (void)s;
    h = ino_of(m->fs, "/h1");
    assert_int_equal(ino_of(m->fs, "/h2"), h);
    assert_int_equal(inode_of(m->fs, "/h1").i_links_count, 2);
    while (ext2_readdir(m->fs, root, &pos, &de) == 1) {
        if (strcmp(de.name, "l1") == 0 || strcmp(de.name, "l2") == 0) {
            assert_int_equal(de.type, EXT2_FT_SYMLINK);
            types++;
        }
    }
    assert_int_equal(types, 2);
    assert_int_equal(xt_read(m->fs, ino_of(m->fs, "/l1"), 0, buf, 4), -EINVAL);
    // rename onto another name of the same inode: nothing happens
    assert_int_equal(ext2_rename(m->fs, root, "h1", root, "h2"), 0);
    assert_int_equal(ino_of(m->fs, "/h1"), h);
    assert_int_equal(inode_of(m->fs, "/h1").i_links_count, 2);
    // unlink one name: the inode stays; the other: it goes
    ext2_statfs(m->fs, &st0);
    assert_int_equal(ext2_unlink(m->fs, root, "h1"), 0);
    assert_int_equal(inode_of(m->fs, "/h2").i_links_count, 1);
    assert_int_equal(xt_read(m->fs, h, 0, buf, sizeof(buf)), 7);
    assert_memory_equal(buf, "linked\n", 7);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_inodes, st0.free_inodes);
    assert_int_equal(ext2_unlink(m->fs, root, "h2"), 0);
    // symlinks: the fast one frees no block, the slow one frees its block
    assert_int_equal(ext2_unlink(m->fs, root, "l1"), 0);
    assert_int_equal(ext2_unlink(m->fs, root, "l2"), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_inodes, st0.free_inodes + 3);
    assert_int_equal(st.free_blocks, st0.free_blocks + 2); // h's data block, l2's block
    img_finish(m);
}

/* Links mke2fs made (fast l1, slow l2) read back; ours, fast and slow, made at
 * a block size and read back by debugfs; e2fsck clean; unlinking frees them. */
static void
symlink_make(uint32_t bsize)
{
    struct img *m = img_new(bsize, 4 * MIB / KIB, 1, "-I 128");
    struct ext2_statfs st0, st;
    char buf[EXT2_SYMLINK_MAX + 1], big[EXT2_SYMLINK_MAX + 2], want[128];
    uint32_t root = EXT2_ROOT_INO, ino;
    struct ext2_inode in;

    assert_int_equal(ext2_readlink(m->fs, ino_of(m->fs, "/l1"), buf, sizeof(buf)), 5);
    assert_memory_equal(buf, "short", 5);
    snprintf(want, sizeof(want), "%0100d", 0);
    assert_int_equal(ext2_readlink(m->fs, ino_of(m->fs, "/l2"), buf, sizeof(buf)), 100);
    assert_memory_equal(buf, want, 100);
    assert_int_equal(ext2_readlink(m->fs, ino_of(m->fs, "/l2"), buf, 3), 3); // cut, no NUL
    assert_int_equal(ext2_readlink(m->fs, ino_of(m->fs, "/one"), buf, sizeof(buf)), -EINVAL);
    ext2_statfs(m->fs, &st0);
    // fast: 59 bytes in i_block, no block
    memset(big, 'f', 59);
    big[59] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "fast", big, 7, 8, &ino), 0);
    assert_int_equal(ext2_iget(m->fs, ino, &in), 0);
    assert_int_equal(in.i_mode, EXT2_S_IFLNK | 0777);
    assert_int_equal(in.i_blocks, 0);
    assert_int_equal(in.i_size, 59);
    assert_int_equal(in.i_uid, 7);
    assert_int_equal(ext2_readlink(m->fs, ino, buf, sizeof(buf)), 59);
    assert_memory_equal(buf, big, 59);
    // slow: 60 bytes and the longest the block allows, with bytes of every kind but NUL and '/'
    memset(big, 's', 60);
    big[60] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "slow60", big, 0, 0, &ino), 0);
    assert_int_equal(ext2_iget(m->fs, ino, &in), 0);
    assert_int_equal(in.i_blocks, bsize / 512);
    size_t longest = bsize - 1 < EXT2_SYMLINK_MAX ? bsize - 1 : EXT2_SYMLINK_MAX;
    for (size_t i = 0; i < longest; i++)
        big[i] = (char)(1 + i % 255);
    big[longest] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "slowmax", big, 0, 0, &ino), 0);
    assert_int_equal(ext2_readlink(m->fs, ino, buf, sizeof(buf)), (int)longest);
    assert_memory_equal(buf, big, longest);
    // too long: past the block (or past 4095), and nothing changed
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "toolong", big, 0, 0, NULL), -ENAMETOOLONG);
    big[bsize] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "toolong", big, 0, 0, NULL), -ENAMETOOLONG);
    assert_int_equal(ext2_symlink(m->fs, root, "empty", "", 0, 0, NULL), -ENOENT);
    assert_int_equal(ext2_symlink(m->fs, root, "fast", "x", 0, 0, NULL), -EEXIST);
    assert_int_equal(ext2_symlink(m->fs, root, "..", "x", 0, 0, NULL), -EEXIST);
    assert_int_equal(ext2_symlink(m->fs, root, "a/b", "x", 0, 0, NULL), -EINVAL);
    assert_int_equal(ext2_symlink(m->fs, root, "", "x", 0, 0, NULL), -ENOENT);
    assert_int_equal(ext2_symlink(m->fs, ino_of(m->fs, "/one"), "x", "x", 0, 0, NULL), -ENOTDIR);
    // a dangling link is fine to make
    assert_int_equal(ext2_symlink(m->fs, root, "dangling", "/no/such/file", 0, 0, NULL), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_inodes, st0.free_inodes - 4);
    assert_int_equal(st.free_blocks, st0.free_blocks - 2);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    size_t outn;
    char *out = xt_sh_out(&outn, "debugfs -R 'stat /fast' '%s' 2>/dev/null", m->path);
    assert_non_null(strstr(out, "Fast link dest: \"ffff"));
    free(out);
    img_mount(m);
    assert_int_equal(ext2_readlink(m->fs, ino_of(m->fs, "/slow60"), buf, sizeof(buf)), 60);
    assert_int_equal(ext2_unlink(m->fs, root, "fast"), 0);
    assert_int_equal(ext2_unlink(m->fs, root, "slow60"), 0);
    assert_int_equal(ext2_unlink(m->fs, root, "slowmax"), 0);
    assert_int_equal(ext2_unlink(m->fs, root, "dangling"), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_inodes, st0.free_inodes);
    assert_int_equal(st.free_blocks, st0.free_blocks);
    img_finish(m);
}

static void
test_symlink_make_1k(void **s)
{
    (void)s;
    symlink_make(1024);
}

static void
test_symlink_make_4k(void **s)
{
    (void)s;
    symlink_make(4096);
}

static int denied_dir; // a directory ino search_check refuses (0: none)

static int
search_check(void *ctx, const struct ext2_inode *dir)
{
    (void)ctx;
    return denied_dir && dir->i_uid == 4242 ? -EACCES : 0;
}

/* ext2_resolve: following in the middle and at the end, relative and
 * absolute targets, "..", trailing slashes, loops, dangling links, the
 * parent mode, and the search check on directories reached through links. */
static void
test_symlink_resolve(void **s)
{
    struct img *m = img_new(1024, 4 * MIB / KIB, 1, "-I 128");
    static struct ext2_walk walk;
    struct ext2_walk *w = &walk;
    uint32_t root = EXT2_ROOT_INO, b = ino_of(m->fs, "/a/b"), mid = ino_of(m->fs, "/a/b/mid.txt");
    uint32_t lnk, secret;
    char path[EXT2_PATH_MAX + 16];

    (void)s;
    assert_non_null(w);
    w->may_search = search_check;
    assert_int_equal(ext2_symlink(m->fs, root, "tob", "a/b", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, b, "up", "..", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, b, "abs", "/a/b/mid.txt", 0, 0, &lnk), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "loop1", "loop2", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "loop2", "/loop1", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "self", "self/x", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "gone", "nothing/here", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "newf", "a/created", 0, 0, NULL), 0);
    assert_int_equal(ext2_symlink(m->fs, root, "tofile", "one", 0, 0, NULL), 0);
    // in the middle: always followed
    assert_int_equal(ext2_resolve(m->fs, "/tob/mid.txt", 0, w), 0);
    assert_int_equal(w->ino, mid);
    assert_int_equal(w->dir, b);
    assert_string_equal(w->name, "mid.txt");
    assert_int_equal(ext2_resolve(m->fs, "tob//up/b/c/d/deep.txt", 0, w), 0);
    assert_int_equal(w->ino, ino_of(m->fs, "/a/b/c/d/deep.txt"));
    // at the end: only with EXT2_FOLLOW or a trailing slash
    assert_int_equal(ext2_resolve(m->fs, "/tob/abs", 0, w), 0);
    assert_int_equal(w->ino, lnk);
    assert_int_equal(ext2_resolve(m->fs, "/tob/abs", EXT2_FOLLOW, w), 0);
    assert_int_equal(w->ino, mid);
    assert_int_equal(ext2_resolve(m->fs, "/tob/", 0, w), 0);
    assert_int_equal(w->ino, b);
    assert_int_equal(ext2_resolve(m->fs, "/tofile/", EXT2_FOLLOW, w), -ENOTDIR);
    assert_int_equal(ext2_resolve(m->fs, "/tofile/x", 0, w), -ENOTDIR);
    assert_int_equal(ext2_resolve(m->fs, "/", EXT2_FOLLOW, w), 0);
    assert_int_equal(w->ino, root);
    assert_string_equal(w->name, "");
    // loops end in ELOOP, wherever the loop is
    assert_int_equal(ext2_resolve(m->fs, "/loop1", EXT2_FOLLOW, w), -ELOOP);
    assert_int_equal(ext2_resolve(m->fs, "/loop1", 0, w), 0); // the link itself
    assert_int_equal(ext2_resolve(m->fs, "/loop2/x", 0, w), -ELOOP);
    assert_int_equal(ext2_resolve(m->fs, "/self", EXT2_FOLLOW, w), -ELOOP);
    // a chain of 40 links is followed, 41 is a loop
    char name[16], target[16];
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof(name), "c%d", i);
        snprintf(target, sizeof(target), i == 41 ? "one" : "c%d", i + 1);
        assert_int_equal(ext2_symlink(m->fs, root, name, target, 0, 0, NULL), 0);
    }
    assert_int_equal(ext2_resolve(m->fs, "/c2", EXT2_FOLLOW, w), 0);
    assert_int_equal(w->ino, ino_of(m->fs, "/one"));
    assert_int_equal(ext2_resolve(m->fs, "/c1", EXT2_FOLLOW, w), -ELOOP);
    // dangling: ENOENT, or in the parent mode the target's directory and name
    assert_int_equal(ext2_resolve(m->fs, "/gone", EXT2_FOLLOW, w), -ENOENT);
    assert_int_equal(ext2_resolve(m->fs, "/gone", EXT2_FOLLOW | EXT2_PARENT, w), -ENOENT);
    assert_int_equal(ext2_resolve(m->fs, "/newf", EXT2_FOLLOW | EXT2_PARENT, w), 0);
    assert_int_equal(w->ino, 0);
    assert_int_equal(w->dir, ino_of(m->fs, "/a"));
    assert_string_equal(w->name, "created");
    assert_int_equal(ext2_resolve(m->fs, "/newf", EXT2_PARENT, w), 0);
    assert_int_equal(w->dir, root);
    assert_string_equal(w->name, "newf");
    // too long: a name, a path, and a path links make too long
    memset(path, 'n', sizeof(path));
    path[0] = '/';
    path[EXT2_PATH_MAX + 8] = '\0';
    assert_int_equal(ext2_resolve(m->fs, path, 0, w), -ENAMETOOLONG);
    path[300] = '\0';
    assert_int_equal(ext2_resolve(m->fs, path, 0, w), -ENAMETOOLONG);
    char *longt = calloc(1, 1024);
    assert_non_null(longt);
    for (int i = 0; i < 900; i += 2) // "w/w/w/...": each w grows the path by 900 bytes
        memcpy(longt + i, "w/", 2);
    longt[899] = '\0';
    assert_int_equal(ext2_symlink(m->fs, root, "w", longt, 0, 0, NULL), 0);
    assert_int_equal(ext2_resolve(m->fs, "/w", EXT2_FOLLOW, w), -ENAMETOOLONG);
    free(longt);
    // the search check applies to directories reached through links
    secret = mkdir_at(m->fs, "/secret");
    struct ext2_inode in;
    assert_int_equal(ext2_iget(m->fs, secret, &in), 0);
    in.i_uid = 4242;
    assert_int_equal(ext2_iput(m->fs, secret, &in), 0);
    mkfile(m->fs, "/secret/f");
    assert_int_equal(ext2_symlink(m->fs, root, "tosecret", "secret/f", 0, 0, NULL), 0);
    denied_dir = 1;
    assert_int_equal(ext2_resolve(m->fs, "/tosecret", EXT2_FOLLOW, w), -EACCES);
    assert_int_equal(ext2_resolve(m->fs, "/tosecret", 0, w), 0);
    denied_dir = 0;
    assert_int_equal(ext2_resolve(m->fs, "/tosecret", EXT2_FOLLOW, w), 0);
    img_finish(m);
}

/* An inode with an extended attribute block (set by debugfs) is freed with its block. */
static void
test_xattr_block(void **s)
{
    struct img *m = img_new(1024, 4 * KIB, 1, "-I 128");
    struct ext2_statfs st0, st;
    struct ext2_inode in;

    (void)s;
    img_unmount(m);
    assert_int_equal(
        xt_sh("debugfs -w -R 'ea_set /one user.test value' '%s' >/dev/null 2>&1", m->path), 0);
    img_mount(m);
    in = inode_of(m->fs, "/one");
    assert_true(in.i_file_acl != 0);
    ext2_statfs(m->fs, &st0);
    assert_int_equal(ext2_unlink(m->fs, EXT2_ROOT_INO, "one"), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks + 2); // data and attribute block
    img_finish(m);
}

/* A directory indexed by e2fsck -D is changed and stays valid (as a linear one). */
static void
test_htree_dir(void **s)
{
    struct img *m = img_new(1024, 16 * KIB, 1, NULL);
    struct ext2_inode in;
    uint32_t dir, ino;
    char name[64];

    (void)s;
    img_unmount(m);
    xt_sh("e2fsck -fyD '%s' >/dev/null 2>&1", m->path);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    in = inode_of(m->fs, "/many");
    assert_true(in.i_flags & 0x1000); // EXT2_INDEX_FL
    dir = ino_of(m->fs, "/many");
    assert_int_equal(ext2_unlink(m->fs, dir, "file007"), 0);
    assert_int_equal(ext2_create(m->fs, dir, "added", EXT2_S_IFREG | 0644, 0, 0, &ino), 0);
    assert_false(inode_of(m->fs, "/many").i_flags & 0x1000);
    for (int i = 0; i < NMANY; i++) {
        snprintf(name, sizeof(name), "/many/file%03d", i);
        assert_int_equal(ext2_namei(m->fs, name, &ino), i == 7 ? -ENOENT : 0);
    }
    img_finish(m);
}

/*
 * A mkdir that needs a new block for the parent's entry when the one free
 * block left goes to the new directory: -ENOSPC and nothing changed.
 */
static void
test_enospc_undo(void **s)
{
    struct img *m = img_new(1024, 1 * KIB, 0, "-N 32");
    struct ext2_statfs st, st2;
    char name[200];
    uint32_t p, f, ino;
    uint64_t size = 0;
    uint8_t blk[1024];

    (void)s;
    p = mkdir_at(m->fs, "/p");
    // after "." and ".." (24 bytes) five 200-byte entries fill the 1 KiB block
    memset(name, 'e', 192);
    name[192] = '\0';
    for (char c = 'a'; c < 'f'; c++) {
        name[0] = c;
        assert_int_equal(ext2_create(m->fs, p, name, EXT2_S_IFREG | 0644, 0, 0, &ino), 0);
    }
    assert_int_equal(inode_of(m->fs, "/p").i_size, 1024);
    // leave exactly one free block
    f = mkfile(m->fs, "/fill");
    memset(blk, 0xab, sizeof(blk));
    while (xt_write(m->fs, f, size, blk, sizeof(blk)) == (int)sizeof(blk))
        size += sizeof(blk);
    for (int i = 0; i < 8; i++) {
        ext2_statfs(m->fs, &st);
        if (st.free_blocks == 1)
            break;
        if (st.free_blocks == 0) {
            size -= sizeof(blk);
            assert_int_equal(ext2_truncate(m->fs, f, size), 0);
        } else if (xt_write(m->fs, f, size, blk, sizeof(blk)) == (int)sizeof(blk)) {
            size += sizeof(blk);
        }
    }
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, 1);
    name[0] = 'z';
    assert_int_equal(ext2_create(m->fs, p, name, EXT2_S_IFDIR | 0755, 0, 0, &ino), -ENOSPC);
    ext2_statfs(m->fs, &st2);
    assert_int_equal(st2.free_blocks, st.free_blocks);
    assert_int_equal(st2.free_inodes, st.free_inodes);
    assert_int_equal(inode_of(m->fs, "/p").i_links_count, 2);
    assert_int_equal(inode_of(m->fs, "/p").i_size, 1024);
    assert_int_equal(ext2_namei(m->fs, "/p/z", &ino), -ENOENT);
    // a file needs only the block for the entry: it fits, and then nothing is left
    assert_int_equal(ext2_create(m->fs, p, name, EXT2_S_IFREG | 0644, 0, 0, &ino), 0);
    assert_int_equal(inode_of(m->fs, "/p").i_size, 2048);
    ext2_statfs(m->fs, &st2);
    assert_int_equal(st2.free_blocks, 0);
    // a short name still fits in the root directory's block; a directory does not
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "q", EXT2_S_IFREG | 0644, 0, 0, &ino), 0);
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "r", EXT2_S_IFDIR | 0755, 0, 0, &ino),
                     -ENOSPC);
    img_finish(m);
}

static int
failing_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
    (void)ctx;
    (void)off;
    (void)buf;
    (void)len;
    return -EIO;
}

/* Device write failures: -EIO, and the image stays consistent once writes work again. */
static void
test_io_errors(void **s)
{
    struct img *m = img_new(1024, 4 * KIB, 0, NULL);
    struct ext2_statfs st0, st;
    struct ext2_inode in;
    struct ext2_fs *fs2;
    uint8_t buf[3000], back[3000];
    uint32_t f, p;

    (void)s;
    f = mkfile(m->fs, "/f");
    assert_int_equal(ext2_truncate(m->fs, f, MIB), 0);
    assert_int_equal(ext2_sync(m->fs), 0);
    ext2_statfs(m->fs, &st0);
    memset(buf, 0x5a, sizeof(buf));
    m->d.fail_writes = 1;
    assert_int_equal(xt_write(m->fs, f, 0, buf, sizeof(buf)), -EIO);
    assert_int_equal(xt_write(m->fs, f, 500 * KIB, buf, 10), -EIO); // needs an indirect block
    assert_int_equal(xt_write(m->fs, f, 2 * MIB, buf, 10), -EIO);   // past the end
    in = inode_of(m->fs, "/f");
    assert_int_equal(ext2_bmap(m->fs, f, &in, 600, 1, &p), -EIO); // a hole that cannot be zeroed
    assert_int_equal(ext2_allocate(m->fs, f, &in, 0, 3000), -EIO);
    assert_int_equal(ext2_allocate(m->fs, f, &in, 2 * MIB, 10), -EIO);
    assert_int_equal(ext2_iput(m->fs, f, &in), 0);
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks);
    assert_int_equal(inode_of(m->fs, "/f").i_size, MIB);
    assert_int_equal(inode_of(m->fs, "/f").i_blocks, 0); // stays
    assert_int_equal(xt_read(m->fs, f, 0, back, sizeof(back)), sizeof(back));
    for (size_t i = 0; i < sizeof(back); i++)
        assert_int_equal(back[i], 0);
    assert_int_equal(ext2_sync(m->fs), -EIO);
    m->d.fail_writes = 0;
    assert_int_equal(xt_write(m->fs, f, 0, buf, sizeof(buf)), sizeof(buf));
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    // a device that cannot be read cannot be mounted
    xt_open(&m->d, m->path);
    m->d.dev.read = failing_read;
    assert_int_equal(ext2_mount(&fs2, &m->d.dev), -EIO);
    xt_close(&m->d);
    img_mount(m);
    assert_int_equal(xt_read(m->fs, ino_of(m->fs, "/f"), 0, back, sizeof(back)), sizeof(back));
    assert_memory_equal(back, buf, sizeof(buf));
    img_finish(m);
}

/* ---- images the library must refuse ------------------------------------------ */

static void
patch_sb(const char *img, uint32_t off, const void *val, size_t n)
{
    FILE *f = fopen(img, "r+b");

    assert_non_null(f);
    assert_int_equal(fseek(f, 1024 + off, SEEK_SET), 0);
    assert_int_equal(fwrite(val, 1, n, f), n);
    fclose(f);
}

static void
test_refuse(void **s)
{
    struct img *m = img_new(1024, 2 * KIB, 0, NULL);
    struct ext2_fs *fs;
    uint16_t zero16 = 0;
    uint32_t v;

    (void)s;
    img_unmount(m);
    {
        uint32_t extents = 0x0002 | 0x0040; // filetype | extents
        patch_sb(m->path, 96, &extents, 4);
        xt_open(&m->d, m->path);
        assert_int_equal(ext2_mount(&fs, &m->d.dev), -EINVAL);
        xt_close(&m->d);
        v = 0x0002;
        patch_sb(m->path, 96, &v, 4);
    }
    v = 0x0001 | 0x0002 | 0x0008; // huge_file is not ours to keep
    patch_sb(m->path, 100, &v, 4);
    xt_open(&m->d, m->path);
    assert_int_equal(ext2_mount(&fs, &m->d.dev), -EINVAL);
    xt_close(&m->d);
    v = 0x0003;
    patch_sb(m->path, 100, &v, 4);
    v = 0;
    patch_sb(m->path, 76, &v, 4); // revision 0
    xt_open(&m->d, m->path);
    assert_int_equal(ext2_mount(&fs, &m->d.dev), -EINVAL);
    xt_close(&m->d);
    v = 1;
    patch_sb(m->path, 76, &v, 4);
    patch_sb(m->path, 56, &zero16, 2); // magic
    xt_open(&m->d, m->path);
    assert_int_equal(ext2_mount(&fs, &m->d.dev), -EINVAL);
    xt_close(&m->d);
    {
        uint16_t magic = 0xef53;
        patch_sb(m->path, 56, &magic, 2);
    }
    img_mount(m);
    img_finish(m);
}

/* ext2_set_keep's callback for the orphan cases: every inode is "open". */
static int
keep_all(void *ctx, uint32_t ino)
{
    (void)ino;
    return *(int *)ctx;
}

/*
 * Orphans (DESIGN §8 "Files"): a file unlinked while kept open stays
 * readable and writable by inode number with links 0; released, its blocks
 * and inode come back. Left on the list at a "power cut" (the image as the
 * last sync wrote it), e2fsck -fn refuses it (it never runs the list
 * read-only) while e2fsck -p clears it silently; our mount frees it too, and
 * then e2fsck -fn is clean and the free counts are what they were.
 */
static void
orphans(uint32_t bsize)
{
    struct img *m = img_new(bsize, 2048, 0, NULL);
    struct ext2_statfs before, during, after;
    uint8_t buf[5000], back[5000];
    uint32_t root = EXT2_ROOT_INO, a, b, c, x;
    struct ext2_inode in;
    int on = 1;

    assert_int_equal(ext2_statfs(m->fs, &before), 0);
    xt_pattern(buf, sizeof(buf), 0, 7);
    a = mkfile(m->fs, "/a");
    b = mkfile(m->fs, "/b");
    c = mkfile(m->fs, "/c");
    x = mkfile(m->fs, "/x");
    assert_int_equal(xt_write(m->fs, a, 0, buf, sizeof(buf)), (int)sizeof(buf));
    assert_int_equal(xt_write(m->fs, b, 0, buf, sizeof(buf)), (int)sizeof(buf));
    assert_int_equal(xt_write(m->fs, c, 0, buf, sizeof(buf)), (int)sizeof(buf));

    // keep off: the last name frees at once
    assert_int_equal(ext2_unlink(m->fs, root, "x"), 0);
    assert_int_equal(ext2_iget(m->fs, x, &in), 0);
    assert_int_not_equal(in.i_dtime, 0);

    ext2_set_keep(m->fs, keep_all, &on);
    assert_int_equal(ext2_unlink(m->fs, root, "a"), 0);
    assert_int_equal(ext2_rename(m->fs, root, "c", root, "b"), 0); // b goes by rename
    assert_int_equal(ext2_lookup(m->fs, root, "a", 1, &x), -ENOENT);
    assert_int_equal(ext2_iget(m->fs, a, &in), 0);
    assert_int_equal(in.i_links_count, 0);
    assert_int_equal(in.i_dtime, 0); // the list's end
    assert_int_equal(ext2_iget(m->fs, b, &in), 0);
    assert_int_equal(in.i_dtime, a); // b -> a
    memset(back, 0, sizeof(back));
    assert_int_equal(xt_read(m->fs, a, 0, back, sizeof(back)), (int)sizeof(back));
    assert_memory_equal(back, buf, sizeof(buf));
    assert_int_equal(xt_write(m->fs, a, sizeof(buf), buf, 100), 100); // it grows
    assert_int_equal(ext2_truncate(m->fs, a, 10), 0);
    assert_int_equal(ext2_truncate(m->fs, a, sizeof(buf)), 0);
    assert_int_equal(ext2_statfs(m->fs, &during), 0);
    assert_true(during.free_inodes < before.free_inodes);

    // the power goes with both on the list
    assert_int_equal(ext2_sync(m->fs), 0);
    img_unmount(m);
    assert_int_not_equal(xt_fsck(m->path), 0); // -n never runs the orphan list
    assert_int_equal(
        xt_sh("cp '%s' '%s.p' && e2fsck -fp '%s.p' >/dev/null 2>&1", m->path, m->path, m->path), 0);
    char p2[300];
    snprintf(p2, sizeof(p2), "%s.p", m->path);
    assert_int_equal(xt_fsck(p2), 0); // e2fsck -p clears it as Linux would
    img_mount(m);                     // so does our mount
    assert_int_equal(ext2_statfs(m->fs, &after), 0);
    assert_int_equal(after.free_inodes, before.free_inodes - 1); // c is /b now
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);

    // released in any order: the one at the list's end first, then the head
    img_mount(m);
    ext2_set_keep(m->fs, keep_all, &on);
    a = mkfile(m->fs, "/a");
    assert_int_equal(xt_write(m->fs, a, 0, buf, sizeof(buf)), (int)sizeof(buf));
    assert_int_equal(ext2_unlink(m->fs, root, "a"), 0);
    assert_int_equal(ext2_unlink(m->fs, root, "b"), 0);
    b = c;                                              // /b was c since the rename
    assert_int_equal(ext2_orphan_release(m->fs, a), 0); // the end of the list
    assert_int_equal(ext2_orphan_release(m->fs, a), 0); // twice: no harm
    assert_int_equal(ext2_iget(m->fs, b, &in), 0);
    assert_int_equal(in.i_dtime, 0);
    assert_int_equal(ext2_orphan_release(m->fs, b), 0); // the head
    assert_int_equal(ext2_statfs(m->fs, &after), 0);
    assert_int_equal(after.free_inodes, before.free_inodes);
    assert_int_equal(after.free_blocks, before.free_blocks);
    on = 0; // nothing kept now: unlinks free at once again
    mkfile(m->fs, "/d");
    assert_int_equal(ext2_unlink(m->fs, root, "d"), 0);
    assert_int_equal(ext2_statfs(m->fs, &after), 0);
    assert_int_equal(after.free_inodes, before.free_inodes);
    img_finish(m);
}

static void
test_orphans_1k(void **s)
{
    (void)s;
    orphans(1024);
}

static void
test_orphans_4k(void **s)
{
    (void)s;
    orphans(4096);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_read_src_1k, teardown),
        cmocka_unit_test_teardown(test_read_src_2k, teardown),
        cmocka_unit_test_teardown(test_read_src_4k, teardown),
        cmocka_unit_test_teardown(test_write_ops_1k, teardown),
        cmocka_unit_test_teardown(test_write_ops_2k, teardown),
        cmocka_unit_test_teardown(test_write_ops_4k, teardown),
        cmocka_unit_test_teardown(test_truncate_1k, teardown),
        cmocka_unit_test_teardown(test_truncate_2k, teardown),
        cmocka_unit_test_teardown(test_truncate_4k, teardown),
        cmocka_unit_test_teardown(test_triple_indirect, teardown),
        cmocka_unit_test_teardown(test_rename_1k, teardown),
        cmocka_unit_test_teardown(test_rename_4k, teardown),
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_times, teardown),
        cmocka_unit_test_teardown(test_enospc_1k, teardown),
        cmocka_unit_test_teardown(test_enospc_2k, teardown),
        cmocka_unit_test_teardown(test_enospc_4k, teardown),
        cmocka_unit_test_teardown(test_enospc_inodes, teardown),
        cmocka_unit_test_teardown(test_reserved_blocks, teardown),
        cmocka_unit_test_teardown(test_reserved_inodes, teardown),
        cmocka_unit_test_teardown(test_groups, teardown),
        cmocka_unit_test_teardown(test_sync, teardown),
        cmocka_unit_test_teardown(test_links, teardown),
        cmocka_unit_test_teardown(test_xattr_block, teardown),
        cmocka_unit_test_teardown(test_htree_dir, teardown),
        cmocka_unit_test_teardown(test_enospc_undo, teardown),
        cmocka_unit_test_teardown(test_io_errors, teardown),
        cmocka_unit_test_teardown(test_refuse, teardown),
        cmocka_unit_test_teardown(test_orphans_1k, teardown),
        cmocka_unit_test_teardown(test_orphans_4k, teardown),
        cmocka_unit_test_teardown(test_symlink_make_1k, teardown),
        cmocka_unit_test_teardown(test_symlink_make_4k, teardown),
        cmocka_unit_test_teardown(test_symlink_resolve, teardown),
    };

    return cmocka_run_group_tests_name("ext2", tests, group_setup, group_teardown);
}

/*
 * tests/host/test_pcache.c - fs/pcache.c (the page cache, the file server's
 * one path to file data) against real mke2fs images.
 *
 * Each case makes an image in its own /tmp directory, mounts it through the
 * counting pread/pwrite device of ext2_util.c, runs a small cache (a few
 * pages, so eviction is the common case) over it, unmounts and requires
 * `e2fsck -fn` to find the image clean; what was written is read back
 * through a fresh mount and a fresh cache. Covered: reading through a cache
 * smaller than the file (LRU eviction, hits, one device transfer per run of
 * contiguous blocks, holes as zeros), write-back of dirty pages on eviction
 * and on flush (and not before), pinned pages never evicted and the limit
 * when every page is pinned, truncation (pages past the end dropped, dirty
 * or pinned, the tail zeroed), a device whose reads or writes fail (errors
 * come back, nothing half done, the image clean once it works again),
 * timestamps, the error numbers of pcache_read and pcache_write, and random
 * writes and truncations checked against a model after a remount, at every
 * block size.
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
#include "fs/pcache.h"
#include "kernel/abi/errno.h"
#include "tests/host/ext2_util.h"

#define KIB 1024u
#define PAGE PCACHE_PAGE
#define MODEL_SIZE (256u * KIB) /* bytes each modelled file may reach */

/* One image with a cache over it. */
struct pc_img {
    char *dir;
    char path[256];
    struct filedev d;
    struct ext2_fs *fs;
    struct pcache *pc;
    uint8_t *mem;
    uint32_t npages;
};
static struct pc_img *cur; // freed by teardown if a case fails half way

static void
img_mount(struct pc_img *m)
{
    xt_open(&m->d, m->path);
    assert_int_equal(ext2_mount(&m->fs, &m->d.dev), 0);
    m->mem = malloc((size_t)m->npages * PAGE);
    assert_non_null(m->mem);
    assert_int_equal(pcache_create(&m->pc, m->fs, m->mem, m->npages), 0);
}

/* Flush the cache, unmount. */
static void
img_unmount(struct pc_img *m)
{
    assert_int_equal(pcache_flush_all(m->pc), 0);
    pcache_destroy(m->pc);
    m->pc = NULL;
    free(m->mem);
    m->mem = NULL;
    assert_int_equal(ext2_unmount(m->fs), 0);
    m->fs = NULL;
    xt_close(&m->d);
}

/* A fresh image of size_kib KiB (from srcdir if not NULL) with a cache of
 * npages pages, mounted. */
static struct pc_img *
img_new(uint32_t bsize, uint32_t size_kib, const char *srcdir, uint32_t npages)
{
    struct pc_img *m = calloc(1, sizeof(*m));

    assert_non_null(m);
    cur = m;
    m->dir = xt_tmpdir();
    m->npages = npages;
    snprintf(m->path, sizeof(m->path), "%s/img", m->dir);
    assert_int_equal(xt_mkfs(m->path, bsize, srcdir, size_kib, NULL), 0);
    img_mount(m);
    return m;
}

static void
img_free(struct pc_img *m)
{
    if (m->fs != NULL) {
        pcache_destroy(m->pc);
        ext2_unmount(m->fs);
        xt_close(&m->d);
    }
    free(m->mem);
    xt_rmtree(m->dir);
    free(m->dir);
    free(m);
    cur = NULL;
}

/* Unmount (flushing), require e2fsck -fn clean, free. */
static void
img_finish(struct pc_img *m)
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
inode(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode in;

    assert_int_equal(ext2_iget(fs, ino, &in), 0);
    return in;
}

static uint32_t
mkfile(struct ext2_fs *fs, const char *name)
{
    uint32_t ino;

    assert_int_equal(ext2_create(fs, EXT2_ROOT_INO, name, EXT2_S_IFREG | 0644, 0, 0, &ino), 0);
    return ino;
}

/* pcache_read and pcache_write of file ino, the inode read first (as the server does). */
static int
pc_read(struct pc_img *m, uint32_t ino, uint64_t off, void *buf, uint32_t n)
{
    struct ext2_inode in = inode(m->fs, ino);

    return pcache_read(m->pc, ino, &in, off, buf, n);
}

static int
pc_write(struct pc_img *m, uint32_t ino, uint64_t off, const void *buf, uint32_t n)
{
    struct ext2_inode in = inode(m->fs, ino);

    return pcache_write(m->pc, ino, &in, off, buf, n);
}

/* ext2_truncate and then the cache, as the server truncates. */
static void
pc_truncate(struct pc_img *m, uint32_t ino, uint32_t size)
{
    assert_int_equal(ext2_truncate(m->fs, ino, size), 0);
    pcache_truncate(m->pc, ino, size);
}

static struct pcache_stats
stats(struct pc_img *m)
{
    struct pcache_stats s;

    pcache_stats(m->pc, &s);
    return s;
}

/* The file's bytes [off, off+n) straight from the image file (blocks
 * through ext2_bmap; holes as zeros): what the disk holds now. */
static void
disk_bytes(struct pc_img *m, uint32_t ino, uint32_t off, uint8_t *out, uint32_t n)
{
    struct ext2_inode in = inode(m->fs, ino);
    uint32_t bs = ext2_block_size(m->fs);

    for (uint32_t done = 0; done < n;) {
        uint32_t pos = off + done, boff = pos % bs, len = bs - boff, pblock;
        if (len > n - done)
            len = n - done;
        assert_int_equal(ext2_bmap(m->fs, ino, &in, pos / bs, 0, &pblock), 0);
        if (pblock == 0)
            memset(out + done, 0, len);
        else
            assert_int_equal(pread(m->d.fd, out + done, len, (off_t)pblock * bs + boff),
                             (ssize_t)len);
        done += len;
    }
}

/* Whether file ino's blocks [first, first+n) are contiguous on disk. */
static int
contiguous(struct pc_img *m, uint32_t ino, uint32_t first, uint32_t n)
{
    struct ext2_inode in = inode(m->fs, ino);
    uint32_t p0, p;

    assert_int_equal(ext2_bmap(m->fs, ino, &in, first, 0, &p0), 0);
    for (uint32_t i = 1; i < n; i++) {
        assert_int_equal(ext2_bmap(m->fs, ino, &in, first + i, 0, &p), 0);
        if (p != p0 + i)
            return 0;
    }
    return p0 != 0;
}

/* ---- reading through a small cache -------------------------------------------- */

static void
read_evicts(uint32_t bsize)
{
    char *src = xt_tmpdir(), path[512];
    const uint32_t size = 10 * PAGE + 1000, npages = 4;
    uint8_t *want = malloc(size), *got = malloc(size);
    struct pcache_stats s;
    struct pcache_page *pg;
    struct pc_img *m;
    uint32_t f, sp, reads;

    assert_non_null(want);
    assert_non_null(got);
    xt_pattern(want, size, 0, 1);
    snprintf(path, sizeof(path), "%s/data", src);
    xt_write_file(path, want, size);
    snprintf(path, sizeof(path), "%s/sparse", src); // one page of data, a page's hole, a page
    xt_write_at(path, 0, want, PAGE, PAGE);
    xt_write_at(path, 2 * PAGE, want + 2 * PAGE, PAGE, 3 * PAGE);
    m = img_new(bsize, 2048, src, npages);
    xt_rmtree(src);
    free(src);
    f = ino_of(m->fs, "/data");
    // page by page in odd chunks: every page a miss once, the oldest evicted
    for (uint32_t off = 0; off < size; off += 1000) {
        uint32_t n = size - off < 1000 ? size - off : 1000;
        assert_int_equal(pc_read(m, f, off, got + off, n), (int)n);
    }
    assert_memory_equal(got, want, size);
    s = stats(m);
    assert_int_equal(s.npages, npages);
    assert_int_equal(s.used, npages);
    assert_int_equal(s.misses, 11);
    assert_int_equal(s.evictions, 11 - npages);
    assert_int_equal(s.dirty, 0);
    assert_int_equal(s.writebacks, 0);
    assert_null(pcache_lookup(m->pc, f, 0)); // the least recently used went first
    assert_non_null(pg = pcache_lookup(m->pc, f, 10));
    assert_memory_equal(pg->data, want + 10 * PAGE, 1000);
    for (uint32_t i = 1000; i < PAGE; i++) // zeros past the end of the file
        assert_int_equal(pg->data[i], 0);
    // a hit costs no transfer; a miss on contiguous blocks costs one
    reads = m->d.reads;
    assert_int_equal(pc_read(m, f, 9 * PAGE, got, PAGE), (int)PAGE);
    assert_int_equal(m->d.reads, reads);
    assert_int_equal(stats(m).hits, s.hits + 1);
    if (contiguous(m, f, 0, PAGE / bsize)) {
        assert_int_equal(pc_read(m, f, 0, got, 10), 10);
        assert_int_equal(m->d.reads, reads + 1);
    }
    // reading past the end: nothing; a short read at the end
    assert_int_equal(pc_read(m, f, size, got, 10), 0);
    assert_int_equal(pc_read(m, f, size - 5, got, 10), 5);
    // a hole reads as zeros, with no transfer for it
    sp = ino_of(m->fs, "/sparse");
    assert_int_equal(pc_read(m, sp, 0, got, 3 * PAGE), (int)(3 * PAGE));
    assert_memory_equal(got, want, PAGE);
    for (uint32_t i = 0; i < PAGE; i++)
        assert_int_equal(got[PAGE + i], 0);
    assert_memory_equal(got + 2 * PAGE, want + 2 * PAGE, PAGE);
    img_finish(m);
    free(want);
    free(got);
}

static void
test_read_evicts_1k(void **s)
{
    (void)s;
    read_evicts(1024);
}
static void
test_read_evicts_2k(void **s)
{
    (void)s;
    read_evicts(2048);
}
static void
test_read_evicts_4k(void **s)
{
    (void)s;
    read_evicts(4096);
}

/* ---- write-back --------------------------------------------------------------- */

/* Dirty pages reach the disk when they are evicted, and the rest on a flush;
 * not before: until then the disk holds the zeros allocation put there. */
static void
write_back(uint32_t bsize)
{
    struct pc_img *m = img_new(bsize, 2048, NULL, 4);
    const uint32_t size = 12 * PAGE;
    uint8_t *want = malloc(size), *got = malloc(size);
    struct pcache_stats s;
    uint32_t f, g;

    assert_non_null(want);
    assert_non_null(got);
    xt_pattern(want, size, 0, 2);
    f = mkfile(m->fs, "f");
    assert_int_equal(pc_write(m, f, 0, want, size), (int)size);
    s = stats(m);
    assert_int_equal(s.used, 4);
    assert_int_equal(s.dirty, 4);
    assert_int_equal(s.evictions, 8);
    assert_int_equal(s.writebacks, 8); // each evicted page was written first
    assert_int_equal(inode(m->fs, f).i_size, size);
    disk_bytes(m, f, 0, got, size);
    assert_memory_equal(got, want, 8 * PAGE);
    for (uint32_t i = 8 * PAGE; i < size; i++) // still in the cache only
        assert_int_equal(got[i], 0);
    // g's page takes the place of f's least recently used (written back);
    // a flush of g writes nothing of f
    g = mkfile(m->fs, "g");
    assert_int_equal(pc_write(m, g, 100, "g", 1), 1);
    assert_int_equal(stats(m).writebacks, 9);
    assert_int_equal(pcache_flush_ino(m->pc, g), 0);
    assert_int_equal(stats(m).dirty, 3);
    disk_bytes(m, f, 8 * PAGE, got, 4 * PAGE);
    assert_memory_equal(got, want + 8 * PAGE, PAGE);
    for (uint32_t i = PAGE; i < 4 * PAGE; i++)
        assert_int_equal(got[i], 0);
    // flushing f: all of it on the disk, clean pages stay cached
    assert_int_equal(pcache_flush_ino(m->pc, f), 0);
    s = stats(m);
    assert_int_equal(s.dirty, 0);
    assert_int_equal(s.used, 4);
    disk_bytes(m, f, 0, got, size);
    assert_memory_equal(got, want, size);
    // a page written back once and dirtied again goes again; a clean one never
    struct pcache_page *pg = pcache_lookup(m->pc, f, 11);
    assert_non_null(pg);
    assert_int_equal(pcache_write_page(m->pc, pg), 0);
    assert_int_equal(stats(m).writebacks, s.writebacks);
    assert_int_equal(pc_write(m, f, 11 * PAGE + 7, "x", 1), 1);
    assert_int_equal(pcache_write_page(m->pc, pg), 0);
    assert_int_equal(stats(m).writebacks, s.writebacks + 1);
    want[11 * PAGE + 7] = 'x';
    // a fresh mount and a fresh cache read what was written
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    assert_int_equal(pc_read(m, ino_of(m->fs, "/f"), 0, got, size + 10), (int)size);
    assert_memory_equal(got, want, size);
    assert_int_equal(pc_read(m, ino_of(m->fs, "/g"), 0, got, 200), 101);
    assert_int_equal(got[100], 'g');
    assert_int_equal(got[99], 0);
    img_finish(m);
    free(want);
    free(got);
}

static void
test_write_back_1k(void **s)
{
    (void)s;
    write_back(1024);
}
static void
test_write_back_4k(void **s)
{
    (void)s;
    write_back(4096);
}

/* ---- pins --------------------------------------------------------------------- */

static void
test_pins(void **state)
{
    struct pc_img *m = img_new(1024, 2048, NULL, 4);
    uint8_t buf[PAGE];
    struct pcache_page *pg[4], *p;
    struct ext2_statfs st0, st;
    struct ext2_inode in;
    uint32_t f, g;

    (void)state;
    f = mkfile(m->fs, "f");
    g = mkfile(m->fs, "g");
    xt_pattern(buf, PAGE, 0, 3);
    for (uint32_t i = 0; i < 20; i++) // g: the same page twenty times
        assert_int_equal(pc_write(m, g, (uint64_t)i * PAGE, buf, PAGE), (int)PAGE);
    assert_int_equal(pc_write(m, f, 0, buf, PAGE), (int)PAGE);
    assert_int_equal(pc_write(m, f, 3 * PAGE - 1, "!", 1), 1);
    assert_int_equal(pcache_flush_all(m->pc), 0);
    // pin f's three pages (one for owner 7, two for owner 9)
    in = inode(m->fs, f);
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(pcache_get(m->pc, f, &in, i, 1, &pg[i]), 0);
        pcache_pin(m->pc, pg[i], 1, i == 0 ? 7 : 9);
    }
    pcache_pin(m->pc, pg[1], 1, 7); // pinned already: stays charged to 9
    pcache_dirty(m->pc, pg[2]);
    assert_int_equal(stats(m).pinned, 3);
    assert_int_equal(pcache_pinned_by(m->pc, 7), 1);
    assert_int_equal(pcache_pinned_by(m->pc, 9), 2);
    // twenty pages of g pass through the one page left; the pinned stay put
    for (uint32_t i = 0; i < 20; i++)
        assert_int_equal(pc_read(m, g, (uint64_t)i * PAGE, buf, PAGE), (int)PAGE);
    xt_pattern(buf, PAGE, 0, 3);
    for (uint32_t i = 0; i < 3; i++) {
        assert_ptr_equal(pcache_lookup(m->pc, f, i), pg[i]);
        assert_true(pg[i]->pinned);
    }
    assert_int_equal(pg[2]->data[PAGE - 1], '!');
    assert_true(pg[2]->dirty); // pinned and dirty: not written back by eviction
    // every page pinned: a miss fails, a hit still works
    in = inode(m->fs, g);
    assert_int_equal(pcache_get(m->pc, g, &in, 0, 1, &p), 0);
    assert_memory_equal(p->data, buf, 10);
    pcache_pin(m->pc, p, 1, 7);
    assert_int_equal(stats(m).pinned, 4);
    assert_int_equal(pcache_get(m->pc, g, &in, 5, 1, &p), -EIO);
    assert_int_equal(pc_read(m, g, 5 * PAGE, buf, 10), -EIO);
    assert_int_equal(pc_write(m, g, 5 * PAGE, "x", 1), -EIO);
    ext2_statfs(m->fs, &st0);
    assert_int_equal(pc_write(m, g, 30 * PAGE, "x", 1), -EIO); // no block left past the end
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks);
    assert_int_equal(inode(m->fs, g).i_size, 20 * PAGE);
    assert_int_equal(pc_read(m, g, 0, buf, 10), 10);
    assert_int_equal(pc_read(m, f, PAGE, buf, 10), 10);
    // unpinned, a page can go again
    pcache_pin(m->pc, pg[0], 0, 0);
    assert_int_equal(pcache_pinned_by(m->pc, 7), 1);
    assert_int_equal(pc_read(m, g, 5 * PAGE, buf, 10), 10);
    assert_null(pcache_lookup(m->pc, f, 0));
    // truncation drops pinned pages too (the caller unmapped them first)
    pc_truncate(m, f, 10);
    assert_null(pcache_lookup(m->pc, f, 1));
    assert_null(pcache_lookup(m->pc, f, 2));
    assert_int_equal(stats(m).pinned, 1);
    assert_int_equal(stats(m).dirty, 0);
    assert_int_equal(pcache_pinned_by(m->pc, 9), 0);
    img_finish(m);
}

/* ---- truncation --------------------------------------------------------------- */

static void
test_truncate(void **state)
{
    struct pc_img *m = img_new(2048, 2048, NULL, 8);
    uint8_t want[3 * PAGE], got[3 * PAGE];
    struct pcache_page *pg;
    uint32_t f;

    (void)state;
    f = mkfile(m->fs, "f");
    xt_pattern(want, sizeof(want), 0, 4);
    assert_int_equal(pc_write(m, f, 0, want, sizeof(want)), (int)sizeof(want));
    assert_int_equal(stats(m).dirty, 3);
    // down into page 1: page 2 goes dirty as it is, page 1's tail is zeros
    pc_truncate(m, f, PAGE + 100);
    assert_null(pcache_lookup(m->pc, f, 2));
    assert_non_null(pg = pcache_lookup(m->pc, f, 1));
    for (uint32_t i = 100; i < PAGE; i++)
        assert_int_equal(pg->data[i], 0);
    assert_int_equal(stats(m).dirty, 2);
    assert_int_equal(stats(m).used, 2);
    // grown again (a hole): zeros after the old end, in the cache and after a remount
    assert_int_equal(ext2_truncate(m->fs, f, 3 * PAGE), 0);
    assert_int_equal(pc_read(m, f, 0, got, sizeof(got)), (int)sizeof(got));
    assert_memory_equal(got, want, PAGE + 100);
    for (uint32_t i = PAGE + 100; i < sizeof(got); i++)
        assert_int_equal(got[i], 0);
    // a write past the end after a cut within a page: zeros between
    pc_truncate(m, f, 10);
    assert_int_equal(pc_write(m, f, 20, "Z", 1), 1);
    assert_int_equal(pc_read(m, f, 0, got, 100), 21);
    assert_memory_equal(got, want, 10);
    for (uint32_t i = 10; i < 20; i++)
        assert_int_equal(got[i], 0);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    assert_int_equal(pc_read(m, f, 0, got, 100), 21);
    assert_memory_equal(got, want, 10);
    assert_int_equal(got[20], 'Z');
    // to 0 and unlinked: every page goes, dirty ones unwritten
    assert_int_equal(pc_write(m, f, 0, want, sizeof(want)), (int)sizeof(want));
    assert_int_equal(ext2_unlink(m->fs, EXT2_ROOT_INO, "f"), 0);
    pcache_truncate(m->pc, f, 0);
    assert_int_equal(stats(m).used, 0);
    assert_int_equal(stats(m).dirty, 0);
    img_finish(m);
}

/* ---- a failing device --------------------------------------------------------- */

static void
test_failing_reads(void **state)
{
    char *src = xt_tmpdir(), path[512];
    uint8_t want[2 * PAGE], got[2 * PAGE];
    struct pc_img *m;
    uint32_t f;

    (void)state;
    xt_pattern(want, sizeof(want), 0, 5);
    snprintf(path, sizeof(path), "%s/data", src);
    xt_write_file(path, want, sizeof(want));
    m = img_new(1024, 2048, src, 4);
    xt_rmtree(src);
    free(src);
    f = ino_of(m->fs, "/data");
    assert_int_equal(pc_read(m, f, 0, got, 10), 10); // page 0 cached
    m->d.fail_reads = 1;
    assert_int_equal(pc_read(m, f, PAGE, got, 10), -EIO);
    assert_int_equal(stats(m).used, 1); // the page that could not be filled is free again
    assert_null(pcache_lookup(m->pc, f, 1));
    assert_int_equal(pc_read(m, f, 0, got, sizeof(got)), (int)PAGE); // short: what was read
    assert_memory_equal(got, want, PAGE);
    // a write that needs the page's old bytes fails and changes nothing
    assert_int_equal(pc_write(m, f, PAGE + 1, "x", 1), -EIO);
    assert_int_equal(inode(m->fs, f).i_size, sizeof(want));
    m->d.fail_reads = 0;
    assert_int_equal(pc_read(m, f, 0, got, sizeof(got)), (int)sizeof(got));
    assert_memory_equal(got, want, sizeof(want));
    img_finish(m);
}

static void
test_failing_writes(void **state)
{
    struct pc_img *m = img_new(1024, 2048, NULL, 4);
    uint8_t want[6 * PAGE], got[6 * PAGE];
    struct ext2_statfs st0, st;
    struct pcache_page *pg;
    uint64_t written;
    uint32_t f, g;

    (void)state;
    f = mkfile(m->fs, "f");
    g = mkfile(m->fs, "g");
    xt_pattern(want, sizeof(want), 0, 6);
    assert_int_equal(pc_write(m, f, 0, want, 4 * PAGE), (int)(4 * PAGE));
    assert_int_equal(pcache_flush_all(m->pc), 0);
    assert_int_equal(ext2_sync(m->fs), 0);
    ext2_statfs(m->fs, &st0);
    written = stats(m).writebacks;
    m->d.fail_writes = 1;
    // a new block cannot be zeroed: the write fails, no block is taken
    assert_int_equal(pc_write(m, g, 0, want, 100), -EIO);
    assert_int_equal(pc_write(m, f, 4 * PAGE, want, PAGE), -EIO); // past the end
    assert_int_equal(pc_write(m, f, 300 * KIB, want, 10), -EIO);  // needs an indirect block
    ext2_statfs(m->fs, &st);
    assert_int_equal(st.free_blocks, st0.free_blocks);
    assert_int_equal(inode(m->fs, f).i_size, 4 * PAGE);
    assert_int_equal(inode(m->fs, g).i_size, 0);
    // blocks that are there take the bytes into the cache; writing back fails
    xt_pattern(want, 4 * PAGE, 0, 7);
    assert_int_equal(pc_write(m, f, 0, want, 4 * PAGE), (int)(4 * PAGE));
    assert_int_equal(stats(m).dirty, 4);
    assert_int_equal(pcache_flush_ino(m->pc, f), -EIO);
    assert_non_null(pg = pcache_lookup(m->pc, f, 0));
    assert_int_equal(pcache_write_page(m->pc, pg), -EIO);
    assert_int_equal(stats(m).dirty, 4); // still dirty: nothing lost
    assert_int_equal(stats(m).writebacks, written);
    // a miss needs a page, and none can be written back: -EIO, the pages kept
    assert_int_equal(pc_read(m, g, 0, got, 10), 0); // g is empty: no page needed
    assert_int_equal(ext2_truncate(m->fs, g, PAGE), 0);
    assert_int_equal(pc_read(m, g, 0, got, 10), -EIO);
    assert_int_equal(stats(m).dirty, 4);
    assert_int_equal(pc_read(m, f, 0, got, 4 * PAGE), (int)(4 * PAGE));
    assert_memory_equal(got, want, 4 * PAGE);
    // the device works again: everything reaches it
    m->d.fail_writes = 0;
    assert_int_equal(pc_read(m, g, 0, got, 10), 10); // a dirty page written back, evicted
    assert_int_equal(stats(m).evictions, 1);
    assert_int_equal(pcache_flush_all(m->pc), 0);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    assert_int_equal(pc_read(m, ino_of(m->fs, "/f"), 0, got, sizeof(got)), (int)(4 * PAGE));
    assert_memory_equal(got, want, 4 * PAGE);
    img_finish(m);
}

/* ---- contracts ---------------------------------------------------------------- */

static void
test_errors(void **state)
{
    struct pc_img *m = img_new(1024, 1024, NULL, 4);
    struct ext2_inode in;
    struct pcache *pc;
    uint8_t buf[8];
    uint32_t f, d;

    (void)state;
    assert_int_equal(pcache_create(&pc, m->fs, m->mem, 0), -EINVAL);
    f = mkfile(m->fs, "f");
    assert_int_equal(ext2_create(m->fs, EXT2_ROOT_INO, "d", EXT2_S_IFDIR | 0755, 0, 0, &d), 0);
    assert_int_equal(pc_read(m, d, 0, buf, 8), -EISDIR);
    assert_int_equal(pc_write(m, d, 0, buf, 8), -EISDIR);
    in = inode(m->fs, 1); // the bad-blocks inode: not a regular file
    assert_int_equal(pcache_write(m->pc, 1, &in, 0, buf, 8), -EINVAL);
    assert_int_equal(pc_write(m, f, 0, buf, 0), 0);
    assert_int_equal(pc_write(m, f, EXT2_MAX_FILE_SIZE, buf, 1), -EFBIG);
    assert_int_equal(pc_write(m, f, 1ull << 40, buf, 1), -EFBIG);
    assert_int_equal(pc_write(m, f, EXT2_MAX_FILE_SIZE - 2, "abc", 3), 2); // cut at the limit
    assert_int_equal(inode(m->fs, f).i_size, EXT2_MAX_FILE_SIZE);
    assert_int_equal(pc_read(m, f, EXT2_MAX_FILE_SIZE - 3, buf, 8), 3);
    assert_memory_equal(buf, "\0ab", 3);
    assert_int_equal(pc_read(m, f, 1ull << 40, buf, 8), 0);
    assert_int_equal(ext2_truncate(m->fs, f, 0), 0);
    pcache_truncate(m->pc, f, 0);
    img_finish(m);
}

static void
test_times(void **state)
{
    struct pc_img *m = img_new(1024, 1024, NULL, 4);
    struct ext2_inode in;
    uint8_t buf[4];
    uint32_t f;

    (void)state;
    m->d.clock = 1000;
    f = mkfile(m->fs, "f");
    m->d.clock = 2000;
    assert_int_equal(pc_write(m, f, 0, "abc", 3), 3);
    in = inode(m->fs, f);
    assert_int_equal(in.i_mtime, 2000);
    assert_int_equal(in.i_ctime, 2000);
    assert_int_equal(in.i_atime, 1000);
    m->d.clock = 3000;
    assert_int_equal(pc_read(m, f, 0, buf, 3), 3);
    in = inode(m->fs, f);
    assert_int_equal(in.i_atime, 3000);
    assert_int_equal(in.i_mtime, 2000);
    m->d.clock = 4000;
    assert_int_equal(pc_write(m, f, 0, buf, 0), 0); // nothing written: no update
    assert_int_equal(inode(m->fs, f).i_mtime, 2000);
    img_finish(m);
}

/* A full disk: the write stops short where the blocks ran out, nothing leaks. */
static void
test_enospc(void **state)
{
    struct pc_img *m = img_new(1024, 512, NULL, 4);
    uint8_t *buf = malloc(1024 * KIB), *got = malloc(1024 * KIB);
    struct ext2_statfs st;
    uint32_t f;
    int r;

    (void)state;
    assert_non_null(buf);
    assert_non_null(got);
    xt_pattern(buf, 1024 * KIB, 0, 8);
    f = mkfile(m->fs, "f");
    r = pc_write(m, f, 0, buf, 1024 * KIB);
    assert_true(r > 0 && (uint32_t)r < 1024 * KIB);
    assert_int_equal(inode(m->fs, f).i_size, (uint32_t)r);
    ext2_statfs(m->fs, &st);
    assert_true(st.free_blocks < 8); // what is left cannot hold even the next page's blocks
    assert_int_equal(pc_write(m, f, (uint32_t)r, buf, 8 * KIB), -ENOSPC);
    assert_int_equal(inode(m->fs, f).i_size, (uint32_t)r);
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    assert_int_equal(pc_read(m, ino_of(m->fs, "/f"), 0, got, 1024 * KIB), r);
    assert_memory_equal(got, buf, (size_t)r);
    img_finish(m);
    free(buf);
    free(got);
}

/* ---- random writes against a model -------------------------------------------- */

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static void
random_model(uint32_t bsize)
{
    struct pc_img *m = img_new(bsize, 4096, NULL, 6);
    uint8_t *model[3], *buf = malloc(MODEL_SIZE);
    uint32_t ino[3], size[3] = {0, 0, 0};

    assert_non_null(buf);
    for (int i = 0; i < 3; i++) {
        char name[] = {'r', (char)('0' + i), '\0'};
        ino[i] = mkfile(m->fs, name);
        model[i] = calloc(1, MODEL_SIZE);
        assert_non_null(model[i]);
    }
    for (int step = 0; step < 600; step++) {
        int i = (int)rnd(3);
        uint32_t off = rnd(MODEL_SIZE - 1), n = 1 + rnd(3 * PAGE);
        if (n > MODEL_SIZE - off)
            n = MODEL_SIZE - off;
        switch (rnd(8)) {
        case 0: // cut (or grow with a hole)
            pc_truncate(m, ino[i], off);
            if (off < size[i])
                memset(model[i] + off, 0, size[i] - off);
            size[i] = off;
            break;
        case 1: // read back at once
            assert_int_equal(pc_read(m, ino[i], off, buf, n),
                             off >= size[i] ? 0 : (int)(size[i] - off < n ? size[i] - off : n));
            if (off < size[i])
                assert_memory_equal(buf, model[i] + off, size[i] - off < n ? size[i] - off : n);
            break;
        case 2:
            assert_int_equal(pcache_flush_all(m->pc), 0);
            break;
        default:
            xt_pattern(buf, n, off, (uint32_t)step);
            assert_int_equal(pc_write(m, ino[i], off, buf, n), (int)n);
            memcpy(model[i] + off, buf, n);
            if (off + n > size[i])
                size[i] = off + n;
        }
    }
    img_unmount(m);
    assert_int_equal(xt_fsck(m->path), 0);
    img_mount(m);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(inode(m->fs, ino[i]).i_size, size[i]);
        assert_int_equal(pc_read(m, ino[i], 0, buf, MODEL_SIZE), (int)size[i]);
        assert_memory_equal(buf, model[i], size[i]);
        free(model[i]);
    }
    img_finish(m);
    free(buf);
}

static void
test_random_1k(void **s)
{
    (void)s;
    random_model(1024);
}
static void
test_random_2k(void **s)
{
    (void)s;
    random_model(2048);
}
static void
test_random_4k(void **s)
{
    (void)s;
    random_model(4096);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_read_evicts_1k, teardown),
        cmocka_unit_test_teardown(test_read_evicts_2k, teardown),
        cmocka_unit_test_teardown(test_read_evicts_4k, teardown),
        cmocka_unit_test_teardown(test_write_back_1k, teardown),
        cmocka_unit_test_teardown(test_write_back_4k, teardown),
        cmocka_unit_test_teardown(test_pins, teardown),
        cmocka_unit_test_teardown(test_truncate, teardown),
        cmocka_unit_test_teardown(test_failing_reads, teardown),
        cmocka_unit_test_teardown(test_failing_writes, teardown),
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_times, teardown),
        cmocka_unit_test_teardown(test_enospc, teardown),
        cmocka_unit_test_teardown(test_random_1k, teardown),
        cmocka_unit_test_teardown(test_random_2k, teardown),
        cmocka_unit_test_teardown(test_random_4k, teardown),
    };

    return cmocka_run_group_tests_name("pcache", tests, NULL, NULL);
}

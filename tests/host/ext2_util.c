/*
 * tests/host/ext2_util.c - host-side helpers for the ext2 tests.
 *
 * Images are made by the real mke2fs from a directory the test fills; the
 * library reaches them through a struct filedev (pread/pwrite, checking that
 * every transfer is whole 512-byte sectors inside the image) and they are
 * judged by the real e2fsck -fn afterwards. File data goes through the page
 * cache (fs/pcache.c), as in the file server: xt_read and xt_write make a
 * small cache for the call and write it through. Shell commands run through
 * system() and popen(); their output goes to the test's stderr only when a
 * check fails (e2fsck), so TAP stays readable.
 */
#include "tests/host/ext2_util.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fs/pcache.h"
#include "kernel/abi/errno.h"

#define XT_PAGES 8 /* the page cache of one xt_read or xt_write */

/* A fresh directory under /tmp (caller frees the string, xt_rmtree removes it). */
char *
xt_tmpdir(void)
{
    char *t = strdup("/tmp/ext2test.XXXXXX");

    assert_non_null(t);
    assert_non_null(mkdtemp(t));
    return t;
}

/* rm -rf path. */
void
xt_rmtree(const char *path)
{
    xt_sh("rm -rf '%s'", path);
}

/* Run a shell command; its exit status (-1 if it did not exit). */
int
xt_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    int st;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Run a shell command and return its stdout (malloc'd, NUL-terminated, *len bytes). */
char *
xt_sh_out(size_t *len, const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    FILE *p;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    p = popen(cmd, "r");
    assert_non_null(p);
    do {
        if (n + 4096 + 1 > cap) {
            cap = (n + 4096 + 1) * 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        got = fread(buf + n, 1, 4096, p);
        n += got;
    } while (got > 0);
    pclose(p);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

/* Create path holding exactly data[0..n). */
void
xt_write_file(const char *path, const void *data, size_t n)
{
    xt_write_at(path, 0, data, n, n);
}

/* Write data at off into path (created if needed), then set its size to size. */
void
xt_write_at(const char *path, uint64_t off, const void *data, size_t n, uint64_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT, 0644);

    assert_true(fd >= 0);
    if (n > 0)
        assert_int_equal(pwrite(fd, data, n, (off_t)off), (ssize_t)n);
    assert_int_equal(ftruncate(fd, (off_t)size), 0);
    close(fd);
}

/* Deterministic bytes for file offset off onward (depends on seed and position). */
void
xt_pattern(uint8_t *buf, size_t n, uint64_t off, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t x = off + i;

        buf[i] = (uint8_t)((x * 2654435761u >> 13) ^ (x >> 9) ^ seed);
    }
}

/*
 * mke2fs -t ext2 an image of size_kib KiB with bsize-byte blocks, filled from
 * srcdir if not NULL; extra options are appended. Returns mke2fs's status.
 */
int
xt_mkfs(const char *img, uint32_t bsize, const char *srcdir, uint32_t size_kib, const char *extra)
{
    char d[1024] = "";

    unlink(img);
    if (srcdir != NULL)
        snprintf(d, sizeof(d), "-d '%s'", srcdir);
    return xt_sh("mke2fs -q -F -t ext2 -b %u %s %s '%s' %uk >/dev/null 2>&1", bsize,
                 extra != NULL ? extra : "", d, img, size_kib);
}

static int
dev_read(void *ctx, uint64_t off, void *buf, uint32_t len)
{
    struct filedev *d = ctx;

    assert_int_equal(off % 512, 0);
    assert_int_equal(len % 512, 0);
    assert_true(off + len <= d->size);
    d->reads++;
    if (d->fail_reads)
        return -EIO;
    return pread(d->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static int
dev_write(void *ctx, uint64_t off, const void *buf, uint32_t len)
{
    struct filedev *d = ctx;

    assert_int_equal(off % 512, 0);
    assert_int_equal(len % 512, 0);
    assert_true(off + len <= d->size);
    d->writes++;
    if (d->fail_writes)
        return -EIO;
    return pwrite(d->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static int
dev_flush(void *ctx)
{
    struct filedev *d = ctx;

    return fsync(d->fd) == 0 ? 0 : -EIO;
}

static uint32_t
dev_now(void *ctx)
{
    struct filedev *d = ctx;

    return d->clock;
}

/* Open img read-write as d->dev (clock at 1.7e9 s). */
void
xt_open(struct filedev *d, const char *img)
{
    struct stat st;

    memset(d, 0, sizeof(*d));
    d->fd = open(img, O_RDWR);
    assert_true(d->fd >= 0);
    assert_int_equal(fstat(d->fd, &st), 0);
    d->size = (uint64_t)st.st_size;
    d->clock = 1700000000u;
    d->dev.ctx = d;
    d->dev.read = dev_read;
    d->dev.write = dev_write;
    d->dev.flush = dev_flush;
    d->dev.now = dev_now;
}

void
xt_close(struct filedev *d)
{
    close(d->fd);
    d->fd = -1;
}

/*
 * e2fsck -fn img: its exit status, or 100 if it exited 0 but still declined
 * a fix (-n answers "no"; e2fsck exits 0 for a wrong superblock free count,
 * for one). The report goes to stderr when the result is not 0.
 */
int
xt_fsck(const char *img)
{
    size_t n;
    char *out = xt_sh_out(&n, "e2fsck -fn '%s' 2>&1; echo \"status=$?\"", img);
    char *st = strstr(out, "status=");
    int status = st != NULL ? atoi(st + 7) : -1;

    if (status == 0 && strstr(out, "? no") != NULL)
        status = 100;

    if (status != 0)
        fprintf(stderr, "e2fsck -fn %s:\n%s", img, out);
    free(out);
    return status;
}

/*
 * Run one read or write of file ino through a fresh cache of XT_PAGES pages
 * (evicting, and writing back, as a larger transfer goes), then write the
 * file's dirty pages and drop the cache: ext2_truncate, ext2_unlink and
 * debugfs find the bytes on the image, as after a write straight to it.
 */
static int
through_cache(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *rbuf, const void *wbuf,
              uint32_t n)
{
    uint8_t *mem = malloc((size_t)XT_PAGES * PCACHE_PAGE);
    struct ext2_inode in;
    struct pcache *pc;
    int r, e;

    assert_non_null(mem);
    assert_int_equal(pcache_create(&pc, fs, mem, XT_PAGES), 0);
    if ((r = ext2_iget(fs, ino, &in)) == 0)
        r = rbuf != NULL ? pcache_read(pc, ino, &in, off, rbuf, n)
                         : pcache_write(pc, ino, &in, off, wbuf, n);
    e = pcache_flush_ino(pc, ino);
    pcache_destroy(pc);
    free(mem);
    return r < 0 ? r : e < 0 ? e : r;
}

/* pcache_read of file ino, as the file server reads: the bytes read or an error. */
int
xt_read(struct ext2_fs *fs, uint32_t ino, uint64_t off, void *buf, uint32_t n)
{
    return through_cache(fs, ino, off, buf, NULL, n);
}

/* pcache_write of file ino, written through: the bytes written or an error. */
int
xt_write(struct ext2_fs *fs, uint32_t ino, uint64_t off, const void *buf, uint32_t n)
{
    return through_cache(fs, ino, off, NULL, buf, n);
}

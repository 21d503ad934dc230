/*
 * tests/host/test_ext2_random.c - random operations on fs/ (ext2) checked
 * against an in-memory model.
 *
 * The model is a tree of nodes (directories, and files holding their bytes in
 * full). Each step picks an operation: create, mkdir, write (inside, at the
 * end, past the end leaving a hole, or far out into double-indirect blocks),
 * truncate down or up, unlink, rmdir, rename (files and directories, onto
 * existing targets, into subtrees), a read compared at once. The model
 * predicts every result, error numbers included, and follows along; when the
 * image runs out of space the model takes what ext2 reports (a short write,
 * -ENOSPC with nothing changed). Every few hundred steps, and at the end,
 * every directory listing (names, types, inode numbers, link counts), every
 * file's size and bytes, and the free inode count are compared; at a few
 * points the image is unmounted, e2fsck -fn must find it clean, and it is
 * mounted again. Seeds are fixed and printed; EXT2_SEED=<n> replays one.
 * Every block size (1, 2 and 4 KiB) runs each seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fs/ext2.h"
#include "kernel/abi/errno.h"
#include "tests/host/ext2_util.h"

#define MAXN 160              // model nodes (root included)
#define STEPS 2000            // operations per seed
#define CHECK_EVERY 400       // full comparison interval
#define REMOUNT_EVERY 1000    // unmount + e2fsck + mount interval
#define MODEL_CAP (24u << 20) // bytes the model may hold in all files

struct node {
    int used, isdir, parent;
    char name[EXT2_NAME_MAX + 1];
    uint32_t ino;
    uint8_t *data;
    uint32_t size;
};

static struct node nodes[MAXN];
static uint64_t model_bytes;
static uint64_t rng_state;
static uint32_t bsize;
static struct ext2_fs *fs;
static struct filedev dev;
static char *tmp, img[256];
static uint32_t base_free_inodes; // free inodes with only the root in use
static int live;                  // nodes in use, root excluded
static uint32_t nok[9], nerr[9];  // per operation: successes, expected errors
static int max_live;
static uint32_t min_free; // fewest free blocks seen at a check
static uint64_t max_bytes;

enum { O_CREATE, O_MKDIR, O_WRITE, O_TRUNC, O_READ, O_UNLINK, O_RMDIR, O_RENAME, O_NOSPC };

/* Count an operation's outcome (r == 0 or positive: success). */
static void
tally(int op, int r)
{
    if (r >= 0)
        nok[op]++;
    else
        nerr[op]++;
    if (r == -ENOSPC)
        nok[O_NOSPC]++;
    if (live > max_live)
        max_live = live;
    if (model_bytes > max_bytes)
        max_bytes = model_bytes;
}

static uint32_t
rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n == 0 ? 0 : (uint32_t)(rng_state % n);
}

static int
find_child(int dir, const char *name)
{
    for (int i = 1; i < MAXN; i++) {
        if (nodes[i].used && nodes[i].parent == dir && strcmp(nodes[i].name, name) == 0)
            return i;
    }
    return -1;
}

static int
nchildren(int dir, int dirs_only)
{
    int n = 0;

    for (int i = 1; i < MAXN; i++)
        n += nodes[i].used && nodes[i].parent == dir && (!dirs_only || nodes[i].isdir);
    return n;
}

/* a is b or an ancestor of b */
static int
above(int a, int b)
{
    for (; b != 0; b = nodes[b].parent) {
        if (b == a)
            return 1;
    }
    return a == 0;
}

static int
free_slot(void)
{
    for (int i = 1; i < MAXN; i++) {
        if (!nodes[i].used)
            return i;
    }
    return -1;
}

/* A random node: kind 0 any non-root, 1 file, 2 directory (root allowed). -1 if none. */
static int
pick(int kind)
{
    int cand[MAXN], n = 0;

    for (int i = 0; i < MAXN; i++) {
        if (!nodes[i].used || (i == 0 && kind != 2))
            continue;
        if ((kind == 1 && nodes[i].isdir) || (kind == 2 && !nodes[i].isdir))
            continue;
        cand[n++] = i;
    }
    return n == 0 ? -1 : cand[rnd((uint32_t)n)];
}

static void
rand_name(char *out)
{
    uint32_t r = rnd(100);

    if (r < 4) { // long names, up to the limit
        uint32_t len = 200 + rnd(EXT2_NAME_MAX - 200 + 1);

        for (uint32_t i = 0; i < len; i++)
            out[i] = (char)('a' + rnd(26));
        out[len] = '\0';
    } else {
        snprintf(out, EXT2_NAME_MAX + 1, "%c%u", r & 1 ? 'n' : 'm', rnd(24));
    }
}

static void
drop_node(int i)
{
    if (nodes[i].data != NULL) {
        model_bytes -= nodes[i].size;
        free(nodes[i].data);
    }
    memset(&nodes[i], 0, sizeof(nodes[i]));
    live--;
}

static void
set_size(struct node *n, uint32_t size)
{
    if (size > n->size) {
        n->data = realloc(n->data, size);
        assert_non_null(n->data);
        memset(n->data + n->size, 0, size - n->size);
    }
    model_bytes += size;
    model_bytes -= n->size;
    n->size = size;
}

/* ---- operations ---------------------------------------------------------------- */

static void
op_create(int isdir)
{
    int d = pick(2), slot = free_slot(), exist, r;
    char name[EXT2_NAME_MAX + 1];
    uint32_t ino = 0;
    uint16_t mode = isdir ? EXT2_S_IFDIR | 0755 : EXT2_S_IFREG | 0644;

    if (slot < 0)
        return;
    rand_name(name);
    exist = find_child(d, name);
    r = ext2_create(fs, nodes[d].ino, name, mode, 0, 0, &ino);
    tally(isdir ? O_MKDIR : O_CREATE, r);
    if (exist >= 0) {
        assert_int_equal(r, -EEXIST);
        return;
    }
    if (r == -ENOSPC)
        return;
    assert_int_equal(r, 0);
    nodes[slot].used = 1;
    nodes[slot].isdir = isdir;
    nodes[slot].parent = d;
    strcpy(nodes[slot].name, name);
    nodes[slot].ino = ino;
    live++;
}

/* Far offsets reach double-indirect blocks at every block size. */
static uint32_t
far_limit(void)
{
    uint32_t p = bsize / 4;

    return (12 + p + 2 * p) * bsize;
}

static void
op_write(void)
{
    int f = pick(1), r;
    struct node *n;
    uint32_t off, len, c = rnd(100);
    uint8_t *buf;

    if (f < 0)
        return;
    n = &nodes[f];
    if (c < 60)
        off = rnd(n->size + 1);
    else if (c < 90)
        off = n->size + rnd(4 * bsize);
    else
        off = rnd(far_limit());
    len = 1 + rnd(c < 15 ? 32 * bsize : 3 * bsize);
    if (off + len > n->size && model_bytes + (off + len - n->size) > MODEL_CAP)
        return;
    buf = malloc(len);
    assert_non_null(buf);
    for (uint32_t i = 0; i < len; i++)
        buf[i] = (uint8_t)rnd(256);
    r = xt_write(fs, n->ino, off, buf, len);
    tally(O_WRITE, r == (int)len ? 0 : -ENOSPC);
    if (r == -ENOSPC) {
        free(buf);
        return;
    }
    assert_true(r > 0 && (uint32_t)r <= len);
    if ((uint32_t)r < len) // short only for want of space
        assert_int_equal(xt_write(fs, n->ino, off + (uint32_t)r, buf + r, len - (uint32_t)r),
                         -ENOSPC);
    if (off + (uint32_t)r > n->size)
        set_size(n, off + (uint32_t)r);
    memcpy(n->data + off, buf, (uint32_t)r);
    free(buf);
}

static void
op_truncate(void)
{
    int f = pick(1);
    struct node *n;
    uint32_t size, c = rnd(100);

    if (f < 0)
        return;
    n = &nodes[f];
    if (c < 50)
        size = rnd(n->size + 1);
    else if (c < 82)
        size = n->size + rnd(3 * bsize);
    else if (c < 90)
        size = 0;
    else
        size = rnd(far_limit());
    if (size > n->size && model_bytes + (size - n->size) > MODEL_CAP)
        return;
    assert_int_equal(ext2_truncate(fs, n->ino, size), 0);
    tally(O_TRUNC, 0);
    set_size(n, size);
}

static void
op_read(void)
{
    int f = pick(1), r;
    struct node *n;
    uint32_t off, len, want;
    uint8_t *buf;

    if (f < 0)
        return;
    n = &nodes[f];
    off = rnd(n->size + 2 * bsize);
    len = rnd(4 * bsize);
    buf = malloc(len + 1);
    assert_non_null(buf);
    r = xt_read(fs, n->ino, off, buf, len);
    tally(O_READ, r);
    want = off >= n->size ? 0 : (n->size - off < len ? n->size - off : len);
    assert_int_equal(r, (int)want);
    if (want > 0)
        assert_memory_equal(buf, n->data + off, want);
    free(buf);
}

static void
op_unlink(void)
{
    int i = pick(0), r;

    if (i < 0)
        return;
    r = ext2_unlink(fs, nodes[nodes[i].parent].ino, nodes[i].name);
    tally(O_UNLINK, r);
    if (nodes[i].isdir) {
        assert_int_equal(r, -EISDIR);
        return;
    }
    assert_int_equal(r, 0);
    drop_node(i);
}

static void
op_rmdir(void)
{
    int i = pick(0), r;

    if (i < 0)
        return;
    r = ext2_rmdir(fs, nodes[nodes[i].parent].ino, nodes[i].name);
    tally(O_RMDIR, r);
    if (!nodes[i].isdir)
        assert_int_equal(r, -ENOTDIR);
    else if (nchildren(i, 0) > 0)
        assert_int_equal(r, -ENOTEMPTY);
    else {
        assert_int_equal(r, 0);
        drop_node(i);
    }
}

static void
op_rename(void)
{
    int s = pick(0), d = pick(2), t, r, want;
    char name[EXT2_NAME_MAX + 1];

    if (s < 0)
        return;
    if (rnd(4) == 0)
        strcpy(name, nodes[s].name); // same name, maybe another directory
    else
        rand_name(name);
    t = find_child(d, name);
    if (t == s)
        want = 0;
    else if (t >= 0 && nodes[s].isdir && !nodes[t].isdir)
        want = -ENOTDIR;
    else if (t >= 0 && !nodes[s].isdir && nodes[t].isdir)
        want = -EISDIR;
    else if (t >= 0 && nodes[t].isdir && nchildren(t, 0) > 0)
        want = -ENOTEMPTY;
    else if (nodes[s].isdir && nodes[s].parent != d && above(s, d))
        want = -EINVAL;
    else
        want = 0;
    r = ext2_rename(fs, nodes[nodes[s].parent].ino, nodes[s].name, nodes[d].ino, name);
    tally(O_RENAME, r);
    if (r == -ENOSPC && t < 0)
        return;
    assert_int_equal(r, want);
    if (r != 0 || t == s)
        return;
    if (t >= 0)
        drop_node(t);
    nodes[s].parent = d;
    strcpy(nodes[s].name, name);
}

/* ---- whole-tree comparison ------------------------------------------------------- */

static void
check_file(int i)
{
    struct node *n = &nodes[i];
    struct ext2_inode in;
    uint8_t *buf = malloc(n->size + 1);

    assert_non_null(buf);
    assert_int_equal(ext2_iget(fs, n->ino, &in), 0);
    assert_int_equal(ext2_isize(&in), n->size);
    assert_int_equal(in.i_links_count, 1);
    assert_int_equal(xt_read(fs, n->ino, 0, buf, n->size + 1), (int)n->size);
    assert_memory_equal(buf, n->data, n->size);
    free(buf);
}

static void
check_dir(int d)
{
    struct ext2_dirent de;
    struct ext2_inode in;
    uint32_t pos = 0;
    int r, seen = 0, dots = 0;

    assert_int_equal(ext2_iget(fs, nodes[d].ino, &in), 0);
    assert_int_equal(in.i_links_count, 2 + nchildren(d, 1));
    while ((r = ext2_readdir(fs, nodes[d].ino, &pos, &de)) == 1) {
        int c;

        if (strcmp(de.name, ".") == 0) {
            assert_int_equal(de.ino, nodes[d].ino);
            dots++;
            continue;
        }
        if (strcmp(de.name, "..") == 0) {
            assert_int_equal(de.ino, nodes[nodes[d].parent].ino);
            dots++;
            continue;
        }
        c = find_child(d, de.name);
        assert_true(c >= 0);
        assert_int_equal(de.ino, nodes[c].ino);
        assert_int_equal(de.type, nodes[c].isdir ? EXT2_FT_DIR : EXT2_FT_REG_FILE);
        seen++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(dots, 2);
    assert_int_equal(seen, nchildren(d, 0));
}

static void
check_all(void)
{
    struct ext2_statfs st;

    for (int i = 0; i < MAXN; i++) {
        if (!nodes[i].used)
            continue;
        if (nodes[i].isdir)
            check_dir(i);
        else
            check_file(i);
    }
    ext2_statfs(fs, &st);
    assert_int_equal(st.free_inodes, base_free_inodes - (uint32_t)live);
    if (st.free_blocks < min_free)
        min_free = st.free_blocks;
}

static void
remount_fsck(void)
{
    assert_int_equal(ext2_unmount(fs), 0);
    fs = NULL;
    xt_close(&dev);
    assert_int_equal(xt_fsck(img), 0);
    xt_open(&dev, img);
    assert_int_equal(ext2_mount(&fs, &dev.dev), 0);
}

static void
run_seed(uint32_t bs, uint64_t seed)
{
    const char *extra = bs == 1024 ? "-g 256 -N 256" : "-N 256";
    uint32_t size_kib = bs == 1024 ? 1024 : bs == 2048 ? 1536 : 3072; // small: ENOSPC happens
    struct ext2_statfs st;

    fprintf(stderr, "block size %u seed %llu (replay: EXT2_SEED=%llu)\n", bs,
            (unsigned long long)seed, (unsigned long long)seed);
    bsize = bs;
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    memset(nodes, 0, sizeof(nodes));
    model_bytes = 0;
    live = 0;
    memset(nok, 0, sizeof(nok));
    memset(nerr, 0, sizeof(nerr));
    max_live = 0;
    max_bytes = 0;
    min_free = UINT32_MAX;
    tmp = xt_tmpdir();
    snprintf(img, sizeof(img), "%s/img", tmp);
    assert_int_equal(xt_mkfs(img, bs, NULL, size_kib, extra), 0);
    xt_open(&dev, img);
    assert_int_equal(ext2_mount(&fs, &dev.dev), 0);
    nodes[0].used = 1;
    nodes[0].isdir = 1;
    nodes[0].ino = EXT2_ROOT_INO;
    // lost+found is mke2fs's; the model leaves it alone
    ext2_statfs(fs, &st);
    assert_int_equal(ext2_rmdir(fs, EXT2_ROOT_INO, "lost+found"), 0);
    base_free_inodes = st.free_inodes + 1;
    for (int step = 1; step <= STEPS; step++) {
        uint32_t c = rnd(100);

        dev.clock++;
        if (c < 14)
            op_create(0);
        else if (c < 20)
            op_create(1);
        else if (c < 45)
            op_write();
        else if (c < 55)
            op_truncate();
        else if (c < 67)
            op_read();
        else if (c < 77)
            op_unlink();
        else if (c < 83)
            op_rmdir();
        else
            op_rename();
        if (step % CHECK_EVERY == 0)
            check_all();
        if (step % REMOUNT_EVERY == 0)
            remount_fsck();
    }
    check_all();
    assert_int_equal(ext2_unmount(fs), 0);
    fs = NULL;
    xt_close(&dev);
    assert_int_equal(xt_fsck(img), 0);
    fprintf(stderr,
            "  ok/error: create %u/%u mkdir %u/%u write %u/%u truncate %u read %u unlink %u/%u "
            "rmdir %u/%u rename %u/%u; ENOSPC %u; up to %d nodes, %llu KiB; min free %u blocks\n",
            nok[O_CREATE], nerr[O_CREATE], nok[O_MKDIR], nerr[O_MKDIR], nok[O_WRITE], nerr[O_WRITE],
            nok[O_TRUNC], nok[O_READ], nok[O_UNLINK], nerr[O_UNLINK], nok[O_RMDIR], nerr[O_RMDIR],
            nok[O_RENAME], nerr[O_RENAME], nok[O_NOSPC], max_live,
            (unsigned long long)max_bytes >> 10, min_free);
    for (int i = 0; i < MAXN; i++) {
        if (nodes[i].used && i != 0)
            drop_node(i);
    }
    xt_rmtree(tmp);
    free(tmp);
    tmp = NULL;
}

static void
run_bs(uint32_t bs)
{
    static const uint64_t seeds[] = {1, 2, 3};
    const char *env = getenv("EXT2_SEED");

    if (env != NULL) {
        run_seed(bs, strtoull(env, NULL, 0));
        return;
    }
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
        run_seed(bs, seeds[i] + bs);
}

static int
teardown(void **state)
{
    (void)state;
    if (fs != NULL) {
        ext2_unmount(fs);
        fs = NULL;
        xt_close(&dev);
    }
    for (int i = 1; i < MAXN; i++) {
        if (nodes[i].used)
            drop_node(i);
    }
    if (tmp != NULL) {
        xt_rmtree(tmp);
        free(tmp);
        tmp = NULL;
    }
    return 0;
}

static void
test_random_1k(void **s)
{
    (void)s;
    run_bs(1024);
}
static void
test_random_2k(void **s)
{
    (void)s;
    run_bs(2048);
}
static void
test_random_4k(void **s)
{
    (void)s;
    run_bs(4096);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_random_1k, teardown),
        cmocka_unit_test_teardown(test_random_2k, teardown),
        cmocka_unit_test_teardown(test_random_4k, teardown),
    };

    return cmocka_run_group_tests_name("ext2_random", tests, NULL, NULL);
}

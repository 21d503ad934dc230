/*
 * t_omf: the On-Memory File calls (omf.h), one case per sentence of DESIGN
 * §4's OMF paragraph: a mapping shows the file's bytes and lies inside the
 * file; read-only opens map read-only; every readblock sets atime and
 * writeblock mtime; OMF_RESIZE grows with zeros and shrinks, taking the
 * pages past the end from every process at once (a touch there faults, and
 * nothing else is hurt); no stale bytes after shrink and regrow; writeblock
 * copies from a foreign buffer and nothing from the mapping; two and three
 * processes in different spaces see each other's stores at once; readbyte
 * and writebyte make no call once mapped; mappings follow procmove, work in
 * the server's own space (HVS x OMF) and go with close; bad input gets
 * errors; other owners that map and pin all they can leave the system owner
 * its readblock; 1,000 map/write/resize cycles leave nothing behind. The
 * shared windows beneath (issue 16): only a window's creator puts pages into
 * it, whatever its mode; a heap shrink and the creator's end take the memory
 * out of every window; a window follows its creator across procmove.
 * Files go under /tmp/t_omf.*.
 *     t_omf                     the suite
 *     t_omf touch FILE OFF UP DOWN   helper: map FILE, say so on box UP,
 *                               wait for a word on box DOWN, then read the
 *                               byte at OFF
 *     t_omf poke FILE I N       helper: map FILE, write byte I, wait until
 *                               bytes 0..N-1 are all set
 *     t_omf store FILE          helper: map FILE read-only and store into it
 *     t_omf winmap WIN OID      helper: as owner OID (0: unchanged) try to
 *                               show a page of our heap in window WIN
 *     t_omf winpeek UP DOWN     helper: read the byte at each address sent
 *                               on box DOWN, answer on UP; end at 0
 *     t_omf wincreator UP       helper: make a window showing two heap
 *                               pages, send its rid on UP, wait to be killed
 *     t_omf hog OID KIND ARG UP DOWN   helper: as owner OID, map all the
 *                               server allows (KIND windows: 4 KiB files
 *                               /tmp/t_omf.wN from N = ARG on; pins: 64 KiB
 *                               pieces of file ARG), say how many and why it
 *                               stopped on box UP, wait for a word on DOWN
 *     t_omf persist FILE        for the host: make FILE 64 KiB of '.', store
 *                               "writeblock" at 0 and writeblock it, store
 *                               "close" at 40000 and only close, grow it to
 *                               70000 with OMF_RESIZE; the host reads the disk
 */
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <omf.h>
#include <omfs.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define KIB 1024

static int
make_file(const char *path, uint32_t size, uint8_t fill)
{
    static uint8_t buf[16 * KIB];
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

    if (fd < 0)
        return -1;
    for (uint32_t done = 0; done < size;) {
        uint32_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
        for (uint32_t i = 0; i < n; i++)
            buf[i] = (uint8_t)(fill + (done + i) % 251);
        if (write(fd, buf, n) != (ssize_t)n)
            return -1;
        done += n;
    }
    return fd;
}

static int
mapping_shows_the_file_and_lies_inside_it(void)
{
    int fd = make_file("/tmp/t_omf.a", 20 * KIB, 7);
    uint8_t *p, *q;

    CHECK(fd >= 0);
    CHECK((p = readblock(fd, 4 * KIB, 0)) != NULL);
    for (uint32_t i = 0; i < 4 * KIB; i++)
        CHECK_EQ(p[i], (uint8_t)(7 + i % 251));
    CHECK((q = readblock(fd, 100, 10000)) != NULL); // not page aligned
    CHECK_EQ(q, p + 10000);                         // one address for the whole file
    CHECK_EQ(q[0], (uint8_t)(7 + 10000 % 251));
    CHECK((q = readblock(fd, 20 * KIB, 0)) == p); // all of it
    CHECK_EQ(p[20 * KIB - 1], (uint8_t)(7 + (20 * KIB - 1) % 251));
    CHECK(readblock(fd, 1, 20 * KIB) == NULL); // past the end
    CHECK_EQ(errno, EINVAL);
    CHECK(readblock(fd, 20 * KIB + 1, 0) == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK(readblock(fd, 0, 0) == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK(readblock(fd, 10, -1) == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK(readblock(fd, 0x7fffffff, 0) == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK(readblock(-1, 10, 0) == NULL);
    CHECK_EQ(errno, EBADF);
    CHECK(readblock(1, 10, 0) == NULL); // the console
    CHECK_EQ(errno, EBADF);
    CHECK(readblock(99, 10, 0) == NULL);
    CHECK_EQ(errno, EBADF);
    // the mapping and read() see the same bytes: a store is seen by read
    p[5] = 0xab;
    uint8_t b;
    CHECK_EQ(pread(fd, &b, 1, 5), 1);
    CHECK_EQ(b, 0xab);
    CHECK_EQ(pwrite(fd, "Z", 1, 6), 1); // and a write by the mapping
    CHECK_EQ(p[6], 'Z');
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.a"), 0);
    return 0;
}

/* A read-only open maps read-only: a store faults (in a child). */
static int
read_only_mapping_faults_on_store(void)
{
    int fd = make_file("/tmp/t_omf.ro", 8 * KIB, 1);
    int status;

    CHECK(fd >= 0);
    CHECK_EQ(close(fd), 0);
    status = tap_run("t_omf", "store", "/tmp/t_omf.ro", NULL, 0);
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14);
    CHECK((fd = open("/tmp/t_omf.ro", O_RDONLY)) >= 0);
    CHECK_EQ(readbyte(fd, 3), 4);
    CHECK_EQ(writebyte(fd, 3, 9), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(writeblock(fd, "x", 1, 0, 0), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.ro"), 0);
    return 0;
}

static int
readblock_sets_atime_writeblock_mtime(void)
{
    int fd = make_file("/tmp/t_omf.t", 8 * KIB, 2);
    struct stat a, b, c;
    uint8_t *p;

    CHECK(fd >= 0);
    CHECK((p = readblock(fd, 100, 0)) != NULL);
    CHECK_EQ(fstat(fd, &a), 0);
    CHECK_EQ(sleep(1), 0);
    CHECK(readblock(fd, 100, 0) == p); // mapped before: still a reference
    CHECK_EQ(fstat(fd, &b), 0);
    CHECK(b.st_atime > a.st_atime);
    CHECK_EQ(b.st_mtime, a.st_mtime);
    CHECK_EQ(sleep(1), 0);
    p[0] = 'M';
    CHECK_EQ(writeblock(fd, p, 100, 0, 0), 100);
    CHECK_EQ(fstat(fd, &c), 0);
    CHECK(c.st_mtime > b.st_mtime); // an update
    CHECK_EQ(c.st_size, 8 * KIB);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.t"), 0);
    return 0;
}

static int
resize_grows_with_zeros_and_shrinks(void)
{
    int fd = make_file("/tmp/t_omf.g", 5000, 3);
    struct stat st;
    uint8_t *p;

    CHECK(fd >= 0);
    CHECK((p = readblock(fd, 5000, 0)) != NULL);
    CHECK_EQ(writeblock(fd, p + 4000, 20000, 4000, OMF_RESIZE), 20000); // grow to 24000
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 24000);
    CHECK((p = readblock(fd, 24000, 0)) != NULL);
    CHECK_EQ(p[3999], (uint8_t)(3 + 3999 % 251));
    CHECK_EQ(p[4999], (uint8_t)(3 + 4999 % 251)); // kept: it was inside the old size
    for (uint32_t i = 5000; i < 24000; i++)
        CHECK_EQ(p[i], 0);
    CHECK(st.st_blocks >= 24000 / 512);                   // blocks allocated, not a hole
    CHECK_EQ(writeblock(fd, p, 100, 0, OMF_RESIZE), 100); // shrink to 100
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 100);
    CHECK(readblock(fd, 1, 100) == NULL);
    CHECK_EQ(errno, EINVAL);
    // regrow: the old bytes past 100 must not come back
    CHECK_EQ(writeblock(fd, NULL, 0, 8192, OMF_RESIZE), 0);
    CHECK_EQ(fstat(fd, &st), 0);
    CHECK_EQ(st.st_size, 8192);
    CHECK((p = readblock(fd, 8192, 0)) != NULL);
    CHECK_EQ(p[99], (uint8_t)(3 + 99 % 251));
    for (uint32_t i = 100; i < 8192; i++)
        CHECK_EQ(p[i], 0);
    uint8_t buf[64];
    CHECK_EQ(pread(fd, buf, sizeof(buf), 200), (long)sizeof(buf));
    for (unsigned i = 0; i < sizeof(buf); i++)
        CHECK_EQ(buf[i], 0);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.g"), 0);
    return 0;
}

/* t_omf touch FILE OFF UP DOWN */
static int
touch_helper(const char *path, uint32_t off, rid_t up, rid_t down)
{
    struct cmsg m;
    int fd = open(path, O_RDONLY);
    volatile uint8_t *p;
    struct stat st;

    if (fd < 0 || fstat(fd, &st) < 0 || !(p = readblock(fd, (size_t)st.st_size, 0)))
        return 101;
    (void)p[off]; // mapped: fine
    rid_t c = ccreate(4, &m);
    if (c < 0 || csend(up, c) < 0) // "mapped"
        return 102;
    if ((c = crecv(down, &m, IPC_FOREVER)) < 0) // "go"
        return 103;
    return p[off]; // past the end now: must fault
}

static int
shrink_under_another_process_faults_it_alone(void)
{
    int fd = make_file("/tmp/t_omf.s", 64 * KIB, 4);
    rid_t up = cbcreate("", TEST_MODE), down = cbcreate("", TEST_MODE), pid;
    struct cmsg m;
    char off[16], ups[16], downs[16];
    int status;

    CHECK(fd >= 0 && up > 0 && down > 0);
    snprintf(off, sizeof(off), "%u", 40 * KIB);
    snprintf(ups, sizeof(ups), "%d", up);
    snprintf(downs, sizeof(downs), "%d", down);
    char *argv[] = {"t_omf", "touch", "/tmp/t_omf.s", off, ups, downs, NULL};
    CHECK((pid = proccreate("t_omf.touch", "/bin/t_omf", argv, 0, TEST_MODE)) > 0);
    rid_t c = crecv(up, &m, 20000); // it has mapped the file
    CHECK(c > 0);
    CHECK_EQ(resdelete(c), 0);
    uint8_t *p = readblock(fd, 64 * KIB, 0);
    CHECK(p != NULL);
    CHECK_EQ(writeblock(fd, p, 16 * KIB, 0, OMF_RESIZE), 16 * KIB); // shrink to 16 KiB
    CHECK((c = ccreate(4, &m)) > 0);
    CHECK_EQ(csend(down, c), 0); // go
    CHECK_EQ(procwait(pid, &status), pid);
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14);
    CHECK_EQ(p[100], (uint8_t)(4 + 100 % 251)); // we are fine below the end
    struct omfs_info info;
    CHECK_EQ(omfs_info(&info), 0); // and so is the server
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.s"), 0);
    CHECK_EQ(resdelete(up), 0);
    CHECK_EQ(resdelete(down), 0);
    return 0;
}

static int
writeblock_copies_only_from_a_foreign_buffer(void)
{
    int fd = make_file("/tmp/t_omf.c", 16 * KIB, 5);
    struct omfs_info a, b, c;
    uint8_t *p, buf[3000];

    CHECK(fd >= 0);
    CHECK((p = readblock(fd, 16 * KIB, 0)) != NULL);
    CHECK_EQ(omfs_info(&a), 0);
    memset(p + 100, 'm', 3000);
    CHECK_EQ(writeblock(fd, p + 100, 3000, 100, 0), 3000);
    CHECK_EQ(omfs_info(&b), 0);
    CHECK_EQ(b.copied, a.copied); // from the mapping: no byte copied
    memset(buf, 'f', sizeof(buf));
    CHECK_EQ(writeblock(fd, buf, sizeof(buf), 5000, 0), (long)sizeof(buf));
    CHECK_EQ(omfs_info(&c), 0);
    CHECK_EQ(c.copied, b.copied + sizeof(buf)); // from elsewhere: copied in
    CHECK_EQ(p[5000], 'f');                     // and seen through the mapping at once
    CHECK_EQ(p[100], 'm');
    CHECK_EQ(writeblock(fd, buf, sizeof(buf), 15 * KIB, 0), -1); // past the end, no resize
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(writeblock(fd, buf, 10, -5, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(writeblock(fd, buf, 10, 0, 0x40), -1); // unknown flag
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(writeblock(77, buf, 10, 0, 0), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(writeblock(fd, (void *)0xC0001000u, 10, 0, 0), -1); // the kernel's: a bad pointer
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(writeblock(fd, (void *)0x1000, 10, 0, 0), -1); // unmapped
    CHECK_EQ(errno, EFAULT);
    CHECK_EQ(writeblock(fd, buf, 0x7fffffff, 0, 0), -1); // absurd size
    CHECK(errno == EFAULT || errno == EINVAL);
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(unlink("/tmp/t_omf.c"), 0);
    return 0;
}

/* t_omf poke FILE I N: set byte I, then wait to see bytes 0..N-1 all set */
static int
poke_helper(const char *path, int i, int n)
{
    int fd = open(path, O_RDWR);
    volatile uint8_t *p;

    if (fd < 0 || !(p = readblock(fd, 4096, 0)))
        return 101;
    p[i] = (uint8_t)(i + 1);
    for (int spins = 0; spins < 200000; spins++) {
        int seen = 0;
        for (int k = 0; k < n; k++)
            seen += p[k] == (uint8_t)(k + 1);
        if (seen == n)
            return 0;
        yield();
    }
    return 102;
}

static int
processes_in_different_spaces_see_each_others_stores(void)
{
    for (int n = 2; n <= 3; n++) {
        rid_t pids[3];
        char is[4], ns[4];
        int fd = make_file("/tmp/t_omf.p", 4096, 0), st;
        CHECK(fd >= 0);
        uint8_t *p = readblock(fd, 4096, 0);
        CHECK(p != NULL);
        memset(p, 0, 16);
        snprintf(ns, sizeof(ns), "%d", n);
        for (int i = 0; i < n; i++) {
            char name[RES_NAME_MAX];
            snprintf(is, sizeof(is), "%d", i);
            snprintf(name, sizeof(name), "t_omf.poke%d", i);
            char *argv[] = {"t_omf", "poke", "/tmp/t_omf.p", is, ns, NULL};
            CHECK((pids[i] = proccreate(name, "/bin/t_omf", argv, 0, TEST_MODE)) >
                  0); // vmid 0: a space of its own
        }
        for (int i = 0; i < n; i++) {
            CHECK_EQ(procwait(pids[i], &st), pids[i]);
            CHECK_EQ(st, 0);
        }
        for (int i = 0; i < n; i++)
            CHECK_EQ(p[i], i + 1); // and we saw them too, with no call
        CHECK_EQ(close(fd), 0);
        CHECK_EQ(unlink("/tmp/t_omf.p"), 0);
    }
    return 0;
}

static int
readbyte_and_writebyte_make_no_call(void)
{
    int fd = make_file("/tmp/t_omf.b", 10 * KIB, 6);
    struct omfs_info a, b;

    CHECK(fd >= 0);
    CHECK_EQ(readbyte(fd, 0), 6); // maps the file
    CHECK_EQ(omfs_info(&a), 0);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ(readbyte(fd, i * 10), (6 + i * 10 % 251) & 0xff);
        CHECK_EQ(writebyte(fd, i * 10 + 1, 'w'), 0);
    }
    CHECK_EQ(omfs_info(&b), 0);
    CHECK_EQ(b.requests, a.requests + 1); // only the omfs_info itself
    uint64_t t0 = rdtsc();
    int sum = 0;
    for (int i = 0; i < 1000; i++)
        sum += readbyte(fd, i);
    uint64_t per = (rdtsc() - t0) / 1000;
    printf("# readbyte after the first map: %llu cycles (sum %d)\n", (unsigned long long)per, sum);
    CHECK_EQ(readbyte(fd, 10 * KIB), -1); // past the end
    CHECK_EQ(readbyte(fd, -1), -1);
    CHECK_EQ(readbyte(55, 0), -1);
    CHECK_EQ(errno, EBADF);
    char c;
    CHECK_EQ(pread(fd, &c, 1, 11), 1);
    CHECK_EQ(c, 'w');
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(readbyte(fd, 0), -1); // closed
    CHECK_EQ(unlink("/tmp/t_omf.b"), 0);
    return 0;
}

/* A mapping is the process's: it follows procmove, works in the server's
 * own space, and goes with close (then a touch faults, in a child). */
static int
mappings_follow_procmove_and_go_with_close(void)
{
    int fd = make_file("/tmp/t_omf.m", 8 * KIB, 8);
    rid_t server = resfind(RT_PROC, "omfs"), other, third;
    uint8_t *p;

    CHECK(fd >= 0 && server > 0);
    CHECK((p = readblock(fd, 8 * KIB, 0)) != NULL);
    CHECK((other = vmcreate("t.omfmove", TEST_MODE)) > 0);
    CHECK((third = vmcreate("t.omfmove2", TEST_MODE)) > 0);
    CHECK_EQ(procmove(getpid(), other), 0);
    CHECK_EQ(p[1], (uint8_t)(8 + 1));
    CHECK_EQ(procmove(getpid(), getvmid(server)), 0); // HVS x OMF: into the server's space
    CHECK_EQ(p[2], (uint8_t)(8 + 2));
    CHECK((p = readblock(fd, 8 * KIB, 0)) != NULL); // and a round trip from there
    p[3] = 'h';
    CHECK_EQ(writeblock(fd, p, 8 * KIB, 0, 0), 8 * KIB);
    CHECK_EQ(procmove(getpid(), third), 0);
    CHECK_EQ(p[3], 'h');
    CHECK_EQ(close(fd), 0);
    CHECK_EQ(resdelete(other), 0);
    int status = tap_run("t_omf", "closed", "/tmp/t_omf.m", NULL, 0);
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14);
    CHECK_EQ(unlink("/tmp/t_omf.m"), 0);
    return 0;
}

/* The window calls as a hostile program would use them. */
static int
window_calls_refuse_bad_input(void)
{
    static uint8_t page[4096] __attribute__((aligned(4096)));
    rid_t w = vwcreate("", 16, TEST_MODE), other = vwcreate("", 4, TEST_MODE);
    uint8_t bits[2];

    CHECK(w > 0 && other > 0);
    CHECK_EQ(vwcreate("", 0, TEST_MODE), -EINVAL);
    CHECK_EQ(vwcreate("", 1u << 30, TEST_MODE), -EINVAL);
    CHECK_EQ(vwmap(w, 16, page, 1), -1); // past the window
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(vwmap(w, 0, (void *)0xC0000000u, 1), -1); // not our memory
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(vwmap(w, 0, page + 1, 1), -1); // not page aligned
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(vwmap(getvmid(0), 0, page, 1), -1); // a space is not a window
    CHECK_EQ(errno, EINVAL);
    page[0] = 42;
    CHECK_EQ(vwmap(w, 3, page, 1), 0);
    uint8_t *base = vwattach(w, 0, VUS_READ | VUS_WRITE);
    CHECK(base != NULL);
    CHECK_EQ(base[3 * 4096], 42); // the same frame at the window's address
    base[3 * 4096 + 1] = 7;
    CHECK_EQ(page[1], 7);
    CHECK_EQ(vwdirty(w, 0, 16, bits), 1); // written through the window: page 3
    CHECK_EQ(bits[0], 0x08);
    CHECK_EQ(vwdirty(w, 0, 16, bits), 0); // cleared
    CHECK(vwattach(w, 0, 0x40) == NULL);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(vwdetach(other, 0), -1); // never attached
    CHECK_EQ(errno, ENOENT);
    CHECK_EQ(vwunmap(w, 0, 17), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(vwunmap(w, 3, 1), 0);
    CHECK_EQ(resdelete(w), 0);
    CHECK_EQ(resdelete(other), 0);
    CHECK_EQ(tap_become(TEST_OID), 0); // another owner may not make windows
    CHECK_EQ(vwcreate("", 4, TEST_MODE), -EPERM);
    return 0;
}

/* Shared windows under attack (issue 16). A window's mode may give others
 * MOD, but only its creator puts pages into it, so no process can make the
 * creator (the file server) read its memory, nor leave a window showing
 * memory that ends with it; the memory a window shows leaves the window
 * when its owner frees it (a heap shrinking, the creator ending) and stays
 * when the creator moves. */
#define WIN_PAGE 4096
#define WIN_MODE                                                                                   \
    (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF | RCC_MOD | RCC_ATT) |                                 \
     RCC_OTHER(RCC_REF | RCC_MOD | RCC_ATT))

/* n zeroed, page-aligned pages at the top of the heap (sbrk(-n pages) gives
 * them back), or NULL. */
static uint8_t *
heap_pages(uint32_t n)
{
    uintptr_t cur = (uintptr_t)sbrk(0);
    uintptr_t pad = -cur & (WIN_PAGE - 1);

    if (cur == (uintptr_t)-1 || sbrk((ptrdiff_t)(pad + n * WIN_PAGE)) == (void *)-1)
        return NULL;
    return (uint8_t *)(cur + pad);
}

/* The pages window w shows now (resinfo), or -1. */
static long
window_pages(rid_t w)
{
    struct res_info ri;

    return resinfo(w, &ri) == 0 ? (long)ri.u.vregion.pages : -1;
}

/* t_omf winmap WIN OID: as owner OID (0: as we are), try to show a page of
 * our own heap in window WIN, which we did not create: refused whatever the
 * window's mode, while taking pages out still needs only MOD. */
static int
winmap_helper(rid_t w, int oid)
{
    uint8_t *page;

    if (oid && tap_become(oid) < 0)
        return 101;
    if (!(page = heap_pages(1)))
        return 102;
    memset(page, 's', WIN_PAGE); // a secret the creator must never be shown
    if (vwmap(w, 1, page, 1) != -1)
        return 103;
    if (errno != EPERM)
        return 104;
    if (vwmap(w, 99, page + 1, 1) != -1 || errno != EPERM) // refused before anything else
        return 105;
    if (vwunmap(w, 1, 1) != 0)
        return 106;
    return 0;
}

/* t_omf winpeek UP DOWN: read the byte at each address that comes in a
 * container on box DOWN and send it back on box UP; end at address 0. */
static int
winpeek_helper(rid_t up, rid_t down)
{
    struct cmsg m;
    uint32_t addr, byte;
    rid_t c;

    for (;;) {
        if ((c = crecv(down, &m, 30000)) < 0)
            return 101;
        memcpy(&addr, cmsg_data(&m), sizeof(addr));
        resdelete(c);
        if (!addr)
            return 0;
        byte = *(volatile uint8_t *)(uintptr_t)addr; // may fault: that is the test
        if ((c = ccreate(sizeof(byte), &m)) < 0)
            return 102;
        memcpy(cmsg_data(&m), &byte, sizeof(byte));
        if (csend(up, c) < 0)
            return 103;
    }
}

/* t_omf wincreator UP: make a window others may attach, show two pages of
 * our heap ('k') in it, send its rid on UP, then wait to be killed. */
static int
wincreator_helper(rid_t up)
{
    uint8_t *p = heap_pages(2);
    rid_t w = vwcreate("", 4, WIN_MODE), c;
    struct cmsg m;

    if (!p || w < 0)
        return 101;
    memset(p, 'k', 2 * WIN_PAGE);
    if (vwmap(w, 0, p, 2) < 0)
        return 102;
    if ((c = ccreate(sizeof(w), &m)) < 0)
        return 103;
    memcpy(cmsg_data(&m), &w, sizeof(w));
    if (csend(up, c) < 0)
        return 104;
    for (;;) // killed here
        sleep(1000);
}

/* A winpeek child and its two boxes. */
struct peeker {
    rid_t pid, up, down;
};

static int
peeker_start(struct peeker *pk, rid_t vmid)
{
    char ups[16], downs[16];

    pk->up = cbcreate("", TEST_MODE);
    pk->down = cbcreate("", TEST_MODE);
    if (pk->up < 0 || pk->down < 0)
        return -1;
    snprintf(ups, sizeof(ups), "%d", pk->up);
    snprintf(downs, sizeof(downs), "%d", pk->down);
    pk->pid = tap_spawn("t_omf", "winpeek", ups, downs, vmid);
    return pk->pid > 0 ? 0 : -1;
}

static int
peek_send(struct peeker *pk, uintptr_t addr)
{
    struct cmsg m;
    uint32_t a = (uint32_t)addr;
    rid_t c = ccreate(sizeof(a), &m);

    if (c < 0)
        return -1;
    memcpy(cmsg_data(&m), &a, sizeof(a));
    return csend(pk->down, c);
}

/* The byte the peeker reads at addr, or a negative value (it did not answer). */
static int
peek(struct peeker *pk, const void *addr)
{
    struct cmsg m;
    uint32_t byte;
    rid_t c;

    if (peek_send(pk, (uintptr_t)addr) < 0 || (c = crecv(pk->up, &m, 20000)) < 0)
        return -1;
    memcpy(&byte, cmsg_data(&m), sizeof(byte));
    resdelete(c);
    return (int)byte;
}

/* Have the peeker read addr (0: nothing) and end; its status, boxes deleted. */
static int
peeker_end(struct peeker *pk, const void *addr)
{
    int status = -1;

    if ((addr && peek_send(pk, (uintptr_t)addr) < 0) || peek_send(pk, 0) < 0 ||
        procwait(pk->pid, &status) != pk->pid)
        status = -1000;
    resdelete(pk->up);
    resdelete(pk->down);
    return status;
}

/* The attack: a process that did not create a window, given MOD by its
 * mode, puts a page of its heap into it (the creator would then read that
 * process's memory, and the kernel stopped when it ended). */
static int
only_the_creator_maps_into_a_window(void)
{
    uint8_t *page = heap_pages(1);
    rid_t w = vwcreate("", 4, WIN_MODE);
    char ws[16], oid[16];
    uint8_t *base;

    CHECK(page != NULL && w > 0);
    snprintf(ws, sizeof(ws), "%d", w);
    snprintf(oid, sizeof(oid), "%d", TEST_OID);
    CHECK_EQ(tap_run("t_omf", "winmap", ws, oid, 0), 0);          // another owner: MOD as other
    CHECK_EQ(tap_run("t_omf", "winmap", ws, "0", 0), 0);          // our own owner, not the creator
    CHECK_EQ(tap_run("t_omf", "winmap", ws, "0", getvmid(0)), 0); // and in our space
    CHECK_EQ(window_pages(w), 0);
    page[0] = 'c';
    CHECK_EQ(vwmap(w, 0, page, 1), 0); // the creator may
    CHECK((base = vwattach(w, 0, VUS_READ)) != NULL);
    CHECK_EQ(tap_run("t_omf", "winmap", ws, oid, 0), 0); // still nobody else
    CHECK_EQ(window_pages(w), 1);
    CHECK_EQ(base[0], 'c');
    CHECK_EQ(resdelete(w), 0);
    return 0;
}

/* sbrk(negative) over pages a window shows: the shrink happens, the pages
 * leave the window in every process at once (a reader in our space, whose
 * TLB may hold them, faults), the rest stays. */
static int
a_heap_shrink_takes_its_pages_out_of_windows(void)
{
    uint8_t *p = heap_pages(3), *base;
    rid_t w = vwcreate("", 4, TEST_MODE);
    struct peeker pk;
    int status;

    CHECK(p != NULL && w > 0);
    p[0] = 'a';
    p[WIN_PAGE] = 'b';
    p[2 * WIN_PAGE] = 'c';
    CHECK_EQ(vwmap(w, 0, p, 3), 0);
    CHECK_EQ(window_pages(w), 3);
    CHECK_EQ(peeker_start(&pk, getvmid(0)), 0);
    CHECK((base = vwattach(w, pk.pid, VUS_READ)) != NULL);
    CHECK_EQ(peek(&pk, base + WIN_PAGE), 'b');
    CHECK_EQ(peek(&pk, base + 2 * WIN_PAGE), 'c');
    CHECK(sbrk(-2 * WIN_PAGE) != (void *)-1);
    CHECK_EQ(sbrk(0), p + WIN_PAGE);
    CHECK_EQ(window_pages(w), 1);   // the two freed pages left the window
    CHECK_EQ(peek(&pk, base), 'a'); // the page below the break stays
    CHECK_EQ(p[0], 'a');
    status = peeker_end(&pk, base + WIN_PAGE);
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14);
    CHECK(sbrk(2 * WIN_PAGE) == p + WIN_PAGE); // fresh zero pages, not in the window
    CHECK_EQ(p[WIN_PAGE], 0);
    CHECK_EQ(window_pages(w), 1);
    CHECK_EQ(vwmap(w, 1, p + WIN_PAGE, 2), 0); // the same region may show them again
    CHECK_EQ(window_pages(w), 3);
    CHECK(sbrk(-3 * WIN_PAGE) != (void *)-1); // all of them, in a window nobody attached
    CHECK_EQ(window_pages(w), 0);
    CHECK_EQ(resdelete(w), 0);
    return 0;
}

/* One round of a creator killed under an attached reader. */
static int
kill_creator_round(void)
{
    rid_t up = cbcreate("", TEST_MODE), creator, w, c;
    struct peeker pk;
    struct cmsg m;
    struct res_info ri;
    char ups[16];
    uint8_t *base;
    int status;

    CHECK(up > 0);
    snprintf(ups, sizeof(ups), "%d", up);
    CHECK((creator = tap_spawn("t_omf", "wincreator", ups, NULL, 0)) > 0);
    CHECK((c = crecv(up, &m, 20000)) > 0);
    memcpy(&w, cmsg_data(&m), sizeof(w));
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(peeker_start(&pk, 0), 0);
    CHECK((base = vwattach(w, pk.pid, VUS_READ)) != NULL);
    CHECK_EQ(peek(&pk, base + WIN_PAGE), 'k');
    CHECK_EQ(resdelete(creator), 0);
    CHECK_EQ(procwait(creator, &status), creator);
    CHECK_EQ(status, PROC_STATUS_KILLED);
    CHECK_EQ(resinfo(w, &ri), -1); // the window went with its creator
    status = peeker_end(&pk, base);
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 14);
    CHECK_EQ(resdelete(up), 0);
    return 0;
}

/* The creator is killed while a reader is attached: nothing stops, the
 * reader's touch faults, frames and slots come back. */
static int
a_killed_creator_leaves_nothing_behind(void)
{
    struct sysstat a, b;

    CHECK_EQ(kill_creator_round(), 0); // warm up first allocations
    CHECK_EQ(tap_counts(&a), 0);
    CHECK_EQ(kill_creator_round(), 0);
    CHECK_EQ(tap_counts(&b), 0);
    CHECK(tap_same_counts(&a, &b));
    return 0;
}

/* The creator moves to other spaces: its memory goes along, frames and
 * all, so a reader attached in another space sees its stores throughout. */
static int
a_window_follows_its_creator_across_procmove(void)
{
    uint8_t *p = heap_pages(1), *base;
    rid_t w = vwcreate("", 4, TEST_MODE), vm = vmcreate("t.winmove", TEST_MODE);
    struct peeker pk;

    CHECK(p != NULL && w > 0 && vm > 0);
    p[0] = '1';
    CHECK_EQ(vwmap(w, 0, p, 1), 0);
    CHECK_EQ(peeker_start(&pk, 0), 0);
    CHECK((base = vwattach(w, pk.pid, VUS_READ)) != NULL);
    CHECK_EQ(peek(&pk, base), '1');
    CHECK_EQ(procmove(getpid(), vm), 0);
    p[0] = '2';
    CHECK_EQ(peek(&pk, base), '2');
    CHECK_EQ(vwmap(w, 1, p, 1), 0); // still ours to show from there
    CHECK_EQ(peek(&pk, base + WIN_PAGE), '2');
    CHECK_EQ(procmove(getpid(), getvmid(pk.pid)), 0); // into the reader's space
    p[0] = '3';
    CHECK_EQ(peek(&pk, base), '3');
    CHECK_EQ(peek(&pk, base + WIN_PAGE), '3');
    CHECK_EQ(window_pages(w), 2);
    CHECK_EQ(peeker_end(&pk, NULL), 0);
    CHECK_EQ(resdelete(w), 0);
    CHECK_EQ(resdelete(vm), 0);
    return 0;
}

/* --- other owners against the system owner (DESIGN §5) ---------------------------- */

/* the boxes the case and its helpers of other owners talk through */
#define HOG_BOX_MODE (RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_REF | RCC_ATT))
#define HOG_FILES 16 /* files one windows hog maps at most */
#define PIECE (64 * KIB)

/* t_omf hog OID KIND ARG UP DOWN (see the top) */
static int
hog(int oid, const char *kind, const char *arg, rid_t up, rid_t down)
{
    int fds[HOG_FILES], nfds = 0, n = 0, err = 0;
    struct cmsg m;

    if (tap_become(oid) < 0)
        return 100;
    if (strcmp(kind, "windows") == 0) {
        for (int i = 0; i < HOG_FILES && !err; i++) {
            char path[32];
            snprintf(path, sizeof(path), "/tmp/t_omf.w%d", atoi(arg) + i);
            if ((fds[nfds] = open(path, O_RDONLY)) < 0)
                return 101;
            if (readblock(fds[nfds++], 4 * KIB, 0))
                n++;
            else
                err = errno;
        }
    } else {
        struct stat st;
        if ((fds[nfds] = open(arg, O_RDONLY)) < 0 || fstat(fds[nfds++], &st) < 0)
            return 101;
        for (uint32_t off = 0; off + PIECE <= (uint32_t)st.st_size && !err; off += PIECE) {
            if (readblock(fds[0], PIECE, off))
                n += PIECE / 4096;
            else
                err = errno;
        }
    }
    rid_t c = ccreate(8, &m);
    if (c < 0)
        return 102;
    ((int32_t *)cmsg_data(&m))[0] = n;
    ((int32_t *)cmsg_data(&m))[1] = err;
    if (csend(up, c) < 0 || crecv(down, &m, 60000) < 0)
        return 103;
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
    return 0;
}

/* Start hogs (one per owner in oids, KIND, ARG per hog), collect their
 * reports (*taken: the sum; each must have stopped for a reason in `why`
 * or, with `why_or_end`, at the end of its file), then call `then` as the
 * system owner, let the hogs go and wait for them. Returns then's result, or
 * -1000 if the hogs misbehaved. */
static int
hogs_then(const int *oids, int n, const char *kind, char *const args[], const int *why, int nwhy,
          int (*then)(void *), void *ctx, int *taken)
{
    rid_t up = cbcreate("", HOG_BOX_MODE), down = cbcreate("", HOG_BOX_MODE), pids[8];
    char ups[12], downs[12], o[12], name[RES_NAME_MAX];
    int bad = 0, st, result;
    struct cmsg m;

    *taken = 0;
    if (up < 0 || down < 0 || n > 8)
        return -1000;
    snprintf(ups, sizeof(ups), "%d", up);
    snprintf(downs, sizeof(downs), "%d", down);
    for (int i = 0; i < n; i++) {
        snprintf(o, sizeof(o), "%d", oids[i]);
        snprintf(name, sizeof(name), "t_omf.hog%d", i);
        char *argv[] = {"t_omf", "hog", o, (char *)kind, args[i], ups, downs, NULL};
        if ((pids[i] = proccreate(name, "/bin/t_omf", argv, 0, TEST_MODE)) < 0)
            return -1000;
    }
    for (int i = 0; i < n; i++) {
        rid_t c = crecv(up, &m, 60000);
        if (c < 0) {
            bad = 1;
            break;
        }
        int32_t got = ((int32_t *)cmsg_data(&m))[0], err = ((int32_t *)cmsg_data(&m))[1];
        int known = err == 0 && why[0] == 0;
        for (int k = 0; k < nwhy; k++)
            known |= err == why[k];
        printf("# owner's hog mapped %d, then errno %d\n", (int)got, (int)err);
        bad |= !known;
        *taken += got;
        resdelete(c);
    }
    result = then(ctx); // the system owner, with the others holding all they could
    for (int i = 0; i < n; i++) {
        rid_t c = ccreate(4, &m);
        if (c > 0 && csend(down, c) < 0)
            resdelete(c);
    }
    for (int i = 0; i < n; i++)
        bad |= procwait(pids[i], &st) != pids[i] || st != 0;
    while (crecv(up, &m, 0) > 0)
        resdelete(m.cont);
    resdelete(up);
    resdelete(down);
    return bad ? -1000 : result;
}

/* The system owner maps (and checks) the whole file ctx names: 0 or errno. */
static int
system_maps(void *ctx)
{
    const char *path = ctx;
    struct stat st;
    int fd = open(path, O_RDONLY), result = 0;
    uint8_t *p;

    if (fd < 0)
        return errno;
    if (fstat(fd, &st) < 0 || !(p = readblock(fd, (size_t)st.st_size, 0)))
        result = errno;
    else if (p[0] != 42 || p[st.st_size - 1] != (uint8_t)(42 + (st.st_size - 1) % 251))
        result = -1;
    close(fd);
    return result;
}

/* One other owner, three processes, maps 48 files (a window each): it is
 * stopped at its share; a second owner still maps some; then the system
 * owner's readblock of another file succeeds. */
static int
other_owners_cannot_take_every_window(void)
{
    static const int oids[] = {71, 71, 71, 72};
    static const int why[] = {EMFILE, ENFILE};
    char *args[] = {"0", "16", "32", "48"};
    struct omfs_info before, after;
    char path[32];
    int fd, taken;

    for (int i = 0; i <= 64; i++) {
        snprintf(path, sizeof(path), "/tmp/t_omf.w%d", i);
        CHECK((fd = make_file(path, 4 * KIB, 42)) >= 0);
        CHECK_EQ(close(fd), 0);
    }
    CHECK_EQ(omfs_info(&before), 0);
    int r = hogs_then(oids, 4, "windows", args, why, 2, system_maps, "/tmp/t_omf.w64", &taken);
    printf("# other owners made %d windows; the system owner's readblock: %d\n", taken, r);
    CHECK_EQ(omfs_info(&after), 0);
    for (int i = 0; i <= 64; i++) {
        snprintf(path, sizeof(path), "/tmp/t_omf.w%d", i);
        CHECK_EQ(unlink(path), 0);
    }
    CHECK_EQ(r, 0);
    CHECK(taken < 32);
    CHECK_EQ(after.windows, before.windows);
    CHECK_EQ(after.mapped, before.mapped);
    return 0;
}

/* Three other owners map 64 KiB pieces of a quarter-cache file each until
 * refused: the pages they pin stay below half the cache, and the system
 * owner still maps (pins) an eighth of the cache. */
static int
other_owners_cannot_pin_the_cache(void)
{
    static const int oids[] = {73, 74, 75};
    static const int why[] = {0, ENOMEM}; // 0: mapped its whole file
    char *args[] = {"/tmp/t_omf.pin0", "/tmp/t_omf.pin1", "/tmp/t_omf.pin2"};
    struct omfs_info before, after;
    int fd, taken;

    CHECK_EQ(omfs_info(&before), 0);
    uint32_t quarter = before.cache_max / 4 * 4096;
    for (int i = 0; i < 3; i++) {
        CHECK((fd = make_file(args[i], quarter, 42)) >= 0);
        CHECK_EQ(close(fd), 0);
    }
    CHECK((fd = make_file("/tmp/t_omf.pins", quarter / 2, 42)) >= 0);
    CHECK_EQ(close(fd), 0);
    int r = hogs_then(oids, 3, "pins", args, why, 2, system_maps, "/tmp/t_omf.pins", &taken);
    printf("# other owners pinned %d of %u pages; the system owner's readblock: %d\n", taken,
           before.cache_max, r);
    CHECK_EQ(omfs_info(&after), 0);
    for (int i = 0; i < 3; i++)
        CHECK_EQ(unlink(args[i]), 0);
    CHECK_EQ(unlink("/tmp/t_omf.pins"), 0);
    CHECK_EQ(r, 0);
    CHECK(taken > 0 && (uint32_t)taken < before.cache_max / 2);
    CHECK_EQ(after.windows, before.windows);
    CHECK_EQ(after.mapped, before.mapped);
    return 0;
}

static int
cycles_leak_nothing(void)
{
    struct sysstat a, b;
    struct omfs_info sa, sb;
    uint8_t buf[512];
    int fd;

    memset(buf, 'c', sizeof(buf));
    CHECK((fd = make_file("/tmp/t_omf.l", 4 * KIB, 9)) >= 0); // warm up
    CHECK(readblock(fd, 4 * KIB, 0) != NULL);
    CHECK_EQ(close(fd), 0);
    usleep(1200000); // the server closes what killed cases left within half a second
    CHECK_EQ(omfs_info(&sa), 0);
    CHECK_EQ(tap_counts(&a), 0);
    for (int i = 0; i < 1000; i++) {
        CHECK((fd = open("/tmp/t_omf.l", O_RDWR)) >= 0);
        uint8_t *p = readblock(fd, 4 * KIB, 0);
        CHECK(p != NULL);
        p[i % 4096] = (uint8_t)i;
        CHECK_EQ(writeblock(fd, p, 4 * KIB, 0, 0), 4 * KIB);
        CHECK_EQ(writeblock(fd, buf, sizeof(buf), 8 * KIB, OMF_RESIZE), (long)sizeof(buf));
        CHECK_EQ(writeblock(fd, p, 4 * KIB, 0, OMF_RESIZE), 4 * KIB);
        CHECK_EQ(close(fd), 0);
    }
    CHECK_EQ(tap_counts(&b), 0);
    CHECK_EQ(omfs_info(&sb), 0);
    CHECK(tap_same_counts(&a, &b));
    CHECK_EQ(sb.windows, sa.windows);
    CHECK_EQ(sb.mapped, sa.mapped);
    CHECK_EQ(sb.handles, sa.handles);
    CHECK_EQ(unlink("/tmp/t_omf.l"), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"readblock maps the file's bytes, one address per file; only inside the file",
     mapping_shows_the_file_and_lies_inside_it},
    {"a read-only open maps read-only: a store faults", read_only_mapping_faults_on_store},
    {"every readblock sets atime, writeblock sets mtime", readblock_sets_atime_writeblock_mtime},
    {"OMF_RESIZE grows with zeros, shrinks, and a regrown tail is zeros",
     resize_grows_with_zeros_and_shrinks},
    {"a shrink unmaps the pages from another process: its touch faults, nobody else is hurt",
     shrink_under_another_process_faults_it_alone},
    {"writeblock copies from a foreign buffer, nothing from the mapping; bad fds, pointers, sizes",
     writeblock_copies_only_from_a_foreign_buffer},
    {"two and three processes in different spaces see each other's stores at once",
     processes_in_different_spaces_see_each_others_stores},
    {"readbyte and writebyte make no call once the file is mapped",
     readbyte_and_writebyte_make_no_call},
    {"a mapping follows procmove, works in the server's space, goes with close",
     mappings_follow_procmove_and_go_with_close},
    {"the window calls refuse bad input; only the system owner makes windows",
     window_calls_refuse_bad_input},
    {"only a window's creator puts pages into it, whatever its mode (issue 16)",
     only_the_creator_maps_into_a_window},
    {"a heap shrink takes its pages out of every window; a reader's touch faults",
     a_heap_shrink_takes_its_pages_out_of_windows},
    {"a creator killed under an attached reader: no stop, the reader faults, nothing leaks",
     a_killed_creator_leaves_nothing_behind},
    {"a window follows its creator across procmove: readers see its stores",
     a_window_follows_its_creator_across_procmove},
    {"another owner maps files until refused at its share of windows; the system owner maps",
     other_owners_cannot_take_every_window},
    {"other owners pin cache pages until refused at their share; the system owner maps",
     other_owners_cannot_pin_the_cache},
    {"1,000 readblock/writeblock/resize cycles: frames, slots, windows back", cycles_leak_nothing},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_omf", "test suite: the On-Memory File calls (TAP)"))
        return 0;
    if (argc == 6 && strcmp(argv[1], "touch") == 0)
        return touch_helper(argv[2], (uint32_t)atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
    if (argc == 4 && strcmp(argv[1], "winmap") == 0)
        return winmap_helper(atoi(argv[2]), atoi(argv[3]));
    if (argc == 4 && strcmp(argv[1], "winpeek") == 0)
        return winpeek_helper(atoi(argv[2]), atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "wincreator") == 0)
        return wincreator_helper(atoi(argv[2]));
    if (argc == 7 && strcmp(argv[1], "hog") == 0)
        return hog(atoi(argv[2]), argv[3], argv[4], atoi(argv[5]), atoi(argv[6]));
    if (argc == 5 && strcmp(argv[1], "poke") == 0)
        return poke_helper(argv[2], atoi(argv[3]), atoi(argv[4]));
    if (argc == 3 && strcmp(argv[1], "store") == 0) {
        int fd = open(argv[2], O_RDONLY);
        volatile uint8_t *p = fd >= 0 ? readblock(fd, 10, 0) : NULL;
        if (!p)
            return 101;
        p[0] = 1; // must fault
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "persist") == 0) {
        static uint8_t dots[64 * KIB];
        int fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
        memset(dots, '.', sizeof(dots));
        if (fd < 0 || write(fd, dots, sizeof(dots)) != (ssize_t)sizeof(dots) || fsync(fd) < 0)
            return 101;
        uint8_t *p = readblock(fd, sizeof(dots), 0);
        if (!p)
            return 102;
        memcpy(p, "writeblock", 10);
        if (writeblock(fd, p, 10, 0, 0) != 10)
            return 103;
        memcpy(p + 40000, "close", 5); // no call: the server finds it by the dirty bit
        if (writeblock(fd, NULL, 0, 70000, OMF_RESIZE) != 0 || close(fd) < 0)
            return 104;
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "closed") == 0) {
        int fd = open(argv[2], O_RDONLY);
        volatile uint8_t *p = fd >= 0 ? readblock(fd, 10, 0) : NULL;
        if (!p || close(fd) < 0)
            return 101;
        return p[0]; // unmapped by the close: must fault
    }
    if (argc == 1) { // warm up the library's and the server's first allocations
        int fd = make_file("/tmp/t_omf.warm", 64 * KIB, 0);
        if (fd < 0 || !readblock(fd, 64 * KIB, 0) || close(fd) < 0 || unlink("/tmp/t_omf.warm") < 0)
            return 1;
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * user/lib/mman.c - mmap, munmap and msync (sys/mman.h) over OMF and the
 * heap (DESIGN §8: "a shared file mapping is OMF's window, an anonymous one
 * is memory").
 *
 * A shared mapping of a file is readblock's pointer: the cache pages of the
 * file server, the same frames every process that maps the file sees. The
 * mapping keeps a descriptor of its own (a dup of the caller's), so it
 * outlives a close of the caller's descriptor, as POSIX says, and goes at
 * munmap. msync writes the range to the disk through writeblock (no byte is
 * copied: it is the mapping). A private mapping of a file is a copy of its
 * bytes; an anonymous one zeroed memory; both come from the heap, page
 * aligned, and go back at munmap.
 * Invariant: every live mapping is in maps[] with its start, length and
 * (for a shared file mapping) its own descriptor and offset.
 * Public: mmap, munmap, msync.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <omf.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user/lib/libc.h"

#define PAGE 4096
#define MAPS_MAX 64

struct mapping {
    uint8_t *start; // NULL: free slot
    size_t length;
    int fd; // a shared file mapping's own descriptor, else -1
    off_t offset;
};

static struct mapping maps[MAPS_MAX];

static void *
fail_map(int err)
{
    libc_fail(err);
    return MAP_FAILED;
}

static struct mapping *
free_slot(void)
{
    for (int i = 0; i < MAPS_MAX; i++)
        if (!maps[i].start)
            return &maps[i];
    return NULL;
}

/* The mapping that holds [p, p+n), or NULL. */
static struct mapping *
holding(const void *p, size_t n)
{
    const uint8_t *b = p;

    for (int i = 0; i < MAPS_MAX; i++)
        if (maps[i].start && b >= maps[i].start && n <= maps[i].length &&
            (size_t)(b - maps[i].start) <= maps[i].length - n)
            return &maps[i];
    return NULL;
}

/* Whether [offset, offset+length) lies in fd's file; -errno if fd is bad. */
static int
inside_file(int fd, size_t length, off_t offset, int need_write)
{
    struct stat st;
    int flags = fcntl(fd, F_GETFL);

    if (fstat(fd, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode))
        return -ENODEV;
    if (flags >= 0 && need_write && (flags & O_ACCMODE) == O_RDONLY)
        return -EACCES;
    if (offset < 0 || (off_t)length > st.st_size || offset > st.st_size - (off_t)length)
        return -ENXIO;
    return 0;
}

void *
mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
    int type = flags & (MAP_SHARED | MAP_PRIVATE);
    struct mapping *m;
    uint8_t *p;
    int err;

    (void)addr; // a hint; where the window or the heap put it is where it is
    if (length == 0 || type == 0 || type == (MAP_SHARED | MAP_PRIVATE) || (flags & MAP_FIXED) ||
        (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) || offset % PAGE != 0)
        return fail_map(-EINVAL);
    if (!(m = free_slot()))
        return fail_map(-ENOMEM);
    if (flags & MAP_ANONYMOUS) {
        size_t round = (length + PAGE - 1) & ~(size_t)(PAGE - 1);
        if (round < length || !(p = memalign(PAGE, round)))
            return fail_map(-ENOMEM);
        memset(p, 0, round);
        *m = (struct mapping){p, length, -1, 0};
        return p;
    }
    if ((err = inside_file(fd, length, offset, type == MAP_SHARED && (prot & PROT_WRITE))) < 0)
        return fail_map(err);
    if (type == MAP_PRIVATE) {
        if (!(p = memalign(PAGE, length)))
            return fail_map(-ENOMEM);
        if (pread(fd, p, length, offset) != (ssize_t)length) {
            err = errno ? -errno : -EIO;
            free(p);
            return fail_map(err);
        }
        *m = (struct mapping){p, length, -1, 0};
        return p;
    }
    int own = dup(fd); // the mapping outlives a close of fd
    if (own < 0)
        return MAP_FAILED;
    if (!(p = readblock(own, length, offset))) {
        err = -errno;
        close(own);
        return fail_map(err);
    }
    *m = (struct mapping){p, length, own, offset};
    return p;
}

int
munmap(void *addr, size_t length)
{
    struct mapping *m;

    if ((uintptr_t)addr % PAGE != 0 || length == 0)
        return libc_fail(-EINVAL);
    if (!(m = holding(addr, 1)))
        return 0; // nothing of ours there: POSIX says that is no error
    if (m->fd >= 0)
        close(m->fd); // its window goes with the last descriptor on the file
    else
        free(m->start);
    *m = (struct mapping){NULL, 0, -1, 0};
    return 0;
}

int
msync(void *addr, size_t length, int flags)
{
    struct mapping *m;

    if ((uintptr_t)addr % PAGE != 0 || (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
        (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
        return libc_fail(-EINVAL);
    if (!(m = holding(addr, length ? length : 1)))
        return libc_fail(-ENOMEM);
    if (m->fd < 0 || length == 0)
        return 0; // memory of the process: nothing to write back
    off_t at = m->offset + ((uint8_t *)addr - m->start);
    return writeblock(m->fd, addr, length, at, 0) == (ssize_t)length ? 0 : -1;
}

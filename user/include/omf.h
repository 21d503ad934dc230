/*
 * omf.h - the On-Memory File interface (the OMF paper's Table 2, DESIGN §4).
 *
 * File data is mapped from the file server's cache into the caller: no copy,
 * the same frames in every process that maps the file, so a store by one is
 * seen at once by the others and by read(). Unlike mmap, the server keeps the
 * inode true: every readblock sets atime, writeblock sets mtime and can grow
 * or shrink the file.
 *
 *   readblock(fd, size, offset)   a pointer to the byte at offset, with
 *         [offset, offset+size) mapped (whole pages); the range must lie in
 *         the file (else NULL, errno EINVAL). Read-only for a file opened
 *         O_RDONLY: a store faults. Valid until the file is closed, the
 *         caller ends, or the file shrinks below it (then a touch past the
 *         end ends the process with a page fault). Other errors: EMFILE
 *         (the caller's owner made its share of windows, or the process
 *         holds all the windows it may), ENFILE (no window left for it),
 *         ENOMEM (no more cache pages may be pinned for it); the system
 *         owner has a reserve of each that others cannot take.
 *   writeblock(fd, buf, size, offset, flag)   [offset, offset+size) to the
 *         disk; buf may be the mapping of that range (no byte copied) or any
 *         other buffer (copied into the cache first). OMF_RESIZE makes
 *         offset+size the new size: growing allocates zeroed blocks,
 *         shrinking frees them and unmaps the pages past the end from every
 *         process; a regrown tail reads as zeros. Returns size once the data
 *         (and the inode) are on the disk, or -1 with errno.
 *   readbyte(fd, offset)          the byte (0..255), or -1
 *   writebyte(fd, offset, byte)   0, or -1 (EBADF for a read-only file)
 *         Both map the file on first use and make no call after that: the
 *         no-call path is inline here (DESIGN §9): a bounds check, a look at
 *         the file's generation in its state page (a shrink since sends the
 *         call to the library), the load or store, and the time noted in
 *         the caller's claims page for the server to read as atime or mtime
 *         (the clock page's TSC of the last tick: a load, no rdtsc).
 */
#ifndef USER_OMF_H
#define USER_OMF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel/abi/omfs.h"

#define OMF_RESIZE OMFS_RESIZE

void *readblock(int fd, size_t size, off_t offset);
ssize_t writeblock(int fd, void *buf, size_t size, off_t offset, int flag);
int readbyte(int fd, off_t offset);
int writebyte(int fd, off_t offset, int byte);

/* What the inline paths read: per descriptor, the library's record of its
 * mapping (user/lib/omf.c writes it; len 0: none, take the call). */
#define OMF_FAST_FDS 64
struct omf_fast {
    uint8_t *base;                /* byte 0 of the file in its window */
    uint32_t lo, len;             /* [lo, lo + len) is mapped */
    const volatile uint32_t *gen; /* the file's generation (its state page) */
    uint32_t seen;                /* the generation the range was mapped at */
    volatile uint32_t *claim;     /* our claims: [0] the last access, [1] the last update */
    uint32_t writable;
};
extern struct omf_fast omf_fast[OMF_FAST_FDS];

/* The claim: the TSC >> OMFS_CLAIM_SHIFT as of the last timer tick, one load
 * from the kernel's clock page (kernel/abi/clockpage.h; never 0, which
 * would claim nothing). */
static inline uint32_t
omf_claim_now(void)
{
    return ((const volatile struct clock_page *)CLOCK_PAGE_ADDR)->tsc_shifted;
}

static inline int
omf_readbyte_inline(int fd, off_t offset)
{
    if ((unsigned)fd < OMF_FAST_FDS) {
        const struct omf_fast *f = &omf_fast[fd];
        if ((uint32_t)offset - f->lo < f->len && *f->gen == f->seen) {
            f->claim[0] = omf_claim_now();
            return f->base[(uint32_t)offset];
        }
    }
    return readbyte(fd, offset);
}

static inline int
omf_writebyte_inline(int fd, off_t offset, int byte)
{
    if ((unsigned)fd < OMF_FAST_FDS) {
        const struct omf_fast *f = &omf_fast[fd];
        if ((uint32_t)offset - f->lo < f->len && f->writable && *f->gen == f->seen) {
            f->base[(uint32_t)offset] = (uint8_t)byte;
            f->claim[1] = omf_claim_now();
            return 0;
        }
    }
    return writebyte(fd, offset, byte);
}

#define readbyte(fd, offset) omf_readbyte_inline((fd), (offset))
#define writebyte(fd, offset, byte) omf_writebyte_inline((fd), (offset), (byte))

#endif

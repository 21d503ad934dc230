/*
 * user/lib/omf.c - the On-Memory File calls of omf.h over the file server.
 *
 * readblock is one OMFS_MAP round trip the first time (user/lib/fwin.c):
 * the server maps the range's cache pages into the file's shared window and
 * attaches the window to us, with the file's state page and our claims page
 * (DESIGN §9); its answer is the window's address, where byte i of the file
 * lives. We keep, per descriptor, the window and the range mapped so far
 * with the generation it was mapped at, so a readblock of a range mapped
 * before, readbyte and writebyte make no call: a bounds check, a look at
 * the state page's generation (a shrink since sends us to the server), the
 * load or store, and the time noted in our claims page for the server to
 * read (their first use maps the file: all of it up to 4 MiB, else the 4 MiB
 * piece around the byte). writeblock from the mapping itself sends no data;
 * from any other buffer the bytes travel in the message (64 KiB at a time).
 * close() forgets a descriptor's record, so the fast path trusts a record
 * it finds. This file stands on file.c (the handle behind a descriptor), and
 * file.c, below, names nothing here: the first record made sets its
 * file_close_hook to forget() (until then there is nothing to forget), so a
 * program that maps no file neither links this file nor pays at close.
 */
#include <errno.h>
#include <omf.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "user/lib/file.h"
#include "user/lib/fwin.h"
#include "user/lib/libc.h"
#include "user/lib/omfsc.h"

#define PIECE (4u << 20) /* what readbyte maps of a larger file */

static struct fwin maps[FD_MAX];
struct omf_fast omf_fast[OMF_FAST_FDS]; // omf.h's inline paths read maps[] through it
_Static_assert(OMF_FAST_FDS == FD_MAX, "omf.h's inline paths cover every descriptor");

/* omf_fast[fd] as maps[fd] says: a range only with a state page and claims. */
static void
publish(int fd)
{
    const struct fwin *m = &maps[fd];

    if (m->st && m->handle)
        omf_fast[fd] = (struct omf_fast){m->base,          m->lo,   m->hi - m->lo, &m->st->gen,
                                         m->gen,           &m->cl->atime, m->writable};
    else
        omf_fast[fd] = (struct omf_fast){.len = 0};
}

/* A descriptor closed (file_close_hook): its mapping is gone. */
static void
forget(int fd)
{
    if (fd >= 0 && fd < FD_MAX) {
        maps[fd] = (struct fwin){.handle = 0};
        publish(fd);
    }
}

static struct fwin *
map_of(int fd, int32_t *handle)
{
    int err;

    if (fd < 0 || fd >= FD_MAX || (err = file_handle(fd, handle)) < 0) {
        errno = EBADF;
        return NULL;
    }
    if (maps[fd].handle != *handle) {
        maps[fd] = (struct fwin){.handle = 0};
        publish(fd);
    }
    return &maps[fd];
}

void *
readblock(int fd, size_t size, off_t offset)
{
    int32_t handle;
    struct fwin *m = map_of(fd, &handle);
    int r;

    if (!m)
        return NULL;
    if (size == 0 || offset < 0 || size > 0x7fffffffu || (uint64_t)offset + size > 0x7fffffffu) {
        errno = EINVAL;
        return NULL;
    }
    if (fwin_has(m, handle, (uint32_t)offset, (uint32_t)size) &&
        (uint32_t)offset + size <= m->st->size) { // mapped and not cut: no call (DESIGN §9)
        m->cl->atime = omf_claim_now();
        return m->base + offset;
    }
    file_close_hook = forget; // from now on a close must forget a record
    r = fwin_map(m, handle, (uint32_t)offset, (uint32_t)size, false);
    publish(fd);
    if (r < 0) {
        errno = -r;
        return NULL;
    }
    return m->base + offset;
}

static int
send_writeblock(int32_t handle, const void *data, uint32_t len, uint32_t off, uint32_t flags)
{
    uint8_t *payload;
    struct omfs_msg *msg = omfsc_msg(data ? len : 0, &payload);

    if (!msg)
        return -ENOMEM;
    msg->code = OMFS_WRITEBLOCK;
    msg->handle = handle;
    msg->offset = off;
    msg->mode = len;
    msg->flags = flags | (data ? OMFS_WB_DATA : 0);
    if (data) {
        msg->size = len;
        memcpy(payload, data, len);
    }
    return omfsc_call(msg);
}

ssize_t
writeblock(int fd, void *buf, size_t size, off_t offset, int flag)
{
    int32_t handle;
    struct fwin *m = map_of(fd, &handle);
    uint32_t flags = flag & OMF_RESIZE ? OMFS_RESIZE : 0;
    int r;

    if (!m)
        return -1;
    if (offset < 0 || size > 0x7fffffffu || (uint64_t)offset + size > 0x7fffffffu ||
        (flag & ~OMF_RESIZE) || (!buf && size))
        return libc_fail(-EINVAL);
    if (m->handle && (uint8_t *)buf == m->base + offset) // the mapping itself: nothing to copy
        return (r = send_writeblock(handle, NULL, (uint32_t)size, (uint32_t)offset, flags)) < 0
                   ? libc_fail(r)
                   : r;
    if (size && (r = (int)sys_uaccess((uint32_t)(uintptr_t)buf, (uint32_t)size, 0)) < 0)
        return libc_fail(r); // a bad buffer: EFAULT, as a system call would say
    if (flags && (r = send_writeblock(handle, NULL, (uint32_t)size, (uint32_t)offset, flags)) < 0)
        return libc_fail(r); // the new size first: the bytes then land inside the file
    for (size_t done = 0; done < size || size == 0;) {
        uint32_t len = size - done > OMFS_IO_MAX ? OMFS_IO_MAX : (uint32_t)(size - done);
        if (size == 0)
            break;
        if ((r = send_writeblock(handle, (const uint8_t *)buf + done, len,
                                 (uint32_t)(offset + (off_t)done), 0)) < 0)
            return libc_fail(r);
        done += len;
    }
    return (ssize_t)size;
}

/* The mapping of fd that holds byte `offset`, made on first use; NULL with
 * errno when there is none (EBADF, EINVAL past the end). */
static uint8_t *
byte_at(int fd, off_t offset, struct fwin **out)
{
    int32_t handle;
    struct fwin *m = map_of(fd, &handle);
    struct stat st;

    if (!m)
        return NULL;
    if (offset >= 0 && fwin_has(m, handle, (uint32_t)offset, 1)) {
        *out = m;
        return m->base + offset; // mapped and not cut: no call
    }
    if (offset < 0 || fstat(fd, &st) < 0 || offset >= st.st_size) {
        errno = offset < 0 || errno != EBADF ? EINVAL : EBADF;
        return NULL;
    }
    uint32_t start = 0, size = (uint32_t)st.st_size;
    if (size > PIECE) {
        start = (uint32_t)offset / PIECE * PIECE;
        size = size - start < PIECE ? size - start : PIECE;
    }
    if (!readblock(fd, size, start))
        return NULL;
    *out = m;
    return m->base + offset;
}

/* Mapped, current, with our claims page: the no-call path (the generation
 * checked, so no shrink cut the range since it was mapped). */
#define FAST(m, off) ((uint32_t)(off) - (m)->lo < (m)->hi - (m)->lo && (m)->st && \
                      (m)->st->gen == (m)->gen)

int
(readbyte)(int fd, off_t offset)
{
    struct fwin *m;
    uint8_t *p;

    if ((unsigned)fd < FD_MAX && FAST(&maps[fd], offset)) {
        maps[fd].cl->atime = omf_claim_now(); // the access, for the server to read
        return maps[fd].base[(uint32_t)offset];
    }
    p = byte_at(fd, offset, &m);
    if (p && m->cl)
        m->cl->atime = omf_claim_now();
    return p ? *p : -1;
}

int
(writebyte)(int fd, off_t offset, int byte)
{
    struct fwin *m;
    uint8_t *p;

    if ((unsigned)fd < FD_MAX && maps[fd].writable && FAST(&maps[fd], offset)) {
        maps[fd].base[(uint32_t)offset] = (uint8_t)byte; // mapped: a store, no call
        maps[fd].cl->mtime = omf_claim_now();
        return 0;
    }
    p = byte_at(fd, offset, &m);
    if (!p)
        return -1;
    if (!m->writable)
        return libc_fail(-EBADF); // opened read-only: a store would fault
    *p = (uint8_t)byte;
    if (m->cl)
        m->cl->mtime = omf_claim_now();
    return 0;
}

/*
 * user/lib/fwin.c - file I/O without round trips, the library's half
 * (DESIGN §9): a handle's view of its file's shared window, and the reads
 * and writes that copy through it instead of asking the file server.
 *
 * OMFS_MAP (fwin_map) maps a range of the file into the file's window and
 * answers with the window, the file's state page (size, and a generation
 * that every shrink bumps; read-only) and our claims page (where we note
 * when we last read and wrote the file; the server clamps what we claim to
 * [the inode's time, now] when it reads it). A struct fwin remembers the
 * range mapped and the generation it was mapped at: while the state page
 * shows that generation, nothing of the range was cut, so the range may be
 * touched with no call (fwin_has). fwin_read and fwin_write copy between a
 * caller's buffer and the window inside the file's current size, and note
 * the access or the update; a range not mapped yet is mapped first (one
 * round trip, then none), and anything else (a write that grows the file,
 * a read-only window, a call past FAST_MAX) is -EAGAIN: the caller asks the
 * server as before.
 * A concurrent shrink can take a page out of the window in the middle of a
 * copy: the copy (fwincopy.asm) is a range the kernel resumes from a page
 * fault with -EFAULT (faultfix, registered on first use), so the process is
 * not ended; a new generation then sends the caller to the server, which
 * answers as after the shrink. The same generation means the caller's
 * buffer was bad: -EFAULT, as a system call would say.
 * Invariants: lo <= hi; st and cl are both set or both NULL; [lo, hi) was
 * inside the file and mapped at generation gen.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

#include "user/lib/fwin.h"
#include "user/lib/omfsc.h"

#define CHUNK (64u * 1024)     /* a read or write maps at least this much, aligned */
#define FAST_MAX (256u * 1024) /* larger calls ask the server (they would pin too much) */

extern char fwin_copy_fault[], fwin_copy_end[];

/* faultfix registered for fwin_copy: 1, or -1 when the kernel refused. */
static int
guarded(void)
{
    static int state;

    if (!state)
        state = sys_faultfix((uint32_t)(uintptr_t)fwin_copy, (uint32_t)(uintptr_t)fwin_copy_end,
                             (uint32_t)(uintptr_t)fwin_copy_fault) == 0
                    ? 1
                    : -1;
    return state > 0;
}

/* Map [off, off + len) of handle's file (clip: as much of it as lies inside
 * the file) and record it in w. Returns the bytes mapped from off, or the
 * server's error (-EINVAL outside the file, -EBADF, -ENOMEM, ...). */
int
fwin_map(struct fwin *w, int32_t handle, uint32_t off, uint32_t len, bool clip)
{
    struct omfs_msg *m = omfsc_msg(0, NULL);
    int r;

    if (!m)
        return -ENOMEM;
    m->code = OMFS_MAP;
    m->handle = handle;
    m->offset = off;
    m->mode = len;
    m->flags = clip ? OMFS_CLIP : 0;
    if ((r = omfsc_call(m)) < 0)
        return r;
    uint8_t *base = (uint8_t *)((uintptr_t)(uint32_t)r << 12);
    struct omfs_mapped mp = m->u.mapped;
    uint32_t got = clip && mp.len < len ? mp.len : len;
    if (w->handle != handle || w->base != base || w->gen != mp.gen || !w->st) {
        w->lo = off; // a new record, or one a shrink made stale: only this range counts
        w->hi = off + got;
    } else { // the range grows (a hole between is harmless: never trusted)
        if (off < w->lo && off + got >= w->lo)
            w->lo = off;
        if (off + got > w->hi && off <= w->hi)
            w->hi = off + got;
    }
    w->handle = handle;
    w->base = base;
    w->gen = mp.gen;
    w->writable = m->flags != 0;
    if (mp.state && mp.claims && mp.slot < OMFS_SLOTS && guarded()) {
        w->st = (const volatile struct omfs_fstate *)((uintptr_t)mp.state << 12);
        w->cl = (volatile struct omfs_claim *)((uintptr_t)mp.claims << 12) + mp.slot;
    } else { // no state page for us: every use asks the server
        w->st = NULL;
        w->cl = NULL;
    }
    return (int)got;
}

/* Map the chunk(s) around [off, off + n): 0 or an error. */
static int
map_around(struct fwin *w, int32_t handle, uint32_t off, size_t n)
{
    uint32_t start = off / CHUNK * CHUNK, want = off + (uint32_t)n - start;

    int r = fwin_map(w, handle, start, want < CHUNK ? CHUNK : want, true);

    w->nomap = r < 0; // a write does not try again until a read maps (a file being written
    return r < 0 ? -EAGAIN : 0; // from empty would pay a refused map per write)
}

/* Up to n bytes of handle's file at off into buf through the window. Returns
 * the bytes read (0 at the end of the file), -EFAULT (buf), or -EAGAIN: ask
 * the server. */
ssize_t
fwin_read(struct fwin *w, int32_t handle, void *buf, size_t n, uint32_t off)
{
    if (n == 0 || n > FAST_MAX || off > 0x7fffffffu)
        return -EAGAIN;
    for (int mapped = 0;; mapped = 1) {
        if (w->st && w->handle == handle && w->st->gen == w->gen) {
            uint32_t size = w->st->size, gen = w->gen;
            if (off >= size)
                return 0; // the end of the file
            uint32_t len = n < size - off ? (uint32_t)n : size - off;
            if (fwin_has(w, handle, off, len)) {
                if (fwin_copy(buf, w->base + off, len) == 0) {
                    w->cl->atime = omf_claim_now();
                    return (ssize_t)len;
                }
                if (w->st->gen == gen)
                    return -EFAULT; // not a cut: the caller's buffer
                return -EAGAIN;     // cut under us: the server answers as after the shrink
            }
        }
        if (mapped || map_around(w, handle, off, n) < 0)
            return -EAGAIN;
    }
}

/* n bytes of buf into handle's file at off through the window, if they lie
 * inside the file. Returns n, -EFAULT (buf), or -EAGAIN: ask the server (the
 * write grows the file, the window is read-only, or a shrink cut it). */
ssize_t
fwin_write(struct fwin *w, int32_t handle, const void *buf, size_t n, uint32_t off)
{
    if (n == 0 || n > FAST_MAX || off > 0x7fffffffu)
        return -EAGAIN;
    for (int mapped = 0;; mapped = 1) {
        if (w->st && w->handle == handle && w->st->gen == w->gen) {
            uint32_t size = w->st->size, gen = w->gen;
            if (off > size || n > size - off || !w->writable)
                return -EAGAIN; // growing: only the server allocates
            if (fwin_has(w, handle, off, (uint32_t)n)) {
                if (fwin_copy(w->base + off, buf, (uint32_t)n) == 0) {
                    w->cl->mtime = omf_claim_now(); // the data is stored: the claim comes after
                    return (ssize_t)n;
                }
                return w->st->gen == gen ? -EFAULT : -EAGAIN;
            }
        }
        if (mapped || w->nomap || map_around(w, handle, off, n) < 0)
            return -EAGAIN;
    }
}

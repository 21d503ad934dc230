/*
 * user/lib/fwin.h - a handle's view of its file's shared window, state page
 * and claims (user/lib/fwin.c, DESIGN §9). Included by our library's file
 * layers only (file.c, omf.c), never by programs.
 */
#ifndef USER_LIB_FWIN_H
#define USER_LIB_FWIN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <tender.h>

#include <omf.h>

#include "kernel/abi/omfs.h"

struct fwin {
    int32_t handle;                        /* the server handle it was made for; 0: none */
    uint8_t *base;                         /* the window: byte 0 of the file */
    const volatile struct omfs_fstate *st; /* the file's state page; NULL: no fast path */
    volatile struct omfs_claim *cl;        /* our claims for the file (st set: set too) */
    uint32_t lo, hi;                       /* [lo, hi) mapped, as of generation gen */
    uint32_t gen;
    uint8_t writable; /* the window is attached writable */
    uint8_t nomap;    /* the last map failed: writes do not ask again */
};

/* Whether [off, off + n) (n > 0) may be touched in w's window now: mapped,
 * for handle, and not cut since (the generation). No call. */
static inline bool
fwin_has(const struct fwin *w, int32_t handle, uint32_t off, uint32_t n)
{
    return w->st && w->handle == handle && w->st->gen == w->gen && off >= w->lo && off <= w->hi &&
           n <= w->hi - off;
}

int fwin_map(struct fwin *w, int32_t handle, uint32_t off, uint32_t len, bool clip);
ssize_t fwin_read(struct fwin *w, int32_t handle, void *buf, size_t n, uint32_t off);
ssize_t fwin_write(struct fwin *w, int32_t handle, const void *buf, size_t n, uint32_t off);
int fwin_copy(void *dst, const void *src, uint32_t n); /* fwincopy.asm: 0 or -EFAULT */

#endif

/*
 * Shared windows (mm/vwin.c): a region of address space, unique in the
 * system, whose page tables every attached process's space links, showing
 * frames of another region. The file server's mapped files (OMF). Included
 * by mm/, proc/ and the system-call layer.
 */
#ifndef MM_VWIN_H
#define MM_VWIN_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/types.h"
#include "kernel/types.h"
#include "mm/ptset.h"

#define VWIN_LINKS 32              /* spaces one window is linked into at once */
#define PROC_WINS 8                /* windows one process has attached */

struct vregion;
struct vspace;

struct vwin {
    struct ptset rw, ro;      /* page tables of the window, writable and read-only, one base */
    uint32_t npages;          /* pages of address space */
    uint32_t mapped;          /* of them, showing a frame */
    struct vregion *src;      /* the region whose frames it shows (set by the first map,
                                 reset when it goes); counted in src->windows, no reference */
    struct vwin_holder *creator; /* the only process that maps into it (its holder); the
                                    window goes when it ends */
    struct {
        struct vspace *vs;
        uint8_t how;          /* VWIN_RO or VWIN_RW: which tables its directory links */
    } links[VWIN_LINKS];
};
enum { VWIN_NONE, VWIN_RO, VWIN_RW };

struct vwin_att {             /* one window a process has attached */
    struct vregion *win;
    uint8_t how;              /* VWIN_RO or VWIN_RW */
};

struct vwin_holder { /* the windows one process has attached (in its struct proc) */
    struct vwin_att att[PROC_WINS];
    struct vspace *vs;        /* the space the process lives in; NULL before its first
                                 attach and after its end */
    struct vwin_holder *next; /* in the list of holders with a space */
};

int vw_create(struct vwin_holder *creator, const char *name, uint16_t owner, uint16_t group,
              uint32_t npages, uint16_t mode, struct vregion **out);
int vw_map_check(struct vregion *w, const struct vwin_holder *caller, uint32_t wpage, uint32_t n,
                 const struct vregion *src);
void vw_map(struct vregion *w, uint32_t wpage, struct vregion *src, uint32_t first, uint32_t n);
int vw_unmap(struct vregion *w, uint32_t wpage, uint32_t n);
int vw_dirty(struct vregion *w, uint32_t wpage, uint32_t n, uint8_t *dirty);
int vw_attach(struct vregion *w, struct vwin_holder *h, struct vspace *vs, bool writable,
              vaddr_t *base);
int vw_detach(struct vregion *w, struct vwin_holder *h);
void vw_destroy(struct vregion *w);
void vw_holder_moved(struct vwin_holder *h, struct vspace *to);
void vw_holder_ended(struct vwin_holder *h);
void vw_src_shrunk(struct vregion *src);
void vw_src_gone(struct vregion *src);

#endif

/*
 * Virtual region: a resource that is a set of physical frames (backing
 * store), possibly lazy (pages that get their frame at first touch).
 * Included by mm/ and proc/.
 */
#ifndef MM_VREGION_H
#define MM_VREGION_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/resource.h"
#include "kernel/types.h"
#include "mm/frameset.h"

struct vwin;

struct vregion {
    struct resource res;
    struct frameset fs;   /* its frames, zero-filled when added: fs.n pages */
    struct vwin *win;     /* a shared window (mm/vwin.c) instead, owning no frames; or NULL */
    paddr_t src;          /* lazy: a page i < src_pages with no frame yet shows the */
    uint32_t src_pages;   /* boot image's page at src + i pages (read-only, copied at
                             the first store); a higher one reads as zeros */
    bool lazy;            /* fs may have holes (vr_create_lazy) */
    bool shared;          /* a program's text: in every process running it, for good */
    struct vregion *twin; /* a program's text on the disk: a hole i shows page tfirst + i of */
    uint32_t tfirst;      /* this shared window as it stands (mm/vwin.c vw_texts_leave);
                             NULL for any other region, and once the window went */
    uint16_t windows;     /* shared windows showing frames of it (their src): when it
                             shrinks or goes, its frames leave them first (mm/vwin.c) */
};

void vr_init(void);
int vr_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, uint32_t npages,
              struct vregion **out);
int vr_create_lazy(const char *name, uint16_t owner, uint16_t group, uint16_t mode,
                   uint32_t npages, paddr_t src, uint32_t src_pages, struct vregion **out);
paddr_t vr_page(const struct vregion *vr, uint32_t i, bool *own);
int vr_materialize(struct vregion *vr, uint32_t i);
int vr_grow(struct vregion *vr, uint32_t npages);
int vr_grow_down(struct vregion *vr, uint32_t npages);
void vr_shrink(struct vregion *vr, uint32_t npages);
void vr_repay(struct vregion *vr, uint16_t payer);
int vr_destroy(struct vregion *vr);
void vr_set_mappers(void (*page_changed)(struct vregion *vr, uint32_t i));
void vr_page_changed(struct vregion *vr, uint32_t i);
#define to_vregion(r) res_object((r), RT_VREGION, struct vregion)

#endif

/*
 * Virtual region: a resource that is a set of physical frames (backing
 * store). Included by mm/ and proc/.
 */
#ifndef MM_VREGION_H
#define MM_VREGION_H

#include <stdint.h>

#include "kernel/resource.h"
#include "kernel/types.h"
#include "mm/frameset.h"

struct vwin;

struct vregion {
    struct resource res;
    struct frameset fs;   /* its frames, zero-filled when added: fs.n pages */
    struct vwin *win;     /* a shared window (mm/vwin.c) instead, owning no frames; or NULL */
};

void vr_init(void);
int vr_create(const char *name, uint16_t owner, uint16_t group, uint16_t mode, uint32_t npages,
              struct vregion **out);
int vr_grow(struct vregion *vr, uint32_t npages);
void vr_shrink(struct vregion *vr, uint32_t npages);
void vr_repay(struct vregion *vr, uint16_t payer);
int vr_destroy(struct vregion *vr);
#define to_vregion(r) res_object((r), RT_VREGION, struct vregion)

#endif

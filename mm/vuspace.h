/*
 * Virtual user space: a region attached into a space at an address with a
 * protection. A process's virtual user spaces live in its user area (struct
 * uarea): a globally unique, 4 MiB-aligned address range whose page-table
 * pages the area owns and links into whatever space it lives in.
 * Included by mm/ and proc/.
 */
#ifndef MM_VUSPACE_H
#define MM_VUSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/types.h"
#include "kernel/resource.h"
#include "kernel/types.h"
#include "mm/ptset.h"

struct vregion;
struct vspace;
struct vuspace;

struct uarea {
    struct ptset pts;               /* its range (pts.base, pts.nchunks 4 MiB chunks,
                                       from the global allocator; it grows upward)
                                       and the page tables mapping it */
    struct vspace *vs;              /* the space the area is linked into */
    struct vuspace *list;           /* attached virtual user spaces */
    uint32_t pages;                 /* pages mapped */
};

struct vuspace {
    struct resource res;
    struct vregion *vr;             /* what is mapped */
    struct uarea *ua;               /* where */
    vaddr_t start;                  /* page aligned, inside ua's range */
    uint32_t prot;                  /* VUS_READ | VUS_WRITE | VUS_EXEC */
    struct vuspace *next;           /* in ua->list */
};

void vus_init(void);
int ua_create(struct uarea *ua, unsigned nchunks, struct vspace *vs);
int ua_extend(struct uarea *ua, unsigned more);
void ua_destroy(struct uarea *ua);
void ua_move(struct uarea *ua, struct vspace *to);
void *ua_kaddr(const struct uarea *ua, vaddr_t va);
void ua_chown(struct uarea *ua, uint16_t owner, uint16_t group);
void ua_repay(struct uarea *ua, uint16_t payer);
struct vuspace *ua_find(const struct uarea *ua, vaddr_t va, uint32_t npages);
int ua_fault(paddr_t pd, vaddr_t va, bool write);

int vus_attach(struct uarea *ua, struct vregion *vr, vaddr_t start, uint32_t prot,
               const char *name, uint16_t owner, uint16_t group, uint16_t mode,
               struct vuspace **out);
int vus_grow(struct vuspace *vus, uint32_t npages);
int vus_grow_down(struct vuspace *vus, uint32_t npages);
int vus_shrink(struct vuspace *vus, uint32_t npages);
int vus_materialize(struct vuspace *vus, uint32_t i);
#define to_vuspace(r) res_object((r), RT_VUSPACE, struct vuspace)

#endif

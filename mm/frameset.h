/*
 * A frame set: an ordered, growable set of physical frames with quota
 * charging and all-or-nothing growth. The backing store of virtual regions
 * and containers (and of the file cache's regions to come).
 * Included by mm/, ipc/ and host tests; uses only mm/mem.h's frame and heap
 * calls and kernel/quota.h, so a host test supplies them.
 */
#ifndef MM_FRAMESET_H
#define MM_FRAMESET_H

#include <stdint.h>

#include "kernel/types.h"

struct frameset {
    paddr_t *frames; /* n frames in order (0: a hole, no frame yet); room for cap */
    uint32_t n, cap;
    uint32_t owned;  /* how many of the n have a frame (not a hole) */
};

int frameset_grow(struct frameset *fs, uint32_t count, uint16_t payer);
int frameset_add_holes(struct frameset *fs, uint32_t count);
int frameset_prepend_holes(struct frameset *fs, uint32_t count);
int frameset_fill(struct frameset *fs, uint32_t i, paddr_t from, uint16_t payer);
uint32_t frameset_owned(const struct frameset *fs);
void frameset_shrink(struct frameset *fs, uint32_t count, uint16_t payer);
void frameset_free(struct frameset *fs, uint16_t payer);
int frameset_clone(struct frameset *dst, const struct frameset *src);
void frameset_adopt(struct frameset *fs, struct frameset *clone);
void frameset_drop(struct frameset *clone);
void frameset_repay(const struct frameset *fs, uint16_t from, uint16_t to);

#endif

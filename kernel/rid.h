/*
 * Resource identifier encoding (DESIGN §3): type | slot | generation.
 *
 * Layout from kernel/abi/resource.h: bit 31 clear, type in bits 27..30, slot in
 * bits 16..26, generation in bits 0..15. A valid rid is > 0 (type >= 1).
 * Pure static inlines: included by kernel code and host tests.
 */
#ifndef KERNEL_RID_H
#define KERNEL_RID_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/resource.h"

#define RID_TYPE_MASK ((1u << RID_TYPE_BITS) - 1)
#define RID_SLOT_MASK ((1u << RID_SLOT_BITS) - 1)
#define RID_GEN_MASK ((1u << RID_GEN_BITS) - 1)
#define RID_SLOT_COUNT (1u << RID_SLOT_BITS) /* slots a table may have, 0 included */

/* Build a rid; each field is truncated to its width. */
static inline rid_t
rid_make(int type, unsigned slot, unsigned gen)
{
    return (rid_t)((((uint32_t)type & RID_TYPE_MASK) << RID_TYPE_SHIFT) |
                   ((slot & RID_SLOT_MASK) << RID_SLOT_SHIFT) | (gen & RID_GEN_MASK));
}

/* Type field (RT_*) of a rid. */
static inline int
rid_type(rid_t rid)
{
    return (int)(((uint32_t)rid >> RID_TYPE_SHIFT) & RID_TYPE_MASK);
}

/* Slot field of a rid. */
static inline unsigned
rid_slot(rid_t rid)
{
    return ((uint32_t)rid >> RID_SLOT_SHIFT) & RID_SLOT_MASK;
}

/* Generation field of a rid. */
static inline unsigned
rid_gen(rid_t rid)
{
    return (uint32_t)rid & RID_GEN_MASK;
}

/* True if rid could name a resource at all (positive); says nothing of liveness. */
static inline bool
rid_is_valid(rid_t rid)
{
    return rid > 0;
}

#endif

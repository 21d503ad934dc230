/*
 * Resource identifiers, resource types and RCC rights: the ABI of DESIGN §3-4.
 *
 * A rid_t is a positive 32-bit value: bit 31 is always clear (negative values
 * are -errno), bits 27..30 hold the type, bits 16..26 the slot in that type's
 * table and bits 0..15 the slot's generation, bumped on every delete so a stale
 * id is detected. Slot 0 is never used, so rid 0 means "none".
 * Constants and fixed-width types only: included by kernel, user and host tests.
 */
#ifndef KERNEL_ABI_RESOURCE_H
#define KERNEL_ABI_RESOURCE_H

typedef int rid_t; /* resource id; negative = -errno */

/* resource types, for resfind and resinfo */
enum {
    RT_VREGION = 1, /* virtual region: a set of frames */
    RT_VSPACE,      /* virtual space: one page directory */
    RT_VUSPACE,     /* virtual user space: a region attached into a space */
    RT_PROC,        /* process */
    RT_CBOX,        /* container box */
    RT_CONTAINER,   /* container (message) */
    RT_IOPORT,      /* I/O port ranges of a device, for a user-level driver (ioattach) */
    RT_DEVICE,      /* a PCI function, for a user-level driver (devattach, DESIGN §7) */
    RT_PIPE,        /* a pipe: a byte stream between held read and write ends (DESIGN §8) */
    RT_COUNT        /* one past the last type */
};

/* RCC: five rights, granted separately to owner, group and others */
#define RCC_REF 0x01 /* look up, read info */
#define RCC_MOD 0x02 /* change */
#define RCC_DEL 0x04 /* delete */
#define RCC_ATT 0x08 /* create/move a process into it, map it, send to it */
#define RCC_CTL 0x10 /* changeoid, changemod */
#define RCC_ALL 0x1f
#define RCC_OWNER(r) ((r) << 10)
#define RCC_GROUP(r) ((r) << 5)
#define RCC_OTHER(r) (r)
#define RCC_MODE_MASK 0x7fff /* all fifteen meaningful mode bits */

/* the system owner (init, the shell and what they start) passes every RCC
 * check, is never limited by quotas, and alone changes a process's identity */
#define RCC_SYSTEM_OWNER 1

/* rid layout */
#define RID_TYPE_SHIFT 27
#define RID_TYPE_BITS 4
#define RID_SLOT_SHIFT 16
#define RID_SLOT_BITS 11
#define RID_GEN_BITS 16

#define RES_NAME_MAX 32 /* bytes of a resource name, including the NUL */

_Static_assert(RT_COUNT <= (1 << RID_TYPE_BITS), "every RT_* type fits the rid's type bits");
_Static_assert(RID_TYPE_SHIFT + RID_TYPE_BITS == 31, "bit 31 of a rid stays clear");
_Static_assert(RID_SLOT_SHIFT + RID_SLOT_BITS == RID_TYPE_SHIFT, "slot bits end where type begins");
_Static_assert(RID_GEN_BITS == RID_SLOT_SHIFT, "generation bits end where slot bits begin");

#endif

/*
 * user/lib/device.c - the device calls of device.h over the generated stubs.
 *
 * Model: devirq, a call that returns a rid_t, passes a negative kernel
 * result through and sets errno; the others return -1 with errno. Pointers
 * go to the kernel unchecked (it checks them).
 * Entry points: devattach, devdetach, devirq, devack, devdma.
 */
#include <device.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "user/lib/libc.h"

#define W(p) ((uint32_t)(uintptr_t)(p)) // a pointer as an argument word

/* Attach device dev; where its BARs are into *map. 0, or -1 with errno. */
int
devattach(rid_t dev, struct devmap *map)
{
    return libc_ret(sys_devattach((uint32_t)dev, W(map)));
}

/* Let device dev go. 0, or -1 with errno. */
int
devdetach(rid_t dev)
{
    return libc_ret(sys_devdetach((uint32_t)dev));
}

/* Bind dev's interrupt to box (0: unbind). The notification's rid (0 for
 * an unbinding), or -errno (errno set). */
rid_t
devirq(rid_t dev, rid_t box)
{
    return libc_rid(sys_devirq((uint32_t)dev, (uint32_t)box));
}

/* The interrupt of dev is handled: unmask its line. 0, or -1 with errno. */
int
devack(rid_t dev)
{
    return libc_ret(sys_devack((uint32_t)dev));
}

/* npages of DMA memory for dev into *out. 0, or -1 with errno. */
int
devdma(rid_t dev, size_t npages, struct devdma *out)
{
    return libc_ret(sys_devdma((uint32_t)dev, (uint32_t)npages, W(out)));
}

/*
 * device.h - user-level drivers of PCI devices (DESIGN §7; the kernel's side
 * is proc/device.c).
 *
 * Any user program may include it. The kernel makes one resource per PCI
 * function at boot, type RT_DEVICE, named "pci:bb:dd.f" (find one with
 * resfind), owned by the system owner; resinfo shows its identity, BARs,
 * interrupt line and command register (res_info.u.device). One process at
 * a time holds a device:
 *   devattach   needs ATT; opens its I/O BARs to the caller and maps its
 *               memory BARs uncached (map->port[i], map->addr[i]; 0: none).
 *               EBUSY if it has a holder already.
 *   devirq      binds its interrupt line to a box (ATT on the box; 0:
 *               unbind) and returns the rid of the notification, an empty
 *               container that the kernel sends to the box each time the
 *               line fires (its struct cmsg's sender is the device's rid,
 *               sender_owner 0: the kernel); the line stays masked until
 *   devack      the holder handled it (clear the cause in the device
 *               first, or the line fires again at once). The notification
 *               cannot be sent on or deleted by anyone.
 *   devdma      npages physically contiguous zeroed pages for DMA, mapped
 *               writable; out->phys is their bus address. The system
 *               owner's drivers only (EPERM); turns bus mastering on.
 *               Reset the device before: the last holder may have left
 *               it running.
 *   devdetach   lets it go; so does the holder's end. Either way the
 *               kernel turns bus mastering off before it frees the DMA
 *               pages, masks a line nobody is bound to, and takes the
 *               mappings and ports away.
 * Every call but devattach is the holder's alone (EPERM for anyone else).
 * They return -1 with errno on error, except devirq, which returns the
 * negative kernel value and sets errno (a rid_t call).
 */
#ifndef USER_DEVICE_H
#define USER_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <tender.h>

int devattach(rid_t dev, struct devmap *map);
int devdetach(rid_t dev);
rid_t devirq(rid_t dev, rid_t box);
int devack(rid_t dev);
int devdma(rid_t dev, size_t npages, struct devdma *out);

/* The 32-bit register at byte offset off of a memory BAR mapped at base. */
static inline uint32_t
mmio_read32(uint32_t base, uint32_t off)
{
    return *(volatile uint32_t *)(uintptr_t)(base + off);
}

static inline void
mmio_write32(uint32_t base, uint32_t off, uint32_t value)
{
    *(volatile uint32_t *)(uintptr_t)(base + off) = value;
}

#endif

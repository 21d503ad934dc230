/* The static-PIE ELF loader; included by proc/proc.c and proc/hvs.c. */
#ifndef PROC_LOADER_H
#define PROC_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

struct proc;
struct vregion;

/* Where a program's bytes are: the boot image (bytes, through the kernel's
 * map) or a shared window of the file server (win: a file on the disk,
 * whose byte 0 is window page wfirst). size: the file's length. */
struct loader_image {
    const uint8_t *bytes;
    struct vregion *win;
    uint32_t wfirst;
    uint32_t size;
};

int loader_measure(const struct loader_image *im, uint32_t *span);
int loader_map(struct proc *p, const char *path, const struct loader_image *im, vaddr_t *entry);
int loader_stack(struct proc *p, int argc, char *const argv[], vaddr_t *sp);

#endif

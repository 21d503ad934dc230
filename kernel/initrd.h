/* The boot image (a cpio archive passed as a GRUB module); included by the loader. */
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H

#include <stdbool.h>
#include <stddef.h>

void initrd_init(void);
int initrd_lookup(const char *path, const void **data, size_t *size);
bool initrd_holds_pages(const void *p, size_t n);

#endif

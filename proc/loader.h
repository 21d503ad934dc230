/* The static-PIE ELF loader; included by proc/proc.c. */
#ifndef PROC_LOADER_H
#define PROC_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/types.h"

struct proc;

int loader_measure(const void *image, size_t size, uint32_t *span);
int loader_map(struct proc *p, const char *path, const void *image, size_t size, vaddr_t *entry);
int loader_stack(struct proc *p, int argc, char *const argv[], vaddr_t *sp);

#endif

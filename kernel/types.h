/*
 * Meaningful scalar types shared by kernel code and host tests of pure logic.
 */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdint.h>

typedef uint32_t paddr_t; /* physical address */
typedef uint32_t vaddr_t; /* virtual address */

#endif

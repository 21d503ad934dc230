/* Kernel symbol lookup for backtraces; included by arch backtrace code and tests. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

/* Name of the function containing addr and the offset into it; NULL if unknown. */
const char *ksyms_lookup(uint32_t addr, uint32_t *offset);

#endif

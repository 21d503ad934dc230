/* Boot-time entry points of kernel/; included by kmain.c and its helpers. */
#ifndef KERNEL_KMAIN_H
#define KERNEL_KMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/types.h"

void kmain(uint32_t magic, paddr_t info);
int selftest_run(void); /* kernel/selftest.c: 0 when every case passed */

#endif

/* Console input for the read system call; output lives in kernel/printk.h. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

#include "kernel/printk.h"

void console_input_init(void);
size_t console_read(char *buf, size_t n);
void console_deliver_interrupt(void);

#endif

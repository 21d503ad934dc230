/* The console: output for printk and write, input for read, Ctrl-C. Any kernel
 * file may include it. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>


void console_init(void);
void console_putc(char c);
void console_write(const char *s, size_t n);
void console_input_init(void);
size_t console_read(char *buf, size_t n);
void console_deliver_interrupt(void);
extern bool console_intr_pending; /* a Ctrl-C waits for console_deliver_interrupt */

#endif

/* The console: output for printk and write, the input buffer and the
 * interrupt key (kernel/console.c). Any kernel file may include it. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void console_init(void);
void console_putc(char c);
void console_write(const char *s, size_t n);
void console_input_init(void (*on_input)(void), void (*on_intr)(void));
size_t console_take(char *buf, size_t n);
void console_arm_intr(bool armed);
void console_take_intr(void);     /* at a safe point: act on a pending Ctrl-C */
extern bool console_intr_pending; /* a Ctrl-C waits for the scheduler's safe point */

#endif

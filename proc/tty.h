/* The console as processes see it (proc/tty.c). Included by kmain and the
 * scheduler. */
#ifndef PROC_TTY_H
#define PROC_TTY_H

void tty_init(void);
void tty_deliver_interrupt(void);

#endif

/* The console as processes see it (proc/tty.c). Included by kmain. */
#ifndef PROC_TTY_H
#define PROC_TTY_H

void tty_init(void);

#endif

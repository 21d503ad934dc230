/* I/O port ranges as resources (proc/ioport.c). Included by kmain. */
#ifndef PROC_IOPORT_H
#define PROC_IOPORT_H

void ioport_init(void);

#endif

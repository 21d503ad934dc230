/*
 * sys/io.h - port I/O for user-level drivers (a process given ports with
 * ioattach, tender.h, or a device's I/O BAR, device.h): inb, outb, inw,
 * outw, inl, outl, and the string forms insw and outsw for PIO data
 * transfers, the kernel's own (arch/x86/portio.h). A port the process was
 * not given ends it with a general protection fault.
 */
#ifndef USER_SYS_IO_H
#define USER_SYS_IO_H

#include "arch/x86/portio.h"

#endif

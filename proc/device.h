/*
 * PCI functions as resources for user-level drivers (proc/device.c): boot
 * set-up and what a process's end and procmove owe its devices. Included
 * by kmain and proc/proc.c.
 */
#ifndef PROC_DEVICE_H
#define PROC_DEVICE_H

struct proc;
struct vspace;

void dev_init(void);
void dev_proc_ended(struct proc *p);
void dev_proc_moved(struct proc *p, struct vspace *from);

#endif

/*
 * Processes: the life cycle of a process resource (proc/proc.c: spawn,
 * exit, kill, wait, sbrk, faults, identity) and the HVS move. What a
 * process holds is proc/pcb.h. Included by proc/, kmain and the system-call
 * code that creates, moves or waits for processes.
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/types.h"
#include "proc/pcb.h"

struct vspace;

void proc_init(void);
int proc_env_inherit(struct proc *child, const struct proc *parent); /* proc/env.c */
void proc_env_free(struct proc *p);                                  /* proc/env.c */
int proc_spawn(struct proc *parent, const char *name, const char *path, int argc,
               char *const argv[], struct vspace *vs, uint16_t mode, struct proc **out);
void proc_exit(int status) __attribute__((noreturn));
void proc_kill(struct proc *p, int status);
int proc_move(struct proc *p, struct vspace *to);
int proc_wait(struct proc *caller, struct proc *child, int *status);
int proc_sbrk(struct proc *p, int32_t increment, vaddr_t *old_brk);
void proc_reap_orphans(void);
bool proc_fault_user_return(uint32_t vector);
void proc_set_identity(struct proc *p, uint16_t owner, uint16_t group);

#endif

/*
 * Signals of a process (proc/signal.c): what the rest of proc/ calls. The
 * per-process state, struct proc_sig, is part of the process control
 * block (proc/pcb.h).
 */
#ifndef PROC_SIGNAL_H
#define PROC_SIGNAL_H

struct proc;

void sig_init(void (*end)(struct proc *p, int status)); /* how a process is ended (proc_kill) */
void sig_proc_init(struct proc *p);     /* a new process: defaults, nothing blocked */
void sig_proc_end(struct proc *p);      /* p ends: nothing pending any more */
void sig_post(struct proc *p, int sig); /* the kernel sends sig to p (no rights asked) */
void sig_user_return(void);             /* user_return (proc/userret.c): run the handlers due */

#endif

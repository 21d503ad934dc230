/*
 * Processes: the process resource, its life cycle and the HVS operations on
 * it. Included by proc/, kernel/syscall code and ipc/.
 */
#ifndef PROC_PROC_H
#define PROC_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "ipc/ipc.h"
#include "kernel/resource.h"
#include "mm/vuspace.h"
#include "mm/vwin.h"
#include "proc/signal.h"

struct vspace;

struct proc {
    struct resource res;       /* owner/group are the process's identity */
    int state;                 /* PROC_READY .. PROC_ZOMBIE (kernel/abi/types.h) */
    uint32_t kesp;             /* saved kernel stack pointer while switched out */
    void *kstack;              /* CONFIG_KSTACK_SIZE bytes */
    struct uarea ua;           /* user memory; ua.vs is the current space */
    struct vuspace *heap;      /* NULL until the first sbrk */
    struct vuspace *stack;     /* grows down as it is touched, to CONFIG_USTACK_MAX */
    vaddr_t image_base;        /* the program's load address (it is linked at 0) */
    vaddr_t heap_start, brk;   /* the heap grows up to the memory there is */
    struct proc *parent;       /* NULL for init and orphans */
    struct proc *next;         /* run-queue link */
    const void *chan;          /* what a blocked process waits for */
    int status;                /* exit status once a zombie */
    uint32_t slice;            /* ticks left in its time slice */
    uint32_t wake_tick;        /* timed sleep: tick to wake at, 0 if none */
    uint32_t uticks, sticks;   /* CPU time: timer ticks that found it in user mode, in the kernel */
    uint32_t cuticks, csticks; /* the same of its children that ended and were waited for */
    bool timed_out;            /* the timed sleep ended by time */
    struct ipc_wait ipc;       /* container IPC: what a receiver waits for */
    struct arch_fpu fpu;       /* its own FPU registers (arch/x86/fpu.c) */
    struct arch_io io;         /* the I/O ports it may use (kernel/ioport.c) */
    struct vwin_att wins[PROC_WINS]; /* shared windows attached (mm/vwin.c) */
    uint8_t devices;                 /* devices it holds (proc/device.c); 0: exit, procmove skip */
    char *env;                 /* its environment (proc/env.c), NULL if empty */
    struct pipe_hold pipes[PROC_PIPES]; /* the pipe ends it holds (ipc/pipe.c) */
    uint16_t envlen;           /* bytes in env */
    struct proc_sig sig;       /* its signals (proc/signal.c) */
    uint32_t fix_start, fix_end, fix_resume; /* faultfix: a page fault at an eip in
                                  [fix_start, fix_end) resumes at fix_resume, EAX -EFAULT */
};

void proc_init(void);
int proc_env_inherit(struct proc *child, const struct proc *parent); /* proc/env.c */
void proc_env_free(struct proc *p);                                  /* proc/env.c */
#define to_proc(r) res_object((r), RT_PROC, struct proc)
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

#define PROC_PART_MODE RCC_OWNER(RCC_ALL) /* a process's regions and user spaces */

extern struct proc *proc_init_task; /* the first process: the machine stops with it */

#endif

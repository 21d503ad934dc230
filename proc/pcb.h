/*
 * The process control block: struct proc and the per-process state it
 * embeds that belongs to no other subsystem (its signals' struct proc_sig).
 * No code: proc/proc.c gives a process its life, proc/sched.c runs it,
 * proc/signal.c signals it; every file that only needs to know what a
 * process holds (the loader, devices, ports, the console, ipc/, mm's call
 * layer) includes this and not proc.h.
 */
#ifndef PROC_PCB_H
#define PROC_PCB_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "ipc/ipc.h"
#include "kernel/abi/signal.h"
#include "kernel/resource.h"
#include "mm/vuspace.h"
#include "mm/vwin.h"

struct vspace;

struct proc_sig {
    uint32_t pending; /* generated and not yet delivered (bit n: signal n) */
    uint32_t blocked; /* its mask; never SIGKILL or SIGSTOP */
    uint32_t saved;   /* the mask sigsuspend replaced, while suspended */
    bool suspended;   /* saved goes into the next signal frame */
    bool ready;       /* pending & ~blocked != 0, counted in signal.c */
    bool set;         /* act has been set: not all defaults (the slot's next process clears it) */
    struct ksigaction act[NSIG]; /* per signal; act[0] unused */
};

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
    struct vwin_holder wins;   /* shared windows attached (mm/vwin.c) */
    uint8_t devices;           /* devices it holds (proc/device.c); 0: exit, procmove skip */
    char *env;                 /* its environment (proc/env.c), NULL if empty */
    struct pipe_hold pipes[PROC_PIPES]; /* the pipe ends it holds (ipc/pipe.c) */
    bool pipepolling;                   /* asleep in pipepoll (ipc/pipe.c's pipe_pollers) */
    uint16_t envlen;                    /* bytes in env */
    struct proc_sig sig;                /* its signals (proc/signal.c) */
    uint32_t fix_start, fix_end, fix_resume; /* faultfix: a page fault at an eip in
                                   [fix_start, fix_end) resumes at fix_resume, EAX -EFAULT */
};

#define to_proc(r) res_object((r), RT_PROC, struct proc)
#define PROC_PART_MODE RCC_OWNER(RCC_ALL) /* a process's regions and user spaces */

extern struct proc *proc_init_task; /* the first process (proc/proc.c): the machine stops with it */

/* Does p have a signal to take, so that a blocking call must return
 * -EINTR? (Only caught signals are ever left pending and unblocked.) */
static inline bool
sig_interrupted(const struct proc_sig *s)
{
    return s->ready;
}

#endif

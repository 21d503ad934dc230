/*
 * Container IPC inside the kernel: container boxes (message queues with
 * waiting receivers) and containers (message buffers handed over whole).
 * Included by proc/ (a process's wait state and its teardown) and ipc/.
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/abi/ipc.h"
#include "kernel/resource.h"
#include "kernel/types.h"
#include "mm/frameset.h"

struct proc;
struct vspace;
struct cbox;

struct container {
    struct resource res;
    struct frameset fs;       /* its pages (fs.n), zero-filled at creation */
    uint32_t size;            /* in bytes; fs.n pages = size rounded up */
    vaddr_t va;               /* its place in the container window, for life */
    rid_t mapped;             /* space it is mapped into (may have died since), 0 if none */
    struct proc *holder;      /* process that holds it, NULL while queued */
    struct cbox *box;         /* box it is queued in, NULL when held */
    struct container *next;   /* queue link */
    struct cmsg msg;          /* what its holder is told (crecv, ccall, ccreate), kept ready:
                                 cont, addr, size from creation; reply (the box a ccall
                                 names), sender, sender_owner, sender_group stamped by send */
    uint32_t words[CMSG_WORDS]; /* the register form's words (ccallr), stamped by every
                                   send: 0 from any other call, so none is ever stale */
    bool pinned;              /* the kernel's notification (cont_notify): no process sends,
                                 deletes or reclaims it; when not out, it is with nobody */
};

struct cbox {
    struct resource res;
    struct container *head, *tail; /* queued containers, oldest first */
    uint32_t queued;
    struct proc *waiters;          /* receivers, oldest first (ipc_wait.next) */
    struct proc **waiters_tail;    /* the link the next waiter goes into: &waiters when none */
    uint32_t nwaiting;
    struct proc *creator;          /* CBOX_PRIVATE: deleted when this process ends */
};

struct ipc_wait {                  /* per process: a receive in progress */
    struct cbox *box;              /* box it waits on, NULL if none */
    struct proc *next;             /* next waiter on that box */
    struct container *got;         /* handed over by a sender */
    int err;                       /* or the error that ended the wait */
    uint32_t held;                 /* containers this process holds */
};

struct pipe;
#define PROC_PIPES 16  /* pipe ends a process holds at once */
struct pipe_hold {     /* per process: one held end of a pipe (ipc/pipe.c) */
    struct pipe *pipe; /* NULL: a free entry */
    uint8_t end;       /* PIPE_READ or PIPE_WRITE */
    uint8_t inherit;   /* copied to children at proccreate */
};

void ipc_init(void);
void pipe_init(void);
void pipe_inherit(struct proc *child, const struct proc *parent);
void pipe_proc_ended(struct proc *p);
int pipe_events(struct proc *caller, rid_t rid, int end, unsigned events);
void pipe_poll_sleep(struct proc *caller, int32_t ticks);
int cont_create(struct proc *caller, uint32_t size, struct container **out);
void cont_destroy(struct container *c);
int cont_prepare_follow(struct proc *p, struct vspace *to);
void cont_follow(struct proc *p);
void cont_release_all(struct proc *p);
void ipc_identity_changed(struct proc *p);
void cbox_identity_changed(struct proc *p);
int cont_create_pinned(struct proc *caller, struct container **out);
void cont_notify(struct container *c, struct cbox *b, rid_t sender);
void cont_recall(struct container *c);
bool cont_is_out(const struct container *c);
#define to_container(r) res_object((r), RT_CONTAINER, struct container)
#define to_cbox(r) res_object((r), RT_CBOX, struct cbox)
int cbox_create(struct proc *caller, const char *name, uint16_t mode, struct cbox **out);
void cbox_destroy(struct cbox *b);
void cbox_send(struct cbox *b, struct container *c, rid_t reply);
void cbox_notify(struct cbox *b,
                 struct container *c); /* the kernel's notice; its receiver runs first */
void cbox_release_private(struct proc *p);
void cbox_unqueue(struct container *c);
int cbox_recv(struct proc *p, struct cbox *b, int timeout_ms, struct container **out);
void cbox_cancel_wait(struct proc *p);

#endif

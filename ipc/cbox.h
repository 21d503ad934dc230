/*
 * The queue work of a send and a receive, inline because every IPC call
 * does it and a call (cbox_call) is both: the system-call handlers
 * (ipc/ipcsys.c) run the round trip without a call into ipc/cbox.c. The
 * model and the invariants are ipc/cbox.c's; nothing here is a second
 * path: cbox_send and cbox_recv are these same bodies.
 * Included by ipc/ only, after proc/proc.h.
 */
#ifndef IPC_CBOX_H
#define IPC_CBOX_H
#include <stdbool.h>
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "ipc/cont.h"
#include "ipc/ipc.h"
#include "proc/pcb.h"
#include "proc/sched.h"

#define CBOX_MS_PER_S 1000

int cbox_take_queued(struct proc *p, struct cbox *b, struct container **out);
void cbox_unlink_waiter(struct cbox *b, struct proc *p);

/* Take the oldest waiting receiver off b's queue (there is one). Its
 * ipc.next is left as it was: only a queued process's link is ever read,
 * and recv sets it when it joins a queue. */
static ALWAYS_INLINE struct proc *
cbox_pop_waiter(struct cbox *b)
{
    struct proc *p = b->waiters;

    if (!(b->waiters = p->ipc.next))
        b->waiters_tail = &b->waiters;
    b->nwaiting--;
    p->ipc.box = NULL;
    return p;
}

/* Send c (taken from its holder) to b, naming reply as the box to answer.
 * With direct, a blocked receiver that gets c is left blocked and returned:
 * the caller runs it (recv's next). Returns that receiver, or NULL (c
 * queued, or its receiver made runnable). */
static ALWAYS_INLINE struct proc *
cbox_send_to(struct cbox *b, struct container *c, rid_t reply, bool direct)
{
    c->msg.reply = reply;
    while (b->waiters) { // cont_give moves c from its holder to the receiver
        struct proc *p = cbox_pop_waiter(b);
        if (cont_give(c, p) < 0) { // no memory to map it there: that receiver fails
            p->ipc.err = -ENOMEM;
            sched_wake(p);
            continue;
        }
        p->ipc.got = c;
        if (direct && p->state == PROC_BLOCKED)
            return p; // (not a timed-out waiter, runnable already)
        sched_wake(p);
        return NULL;
    }
    cont_set_holder(c, NULL);
    c->box = b;
    c->next = NULL;
    if (b->tail)
        b->tail->next = c;
    else
        b->head = c;
    b->tail = c;
    b->queued++;
    return NULL;
}

/* cbox_recv, where next (if not NULL) is a receiver send left blocked: it
 * runs at once if p waits, else it is made runnable. */
static ALWAYS_INLINE int
cbox_recv_from(struct proc *p, struct cbox *b, int timeout_ms, struct container **out, struct proc *next)
{
    int32_t ticks = -1;
    int err;

    if (b->head || timeout_ms == 0) {
        if (next)
            sched_wake(next);
        return b->head ? cbox_take_queued(p, b, out) : -EAGAIN;
    }
    p->ipc.box = b;
    p->ipc.got = NULL;
    p->ipc.err = 0;
    p->ipc.next = NULL;
    *b->waiters_tail = p;
    b->waiters_tail = &p->ipc.next;
    b->nwaiting++;
    if (timeout_ms > 0)
        ticks = (int32_t)(((uint64_t)timeout_ms * CONFIG_TIMER_HZ + CBOX_MS_PER_S - 1) / CBOX_MS_PER_S);
    err = sched_sleep_to(b, ticks, next);
    if (p->ipc.got) { // a sender came first, even if the time ran out meanwhile
        *out = p->ipc.got;
        p->ipc.got = NULL;
        return 0;
    }
    if (p->ipc.box) // still queued: timed out
        cbox_unlink_waiter(p->ipc.box, p);
    return p->ipc.err ? p->ipc.err : (err ? err : -EINTR);
}

/* A call: cbox_send(b, c, reply), then cbox_recv(p, rb, timeout_ms, out),
 * with one difference: a receiver that was waiting in b, blocked, gets c
 * and, when p then waits, the CPU at once (sched_sleep_to's next): no run
 * queue, no pick. Returns as cbox_recv. */
static ALWAYS_INLINE int
cbox_call(struct proc *p, struct cbox *b, struct container *c, rid_t reply, struct cbox *rb,
          int timeout_ms, struct container **out)
{
    return cbox_recv_from(p, rb, timeout_ms, out, cbox_send_to(b, c, reply, true));
}

#endif

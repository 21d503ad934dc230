/*
 * Container boxes: FIFO queues of containers with FIFO queues of waiting
 * receivers.
 *
 * A send to a box with a waiting receiver hands the container straight to
 * the oldest one (mapped into its space, made runnable); otherwise the
 * container joins the queue, still mapped where its sender left it. A
 * receive takes the oldest queued container or waits, forever, for a time
 * or not at all. A call (cbox_call: send, then receive the answer) that
 * hands its container to a blocked receiver and then waits gives that
 * receiver the CPU directly (the IPC fast path: no run queue, no pick, the
 * rest of the time slice goes with it); both halves are otherwise exactly
 * a send and a receive, so FIFO order, time-outs and errors are theirs.
 * Deleting a box frees its queued containers and wakes its receivers with
 * -EINTR; a receiver that dies or times out leaves the queue.
 * Invariants: a box has queued containers or waiting receivers, never both;
 * a process waits on at most one box (its ipc.box); waiters_tail is the
 * link of the last waiter (&waiters when none), so a receiver joins the
 * queue without walking it.
 * A box made with CBOX_PRIVATE (a client's reply box, say) is deleted when
 * the process that made it ends, so a killed client leaves none behind.
 * The queue work of a send and a receive is inline in ipc/cbox.h (the
 * round trip's handlers run it without a call into this file); cbox_send,
 * cbox_notify and cbox_recv are those same bodies.
 * Public: cbox_init, cbox_create, cbox_destroy, cbox_send, cbox_notify, cbox_unqueue,
 * cbox_identity_changed, cbox_recv, cbox_take_queued, cbox_unlink_waiter,
 * cbox_cancel_wait, cbox_release_private (cbox_call is in ipc/cbox.h).
 */
#include <stddef.h>

#include "ipc/cont.h"
#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/panic.h"
#include "ipc/cbox.h"
#include "ipc/cont.h"
#include "ipc/ipc.h"
#include "proc/pcb.h"
#include "proc/sched.h"

static struct cbox cbox_table[CONFIG_NR_CBOX];
static struct res_pool cbox_pool;

/* resdelete (and resreclaim, caller NULL) of a box. */
static int
cbox_delete(struct proc *caller UNUSED, struct resource *r)
{
    cbox_destroy(to_cbox(r));
    return 0;
}

static void
cbox_info(const struct resource *r, struct res_info *out)
{
    const struct cbox *b = to_cbox(r);

    out->u.cbox.queued = b->queued;
    out->u.cbox.waiting = b->nwaiting;
}

static const struct res_ops cbox_ops = {
    .name = "cbox", .info = cbox_info, .destroy = cbox_delete, .reclaim_pass = 2};

/* Register the box pool (called by ipc_init). */
void
cbox_init(void)
{
    RES_POOL_START(cbox_pool, RT_CBOX, &cbox_ops, cbox_table);
}

/* Create an empty box owned by the caller. Returns its rid or a table error. */
int
cbox_create(struct proc *caller, const char *name, uint16_t mode, struct cbox **out)
{
    struct resource *r;
    int rid = res_alloc(&cbox_pool, name, caller->res.owner, caller->res.group, mode, &r);

    if (rid >= 0) {
        *out = to_cbox(r);
        (*out)->waiters_tail = &(*out)->waiters;
    }
    return rid;
}

/* Take p off b's queue of waiting receivers (a wait that timed out or
 * ended). */
void
cbox_unlink_waiter(struct cbox *b, struct proc *p)
{
    for (struct proc **pp = &b->waiters; *pp; pp = &(*pp)->ipc.next) {
        if (*pp == p) {
            *pp = p->ipc.next;
            if (b->waiters_tail == &p->ipc.next) // it was the last
                b->waiters_tail = pp;
            b->nwaiting--;
            break;
        }
    }
    p->ipc.next = NULL;
    p->ipc.box = NULL;
}

/* Delete the box: free what is queued (a pinned container goes home
 * instead), wake every receiver with -EINTR. */
void
cbox_destroy(struct cbox *b)
{
    for (struct container *c = b->head, *next; c; c = next) {
        next = c->next;
        if (c->pinned) {
            c->box = NULL;
            c->next = NULL;
        } else {
            cont_destroy(c);
        }
    }
    b->head = b->tail = NULL;
    while (b->waiters) {
        struct proc *p = cbox_pop_waiter(b);
        p->ipc.err = -EINTR;
        sched_wake(p);
    }
    res_free(&b->res);
}

/* p ends: delete the private boxes it made. */
void
cbox_release_private(struct proc *p)
{
    for (struct resource *r = res_next(RT_CBOX, NULL), *next; r; r = next) {
        next = res_next(RT_CBOX, r);
        if (to_cbox(r)->creator == p)
            cbox_destroy(to_cbox(r));
    }
}

/* p has a new identity: the private boxes it made take it too. */
void
cbox_identity_changed(struct proc *p)
{
    for (struct resource *r = res_next(RT_CBOX, NULL); r; r = res_next(RT_CBOX, r))
        if (to_cbox(r)->creator == p)
            r->owner = p->res.owner, r->group = p->res.group;
}

/* Take c out of the queue of the box it waits in, if any. */
void
cbox_unqueue(struct container *c)
{
    struct cbox *b = c->box;
    struct container *prev = NULL;

    if (!b)
        return;
    for (struct container *q = b->head; q; prev = q, q = q->next) {
        if (q != c)
            continue;
        if (prev)
            prev->next = c->next;
        else
            b->head = c->next;
        if (b->tail == c)
            b->tail = prev;
        b->queued--;
        break;
    }
    c->box = NULL;
    c->next = NULL;
}

/* Send c (taken from its holder) to b, naming reply as the box to answer. */
void
cbox_send(struct cbox *b, struct container *c, rid_t reply)
{
    cbox_send_to(b, c, reply, false);
}

/* Send the kernel's notice c to b (no reply box); a receiver waiting for
 * it runs before everything queued (sched_wake_first): an interrupt's
 * driver does not wait out another process's time slice. */
void
cbox_notify(struct cbox *b, struct container *c)
{
    struct proc *receiver = cbox_send_to(b, c, 0, true); // left blocked: we wake it

    if (receiver)
        sched_wake_first(receiver);
}

/* Give p the oldest container queued in b (there is one). Returns 0 or
 * -ENOMEM (then it stays queued). */
int
cbox_take_queued(struct proc *p, struct cbox *b, struct container **out)
{
    struct container *c = b->head;
    int err;

    if ((err = cont_give(c, p)) < 0)
        return err;
    b->head = c->next;
    if (!b->head)
        b->tail = NULL;
    b->queued--;
    c->next = NULL;
    *out = c;
    return 0;
}

/* Receive from b into *out for process p (the caller): the oldest queued
 * container, or wait for one: timeout_ms < 0 forever, 0 not at all. Returns
 * 0, -EAGAIN (nothing and no wait), -ETIMEDOUT, -EINTR (box deleted),
 * -ENOMEM. */
int
cbox_recv(struct proc *p, struct cbox *b, int timeout_ms, struct container **out)
{
    return cbox_recv_from(p, b, timeout_ms, out, NULL);
}

/* p is ending or being killed: take it off the box it waits on. */
void
cbox_cancel_wait(struct proc *p)
{
    if (p->ipc.box)
        cbox_unlink_waiter(p->ipc.box, p);
}

/*
 * A container's hand-over from one holder to the next, inline because
 * every send and receive does it (the IPC fast path inside one space is
 * nothing more): cont_set_holder and cont_give. Re-mapping into another
 * space stays in ipc/container.c (cont_move_mapping). Included by ipc/
 * only, after proc/proc.h.
 */
#ifndef IPC_CONT_H
#define IPC_CONT_H

#include "ipc/ipc.h"
#include "mm/vspace.h"
#include "proc/pcb.h"

int cont_move_mapping(struct container *c, struct vspace *to, bool may_copy);

/* Make p (or nobody) the holder of c, keeping every process's count of held
 * containers, which lets exit and procmove skip the table when it is zero. */
static inline void
cont_set_holder(struct container *c, struct proc *p)
{
    if (c->holder)
        c->holder->ipc.held--;
    c->holder = p;
    if (p)
        p->ipc.held++;
}

/* Hand c to process to: mapped into its space, owned by its owner. Returns 0
 * or -ENOMEM (then c is unchanged). Inside one space, and for a 0-byte
 * container anywhere, no page-table entry is written. */
static inline int
cont_give(struct container *c, struct proc *to)
{
    int err;

    if (c->mapped != to->ua.vs->res.rid) {
        if (!c->fs.n) // a 0-byte container has no page to move: it is "mapped" anywhere
            c->mapped = to->ua.vs->res.rid;
        else if ((err = cont_move_mapping(c, to->ua.vs, true)) < 0)
            return err;
    }
    cont_set_holder(c, to);
    c->box = NULL;
    c->res.owner = to->res.owner;
    c->res.group = to->res.group;
    return 0;
}

#endif

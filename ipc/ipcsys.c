/*
 * The container IPC system calls. Rights (DESIGN §3): ATT on a box to send
 * to it, REF to receive from it; a container is sent, used and deleted only
 * by the process holding it (and its owner needs MOD to send it).
 *   cbcreate(name, mod)                  a new box owned by the caller
 *   ccreate(size, out)                   a new container, held and mapped
 *   csend(box, cont)                     hand a held container to a box
 *   crecv(box, out, timeout_ms)          take one, waiting if asked to
 *   ccall(box, cont, reply, out, tmo)    csend then crecv(reply): a round
 *                                        trip in two kernel entries
 * Public: sys_cbcreate, sys_ccreate, sys_csend, sys_crecv, sys_ccall, and the
 * resource operations ipc_info/ipc_destroy used by kernel/ressys.c.
 */
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/rcc.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "ipc/ipc.h"
#include "proc/proc.h"

/* Create a box; with CBOX_PRIVATE in mod it is deleted when the caller
 * ends. Returns its rid, -EFAULT, -EINVAL, -EEXIST, -ENFILE. */
int
sys_cbcreate(struct proc *caller, const char *name, unsigned mod)
{
    char kname[RES_NAME_MAX];
    struct cbox *b;
    int rid, err = res_user_args(name, mod & ~CBOX_PRIVATE, kname);

    if (err < 0)
        return err;
    if ((rid = cbox_create(caller, kname, (uint16_t)(mod & ~CBOX_PRIVATE), &b)) >= 0 &&
        (mod & CBOX_PRIVATE))
        b->creator = caller;
    return rid;
}

static int
describe(struct container *c, struct cmsg *out)
{
    struct cmsg m = {c->res.rid, c->va, c->size, c->reply, c->sender, c->sender_owner,
                     c->sender_group};

    return copyout(out, &m, sizeof(m));
}

/* Create a container of size bytes mapped into the caller; *out describes it.
 * Returns its rid, -EINVAL (size), -ENOMEM, -ENFILE or -EFAULT (then nothing
 * is left behind). */
int
sys_ccreate(struct proc *caller, uint32_t size, struct cmsg *out)
{
    struct container *c;
    int rid, err;

    if ((rid = cont_create(caller, size, &c)) < 0)
        return rid;
    if ((err = describe(c, out)) < 0) {
        cont_destroy(c);
        return err;
    }
    return rid;
}

static int
get_held(struct proc *caller, rid_t cont, struct container **out)
{
    struct resource *r;
    int err;

    if ((err = res_get(caller, cont, RT_CONTAINER, RCC_MOD, &r)) < 0)
        return err;
    if (to_container(r)->holder != caller)
        return -EPERM; // queued in a box, or held by another process
    *out = to_container(r);
    return 0;
}

static int
send(struct proc *caller, rid_t box, rid_t cont, rid_t reply)
{
    struct resource *b;
    struct container *c;
    int err;

    if ((err = res_get(caller, box, RT_CBOX, RCC_ATT, &b)) < 0 ||
        (err = get_held(caller, cont, &c)) < 0)
        return err;
    c->sender = caller->res.rid; // the receiver's proof of who asked (DESIGN §5 "Identity")
    c->sender_owner = caller->res.owner;
    c->sender_group = caller->res.group;
    cbox_send(to_cbox(b), c, reply);
    return 0;
}

/* Send a held container to box. Returns 0 or a lookup/right error. */
int
sys_csend(struct proc *caller, rid_t box, rid_t cont)
{
    return send(caller, box, cont, 0);
}

static int
receive(struct proc *caller, struct cbox *b, struct cmsg *out, int timeout_ms)
{
    struct container *c;
    struct cmsg probe = {0};
    int err;

    if ((err = copyout(out, &probe, sizeof(probe))) < 0) // fail before taking anything
        return err;
    if ((err = cbox_recv(caller, b, timeout_ms, &c)) < 0)
        return err;
    if ((err = describe(c, out)) < 0)
        return err; // cannot happen after the probe, unless the caller unmapped out
    return c->res.rid;
}

/* Receive from box into *out. Returns the container's rid, -EAGAIN,
 * -ETIMEDOUT, -EINTR (box deleted), -EFAULT or a lookup/right error. */
int
sys_crecv(struct proc *caller, rid_t box, struct cmsg *out, int timeout_ms)
{
    struct resource *b;
    int err;

    if ((err = res_get(caller, box, RT_CBOX, RCC_REF, &b)) < 0)
        return err;
    return receive(caller, to_cbox(b), out, timeout_ms);
}

/* Send cont to box naming reply_box, then receive from reply_box. */
int
sys_ccall(struct proc *caller, rid_t box, rid_t cont, rid_t reply_box, struct cmsg *out,
          int timeout_ms)
{
    struct resource *rb;
    int err;

    if ((err = res_get(caller, reply_box, RT_CBOX, RCC_REF, &rb)) < 0)
        return err; // check both ends before the send commits
    if ((err = send(caller, box, cont, reply_box)) < 0)
        return err;
    return receive(caller, to_cbox(rb), out, timeout_ms);
}

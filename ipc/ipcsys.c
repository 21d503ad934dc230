/*
 * The container IPC system calls. Rights (DESIGN §3, §5 "Who may
 * receive"): ATT on a box to send to it, REF to receive from it; a
 * container is sent, used and deleted only by the process holding it (and
 * its owner needs MOD to send it). A ccall names a reply box the caller
 * may receive from (REF), never the box it sends to (-EINVAL); whoever
 * receives the container then holds a one-shot right to answer: to send
 * that container into that reply box, whatever the box's mode (like seL4's
 * reply capability). The right is the container's msg.reply and ends with
 * the container's next send, wherever it goes; an answer carries no right
 * of its own (msg.reply 0), so a server's "answer, take the next" ccall
 * gives its client nothing to send back with. A server's box thus never
 * needs to grant REF to anyone, and no answer can land in the box a
 * request came through.
 *   cbcreate(name, mod)                  a new box owned by the caller
 *   ccreate(size, out)                   a new container, held and mapped
 *   csend(box, cont)                     hand a held container to a box
 *   crecv(box, out, timeout_ms)          take one, waiting if asked to
 *   ccall(box, cont, reply, out, tmo)    csend then crecv(reply): a round
 *                                        trip in two kernel entries
 *   ccallr(box, cont, reply, tmo)        ccall with two words and the
 *                                        answer in registers (call 90)
 * The fast path (issue 11) is the ordinary path made short, not a second
 * one: each object is looked up once through the inline door
 * (res_get_inline: the same checks and errors as res_get; the reply right
 * is one compare that picks the lookup without a mode check), the answer's
 * place is checked once before anything is taken or sent (ccall checks its
 * reply box and out before the send commits, so a refused call leaves the
 * container with the caller), a receiver already waiting in the box gets
 * the container and the CPU at once (cbox_call), and the answer is written
 * from the container's ready-made struct cmsg without a second page walk
 * unless a mapping changed while the caller waited (copyout_kept).
 * Both ccall forms run one body (call): the register form only takes its
 * words from, and gives its answer to, the caller's entry frame
 * (arch_msg_words_get, arch_msg_answer_set) instead of a struct cmsg.
 * Public: sys_cbcreate, sys_ccreate, sys_csend, sys_crecv, sys_ccall, sys_ccallr, and the
 * resource operations ipc_info/ipc_destroy used by kernel/ressys.c.
 */
#include <stdbool.h>
#include <stddef.h>

#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/compiler.h"
#include "kernel/rcc.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "ipc/cbox.h"
#include "ipc/ipc.h"
#include "proc/pcb.h"

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

static ALWAYS_INLINE int
describe(struct container *c, struct cmsg *out)
{
    return copyout(out, &c->msg, sizeof(c->msg));
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

static ALWAYS_INLINE int
get_held(struct proc *caller, rid_t cont, struct container **out)
{
    struct resource *r;
    int err;

    if ((err = res_get_inline(caller, cont, RT_CONTAINER, RCC_MOD, &r)) < 0)
        return err;
    if (to_container(r)->holder != caller || to_container(r)->pinned)
        return -EPERM; // queued in a box, held by another process, or the kernel's
    *out = to_container(r);
    return 0;
}

/* What every send checks: cont held by the caller, and either ATT on box
 * or, when box is the reply box of the call that brought cont (*answer),
 * only that the box exists: the one-shot reply right. The container is
 * stamped with the sender (DESIGN §5 "Identity": the receiver's proof of
 * who asked, which no sender can forge) and with the register form's
 * words, 0 when words is NULL (any other call), so a receiver never sees
 * words an earlier sender left. */
static ALWAYS_INLINE int
prepare_send(struct proc *caller, rid_t box, rid_t cont, const uint32_t *words, struct cbox **b,
             struct container **c, bool *answer)
{
    struct resource *r;
    int err;

    if ((err = get_held(caller, cont, c)) < 0 || (err = res_lookup_inline(box, RT_CBOX, &r)) < 0)
        return err;
    *answer = box == (*c)->msg.reply; // (box is live, so not 0: no right to nowhere)
    if (!*answer && (err = rcc_check_inline(r->mode, r->owner, r->group, caller->res.owner,
                                            caller->res.group, RCC_ATT)) < 0)
        return err;
    *b = to_cbox(r);
    (*c)->msg.sender = caller->res.rid;
    (*c)->msg.sender_owner = caller->res.owner;
    (*c)->msg.sender_group = caller->res.group;
    (*c)->words[0] = words ? words[0] : 0;
    (*c)->words[1] = words ? words[1] : 0;
    return 0;
}

/* Send a held container to box. Returns 0 or a lookup/right error. */
int
sys_csend(struct proc *caller, rid_t box, rid_t cont)
{
    struct cbox *b;
    struct container *c;
    bool answer;
    int err;

    if ((err = prepare_send(caller, box, cont, NULL, &b, &c, &answer)) < 0)
        return err;
    cbox_send(b, c, 0);
    return 0;
}

/* The end of a receive: c was taken (err 0) for out, which the caller
 * checked (into *ok: so that nothing is taken for an answer it cannot give,
 * and the answer needs no second check unless a mapping changed while it
 * waited). Returns c's rid, or err, or -EFAULT. */
static ALWAYS_INLINE int
received(int err, struct container *c, struct cmsg *out, const struct user_check *ok)
{
    if (err < 0)
        return err;
    if (copyout_kept(out, &c->msg, sizeof(c->msg), ok) < 0)
        return -EFAULT; // out was unmapped while it waited: the container is held all the same
    return c->res.rid;
}

/* Receive from box into *out. Returns the container's rid, -EAGAIN,
 * -ETIMEDOUT, -EINTR (box deleted), -EFAULT or a lookup/right error. */
int
sys_crecv(struct proc *caller, rid_t box, struct cmsg *out, int timeout_ms)
{
    struct resource *b;
    struct container *c;
    struct user_check ok;
    int err;

    if ((err = res_get_inline(caller, box, RT_CBOX, RCC_REF, &b)) < 0 ||
        (err = user_range_check_kept(out, sizeof(*out), true, &ok)) < 0)
        return err;
    err = cbox_recv(caller, to_cbox(b), timeout_ms, &c);
    return received(err, c, out, &ok);
}

/* The one body of both ccall forms: send cont to box naming reply_box,
 * then receive from reply_box into *got. The reply box (REF, and not box
 * itself: -EINVAL) and, for the container form, out (checked into *ok) are
 * checked before the send commits, so an error leaves the container with
 * the caller. A send that answers a call (prepare_send) names no reply box:
 * the answer carries no right. A receiver waiting in box gets the container
 * and the CPU at once (cbox_call). words: the register form's (out
 * unused), or NULL for the container form (out checked). Returns 0, or an
 * error as csend, then as crecv. */
static ALWAYS_INLINE int
call(struct proc *caller, rid_t box, rid_t cont, rid_t reply_box, const uint32_t *words,
     struct cmsg *out, struct user_check *ok, int timeout_ms, struct container **got)
{
    struct resource *rb;
    struct cbox *b;
    struct container *c;
    bool answer;
    int err;

    if ((err = res_get_inline(caller, reply_box, RT_CBOX, RCC_REF, &rb)) < 0)
        return err;
    if (reply_box == box)
        return -EINVAL; // its answer would come back as a request
    if ((!words && (err = user_range_check_kept(out, sizeof(*out), true, ok)) < 0) ||
        (err = prepare_send(caller, box, cont, words, &b, &c, &answer)) < 0)
        return err;
    return cbox_call(caller, b, c, answer ? 0 : reply_box, to_cbox(rb), timeout_ms, got);
}

/* ccall, the container form: the answer's struct cmsg goes to *out.
 * Returns the container's rid, or as csend, then as crecv. */
int
sys_ccall(struct proc *caller, rid_t box, rid_t cont, rid_t reply_box, struct cmsg *out,
          int timeout_ms)
{
    struct container *c;
    struct user_check ok;
    int err = call(caller, box, cont, reply_box, NULL, out, &ok, timeout_ms, &c);

    return received(err, c, out, &ok);
}

/* ccallr, the register form (kernel/abi/ipc.h): the same call with the
 * caller's words (EDI, EBP) stamped on cont, and the answer in registers
 * instead of a struct cmsg in memory: nothing of the caller's memory is
 * read or written. The registers change only when a container was taken,
 * and only the caller's own. Returns the container's rid, or as ccall. */
int
sys_ccallr(struct proc *caller, rid_t box, rid_t cont, rid_t reply_box, int timeout_ms)
{
    void *kstack_top = (char *)caller->kstack + CONFIG_KSTACK_SIZE;
    uint32_t words[CMSG_WORDS];
    struct container *c;
    int err;

    arch_msg_words_get(kstack_top, words);
    if ((err = call(caller, box, cont, reply_box, words, NULL, NULL, timeout_ms, &c)) < 0)
        return err;
    arch_msg_answer_set(kstack_top, (uint32_t)c->msg.reply, (uint32_t)c->msg.sender, c->words);
    return c->res.rid;
}

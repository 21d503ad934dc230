/*
 * ipc.h - Tender's container IPC (message passing by container boxes).
 *
 * A container box is a named resource holding a FIFO queue of containers
 * and a FIFO queue of waiting receivers. A container is a message buffer of
 * 0..CONT_SIZE_MAX bytes that moves whole from process to process: it has
 * one address for life, and is mapped into the space of whoever holds it.
 * Inside one space a hand-over copies nothing and maps nothing; across
 * spaces the kernel re-maps the container's pages. After csend/ccall the
 * sender must not touch the container again (across spaces it is gone from
 * the sender's space; inside one it is the receiver's).
 *
 * Rights (RCC): ATT on a box to send to it, REF to receive from it, DEL to
 * delete it (receivers then get -EINTR, queued containers are freed). A
 * container is sent and deleted (resdelete) only by the process holding it.
 * A container a process still holds when it ends is freed.
 * Answers: ccall's reply box must be one the caller may receive from (REF)
 * and not the box it calls (-EINVAL). Whoever receives that container may
 * send it back into out->reply once, whatever that box's mode: the answer
 * (csend(m.reply, m.cont), or ccall(m.reply, m.cont, mybox, ...) to answer
 * and take the next request). So a server's box grants others ATT only,
 * and a client's reply box its owner only; an answer itself carries no
 * reply right (its out->reply is 0).
 *
 * Errors: calls that return a rid_t (cbcreate, ccreate, crecv, ccall) return
 * the negative errno itself and set errno; csend returns -1 with errno.
 *   -EPERM     right missing, or the container is not held by the caller
 *   -ENOENT    unknown or stale id; -EINVAL wrong type or size
 *   -EAGAIN    IPC_POLL and nothing queued; -ETIMEDOUT time-out
 *   -EINTR     the box was deleted while waiting; -EFAULT bad pointer
 *
 *   rid_t b = cbcreate("server", RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_ATT));
 *   struct cmsg m;                  // server: crecv(b, &m, IPC_FOREVER), answer
 *   rid_t c = ccreate(100, &m);     // with ccall(m.reply, m.cont, b, &m, ...)
 *   strcpy(cmsg_data(&m), "hello");
 *   ccall(server, c, myreplybox, &m, IPC_FOREVER);   // one round trip,
 *                                                    // two kernel entries
 *
 * ccallr is ccall in registers: two words travel with the container and the
 * answer comes back in a struct creg, no struct cmsg in memory; with a
 * 0-byte container it is a short message of two words.
 */
#ifndef USER_IPC_H
#define USER_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi/ipc.h"

/* Create a container box named name ("" for none) with RCC mode mod. */
rid_t cbcreate(const char *name, unsigned mod);

/* Create a zero-filled container of size bytes, held by the caller and
 * mapped into its space; *out says where. Returns its rid. */
rid_t ccreate(size_t size, struct cmsg *out);

/* Hand the held container cont to box. Returns 0, or -1 with errno. */
int csend(rid_t box, rid_t cont);

/* Take the oldest container from box (waiting up to timeout_ms; IPC_FOREVER,
 * IPC_POLL); *out describes it, out->reply is the box a ccall sender waits
 * on. Returns the container's rid. */
rid_t crecv(rid_t box, struct cmsg *out, int timeout_ms);

/* csend(box, cont) naming reply_box for the answer, then crecv(reply_box):
 * a client's round trip, or a server's "answer this, take the next". The
 * reply box and out are checked first: if either is refused nothing is sent.
 * A receiver already waiting in box runs at once (the IPC fast path). */
rid_t ccall(rid_t box, rid_t cont, rid_t reply_box, struct cmsg *out, int timeout_ms);

/* ccallr's message: CMSG_WORDS words that travel in registers (in: what is
 * sent; out: what the answer or request brought), and the reply box and
 * sender of the container it brought, as struct cmsg's. */
struct creg {
    uint32_t w[CMSG_WORDS];
    rid_t reply;  /* as cmsg.reply: the box to answer into, or 0 */
    rid_t sender; /* as cmsg.sender: stamped by the kernel */
};

/* ccall in registers: the same call (rights, reply right, queues, time-outs,
 * errors, the hand-off to a waiting receiver), but m->w travels with cont
 * in registers and the answer comes back into *m from registers: no struct
 * cmsg is written, and the kernel reads and writes none of the caller's
 * memory. On an error *m is untouched. Any receive sees the container;
 * only a ccallr receive sees its words (a container sent by csend or ccall
 * carries words of 0). A 0-byte container carries the words alone: the
 * short-message form, no page mapped anywhere.
 *   struct creg m = {.w = {op, arg}};
 *   c = ccallr(server, c, myreplybox, IPC_FOREVER, &m);  // m.w: the answer */
rid_t ccallr(rid_t box, rid_t cont, rid_t reply_box, int timeout_ms, struct creg *m);

/* The bytes of a container the caller holds. */
static inline void *
cmsg_data(const struct cmsg *m)
{
    return (void *)(uintptr_t)m->addr;
}

#endif

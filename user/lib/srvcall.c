/*
 * user/lib/srvcall.c - one round trip to a user-level server, as the file
 * server (omfsc.c) and the network server (sockc.c) are reached.
 *
 * A client has a private reply box (CBOX_PRIVATE: it goes when the process
 * ends) and keeps its request containers for reuse, one per size class,
 * because a server answers in the container it got: a request is written
 * into the container, ccall hands it over and the answer comes back in the
 * same bytes, at the same address (a container keeps its address for
 * life). Size classes keep a small request from paying to move a large
 * container between spaces. The first call finds the server's box; a
 * server that went away is looked for again at the next call. A caught
 * signal does not cut a request short: once it is sent the server acts on
 * it, so when the wait for the answer fails with -EINTR (the handler has
 * run by then) the answer is waited for again. A container the client did
 * not expect in its box (a stray) is deleted, not taken for the answer.
 * Invariant: conts[c] is a container of class_pages[c] pages the client
 * holds, or cont 0; after a failed call its container is never reused.
 * Public: srvcall_msg, srvcall_call.
 */
#include <errno.h>
#include <ipc.h>
#include <string.h>
#include <tender.h>

#include "user/lib/srvcall.h"

#define PAGE 4096

/* See srvcall.h. */
void *
srvcall_msg(struct srvcall *s, uint32_t data, uint8_t **payload)
{
    int c = 0;

    while (c < s->nclasses && (uint32_t)s->class_pages[c] * PAGE - s->hdr < data)
        c++;
    if (c == s->nclasses)
        return NULL;
    if (s->conts[c].cont <= 0 && ccreate((size_t)s->class_pages[c] * PAGE, &s->conts[c]) < 0) {
        s->conts[c].cont = 0;
        return NULL;
    }
    s->current = c;
    uint8_t *m = cmsg_data(&s->conts[c]);
    memset(m, 0, s->hdr);
    if (payload)
        *payload = m + s->hdr;
    return m;
}

/* The next container in our reply box, however many signals come first. */
static rid_t
next_answer(const struct srvcall *s, struct cmsg *got)
{
    rid_t r;

    while ((r = crecv(s->reply_box, got, IPC_FOREVER)) == -EINTR)
        ;
    return r;
}

static int
connect(struct srvcall *s)
{
    if (s->server <= 0 && (s->server = resfind(RT_CBOX, s->box)) < 0) {
        s->server = 0;
        return -ENOENT;
    }
    if (s->reply_box <= 0 && (s->reply_box = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) < 0) {
        int err = s->reply_box;
        s->reply_box = 0;
        return err;
    }
    return 0;
}

/* See srvcall.h. */
int
srvcall_call(struct srvcall *s, void *m)
{
    int c = s->current, err;
    struct cmsg got;

    if (c < 0 || cmsg_data(&s->conts[c]) != m)
        return -EINVAL;
    if ((err = connect(s)) < 0)
        return err;
    rid_t r = ccall(s->server, s->conts[c].cont, s->reply_box, &got, IPC_FOREVER);
    if (r == -EINTR) // sent, and a signal's handler ran: the answer still comes
        r = next_answer(s, &got);
    if (r < 0) {
        if (r == -ENOENT || r == -EINVAL) // the server went away; a new one may come
            s->server = 0;
        s->conts[c].cont = 0; // what happened to the container is unknown: never reuse it
        return r;
    }
    while (r != s->conts[c].cont) { // a stray container in our box: not the answer
        (void)resdelete(r);
        if ((r = next_answer(s, &got)) < 0) {
            s->conts[c].cont = 0;
            return r;
        }
    }
    s->conts[c] = got;
    return 0;
}

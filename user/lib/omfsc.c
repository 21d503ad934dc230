/*
 * user/lib/omfsc.c - talking to the file server: one round trip per request.
 *
 * A process that uses files has a private reply box (CBOX_PRIVATE: it goes
 * when the process ends) and keeps its request containers for reuse, one
 * per size class, because the server answers in the container it got: a
 * request is written into the container, ccall hands it over and the answer
 * comes back in the same bytes. Classes of 1, 2, 3, 5, 9 and 17 pages keep
 * a small request from paying to move a large container between spaces.
 * The first call finds the server's box; without a server every call gives
 * -ENOENT. A process handed to another owner keeps its box and containers:
 * the kernel gives them its new identity with it (proc/proc.c). (Before, the
 * first call after the change made them afresh and its caller read the
 * answer from the old container: a stat that returned 0 and a zero mode.)
 * A caught signal does not cut a request short: once it is sent, the server
 * acts on it, so when the wait for the answer fails with -EINTR (the
 * handler has run by then) the answer is waited for again, as a disk
 * request is on Unix.
 */
#include <errno.h>
#include <ipc.h>
#include <string.h>
#include <tender.h>

#include "user/lib/omfsc.h"
#include "user/lib/path.h"

#define PAGE 4096
#define NCLASSES 6

static const uint8_t class_pages[NCLASSES] = {1, 2, 3, 5, 9, 17};
static rid_t server, reply_box;
static struct cmsg conts[NCLASSES];
static int current = -1; // the class of the message being built

static int
connect(void)
{
    if (server <= 0 && (server = resfind(RT_CBOX, OMFS_BOX)) < 0)
        return -ENOENT;
    if (reply_box <= 0 &&
        (reply_box = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) < 0)
        return reply_box;
    return 0;
}

/* See omfsc.h. NULL (errno set) when there is no memory for a container. */
struct omfs_msg *
omfsc_msg(uint32_t data, uint8_t **payload)
{
    int c = 0;

    if (data > OMFS_IO_MAX)
        data = OMFS_IO_MAX;
    while ((uint32_t)class_pages[c] * PAGE - OMFS_HDR < data)
        c++;
    if (conts[c].cont <= 0 && ccreate((size_t)class_pages[c] * PAGE, &conts[c]) < 0) {
        conts[c].cont = 0;
        return NULL;
    }
    current = c;
    struct omfs_msg *m = cmsg_data(&conts[c]);
    memset(m, 0, sizeof(*m));
    if (payload)
        *payload = (uint8_t *)m + OMFS_HDR;
    return m;
}

/* The next container in our reply box, however many signals come first. */
static rid_t
next_answer(struct cmsg *got)
{
    rid_t r;

    while ((r = crecv(reply_box, got, IPC_FOREVER)) == -EINTR)
        ;
    return r;
}

/* See omfsc.h. */
int
omfsc_call(struct omfs_msg *m)
{
    int c = current, err;
    struct cmsg got;

    if (c < 0 || cmsg_data(&conts[c]) != (void *)m)
        return -EINVAL;
    if ((err = connect()) < 0)
        return err;
    rid_t r = ccall(server, conts[c].cont, reply_box, &got, IPC_FOREVER);
    if (r == -EINTR) // sent, and a signal's handler ran: the answer still comes
        r = next_answer(&got);
    if (r < 0) {
        if (r == -ENOENT || r == -EINVAL) // the server went away; a new one may come
            server = 0;
        conts[c].cont = 0; // what happened to the container is unknown: never reuse it
        return r;
    }
    while (r != conts[c].cont) { // a stray container in our box: not the answer
        (void)resdelete(r);
        if ((r = next_answer(&got)) < 0) {
            conts[c].cont = 0;
            return r;
        }
    }
    conts[c] = got;
    return ((struct omfs_msg *)cmsg_data(&got))->omfs_result;
}

/* See omfsc.h. */
struct omfs_msg *
omfsc_path_msg(uint32_t code, const char *path, const char *path2, int *err)
{
    static char abs1[OMFS_PATH_MAX], abs2[OMFS_PATH_MAX];
    size_t n1, n2 = 0;
    uint8_t *data;
    struct omfs_msg *m;

    if ((*err = path_absolute(path, abs1)) < 0 ||
        (path2 && (*err = path_absolute(path2, abs2)) < 0))
        return NULL;
    n1 = strlen(abs1) + 1;
    if (path2)
        n2 = strlen(abs2) + 1;
    if (!(m = omfsc_msg((uint32_t)(n1 + n2), &data))) {
        *err = -ENOMEM;
        return NULL;
    }
    m->code = code;
    m->size = (uint32_t)(n1 + n2);
    memcpy(data, abs1, n1);
    if (path2)
        memcpy(data + n1, abs2, n2);
    return m;
}

/*
 * user/lib/srvcall.h - a client's round trips to a user-level server over
 * container IPC (user/lib/srvcall.c): the file server's (omfsc.c) and the
 * network server's (sockc.c). Included by our library only.
 */
#ifndef USER_LIB_SRVCALL_H
#define USER_LIB_SRVCALL_H

#include <ipc.h>
#include <stdint.h>

#define SRVCALL_CLASSES_MAX 6

struct srvcall {
    const char *box;            /* the server's box name */
    uint32_t hdr;               /* header bytes before a request's data */
    const uint8_t *class_pages; /* container sizes in pages, ascending */
    int nclasses;
    rid_t server, reply_box;                /* found and made at the first call */
    struct cmsg conts[SRVCALL_CLASSES_MAX]; /* the containers kept, one per class */
    int current;                            /* the class of the request being built */
};

/* A request with room for `data` bytes after the header: its header zeroed,
 * *payload (if not NULL) its data. NULL when data exceeds the largest class
 * or there is no memory for a container. */
void *srvcall_msg(struct srvcall *s, uint32_t data, uint8_t **payload);

/* Send the request srvcall_msg gave and wait for the answer, which comes
 * in the same bytes. Returns 0, -ENOENT (no server box), -EINVAL (m is not
 * the request being built), or ccall's error (-ENOENT or -EINVAL: the
 * server went away; it is looked for again next time). */
int srvcall_call(struct srvcall *s, void *m);

#endif

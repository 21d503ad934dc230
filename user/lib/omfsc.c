/*
 * user/lib/omfsc.c - talking to the file server: one round trip per request.
 *
 * The round trip is user/lib/srvcall.c's: a private reply box, request
 * containers kept for reuse, one per size class (1, 2, 3, 5, 9 and 17
 * pages, so a small request does not move a large container between
 * spaces), the answer in the same bytes. Without a server every call gives
 * -ENOENT. A process handed to another owner keeps its box and containers:
 * the kernel gives them its new identity with it (proc/proc.c). (Before, the
 * first call after the change made them afresh and its caller read the
 * answer from the old container: a stat that returned 0 and a zero mode.)
 * A caught signal does not cut a request short (srvcall.c), as a disk
 * request is not on Unix.
 */
#include <errno.h>
#include <ipc.h>
#include <string.h>
#include <tender.h>

#include "user/lib/omfsc.h"
#include "user/lib/path.h"
#include "user/lib/srvcall.h"

static const uint8_t class_pages[] = {1, 2, 3, 5, 9, 17};
static struct srvcall server = {.box = OMFS_BOX,
                                .hdr = OMFS_HDR,
                                .class_pages = class_pages,
                                .nclasses = sizeof(class_pages),
                                .current = -1};

/* See omfsc.h. NULL (errno set) when there is no memory for a container. */
struct omfs_msg *
omfsc_msg(uint32_t data, uint8_t **payload)
{
    if (data > OMFS_IO_MAX)
        data = OMFS_IO_MAX;
    return srvcall_msg(&server, data, payload);
}

/* See omfsc.h. */
int
omfsc_call(struct omfs_msg *m)
{
    int err = srvcall_call(&server, m);

    return err < 0 ? err : m->omfs_result;
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

/*
 * user/lib/ipc.c - the container IPC calls of ipc.h over the generated stubs.
 * Error convention as in tender.c: rid results pass a negative errno through
 * (errno set); csend returns -1 with errno.
 */
#include <ipc.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "user/lib/libc.h"

#define W(p) ((uint32_t)(uintptr_t)(p))

/* See ipc.h. */
rid_t
cbcreate(const char *name, unsigned mod)
{
    return libc_rid(sys_cbcreate(W(name), mod));
}

/* See ipc.h. */
rid_t
ccreate(size_t size, struct cmsg *out)
{
    return libc_rid(sys_ccreate((uint32_t)size, W(out)));
}

/* See ipc.h. */
int
csend(rid_t box, rid_t cont)
{
    return libc_ret(sys_csend((uint32_t)box, (uint32_t)cont));
}

/* See ipc.h. */
rid_t
crecv(rid_t box, struct cmsg *out, int timeout_ms)
{
    return libc_rid(sys_crecv((uint32_t)box, W(out), (uint32_t)timeout_ms));
}

/* See ipc.h. */
rid_t
ccall(rid_t box, rid_t cont, rid_t reply_box, struct cmsg *out, int timeout_ms)
{
    return libc_rid(sys_ccall((uint32_t)box, (uint32_t)cont, (uint32_t)reply_box, W(out),
                              (uint32_t)timeout_ms));
}

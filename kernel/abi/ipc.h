/*
 * Container IPC ABI (Tender's message passing): what crecv/ccall/ccreate
 * return about a container, time-out values and size limits. Included by
 * the kernel's ipc/ and by user/include/ipc.h.
 */
#ifndef KERNEL_ABI_IPC_H
#define KERNEL_ABI_IPC_H

#include <stdint.h>

#include "kernel/abi/resource.h"

#define CONT_SIZE_MAX (1u << 20) /* largest container: 1 MiB */

#define CBOX_PRIVATE 0x8000 /* cbcreate mode flag: the box dies with the process that made it */

#define IPC_FOREVER (-1) /* time-out: wait as long as it takes */
#define IPC_POLL 0       /* time-out: never wait (-EAGAIN when empty) */

/* a container as its holder sees it */
struct cmsg {
    rid_t cont;     /* the container */
    uint32_t addr;  /* where its bytes are mapped in the holder's space */
    uint32_t size;  /* its size in bytes */
    rid_t reply;    /* box the sender waits on (ccall), or 0; to its holder, the one-shot
                       right to send this container there as the answer */
    rid_t sender;   /* the process that sent it, stamped by the kernel (0: not sent) */
    uint16_t sender_owner, sender_group; /* its identity when it sent: cannot be forged */
};
_Static_assert(sizeof(struct cmsg) == 24, "struct cmsg is ABI: 24 bytes");

#endif

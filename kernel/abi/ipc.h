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

/* The register form of ccall (ccallr, call 90): the same call, but the
 * message's description and CMSG_WORDS words travel in registers instead
 * of a struct cmsg in memory. In: EBX box, then cont and reply_box (ECX,
 * EDX by int $0x80; [ECX], [ECX+4] by sysenter, as every call's arguments
 * 2 and 3), ESI timeout_ms, EDI and EBP the words. Out, when EAX (the
 * container's rid) is not negative: EBX the reply box (cmsg.reply), ESI the
 * sender (cmsg.sender), EDI and EBP the words its sender gave; on an error
 * every register but EAX comes back unchanged. A container sent by any
 * other call carries words of 0. */
#define CMSG_WORDS 2

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

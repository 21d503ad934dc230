/*
 * The file server's requests (servers/omfs/ops.c). Included by the server only.
 */
#ifndef SERVERS_OMFS_OPS_H
#define SERVERS_OMFS_OPS_H

#include <stdint.h>
#include <tender.h>

#include "fs/ext2.h"
#include "kernel/abi/omfs.h"

struct request {
    struct omfs_msg *msg; /* the container's header: request in, reply out */
    uint8_t *data;        /* the bytes after it */
    uint32_t room;        /* how many there are */
    rid_t pid;            /* who asks, from the kernel's stamp */
    uint16_t owner, group;
};

void ops_init(struct ext2_fs *fs);
int ops_dispatch(struct request *rq);
int ops_sweep(void);
int ops_flush_all(void);
extern int ops_shutdown_requested;

#endif

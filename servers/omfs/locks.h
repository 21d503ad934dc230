/*
 * POSIX record locks (servers/omfs/locks.c): fcntl's F_GETLK and F_SETLK,
 * held by the server per process and byte range. Included by the server's
 * files only.
 */
#ifndef SERVERS_OMFS_LOCKS_H
#define SERVERS_OMFS_LOCKS_H

#include <stdint.h>
#include <tender.h>

#include "servers/omfs/req.h"

#define LOCKS_MAX 256     /* ranges held by all processes */
#define LOCKS_RESERVE 32  /* of them, only the system owner's */
#define LOCKS_PER_PROC 32 /* one process's share (-ENOLCK past it) */

int locks_request(struct request *rq);
void locks_drop(rid_t pid, uint32_t ino);

#endif

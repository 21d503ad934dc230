/*
 * user/lib/sock.h - what the socket layer (user/lib/sock.c) offers the rest
 * of our library: the calls file.c makes on a socket descriptor, and the
 * round trip to netd that poll.c uses. Included by our library only.
 */
#ifndef USER_LIB_SOCK_H
#define USER_LIB_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kernel/abi/netd.h"

/* read and write on socket id (flags: the descriptor's, O_NONBLOCK); they
 * return the bytes moved or -1 with errno, like read(2) and write(2). */
ssize_t sockc_read(int32_t id, void *buf, size_t n, uint32_t flags);
ssize_t sockc_write(int32_t id, const void *buf, size_t n, uint32_t flags);

/* The last descriptor on socket id closed: this process lets it go.
 * Returns 0 or a negative errno. */
int sockc_close(int32_t id);

/* Take over socket id that an ancestor holds. 0 or a negative errno. */
int sockc_adopt(int32_t id);

/* A request container with room for `data` bytes (at most NETD_IO_MAX):
 * its header, zeroed, and *payload its data; NULL when there is no memory. */
struct netd_msg *sockc_msg(uint32_t data, uint8_t **payload);

/* Send the message sockc_msg gave and wait for the answer in the same
 * bytes. Returns its result: >= 0, or a negative errno (-ENETDOWN: no netd). */
int sockc_call(struct netd_msg *m);

#endif

/*
 * user/lib/sockc.h - netd's client (user/lib/sockc.c), below the
 * descriptors: the calls file.c makes on a socket descriptor, the round
 * trip to netd that sock.c and poll.c use. Included by our library only.
 */
#ifndef USER_LIB_SOCKC_H
#define USER_LIB_SOCKC_H

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

/* Let child (just made by us) hold socket id too, before its first use of
 * it: we may close ours at once. 0 or a negative errno. */
int sockc_lend(int32_t id, int32_t child);

/* A request container with room for `data` bytes (at most NETD_IO_MAX):
 * its header, zeroed, and *payload its data; NULL when there is no memory. */
struct netd_msg *sockc_msg(uint32_t data, uint8_t **payload);

/* Send the message sockc_msg gave and wait for the answer in the same
 * bytes. Returns its result: >= 0, or a negative errno (-ENETDOWN: no netd). */
int sockc_call(struct netd_msg *m);

/* A request without data on socket id (flags, timeout in ms or
 * NETD_FOREVER); *out, if not NULL: the answer's header. Its result. */
int sockc_simple(uint32_t code, int32_t id, uint32_t flags, uint32_t timeout,
                 struct netd_msg **out);

/* Send n bytes on id (to addr:port when `to`): everything, unless nb (then
 * what fits). The bytes sent, or -1 with errno (EPIPE raises SIGPIPE unless
 * MSG_NOSIGNAL is in flags). */
ssize_t sockc_send(int32_t id, const void *buf, size_t n, int nb, int flags, int to, uint32_t addr,
                   uint16_t port);

/* Receive up to n bytes from id (nb: without waiting); *addr, *port, if not
 * NULL: where they came from. The bytes, 0 at the end, or -1 with errno. */
ssize_t sockc_recv(int32_t id, void *buf, size_t n, int nb, int flags, uint32_t *addr,
                   uint16_t *port);

#endif

/*
 * net.h - Tender's own calls to the network server (DESIGN §7) beside the
 * POSIX sockets: its state (address, sockets, buffers), an ICMP echo, and
 * a stop for the system owner (a test that drives the NIC itself). Any user
 * program may include it; user/lib/sock.c implements them.
 */
#ifndef USER_NET_H
#define USER_NET_H

#include <stdint.h>

#include "kernel/abi/netd.h"

/* netd's state into *out. 0, or -1 with errno (ENETDOWN: no netd). */
int net_info(struct netd_info *out);

/* An ICMP echo to addr (network order), waiting up to timeout_ms: the
 * round trip in ms, or -1 with errno (ETIMEDOUT, EHOSTUNREACH, ENETDOWN). */
int net_ping(uint32_t addr, int timeout_ms);

/* The system owner stops netd (it lets the NIC go). 0, or -1 with errno. */
int net_stop(void);

#endif

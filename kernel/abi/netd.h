/*
 * The network server's protocol (DESIGN §7): requests that the socket
 * library (user/lib/sock.c) sends to netd's box NETD_BOX as containers, and
 * the answers netd writes into the same container. Constants, fixed-width
 * types and plain structs only; included by servers/netd and user/lib.
 *
 * A container is a struct netd_msg header of NETD_HDR bytes, then data
 * (what is sent, or room for what is received: `size` bytes). netd answers
 * in the same container: `result` is >= 0 or a negative errno. A request
 * that must wait (accept, connect, recv, send on a full window, poll) is
 * held by netd until it can be answered or its `timeout_ms` runs out
 * (NETD_FOREVER: no limit; 0: never wait, -EAGAIN). A socket id names the
 * socket for every process that holds it (its creator, and the
 * descendants that took it over with NETD_ADOPT); no other process may
 * use it (-EBADF).
 */
#ifndef KERNEL_ABI_NETD_H
#define KERNEL_ABI_NETD_H

#include <stdint.h>

#define NETD_BOX "netd"
#define NETD_HDR 64       /* header bytes; data follows */
#define NETD_IO_MAX 65536 /* data bytes per request at most */
#define NETD_POLL_MAX 64  /* sockets in one NETD_POLL */
#define NETD_FOREVER 0xffffffffu

enum netd_code {
    NETD_SOCKET = 1, /* flags: NETD_TCP or NETD_UDP; the new socket id */
    NETD_BIND,       /* addr, port (network order in addr, host order in port) */
    NETD_LISTEN,     /* flags: backlog */
    NETD_ACCEPT,     /* the new socket id; addr, port: the peer */
    NETD_CONNECT,    /* addr, port */
    NETD_SEND,       /* size bytes of data; UDP: to addr, port unless flags NETD_CONNECTED */
    NETD_RECV,       /* up to size bytes into data; addr, port: where from */
    NETD_SHUTDOWN,   /* flags: SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2 */
    NETD_CLOSE,      /* the caller lets go of sock */
    NETD_NAME,       /* flags 0: the local address, 1: the peer's; addr, port */
    NETD_SETOPT,     /* flags: NETD_OPT_*, u[0]: the value */
    NETD_POLL,       /* data: n struct netd_pollfd (size = n * 8); result: how many ready */
    NETD_ADOPT,      /* a socket an ancestor holds: the caller holds it too */
    NETD_INFO,       /* data: struct netd_info */
    NETD_PING,       /* ICMP echo to addr; result: the round trip in ms */
    NETD_STOP,       /* system owner: let the NIC go and end */
    NETD_LEND,       /* sock (the caller's), u[0] = pid of a child the caller just made: the
                        child holds it too, so the caller may close it before the child's
                        first use (its NETD_ADOPT then finds it held) */
    NETD_CODES
};

#define NETD_TCP 1
#define NETD_UDP 2
#define NETD_CONNECTED 1 /* NETD_SEND on UDP: to the connected peer, not addr and port */
#define NETD_PEEK 2      /* NETD_RECV: leave the data there */
#define NETD_OPT_REUSEADDR 1
#define NETD_OPT_NODELAY 2
#define NETD_OPT_NONBLOCK 3 /* remembered for poll's sake only; the library times out */

/* NETD_POLL's events: as <poll.h>'s POLLIN, POLLOUT, POLLERR, POLLHUP */
#define NETD_POLLIN 0x1
#define NETD_POLLOUT 0x4
#define NETD_POLLERR 0x8
#define NETD_POLLHUP 0x10
#define NETD_POLLNVAL 0x20

struct netd_msg {
    uint32_t code;
    int32_t result;
    int32_t sock;
    uint32_t flags;
    uint32_t addr; /* IPv4 address, network byte order */
    uint16_t port; /* host byte order */
    uint16_t pad;
    uint32_t size;
    uint32_t timeout_ms;
    uint32_t u[8];
};
_Static_assert(sizeof(struct netd_msg) <= NETD_HDR, "the header fits NETD_HDR");

struct netd_pollfd {
    int32_t sock;
    uint16_t events, revents;
};

/* NETD_INFO: the server's state, for tests and `netstat`-like tools */
struct netd_info {
    uint32_t addr, mask, gw; /* network order; 0 while DHCP has not answered */
    uint32_t dhcp;           /* 1: the address came from DHCP, 0: static or none yet */
    uint32_t nic;            /* 1: an e1000 is driven */
    uint32_t sockets;        /* open sockets (all owners) */
    uint32_t held;           /* requests waiting */
    uint32_t buffered;       /* bytes queued in sockets (received, not yet read) */
    uint32_t owner_sockets;  /* the asker's owner's */
    uint32_t rx_frames, tx_frames, irqs, bad_requests;
    uint32_t mem_used; /* lwIP's heap in use */
    /* where netd's time went since it started, in TSC cycles (sysstat's
     * tsc_khz converts): two rdtsc around each stage of its loop, none in
     * the IPC path (the web bench's per-request breakdown) */
    uint64_t busy_cycles; /* from an event's arrival to the next wait, all below included */
    uint64_t rx_cycles;   /* frames in: the driver's ring and lwIP's input (link_poll) */
    uint64_t req_cycles;  /* socket requests run (ops_take), the lwIP output they cause included */
    uint64_t tx_cycles;   /* frames out: the driver's send (link_output), inside the others */
    uint32_t requests;    /* socket requests taken (each one IPC round trip) */
    uint32_t pad;
};

#endif

/*
 * servers/netd/stats.h - where netd's time goes: TSC cycles per stage of its
 * loop, two rdtsc around each stage and none inside the IPC calls, handed out
 * by NETD_INFO (struct netd_info's *_cycles). The stages nest: tx inside rx
 * or req (lwIP sends from both), rx and req inside busy. Defined in main.c;
 * included by main.c, link.c and ops.c.
 */
#ifndef SERVERS_NETD_STATS_H
#define SERVERS_NETD_STATS_H

#include <stdint.h>

struct netd_time {
    uint64_t busy; /* from an event's arrival to the next wait */
    uint64_t rx;   /* link_poll: the driver's ring and lwIP's input */
    uint64_t req;  /* ops_take: socket requests */
    uint64_t tx;   /* link_output: the driver's send */
    uint32_t requests;
};

extern struct netd_time netd_time;

#endif

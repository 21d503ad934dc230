/*
 * ops.h - netd's requests: checked, dispatched by code, answered at once or
 * held until they can be. Included by netd's main.c only.
 */
#ifndef NETD_OPS_H
#define NETD_OPS_H

#include <ipc.h>
#include <stdint.h>

/* One request as it arrived: run it, or keep it (the container stays with
 * netd) until ops_retry can answer it. Returns 1 when its answer is written
 * and the container is the caller's to send back (ops_answer), 0 when it
 * is held. */
int ops_take(const struct cmsg *m);

/* Send m's answer back and wait for the next container in box, in one call
 * (ccall; a client that ended loses its answer). Returns crecv's result. */
rid_t ops_answer(const struct cmsg *m, rid_t box, struct cmsg *next, int timeout_ms);

/* Try every held request again (after lwIP ran: frames, timers, other
 * requests), answer those that can be and those whose time ran out.
 * Returns the milliseconds until the next held request's time runs out
 * (IPC_FOREVER: none has a limit). */
int ops_retry(void);

/* Every half second or so: let go of the sockets and held requests of
 * processes that ended. */
void ops_sweep(void);

/* Set by NETD_STOP (from the system owner): netd lets the NIC go and ends. */
extern int ops_stop_requested;

/* The NIC's state for NETD_INFO. */
extern int ops_have_nic;

#endif

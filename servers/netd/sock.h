/*
 * sock.h - netd's sockets: lwIP's raw TCP and UDP API behind socket ids,
 * the processes that hold each, and the per-owner limits. Included by
 * netd's files only.
 */
#ifndef NETD_SOCK_H
#define NETD_SOCK_H

#include <stdint.h>
#include <tender.h>

#define SOCK_WAIT 0x40000000 /* not an answer: the request waits for an event */

#define SOCK_MAX 128               /* sockets in all (lwIP has 72 TCP and 40 UDP PCBs) */
#define SOCK_RESERVE 16            /* of them, for the system owner alone */
#define SOCK_PER_OWNER 32          /* an owner other than the system owner */
#define SOCK_HOLDERS 16            /* processes holding one socket */
#define BUF_PER_OWNER (192u << 10) /* bytes buffered for an owner other than the system owner */
#define BUF_OTHERS (640u << 10)    /* ... for all of them together: the rest is the reserve */

struct sock;

/* A new socket of type NETD_TCP or NETD_UDP held by pid. Returns its id,
 * or -EMFILE (the owner's share), -ENFILE (the table, or the others' part
 * of it), -ENOMEM (lwIP has no PCB), -EPROTONOSUPPORT. */
int sock_new(rid_t pid, uint16_t owner, uint32_t type);

/* The socket id names, if pid holds it; NULL otherwise. */
struct sock *sock_get(int32_t id, rid_t pid);

/* The operations; each returns >= 0, SOCK_WAIT, or a negative errno. */
int sock_bind(struct sock *s, uint32_t addr, uint16_t port);
int sock_listen(struct sock *s, uint32_t backlog);
int sock_accept(struct sock *s, rid_t pid, uint32_t *addr, uint16_t *port);
int sock_connect(struct sock *s, uint32_t addr, uint16_t port);
int sock_send(struct sock *s, const void *buf, uint32_t n, int to, uint32_t addr, uint16_t port);
int sock_recv(struct sock *s, void *buf, uint32_t n, int peek, uint32_t *addr, uint16_t *port);
int sock_shutdown(struct sock *s, uint32_t how);
int sock_name(struct sock *s, int peer, uint32_t *addr, uint16_t *port);
int sock_setopt(struct sock *s, uint32_t opt, uint32_t value);
/* NETD_POLL* events the socket has now */
uint16_t sock_events(struct sock *s);

/* pid lets go of s, and so do holders that ended; the last holder closes
 * it. Returns 0. */
int sock_close(struct sock *s, rid_t pid);

/* pid takes the socket id that one of its ancestors (up to 32
 * generations) holds. Returns id, or -EBADF, -EMFILE. */
int sock_adopt(int32_t id, rid_t pid);

/* pid hands s to child, a live child of its own (the kernel says so), which
 * holds it from now on. Returns 0, or -ESRCH (no such live process), -EPERM
 * (not pid's child), -EMFILE (no holder slot left). */
int sock_lend(struct sock *s, rid_t pid, rid_t child);

/* Let go of every socket hold of processes that ended. */
void sock_sweep(void);

/* Whether process pid still runs. */
int sock_pid_alive(rid_t pid);

/* Counts for NETD_INFO: sockets open, those of owner, bytes buffered. */
void sock_counts(uint16_t owner, uint32_t *all, uint32_t *mine, uint32_t *buffered);

#endif

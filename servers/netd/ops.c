/*
 * ops.c - netd's requests (kernel/abi/netd.h): each container is checked
 * like a system call (its size, the data size against the room, the
 * socket against the sender, whom the kernel stamps), dispatched through a
 * table indexed by code (-ENOSYS for a gap), and answered in the same
 * container into the caller's reply box. A request that must wait for the
 * network (accept, connect, recv, send into a full window, poll, ping) is
 * held: netd keeps the container and retries it after every event, in the
 * order the requests came, until it can be answered or its time-out runs
 * out (then: poll 0, connect and ping -ETIMEDOUT, the others -EAGAIN).
 * Limits: HELD_MAX held requests, HELD_PER_OWNER for an owner other than
 * the system owner and HELD_RESERVE kept for the system owner (past them a
 * request that would wait gets -EAGAIN). Hostile requests get errors and
 * change nothing; a process that ends loses its held requests and its
 * sockets (ops_sweep).
 * Public: ops_take, ops_answer, ops_retry, ops_sweep, ops_stop_requested, ops_have_nic.
 */
#include <errno.h>
#include <string.h>

#include "kernel/abi/netd.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/mem.h"
#include "lwip/prot/icmp.h"
#include "lwip/raw.h"
#include "lwip/sys.h"
#include "servers/netd/e1000.h"
#include "servers/netd/link.h"
#include "servers/netd/ops.h"
#include "servers/netd/sock.h"
#include "servers/netd/stats.h"

#define HELD_MAX 96
#define HELD_RESERVE 16
#define HELD_PER_OWNER 32
#define PING_ID 0x7e4d
#define PING_DATA 32

struct req {
    const struct cmsg *m;
    struct netd_msg *msg;
    uint8_t *data;
    uint32_t room;
    rid_t pid;
    uint16_t owner;
};

struct held {
    struct cmsg m;
    uint32_t deadline;
    uint8_t used, limited;
    uint32_t order;
};

int ops_stop_requested, ops_have_nic;
static struct held held[HELD_MAX];
static uint32_t held_order;
static uint32_t bad_requests;

static struct {
    struct raw_pcb *pcb;
    rid_t cont; /* the request whose echo is out; 0: none */
    uint16_t seq;
    uint32_t sent;
    int got;
} ping;

/* ---- the handlers ------------------------------------------------------------ */

#define SOCK_OF(rq, s)                                                                             \
    do {                                                                                           \
        if (!((s) = sock_get((rq)->msg->sock, (rq)->pid)))                                         \
            return -EBADF;                                                                         \
    } while (0)

static int
op_socket(struct req *rq)
{
    return sock_new(rq->pid, rq->owner, rq->msg->flags);
}

static int
op_bind(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_bind(s, rq->msg->addr, rq->msg->port);
}

static int
op_listen(struct req *rq)
{
    struct sock *s;
    uint32_t backlog = rq->msg->flags;

    SOCK_OF(rq, s);
    if (backlog < 1)
        backlog = 1;
    if (backlog > 64)
        backlog = 64;
    return sock_listen(s, backlog);
}

static int
op_accept(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_accept(s, rq->pid, &rq->msg->addr, &rq->msg->port);
}

static int
op_connect(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_connect(s, rq->msg->addr, rq->msg->port);
}

static int
op_send(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_send(s, rq->data, rq->msg->size, !(rq->msg->flags & NETD_CONNECTED), rq->msg->addr,
                     rq->msg->port);
}

static int
op_recv(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_recv(s, rq->data, rq->msg->size, (rq->msg->flags & NETD_PEEK) != 0, &rq->msg->addr,
                     &rq->msg->port);
}

static int
op_shutdown(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_shutdown(s, rq->msg->flags);
}

static int
op_close(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_close(s, rq->pid);
}

static int
op_name(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_name(s, rq->msg->flags != 0, &rq->msg->addr, &rq->msg->port);
}

static int
op_setopt(struct req *rq)
{
    struct sock *s;

    SOCK_OF(rq, s);
    return sock_setopt(s, rq->msg->flags, rq->msg->u[0]);
}

static int
op_poll(struct req *rq)
{
    struct netd_pollfd *p = (struct netd_pollfd *)rq->data;
    uint32_t n = rq->msg->size / sizeof(*p);
    int ready = 0;

    if (rq->msg->size % sizeof(*p) || n > NETD_POLL_MAX)
        return -EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        struct sock *s = sock_get(p[i].sock, rq->pid);
        p[i].revents =
            s ? sock_events(s) & (p[i].events | NETD_POLLERR | NETD_POLLHUP) : NETD_POLLNVAL;
        ready += p[i].revents != 0;
    }
    return ready ? ready : SOCK_WAIT;
}

static int
op_adopt(struct req *rq)
{
    return sock_adopt(rq->msg->sock, rq->pid);
}

static int
op_lend(struct req *rq)
{
    struct sock *s = sock_get(rq->msg->sock, rq->pid);

    if (!s)
        return -EBADF;
    return sock_lend(s, rq->pid, (rid_t)rq->msg->u[0]);
}

static int
op_info(struct req *rq)
{
    struct netd_info *in = (struct netd_info *)rq->data;
    uint32_t n = 0;

    if (rq->room < sizeof(*in))
        return -EINVAL;
    memset(in, 0, sizeof(*in));
    link_addr(&in->addr, &in->mask, &in->gw, &in->dhcp);
    in->nic = (uint32_t)ops_have_nic;
    sock_counts(rq->owner, &in->sockets, &in->owner_sockets, &in->buffered);
    for (int i = 0; i < HELD_MAX; i++)
        n += held[i].used;
    in->held = n;
    in->rx_frames = e1000_stats.rx_frames;
    in->tx_frames = e1000_stats.tx_frames;
    in->irqs = e1000_stats.irqs;
    in->bad_requests = bad_requests;
    in->mem_used = 0;
    in->busy_cycles = netd_time.busy;
    in->rx_cycles = netd_time.rx;
    in->req_cycles = netd_time.req;
    in->tx_cycles = netd_time.tx;
    in->requests = netd_time.requests;
    rq->msg->size = sizeof(*in);
    return 0;
}

static u8_t
ping_recv(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
    struct icmp_echo_hdr e;
    u16_t hlen;

    (void)arg, (void)pcb, (void)addr;
    if (p->len < 1)
        return 0;
    hlen = (u16_t)((((const u8_t *)p->payload)[0] & 0x0f) * 4);
    if (pbuf_copy_partial(p, &e, sizeof(e), hlen) != sizeof(e) || e.type != ICMP_ER ||
        e.id != lwip_htons(PING_ID) || e.seqno != lwip_htons(ping.seq) || !ping.cont)
        return 0;
    ping.got = 1;
    pbuf_free(p);
    return 1; // eaten
}

static int
op_ping(struct req *rq)
{
    ip_addr_t to;
    struct pbuf *p;
    struct icmp_echo_hdr *e;

    if (ping.cont == rq->m->cont) { // this request's echo is out
        if (!ping.got)
            return SOCK_WAIT;
        ping.cont = 0;
        return (int)(sys_now() - ping.sent);
    }
    if (ping.cont)
        return SOCK_WAIT; // one echo at a time: after the one out
    if (!ping.pcb) {
        if (!(ping.pcb = raw_new(IP_PROTO_ICMP)))
            return -ENOMEM;
        raw_recv(ping.pcb, ping_recv, NULL);
    }
    if (!(p = pbuf_alloc(PBUF_IP, sizeof(*e) + PING_DATA, PBUF_RAM)))
        return -ENOBUFS;
    e = p->payload;
    memset(e, 0, sizeof(*e) + PING_DATA);
    ICMPH_TYPE_SET(e, ICMP_ECHO);
    ICMPH_CODE_SET(e, 0);
    e->id = lwip_htons(PING_ID);
    e->seqno = lwip_htons(++ping.seq);
    memset(e + 1, 'p', PING_DATA);
    e->chksum = inet_chksum(e, sizeof(*e) + PING_DATA);
    ip_addr_set_ip4_u32_val(to, rq->msg->addr);
    err_t err = raw_sendto(ping.pcb, p, &to);
    pbuf_free(p);
    if (err != ERR_OK)
        return -EHOSTUNREACH;
    ping.cont = rq->m->cont;
    ping.got = 0;
    ping.sent = sys_now();
    return SOCK_WAIT;
}

static int
op_stop(struct req *rq)
{
    if (rq->owner != RCC_SYSTEM_OWNER)
        return -EPERM;
    ops_stop_requested = 1;
    return 0;
}

static int (*const handlers[NETD_CODES])(struct req *) = {
    [NETD_SOCKET] = op_socket, [NETD_BIND] = op_bind,         [NETD_LISTEN] = op_listen,
    [NETD_ACCEPT] = op_accept, [NETD_CONNECT] = op_connect,   [NETD_SEND] = op_send,
    [NETD_RECV] = op_recv,     [NETD_SHUTDOWN] = op_shutdown, [NETD_CLOSE] = op_close,
    [NETD_NAME] = op_name,     [NETD_SETOPT] = op_setopt,     [NETD_POLL] = op_poll,
    [NETD_ADOPT] = op_adopt,   [NETD_INFO] = op_info,         [NETD_PING] = op_ping,
    [NETD_STOP] = op_stop,     [NETD_LEND] = op_lend,
};

/* ---- requests in and out --------------------------------------------------------- */

static void
answer(const struct cmsg *m)
{
    if (!m->reply || csend(m->reply, m->cont) < 0)
        resdelete(m->cont); // nobody to answer (its client ended): drop it
}

/* See ops.h. */
rid_t
ops_answer(const struct cmsg *m, rid_t box, struct cmsg *next, int timeout_ms)
{
    rid_t got;

    if (!m->reply) { // sent with csend: nobody waits for an answer
        resdelete(m->cont);
        return crecv(box, next, timeout_ms);
    }
    got = ccall(m->reply, m->cont, box, next, timeout_ms);
    if (got == -ENOENT || got == -EPERM || got == -EINVAL) {
        resdelete(m->cont); // the reply box is gone (its client ended): drop the answer
        got = crecv(box, next, timeout_ms);
    }
    return got;
}

/* Run m's request once. Returns SOCK_WAIT or the result (written). */
static int
run(const struct cmsg *m)
{
    struct netd_msg *msg = cmsg_data(m);
    struct req rq = {
        m, msg, (uint8_t *)msg + NETD_HDR, m->size - NETD_HDR, m->sender, m->sender_owner};
    int r;

    if (msg->code >= NETD_CODES || !handlers[msg->code])
        r = -ENOSYS;
    else if (msg->size > rq.room || msg->size > NETD_IO_MAX)
        r = -EINVAL;
    else
        r = handlers[msg->code](&rq);
    if (r != SOCK_WAIT) {
        if (r < 0)
            bad_requests += r == -ENOSYS || r == -EINVAL || r == -EBADF;
        msg->result = r;
    }
    return r;
}

static int
held_room(uint16_t owner)
{
    int used = 0, mine = 0, free_i = -1;

    for (int i = 0; i < HELD_MAX; i++) {
        if (!held[i].used) {
            if (free_i < 0)
                free_i = i;
            continue;
        }
        used++;
        mine += held[i].m.sender_owner == owner;
    }
    if (free_i < 0)
        return -1;
    if (owner != RCC_SYSTEM_OWNER && (mine >= HELD_PER_OWNER || used >= HELD_MAX - HELD_RESERVE))
        return -1;
    return free_i;
}

/* What a held request says when its time runs out. */
static int
expired(struct netd_msg *msg, rid_t cont)
{
    switch (msg->code) {
    case NETD_POLL:
        return 0;
    case NETD_PING:
        if (ping.cont == cont)
            ping.cont = 0;
        return -ETIMEDOUT;
    case NETD_CONNECT:
        return -ETIMEDOUT;
    default:
        return -EAGAIN;
    }
}

/* See ops.h. */
int
ops_take(const struct cmsg *m)
{
    struct netd_msg *msg = cmsg_data(m);
    int i;

    if (m->size < NETD_HDR) {
        bad_requests++;
        if (m->size >= 8)
            ((int32_t *)cmsg_data(m))[1] = -EINVAL;
        return 1;
    }
    if (run(m) != SOCK_WAIT) {
        return 1;
    }
    if (msg->timeout_ms == 0 || (i = held_room(m->sender_owner)) < 0) {
        // never wait, or no room to: a poll finds nothing ready, the rest EAGAIN
        // (the library makes EINPROGRESS of a connect's)
        msg->result = msg->code == NETD_POLL && msg->timeout_ms == 0 ? 0 : -EAGAIN;
        if (msg->code == NETD_PING && ping.cont == m->cont)
            ping.cont = 0;
        return 1;
    }
    held[i].m = *m;
    held[i].used = 1;
    held[i].limited = msg->timeout_ms != NETD_FOREVER;
    held[i].deadline = sys_now() + (msg->timeout_ms > 0x7fffffff ? 0x7fffffff : msg->timeout_ms);
    held[i].order = ++held_order;
    return 0;
}

/* See ops.h. */
int
ops_retry(void)
{
    int next = IPC_FOREVER;
    uint32_t now = sys_now(), last = 0;

    for (;;) { // in arrival order: the oldest waiter of a listener gets the first connection
        int i = -1;
        for (int k = 0; k < HELD_MAX; k++)
            if (held[k].used && held[k].order > last && (i < 0 || held[k].order < held[i].order))
                i = k;
        if (i < 0)
            break;
        last = held[i].order;
        struct held *h = &held[i];
        struct netd_msg *msg = cmsg_data(&h->m);
        if (run(&h->m) != SOCK_WAIT) {
            h->used = 0;
            answer(&h->m);
        } else if (h->limited && (int32_t)(now - h->deadline) >= 0) {
            msg->result = expired(msg, h->m.cont);
            h->used = 0;
            answer(&h->m);
        } else if (h->limited) {
            int left = (int)(h->deadline - now);
            if (next == IPC_FOREVER || left < next)
                next = left;
        }
    }
    return next;
}

/* See ops.h. */
void
ops_sweep(void)
{
    for (int i = 0; i < HELD_MAX; i++) {
        if (held[i].used && !sock_pid_alive(held[i].m.sender)) {
            struct netd_msg *msg = cmsg_data(&held[i].m);
            if (msg->code == NETD_PING && ping.cont == held[i].m.cont)
                ping.cont = 0;
            held[i].used = 0;
            resdelete(held[i].m.cont);
        }
    }
    sock_sweep();
}

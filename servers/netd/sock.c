/*
 * sock.c - netd's sockets over lwIP's raw API (NO_SYS: lwIP runs in netd's
 * one thread, its callbacks come from the calls netd's loop makes).
 *
 * A socket is a slot holding a TCP or UDP PCB, the processes that hold it
 * (its creator, a process that accepted it, descendants that adopted it,
 * children it was lent to at their creation, NETD_LEND)
 * and what came for it: a TCP socket keeps received bytes as a chain of
 * heap pbufs (copied out of the driver's pool so unread data never starves
 * the receive path) and acknowledges them to lwIP (tcp_recved, which opens
 * the window) only when a client reads them, so TCP's flow control reaches
 * the reader; a UDP socket keeps up to UDPQ_MAX datagrams. A listener's
 * connections wait as "embryo" sockets (parent set, no holder) until
 * accepted. lwIP's error callback (the PCB is freed then) turns into a
 * pending errno that the next call reports: ECONNREFUSED for a reset while
 * connecting, ECONNRESET later, ETIMEDOUT when lwIP gave up retransmitting.
 * Ids are generation << 8 | slot + 1, so a closed socket's id stays invalid.
 * Limits (DESIGN §7, as the file server's, servers/omfs/files.c): an owner
 * other than the system owner has at most SOCK_PER_OWNER sockets and
 * BUF_PER_OWNER bytes buffered (received and unread, sent and
 * unacknowledged), and all of them together SOCK_MAX - SOCK_RESERVE
 * sockets and BUF_OTHERS bytes, so the system owner always has a socket
 * and memory. Invariants: a free slot has id 0; a live TCP socket's pcb is
 * NULL only after lwIP freed it (state S_DEAD); rx_len is the bytes in rx.
 * Public: see sock.h.
 */
#include <errno.h>
#include <string.h>

#include "kernel/abi/netd.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "servers/netd/sock.h"

#define UDPQ_MAX 32
#define ADOPT_DEPTH 32
#define SLOT_BITS 8

_Static_assert(SOCK_MAX < (1 << SLOT_BITS), "a slot fits its bits");

enum { S_NEW = 1, S_LISTEN, S_CONNECTING, S_CONNECTED, S_DEAD };

struct dgram {
    struct pbuf *p;
    uint32_t addr;
    uint16_t port;
};

struct sock {
    int32_t id; /* 0: free */
    uint8_t type, state;
    uint8_t eof, wr_shut, rd_shut, nodelay, reuse;
    uint16_t owner;
    int err; /* pending errno, reported once */
    rid_t holders[SOCK_HOLDERS];
    struct tcp_pcb *tcp;
    struct udp_pcb *udp;
    struct pbuf *rx; /* TCP: received, unread */
    uint32_t rx_len;
    int32_t parent;            /* an embryo's listener; 0 once accepted */
    uint32_t seq;              /* an embryo's arrival, for accept's order */
    uint32_t backlog, pending; /* a listener's */
    struct dgram q[UDPQ_MAX];  /* UDP: received datagrams, q[qh] the oldest */
    uint8_t qh, qn;
};

static struct sock socks[SOCK_MAX];
static uint32_t generation = 1, arrivals;

static int
is_system(uint16_t owner)
{
    return owner == RCC_SYSTEM_OWNER;
}

static struct sock *
by_id(int32_t id)
{
    uint32_t slot = ((uint32_t)id & ((1u << SLOT_BITS) - 1)) - 1;

    if (id <= 0 || slot >= SOCK_MAX || socks[slot].id != id)
        return NULL;
    return &socks[slot];
}

static uint32_t
udp_bytes(const struct sock *s)
{
    uint32_t n = 0;

    for (int i = 0; i < s->qn; i++)
        n += s->q[(s->qh + i) % UDPQ_MAX].p->tot_len;
    return n;
}

/* Bytes buffered for s: received and unread, sent and not yet acknowledged. */
static uint32_t
buffered(const struct sock *s)
{
    uint32_t n = s->rx_len + udp_bytes(s);

    if (s->tcp && s->state == S_CONNECTED)
        n += TCP_SND_BUF - tcp_sndbuf(s->tcp);
    return n;
}

/* How many more bytes owner may have buffered now. */
static uint32_t
room_for(uint16_t owner)
{
    uint32_t mine = 0, others = 0;

    if (is_system(owner))
        return 0xffffffffu;
    for (int i = 0; i < SOCK_MAX; i++) {
        if (!socks[i].id || is_system(socks[i].owner))
            continue;
        uint32_t b = buffered(&socks[i]);
        others += b;
        if (socks[i].owner == owner)
            mine += b;
    }
    if (mine >= BUF_PER_OWNER || others >= BUF_OTHERS)
        return 0;
    uint32_t a = BUF_PER_OWNER - mine, b = BUF_OTHERS - others;
    return a < b ? a : b;
}

/* A free slot for a socket of owner: its index, or -EMFILE, -ENFILE. */
static int
slot_for(uint16_t owner)
{
    int mine = 0, others = 0, used = 0, free_slot = -1;

    for (int i = 0; i < SOCK_MAX; i++) {
        if (!socks[i].id) {
            if (free_slot < 0)
                free_slot = i;
            continue;
        }
        used++;
        if (!is_system(socks[i].owner))
            others++;
        mine += socks[i].owner == owner;
    }
    if (free_slot < 0)
        return -ENFILE;
    if (!is_system(owner)) {
        if (mine >= SOCK_PER_OWNER)
            return -EMFILE;
        if (others >= SOCK_MAX - SOCK_RESERVE)
            return -ENFILE;
    }
    return free_slot;
}

static struct sock *
take_slot(int i, uint16_t owner, uint8_t type)
{
    struct sock *s = &socks[i];

    memset(s, 0, sizeof(*s));
    if (++generation >= (1u << (31 - SLOT_BITS)))
        generation = 1;
    s->id = (int32_t)(generation << SLOT_BITS | (uint32_t)(i + 1));
    s->owner = owner;
    s->type = type;
    s->state = S_NEW;
    return s;
}

static int
lwip_errno(err_t e)
{
    switch (e) {
    case ERR_OK:
        return 0;
    case ERR_MEM:
    case ERR_BUF:
        return -ENOMEM;
    case ERR_USE:
        return -EADDRINUSE;
    case ERR_ISCONN:
        return -EISCONN;
    case ERR_CONN:
        return -ENOTCONN;
    case ERR_RTE:
        return -EHOSTUNREACH;
    case ERR_VAL:
    case ERR_ARG:
        return -EINVAL;
    case ERR_RST:
        return -ECONNRESET;
    case ERR_ABRT:
        return -ECONNABORTED;
    case ERR_CLSD:
        return -ENOTCONN;
    case ERR_ALREADY:
    case ERR_INPROGRESS:
        return -EALREADY;
    default:
        return -EIO;
    }
}

/* ---- lwIP's callbacks ------------------------------------------------------ */

static err_t
tcp_recv_cb(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
    struct sock *s = arg;

    (void)err;
    if (!s) { // closed by its holders: lwIP finishes the connection alone
        if (p) {
            tcp_recved(pcb, p->tot_len);
            pbuf_free(p);
        }
        return ERR_OK;
    }
    if (!p) {
        s->eof = 1;
        return ERR_OK;
    }
    if (s->rd_shut) { // SHUT_RD: what comes is dropped
        tcp_recved(pcb, p->tot_len);
        pbuf_free(p);
        return ERR_OK;
    }
    if (room_for(s->owner) < p->tot_len)
        return ERR_MEM; // lwIP keeps it and offers it again later
    struct pbuf *copy = pbuf_alloc(PBUF_RAW, p->tot_len, PBUF_RAM);
    if (!copy)
        return ERR_MEM;
    pbuf_copy(copy, p);
    pbuf_free(p);
    if (s->rx)
        pbuf_cat(s->rx, copy);
    else
        s->rx = copy;
    s->rx_len += copy->tot_len;
    return ERR_OK;
}

static void
tcp_err_cb(void *arg, err_t err)
{
    struct sock *s = arg;

    if (!s)
        return;
    s->tcp = NULL; // lwIP freed it
    if (err == ERR_RST)
        s->err = s->state == S_CONNECTING ? ECONNREFUSED : ECONNRESET;
    else if (err == ERR_ABRT)
        s->err = ETIMEDOUT; // lwIP gave up (our own aborts clear the callback first)
    else if (err != ERR_CLSD)
        s->err = -lwip_errno(err);
    if (err == ERR_CLSD)
        s->eof = 1;
    s->state = S_DEAD;
}

static err_t
tcp_connected_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct sock *s = arg;

    (void)pcb;
    if (s && err == ERR_OK)
        s->state = S_CONNECTED;
    return ERR_OK;
}

static void
tcp_callbacks(struct sock *s, struct tcp_pcb *pcb)
{
    tcp_arg(pcb, s);
    tcp_recv(pcb, tcp_recv_cb);
    tcp_err(pcb, tcp_err_cb);
}

static err_t
tcp_accept_cb(void *arg, struct tcp_pcb *pcb, err_t err)
{
    struct sock *l = arg, *s;
    int i;

    if (err != ERR_OK || !pcb)
        return ERR_VAL;
    if (!l || l->pending >= l->backlog || (i = slot_for(l->owner)) < 0) {
        tcp_abort(pcb); // no room: the client sees a reset
        return ERR_ABRT;
    }
    s = take_slot(i, l->owner, NETD_TCP);
    s->tcp = pcb;
    s->state = S_CONNECTED;
    s->parent = l->id;
    s->seq = ++arrivals;
    s->nodelay = l->nodelay;
    if (s->nodelay)
        tcp_nagle_disable(pcb);
    tcp_callbacks(s, pcb);
    l->pending++;
    return ERR_OK;
}

static void
udp_recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    struct sock *s = arg;

    (void)pcb;
    if (!s || s->qn == UDPQ_MAX || s->rd_shut || room_for(s->owner) < p->tot_len) {
        pbuf_free(p); // a full queue drops, as UDP may
        return;
    }
    struct dgram *d = &s->q[(s->qh + s->qn++) % UDPQ_MAX];
    d->p = p;
    d->addr = ip4_addr_get_u32(ip_2_ip4(addr));
    d->port = port;
}

/* ---- the operations -------------------------------------------------------- */

/* See sock.h. */
int
sock_new(rid_t pid, uint16_t owner, uint32_t type)
{
    int i;
    struct sock *s;

    if (type != NETD_TCP && type != NETD_UDP)
        return -EPROTONOSUPPORT;
    if ((i = slot_for(owner)) < 0)
        return i;
    s = take_slot(i, owner, (uint8_t)type);
    if (type == NETD_TCP) {
        if (!(s->tcp = tcp_new()))
            goto nomem;
        tcp_callbacks(s, s->tcp);
    } else {
        if (!(s->udp = udp_new()))
            goto nomem;
        udp_recv(s->udp, udp_recv_cb, s);
    }
    s->holders[0] = pid;
    return s->id;
nomem:
    s->id = 0;
    return -ENOMEM;
}

/* See sock.h. */
struct sock *
sock_get(int32_t id, rid_t pid)
{
    struct sock *s = by_id(id);

    if (!s)
        return NULL;
    for (int i = 0; i < SOCK_HOLDERS; i++)
        if (s->holders[i] == pid)
            return s;
    return NULL;
}

/* See sock.h. */
int
sock_bind(struct sock *s, uint32_t addr, uint16_t port)
{
    ip_addr_t a;

    ip_addr_set_ip4_u32_val(a, addr);
    if (s->state != S_NEW)
        return -EINVAL;
    if (s->type == NETD_UDP)
        return lwip_errno(udp_bind(s->udp, &a, port));
    if (s->reuse)
        ip_set_option(s->tcp, SOF_REUSEADDR);
    return lwip_errno(tcp_bind(s->tcp, &a, port));
}

/* See sock.h. */
int
sock_listen(struct sock *s, uint32_t backlog)
{
    err_t e;
    struct tcp_pcb *l;

    if (s->type != NETD_TCP)
        return -EOPNOTSUPP;
    if (s->state == S_LISTEN) {
        s->backlog = backlog;
        return 0;
    }
    if (s->state != S_NEW)
        return -EINVAL;
    if (!s->tcp->local_port && (e = tcp_bind(s->tcp, IP4_ADDR_ANY, 0)) != ERR_OK)
        return lwip_errno(e);
    if (!(l = tcp_listen_with_backlog_and_err(s->tcp, 255, &e)))
        return lwip_errno(e);
    s->tcp = l; // the old PCB is freed
    tcp_arg(l, s);
    tcp_accept(l, tcp_accept_cb);
    s->state = S_LISTEN;
    s->backlog = backlog;
    return 0;
}

/* See sock.h. */
int
sock_accept(struct sock *s, rid_t pid, uint32_t *addr, uint16_t *port)
{
    struct sock *e = NULL;

    if (s->state != S_LISTEN)
        return -EINVAL;
    for (int i = 0; i < SOCK_MAX; i++)
        if (socks[i].id && socks[i].parent == s->id && (!e || socks[i].seq < e->seq))
            e = &socks[i];
    if (!e)
        return SOCK_WAIT;
    e->parent = 0;
    e->holders[0] = pid;
    s->pending--;
    if (e->tcp) {
        tcp_backlog_accepted(e->tcp);
        *addr = ip4_addr_get_u32(ip_2_ip4(&e->tcp->remote_ip));
        *port = e->tcp->remote_port;
    } else {
        *addr = 0, *port = 0; // reset before it was accepted: its first call says so
    }
    return e->id;
}

/* See sock.h. */
int
sock_connect(struct sock *s, uint32_t addr, uint16_t port)
{
    ip_addr_t a;
    err_t e;

    ip_addr_set_ip4_u32_val(a, addr);
    if (s->type == NETD_UDP)
        return lwip_errno(udp_connect(s->udp, &a, port));
    switch (s->state) {
    case S_NEW:
        if (!port)
            return -EINVAL;
        if ((e = tcp_connect(s->tcp, &a, port, tcp_connected_cb)) != ERR_OK)
            return lwip_errno(e);
        s->state = S_CONNECTING;
        return SOCK_WAIT;
    case S_CONNECTING:
        return SOCK_WAIT;
    case S_CONNECTED:
        return 0;
    case S_DEAD:
        if (s->err) {
            int err = s->err;
            s->err = 0;
            return -err;
        }
        return -ECONNABORTED;
    default:
        return -EINVAL;
    }
}

/* See sock.h. */
int
sock_send(struct sock *s, const void *buf, uint32_t n, int to, uint32_t addr, uint16_t port)
{
    uint32_t room = room_for(s->owner);

    if (s->type == NETD_UDP) {
        ip_addr_t a;
        struct pbuf *p;
        err_t e;
        if (s->wr_shut)
            return -EPIPE;
        if (n > 65507)
            return -EMSGSIZE;
        if (!(p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)n, PBUF_RAM)))
            return -ENOBUFS;
        pbuf_take(p, buf, (u16_t)n);
        ip_addr_set_ip4_u32_val(a, addr);
        if (to)
            e = udp_sendto(s->udp, p, &a, port);
        else if (!ip_addr_isany_val(s->udp->remote_ip) || s->udp->remote_port)
            e = udp_send(s->udp, p);
        else
            e = ERR_CONN;
        pbuf_free(p);
        return e == ERR_OK ? (int)n : lwip_errno(e);
    }
    if (s->err) {
        int err = s->err;
        s->err = 0;
        return -err;
    }
    if (s->wr_shut || s->state == S_DEAD)
        return -EPIPE;
    if (s->state == S_CONNECTING)
        return SOCK_WAIT;
    if (s->state != S_CONNECTED)
        return -ENOTCONN;
    uint32_t can = tcp_sndbuf(s->tcp);
    if (tcp_sndqueuelen(s->tcp) >= TCP_SND_QUEUELEN - 4)
        can = 0;
    if (can > room)
        can = room;
    if (n < can)
        can = n;
    if (can == 0)
        return n ? SOCK_WAIT : 0;
    err_t e = tcp_write(s->tcp, buf, (u16_t)can, TCP_WRITE_FLAG_COPY);
    if (e == ERR_MEM)
        return SOCK_WAIT; // lwIP's heap: wait for acknowledgements
    if (e != ERR_OK)
        return lwip_errno(e);
    tcp_output(s->tcp);
    return (int)can;
}

/* See sock.h. */
int
sock_recv(struct sock *s, void *buf, uint32_t n, int peek, uint32_t *addr, uint16_t *port)
{
    if (s->type == NETD_UDP) {
        if (!s->qn)
            return s->rd_shut ? 0 : SOCK_WAIT;
        struct dgram *d = &s->q[s->qh];
        uint32_t len = d->p->tot_len < n ? d->p->tot_len : n;
        pbuf_copy_partial(d->p, buf, (u16_t)len, 0);
        *addr = d->addr;
        *port = d->port;
        if (!peek) {
            pbuf_free(d->p);
            s->qh = (uint8_t)((s->qh + 1) % UDPQ_MAX);
            s->qn--;
        }
        return (int)len; // the rest of a longer datagram is lost, as recv(2) says
    }
    if (s->state == S_LISTEN || s->state == S_NEW)
        return -ENOTCONN;
    if (s->rx_len && n) {
        uint32_t len = s->rx_len < n ? s->rx_len : n;
        if (len > 0xffff)
            len = 0xffff;
        pbuf_copy_partial(s->rx, buf, (u16_t)len, 0);
        if (!peek) {
            s->rx = pbuf_free_header(s->rx, (u16_t)len);
            s->rx_len -= len;
            if (s->tcp)
                tcp_recved(s->tcp, (u16_t)len);
        }
        if (s->tcp) {
            *addr = ip4_addr_get_u32(ip_2_ip4(&s->tcp->remote_ip));
            *port = s->tcp->remote_port;
        }
        return (int)len;
    }
    if (!n)
        return 0;
    if (s->eof || s->rd_shut)
        return 0;
    if (s->err) {
        int err = s->err;
        s->err = 0;
        return -err;
    }
    if (s->state == S_DEAD)
        return 0;
    return SOCK_WAIT;
}

/* See sock.h. */
int
sock_shutdown(struct sock *s, uint32_t how)
{
    if (how > 2)
        return -EINVAL;
    if (s->type == NETD_TCP && s->state != S_CONNECTED && s->state != S_DEAD)
        return -ENOTCONN;
    if (how != 1)
        s->rd_shut = 1;
    if (how != 0) {
        if (s->tcp && !s->wr_shut)
            tcp_shutdown(s->tcp, 0, 1);
        s->wr_shut = 1;
    }
    return 0;
}

/* See sock.h. */
int
sock_name(struct sock *s, int peer, uint32_t *addr, uint16_t *port)
{
    if (s->type == NETD_UDP) {
        if (peer && !s->udp->remote_port)
            return -ENOTCONN;
        *addr = ip4_addr_get_u32(ip_2_ip4(peer ? &s->udp->remote_ip : &s->udp->local_ip));
        *port = peer ? s->udp->remote_port : s->udp->local_port;
        return 0;
    }
    if (!s->tcp)
        return peer ? -ENOTCONN : -EINVAL;
    if (peer && s->state != S_CONNECTED)
        return -ENOTCONN;
    // a listener's PCB is the smaller struct tcp_pcb_listen: same leading fields
    *addr = ip4_addr_get_u32(ip_2_ip4(peer ? &s->tcp->remote_ip : &s->tcp->local_ip));
    *port = peer ? s->tcp->remote_port : s->tcp->local_port;
    return 0;
}

/* See sock.h. */
int
sock_setopt(struct sock *s, uint32_t opt, uint32_t value)
{
    switch (opt) {
    case NETD_OPT_REUSEADDR:
        s->reuse = value != 0;
        if (s->tcp && s->state == S_NEW && s->reuse)
            ip_set_option(s->tcp, SOF_REUSEADDR);
        if (s->udp && s->reuse)
            ip_set_option(s->udp, SOF_REUSEADDR);
        return 0;
    case NETD_OPT_NODELAY:
        if (s->type != NETD_TCP)
            return -ENOPROTOOPT;
        s->nodelay = value != 0;
        if (s->tcp && s->state != S_LISTEN) {
            if (s->nodelay)
                tcp_nagle_disable(s->tcp);
            else
                tcp_nagle_enable(s->tcp);
        }
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

/* See sock.h. */
uint16_t
sock_events(struct sock *s)
{
    uint16_t ev = 0;

    if (s->type == NETD_UDP)
        return (uint16_t)((s->qn ? NETD_POLLIN : 0) | NETD_POLLOUT);
    if (s->state == S_LISTEN)
        return s->pending ? NETD_POLLIN : 0;
    if (s->rx_len || s->eof || s->err || s->state == S_DEAD || s->rd_shut)
        ev |= NETD_POLLIN;
    if (s->state == S_CONNECTED && !s->wr_shut && s->tcp && tcp_sndbuf(s->tcp) > 0)
        ev |= NETD_POLLOUT;
    if (s->err)
        ev |= NETD_POLLERR;
    if (s->state == S_DEAD || (s->eof && s->wr_shut))
        ev |= NETD_POLLHUP;
    return ev;
}

/* Close s for good: its PCB (a reset when data was left unread, as Unix
 * does), what it buffered, a listener's embryos. */
static void
destroy(struct sock *s)
{
    if (s->tcp) {
        struct tcp_pcb *pcb = s->tcp;
        tcp_arg(pcb, NULL);
        if (s->state == S_LISTEN) {
            tcp_accept(pcb, NULL);
            tcp_close(pcb);
        } else {
            tcp_recv(pcb, NULL);
            tcp_err(pcb, NULL);
            if (s->rx_len || tcp_close(pcb) != ERR_OK)
                tcp_abort(pcb);
        }
    }
    if (s->udp)
        udp_remove(s->udp);
    if (s->rx)
        pbuf_free(s->rx);
    for (int i = 0; i < s->qn; i++)
        pbuf_free(s->q[(s->qh + i) % UDPQ_MAX].p);
    if (s->state == S_LISTEN)
        for (int i = 0; i < SOCK_MAX; i++)
            if (socks[i].id && socks[i].parent == s->id)
                destroy(&socks[i]);
    struct sock *l = s->parent ? by_id(s->parent) : NULL;
    if (l && l->pending)
        l->pending--;
    memset(s, 0, sizeof(*s));
}

/* See sock.h. */
int
sock_close(struct sock *s, rid_t pid)
{
    int left = 0;

    for (int i = 0; i < SOCK_HOLDERS; i++) {
        // a holder that ended goes now, not at the sweep: a child it was lent
        // to (NETD_LEND) that never used it ends without closing it
        if (s->holders[i] == pid || (s->holders[i] && !sock_pid_alive(s->holders[i])))
            s->holders[i] = 0;
        left += s->holders[i] != 0;
    }
    if (!left)
        destroy(s);
    return 0;
}

/* See sock.h. */
int
sock_adopt(int32_t id, rid_t pid)
{
    struct sock *s = by_id(id);
    struct res_info ri;
    rid_t who = pid;
    int held = 0, free_i = -1;

    if (!s || s->parent)
        return -EBADF;
    for (int i = 0; i < SOCK_HOLDERS; i++) {
        if (s->holders[i] == pid)
            return id; // already
        if (!s->holders[i] && free_i < 0)
            free_i = i;
    }
    for (int depth = 0; depth < ADOPT_DEPTH && !held; depth++) {
        if (resinfo(who, &ri) < 0 || !(who = ri.u.proc.parent))
            break;
        for (int i = 0; i < SOCK_HOLDERS; i++)
            held |= s->holders[i] == who;
    }
    if (!held)
        return -EBADF;
    if (free_i < 0)
        return -EMFILE;
    s->holders[free_i] = pid;
    return id;
}

/* See sock.h. */
int
sock_lend(struct sock *s, rid_t pid, rid_t child)
{
    struct res_info ri;
    int free_i = -1;

    if (resinfo(child, &ri) < 0 || ri.type != RT_PROC || ri.u.proc.state == PROC_ZOMBIE)
        return -ESRCH;
    if (ri.u.proc.parent != pid)
        return -EPERM;
    for (int i = 0; i < SOCK_HOLDERS; i++) {
        if (s->holders[i] == child)
            return 0; // it adopted first
        if (!s->holders[i] && free_i < 0)
            free_i = i;
    }
    if (free_i < 0)
        return -EMFILE;
    s->holders[free_i] = child;
    return 0;
}

/* See sock.h. */
int
sock_pid_alive(rid_t pid)
{
    struct res_info ri;

    return resinfo(pid, &ri) == 0 && ri.type == RT_PROC && ri.u.proc.state != PROC_ZOMBIE;
}

/* See sock.h. */
void
sock_sweep(void)
{
    for (int i = 0; i < SOCK_MAX; i++) {
        struct sock *s = &socks[i];
        int left = 0, gone = 0;
        if (!s->id || s->parent)
            continue;
        for (int h = 0; h < SOCK_HOLDERS; h++) {
            if (s->holders[h] && !sock_pid_alive(s->holders[h])) {
                s->holders[h] = 0;
                gone = 1;
            }
            left += s->holders[h] != 0;
        }
        if (gone && !left)
            destroy(s);
    }
}

/* See sock.h. */
void
sock_counts(uint16_t owner, uint32_t *all, uint32_t *mine, uint32_t *bytes)
{
    *all = *mine = *bytes = 0;
    for (int i = 0; i < SOCK_MAX; i++) {
        if (!socks[i].id)
            continue;
        ++*all;
        *mine += socks[i].owner == owner;
        *bytes += buffered(&socks[i]);
    }
}

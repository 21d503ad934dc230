/*
 * t_net: the network (DESIGN §7, issue 19): netd's e1000 and lwIP, and the
 * POSIX sockets of the library. DHCP's address from QEMU's user network, an
 * ICMP echo of the gateway, TCP between two processes over 127.0.0.1 and
 * over our own address with every byte checked (a few hundred KiB each
 * way), UDP, ECONNREFUSED, EADDRINUSE, a connection accepted after its
 * client closed, a listening socket inherited by a child that accepts on it,
 * poll over sockets and a file, per-owner socket limits, hostile containers
 * to netd's box (errors, and netd goes on), and clients killed mid-transfer
 * and while blocked (netd's sockets and held requests come back). Each
 * case runs in a child; the suite ends with the leak check. Without a NIC
 * (-nic none) the cases that need one are skipped.
 *   t_net                      the suite
 *   t_net HELPER ARGS...       a helper process (see helper())
 *   t_net http PORT N          answer N HTTP requests on PORT (the host's check)
 *   t_net cost N               per-request costs: N netd_info round trips, N
 *                              one-byte TCP echoes over 127.0.0.1 (run it with
 *                              QEMU's -icount shift=0: 1 ns is one instruction)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <net.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "tests/guest/tap.h"

#define BULK (300u << 10) /* bytes each way in the integrity cases */
#define CHUNK 8192

int main(int argc, char **argv);

static uint32_t
ip(int a, int b, int c, int d)
{
    return htonl((uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | (uint32_t)d);
}

static struct sockaddr_in
sin_of(uint32_t addr, uint16_t port)
{
    struct sockaddr_in a;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = addr;
    a.sin_port = htons(port);
    return a;
}

/* The byte at offset i of the stream seeded by seed. */
static uint8_t
pattern(uint32_t i, uint32_t seed)
{
    return (uint8_t)((i * 2654435761u) >> 13 ^ seed ^ i >> 9);
}

static int
have_nic(void)
{
    struct netd_info in;

    return net_info(&in) == 0 && in.nic;
}

#define NEED_NIC()                                                                                 \
    do {                                                                                           \
        if (!have_nic())                                                                           \
            return TAP_SKIP;                                                                       \
    } while (0)

/* Our address once DHCP (or the fallback) gave one: up to 15 s. */
static uint32_t
our_addr(void)
{
    struct netd_info in;

    for (int i = 0; i < 150; i++) {
        if (net_info(&in) == 0 && in.addr)
            return in.addr;
        usleep(100000);
    }
    return 0;
}

/* A listening TCP socket on addr, port 0 (any): its port in *port. */
static int
listener(uint32_t addr, uint16_t *port)
{
    struct sockaddr_in a = sin_of(addr, 0);
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 8) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

static int
connect_to(uint32_t addr, uint16_t port)
{
    struct sockaddr_in a = sin_of(addr, port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static rid_t
spawn(const char *what, uint32_t a, uint32_t b)
{
    char sa[16], sb[16];

    snprintf(sa, sizeof(sa), "%u", a);
    snprintf(sb, sizeof(sb), "%u", b);
    return tap_spawn("t_net", what, sa, sb, 0);
}

static int
wait_status(rid_t pid)
{
    int st = -1;

    return pid > 0 && procwait(pid, &st) == pid ? st : -1000;
}

/* Send n pattern bytes; 0 when all went. */
static int
send_pattern(int fd, uint32_t n, uint32_t seed)
{
    static uint8_t buf[CHUNK];

    for (uint32_t off = 0; off < n;) {
        uint32_t len = n - off < CHUNK ? n - off : CHUNK;
        for (uint32_t i = 0; i < len; i++)
            buf[i] = pattern(off + i, seed);
        ssize_t r = write(fd, buf, len);
        if (r != (ssize_t)len)
            return 1;
        off += len;
    }
    return 0;
}

/* Receive up to the end of the stream and check it is n pattern bytes. */
static int
recv_pattern(int fd, uint32_t n, uint32_t seed)
{
    static uint8_t buf[CHUNK + 1000];
    uint32_t off = 0;
    ssize_t r;

    while ((r = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < r; i++)
            if (off + (uint32_t)i >= n || buf[i] != pattern(off + (uint32_t)i, seed)) {
                printf("# byte %u differs\n", (unsigned)(off + (uint32_t)i));
                return 1;
            }
        off += (uint32_t)r;
    }
    if (r < 0 || off != n) {
        printf("# read %u of %u bytes (%s)\n", (unsigned)off, (unsigned)n,
               r < 0 ? strerror(errno) : "end");
        return 1;
    }
    return 0;
}

/* ---- the cases ------------------------------------------------------------ */

/* QEMU's user network gives 10.0.2.15/24 and gateway 10.0.2.2 by DHCP. */
static int
dhcp_gives_the_address(void)
{
    struct netd_info in;

    NEED_NIC();
    CHECK(our_addr() != 0);
    CHECK_EQ(net_info(&in), 0);
    CHECK_EQ(in.addr, ip(10, 0, 2, 15));
    CHECK_EQ(in.gw, ip(10, 0, 2, 2));
    CHECK_EQ(in.mask, ip(255, 255, 255, 0));
    CHECK_EQ(in.dhcp, 1);
    CHECK(in.rx_frames > 0 && in.tx_frames > 0 && in.irqs > 0);
    return 0;
}

/* An ICMP echo to the gateway comes back. */
static int
ping_the_gateway(void)
{
    int ms;

    NEED_NIC();
    CHECK(our_addr() != 0);
    CHECK((ms = net_ping(ip(10, 0, 2, 2), 3000)) >= 0);
    printf("# ping 10.0.2.2: %d ms\n", ms);
    CHECK_EQ(net_ping(ip(127, 0, 0, 1), 3000) >= 0, 1); // lwIP answers its own loopback
    return 0;
}

/* Two processes, BULK bytes each way over addr, every byte checked: the
 * child connects and sends, we accept, check, answer, close. */
static int
tcp_bulk(uint32_t addr)
{
    uint16_t port;
    int l, c;
    rid_t child;

    CHECK((l = listener(addr, &port)) >= 0);
    CHECK((child = spawn("client", addr, port)) > 0);
    CHECK((c = accept(l, NULL, NULL)) >= 0);
    int one = 1;
    CHECK_EQ(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)), 0);
    CHECK_EQ(recv_pattern(c, BULK, 1), 0);
    CHECK_EQ(send_pattern(c, BULK, 2), 0);
    CHECK_EQ(close(c), 0);
    CHECK_EQ(close(l), 0);
    CHECK_EQ(wait_status(child), 0);
    return 0;
}

static int
tcp_over_loopback(void)
{
    return tcp_bulk(ip(127, 0, 0, 1));
}

static int
tcp_over_our_address(void)
{
    uint32_t a;

    NEED_NIC();
    CHECK((a = our_addr()) != 0);
    return tcp_bulk(a);
}

/* The names on both ends: getsockname, getpeername, accept's address. */
static int
names_on_both_ends(void)
{
    struct sockaddr_in a, b;
    socklen_t la = sizeof(a), lb = sizeof(b);
    uint16_t port;
    int l, s, c;

    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    CHECK((s = connect_to(ip(127, 0, 0, 1), port)) >= 0);
    CHECK((c = accept(l, (struct sockaddr *)&a, &la)) >= 0);
    CHECK_EQ(la, sizeof(a));
    CHECK_EQ(a.sin_family, AF_INET);
    CHECK_EQ(a.sin_addr.s_addr, ip(127, 0, 0, 1));
    CHECK_EQ(getsockname(s, (struct sockaddr *)&b, &lb), 0);
    CHECK_EQ(b.sin_port, a.sin_port);
    lb = sizeof(b);
    CHECK_EQ(getpeername(s, (struct sockaddr *)&b, &lb), 0);
    CHECK_EQ(ntohs(b.sin_port), port);
    lb = sizeof(b);
    CHECK_EQ(getpeername(l, (struct sockaddr *)&b, &lb), -1);
    CHECK_EQ(errno, ENOTCONN);
    CHECK_EQ(send(s, "ping", 4, 0), 4);
    char buf[8];
    CHECK_EQ(recv(c, buf, sizeof(buf), 0), 4);
    CHECK(memcmp(buf, "ping", 4) == 0);
    CHECK_EQ(close(s), 0);
    CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0); // the peer's FIN: end of stream
    CHECK_EQ(close(c), 0);
    CHECK_EQ(close(l), 0);
    return 0;
}

/* UDP: datagrams both ways, the sender's address from recvfrom; over our
 * address too when there is a NIC. */
static int
udp_datagrams(void)
{
    uint32_t addrs[2] = {ip(127, 0, 0, 1), have_nic() ? our_addr() : 0};

    for (int k = 0; k < 2 && addrs[k]; k++) {
        struct sockaddr_in a = sin_of(addrs[k], 0), from;
        socklen_t len = sizeof(a), flen = sizeof(from);
        char buf[64];
        int u = socket(AF_INET, SOCK_DGRAM, 0), v = socket(AF_INET, SOCK_DGRAM, 0);
        CHECK(u >= 0 && v >= 0);
        CHECK_EQ(bind(u, (struct sockaddr *)&a, sizeof(a)), 0);
        CHECK_EQ(getsockname(u, (struct sockaddr *)&a, &len), 0);
        CHECK(a.sin_port != 0);
        CHECK_EQ(sendto(v, "hello udp", 9, 0, (struct sockaddr *)&a, sizeof(a)), 9);
        CHECK_EQ(recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen), 9);
        CHECK(memcmp(buf, "hello udp", 9) == 0);
        CHECK_EQ(sendto(u, "back", 4, 0, (struct sockaddr *)&from, flen), 4);
        CHECK_EQ(recv(v, buf, sizeof(buf), 0), 4);
        CHECK(memcmp(buf, "back", 4) == 0);
        CHECK_EQ(recv(v, buf, sizeof(buf), MSG_DONTWAIT), -1); // nothing more
        CHECK_EQ(errno, EAGAIN);
        CHECK_EQ(close(u), 0);
        CHECK_EQ(close(v), 0);
    }
    return 0;
}

/* A port nobody listens on refuses: ECONNREFUSED, over loopback and LAN. */
static int
closed_port_refuses(void)
{
    CHECK_EQ(connect_to(ip(127, 0, 0, 1), 9), -1);
    CHECK_EQ(errno, ECONNREFUSED);
    if (have_nic()) {
        uint32_t a = our_addr();
        CHECK(a != 0);
        CHECK_EQ(connect_to(a, 9), -1);
        CHECK_EQ(errno, ECONNREFUSED);
    }
    return 0;
}

/* A second bind of a port in use: EADDRINUSE; free again after close. */
static int
port_in_use(void)
{
    uint16_t port;
    int l, s;

    CHECK((l = listener(INADDR_ANY, &port)) >= 0);
    struct sockaddr_in a = sin_of(INADDR_ANY, port);
    CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    CHECK_EQ(bind(s, (struct sockaddr *)&a, sizeof(a)), -1);
    CHECK_EQ(errno, EADDRINUSE);
    CHECK_EQ(close(l), 0);
    int one = 1;
    CHECK_EQ(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
    CHECK_EQ(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    CHECK_EQ(listen(s, 4), 0);
    CHECK_EQ(close(s), 0);
    return 0;
}

/* A client that connected, sent and closed before we accepted: accept
 * still gives the connection, with its data and then the end. */
static int
accept_after_the_client_closed(void)
{
    uint16_t port;
    int l, c;
    char buf[16];

    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    CHECK_EQ(wait_status(spawn("hitandrun", ip(127, 0, 0, 1), port)), 0);
    CHECK((c = accept(l, NULL, NULL)) >= 0);
    CHECK_EQ(recv(c, buf, sizeof(buf), MSG_WAITALL), 3);
    CHECK(memcmp(buf, "bye", 3) == 0);
    CHECK_EQ(close(c), 0);
    CHECK_EQ(close(l), 0);
    return 0;
}

/* A listening socket passes to a child like a file: the child accepts on
 * it (NETD_ADOPT), the parent connects. A process that is not a
 * descendant cannot take it over. */
static int
children_inherit_sockets(void)
{
    uint16_t port;
    int l, s;
    char buf[16];

    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    int l2 = dup(l); // two descriptors on one socket go as one
    CHECK(l2 >= 0);
    rid_t child = spawn("acceptor", (uint32_t)l, (uint32_t)l2);
    CHECK(child > 0);
    CHECK((s = connect_to(ip(127, 0, 0, 1), port)) >= 0);
    CHECK_EQ(recv(s, buf, sizeof(buf), MSG_WAITALL), 5);
    CHECK(memcmp(buf, "child", 5) == 0);
    CHECK_EQ(wait_status(child), 0);
    CHECK_EQ(close(s), 0);
    CHECK_EQ(close(l2), 0);
    CHECK_EQ(close(l), 0);
    return 0;
}

/* poll: a quiet listener times out, a pending connection makes it
 * readable, a connected socket is writable, a file is always ready, a
 * closed descriptor is POLLNVAL. */
static int
poll_sockets_and_files(void)
{
    uint16_t port;
    int l, s, f;
    struct pollfd p[3];

    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    p[0] = (struct pollfd){l, POLLIN, 0};
    CHECK_EQ(poll(p, 1, 100), 0);
    CHECK((s = connect_to(ip(127, 0, 0, 1), port)) >= 0);
    CHECK_EQ(poll(p, 1, 2000), 1);
    CHECK_EQ(p[0].revents, POLLIN);
    CHECK((f = open("/README", O_RDONLY)) >= 0);
    p[0] = (struct pollfd){s, POLLIN | POLLOUT, 0};
    p[1] = (struct pollfd){f, POLLIN, 0};
    p[2] = (struct pollfd){40, POLLIN, 0};
    CHECK_EQ(poll(p, 3, 1000), 3);
    CHECK_EQ(p[0].revents, POLLOUT);
    CHECK_EQ(p[1].revents, POLLIN);
    CHECK_EQ(p[2].revents, POLLNVAL);
    CHECK_EQ(close(f), 0);
    CHECK_EQ(close(s), 0);
    CHECK_EQ(close(l), 0);
    return 0;
}

/* Errors of the calls themselves: EBADF, ENOTSOCK, EAFNOSUPPORT, EPIPE
 * after the write side was shut. */
static int
errors_of_the_calls(void)
{
    uint16_t port;
    int l, s, c, f;

    CHECK_EQ(socket(AF_UNSPEC + 1, SOCK_STREAM, 0), -1);
    CHECK_EQ(errno, EAFNOSUPPORT);
    CHECK_EQ(listen(45, 1), -1);
    CHECK_EQ(errno, EBADF);
    CHECK((f = open("/README", O_RDONLY)) >= 0);
    CHECK_EQ(listen(f, 1), -1);
    CHECK_EQ(errno, ENOTSOCK);
    CHECK_EQ(close(f), 0);
    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    CHECK((s = connect_to(ip(127, 0, 0, 1), port)) >= 0);
    CHECK((c = accept(l, NULL, NULL)) >= 0);
    CHECK_EQ(shutdown(s, SHUT_WR), 0);
    CHECK_EQ(send(s, "x", 1, MSG_NOSIGNAL), -1);
    CHECK_EQ(errno, EPIPE);
    char buf[4];
    CHECK_EQ(recv(c, buf, sizeof(buf), 0), 0); // the FIN
    CHECK_EQ(close(c), 0);
    CHECK_EQ(close(s), 0);
    CHECK_EQ(close(l), 0);
    CHECK_EQ(close(s), -1);
    CHECK_EQ(errno, EBADF);
    return 0;
}

/* Another owner has SOCK_PER_OWNER sockets at most (EMFILE); the system
 * owner still gets one while it holds them. */
static int
other_owners_are_limited(void)
{
    rid_t hog = spawn("hog", 0, 0);

    CHECK(hog > 0);
    int st = wait_status(hog);
    CHECK_EQ(st, 32);
    return 0;
}

static rid_t
netd_box(void)
{
    return resfind(RT_CBOX, NETD_BOX);
}

/* A raw request: code, sock, size with a container of csize bytes; the
 * result netd answered. */
static int
raw_call(uint32_t csize, uint32_t code, int32_t sock, uint32_t size, uint32_t flags)
{
    struct cmsg m, got;
    rid_t reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
    int r;

    if (reply < 0 || ccreate(csize, &m) < 0)
        return -9999;
    if (csize >= sizeof(struct netd_msg)) {
        struct netd_msg *q = cmsg_data(&m);
        q->code = code;
        q->sock = sock;
        q->size = size;
        q->flags = flags;
        q->timeout_ms = 0;
    }
    if (ccall(netd_box(), m.cont, reply, &got, 5000) != m.cont)
        r = -9998;
    else
        r = csize >= 8 ? ((int32_t *)cmsg_data(&got))[1] : 0;
    resdelete(m.cont);
    resdelete(reply);
    return r;
}

/* Hostile containers: too small, unknown codes, sizes past the container,
 * sockets that are not the sender's, a bad poll, a stop from another
 * owner, one sent without a reply box. Each gets an error; netd goes on. */
static int
hostile_requests(void)
{
    struct netd_info before, after;
    int s;

    CHECK_EQ(net_info(&before), 0);
    CHECK_EQ(raw_call(4096, 999, 0, 0, 0), -ENOSYS);
    CHECK_EQ(raw_call(4096, 0, 0, 0, 0), -ENOSYS);
    CHECK_EQ(raw_call(16, NETD_SOCKET, 0, 0, NETD_TCP), -EINVAL); // shorter than the header
    CHECK_EQ(raw_call(4096, NETD_SEND, 1, 8192, 0), -EINVAL);     // data past the container
    CHECK_EQ(raw_call(4096, NETD_RECV, 0x7fffffff, 100, 0), -EBADF);
    CHECK_EQ(raw_call(4096, NETD_POLL, 0, 7, 0), -EINVAL);
    CHECK_EQ(raw_call(4096, NETD_SOCKET, 0, 0, 77), -EPROTONOSUPPORT);
    // a socket of another process (this one's): EBADF for the helper
    CHECK((s = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
    int32_t id = 0;
    {
        struct sockaddr_in a = sin_of(ip(127, 0, 0, 1), 0);
        CHECK_EQ(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    }
    // the id is the file's handle: read it from what a child would get
    rid_t h = spawn("stranger", 0, 0); // not our descendant's socket: its own tries
    CHECK(h > 0);
    CHECK_EQ(wait_status(h), 0);
    (void)id;
    // without a reply box: netd drops it
    struct cmsg m;
    CHECK(ccreate(4096, &m) > 0);
    ((struct netd_msg *)cmsg_data(&m))->code = NETD_INFO;
    CHECK_EQ(csend(netd_box(), m.cont), 0);
    // a stop from another owner
    CHECK_EQ(wait_status(spawn("stopper", 0, 0)), 0);
    // netd goes on
    CHECK_EQ(close(s), 0);
    CHECK_EQ(net_info(&after), 0);
    CHECK(after.bad_requests > before.bad_requests);
    CHECK_EQ(after.sockets, before.sockets);
    uint16_t port;
    int l;
    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    CHECK_EQ(close(l), 0);
    return 0;
}

/* Wait until netd's sockets and held requests are back to before's. */
static int
netd_back_to(const struct netd_info *before)
{
    struct netd_info in;

    for (int i = 0; i < 60; i++) {
        if (net_info(&in) == 0 && in.sockets == before->sockets && in.held == before->held &&
            in.buffered == before->buffered)
            return 1;
        usleep(100000);
    }
    printf("# netd: sockets %u -> %u, held %u -> %u, buffered %u -> %u\n",
           (unsigned)before->sockets, (unsigned)in.sockets, (unsigned)before->held,
           (unsigned)in.held, (unsigned)before->buffered, (unsigned)in.buffered);
    return 0;
}

/* A client killed while it sends as fast as it can, another killed while
 * it waits in recv: netd lets their sockets and requests go, our side sees
 * the end (or a reset), nothing is left. */
static int
clients_killed_mid_transfer(void)
{
    struct netd_info before;
    uint16_t port;
    int l, c, c2;
    static char buf[16384];

    CHECK_EQ(net_info(&before), 0);
    CHECK((l = listener(ip(127, 0, 0, 1), &port)) >= 0);
    rid_t flood = spawn("flood", ip(127, 0, 0, 1), port);
    CHECK(flood > 0);
    CHECK((c = accept(l, NULL, NULL)) >= 0);
    uint32_t got = 0;
    while (got < 100000) {
        ssize_t r = recv(c, buf, sizeof(buf), 0);
        CHECK(r > 0);
        got += (uint32_t)r;
    }
    rid_t sleeper = spawn("sleeper", ip(127, 0, 0, 1), port);
    CHECK(sleeper > 0);
    CHECK((c2 = accept(l, NULL, NULL)) >= 0);
    usleep(200000); // it waits in recv now
    CHECK_EQ(kill(flood, SIGKILL), 0);
    CHECK_EQ(kill(sleeper, SIGKILL), 0);
    wait_status(flood);
    wait_status(sleeper);
    ssize_t r;
    while ((r = recv(c, buf, sizeof(buf), 0)) > 0) // what it sent, then the end
        ;
    CHECK(r == 0 || (r < 0 && errno == ECONNRESET));
    CHECK_EQ(close(c), 0);
    CHECK_EQ(close(c2), 0);
    CHECK_EQ(close(l), 0);
    CHECK(netd_back_to(&before));
    return 0;
}

/* Another owner that never reads what it sends itself gets 192 KiB into
 * netd's buffers and no more (its sends say EAGAIN); the system owner's
 * transfer still goes through meanwhile; its end frees everything. */
static int
other_owners_buffers_are_limited(void)
{
    struct netd_info before, in;
    int full = 0;

    CHECK_EQ(net_info(&before), 0);
    rid_t hog = spawn("bufhog", 0, 0);
    CHECK(hog > 0);
    for (int i = 0; i < 100 && !full; i++) {
        usleep(100000);
        CHECK_EQ(net_info(&in), 0);
        full = in.buffered >= (100u << 10) && in.held == before.held;
        struct res_info ri;
        CHECK(resinfo(hog, &ri) == 0 && ri.u.proc.state != PROC_ZOMBIE); // still holding
    }
    CHECK(full);
    usleep(500000);
    CHECK(resinfo(hog, &(struct res_info){0}) == 0);
    int st = tcp_bulk(ip(127, 0, 0, 1)); // the system owner's reserve
    CHECK_EQ(kill(hog, SIGKILL), 0);
    wait_status(hog);
    CHECK_EQ(st, 0);
    CHECK(netd_back_to(&before));
    return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Per-request costs, printed as BENCH lines (DESIGN §6's format, us only). */
static int
cost(uint32_t n)
{
    struct netd_info in;
    uint16_t port;
    int l, c, one = 1;
    char x = 'x';

    uint64_t t0 = now_ns();
    for (uint32_t i = 0; i < n; i++)
        if (net_info(&in) < 0)
            return 10;
    uint64_t t1 = now_ns();
    printf("BENCH net info n=%u ns_per_call=%u\n", (unsigned)n, (unsigned)((t1 - t0) / n));
    if ((l = listener(ip(127, 0, 0, 1), &port)) < 0)
        return 11;
    rid_t peer = spawn("echo", ip(127, 0, 0, 1), port);
    if (peer < 0 || (c = accept(l, NULL, NULL)) < 0)
        return 12;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    t0 = now_ns();
    for (uint32_t i = 0; i < n; i++)
        if (write(c, &x, 1) != 1 || read(c, &x, 1) != 1)
            return 13;
    t1 = now_ns();
    printf("BENCH net tcp-echo-1B n=%u ns_per_round_trip=%u\n", (unsigned)n,
           (unsigned)((t1 - t0) / n));
    close(c);
    close(l);
    return wait_status(peer) == 0 ? 0 : 14;
}

static int
helper(int argc, char **argv)
{
    const char *what = argv[1];
    uint32_t a = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 0;
    uint32_t b = argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 0) : 0;
    int s;

    if (strcmp(what, "client") == 0) { // BULK bytes to a:b, then BULK back
        if ((s = connect_to(a, (uint16_t)b)) < 0)
            return 10;
        if (send_pattern(s, BULK, 1))
            return 11;
        if (shutdown(s, SHUT_WR) < 0)
            return 12;
        if (recv_pattern(s, BULK, 2))
            return 13;
        return close(s) < 0 ? 14 : 0;
    }
    if (strcmp(what, "hitandrun") == 0) {
        if ((s = connect_to(a, (uint16_t)b)) < 0)
            return 10;
        return write(s, "bye", 3) == 3 && close(s) == 0 ? 0 : 11;
    }
    if (strcmp(what, "acceptor") == 0) { // accept on the inherited descriptor a (b: its dup)
        int c = accept((int)a, NULL, NULL);
        if (c < 0)
            return 10;
        if (write(c, "child", 5) != 5 || close(c) < 0)
            return 11;
        return close((int)a) == 0 && (!b || close((int)b) == 0) ? 0 : 12;
    }
    if (strcmp(what, "flood") == 0) {
        static char buf[16384];
        if ((s = connect_to(a, (uint16_t)b)) < 0)
            return 10;
        memset(buf, 'f', sizeof(buf));
        for (;;)
            if (write(s, buf, sizeof(buf)) < 0)
                return 11;
    }
    if (strcmp(what, "sleeper") == 0) {
        char c;
        if ((s = connect_to(a, (uint16_t)b)) < 0)
            return 10;
        return (int)recv(s, &c, 1, 0) + 20; // killed before anything comes
    }
    if (strcmp(what, "hog") == 0) { // another owner: sockets until refused
        int n = 0;
        if (tap_become(TEST_OID) < 0)
            return 100;
        while (socket(AF_INET, SOCK_DGRAM, 0) >= 0)
            n++;
        if (errno != EMFILE)
            return 101;
        return n;
    }
    if (strcmp(what, "bufhog") == 0) { // another owner: unread data until refused
        uint16_t port;
        int l, c[8], sv[8], total = 0;
        static char buf[16384];
        if (tap_become(TEST_OID) < 0 || (l = listener(ip(127, 0, 0, 1), &port)) < 0)
            return 100;
        for (int k = 0; k < 8; k++) {
            if ((c[k] = connect_to(ip(127, 0, 0, 1), port)) < 0 ||
                (sv[k] = accept(l, NULL, NULL)) < 0 || fcntl(c[k], F_SETFL, O_NONBLOCK) < 0)
                return 101;
        }
        for (int round = 0; round < 20; round++) { // nobody reads: netd buffers what it may
            for (int k = 0; k < 8; k++) {
                ssize_t r;
                while ((r = send(c[k], buf, sizeof(buf), 0)) > 0)
                    total += (int)r;
                if (r < 0 && errno != EAGAIN)
                    return 102;
            }
            usleep(20000);
        }
        printf("# another owner got %d unread bytes into netd\n", total);
        fflush(stdout);
        if (total > (int)(200u << 10) || total < (int)(64u << 10))
            return 103;
        printf("t_net: bufhog full\n");
        fflush(stdout);
        sys_sleepms(100000); // holds it all until killed
        return 0;
    }
    if (strcmp(what, "stranger") == 0) { // sockets it does not hold: EBADF
        for (int32_t id = 1; id < 4096; id += 3)
            if (raw_call(4096, NETD_CLOSE, id, 0, 0) != -EBADF ||
                raw_call(4096, NETD_ADOPT, id, 0, 0) != -EBADF)
                return 10;
        return 0;
    }
    if (strcmp(what, "stopper") == 0) {
        if (tap_become(TEST_OID) < 0)
            return 100;
        return net_stop() == -1 && errno == EPERM ? 0 : 10;
    }
    if (strcmp(what, "echo") == 0) { // one connection to a:b, every byte back
        char c;
        if ((s = connect_to(a, (uint16_t)b)) < 0)
            return 10;
        int one = 1;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        while (read(s, &c, 1) == 1)
            if (write(s, &c, 1) != 1)
                return 11;
        return close(s) < 0 ? 12 : 0;
    }
    if (strcmp(what, "cost") == 0)
        return cost(a ? a : 1000);
    if (strcmp(what, "http") == 0) { // the host's check through QEMU's hostfwd
        struct sockaddr_in sa = sin_of(INADDR_ANY, (uint16_t)a);
        int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);
        static char req[2048];
        if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
            bind(l, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(l, 4) < 0) {
            perror("t_net http");
            return 10;
        }
        printf("t_net: listening on port %u\n", (unsigned)a);
        fflush(stdout);
        for (uint32_t i = 0; i < (b ? b : 1); i++) {
            int c = accept(l, NULL, NULL);
            if (c < 0)
                return 11;
            ssize_t n = recv(c, req, sizeof(req) - 1, 0);
            const char *resp =
                "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from tender\n";
            if (n <= 0 || send(c, resp, strlen(resp), 0) != (ssize_t)strlen(resp))
                return 12;
            close(c);
            printf("t_net: answered request %u\n", (unsigned)i + 1);
        }
        return close(l) < 0 ? 13 : 0;
    }
    return 99;
}

static const struct tcase cases[] = {
    {"DHCP gives 10.0.2.15/24, gateway 10.0.2.2", dhcp_gives_the_address},
    {"an ICMP echo of the gateway (and of 127.0.0.1) comes back", ping_the_gateway},
    {"TCP over 127.0.0.1: 300 KiB each way between two processes, every byte checked",
     tcp_over_loopback},
    {"TCP over our own address: 300 KiB each way, every byte checked", tcp_over_our_address},
    {"getsockname, getpeername, accept's address; recv sees the peer's close", names_on_both_ends},
    {"UDP datagrams both ways, recvfrom's sender, EAGAIN when empty", udp_datagrams},
    {"a closed port: ECONNREFUSED", closed_port_refuses},
    {"a port in use: EADDRINUSE; SO_REUSEADDR", port_in_use},
    {"accept after the client sent and closed: its data, then the end",
     accept_after_the_client_closed},
    {"a listening socket inherited by a child that accepts on it", children_inherit_sockets},
    {"poll over sockets and a file; POLLNVAL", poll_sockets_and_files},
    {"EBADF, ENOTSOCK, EAFNOSUPPORT, EPIPE after SHUT_WR", errors_of_the_calls},
    {"another owner has 32 sockets at most (EMFILE)", other_owners_are_limited},
    {"another owner's unread data stops at its share; the system owner's transfer goes on",
     other_owners_buffers_are_limited},
    {"hostile containers to netd get errors and netd goes on", hostile_requests},
    {"clients killed mid-transfer and in recv: netd's sockets and requests come back",
     clients_killed_mid_transfer},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_net [http PORT N]", "test suite: netd, lwIP and sockets (TAP)"))
        return 0;
    signal(SIGPIPE, SIG_IGN);
    if (argc >= 2 && strcmp(argv[1], "case") != 0)
        return helper(argc, argv);
    if (argc == 1) {
        // a warm-up before the leak check's first count: DHCP's answer is
        // printed, netd's first clients give it page tables for their
        // containers' ranges and the file server caches /README (which
        // poll's case opens); it keeps them, which is not a leak
        if (have_nic())
            our_addr();
        tap_run("t_net", "case", "4", NULL, 0);
        tap_run("t_net", "case", "5", NULL, 0);
        int f = open("/README", O_RDONLY);
        if (f >= 0)
            close(f);
    }
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

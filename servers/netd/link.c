/*
 * link.c - netd's network interface: the e1000 (e1000.c) as an lwIP netif
 * named en0, with DHCP, and the static address 10.0.2.15/24 (gateway
 * 10.0.2.2, QEMU's user network) when DHCP has not answered within
 * DHCP_WAIT_MS. Frames go out through e1000_tx, gathered from the pbuf
 * chain; received frames are copied into pool pbufs and handed to lwIP in
 * netd's loop (never from an interrupt: the kernel only queues a
 * notification). Invariants: `up` is set once the NIC is driven; `dhcp_ok`
 * and `fixed` are never both set. The cycles of link_poll and link_output
 * are counted in netd_time (stats.h).
 * Public: link_start, link_bind, link_poll, link_irq, link_tick, link_addr, link_stop.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/prot/dhcp.h"
#include "lwip/sys.h"
#include "netif/ethernet.h"
#include "servers/netd/e1000.h"
#include "servers/netd/link.h"
#include "servers/netd/stats.h"

#define DHCP_WAIT_MS 8000
#define PARTS_MAX 16
#define TX_TRIES 1000

static struct netif nif;
static uint8_t mac[6];
static int up, dhcp_ok, fixed, said;
static uint32_t started;

static err_t
send(struct pbuf *p)
{
    const void *parts[PARTS_MAX];
    uint16_t lens[PARTS_MAX];
    int k = 0;

    for (struct pbuf *q = p; q; q = q->next) {
        if (k == PARTS_MAX)
            return ERR_BUF;
        parts[k] = q->payload;
        lens[k++] = q->len;
    }
    for (int i = 0; i < TX_TRIES; i++) {
        int r = e1000_tx(parts, lens, k);
        if (r == 0)
            return ERR_OK;
        if (r != -EAGAIN)
            return ERR_BUF;
        yield(); // the ring is full: the device is sending
    }
    return ERR_MEM;
}

static err_t
link_output(struct netif *n, struct pbuf *p)
{
    uint64_t t0 = rdtsc();
    err_t e = send(p);

    (void)n;
    netd_time.tx += rdtsc() - t0;
    return e;
}

static err_t
link_init_netif(struct netif *n)
{
    n->name[0] = 'e', n->name[1] = 'n';
    n->hwaddr_len = 6;
    memcpy(n->hwaddr, mac, 6);
    n->mtu = 1500;
    n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    n->output = etharp_output;
    n->linkoutput = link_output;
    return ERR_OK;
}

static void
say(void)
{
    char a[16], g[16];

    if (said || ip4_addr_isany_val(*netif_ip4_addr(&nif)))
        return;
    said = 1;
    ip4addr_ntoa_r(netif_ip4_addr(&nif), a, sizeof(a));
    ip4addr_ntoa_r(netif_ip4_gw(&nif), g, sizeof(g));
    printf("netd: en0 %s gateway %s (%s)\n", a, g, dhcp_ok ? "DHCP" : "static");
}

/* See link.h. */
int
link_start(void)
{
    int err = e1000_init(mac);

    if (err < 0)
        return err;
    if (!netif_add(&nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL, link_init_netif,
                   ethernet_input)) {
        e1000_stop();
        return -ENOMEM;
    }
    netif_set_default(&nif);
    netif_set_up(&nif);
    netif_set_link_up(&nif);
    dhcp_start(&nif);
    started = sys_now();
    up = 1;
    printf("netd: e1000 %02x:%02x:%02x:%02x:%02x:%02x, asking DHCP\n", mac[0], mac[1], mac[2],
           mac[3], mac[4], mac[5]);
    return 0;
}

/* See link.h. */
int
link_bind(rid_t box)
{
    return e1000_bind(box);
}

/* See link.h. */
void
link_poll(void)
{
    const uint8_t *frame;
    uint16_t len;
    uint64_t t0;

    if (!up)
        return;
    t0 = rdtsc();
    while ((frame = e1000_rx_next(&len))) {
        struct pbuf *p = pbuf_alloc(PBUF_RAW, len, PBUF_POOL);
        if (p) {
            pbuf_take(p, frame, len);
            if (nif.input(p, &nif) != ERR_OK)
                pbuf_free(p);
        }
        e1000_rx_done();
    }
    netd_time.rx += rdtsc() - t0;
}

/* See link.h. */
void
link_irq(void)
{
    if (up)
        (void)e1000_irq();
    link_poll();
}

/* See link.h. */
void
link_tick(void)
{
    if (!up)
        return;
    if (!dhcp_ok && !fixed && dhcp_supplied_address(&nif)) {
        dhcp_ok = 1;
        say();
    }
    if (!dhcp_ok && !fixed && sys_now() - started > DHCP_WAIT_MS) {
        ip4_addr_t a, m, g;
        dhcp_stop(&nif);
        IP4_ADDR(&a, 10, 0, 2, 15);
        IP4_ADDR(&m, 255, 255, 255, 0);
        IP4_ADDR(&g, 10, 0, 2, 2);
        netif_set_addr(&nif, &a, &m, &g);
        fixed = 1;
        say();
    }
}

/* See link.h. */
void
link_addr(uint32_t *addr, uint32_t *mask, uint32_t *gw, uint32_t *dhcp)
{
    *addr = *mask = *gw = *dhcp = 0;
    if (!up || (!dhcp_ok && !fixed))
        return;
    *addr = ip4_addr_get_u32(netif_ip4_addr(&nif));
    *mask = ip4_addr_get_u32(netif_ip4_netmask(&nif));
    *gw = ip4_addr_get_u32(netif_ip4_gw(&nif));
    *dhcp = (uint32_t)dhcp_ok;
}

/* See link.h. */
void
link_stop(void)
{
    if (!up)
        return;
    dhcp_stop(&nif);
    netif_set_down(&nif);
    netif_remove(&nif);
    e1000_stop();
    up = 0;
}

/*
 * user/bin/netinfo.c - the network server's state (net.h's net_info):
 * the address and how it came, the sockets and bytes it holds, lwIP's
 * heap, and the frames and interrupts the NIC has seen. What a researcher
 * looks at before and after a load, and what the fault-injection test
 * compares (nothing held may grow).
 *
 *     netinfo
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

static const char *
dotted(uint32_t addr, char *buf)
{
    struct in_addr a = {.s_addr = addr};

    return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN) ? buf : "?";
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "netinfo", "the network server's address, sockets and counters"))
        return 0;
    char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
    struct netd_info i;

    if (net_info(&i) < 0) {
        fprintf(stderr, "netinfo: %s\n", strerror(errno));
        return 1;
    }
    if (!i.nic)
        printf("en0: no network card (the loopback 127.0.0.1 only)\n");
    else if (!i.addr)
        printf("en0: no address yet (DHCP asked)\n");
    else
        printf("en0: %s mask %s gateway %s (%s)\n", dotted(i.addr, a), dotted(i.mask, m),
               dotted(i.gw, g), i.dhcp ? "DHCP" : "static");
    printf("sockets %u (your owner's %u), requests waiting %u, bytes buffered %u\n",
           (unsigned)i.sockets, (unsigned)i.owner_sockets, (unsigned)i.held, (unsigned)i.buffered);
    printf("lwIP heap in use %u bytes\n", (unsigned)i.mem_used);
    printf("frames received %u, sent %u, interrupts %u, bad requests %u\n", (unsigned)i.rx_frames,
           (unsigned)i.tx_frames, (unsigned)i.irqs, (unsigned)i.bad_requests);
    struct sysstat st;
    if (sysstat(&st) == 0 && st.tsc_khz) {
        unsigned long long k = st.tsc_khz;
        printf("time: %u requests, busy %llu ms (frames in %llu, requests %llu, frames out %llu)\n",
               (unsigned)i.requests, i.busy_cycles / k, i.rx_cycles / k, i.req_cycles / k,
               i.tx_cycles / k);
    }
    return 0;
}

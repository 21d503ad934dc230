/*
 * lwipopts.h - lwIP's configuration for netd (DESIGN §7): the raw API
 * without an OS (NO_SYS: one thread, netd's loop calls lwIP), IPv4, ARP,
 * DHCP, ICMP, TCP, UDP, a loopback interface and loopback of our own
 * address (two guest processes talk over 127.0.0.1 or 10.0.2.15).
 * Included only by lwIP's sources and netd's files.
 */
#ifndef NETD_LWIPOPTS_H
#define NETD_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_DHCP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_NETIF_LOOPBACK 1
#define LWIP_HAVE_LOOPIF 1
#define LWIP_LOOPBACK_MAX_PBUFS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_STATS 0
#define LWIP_TCP_KEEPALIVE 1
#define SO_REUSE 1
#define LWIP_CHKSUM_ALGORITHM 3

#define MEM_ALIGNMENT 4
#define MEM_SIZE (768 * 1024)
#define MEMP_NUM_PBUF 64
#define MEMP_NUM_UDP_PCB 40
#define MEMP_NUM_TCP_PCB 72
#define MEMP_NUM_TCP_PCB_LISTEN 24
#define MEMP_NUM_TCP_SEG 512
#define MEMP_NUM_SYS_TIMEOUT 16
#define PBUF_POOL_SIZE 128
#define PBUF_POOL_BUFSIZE 1536

#define TCP_MSS 1460
#define TCP_WND (16 * TCP_MSS)
#define TCP_SND_BUF (16 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_LISTEN_BACKLOG 1
#define TCP_DEFAULT_LISTEN_BACKLOG 16
#define LWIP_WND_SCALE 0

#define LWIP_RAND() ((u32_t)netd_random())
unsigned long netd_random(void);

#endif

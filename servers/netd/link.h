/*
 * link.h - netd's network interface: the e1000 as an lwIP netif, its
 * address (DHCP, or the static fallback). Included by netd's files only.
 */
#ifndef NETD_LINK_H
#define NETD_LINK_H

#include <stdint.h>
#include <tender.h>

/* Drive the NIC and start DHCP. Returns 0, or -ENODEV when there is no
 * NIC (netd then serves the loopback alone). */
int link_start(void);

/* The NIC's interrupts from now on to box. Returns 0 or a negative errno. */
int link_bind(rid_t box);

/* Hand every received frame to lwIP. */
void link_poll(void);

/* The interrupt notification came: clear and acknowledge, then poll. */
void link_irq(void);

/* Once a second or so: fall back to the static address when DHCP has not
 * answered in time. */
void link_tick(void);

/* Our address, mask and gateway (network order; 0 while none), and
 * whether DHCP gave them. */
void link_addr(uint32_t *addr, uint32_t *mask, uint32_t *gw, uint32_t *dhcp);

/* Let the NIC go (at NETD_STOP). */
void link_stop(void);

#endif

/*
 * e1000.h - netd's driver of QEMU's e1000 (Intel 82540EM). Included by
 * netd's files only.
 */
#ifndef NETD_E1000_H
#define NETD_E1000_H

#include <stdint.h>
#include <tender.h>

#define E1000_FRAME_MAX 1518

struct e1000_stats {
    uint32_t rx_frames, tx_frames, irqs, rx_dropped;
};

/* Find the e1000 (any 8086:100e), attach it, reset it, set up both rings
 * in DMA memory and start it. Fills mac. Returns 0, or -ENODEV (no such
 * NIC), or the error of the device call. */
int e1000_init(uint8_t mac[6]);

/* Its interrupt to box from now on (devirq), causes enabled. Returns 0 or
 * the negative error of devirq. */
int e1000_bind(rid_t box);

/* The interrupt came (a notification in our box): read the causes, which
 * clears them, and acknowledge the line. Returns the causes. */
uint32_t e1000_irq(void);

/* The next received frame (NULL when none): its bytes and length, valid
 * until e1000_rx_done gives the buffer back to the device. */
const uint8_t *e1000_rx_next(uint16_t *len);
void e1000_rx_done(void);

/* Queue one frame of len bytes (at most E1000_FRAME_MAX) gathered from
 * parts. Returns 0, or -EAGAIN when the ring is full, -EINVAL. */
int e1000_tx(const void *const *parts, const uint16_t *lens, int nparts);

/* Let the device go: reset, no DMA, the line unbound (devdetach). */
void e1000_stop(void);

extern struct e1000_stats e1000_stats;
/* The rid of the interrupt's notification (devirq): what crecv gives for it. */
extern rid_t e1000_note;

#endif

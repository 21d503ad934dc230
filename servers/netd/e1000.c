/*
 * e1000.c - netd's driver of QEMU's e1000 (Intel 82540EM; "PCI/PCI-X Family
 * of Gigabit Ethernet Controllers Software Developer's Manual", 8254x SDM).
 *
 * Model: one DMA buffer (devdma, physically contiguous) holds the receive
 * ring, the transmit ring and a 2 KiB buffer per descriptor. Receive: the
 * device owns descriptors from RDH up to RDT; we take those whose DD bit is
 * set, in order, and give each back by moving RDT past it. Transmit: we own
 * descriptors from TDT on until TDH catches up; a descriptor is free again
 * when its DD bit is set (RS asks the device to write it back). Legacy
 * descriptors, no offloads, CRC stripped (SECRC). Interrupts: receive timer,
 * receive overrun and link change reach our box as notifications (devirq);
 * e1000_irq reads ICR (which clears the causes, 13.4.17) before devack
 * unmasks the line. Invariants: rx_next is the oldest descriptor the device
 * may have filled; tx_tail is TDT as last written; a transmit descriptor
 * with cmd 0 was never used.
 * Public: e1000_init, e1000_bind, e1000_irq, e1000_rx_next, e1000_rx_done, e1000_tx,
 * e1000_stop.
 */
#include <device.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "servers/netd/e1000.h"

#define E1000_VENDOR 0x8086
#define E1000_82540EM 0x100e

/* registers (8254x SDM 13.4) */
#define REG_CTRL 0x0000
#define REG_STATUS 0x0008
#define REG_ICR 0x00c0
#define REG_IMS 0x00d0
#define REG_IMC 0x00d8
#define REG_RCTL 0x0100
#define REG_TCTL 0x0400
#define REG_TIPG 0x0410
#define REG_RDBAL 0x2800
#define REG_RDBAH 0x2804
#define REG_RDLEN 0x2808
#define REG_RDH 0x2810
#define REG_RDT 0x2818
#define REG_RDTR 0x2820
#define REG_TDBAL 0x3800
#define REG_TDBAH 0x3804
#define REG_TDLEN 0x3808
#define REG_TDH 0x3810
#define REG_TDT 0x3818
#define REG_MTA 0x5200
#define REG_RAL0 0x5400
#define REG_RAH0 0x5404

#define CTRL_ASDE (1u << 5)
#define CTRL_SLU (1u << 6)
#define CTRL_RST (1u << 26)
#define RCTL_EN (1u << 1)
#define RCTL_BAM (1u << 15)
#define RCTL_SECRC (1u << 26) /* strip the CRC; BSIZE 00: 2048-byte buffers */
#define TCTL_EN (1u << 1)
#define TCTL_PSP (1u << 3)
#define TCTL_CT (0x10u << 4)
#define TCTL_COLD (0x40u << 12)
#define TIPG_DEFAULT 0x0060200au /* IPGT 10, IPGR1 8, IPGR2 6 (13.4.34) */
#define ICR_TXDW (1u << 0)
#define ICR_LSC (1u << 2)
#define ICR_RXDMT0 (1u << 4)
#define ICR_RXO (1u << 6)
#define ICR_RXT0 (1u << 7)
#define RAH_AV (1u << 31)
#define TXD_EOP 0x01
#define TXD_IFCS 0x02
#define TXD_RS 0x08
#define DESC_DD 0x01
#define RXD_EOP 0x02

#define NRX 64
#define NTX 64
#define BUF 2048
#define PAGE 4096
/* the DMA buffer: rings first (a page each), then the buffers */
#define RX_RING_OFF 0
#define TX_RING_OFF PAGE
#define RX_BUF_OFF (2 * PAGE)
#define TX_BUF_OFF (RX_BUF_OFF + NRX * BUF)
#define DMA_PAGES ((TX_BUF_OFF + NTX * BUF) / PAGE)

struct txd {
    uint32_t addr_lo, addr_hi;
    uint16_t length;
    uint8_t cso, cmd, status, css;
    uint16_t special;
};
struct rxd {
    uint32_t addr_lo, addr_hi;
    uint16_t length, csum;
    uint8_t status, errors;
    uint16_t special;
};
_Static_assert(sizeof(struct txd) == 16 && sizeof(struct rxd) == 16, "legacy descriptors");
_Static_assert(NRX * sizeof(struct rxd) <= PAGE && NTX * sizeof(struct txd) <= PAGE, "rings fit");

struct e1000_stats e1000_stats;
rid_t e1000_note;

static rid_t dev;
static uint32_t mmio;
static struct devdma dma;
static volatile struct rxd *rx_ring;
static volatile struct txd *tx_ring;
static uint32_t rx_next, tx_tail;

static uint32_t
rd(uint32_t reg)
{
    return mmio_read32(mmio, reg);
}

static void
wr(uint32_t reg, uint32_t v)
{
    mmio_write32(mmio, reg, v);
}

/* The e1000's device resource, or 0. */
static rid_t
find(void)
{
    rid_t rids[32];
    struct res_info ri;
    int n = reslist(RT_DEVICE, 0, rids, 32);

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], &ri) == 0 && ri.u.device.vendor == E1000_VENDOR &&
            ri.u.device.device == E1000_82540EM)
            return rids[i];
    return 0;
}

static void
reset(void)
{
    wr(REG_IMC, 0xffffffffu);
    wr(REG_CTRL, rd(REG_CTRL) | CTRL_RST);
    for (int i = 0; i < 100 && (rd(REG_CTRL) & CTRL_RST); i++)
        sys_sleepms(1);
    wr(REG_IMC, 0xffffffffu);
    (void)rd(REG_ICR);
}

static void
rings(void)
{
    rx_ring = (volatile struct rxd *)(uintptr_t)(dma.addr + RX_RING_OFF);
    tx_ring = (volatile struct txd *)(uintptr_t)(dma.addr + TX_RING_OFF);
    for (int i = 0; i < NRX; i++) {
        rx_ring[i].addr_lo = dma.phys + RX_BUF_OFF + (uint32_t)i * BUF;
        rx_ring[i].addr_hi = 0;
        rx_ring[i].status = 0;
    }
    for (int i = 0; i < NTX; i++) {
        tx_ring[i].addr_lo = dma.phys + TX_BUF_OFF + (uint32_t)i * BUF;
        tx_ring[i].addr_hi = 0;
        tx_ring[i].cmd = 0;
        tx_ring[i].status = DESC_DD; // free
    }
    wr(REG_RDBAL, dma.phys + RX_RING_OFF);
    wr(REG_RDBAH, 0);
    wr(REG_RDLEN, NRX * sizeof(struct rxd));
    wr(REG_RDH, 0);
    wr(REG_RDT, NRX - 1);
    wr(REG_RDTR, 0); // an interrupt per frame: no receive delay
    rx_next = 0;
    wr(REG_TDBAL, dma.phys + TX_RING_OFF);
    wr(REG_TDBAH, 0);
    wr(REG_TDLEN, NTX * sizeof(struct txd));
    wr(REG_TDH, 0);
    wr(REG_TDT, 0);
    tx_tail = 0;
}

/* See e1000.h. */
int
e1000_init(uint8_t mac[6])
{
    struct devmap map;

    if (!(dev = find()))
        return -ENODEV;
    if (devattach(dev, &map) < 0)
        return -errno;
    if (!(mmio = map.addr[0])) {
        devdetach(dev);
        return -ENODEV;
    }
    reset(); // before DMA: the last holder may have left it running
    if (devdma(dev, DMA_PAGES, &dma) < 0) {
        int err = -errno;
        devdetach(dev);
        return err;
    }
    uint32_t ral = rd(REG_RAL0), rah = rd(REG_RAH0); // loaded from the EEPROM at reset
    for (int i = 0; i < 4; i++)
        mac[i] = (uint8_t)(ral >> (8 * i));
    mac[4] = (uint8_t)rah, mac[5] = (uint8_t)(rah >> 8);
    wr(REG_RAH0, rah | RAH_AV);
    for (int i = 0; i < 128; i++)
        wr(REG_MTA + 4 * (uint32_t)i, 0);
    wr(REG_CTRL, (rd(REG_CTRL) | CTRL_SLU | CTRL_ASDE) & ~CTRL_RST);
    rings();
    wr(REG_TIPG, TIPG_DEFAULT);
    wr(REG_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
    wr(REG_RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
    return 0;
}

/* See e1000.h. */
int
e1000_bind(rid_t box)
{
    rid_t irq = devirq(dev, box);

    if (irq < 0)
        return irq;
    e1000_note = irq;
    wr(REG_IMS, ICR_RXT0 | ICR_RXO | ICR_RXDMT0 | ICR_LSC);
    return 0;
}

/* See e1000.h. */
uint32_t
e1000_irq(void)
{
    uint32_t icr = rd(REG_ICR);

    e1000_stats.irqs++;
    devack(dev);
    return icr;
}

/* See e1000.h. */
const uint8_t *
e1000_rx_next(uint16_t *len)
{
    for (;;) {
        volatile struct rxd *d = &rx_ring[rx_next];
        if (!(d->status & DESC_DD))
            return NULL;
        if ((d->status & RXD_EOP) && !d->errors && d->length <= E1000_FRAME_MAX) {
            *len = d->length;
            e1000_stats.rx_frames++;
            return (const uint8_t *)(uintptr_t)(dma.addr + RX_BUF_OFF + rx_next * BUF);
        }
        e1000_stats.rx_dropped++; // a frame split over buffers or damaged: never ours
        e1000_rx_done();
    }
}

/* See e1000.h. */
void
e1000_rx_done(void)
{
    rx_ring[rx_next].status = 0;
    wr(REG_RDT, rx_next); // the device may fill it again
    rx_next = (rx_next + 1) % NRX;
}

/* See e1000.h. */
int
e1000_tx(const void *const *parts, const uint16_t *lens, int nparts)
{
    volatile struct txd *d = &tx_ring[tx_tail];
    uint8_t *buf = (uint8_t *)(uintptr_t)(dma.addr + TX_BUF_OFF + tx_tail * BUF);
    uint32_t len = 0;

    if (!(d->status & DESC_DD))
        return -EAGAIN;
    for (int i = 0; i < nparts; i++) {
        if (len + lens[i] > E1000_FRAME_MAX)
            return -EINVAL;
        memcpy(buf + len, parts[i], lens[i]);
        len += lens[i];
    }
    d->length = (uint16_t)len;
    d->cmd = TXD_EOP | TXD_IFCS | TXD_RS;
    d->status = 0;
    tx_tail = (tx_tail + 1) % NTX;
    wr(REG_TDT, tx_tail);
    e1000_stats.tx_frames++;
    return 0;
}

/* See e1000.h. */
void
e1000_stop(void)
{
    if (!dev)
        return;
    reset();
    devdetach(dev);
    dev = 0;
    e1000_note = 0;
}

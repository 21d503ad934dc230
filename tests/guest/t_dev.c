/*
 * t_dev: devices in user space (DESIGN §7, issue 19): PCI functions as
 * RT_DEVICE resources, QEMU's e1000 at 00:03.0 driven from here. Its memory
 * BAR mapped uncached and its I/O BAR opened by devattach; its interrupt
 * delivered as a container to a process waiting in crecv, the line masked
 * until devack; DMA memory the device really writes (a transmit
 * descriptor's done bit). Hostile use: another owner gets nothing, a
 * process that does not hold the device cannot acknowledge for it, a
 * driver that dies with its line masked, bus mastering on and the device's
 * rings pointing at its DMA memory leaves bus mastering off, its frames
 * free and the line usable by the next holder; bad rids, pointers and
 * sizes get errors. Each case runs in a child; the suite ends with the
 * leak check. Without a NIC (-nic none) the e1000's cases are skipped.
 * The network server netd drives the e1000 when init started it: the suite
 * stops it first (net_stop) and waits until the device has no holder.
 *   t_dev                      the suite
 *   t_dev HELPER ARG1 ARG2     one helper process (see helper())
 */
#include <device.h>
#include <errno.h>
#include <ipc.h>
#include <net.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <tender.h>

#include "kernel/abi/clockpage.h"
#include "tests/guest/tap.h"

#define NIC_NAME "pci:00:03.0"
#define E1000_VENDOR 0x8086
#define E1000_DEVICE 0x100e /* 82540EM */

/* e1000 registers (Intel PCI/PCI-X Family of Gigabit Ethernet Controllers
 * Software Developer's Manual, 13.4) and bits */
#define CTRL 0x0000
#define STATUS 0x0008
#define ICR 0x00c0 /* reading clears every cause */
#define ICS 0x00c8 /* writing sets causes: the device interrupts if IMS has them */
#define IMS 0x00d0
#define IMC 0x00d8
#define RCTL 0x0100
#define TCTL 0x0400
#define RDBAL 0x2800
#define RDBAH 0x2804
#define RDLEN 0x2808
#define RDH 0x2810
#define RDT 0x2818
#define TDBAL 0x3800
#define TDBAH 0x3804
#define TDLEN 0x3808
#define TDH 0x3810
#define TDT 0x3818
#define CTRL_RST 0x04000000u
#define ICR_TXDW 0x1u /* the cause the tests raise: transmit descriptor written back */
#define TCTL_EN 0x2u
#define TCTL_PSP 0x8u
#define RCTL_EN 0x2u
#define RCTL_BAM 0x8000u
#define TXD_EOP 0x01
#define TXD_IFCS 0x02
#define TXD_RS 0x08
#define TXD_DD 0x01
#define IO_ADDR 0 /* I/O BAR: register offset here, its value at IO_DATA */
#define IO_DATA 4
#define RING 8 /* descriptors per ring: 128 bytes, the smallest ring */

struct txd { /* legacy transmit descriptor */
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

int main(int argc, char **argv);

static void
nap(uint32_t ms)
{
    sys_sleepms(ms);
}

/* The e1000, or 0 when this machine has none (then its cases skip). */
static rid_t
nic(void)
{
    struct res_info ri;
    rid_t rid = resfind(RT_DEVICE, NIC_NAME);

    if (rid <= 0 || resinfo(rid, &ri) < 0 || ri.u.device.vendor != E1000_VENDOR ||
        ri.u.device.device != E1000_DEVICE)
        return 0;
    return rid;
}

#define NEED_NIC(dev)                                                                              \
    do {                                                                                           \
        if (!((dev) = nic()))                                                                      \
            return TAP_SKIP;                                                                       \
    } while (0)

static int
info(rid_t rid, struct res_info *ri)
{
    memset(ri, 0, sizeof(*ri));
    return resinfo(rid, ri);
}

/* Reset the e1000 and quiet it: no interrupt enabled, no cause pending.
 * The last holder may have left it running (DMA, rings). */
static void
e1000_quiet(uint32_t mmio)
{
    mmio_write32(mmio, IMC, 0xffffffffu);
    mmio_write32(mmio, CTRL, mmio_read32(mmio, CTRL) | CTRL_RST);
    for (int i = 0; i < 100 && (mmio_read32(mmio, CTRL) & CTRL_RST); i++)
        nap(1);
    mmio_write32(mmio, IMC, 0xffffffffu);
    (void)mmio_read32(mmio, ICR);
}

/* Make the e1000 interrupt: enable the cause, then set it. */
static void
e1000_raise(uint32_t mmio)
{
    mmio_write32(mmio, IMS, ICR_TXDW);
    mmio_write32(mmio, ICS, ICR_TXDW);
}

/* Transmit one 60-byte frame from DMA buffer d (ring at its start, frame at
 * +2048) and wait for the device to write the descriptor back through DMA.
 * Returns the descriptor's status (TXD_DD once done). */
static int
e1000_send(uint32_t mmio, const struct devdma *d)
{
    volatile struct txd *ring = (volatile struct txd *)(uintptr_t)d->addr;
    uint8_t *frame = (uint8_t *)(uintptr_t)(d->addr + 2048);

    memset(frame, 0xff, 6); // broadcast
    memcpy(frame + 6, "\x52\x54\x00\x12\x34\x56", 6);
    frame[12] = 0x88, frame[13] = 0xb5; // a local experimental ethertype
    memcpy(frame + 14, "t_dev", 5);
    ring[0].addr_lo = d->phys + 2048;
    ring[0].addr_hi = 0;
    ring[0].length = 60;
    ring[0].cmd = TXD_EOP | TXD_IFCS | TXD_RS;
    ring[0].status = 0;
    mmio_write32(mmio, TDBAL, d->phys);
    mmio_write32(mmio, TDBAH, 0);
    mmio_write32(mmio, TDLEN, RING * sizeof(struct txd));
    mmio_write32(mmio, TDH, 0);
    mmio_write32(mmio, TDT, 0);
    mmio_write32(mmio, TCTL, TCTL_EN | TCTL_PSP);
    mmio_write32(mmio, TDT, 1);
    for (int i = 0; i < 200 && !(ring[0].status & TXD_DD); i++)
        nap(5);
    return ring[0].status;
}

/* Point the receive ring at DMA buffer d (ring at +1024, buffers after it)
 * and switch receiving on: the device may write there whenever a frame
 * comes. */
static void
e1000_receive_into(uint32_t mmio, const struct devdma *d)
{
    volatile struct rxd *ring = (volatile struct rxd *)(uintptr_t)(d->addr + 1024);

    for (int i = 0; i < RING; i++) {
        ring[i].addr_lo = d->phys + 4096 + i * 2048;
        ring[i].addr_hi = 0;
        ring[i].status = 0;
    }
    mmio_write32(mmio, RDBAL, d->phys + 1024);
    mmio_write32(mmio, RDBAH, 0);
    mmio_write32(mmio, RDLEN, RING * sizeof(struct rxd));
    mmio_write32(mmio, RDH, 0);
    mmio_write32(mmio, RDT, RING - 1);
    mmio_write32(mmio, RCTL, RCTL_EN | RCTL_BAM);
}

/* Wait up to two seconds for dev's interrupt to be taken (pending): the
 * device may raise it later than the register write that caused it (QEMU's
 * e1000 delays an interrupt that comes within its mitigation window of the
 * one before, and that window's timer may run late on a busy host).
 * Returns 1 when it came. */
static int
wait_pending(rid_t dev)
{
    struct res_info ri;

    for (int i = 0; i < 2000; i++) {
        if (info(dev, &ri) == 0 && ri.u.device.pending)
            return 1;
        nap(1);
    }
    return 0;
}

/* A fresh private box for notifications. */
static rid_t
new_box(void)
{
    static int serial;
    char name[RES_NAME_MAX];

    snprintf(name, sizeof(name), "t.dev.%d.%d", getpid() & 0xffff, ++serial);
    return cbcreate(name, TEST_MODE | CBOX_PRIVATE);
}

static int
wait_status(rid_t pid)
{
    int st = -1;

    return pid > 0 && procwait(pid, &st) == pid ? st : -1000;
}

static rid_t
spawn_helper(const char *what, uint32_t a, uint32_t b, rid_t vmid)
{
    char sa[16], sb[16];

    snprintf(sa, sizeof(sa), "%u", a);
    snprintf(sb, sizeof(sb), "%u", b);
    return tap_spawn("t_dev", what, sa, sb, vmid);
}

static int
run_helper(const char *what, uint32_t a, uint32_t b, rid_t vmid)
{
    return wait_status(spawn_helper(what, a, b, vmid));
}

/* ---- the cases ------------------------------------------------------------ */

/* Every PCI function is a device resource named pci:bb:dd.f, the system
 * owner's, that no one deletes; the host bridge is always there. */
static int
functions_are_device_resources(void)
{
    rid_t rids[32];
    struct res_info ri;
    int n = reslist(RT_DEVICE, 0, rids, 32);

    CHECK(n >= 1);
    for (int i = 0; i < n; i++) {
        CHECK_EQ(info(rids[i], &ri), 0);
        CHECK_EQ(ri.type, RT_DEVICE);
        CHECK(strncmp(ri.name, "pci:", 4) == 0 && strlen(ri.name) == 11);
        CHECK_EQ(ri.owner, RCC_SYSTEM_OWNER);
        CHECK_EQ(ri.mode, RCC_OWNER(RCC_ALL));
        CHECK_EQ(ri.u.device.holder, 0);
        CHECK_EQ(resfind(RT_DEVICE, ri.name), rids[i]);
        CHECK_EQ(resdelete(rids[i]), -1);
        CHECK_EQ(errno, EBUSY);
    }
    CHECK(resfind(RT_DEVICE, "pci:00:00.0") > 0);
    CHECK(resfind(RT_DEVICE, "pci:ff:1f.7") < 0);
    return 0;
}

/* The e1000 is pci:00:03.0, 8086:100e, a network controller with a 128 KiB
 * memory BAR, a 64-port I/O BAR and an interrupt line. */
static int
e1000_is_described(void)
{
    struct res_info ri;
    rid_t dev;

    NEED_NIC(dev);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.class_rev >> 8, 0x020000); // Ethernet controller
    CHECK_EQ(ri.u.device.kind[0], DEV_BAR_MEM);
    CHECK_EQ(ri.u.device.bar[0].size, 128 << 10);
    CHECK(ri.u.device.bar[0].base != 0 && ri.u.device.bar[0].base % (128 << 10) == 0);
    CHECK_EQ(ri.u.device.kind[1], DEV_BAR_IO);
    CHECK_EQ(ri.u.device.bar[1].size, 64);
    CHECK(ri.u.device.bar[1].base >= 0x400); // where a PC's BIOS puts PCI ports: above ISA
    for (int i = 2; i < DEV_BARS; i++)
        CHECK_EQ(ri.u.device.kind[i], DEV_BAR_NONE);
    CHECK_EQ(ri.u.device.pin, 1);
    CHECK(ri.u.device.irq < 16 && ri.u.device.irq != 0 && ri.u.device.irq != 2);
    CHECK_EQ(ri.u.device.box, 0);
    return 0;
}

/* Another owner gets nothing: not the lookup, the info, an attachment, an
 * interrupt, an acknowledgement or DMA; with ATT given to it (the system
 * owner may share a device) it may drive the device, but never get DMA.
 * Run as the helper "other" (a process of owner TEST_OID). */
static int
as_other_owner(rid_t dev, int shared)
{
    struct devmap map;
    struct devdma dma;
    struct res_info ri;
    rid_t box;

    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK((box = new_box()) > 0);
    if (!shared) {
        CHECK(resfind(RT_DEVICE, NIC_NAME) < 0);
        CHECK_EQ(errno, EPERM);
        CHECK_EQ(resinfo(dev, &ri), -1);
        CHECK_EQ(errno, EPERM);
        CHECK_EQ(devattach(dev, &map), -1);
        CHECK_EQ(errno, EPERM);
    } else {
        CHECK_EQ(devattach(dev, &map), 0);
        CHECK(map.addr[0] != 0);
        CHECK(mmio_read32(map.addr[0], STATUS) & 0x2); // link up
        CHECK(devirq(dev, box) > 0);
    }
    CHECK_EQ(devdma(dev, 1, &dma), -1); // no IOMMU: DMA is the system owner's alone
    CHECK_EQ(errno, EPERM);
    if (!shared) {
        CHECK_EQ(devirq(dev, box), -EPERM);
        CHECK_EQ(devack(dev), -1); // a forged acknowledgement
        CHECK_EQ(errno, EPERM);
        CHECK_EQ(devdetach(dev), -1);
        CHECK_EQ(errno, EPERM);
    }
    return 0; // (a shared device goes back with this process's end)
}

static int
other_owners_get_nothing(void)
{
    struct res_info ri;
    rid_t dev;

    NEED_NIC(dev);
    CHECK_EQ(run_helper("other", (uint32_t)dev, 0, 0), 0);
    // shared with others by the system owner: a driver, but no DMA
    CHECK_EQ(changemod(dev, RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_REF | RCC_ATT)), 0);
    int st = run_helper("other", (uint32_t)dev, 1, 0);
    CHECK_EQ(changemod(dev, RCC_OWNER(RCC_ALL)), 0);
    CHECK_EQ(st, 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.holder, 0); // its end let the device go
    CHECK_EQ(ri.u.device.box, 0);
    return 0;
}

/* The system owner attaches the e1000 and reads its registers through the
 * memory BAR (uncached: STATUS shows the device's state now) and its I/O
 * BAR; one holder at a time; the mapping moves with procmove; after
 * devdetach a touch of either faults. */
static int
attach_reads_registers(void)
{
    struct devmap map, again;
    struct res_info ri;
    rid_t dev, left, space;
    uint32_t status;

    NEED_NIC(dev);
    CHECK_EQ(info(dev, &ri), 0);
    memset(&map, 0x5a, sizeof(map));
    CHECK_EQ(devattach(dev, &map), 0);
    CHECK(map.addr[0] != 0 && map.addr[0] % 4096 == 0);
    CHECK_EQ(map.port[0], 0);
    CHECK_EQ(map.port[1], ri.u.device.bar[1].base);
    CHECK_EQ(map.addr[1], 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.holder, getpid());
    CHECK_EQ(ri.u.device.command & (DEV_CMD_MEM | DEV_CMD_IO), DEV_CMD_MEM | DEV_CMD_IO);
    CHECK_EQ(ri.u.device.command & (DEV_CMD_MASTER | DEV_CMD_INTX_OFF), 0);
    status = mmio_read32(map.addr[0], STATUS);
    CHECK(status != 0xffffffffu);
    CHECK(status & 0x2); // link up: QEMU's user network is always there
    // a register written and read back: the receive ring's base, 16-byte aligned
    mmio_write32(map.addr[0], RDBAL, 0x12345670);
    CHECK_EQ(mmio_read32(map.addr[0], RDBAL), 0x12345670);
    mmio_write32(map.addr[0], RDBAL, 0);
    // the I/O BAR: IOADDR selects a register, IODATA shows it (QEMU's e1000
    // leaves this window unimplemented and reads 0; a real 82540EM shows STATUS)
    outl((uint16_t)map.port[1] + IO_ADDR, STATUS);
    uint32_t via_io = inl((uint16_t)map.port[1] + IO_DATA);
    printf("# STATUS 0x%x; through the I/O BAR 0x%x\n", status, via_io);
    CHECK(via_io == status || via_io == 0);
    // one holder at a time, even the same process
    CHECK_EQ(devattach(dev, &again), -1);
    CHECK_EQ(errno, EBUSY);
    CHECK_EQ(run_helper("attach", (uint32_t)dev, 0, 0), 0); // another process: EBUSY too
    // procmove: the mapping and the ports go with the holder, not the space
    CHECK((left = vmcreate("t.dev.left", TEST_MODE)) > 0);
    CHECK((space = vmcreate("t.dev.moved", TEST_MODE)) > 0);
    CHECK_EQ(procmove(getpid(), left), 0);
    CHECK_EQ(mmio_read32(map.addr[0], STATUS), status);
    CHECK_EQ(procmove(getpid(), space), 0);
    CHECK_EQ(mmio_read32(map.addr[0], STATUS), status);
    (void)inl((uint16_t)map.port[1] + IO_DATA);
    int st = run_helper("peek", map.addr[0], 0, left); // in the space we left: nothing
    CHECK(PROC_FAULTED(st) && PROC_FAULTVEC(st) == 14);
    CHECK_EQ(devdetach(dev), 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.holder, 0);
    CHECK_EQ(devdetach(dev), -1);
    CHECK_EQ(errno, EPERM);
    // attached, detached, then touched: a page fault, and #GP on the port
    st = run_helper("detached", (uint32_t)dev, 0, 0);
    CHECK(PROC_FAULTED(st) && PROC_FAULTVEC(st) == 14);
    st = run_helper("detached", (uint32_t)dev, 1, 0);
    CHECK(PROC_FAULTED(st) && PROC_FAULTVEC(st) == 13);
    return 0;
}

/* An interrupt reaches a process waiting in crecv as the notification
 * container, from the device (sender) and the kernel (owner 0); the line
 * stays masked until devack, which a process that does not hold the
 * device cannot give; an acknowledgement with the cause still set brings
 * the next notification at once; the notification is never sent on or
 * deleted by its receiver. */
static int
interrupt_reaches_crecv(void)
{
    struct devmap map;
    struct res_info ri;
    struct cmsg m;
    rid_t dev, box, note, poker;

    NEED_NIC(dev);
    CHECK_EQ(devattach(dev, &map), 0);
    e1000_quiet(map.addr[0]);
    CHECK((box = new_box()) > 0);
    CHECK((note = devirq(dev, box)) > 0);
    CHECK_EQ(devirq(dev, box), -EBUSY); // bound already
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.box, box);
    CHECK_EQ(ri.u.device.pending, 0);
    uint32_t irqs0 = ri.u.device.irqs;
    CHECK_EQ(crecv(box, &m, IPC_POLL), -EAGAIN); // a quiet device: nothing
    // block in crecv; a process of our space raises the interrupt 50 ms later
    CHECK((poker = spawn_helper("raise", map.addr[0], 50, getvmid(0))) > 0);
    CHECK_EQ(crecv(box, &m, 5000), note);
    CHECK_EQ(wait_status(poker), 0);
    CHECK_EQ(m.cont, note);
    CHECK_EQ(m.sender, dev);
    CHECK_EQ(m.sender_owner, 0);
    CHECK_EQ(m.size, 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.pending, 1);
    CHECK(ri.u.device.irqs > irqs0);
    // the notification is the kernel's: not sent on, not deleted
    CHECK_EQ(csend(box, note), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(resdelete(note), -1);
    CHECK_EQ(errno, EBUSY);
    // masked: the cause is raised again, nothing comes
    e1000_raise(map.addr[0]);
    CHECK_EQ(crecv(box, &m, 50), -ETIMEDOUT);
    // a forged acknowledgement, by a process of the system owner that does not hold it
    CHECK_EQ(run_helper("ack", (uint32_t)dev, 0, 0), 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.pending, 1); // still masked
    // acknowledged with the cause still set: the line fires again at once
    CHECK_EQ(devack(dev), 0);
    CHECK_EQ(crecv(box, &m, 1000), note);
    CHECK_EQ(m.sender, dev);
    // the driver's way: clear the cause, then acknowledge; then another one
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devack(dev), 0);
    CHECK_EQ(crecv(box, &m, 50), -ETIMEDOUT);
    e1000_raise(map.addr[0]);
    CHECK_EQ(crecv(box, &m, 1000), note);
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devack(dev), 0);
    CHECK_EQ(devack(dev), 0); // nothing pending: harmless
    // unbound: the line is masked again, an acknowledgement has nothing to do
    CHECK_EQ(devirq(dev, 0), 0);
    CHECK_EQ(devack(dev), -1);
    CHECK_EQ(errno, EINVAL);
    e1000_raise(map.addr[0]);
    CHECK_EQ(crecv(box, &m, 50), -ETIMEDOUT);
    CHECK(resinfo(note, &ri) < 0); // the notification went with the binding
    (void)mmio_read32(map.addr[0], ICR);
    mmio_write32(map.addr[0], IMC, 0xffffffffu);
    CHECK_EQ(devdetach(dev), 0);
    return 0;
}

/* What "spin" and its parent share (one space: the same memory). */
struct spin_share {
    volatile uint32_t mmio, raised_tick, done;
};

static uint32_t
ticks_now(void)
{
    return ((const volatile struct clock_page *)CLOCK_PAGE_ADDR)->ticks;
}

/* A driver waiting for its interrupt runs as soon as it comes, not when the
 * process that was running has used up its time slice (CONFIG_SLICE_TICKS,
 * 5 ticks): a process of our space raises the interrupt and then spins in
 * user mode, never blocking, until we have run. */
static int
interrupt_driver_runs_first(void)
{
    static struct spin_share share;
    struct devmap map;
    struct cmsg m;
    rid_t dev, box, note, spinner;

    NEED_NIC(dev);
    CHECK_EQ(devattach(dev, &map), 0);
    e1000_quiet(map.addr[0]);
    CHECK((box = new_box()) > 0);
    CHECK((note = devirq(dev, box)) > 0);
    share = (struct spin_share){map.addr[0], 0, 0};
    CHECK((spinner = spawn_helper("spin", (uint32_t)(uintptr_t)&share, 0, getvmid(0))) > 0);
    CHECK_EQ(crecv(box, &m, 5000), note);
    uint32_t woke = ticks_now();
    share.done = 1;
    CHECK_EQ(wait_status(spinner), 0);
    printf("# raised at tick %u, the driver ran at tick %u\n", share.raised_tick, woke);
    CHECK(woke - share.raised_tick <= 2); // a time slice would be 4 or 5
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devack(dev), 0);
    CHECK_EQ(devirq(dev, 0), 0);
    mmio_write32(map.addr[0], IMC, 0xffffffffu);
    CHECK_EQ(devdetach(dev), 0);
    return 0;
}

/* DMA: contiguous zeroed memory, its bus address, bus mastering on; the
 * e1000 writes a transmit descriptor back into it; sizes and pointers are
 * checked before anything is taken; detaching gives every frame back and
 * turns bus mastering off. */
static int
dma_memory_the_device_writes(void)
{
    struct sysstat before, after, st0, st1;
    struct devmap map;
    struct devdma d, d2;
    struct res_info ri;
    rid_t dev;

    NEED_NIC(dev);
    CHECK_EQ(tap_counts(&before), 0);
    CHECK_EQ(devattach(dev, &map), 0);
    e1000_quiet(map.addr[0]);
    CHECK_EQ(tap_counts(&st0), 0);
    CHECK_EQ(devdma(dev, 0, &d), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(devdma(dev, DEV_DMA_PAGES_MAX + 1, &d), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(devdma(dev, 0x7fffffff, &d), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(sys_devdma((uint32_t)dev, 2, 0), -EFAULT);
    CHECK_EQ(sys_devdma((uint32_t)dev, 2, 0xc0001000u), -EFAULT);
    CHECK_EQ(sys_devdma((uint32_t)dev, 2, (uint32_t)(uintptr_t)main), -EFAULT); // read-only
    CHECK_EQ(tap_counts(&st1), 0);
    CHECK_EQ(st1.free_frames, st0.free_frames); // refused before anything was taken
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.command & DEV_CMD_MASTER, 0);

    CHECK_EQ(devdma(dev, 2, &d), 0);
    CHECK(d.addr != 0 && d.addr % 4096 == 0 && d.phys != 0 && d.phys % 4096 == 0);
    for (int i = 0; i < 8192; i++)
        CHECK_EQ(((volatile uint8_t *)(uintptr_t)d.addr)[i], 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK(ri.u.device.command & DEV_CMD_MASTER);
    CHECK_EQ(e1000_send(map.addr[0], &d) & TXD_DD, TXD_DD); // the device wrote it back
    CHECK_EQ(mmio_read32(map.addr[0], TDH), 1);
    // more: its own pages, after the first; the allowance ends at DEV_DMA_PAGES_MAX
    CHECK_EQ(devdma(dev, 1, &d2), 0);
    CHECK(d2.addr >= d.addr + 8192);
    CHECK(d2.phys < d.phys || d2.phys >= d.phys + 8192);
    CHECK_EQ(devdma(dev, DEV_DMA_PAGES_MAX - 2, &d2), -1);
    CHECK_EQ(errno, ENOMEM);
    mmio_write32(map.addr[0], TCTL, 0);
    CHECK_EQ(devdetach(dev), 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.command & DEV_CMD_MASTER, 0);
    CHECK_EQ(tap_counts(&after), 0);
    CHECK(tap_same_counts(&before, &after));
    return 0;
}

/* A driver that dies (a page fault) with its line masked, bus mastering
 * on, its transmit and receive rings in its DMA memory and receiving on:
 * the kernel and this process go on, bus mastering is off, the frames are
 * free, and the next holder binds the line and gets its interrupt. */
static int
dead_driver_leaves_nothing(void)
{
    struct sysstat before, after;
    struct devmap map;
    struct res_info ri;
    struct cmsg m;
    rid_t dev, box, note;
    int st;

    NEED_NIC(dev);
    CHECK_EQ(tap_counts(&before), 0);
    st = run_helper("die", (uint32_t)dev, 0, 0);
    CHECK(PROC_FAULTED(st) && PROC_FAULTVEC(st) == 14);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.holder, 0);
    CHECK_EQ(ri.u.device.box, 0);
    CHECK_EQ(ri.u.device.pending, 0);
    CHECK_EQ(ri.u.device.command & DEV_CMD_MASTER, 0);
    CHECK(ri.u.device.command & DEV_CMD_INTX_OFF);
    CHECK_EQ(tap_counts(&after), 0);
    CHECK(tap_same_counts(&before, &after)); // its DMA frames came back
    // the next holder: the line answers
    CHECK_EQ(devattach(dev, &map), 0);
    e1000_quiet(map.addr[0]);
    CHECK((box = new_box()) > 0);
    CHECK((note = devirq(dev, box)) > 0);
    CHECK_EQ(crecv(box, &m, 50), -ETIMEDOUT);
    e1000_raise(map.addr[0]);
    CHECK_EQ(crecv(box, &m, 1000), note);
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devack(dev), 0);
    mmio_write32(map.addr[0], IMC, 0xffffffffu);
    CHECK_EQ(devdetach(dev), 0);
    return 0;
}

/* A holder's end also ends its binding while the notification waits in a
 * box or is held by another process; a box deleted under a binding just
 * stops the notifications. */
static int
bindings_end_cleanly(void)
{
    struct devmap map;
    struct res_info ri;
    struct cmsg m;
    rid_t dev, box, note;

    NEED_NIC(dev);
    CHECK_EQ(devattach(dev, &map), 0);
    e1000_quiet(map.addr[0]);
    CHECK((box = new_box()) > 0);
    CHECK((note = devirq(dev, box)) > 0);
    e1000_raise(map.addr[0]);
    CHECK(wait_pending(dev));
    CHECK_EQ(resinfo(box, &ri), 0);
    CHECK_EQ(ri.u.cbox.queued, 1); // waiting in the box
    CHECK_EQ(resdelete(box), 0);   // the box goes; the notification comes home
    CHECK_EQ(resinfo(note, &ri), 0);
    CHECK_EQ(ri.u.container.holder, 0);
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devack(dev), 0);
    e1000_raise(map.addr[0]); // fires with nowhere to go: masked, pending
    CHECK(wait_pending(dev));
    (void)mmio_read32(map.addr[0], ICR);
    CHECK_EQ(devirq(dev, 0), 0);
    CHECK((box = new_box()) > 0);
    CHECK((note = devirq(dev, box)) > 0); // bound again, to a new box
    e1000_raise(map.addr[0]);
    CHECK_EQ(crecv(box, &m, 1000), note); // received and held when the holder lets go
    CHECK_EQ(devdetach(dev), 0);
    CHECK(resinfo(note, &ri) < 0);
    CHECK_EQ(info(dev, &ri), 0);
    CHECK_EQ(ri.u.device.box, 0);
    CHECK_EQ(devattach(dev, &map), 0); // and the device is as quiet as a fresh one
    e1000_quiet(map.addr[0]);
    CHECK_EQ(devdetach(dev), 0);
    return 0;
}

/* Bad input: wrong types, stale and made-up rids, bad pointers, a device
 * without an interrupt line, calls by a process that does not hold it. */
static int
bad_input_gets_errors(void)
{
    struct devmap map;
    struct devdma d;
    struct res_info ri;
    rid_t rids[32], dev = 0, box;
    int n = reslist(RT_DEVICE, 0, rids, 32);

    CHECK(n >= 1);
    CHECK_EQ(sys_devattach((uint32_t)getvmid(0), (uint32_t)(uintptr_t)&map), -EINVAL);
    CHECK_EQ(sys_devattach((uint32_t)getpid(), (uint32_t)(uintptr_t)&map), -EINVAL);
    CHECK_EQ(sys_devattach((uint32_t)(rids[0] ^ 1), (uint32_t)(uintptr_t)&map), -ENOENT); // stale
    CHECK_EQ(sys_devattach(0, (uint32_t)(uintptr_t)&map), -ENOENT);
    CHECK(sys_devattach(0x7fffffff, (uint32_t)(uintptr_t)&map) < 0);
    CHECK_EQ(sys_devack((uint32_t)getpid()), -EINVAL);
    CHECK_EQ(sys_devdetach((uint32_t)getvmid(0)), -EINVAL);
    CHECK_EQ(sys_devirq((uint32_t)(rids[0] ^ 1), 0), -ENOENT);
    CHECK_EQ(sys_devdma((uint32_t)(rids[0] ^ 1), 1, (uint32_t)(uintptr_t)&d), -ENOENT);
    // a device nobody holds: every call but attach is the holder's
    CHECK_EQ(sys_devack((uint32_t)rids[0]), -EPERM);
    CHECK_EQ(sys_devirq((uint32_t)rids[0], 0), -EPERM);
    CHECK_EQ(sys_devdma((uint32_t)rids[0], 1, (uint32_t)(uintptr_t)&d), -EPERM);
    CHECK_EQ(sys_devdetach((uint32_t)rids[0]), -EPERM);
    // a device without an interrupt line (not a bridge: leave those alone)
    for (int i = 0; i < n && !dev; i++)
        if (info(rids[i], &ri) == 0 && ri.u.device.irq == DEV_IRQ_NONE &&
            ri.u.device.class_rev >> 24 != 0x06 && ri.u.device.holder == 0)
            dev = rids[i];
    if (dev) {
        // bad pointers for the map: refused before anything changes
        CHECK_EQ(sys_devattach((uint32_t)dev, 0), -EFAULT);
        CHECK_EQ(sys_devattach((uint32_t)dev, 0xc0000000u), -EFAULT);
        CHECK_EQ(sys_devattach((uint32_t)dev, (uint32_t)(uintptr_t)main), -EFAULT);
        CHECK_EQ(sys_devattach((uint32_t)dev, 0xbffffff0u), -EFAULT); // off the top
        CHECK_EQ(info(dev, &ri), 0);
        CHECK_EQ(ri.u.device.holder, 0);
        CHECK_EQ(devattach(dev, &map), 0);
        CHECK((box = new_box()) > 0);
        CHECK_EQ(devirq(dev, box), -EINVAL); // no line
        CHECK_EQ(devirq(dev, getvmid(0)), -EINVAL);
        CHECK_EQ(devack(dev), -1); // nothing bound
        CHECK_EQ(errno, EINVAL);
        CHECK_EQ(devdetach(dev), 0);
    }
    dev = nic();
    if (dev) {
        CHECK_EQ(devattach(dev, &map), 0);
        CHECK_EQ(devirq(dev, getvmid(0)), -EINVAL); // a space is not a box
        CHECK((box = new_box()) > 0);
        CHECK_EQ(devirq(dev, box ^ 1), -ENOENT); // a stale box
        CHECK_EQ(devdetach(dev), 0);
    }
    return 0;
}

static const struct tcase cases[] = {
    {"every PCI function is a device resource pci:bb:dd.f of the system owner, never deleted",
     functions_are_device_resources},
    {"the e1000 is pci:00:03.0, 8086:100e, with its BARs and interrupt line in resinfo",
     e1000_is_described},
    {"another owner can neither see, attach, bind, acknowledge nor get DMA; shared, no DMA",
     other_owners_get_nothing},
    {"the system owner attaches it: registers through the memory and I/O BARs, one holder, "
     "procmove, gone after devdetach",
     attach_reads_registers},
    {"an interrupt reaches crecv; the line stays masked until the holder's devack, then fires "
     "again",
     interrupt_reaches_crecv},
    {"the driver runs when its interrupt comes, not after the running process's time slice",
     interrupt_driver_runs_first},
    {"DMA: contiguous memory the device writes back into, checked sizes, all freed on detach",
     dma_memory_the_device_writes},
    {"a driver dying with its line masked and DMA running: bus mastering off, frames back, "
     "the line usable",
     dead_driver_leaves_nothing},
    {"a binding ends cleanly with its box deleted or its notification held", bindings_end_cleanly},
    {"bad rids, types, pointers and a device without a line get errors", bad_input_gets_errors},
};

/* ---- helpers, run as processes of their own ------------------------------- */

/* The driver that dies: attach, DMA, rings, receiving on, interrupt
 * bound, raised and received, never acknowledged; then a page fault. */
static int
die(rid_t dev)
{
    struct devmap map;
    struct devdma d;
    struct cmsg m;
    rid_t box;

    if (devattach(dev, &map) < 0)
        return 2;
    e1000_quiet(map.addr[0]);
    if ((box = new_box()) < 0 || devirq(dev, box) < 0 || devdma(dev, 8, &d) < 0)
        return 3;
    if (!(e1000_send(map.addr[0], &d) & TXD_DD))
        return 4;
    e1000_receive_into(map.addr[0], &d);
    e1000_raise(map.addr[0]);
    if (crecv(box, &m, 1000) < 0)
        return 5;
    *(volatile int *)0 = 1; // dies holding all of it
    return 6;
}

/* Helpers: "other DEV SHARED" (as_other_owner), "attach DEV" (EBUSY
 * expected), "ack DEV" (a forged acknowledgement: EPERM expected), "raise
 * MMIO MS" (raise the e1000's interrupt after MS ms, from a process of the
 * holder's space), "spin SHARE" (raise it, then spin until the holder ran:
 * interrupt_driver_runs_first), "peek ADDR" (read it: a fault expected), "detached DEV
 * PORT" (attach, detach, touch the memory BAR, or with PORT 1 the I/O
 * BAR: a fault expected), "die DEV". Returns 0 when it went as expected. */
static int
helper(const char *what, uint32_t a, uint32_t b)
{
    struct devmap map;

    if (strcmp(what, "other") == 0)
        return as_other_owner((rid_t)a, (int)b);
    if (strcmp(what, "attach") == 0)
        return devattach((rid_t)a, &map) == -1 && errno == EBUSY ? 0 : 1;
    if (strcmp(what, "ack") == 0)
        return devack((rid_t)a) == -1 && errno == EPERM ? 0 : 1;
    if (strcmp(what, "raise") == 0) {
        nap(b);
        e1000_raise(a);
        return 0;
    }
    if (strcmp(what, "spin") == 0) { // raise, then spin until the parent ran (1 s at most)
        struct spin_share *sh = (struct spin_share *)(uintptr_t)a;
        sh->raised_tick = ticks_now();
        e1000_raise(sh->mmio);
        while (!sh->done && ticks_now() - sh->raised_tick < 100)
            ;
        return sh->done ? 0 : 1;
    }
    if (strcmp(what, "peek") == 0)
        return (int)(*(volatile uint32_t *)(uintptr_t)a & 0) + 1; // faults first
    if (strcmp(what, "detached") == 0) {
        if (devattach((rid_t)a, &map) < 0 || devdetach((rid_t)a) < 0)
            return 2;
        if (b)
            return (int)(inl((uint16_t)map.port[1] + IO_DATA) & 0) + 3; // #GP first
        return (int)(mmio_read32(map.addr[0], STATUS) & 0) + 4;         // page fault first
    }
    if (strcmp(what, "die") == 0)
        return die((rid_t)a);
    return 100;
}

/* netd holds the e1000 when init started it: ask it to stop (it lets the
 * device go and ends), and wait until the device has no holder. */
static void
let_netd_go(void)
{
    struct res_info ri;
    rid_t dev = nic();

    if (resfind(RT_CBOX, NETD_BOX) < 0 || net_stop() < 0)
        return;
    for (int i = 0; i < 300; i++) {
        if (resfind(RT_CBOX, NETD_BOX) < 0 && (!dev || (info(dev, &ri) == 0 && !ri.u.device.holder)))
            break;
        nap(10);
    }
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_dev", "test suite: devices in user space, the e1000 (TAP)"))
        return 0;
    if (argc == 4 && strcmp(argv[1], "case") != 0)
        return helper(argv[1], (uint32_t)strtoul(argv[2], NULL, 0),
                      (uint32_t)strtoul(argv[3], NULL, 0));
    if (argc == 1)
        let_netd_go();
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

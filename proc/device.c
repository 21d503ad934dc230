/*
 * PCI functions as resources: how a user-level driver gets a device, its
 * interrupt and memory it may DMA to (DESIGN §7).
 *
 * At boot the kernel walks PCI (proc/pci.c over configuration mechanism 1,
 * arch/x86/pci.c) and makes one RT_DEVICE resource per function, named
 * "pci:bb:dd.f", owned by the system owner with mode RCC_OWNER(RCC_ALL),
 * carrying its identity, class, BARs and interrupt line (resinfo, with the
 * command register read at that moment). It is never deleted (-EBUSY); the
 * system owner may hand it to another owner like any resource. A device has
 * one holder at a time:
 *   devattach(dev, map)   ATT on the device, and no holder yet (-EBUSY). Its
 *                         I/O BARs open to the caller through the TSS bitmap
 *                         (arch_io_grant), its memory BARs are mapped
 *                         uncached into the caller's space in an area of
 *                         user addresses of the device's own (a range from
 *                         the global allocator, its page tables linked into
 *                         the holder's space like a user area's); decoding
 *                         and the interrupt pin are switched on, bus
 *                         mastering stays off. *map says where everything is.
 *   devirq(dev, box)      binds the device's interrupt line to box (ATT on
 *                         it): a pinned, empty container (ipc/container.c),
 *                         made now, is the notification. When the line
 *                         fires, the kernel masks it and sends that
 *                         container to the box, stamped with the device's
 *                         rid as sender and owner 0 (the kernel), to a
 *                         receiver waiting in crecv or into the queue: no
 *                         allocation in the interrupt path. Box 0 unbinds.
 *                         Returns the container's rid.
 *   devack(dev)           the holder handled the interrupt (and cleared its
 *                         cause in the device): the kernel takes the
 *                         container back from wherever it is and unmasks
 *                         the line once every device bound to it has
 *                         acknowledged. Nobody else can acknowledge.
 *   devdma(dev, n, out)   n physically contiguous zeroed pages mapped into
 *                         the holder, writable, with their bus address: for
 *                         the system owner's drivers only (a bus master can
 *                         write anywhere, and these machines have no
 *                         IOMMU); it switches bus mastering on.
 *   devdetach(dev)        the holder lets the device go.
 * Everything but attach needs the caller to be the holder (-EPERM), and ATT.
 * When the holder detaches or ends (dev_proc_ended), the kernel unbinds the
 * interrupt (a line nobody is bound to stays masked), switches bus
 * mastering off and the interrupt pin off, and reads the command register
 * back: a configuration read completes after the write before it, so from
 * then on the device cannot touch memory; only then are the DMA frames
 * freed (a device that still showed bus mastering would keep them out of
 * use for good: never handed to anyone). Then its mappings and ports go.
 * The next holder finds the device as the last one left it apart from
 * that: it must reset it before it asks for DMA.
 * The area follows its holder through procmove (dev_proc_moved); like all
 * memory of a space, the other processes of the holder's space see it too.
 * Interrupts: a line may be shared by several bound devices; each bound
 * device that is notified and not yet acknowledged holds the line masked
 * (line_waiting). Everything here runs with interrupts off, like all of the
 * kernel, so the interrupt handler never meets a half-made binding.
 * Invariants: holder != NULL iff the area exists, and then holder->devices
 * counts this device; note != NULL iff the device is in line_bound[irq];
 * pending implies note is out or its box went (it came home then);
 * line_waiting[irq] counts the pending devices bound to irq, and a line is
 * unmasked iff some device is bound to it and line_waiting is 0.
 * Public: dev_init, dev_irq, dev_proc_ended, dev_proc_moved, and the calls
 * sys_devattach, sys_devdetach, sys_devirq, sys_devack, sys_devdma.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "ipc/ipc.h"
#include "kernel/abi/errno.h"
#include "kernel/abi/types.h"
#include "kernel/compiler.h"
#include "kernel/config.h"
#include "kernel/printk.h"
#include "kernel/resource.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/trap.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "mm/ptset.h"
#include "mm/range.h"
#include "mm/uaddr.h"
#include "mm/vspace.h"
#include "proc/device.h"
#include "proc/pcb.h"
#include "proc/pci.h"

#define DEVICE_MODE RCC_OWNER(RCC_ALL)           /* the system owner's until it shares it */
#define AREA_PAGES_MAX (64u << 20 >> PAGE_SHIFT) /* memory BARs and DMA of one device */
#define NO_MAP 0xffffffffu                       /* bar_off: the BAR is not mapped */

struct device {
    struct resource res;
    struct pci_func pci;        /* what the boot walk found */
    uint32_t bar_off[DEV_BARS]; /* page of the area where memory BAR i goes, or NO_MAP */
    uint32_t dma_off;           /* the area's first DMA page (after the BARs) */
    uint32_t area_pages;        /* BARs and DEV_DMA_PAGES_MAX pages of DMA */
    struct proc *holder;        /* attached process, NULL: none */
    struct ptset area;          /* the holder's mappings of the device (nchunks 0: none) */
    struct {
        paddr_t phys;
        uint32_t npages;
    } dma[DEV_DMA_BUFS]; /* the holder's DMA buffers */
    unsigned ndma;
    uint32_t dma_pages;       /* pages in them */
    rid_t box;                /* the box interrupts go to, 0: unbound */
    struct container *note;   /* the pinned notification, NULL: unbound */
    bool pending;             /* notified, not acknowledged: holds the line masked */
    uint32_t irqs;            /* interrupts taken while bound */
    struct device *line_next; /* the next device bound to the same line */
};

static struct device device_table[CONFIG_NR_DEVICE];
static struct res_pool device_pool;
static struct device *line_bound[ARCH_IRQ_LINES]; /* devices bound to each line */
static uint8_t line_waiting[ARCH_IRQ_LINES];      /* of them, pending */
static const struct pci_access config = {arch_pci_read, arch_pci_write};

#define to_device(r) res_object((r), RT_DEVICE, struct device)

static void
device_info(const struct resource *r, struct res_info *out)
{
    const struct device *d = to_device(r);

    out->u.device.vendor = d->pci.vendor;
    out->u.device.device = d->pci.device;
    out->u.device.class_rev = d->pci.class_rev;
    out->u.device.irq = d->pci.irq;
    out->u.device.pin = d->pci.pin;
    out->u.device.command = (uint16_t)(arch_pci_read(d->pci.bdf, PCI_REG_COMMAND) & 0xffff);
    out->u.device.holder = d->holder ? d->holder->res.rid : 0;
    out->u.device.box = d->box;
    out->u.device.irqs = d->irqs;
    out->u.device.pending = d->pending;
    for (int i = 0; i < DEV_BARS; i++) {
        out->u.device.kind[i] = d->pci.bar[i].kind;
        out->u.device.bar[i].base = d->pci.bar[i].base;
        out->u.device.bar[i].size = d->pci.bar[i].size;
    }
}

/* never deleted (no destroy: -EBUSY), never reclaimed (pass 0) */
static const struct res_ops device_ops = {.name = "device", .info = device_info};

/* Where d's memory BARs go in a holder's area: each that is whole pages
 * (smaller or unaligned ones would show a neighbour's registers too), in
 * order, while they fit; then room for DMA. */
static void
lay_out(struct device *d)
{
    uint32_t pages = 0;

    for (int i = 0; i < DEV_BARS; i++) {
        const struct pci_bar *b = &d->pci.bar[i];
        uint32_t n = b->size / PAGE_SIZE;
        d->bar_off[i] = NO_MAP;
        if (b->kind != DEV_BAR_MEM || b->size < PAGE_SIZE || (b->base & (PAGE_SIZE - 1)) ||
            n > AREA_PAGES_MAX - DEV_DMA_PAGES_MAX - pages)
            continue;
        d->bar_off[i] = pages;
        pages += n;
    }
    d->dma_off = pages;
    d->area_pages = pages + DEV_DMA_PAGES_MAX;
}

static void
define(const struct pci_func *f)
{
    char name[PCI_NAME_MAX];
    struct resource *r;
    struct device *d;

    pci_name(f->bdf, name);
    if (res_alloc(&device_pool, name, RCC_SYSTEM_OWNER, RCC_SYSTEM_OWNER, DEVICE_MODE, &r) < 0) {
        printk("pci: cannot define %s\n", name);
        return;
    }
    d = to_device(r);
    d->pci = *f;
    lay_out(d);
    if (!kernel_quiet)
        printk("%s: %04x:%04x class %06x irq %d\n", name, f->vendor, f->device, f->class_rev >> 8,
               f->irq == DEV_IRQ_NONE ? -1 : f->irq);
}

/* Register the pool and make a device of every PCI function (boot, with
 * interrupts off). */
void
dev_init(void)
{
    static struct pci_func found[CONFIG_NR_DEVICE - 1]; // not on the boot stack
    unsigned n;

    RES_POOL_START(device_pool, RT_DEVICE, &device_ops, device_table);
    if (!arch_pci_present())
        return;
    n = pci_scan(&config, found, ARRAY_SIZE(found));
    if (n > ARRAY_SIZE(found)) {
        printk("pci: %u functions; only the first %u are devices\n", n, ARRAY_SIZE(found));
        n = ARRAY_SIZE(found);
    }
    for (unsigned i = 0; i < n; i++)
        define(&found[i]);
}

/* The device rid names, with ATT, held by the caller. Returns 0, the
 * errors of res_get, or -EPERM (another process holds it, or none). */
static int
get_held(struct proc *caller, rid_t rid, struct device **out)
{
    struct resource *r;
    int err;

    if ((err = res_get(caller, rid, RT_DEVICE, RCC_ATT, &r)) < 0)
        return err;
    if (to_device(r)->holder != caller)
        return -EPERM;
    *out = to_device(r);
    return 0;
}

/* ---- the interrupt ------------------------------------------------------- */

/* A device's line fired (arch/x86/trap.c, interrupts off, before the
 * EOI): mask it, and notify every device bound to it that is not waiting
 * for its acknowledgement already. Allocates nothing. */
void
dev_irq(int irq)
{
    struct resource *box;

    if (irq < 0 || irq >= ARCH_IRQ_LINES)
        return;
    arch_irq_line_mask(irq);
    for (struct device *d = line_bound[irq]; d; d = d->line_next) {
        d->irqs++;
        if (d->pending)
            continue;
        d->pending = true;
        line_waiting[irq]++;
        if (!cont_is_out(d->note) && res_lookup_inline(d->box, RT_CBOX, &box) == 0)
            cont_notify(d->note, to_cbox(box), d->res.rid); // (a box gone: nobody to tell)
    }
}

/* d's acknowledgement: its container home, and the line unmasked when no
 * other device bound to it waits. */
static void
acknowledge(struct device *d)
{
    int irq = d->pci.irq;

    cont_recall(d->note);
    if (!d->pending)
        return;
    d->pending = false;
    if (--line_waiting[irq] == 0)
        arch_irq_line_unmask(irq);
}

/* Take d off its line and free its container. */
static void
unbind(struct device *d)
{
    int irq = d->pci.irq;

    if (!d->note)
        return;
    acknowledge(d);
    for (struct device **pp = &line_bound[irq]; *pp; pp = &(*pp)->line_next) {
        if (*pp == d) {
            *pp = d->line_next;
            break;
        }
    }
    d->line_next = NULL;
    if (!line_bound[irq])
        arch_irq_line_mask(irq); // nobody would hear it
    cont_destroy(d->note);
    d->note = NULL;
    d->box = 0;
}

/* Bind d's interrupt line to box (box 0: unbind). Needs ATT on the device
 * and on the box, and the caller must hold the device. Returns the
 * notification container's rid (0 for an unbinding), the errors of res_get
 * (for either), -EPERM (not the holder), -EINVAL (the device has no
 * interrupt line, or one the kernel keeps), -EBUSY (bound already: unbind
 * first), or those of making a container (-EAGAIN, -ENFILE, -ENOMEM). */
rid_t
sys_devirq(struct proc *caller, rid_t dev, rid_t box)
{
    struct resource *b;
    struct device *d;
    int irq, rid;

    if ((rid = get_held(caller, dev, &d)) < 0)
        return rid;
    if (box == 0) {
        unbind(d);
        return 0;
    }
    irq = d->pci.irq;
    if (irq == DEV_IRQ_NONE || !arch_irq_line_usable(irq))
        return -EINVAL;
    if ((rid = res_get(caller, box, RT_CBOX, RCC_ATT, &b)) < 0)
        return rid;
    if (d->note)
        return -EBUSY;
    if ((rid = cont_create_pinned(caller, &d->note)) < 0) {
        d->note = NULL;
        return rid;
    }
    d->box = box;
    d->pending = false;
    d->line_next = line_bound[irq];
    line_bound[irq] = d;
    if (line_waiting[irq] == 0)
        arch_irq_line_unmask(irq); // a cause pending in the device fires at once
    return rid;
}

/* The holder handled the interrupt: take the notification back and unmask
 * the line (once no other device bound to it waits). Returns 0 (also when
 * nothing was pending), the errors of res_get, -EPERM (not the holder: a
 * forged acknowledgement) or -EINVAL (not bound). */
int
sys_devack(struct proc *caller, rid_t dev)
{
    struct device *d;
    int err;

    if ((err = get_held(caller, dev, &d)) < 0)
        return err;
    if (!d->note)
        return -EINVAL;
    acknowledge(d);
    return 0;
}

/* ---- ports and the area -------------------------------------------------- */

static void
revoke_ports(struct device *d, struct proc *p, int upto)
{
    for (int i = 0; i < upto; i++)
        if (d->pci.bar[i].kind == DEV_BAR_IO)
            arch_io_revoke(&p->io, d->pci.bar[i].base, d->pci.bar[i].size);
}

/* Open d's I/O BARs to p; their first ports into map. Returns 0 or the
 * error of arch_io_grant (nothing opened then). */
static int
grant_ports(struct device *d, struct proc *p, struct devmap *map)
{
    int err;

    for (int i = 0; i < DEV_BARS; i++) {
        const struct pci_bar *b = &d->pci.bar[i];
        if (b->kind != DEV_BAR_IO)
            continue;
        if ((err = arch_io_grant(&p->io, b->base, b->size)) < 0) {
            revoke_ports(d, p, i);
            return err;
        }
        map->port[i] = b->base;
    }
    return 0;
}

static unsigned
area_chunks(const struct device *d)
{
    return (d->area_pages + RANGE_CHUNK / PAGE_SIZE - 1) / (RANGE_CHUNK / PAGE_SIZE);
}

static vaddr_t
area_va(const struct device *d, uint32_t page)
{
    return d->area.base + page * PAGE_SIZE;
}

/* Free d's area: out of space vs, its tables, its range. The TLB of vs is
 * flushed if vs is loaded (no other directory ever linked the area). */
static void
free_area(struct device *d, struct vspace *vs)
{
    unsigned n = d->area.nchunks;

    ptset_release(&d->area, vs->pd);
    if (arch_vspace_current() == vs->pd)
        arch_tlb_flush_all();
    uaddr_free(d->area.base, n);
    kzfree(d->area.pt, n * sizeof(paddr_t));
    d->area = (struct ptset){0};
}

/* Make d's area for p and map its memory BARs there, uncached; their
 * addresses into map. Returns 0 or -ENOMEM (nothing left behind). */
static int
map_area(struct device *d, struct proc *p, struct devmap *map)
{
    struct ptset *a = &d->area;
    unsigned n = area_chunks(d);
    int err;

    *a = (struct ptset){0};
    if (ptset_resize(a, n) < 0)
        return -ENOMEM;
    if ((err = uaddr_alloc(n, &a->base)) < 0) {
        kzfree(a->pt, n * sizeof(paddr_t));
        *a = (struct ptset){0};
        return err;
    }
    for (int i = 0; i < DEV_BARS; i++) {
        if (d->bar_off[i] == NO_MAP)
            continue;
        if (ptset_prepare(a, p->ua.vs->pd, area_va(d, d->bar_off[i]),
                          d->pci.bar[i].size / PAGE_SIZE) < 0) {
            free_area(d, p->ua.vs);
            return -ENOMEM;
        }
    }
    for (int i = 0; i < DEV_BARS; i++) {
        if (d->bar_off[i] == NO_MAP)
            continue;
        map->addr[i] = area_va(d, d->bar_off[i]);
        ptset_map_run(a, map->addr[i], d->pci.bar[i].base, d->pci.bar[i].size / PAGE_SIZE,
                      MAP_USER | MAP_WRITE | MAP_UNCACHED);
    }
    return 0;
}

/* The decoding d needs: ports and memory, as its BARs have. */
static uint16_t
decode_bits(const struct device *d)
{
    uint16_t bits = 0;

    for (int i = 0; i < DEV_BARS; i++)
        bits |= d->pci.bar[i].kind == DEV_BAR_IO    ? DEV_CMD_IO
                : d->pci.bar[i].kind == DEV_BAR_MEM ? DEV_CMD_MEM
                                                    : 0;
    return bits;
}

/* Let d go from its holder: interrupt unbound, bus mastering and the
 * interrupt pin off and seen off, mappings gone, then the DMA frames
 * freed (kept out of use for good if the device still masters the bus),
 * ports closed. */
static void
release(struct device *d)
{
    struct proc *p = d->holder;
    uint16_t cmd;

    unbind(d);
    cmd = pci_command_update(&config, d->pci.bdf, DEV_CMD_INTX_OFF, DEV_CMD_MASTER);
    free_area(d, p->ua.vs); // the holder's TLB forgets the DMA pages before they are freed
    if (cmd & DEV_CMD_MASTER && d->dma_pages)
        printk("%s: still a bus master after it was switched off: its %u DMA pages stay "
               "out of use\n",
               d->res.name, d->dma_pages);
    for (unsigned i = 0; i < d->ndma; i++)
        for (uint32_t k = 0; k < d->dma[i].npages && !(cmd & DEV_CMD_MASTER); k++)
            frame_free(d->dma[i].phys + k * PAGE_SIZE);
    d->ndma = 0;
    d->dma_pages = 0;
    revoke_ports(d, p, DEV_BARS);
    d->holder = NULL;
    p->devices--;
}

/* Attach the device: its I/O BARs open to the caller, its memory BARs
 * mapped uncached into the caller's space, decoding and its interrupt pin
 * on, bus mastering off; *out says where (struct devmap). Needs ATT.
 * Returns 0, the errors of res_get, -EBUSY (it has a holder, maybe the
 * caller), -EFAULT (out; checked before anything changes), -ENOMEM (no
 * memory or address range for the mappings, or the caller holds
 * ARCH_IO_HIGH port ranges already) or -EINVAL (an I/O BAR over the PCI
 * configuration ports, which stay the kernel's); nothing changes on an
 * error. */
int
sys_devattach(struct proc *caller, rid_t dev, struct devmap *out)
{
    struct devmap map = {0};
    struct resource *r;
    struct device *d;
    int err;

    if ((err = res_get(caller, dev, RT_DEVICE, RCC_ATT, &r)) < 0)
        return err;
    d = to_device(r);
    if (d->holder)
        return -EBUSY;
    if ((err = copyout(out, &map, sizeof(map))) < 0)
        return err;
    if ((err = grant_ports(d, caller, &map)) < 0)
        return err;
    if ((err = map_area(d, caller, &map)) < 0) {
        revoke_ports(d, caller, DEV_BARS);
        return err;
    }
    d->holder = caller;
    caller->devices++;
    pci_command_update(&config, d->pci.bdf, decode_bits(d), DEV_CMD_INTX_OFF | DEV_CMD_MASTER);
    if ((err = copyout(out, &map, sizeof(map))) < 0) { // out was writable just now: cannot be
        release(d);
        return err;
    }
    return 0;
}

/* The holder lets the device go (see release). Returns 0, the errors of
 * res_get or -EPERM (not the holder). */
int
sys_devdetach(struct proc *caller, rid_t dev)
{
    struct device *d;
    int err;

    if ((err = get_held(caller, dev, &d)) < 0)
        return err;
    release(d);
    return 0;
}

/* ---- DMA ----------------------------------------------------------------- */

/* npages physically contiguous zeroed pages for the device's DMA, mapped
 * into the holder; where and their bus address to *out; bus mastering on.
 * For the system owner's drivers alone. Returns 0, the errors of res_get,
 * -EPERM (not the holder, or not the system owner), -EINVAL (npages 0 or
 * above DEV_DMA_PAGES_MAX), -ENOMEM (the device's DEV_DMA_PAGES_MAX pages
 * or DEV_DMA_BUFS buffers are used up, or no free run of frames that long),
 * -EFAULT (out; checked before anything changes). */
int
sys_devdma(struct proc *caller, rid_t dev, uint32_t npages, struct devdma *out)
{
    struct devdma dma = {0};
    struct device *d;
    paddr_t phys;
    int err;

    if ((err = get_held(caller, dev, &d)) < 0)
        return err;
    if (caller->res.owner != RCC_SYSTEM_OWNER)
        return -EPERM; // a bus master writes anywhere, and there is no IOMMU
    if (npages == 0 || npages > DEV_DMA_PAGES_MAX)
        return -EINVAL;
    if (npages > DEV_DMA_PAGES_MAX - d->dma_pages || d->ndma == DEV_DMA_BUFS)
        return -ENOMEM;
    if ((err = copyout(out, &dma, sizeof(dma))) < 0)
        return err;
    dma.addr = area_va(d, d->dma_off + d->dma_pages);
    if ((err = frame_alloc_run(npages, &phys)) < 0)
        return err;
    if (ptset_prepare(&d->area, caller->ua.vs->pd, dma.addr, npages) < 0) {
        for (uint32_t k = 0; k < npages; k++) // (tables made before the failure go with the area)
            frame_free(phys + k * PAGE_SIZE);
        return -ENOMEM;
    }
    ptset_map_run(&d->area, dma.addr, phys, npages, MAP_USER | MAP_WRITE);
    d->dma[d->ndma].phys = phys;
    d->dma[d->ndma].npages = npages;
    d->ndma++;
    d->dma_pages += npages;
    pci_command_update(&config, d->pci.bdf, DEV_CMD_MASTER, 0);
    dma.phys = phys;
    return copyout(out, &dma, sizeof(dma)); // writable just now: cannot fail
}

/* ---- the holder's life ---------------------------------------------------- */

/* p ends: let go of every device it holds (release). Call while p still
 * lives in its space. */
void
dev_proc_ended(struct proc *p)
{
    if (!p->devices)
        return;
    for (struct resource *r = res_next(RT_DEVICE, NULL); r; r = res_next(RT_DEVICE, r))
        if (to_device(r)->holder == p)
            release(to_device(r));
}

/* p moved from space `from` to its current one: the areas of the devices
 * it holds follow (one PDE per 4 MiB; the caller flushes as for the rest
 * of p's memory). */
void
dev_proc_moved(struct proc *p, struct vspace *from)
{
    if (!p->devices)
        return;
    for (struct resource *r = res_next(RT_DEVICE, NULL); r; r = res_next(RT_DEVICE, r))
        if (to_device(r)->holder == p)
            ptset_relink(&to_device(r)->area, from->pd, p->ua.vs->pd);
}

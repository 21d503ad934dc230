/*
 * tests/host/test_pci.c - unit tests of proc/pci.c (PCI configuration space).
 *
 * Covered: every kind of base address register decoded (I/O with 16 and 32
 * address bits, 32-bit and 64-bit memory, prefetchable) and every reason to
 * refuse one (not implemented, not placed, above 4 GiB, a reserved type,
 * not a power of two, misaligned, past the end); the walk of a fake board
 * like QEMU's pc (a multi-function device, the e1000 at 00:03.0, a bridge
 * to bus 1 and a bridge that loops back to bus 0, a device without
 * function 0, one that answers on every function without being
 * multi-function); BARs and command registers as they were after the walk,
 * sized with decoding off; a full output array; the command register's
 * update leaving the status bits alone; names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/abi/types.h"
#include "proc/pci.h"

/* ---- a fake configuration space ------------------------------------------ */

struct fake_bar {
    uint32_t value; /* what it holds (address and flags) */
    uint32_t mask;  /* address bits that stick; 0: not implemented */
    uint32_t flags; /* read-only low bits */
};

struct fake_fn {
    uint32_t bdf, id, class_rev, header, irq, buses;
    uint32_t command, status;
    struct fake_bar bar[DEV_BARS];
    int alias_all_fns; /* a single-function device that answers on every function */
};

static struct fake_fn board[16];
static unsigned nboard;
static int sized_with_decode_on; /* a BAR got all ones while the function decoded */
static uint32_t last_command_write;

static struct fake_fn *
fn_at(uint32_t bdf)
{
    for (unsigned i = 0; i < nboard; i++) {
        if (board[i].bdf == bdf)
            return &board[i];
        if (board[i].alias_all_fns && (board[i].bdf & ~7u) == (bdf & ~7u))
            return &board[i];
    }
    return NULL;
}

static uint32_t
fake_read(uint32_t bdf, unsigned off)
{
    struct fake_fn *f = fn_at(bdf);

    if (!f)
        return 0xffffffffu;
    switch (off) {
    case PCI_REG_ID:
        return f->id;
    case PCI_REG_COMMAND:
        return f->status << 16 | f->command;
    case PCI_REG_CLASS:
        return f->class_rev;
    case PCI_REG_HEADER:
        return f->header << 16;
    case PCI_REG_IRQ:
        return f->irq;
    }
    if (off == PCI_REG_BUSES && (f->header & 0x7f) == 1)
        return f->buses;
    if (off >= PCI_REG_BAR0 && off < PCI_REG_BAR0 + 4 * DEV_BARS) {
        struct fake_bar *b = &f->bar[(off - PCI_REG_BAR0) / 4];
        return (b->value & b->mask) | b->flags;
    }
    return 0;
}

static void
fake_write(uint32_t bdf, unsigned off, uint32_t value)
{
    struct fake_fn *f = fn_at(bdf);

    if (!f)
        return;
    if (off == PCI_REG_COMMAND) {
        last_command_write = value;
        f->command = value & 0xffff;
        f->status &= ~(value >> 16); // write 1 to clear
    } else if (off >= PCI_REG_BAR0 && off < PCI_REG_BAR0 + 4 * DEV_BARS) {
        if (value == 0xffffffffu && (f->command & (DEV_CMD_IO | DEV_CMD_MEM)))
            sized_with_decode_on = 1;
        f->bar[(off - PCI_REG_BAR0) / 4].value = value;
    }
}

static const struct pci_access fake = {fake_read, fake_write};

static struct fake_fn *
add(uint32_t bdf, uint16_t vendor, uint16_t device, uint32_t header)
{
    struct fake_fn *f = &board[nboard++];

    memset(f, 0, sizeof(*f));
    f->bdf = bdf;
    f->id = (uint32_t)device << 16 | vendor;
    f->header = header;
    f->irq = 0xff; // no pin, line unset
    f->command = DEV_CMD_IO | DEV_CMD_MEM;
    return f;
}

static void
bar(struct fake_fn *f, int i, uint32_t base, uint32_t size, uint32_t flags)
{
    f->bar[i] = (struct fake_bar){.value = base, .mask = ~(size - 1), .flags = flags};
}

/* QEMU's pc as SeaBIOS leaves it, plus a bridge and some oddities. */
static int
setup(void **state)
{
    struct fake_fn *f;

    (void)state;
    nboard = 0;
    sized_with_decode_on = 0;
    add(PCI_BDF(0, 0, 0), 0x8086, 0x1237, 0);     // host bridge: no BARs
    add(PCI_BDF(0, 1, 0), 0x8086, 0x7000, 0x80);  // ISA bridge, multi-function
    f = add(PCI_BDF(0, 1, 1), 0x8086, 0x7010, 0); // IDE: bus master BAR4
    f->bar[4] = (struct fake_bar){.value = 0xc040, .mask = 0x0000fff0, .flags = 1}; // 16 bits
    f = add(PCI_BDF(0, 1, 3), 0x8086, 0x7113, 0); // ACPI: pin A, line 9
    f->irq = 0x0109;
    f = add(PCI_BDF(0, 2, 0), 0x1234, 0x1111, 0); // VGA
    bar(f, 0, 0xfd000000, 16 << 20, 0x8);         // prefetchable frame buffer
    bar(f, 2, 0xfebf0000, 4096, 0);
    f = add(PCI_BDF(0, 3, 0), 0x8086, 0x100e, 0); // e1000
    f->class_rev = 0x02000003;
    f->irq = 0x010b;
    bar(f, 0, 0xfebc0000, 128 << 10, 0);
    bar(f, 1, 0xc000, 64, 1);
    f = add(PCI_BDF(0, 4, 0), 0x1af4, 0x0001, 0); // 64-bit BARs
    bar(f, 0, 0xe0000000, 1 << 20, 0x4);          // below 4 GiB: usable
    f->bar[1] = (struct fake_bar){.value = 0, .mask = 0xffffffff};
    bar(f, 2, 0, 1 << 20, 0x4); // above 4 GiB: not
    f->bar[3] = (struct fake_bar){.value = 1, .mask = 0xffffffff};
    bar(f, 4, 0, 4096, 0);                        // not placed
    bar(f, 5, 0xd0000000, 4096, 0x4);             // 64-bit in the last register
    f->irq = 0x0205;                              // pin B, line 5
    f = add(PCI_BDF(0, 5, 0), 0x8086, 0x244e, 1); // bridge to bus 1
    f->buses = 0x00010100;
    add(PCI_BDF(0, 6, 1), 0x1111, 0x2222, 0);     // function 0 absent: not there
    f = add(PCI_BDF(0, 7, 0), 0x3333, 0x4444, 0); // answers everywhere, 1 function
    f->alias_all_fns = 1;
    f = add(PCI_BDF(1, 0, 0), 0xabcd, 0x1234, 0); // behind the bridge
    bar(f, 0, 0x1000, 256, 1);                    // 32-bit I/O decode
    f->irq = 0x04ff;                              // pin D, line unrouted
    f = add(PCI_BDF(1, 1, 0), 0x8086, 0x244e, 1); // a bridge back to bus 0
    f->buses = 0x00000001;
    return 0;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_bar_decode_kinds(void **state)
{
    struct pci_bar b;

    (void)state;
    assert_int_equal(pci_bar_decode(0xc001, 0x0000ffc1, 0, 0, &b), 1); // 16-bit I/O decode
    assert_int_equal(b.kind, DEV_BAR_IO);
    assert_int_equal(b.base, 0xc000);
    assert_int_equal(b.size, 64);
    assert_int_equal(pci_bar_decode(0x1001, 0xffffff01, 0, 0, &b), 1); // 32-bit I/O decode
    assert_int_equal(b.kind, DEV_BAR_IO);
    assert_int_equal(b.size, 256);
    assert_int_equal(pci_bar_decode(0xfebc0000, 0xfffe0000, 0, 0, &b), 1);
    assert_int_equal(b.kind, DEV_BAR_MEM);
    assert_int_equal(b.base, 0xfebc0000);
    assert_int_equal(b.size, 128 << 10);
    assert_false(b.prefetch);
    assert_int_equal(pci_bar_decode(0xfd000008, 0xff000008, 0, 0, &b), 1);
    assert_true(b.prefetch);
    assert_int_equal(b.size, 16 << 20);
    assert_int_equal(pci_bar_decode(0xe0000004, 0xfff00004, 0, 0xffffffff, &b), 2);
    assert_int_equal(b.kind, DEV_BAR_MEM);
    assert_int_equal(b.base, 0xe0000000);
    assert_int_equal(b.size, 1 << 20);
    assert_int_equal(pci_bar_decode(0xfff00000, 0xfff00000, 0, 0, &b), 1); // to the last byte
    assert_int_equal(b.kind, DEV_BAR_MEM);
}

static void
test_bar_decode_refusals(void **state)
{
    struct pci_bar b;

    (void)state;
    assert_int_equal(pci_bar_decode(0, 0, 0, 0, &b), 1); // not implemented
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(1, 1, 0, 0, &b), 1); // I/O, not implemented
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0, 0xfffff000, 0, 0, &b), 1); // not placed
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0x4, 0xfff00004, 1, 0xffffffff, &b), 2); // above 4 GiB
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0x4, 0x00000004, 0, 0xfffffffe, &b), 2); // 8 GiB in size
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0xe0000006, 0xfff00006, 0, 0, &b), 1); // reserved type
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0xe0000000, 0xffe10000, 0, 0, &b), 1); // not a power of 2
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0xe0010000, 0xfff00000, 0, 0, &b), 1); // misaligned
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0xfff1, 0xffffff01, 0, 0, &b), 1); // misaligned ports
    assert_int_equal(b.kind, DEV_BAR_NONE);
    assert_int_equal(pci_bar_decode(0x10001, 0xffffff01, 0, 0, &b), 1); // past port 0xffff
    assert_int_equal(b.kind, DEV_BAR_NONE);
}

static const struct pci_func *
find(const struct pci_func *f, unsigned n, uint32_t bdf)
{
    for (unsigned i = 0; i < n; i++)
        if (f[i].bdf == bdf)
            return &f[i];
    return NULL;
}

static void
test_scan_finds_the_board(void **state)
{
    struct pci_func f[32];
    const struct pci_func *e;
    unsigned n;

    (void)state;
    n = pci_scan(&fake, f, 32);
    assert_int_equal(n, 11);
    // bus 0 by device and function, bus 1 right after its bridge
    assert_int_equal(f[0].bdf, PCI_BDF(0, 0, 0));
    assert_int_equal(f[1].bdf, PCI_BDF(0, 1, 0));
    assert_int_equal(f[2].bdf, PCI_BDF(0, 1, 1));
    assert_int_equal(f[3].bdf, PCI_BDF(0, 1, 3));
    assert_int_equal(f[7].bdf, PCI_BDF(0, 5, 0));
    assert_int_equal(f[8].bdf, PCI_BDF(1, 0, 0));
    assert_int_equal(f[9].bdf, PCI_BDF(1, 1, 0));
    assert_int_equal(f[10].bdf, PCI_BDF(0, 7, 0)); // once, not on all eight functions
    assert_null(find(f, n, PCI_BDF(0, 6, 1)));     // no function 0: no device

    assert_non_null(e = find(f, n, PCI_BDF(0, 3, 0)));
    assert_int_equal(e->vendor, 0x8086);
    assert_int_equal(e->device, 0x100e);
    assert_int_equal(e->class_rev, 0x02000003);
    assert_int_equal(e->irq, 11);
    assert_int_equal(e->pin, 1);
    assert_int_equal(e->bar[0].kind, DEV_BAR_MEM);
    assert_int_equal(e->bar[0].base, 0xfebc0000);
    assert_int_equal(e->bar[0].size, 128 << 10);
    assert_int_equal(e->bar[1].kind, DEV_BAR_IO);
    assert_int_equal(e->bar[1].base, 0xc000);
    assert_int_equal(e->bar[1].size, 64);
    for (int i = 2; i < DEV_BARS; i++)
        assert_int_equal(e->bar[i].kind, DEV_BAR_NONE);

    assert_non_null(e = find(f, n, PCI_BDF(0, 1, 1)));
    assert_int_equal(e->bar[4].kind, DEV_BAR_IO);
    assert_int_equal(e->bar[4].size, 16);
    assert_int_equal(e->irq, DEV_IRQ_NONE); // no pin
    assert_int_equal(e->pin, 0);
    assert_non_null(e = find(f, n, PCI_BDF(0, 1, 3)));
    assert_int_equal(e->irq, 9);

    assert_non_null(e = find(f, n, PCI_BDF(0, 4, 0)));
    assert_int_equal(e->bar[0].kind, DEV_BAR_MEM);
    assert_int_equal(e->bar[0].base, 0xe0000000);
    assert_int_equal(e->bar[1].kind, DEV_BAR_NONE); // the upper half of bar 0
    assert_int_equal(e->bar[2].kind, DEV_BAR_NONE); // above 4 GiB
    assert_int_equal(e->bar[4].kind, DEV_BAR_NONE); // not placed
    assert_int_equal(e->bar[5].kind, DEV_BAR_NONE); // 64-bit with no register left
    assert_int_equal(e->pin, 2);
    assert_int_equal(e->irq, 5);

    assert_non_null(e = find(f, n, PCI_BDF(1, 0, 0)));
    assert_int_equal(e->bar[0].kind, DEV_BAR_IO);
    assert_int_equal(e->bar[0].base, 0x1000);
    assert_int_equal(e->bar[0].size, 256);
    assert_int_equal(e->irq, DEV_IRQ_NONE); // pin D, but the BIOS routed no line
    assert_int_equal(e->pin, 4);
    assert_int_equal(find(f, n, PCI_BDF(0, 5, 0))->header, 1);
}

static void
test_scan_leaves_the_registers_as_they_were(void **state)
{
    struct fake_fn before[16];
    struct pci_func f[32];

    (void)state;
    memcpy(before, board, sizeof(board));
    pci_scan(&fake, f, 32);
    assert_false(sized_with_decode_on);
    for (unsigned i = 0; i < nboard; i++) {
        assert_int_equal(board[i].command, before[i].command);
        for (int b = 0; b < DEV_BARS; b++)
            assert_int_equal(board[i].bar[b].value & board[i].bar[b].mask,
                             before[i].bar[b].value & before[i].bar[b].mask);
    }
}

static void
test_scan_counts_past_max(void **state)
{
    struct pci_func f[4];

    (void)state;
    memset(f, 0x5a, sizeof(f));
    assert_int_equal(pci_scan(&fake, f, 3), 11);
    assert_int_equal(f[2].bdf, PCI_BDF(0, 1, 1));
    assert_int_equal(f[3].bdf, 0x5a5a5a5au); // untouched
    assert_int_equal(pci_scan(&fake, NULL, 0), 11);
}

static void
test_no_board(void **state)
{
    struct pci_func f[4];

    (void)state;
    nboard = 0;
    assert_int_equal(pci_scan(&fake, f, 4), 0);
}

static void
test_command_update(void **state)
{
    struct fake_fn *e = fn_at(PCI_BDF(0, 3, 0));
    uint32_t bdf = PCI_BDF(0, 3, 0);

    (void)state;
    e->status = 0x2000; // a master abort was seen: write 1 to clear
    assert_int_equal(pci_command_update(&fake, bdf, DEV_CMD_MASTER, 0),
                     DEV_CMD_IO | DEV_CMD_MEM | DEV_CMD_MASTER);
    assert_int_equal(pci_command_update(&fake, bdf, DEV_CMD_INTX_OFF, DEV_CMD_MASTER),
                     DEV_CMD_IO | DEV_CMD_MEM | DEV_CMD_INTX_OFF);
    assert_int_equal(last_command_write >> 16, 0);
    assert_int_equal(e->status, 0x2000); // left for whoever reads it
}

static void
test_names(void **state)
{
    char name[PCI_NAME_MAX];

    (void)state;
    pci_name(PCI_BDF(0, 3, 0), name);
    assert_string_equal(name, "pci:00:03.0");
    pci_name(PCI_BDF(0xab, 0x1f, 7), name);
    assert_string_equal(name, "pci:ab:1f.7");
    assert_int_equal(PCI_BUS(PCI_BDF(0xab, 0x1f, 7)), 0xab);
    assert_int_equal(PCI_DEV(PCI_BDF(0xab, 0x1f, 7)), 0x1f);
    assert_int_equal(PCI_FN(PCI_BDF(0xab, 0x1f, 7)), 7);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_bar_decode_kinds, setup),
        cmocka_unit_test_setup(test_bar_decode_refusals, setup),
        cmocka_unit_test_setup(test_scan_finds_the_board, setup),
        cmocka_unit_test_setup(test_scan_leaves_the_registers_as_they_were, setup),
        cmocka_unit_test_setup(test_scan_counts_past_max, setup),
        cmocka_unit_test_setup(test_no_board, setup),
        cmocka_unit_test_setup(test_command_update, setup),
        cmocka_unit_test_setup(test_names, setup),
    };
    return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}

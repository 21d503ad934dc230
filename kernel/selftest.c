/*
 * In-kernel self-test, run with the "selftest" boot option before any
 * process exists. Each case checks the foundation on the real machine (or
 * QEMU): frames come back, the heap survives a stress run, a mapping reads
 * back and an unmapping really faults, the timer ticks, the TSC rate is
 * plausible, the symboliser knows kernel functions, the formatter formats.
 * Output is TAP on the console; the host harness counts it.
 * Public: selftest_run.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "kernel/clock.h"
#include "kernel/config.h"
#include "kernel/kmain.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/kheap.h"
#include "mm/mem.h"
#include "mm/ptset.h"

#define TEST_VA 0x40000000u /* a user-half address nothing else uses at boot */
#define FRAME_ROUNDS 1000
#define HEAP_OPS 4000
#define HEAP_SLOTS 64

static int test_no, test_failed;

static void
report(bool ok, const char *name, const char *why)
{
    test_no++;
    if (ok) {
        printk("ok %d - %s\n", test_no, name);
    } else {
        test_failed++;
        printk("not ok %d - %s: %s\n", test_no, name, why);
    }
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void
test_frames(void)
{
    static paddr_t got[FRAME_ROUNDS];
    uint32_t before = frame_nfree();
    bool ok = true;
    int n;

    for (n = 0; n < FRAME_ROUNDS; n++) {
        if (frame_alloc(&got[n]) < 0)
            break;
        *(uint32_t *)phys_to_virt(got[n]) = got[n]; // each frame holds its own address
    }
    ok = n > 0 && frame_nfree() == before - (uint32_t)n;
    for (int i = 0; i < n; i++)
        if (*(uint32_t *)phys_to_virt(got[i]) != got[i] || (got[i] & (PAGE_SIZE - 1)))
            ok = false; // overlapping or misaligned frames
    for (int i = 0; i < n; i++)
        frame_free(got[i]);
    report(ok && frame_nfree() == before, "frames allocated and freed return the free count",
           "free count or frame contents wrong");
}

static void
test_heap(void)
{
    static void *slot[HEAP_SLOTS];
    static uint32_t size[HEAP_SLOTS];
    struct kheap_stats st0, st1;
    bool ok = true;

    kheap_stats(&st0);
    for (int op = 0; op < HEAP_OPS && ok; op++) {
        int i = rng() % HEAP_SLOTS;
        if (slot[i]) {
            for (uint32_t b = 0; b < size[i]; b++)
                if (((uint8_t *)slot[i])[b] != (uint8_t)(i + b))
                    ok = false;
            kfree(slot[i]);
            slot[i] = NULL;
        } else {
            size[i] = 1 + rng() % (rng() % 8 == 0 ? 40000 : 600);
            slot[i] = kmalloc(size[i]);
            if (!slot[i] || ((uintptr_t)slot[i] & 7))
                ok = false;
            else
                for (uint32_t b = 0; b < size[i]; b++)
                    ((uint8_t *)slot[i])[b] = (uint8_t)(i + b);
        }
    }
    for (int i = 0; i < HEAP_SLOTS; i++) {
        kfree(slot[i]);
        slot[i] = NULL;
    }
    kheap_stats(&st1);
    report(ok && kheap_check() == 0 && st1.bytes_in_use == st0.bytes_in_use,
           "heap stress keeps contents and returns every byte", "corruption or leak");
}

static volatile uint32_t fault_vector, fault_addr;

static uint32_t
probe_hook(uint32_t vector, uint32_t addr)
{
    fault_vector = vector;
    fault_addr = addr;
    return vector == 14 ? (uint32_t)arch_probe_resume : 0;
}

static void
test_mapping(void)
{
    paddr_t pd = arch_vspace_current(), frame, found, table = 0;
    struct ptset ps = {.base = TEST_VA, .nchunks = 1, .pt = &table};
    uint32_t value = 0;
    unsigned flags;
    bool ok;

    if (frame_alloc_zeroed(&frame) < 0) {
        report(false, "mapped page reads back what was written", "no frame");
        return;
    }
    ok = ptset_prepare(&ps, pd, TEST_VA, 1) == 0;
    if (ok)
        ptset_map(&ps, TEST_VA, &frame, 1, MAP_WRITE);
    *(volatile uint32_t *)TEST_VA = 0xc0ffee42;
    ok = ok && *(uint32_t *)phys_to_virt(frame) == 0xc0ffee42;
    ok = ok && arch_translate(pd, TEST_VA + 8, &found, &flags) == 0 && found == frame + 8 &&
         (flags & MAP_WRITE) && !(flags & MAP_USER);
    report(ok, "mapped page reads back what was written", "mapping or translate wrong");

    arch_fault_hook = probe_hook;
    fault_vector = 0;
    ok = arch_probe_read((uint32_t *)TEST_VA, &value) == 0 && value == 0xc0ffee42 &&
         fault_vector == 0;
    ptset_unmap(&ps, TEST_VA, 1);
    arch_invlpg(TEST_VA);
    ok = ok && arch_translate(pd, TEST_VA, NULL, NULL) < 0;
    ok = ok && arch_probe_read((uint32_t *)TEST_VA, &value) == -1 && fault_vector == 14 &&
         fault_addr == TEST_VA;
    arch_fault_hook = NULL;
    report(ok, "unmapped access faults and the fault hook catches it",
           "no fault, wrong vector or wrong address");
    ptset_release(&ps, pd);
    frame_free(frame);
}

static void
test_cr3_count(void)
{
    uint32_t before = arch_cr3_loads();

    arch_vspace_load(arch_vspace_current());
    report(arch_cr3_loads() == before + 1, "CR3 loads are counted", "counter did not move");
}

static void
test_timer(void)
{
    uint32_t start = clock_ticks;
    uint64_t t0 = arch_tsc(), limit = t0 + 20 * clock_tsc_hz; // give up after 20 s
    uint32_t want = CONFIG_TIMER_HZ / 5;                      // 200 ms worth of ticks

    while (clock_ticks - start < want && arch_tsc() < limit)
        arch_idle();
    uint64_t cycles = arch_tsc() - t0;
    report(clock_ticks - start >= want, "timer ticks advance", "no ticks");

    // the TSC rate must be plausible and agree with the PIT within a factor of two, over the
    // ticks that were counted: a host that stalls QEMU for longer than the wait (a loaded
    // machine) makes the clock catch up several periods at once, which is no disagreement
    uint64_t expect = clock_tsc_hz * (clock_ticks - start) / CONFIG_TIMER_HZ;
    bool sane = clock_tsc_hz > 50000000ull && clock_tsc_hz < 20000000000ull;
    report(sane && cycles > expect / 2 && cycles < expect * 2,
           "TSC frequency is plausible and agrees with the timer", "implausible TSC rate");
}

static void
test_ksyms(void)
{
    uint32_t off = 1;
    const char *name = ksyms_lookup((uint32_t)kmain + 3, &off);

    report(name && kstrcmp(name, "kmain") == 0 && off == 3,
           "kernel symbol table resolves kmain+3", "symbol lookup failed");
}

static void
test_format(void)
{
    char buf[64];

    ksnprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08X|%s|%c|%i|%lld", -42, 7u, 0xabu, 0xbeefu, "hi",
              'Z', 0, -5000000000ll);
    report(kstrcmp(buf, "-42|    7|ab  |0000BEEF|hi|Z|0|-5000000000") == 0,
           "printk formats numbers, strings and widths", buf);
}

/* Run every case, print the plan, return the number of failures. */
int
selftest_run(void)
{
    printk("TAP version 13\n");
    test_frames();
    test_heap();
    test_mapping();
    test_cr3_count();
    test_timer();
    test_ksyms();
    test_format();
    printk("1..%d\n", test_no);
    return test_failed;
}

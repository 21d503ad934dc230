/*
 * tests/host/test_ticks.c - unit tests of kernel/ticks.h (clock_periods).
 *
 * A regular interrupt is one period, jitter included; a late one counts
 * the periods it stood for; the interrupts an emulator replays right after
 * a stall count none, so a stall followed by its replays adds up to the
 * time that passed, not twice that; without a TSC every interrupt counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/ticks.h"

#define PER 26000000u /* a 2.6 GHz TSC at 100 Hz */

static void
test_regular_interrupts_count_one(void **state)
{
    (void)state;
    assert_int_equal(clock_periods(PER, PER), 1);
    assert_int_equal(clock_periods(PER - PER / 10, PER), 1); // early
    assert_int_equal(clock_periods(PER + PER / 3, PER), 1);  // late, not a whole period
    assert_int_equal(clock_periods(PER / 3, PER), 1);        // TSC calibrated 3x too high
}

static void
test_a_late_interrupt_counts_what_it_stood_for(void **state)
{
    (void)state;
    assert_int_equal(clock_periods(2 * PER, PER), 2);
    assert_int_equal(clock_periods(15 * PER + PER / 3, PER), 15);
    assert_int_equal(clock_periods((uint64_t)PER * 100000, PER), 100000);
}

/* QEMU's PIT after 150 ms unscheduled: one interrupt 15 periods late, then
 * the 14 it owes, microseconds apart, then regular ones again. */
static void
test_a_stall_and_its_replays_count_the_time_once(void **state)
{
    uint64_t last = 0, now = 0;
    uint32_t ticks = 0;

    (void)state;
    now += 15 * (uint64_t)PER; // the late one
    for (int i = 0; i < 15 + 20; i++) {
        uint32_t n = clock_periods(now - last, PER);
        if (n) {
            ticks += n;
            last = now;
        }
        now += i < 14 ? 5000 : PER; // 14 replays 2 µs apart, then every period
    }
    assert_int_equal(ticks, 15 + 20);
}

static void
test_without_a_tsc_every_interrupt_counts(void **state)
{
    (void)state;
    assert_int_equal(clock_periods(0, 0), 1);
    assert_int_equal(clock_periods(123456789, 0), 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regular_interrupts_count_one),
        cmocka_unit_test(test_a_late_interrupt_counts_what_it_stood_for),
        cmocka_unit_test(test_a_stall_and_its_replays_count_the_time_once),
        cmocka_unit_test(test_without_a_tsc_every_interrupt_counts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

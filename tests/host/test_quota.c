/*
 * tests/host/test_quota.c - unit tests of kernel/quota.c (per-owner limits).
 *
 * Limits per kind (frames, slots of each type), the error of each kind, no
 * change on a refused charge, refunds down to a freed account, the system
 * owner never limited, the account table full, charges past the limit for
 * transfers, and resources that remember who paid for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "kernel/config.h"
#include "kernel/quota.h"

static int
setup(void **state)
{
    (void)state;
    quota_reset();
    return 0;
}

static void
test_no_limit_by_default(void **state)
{
    (void)state;
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 1u << 30), 0);
    assert_int_equal(quota_used(7, QUOTA_FRAMES), 1u << 30);
    assert_int_equal(quota_charge(7, RT_PROC, 1000), 0);
}

static void
test_limits_refuse_and_change_nothing(void **state)
{
    (void)state;
    quota_set_limit(QUOTA_FRAMES, 100);
    quota_set_limit(RT_VSPACE, 2);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 60), 0);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 41), -ENOMEM);
    assert_int_equal(quota_used(7, QUOTA_FRAMES), 60);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 40), 0);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 1), -ENOMEM);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 0xffffffffu), -ENOMEM); // no wrap
    assert_int_equal(quota_charge(7, RT_VSPACE, 1), 0);
    assert_int_equal(quota_charge(7, RT_VSPACE, 1), 0);
    assert_int_equal(quota_charge(7, RT_VSPACE, 1), -EAGAIN);
    assert_int_equal(quota_charge(7, RT_PROC, 50), 0); // other types unlimited
    // another owner has its own account
    assert_int_equal(quota_charge(8, QUOTA_FRAMES, 100), 0);
    assert_int_equal(quota_charge(8, RT_VSPACE, 2), 0);
}

static void
test_system_owner_unlimited_and_uncounted(void **state)
{
    (void)state;
    quota_set_limit(QUOTA_FRAMES, 1);
    assert_int_equal(quota_charge(RCC_SYSTEM_OWNER, QUOTA_FRAMES, 1000), 0);
    assert_int_equal(quota_used(RCC_SYSTEM_OWNER, QUOTA_FRAMES), 0);
    quota_refund(RCC_SYSTEM_OWNER, QUOTA_FRAMES, 1000);
}

static void
test_refunds_free_the_account(void **state)
{
    (void)state;
    // fill every account, then free one by refunds: a new owner fits again
    for (int i = 0; i < CONFIG_QUOTA_ACCOUNTS; i++)
        assert_int_equal(quota_charge((uint16_t)(100 + i), RT_CBOX, 1), 0);
    assert_int_equal(quota_charge(999, RT_CBOX, 1), -EAGAIN);
    assert_int_equal(quota_charge(999, QUOTA_FRAMES, 1), -EAGAIN);
    assert_int_equal(quota_charge(100, RT_PROC, 3), 0); // an existing account still works
    quota_refund(100, RT_CBOX, 1);
    assert_int_equal(quota_charge(999, RT_CBOX, 1), -EAGAIN); // 100 still holds processes
    quota_refund(100, RT_PROC, 3);
    assert_int_equal(quota_used(100, RT_PROC), 0);
    assert_int_equal(quota_charge(999, RT_CBOX, 1), 0);
    assert_int_equal(quota_used(999, RT_CBOX), 1);
}

static void
test_refund_clamps_and_ignores_strangers(void **state)
{
    (void)state;
    assert_int_equal(quota_charge(7, RT_PROC, 2), 0);
    quota_refund(7, RT_PROC, 5);
    assert_int_equal(quota_used(7, RT_PROC), 0);
    quota_refund(12345, RT_PROC, 1); // no account: nothing happens
    assert_int_equal(quota_used(12345, RT_PROC), 0);
}

static void
test_charge_over_passes_the_limit(void **state)
{
    (void)state;
    quota_set_limit(QUOTA_FRAMES, 10);
    quota_charge_over(7, QUOTA_FRAMES, 25);
    assert_int_equal(quota_used(7, QUOTA_FRAMES), 25);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 1), -ENOMEM);
    quota_refund(7, QUOTA_FRAMES, 20);
    assert_int_equal(quota_charge(7, QUOTA_FRAMES, 5), 0);
}

static void
test_bad_kind(void **state)
{
    (void)state;
    assert_int_equal(quota_charge(7, -1, 1), -EINVAL);
    assert_int_equal(quota_charge(7, RT_COUNT, 1), -EINVAL);
    quota_set_limit(RT_COUNT, 5);
    assert_int_equal(quota_limit(RT_COUNT), 0);
    assert_int_equal(quota_used(7, RT_COUNT), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_no_limit_by_default, setup),
        cmocka_unit_test_setup(test_limits_refuse_and_change_nothing, setup),
        cmocka_unit_test_setup(test_system_owner_unlimited_and_uncounted, setup),
        cmocka_unit_test_setup(test_refunds_free_the_account, setup),
        cmocka_unit_test_setup(test_refund_clamps_and_ignores_strangers, setup),
        cmocka_unit_test_setup(test_charge_over_passes_the_limit, setup),
        cmocka_unit_test_setup(test_bad_kind, setup),
    };

    return cmocka_run_group_tests_name("quota", tests, NULL, NULL);
}

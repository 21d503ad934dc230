/*
 * tests/host/test_rid.c - unit tests of kernel/rid.h (rid encoding).
 *
 * Checks that type, slot and generation round-trip through rid_make for the
 * extremes of every field, that fields do not bleed into each other, that bit
 * 31 stays clear (a rid is never negative) and that slot 0 / gen 0 / type 0 are
 * representable but a real rid (type >= 1) is always > 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/rid.h"

static void
test_roundtrip_all_types(void **state)
{
    (void)state;
    for (int t = 1; t < RT_COUNT; t++) {
        rid_t r = rid_make(t, 5, 7);

        assert_true(r > 0);
        assert_int_equal(rid_type(r), t);
        assert_int_equal(rid_slot(r), 5);
        assert_int_equal(rid_gen(r), 7);
    }
}

static void
test_field_extremes(void **state)
{
    (void)state;
    unsigned slots[] = {0, 1, 2, 511, 1024, RID_SLOT_COUNT - 1};
    unsigned gens[] = {0, 1, 0x7fff, 0x8000, 0xfffe, 0xffff};

    for (int t = 0; t <= (int)RID_TYPE_MASK; t++) {
        for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
            for (size_t j = 0; j < sizeof(gens) / sizeof(gens[0]); j++) {
                rid_t r = rid_make(t, slots[i], gens[j]);

                assert_true(r >= 0); // bit 31 always clear
                assert_int_equal(rid_type(r), t);
                assert_int_equal(rid_slot(r), slots[i]);
                assert_int_equal(rid_gen(r), gens[j]);
            }
        }
    }
}

static void
test_layout_matches_abi(void **state)
{
    (void)state;
    assert_int_equal(rid_make(1, 0, 0), 1 << RID_TYPE_SHIFT);
    assert_int_equal(rid_make(0, 1, 0), 1 << RID_SLOT_SHIFT);
    assert_int_equal(rid_make(0, 0, 1), 1);
    assert_int_equal(rid_make((int)RID_TYPE_MASK, RID_SLOT_MASK, RID_GEN_MASK), 0x7fffffff);
    assert_int_equal(RID_TYPE_SHIFT + RID_TYPE_BITS, 31);
    assert_int_equal(RID_SLOT_SHIFT + RID_SLOT_BITS, RID_TYPE_SHIFT);
    assert_int_equal(RID_GEN_BITS, RID_SLOT_SHIFT);
    assert_true(RT_COUNT - 1 <= (int)RID_TYPE_MASK); // every RT_* fits
}

static void
test_oversized_fields_truncated(void **state)
{
    (void)state;
    rid_t r = rid_make(RT_PROC, RID_SLOT_COUNT + 3, 0x10005);

    assert_int_equal(rid_type(r), RT_PROC); // slot overflow does not touch type
    assert_int_equal(rid_slot(r), 3);
    assert_int_equal(rid_gen(r), 5);
    assert_true(rid_make(RID_TYPE_MASK + 1, 1, 1) > 0); // type overflow cannot set bit 31
}

static void
test_distinct_fields_distinct_rids(void **state)
{
    (void)state;
    rid_t a = rid_make(RT_VSPACE, 3, 1);

    assert_int_not_equal(a, rid_make(RT_VSPACE, 3, 2)); // generation matters
    assert_int_not_equal(a, rid_make(RT_VSPACE, 4, 1)); // slot matters
    assert_int_not_equal(a, rid_make(RT_PROC, 3, 1));   // type matters
}

static void
test_validity(void **state)
{
    (void)state;
    assert_false(rid_is_valid(0));
    assert_false(rid_is_valid(-2)); // -ENOENT
    assert_true(rid_is_valid(rid_make(RT_VREGION, 1, 1)));
    assert_true(rid_make(RT_VREGION, 0, 0) > 0); // type >= 1 alone makes it positive
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_all_types),
        cmocka_unit_test(test_field_extremes),
        cmocka_unit_test(test_layout_matches_abi),
        cmocka_unit_test(test_oversized_fields_truncated),
        cmocka_unit_test(test_distinct_fields_distinct_rids),
        cmocka_unit_test(test_validity),
    };

    return cmocka_run_group_tests_name("rid", tests, NULL, NULL);
}

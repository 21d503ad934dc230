/*
 * tests/host/test_range.c - unit tests of mm/range.c (global 4 MiB ranges).
 *
 * Covered: alignment and bounds of what is handed out, ranges never overlap,
 * exhaustion and recovery, next-fit (a freed range is not reused at once),
 * multi-chunk runs across a fragmented pool, every -EINVAL of free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "mm/range.h"

static struct range_pool rp;

static int
setup(void **state)
{
    (void)state;
    memset(&rp, 0xff, sizeof(rp)); // init must clear everything itself
    range_pool_init(&rp);
    return 0;
}

static void
test_fresh_pool(void **state)
{
    (void)state;
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS);
    assert_int_equal(RANGE_NCHUNKS, 767);
}

static void
test_alloc_aligned_and_in_bounds(void **state)
{
    vaddr_t base;

    (void)state;
    assert_int_equal(range_alloc(&rp, 3, &base), 0);
    assert_int_equal(base % RANGE_CHUNK, 0);
    assert_true(base >= RANGE_BASE && base + 3 * RANGE_CHUNK <= RANGE_TOP);
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS - 3);
}

static void
test_no_overlap_until_exhausted(void **state)
{
    static vaddr_t got[RANGE_NCHUNKS];
    vaddr_t extra;
    unsigned n = 0;

    (void)state;
    while (range_alloc(&rp, 1, &got[n]) == 0)
        n++;
    assert_int_equal(n, RANGE_NCHUNKS);
    assert_int_equal(range_alloc(&rp, 1, &extra), -ENOMEM);
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            assert_true(got[i] != got[j]);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(range_free(&rp, got[i], 1), 0);
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS);
}

#define ADDR(i) (RANGE_BASE + (vaddr_t)(i) * RANGE_CHUNK)

static void
test_new_ranges_leave_room_to_grow(void **state)
{
    vaddr_t a, b, c;

    (void)state;
    assert_int_equal(range_alloc(&rp, 2, &a), 0);
    assert_int_equal(a, ADDR(RANGE_NCHUNKS / 2)); // the middle of everything
    assert_int_equal(range_alloc(&rp, 2, &b), 0);
    assert_int_equal(b, ADDR(RANGE_NCHUNKS / 4)); // the middle of the larger half below
    assert_int_equal(range_alloc(&rp, 2, &c), 0);
    assert_true(c > a); // then above the first
    // b can grow until it meets a: by a quarter of the area
    unsigned room = (a - b) / RANGE_CHUNK;
    assert_true(room >= RANGE_NCHUNKS / 4);
    assert_int_equal(range_extend(&rp, b, 2, room - 2), 0);
    assert_int_equal(range_extend(&rp, b, room, 1), -ENOMEM); // a is in the way
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS - 6 - (room - 2));
    assert_int_equal(range_free(&rp, b, room), 0);
}

static void
test_extend_errors(void **state)
{
    vaddr_t a;

    (void)state;
    assert_int_equal(range_alloc(&rp, 1, &a), 0);
    assert_int_equal(range_extend(&rp, a, 1, 0), -EINVAL);
    assert_int_equal(range_extend(&rp, a + 4096, 1, 1), -EINVAL);
    assert_int_equal(range_extend(&rp, a + RANGE_CHUNK, 1, 1), -EINVAL); // not allocated
    assert_int_equal(range_extend(&rp, a, 1, RANGE_NCHUNKS), -ENOMEM);  // past the top
    assert_int_equal(range_extend(&rp, a, 1, 3), 0);
    assert_int_equal(range_free(&rp, a, 4), 0);
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS);
}

static void
test_alloc_top(void **state)
{
    vaddr_t w, a;

    (void)state;
    assert_int_equal(range_alloc_top(&rp, 3, &w), 0);
    assert_int_equal(w, RANGE_TOP - 3 * RANGE_CHUNK);
    assert_int_equal(range_alloc_top(&rp, 1, &a), -ENOMEM);
    assert_int_equal(range_alloc_top(&rp, 0, &a), -EINVAL);
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS - 3);
}

static void
test_multi_chunk_run_in_fragmented_pool(void **state)
{
    static vaddr_t got[RANGE_NCHUNKS];
    vaddr_t big;
    unsigned n = 0;

    (void)state;
    while (range_alloc(&rp, 1, &got[n]) == 0)
        n++;
    for (unsigned i = 0; i < n; i += 2) // free every other chunk: no run of 2
        range_free(&rp, ADDR(i), 1);
    assert_int_equal(range_alloc(&rp, 2, &big), -ENOMEM);
    range_free(&rp, ADDR(101), 1); // now chunks 100..102 are free and consecutive
    assert_int_equal(range_alloc(&rp, 3, &big), 0);
    assert_int_equal(big, ADDR(100));
}

static void
test_free_errors(void **state)
{
    vaddr_t a;

    (void)state;
    assert_int_equal(range_alloc(&rp, 2, &a), 0);
    assert_int_equal(range_free(&rp, a + 4096, 1), -EINVAL);   // not a chunk start
    assert_int_equal(range_free(&rp, 0, 1), -EINVAL);          // below the user area
    assert_int_equal(range_free(&rp, RANGE_TOP, 1), -EINVAL);  // kernel
    assert_int_equal(range_free(&rp, a, 3), -EINVAL);          // longer than allocated
    assert_int_equal(range_free(&rp, a, 0), -EINVAL);
    assert_int_equal(range_free(&rp, a, 2), 0);
    assert_int_equal(range_free(&rp, a, 2), -EINVAL);          // double free
    assert_int_equal(range_alloc(&rp, 0, &a), -EINVAL);
    assert_int_equal(range_nfree(&rp), RANGE_NCHUNKS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fresh_pool, setup),
        cmocka_unit_test_setup(test_alloc_aligned_and_in_bounds, setup),
        cmocka_unit_test_setup(test_no_overlap_until_exhausted, setup),
        cmocka_unit_test_setup(test_new_ranges_leave_room_to_grow, setup),
        cmocka_unit_test_setup(test_extend_errors, setup),
        cmocka_unit_test_setup(test_alloc_top, setup),
        cmocka_unit_test_setup(test_multi_chunk_run_in_fragmented_pool, setup),
        cmocka_unit_test_setup(test_free_errors, setup),
    };
    return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}

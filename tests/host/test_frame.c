/*
 * tests/host/test_frame.c - unit tests of mm/frame.c (frame bitmap).
 *
 * Pools of a few hundred frames (and one of 16384 = 64 MiB) on a static
 * bitmap. Covered: sizing, initial state, inward/outward rounding of ranges,
 * frame 0 never handed out, alloc-all/free-all accounting, next-fit order,
 * contiguous runs, every -EINVAL case of free, and is_free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "mm/frame.h"

#define BIG 16384
#define F(n) ((paddr_t)(n)*FRAME_SIZE)

static uint32_t bits[BIG / 32 + 1];
static struct frame_pool fp;

static int
setup(void **state)
{
    (void)state;
    memset(bits, 0, sizeof(bits)); // init must set every bit itself
    return 0;
}

static void
test_bitmap_bytes(void **state)
{
    (void)state;
    assert_int_equal(frame_pool_bitmap_bytes(0), 0);
    assert_int_equal(frame_pool_bitmap_bytes(1), 4);
    assert_int_equal(frame_pool_bitmap_bytes(32), 4);
    assert_int_equal(frame_pool_bitmap_bytes(33), 8);
    assert_int_equal(frame_pool_bitmap_bytes(16384), 2048);
    assert_int_equal(frame_pool_bitmap_bytes(1u << 20), 128 * 1024);
}

static void
test_init_all_used(void **state)
{
    (void)state;
    paddr_t pa = 0x1234;

    frame_pool_init(&fp, bits, 100);
    assert_int_equal(fp.nframes, 100);
    assert_int_equal(frame_pool_nfree(&fp), 0);
    for (uint32_t f = 0; f < 100; f++)
        assert_false(frame_pool_is_free(&fp, F(f)));
    assert_int_equal(frame_pool_alloc(&fp, &pa), -ENOMEM);
    assert_int_equal(pa, 0x1234); // untouched on failure
    assert_int_equal(frame_pool_alloc_contig(&fp, 1, &pa), -ENOMEM);
    assert_int_equal(bits[3], 0xffffffffu); // padding past nframes is used too
}

static void
test_release_rounds_inward(void **state)
{
    (void)state;
    frame_pool_init(&fp, bits, 100);
    frame_pool_release_range(&fp, 0x1001, 0x5fff); // frames 2, 3, 4
    assert_int_equal(frame_pool_nfree(&fp), 3);
    assert_false(frame_pool_is_free(&fp, F(1)));
    assert_true(frame_pool_is_free(&fp, F(2)));
    assert_true(frame_pool_is_free(&fp, F(4)));
    assert_true(frame_pool_is_free(&fp, F(4) + 0xfff)); // any address in the frame
    assert_false(frame_pool_is_free(&fp, F(5)));
    frame_pool_release_range(&fp, 0x8000, 0x9000); // exactly frame 8
    assert_int_equal(frame_pool_nfree(&fp), 4);
    assert_true(frame_pool_is_free(&fp, F(8)));
    assert_false(frame_pool_is_free(&fp, F(9)));
    frame_pool_release_range(&fp, 0xa001, 0xafff); // inside one frame: nothing
    frame_pool_release_range(&fp, 0xc000, 0xc000); // empty
    frame_pool_release_range(&fp, 0xe000, 0xd000); // reversed
    assert_int_equal(frame_pool_nfree(&fp), 4);
    frame_pool_release_range(&fp, 0x2000, 0x4000); // already free: no double count
    assert_int_equal(frame_pool_nfree(&fp), 4);
}

static void
test_release_never_frame0(void **state)
{
    (void)state;
    paddr_t pa;

    frame_pool_init(&fp, bits, 100);
    frame_pool_release_range(&fp, 0, F(100));
    assert_int_equal(frame_pool_nfree(&fp), 99);
    assert_false(frame_pool_is_free(&fp, 0));
    for (int i = 0; i < 99; i++) {
        assert_int_equal(frame_pool_alloc(&fp, &pa), 0);
        assert_int_not_equal(pa, 0);
    }
    assert_int_equal(frame_pool_alloc(&fp, &pa), -ENOMEM);
    assert_int_equal(frame_pool_free(&fp, 0), -EINVAL);
}

static void
test_release_clipped_to_pool(void **state)
{
    (void)state;
    frame_pool_init(&fp, bits, 100);
    frame_pool_release_range(&fp, F(90), F(500));
    assert_int_equal(frame_pool_nfree(&fp), 10);
    assert_false(frame_pool_is_free(&fp, F(100))); // beyond the pool
    assert_false(frame_pool_is_free(&fp, F(200)));
    assert_int_equal(bits[3] >> 4, 0xfffffffu);              // padding bits 100..127 untouched
    frame_pool_release_range(&fp, 0xfffff001u, 0xffffffffu); // near 4 GiB: no wrap
    frame_pool_release_range(&fp, F(200), F(300));
    assert_int_equal(frame_pool_nfree(&fp), 10);
}

static void
test_reserve_rounds_outward(void **state)
{
    (void)state;
    frame_pool_init(&fp, bits, 100);
    frame_pool_release_range(&fp, 0, F(100));
    frame_pool_reserve_range(&fp, 0x2001, 0x3001); // touches frames 2 and 3
    assert_int_equal(frame_pool_nfree(&fp), 97);
    assert_true(frame_pool_is_free(&fp, F(1)));
    assert_false(frame_pool_is_free(&fp, F(2)));
    assert_false(frame_pool_is_free(&fp, F(3)));
    assert_true(frame_pool_is_free(&fp, F(4)));
    frame_pool_reserve_range(&fp, F(2), F(4)); // already used: no double count
    assert_int_equal(frame_pool_nfree(&fp), 97);
    frame_pool_reserve_range(&fp, F(10), F(10) + 1); // one byte reserves a frame
    assert_false(frame_pool_is_free(&fp, F(10)));
    assert_int_equal(frame_pool_nfree(&fp), 96);
    frame_pool_reserve_range(&fp, F(98), 0xffffffffu); // clipped at the pool end
    assert_int_equal(frame_pool_nfree(&fp), 94);
    frame_pool_reserve_range(&fp, F(50), F(50)); // empty range
    assert_int_equal(frame_pool_nfree(&fp), 94);
}

static void
test_alloc_all_free_all(void **state)
{
    (void)state;
    static paddr_t got[BIG];
    static bool seen[BIG];
    uint32_t n = 0, start;
    paddr_t pa;

    memset(seen, 0, sizeof(seen));
    frame_pool_init(&fp, bits, BIG);
    frame_pool_release_range(&fp, 0, F(BIG));
    frame_pool_reserve_range(&fp, F(256), F(1024)); // a "kernel image" hole
    start = frame_pool_nfree(&fp);
    assert_int_equal(start, BIG - 1 - 768);
    while (frame_pool_alloc(&fp, &pa) == 0) {
        uint32_t f = pa / FRAME_SIZE;

        assert_int_equal(pa % FRAME_SIZE, 0);
        assert_true(f > 0 && f < BIG);
        assert_false(f >= 256 && f < 1024);
        assert_false(seen[f]); // never handed out twice
        seen[f] = true;
        got[n++] = pa;
    }
    assert_int_equal(n, start);
    assert_int_equal(frame_pool_nfree(&fp), 0);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(frame_pool_free(&fp, got[i]), 0);
    assert_int_equal(frame_pool_nfree(&fp), start);
    // and again, freeing in reverse order this time
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(frame_pool_alloc(&fp, &got[i]), 0);
    assert_int_equal(frame_pool_alloc(&fp, &pa), -ENOMEM);
    for (uint32_t i = n; i-- > 0;)
        assert_int_equal(frame_pool_free(&fp, got[i]), 0);
    assert_int_equal(frame_pool_nfree(&fp), start);
}

static void
test_next_fit(void **state)
{
    (void)state;
    paddr_t a, b, c, d;

    frame_pool_init(&fp, bits, 8);
    frame_pool_release_range(&fp, 0, F(8)); // frames 1..7
    assert_int_equal(frame_pool_alloc(&fp, &a), 0);
    assert_int_equal(frame_pool_alloc(&fp, &b), 0);
    assert_int_equal(a, F(1));
    assert_int_equal(b, F(2));
    assert_int_equal(frame_pool_free(&fp, a), 0);
    assert_int_equal(frame_pool_alloc(&fp, &c), 0);
    assert_int_equal(c, F(3)); // next-fit: not the just-freed frame 1
    for (int i = 4; i <= 7; i++) {
        assert_int_equal(frame_pool_alloc(&fp, &d), 0);
        assert_int_equal(d, F(i));
    }
    assert_int_equal(frame_pool_alloc(&fp, &d), 0);
    assert_int_equal(d, F(1)); // wrapped around, skipping frame 0
    assert_int_equal(frame_pool_alloc(&fp, &d), -ENOMEM);
}

static void
test_contig(void **state)
{
    (void)state;
    paddr_t pa;

    frame_pool_init(&fp, bits, 200);
    frame_pool_release_range(&fp, F(1), F(101)); // frames 1..100
    frame_pool_reserve_range(&fp, F(5), F(6));   // runs: 1-4, 6-9, 11-100
    frame_pool_reserve_range(&fp, F(10), F(11));
    assert_int_equal(frame_pool_alloc_contig(&fp, 4, &pa), 0);
    assert_int_equal(pa, F(1));
    assert_int_equal(frame_pool_alloc_contig(&fp, 5, &pa), 0);
    assert_int_equal(pa, F(11)); // 6-9 is one frame too short
    for (int f = 11; f < 16; f++)
        assert_false(frame_pool_is_free(&fp, F(f)));
    assert_true(frame_pool_is_free(&fp, F(16)));
    assert_int_equal(frame_pool_nfree(&fp), 98 - 4 - 5);
    assert_int_equal(frame_pool_alloc_contig(&fp, 4, &pa), 0);
    assert_int_equal(pa, F(6)); // now the 6-9 run fits exactly
    assert_int_equal(frame_pool_alloc_contig(&fp, 86, &pa), -ENOMEM); // 16-100 is 85
    assert_int_equal(frame_pool_alloc_contig(&fp, 85, &pa), 0);
    assert_int_equal(pa, F(16));
    assert_int_equal(frame_pool_nfree(&fp), 0);
    assert_int_equal(frame_pool_alloc_contig(&fp, 0, &pa), -EINVAL);
    assert_int_equal(frame_pool_free(&fp, F(50)), 0);
    assert_int_equal(frame_pool_alloc_contig(&fp, 1, &pa), 0);
    assert_int_equal(pa, F(50));
}

static void
test_contig_crosses_words(void **state)
{
    (void)state;
    paddr_t pa;

    frame_pool_init(&fp, bits, BIG);
    frame_pool_release_range(&fp, F(30), F(200));
    assert_int_equal(frame_pool_alloc_contig(&fp, 100, &pa), 0);
    assert_int_equal(pa, F(30));
    assert_int_equal(frame_pool_alloc_contig(&fp, 70, &pa), 0);
    assert_int_equal(pa, F(130));
    assert_int_equal(frame_pool_alloc_contig(&fp, 1, &pa), -ENOMEM);
}

static void
test_free_errors(void **state)
{
    (void)state;
    paddr_t pa;

    frame_pool_init(&fp, bits, 100);
    frame_pool_release_range(&fp, 0, F(100));
    assert_int_equal(frame_pool_alloc(&fp, &pa), 0);
    assert_int_equal(frame_pool_free(&fp, pa + 1), -EINVAL); // unaligned
    assert_int_equal(frame_pool_free(&fp, pa + 0x800), -EINVAL);
    assert_int_equal(frame_pool_free(&fp, F(100)), -EINVAL); // out of range
    assert_int_equal(frame_pool_free(&fp, 0xfffff000u), -EINVAL);
    assert_int_equal(frame_pool_free(&fp, 0), -EINVAL);     // frame 0
    assert_int_equal(frame_pool_free(&fp, F(50)), -EINVAL); // free, never allocated
    assert_int_equal(frame_pool_nfree(&fp), 98);
    assert_int_equal(frame_pool_free(&fp, pa), 0);
    assert_int_equal(frame_pool_free(&fp, pa), -EINVAL); // double free
    assert_int_equal(frame_pool_nfree(&fp), 99);
}

static void
test_is_free_out_of_range(void **state)
{
    (void)state;
    frame_pool_init(&fp, bits, 64);
    frame_pool_release_range(&fp, 0, F(64));
    assert_true(frame_pool_is_free(&fp, F(63)));
    assert_false(frame_pool_is_free(&fp, F(64)));
    assert_false(frame_pool_is_free(&fp, 0xffffffffu));
}

static void
test_full_4g_pool(void **state)
{
    (void)state;
    static uint32_t all_bits[FRAME_MAX_FRAMES / 32];
    struct frame_pool big;
    paddr_t pa;

    frame_pool_init(&big, all_bits, FRAME_MAX_FRAMES + 100); // clamped to 4 GiB
    assert_int_equal(big.nframes, FRAME_MAX_FRAMES);
    // end is exclusive and a paddr_t, so the very last frame cannot be released
    frame_pool_release_range(&big, 0xffffd000u, 0xffffffffu);
    assert_int_equal(frame_pool_nfree(&big), 2);
    assert_int_equal(frame_pool_alloc_contig(&big, 2, &pa), 0);
    assert_int_equal(pa, 0xffffd000u);
    assert_int_equal(frame_pool_free(&big, 0xffffe000u), 0);
    assert_int_equal(frame_pool_alloc(&big, &pa), 0);
    assert_int_equal(pa, 0xffffe000u);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_bitmap_bytes),
        T(test_init_all_used),
        T(test_release_rounds_inward),
        T(test_release_never_frame0),
        T(test_release_clipped_to_pool),
        T(test_reserve_rounds_outward),
        T(test_alloc_all_free_all),
        T(test_next_fit),
        T(test_contig),
        T(test_contig_crosses_words),
        T(test_free_errors),
        T(test_is_free_out_of_range),
        T(test_full_4g_pool),
    };

    return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}

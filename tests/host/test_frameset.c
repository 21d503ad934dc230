/*
 * tests/host/test_frameset.c - unit tests of mm/frameset.c.
 *
 * The environment (frames, the kernel heap) is faked here: a small pool of
 * numbered frames whose "contents" are one byte each, with failure injection
 * for frames and for the heap; quotas are the real kernel/quota.c. Cases:
 * growth zero-fills and charges, all-or-nothing growth when frames, heap or
 * quota run out, shrink and free refund, clones copy and are not charged,
 * adopt/drop, repay moves the charge, holes cost nothing until filled
 * (zeros or a copy, one charge each, refused past the quota), and nothing
 * leaks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "kernel/quota.h"
#include "mm/frameset.h"
#include "mm/mem.h"

#define NFRAMES 64
#define PAYER 7
#define OTHER_PAYER 8

static uint8_t in_use[NFRAMES], content[NFRAMES];
static int frames_left, heap_fail_after, heap_live;

static unsigned
index_of(paddr_t pa)
{
    unsigned i = pa / 4096 - 1;

    assert_true(pa % 4096 == 0 && i < NFRAMES);
    return i;
}

int
frame_alloc(paddr_t *out)
{
    if (frames_left == 0)
        return -ENOMEM;
    for (unsigned i = 0; i < NFRAMES; i++) {
        if (!in_use[i]) {
            in_use[i] = 1;
            content[i] = 0xee; // garbage until zeroed or copied
            frames_left--;
            *out = (paddr_t)(i + 1) * 4096;
            return 0;
        }
    }
    return -ENOMEM;
}

int
frame_alloc_zeroed(paddr_t *out)
{
    int err = frame_alloc(out);

    if (err == 0)
        content[index_of(*out)] = 0;
    return err;
}

void
frame_free(paddr_t pa)
{
    unsigned i = index_of(pa);

    assert_true(in_use[i]); // a double free would be a bug
    in_use[i] = 0;
    frames_left++;
}

void
frame_copy(paddr_t dst, paddr_t src)
{
    content[index_of(dst)] = content[index_of(src)];
}

void *
kmalloc(size_t n)
{
    if (heap_fail_after == 0)
        return NULL;
    if (heap_fail_after > 0)
        heap_fail_after--;
    heap_live++;
    return malloc(n);
}

void *
kzalloc(size_t n)
{
    char *p = kmalloc(n);

    for (size_t i = 0; p && i < n; i++)
        p[i] = 0;
    return p;
}

void
kfree(void *p)
{
    if (p)
        heap_live--;
    free(p);
}

static int
used_frames(void)
{
    int n = 0;

    for (unsigned i = 0; i < NFRAMES; i++)
        n += in_use[i];
    return n;
}

static int
setup(void **state)
{
    (void)state;
    for (unsigned i = 0; i < NFRAMES; i++)
        in_use[i] = 0;
    frames_left = NFRAMES;
    heap_fail_after = -1;
    heap_live = 0;
    quota_reset();
    return 0;
}

static void
test_grow_zero_fills_and_charges(void **state)
{
    struct frameset fs = {0};

    (void)state;
    assert_int_equal(frameset_grow(&fs, 3, PAYER), 0);
    assert_int_equal(frameset_grow(&fs, 6, PAYER), 0); // the array doubles past FIRST_CAP
    assert_int_equal(fs.n, 9);
    assert_true(fs.cap >= 9);
    for (uint32_t i = 0; i < fs.n; i++)
        assert_int_equal(content[index_of(fs.frames[i])], 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 9);
    assert_int_equal(used_frames(), 9);
    frameset_free(&fs, PAYER);
    assert_int_equal(used_frames(), 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(heap_live, 0);
    assert_null(fs.frames);
}

static void
test_growth_is_all_or_nothing(void **state)
{
    struct frameset fs = {0};

    (void)state;
    assert_int_equal(frameset_grow(&fs, 2, PAYER), 0);
    frames_left = 3; // out of frames half-way
    assert_int_equal(frameset_grow(&fs, 5, PAYER), -ENOMEM);
    assert_int_equal(fs.n, 2);
    assert_int_equal(used_frames(), 2);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 2);
    frames_left = NFRAMES - 2;
    heap_fail_after = 0; // no heap for a bigger array
    assert_int_equal(frameset_grow(&fs, 10, PAYER), -ENOMEM);
    assert_int_equal(fs.n, 2);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 2);
    heap_fail_after = -1;
    quota_set_limit(QUOTA_FRAMES, 4); // past the quota
    assert_int_equal(frameset_grow(&fs, 3, PAYER), -ENOMEM);
    assert_int_equal(used_frames(), 2);
    assert_int_equal(frameset_grow(&fs, 2, PAYER), 0);
    frameset_free(&fs, PAYER);
    assert_int_equal(used_frames(), 0);
    assert_int_equal(heap_live, 0);
}

static void
test_shrink_refunds(void **state)
{
    struct frameset fs = {0};

    (void)state;
    assert_int_equal(frameset_grow(&fs, 5, PAYER), 0);
    frameset_shrink(&fs, 2, PAYER);
    assert_int_equal(fs.n, 3);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 3);
    frameset_shrink(&fs, 100, PAYER); // more than it holds: all
    assert_int_equal(fs.n, 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(used_frames(), 0);
    frameset_free(&fs, PAYER);
    assert_int_equal(heap_live, 0);
}

static void
test_clone_adopt_drop(void **state)
{
    struct frameset fs = {0}, copy = {0};

    (void)state;
    assert_int_equal(frameset_grow(&fs, 4, PAYER), 0);
    for (uint32_t i = 0; i < 4; i++)
        content[index_of(fs.frames[i])] = (uint8_t)(10 + i);
    assert_int_equal(frameset_clone(&copy, &fs), 0);
    assert_int_equal(copy.n, 4);
    for (uint32_t i = 0; i < 4; i++) {
        assert_true(copy.frames[i] != fs.frames[i]);
        assert_int_equal(content[index_of(copy.frames[i])], 10 + i);
    }
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 4); // the copy is charged to nobody
    frameset_drop(&copy);
    assert_int_equal(used_frames(), 4);
    assert_int_equal(frameset_clone(&copy, &fs), 0);
    paddr_t first = copy.frames[0];
    frameset_adopt(&fs, &copy);
    assert_int_equal(fs.frames[0], first);
    assert_int_equal(copy.n, 0);
    assert_int_equal(used_frames(), 4);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 4);
    // a clone that runs out of frames leaves nothing behind
    frames_left = 2;
    assert_int_equal(frameset_clone(&copy, &fs), -ENOMEM);
    assert_int_equal(copy.n, 0);
    assert_null(copy.frames);
    assert_int_equal(used_frames(), 4);
    frameset_free(&fs, PAYER);
    assert_int_equal(heap_live, 0);
}

static void
test_repay_moves_the_charge(void **state)
{
    struct frameset fs = {0};

    (void)state;
    quota_set_limit(QUOTA_FRAMES, 3);
    assert_int_equal(frameset_grow(&fs, 3, RCC_SYSTEM_OWNER), 0);
    frameset_grow(&fs, 2, RCC_SYSTEM_OWNER);
    frameset_repay(&fs, RCC_SYSTEM_OWNER, PAYER); // past PAYER's limit: a transfer
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 5);
    assert_int_equal(frameset_grow(&fs, 1, PAYER), -ENOMEM);
    frameset_free(&fs, PAYER);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(heap_live, 0);
}

/* A stack grows down: holes go in front, the frames move up with their
 * order kept, nothing is charged, and a failed growth changes nothing. */
static void
test_prepend_holes_keeps_the_frames_in_order(void **state)
{
    struct frameset fs = {0};
    paddr_t had[3];

    (void)state;
    assert_int_equal(frameset_add_holes(&fs, 3), 0);
    assert_int_equal(frameset_fill(&fs, 0, 0, PAYER), 0);
    assert_int_equal(frameset_fill(&fs, 2, 0, PAYER), 0);
    for (int i = 0; i < 3; i++)
        had[i] = fs.frames[i];
    assert_int_equal(frameset_prepend_holes(&fs, 6), 0); // past FIRST_CAP: the array grows
    assert_int_equal(fs.n, 9);
    for (int i = 0; i < 6; i++)
        assert_int_equal(fs.frames[i], 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(fs.frames[6 + i], had[i]);
    assert_int_equal(frameset_owned(&fs), 2);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 2);
    heap_fail_after = 0; // no heap for a bigger array
    assert_int_equal(frameset_prepend_holes(&fs, 1000), -ENOMEM);
    heap_fail_after = -1;
    assert_int_equal(fs.n, 9);
    assert_int_equal(fs.frames[6], had[0]);
    frameset_free(&fs, PAYER);
    assert_int_equal(used_frames(), 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
}

static void
test_holes_cost_nothing_until_filled(void **state)
{
    struct frameset fs = {0};
    paddr_t image;

    (void)state;
    assert_int_equal(frame_alloc(&image), 0); // a page of the "boot image"
    content[index_of(image)] = 0x42;
    assert_int_equal(frameset_add_holes(&fs, 5), 0);
    assert_int_equal(fs.n, 5);
    assert_int_equal(frameset_owned(&fs), 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(used_frames(), 1);
    assert_int_equal(frameset_fill(&fs, 1, 0, PAYER), 0); // zeros
    assert_int_equal(frameset_fill(&fs, 3, image, PAYER), 0); // a copy
    assert_int_equal(content[index_of(fs.frames[1])], 0);
    assert_int_equal(content[index_of(fs.frames[3])], 0x42);
    assert_true(fs.frames[3] != image);
    assert_int_equal(fs.frames[0] | fs.frames[2] | fs.frames[4], 0);
    assert_int_equal(frameset_owned(&fs), 2);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 2);
    quota_set_limit(QUOTA_FRAMES, 2);
    assert_int_equal(frameset_fill(&fs, 0, 0, PAYER), -ENOMEM); // past the quota
    assert_int_equal(fs.frames[0], 0);
    quota_set_limit(QUOTA_FRAMES, 100);
    frames_left = 0;
    assert_int_equal(frameset_fill(&fs, 0, image, PAYER), -ENOMEM); // no frame
    assert_int_equal(fs.frames[0], 0);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 2);
    frames_left = NFRAMES - used_frames();
    frameset_repay(&fs, PAYER, OTHER_PAYER);
    assert_int_equal(quota_used(PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(quota_used(OTHER_PAYER, QUOTA_FRAMES), 2);
    frameset_shrink(&fs, 2, OTHER_PAYER); // pages 3 (a frame) and 4 (a hole)
    assert_int_equal(quota_used(OTHER_PAYER, QUOTA_FRAMES), 1);
    frameset_free(&fs, OTHER_PAYER);
    assert_int_equal(quota_used(OTHER_PAYER, QUOTA_FRAMES), 0);
    assert_int_equal(used_frames(), 1);
    frame_free(image);
    assert_int_equal(heap_live, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_grow_zero_fills_and_charges, setup),
        cmocka_unit_test_setup(test_growth_is_all_or_nothing, setup),
        cmocka_unit_test_setup(test_shrink_refunds, setup),
        cmocka_unit_test_setup(test_clone_adopt_drop, setup),
        cmocka_unit_test_setup(test_repay_moves_the_charge, setup),
        cmocka_unit_test_setup(test_holes_cost_nothing_until_filled, setup),
        cmocka_unit_test_setup(test_prepend_holes_keeps_the_frames_in_order, setup),
    };

    return cmocka_run_group_tests_name("frameset", tests, NULL, NULL);
}

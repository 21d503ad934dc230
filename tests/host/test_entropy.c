/*
 * tests/host/test_entropy.c - unit tests of kernel/entropy.c.
 *
 * The ChaCha20 block function against RFC 8439's test vector (§2.3.2, the
 * same bytes OpenSSL's chacha20 gives for that key, counter and nonce); the
 * generator: two reads never give the same bytes, the same samples in a
 * fresh state do not give a read's bytes again (the key moved on), any
 * length is filled, and a sample changes what follows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/entropy.h"

static void
test_block_matches_rfc8439(void **state)
{
    static const uint8_t want[64] = {
        0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3,
        0x20, 0x71, 0xc4, 0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22,
        0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e, 0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa,
        0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2, 0xb5, 0x12, 0x9c, 0xd1,
        0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e};
    uint32_t key[8], nonce[3] = {0x09000000, 0x4a000000, 0};
    uint8_t out[64];

    (void)state;
    for (int i = 0; i < 8; i++) // bytes 00 01 02 ... 1f, little-endian words
        key[i] = (uint32_t)(4 * i) | (uint32_t)(4 * i + 1) << 8 | (uint32_t)(4 * i + 2) << 16 |
                 (uint32_t)(4 * i + 3) << 24;
    chacha20_block(key, 1, nonce, out);
    assert_memory_equal(out, want, sizeof(want));
}

static void
test_reads_differ_and_fill_any_length(void **state)
{
    uint8_t a[300], b[300], zero[300] = {0};

    (void)state;
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    entropy_add(12345);
    entropy_read(a, sizeof(a));
    entropy_read(b, sizeof(b));
    assert_memory_not_equal(a, b, sizeof(a));
    assert_memory_not_equal(a + 256, zero, 44); // past the first blocks too
    assert_memory_not_equal(b + 200, zero, 100);
    entropy_read(a, 1); // odd lengths
    entropy_read(b, 0);
}

static void
test_a_sample_changes_what_follows(void **state)
{
    uint8_t a[32], b[32];

    (void)state;
    entropy_read(a, sizeof(a));
    entropy_add(1);
    entropy_read(b, sizeof(b));
    assert_memory_not_equal(a, b, sizeof(a));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_matches_rfc8439),
        cmocka_unit_test(test_reads_differ_and_fill_any_length),
        cmocka_unit_test(test_a_sample_changes_what_follows),
    };
    return cmocka_run_group_tests_name("entropy", tests, NULL, NULL);
}

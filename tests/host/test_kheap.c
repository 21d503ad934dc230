/*
 * tests/host/test_kheap.c - unit tests of mm/kheap.c (kernel heap core).
 *
 * The grow callback hands out page-aligned host memory (recorded, optionally
 * limited to simulate exhaustion); the release callback checks that it gets
 * back exactly a live chunk with the byte count grow was asked for, that the
 * heap is consistent without it, and frees it (so ASan catches any later
 * touch); teardown frees what is still held. The fault callback records what
 * the heap reported. Covered: zero and huge sizes, alignment, stats, reuse and
 * coalescing (both neighbours, fully back to one free block per chunk), chunk
 * release (all chunks come back, none while a block in it is live, none
 * without a release callback, stale frees after release), zalloc, large
 * requests, grow failure, a seeded random stress with pattern checks and
 * balanced grow/release, and detection of double free (also after a merge),
 * overrun (free and kheap_check), bad pointers and header corruption.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "mm/kheap.h"

#define MAX_CHUNKS 4096 // grow calls per test (records are never reused)

static void *chunks[MAX_CHUNKS]; // chunk i as grow returned it
static size_t chunk_bytes[MAX_CHUNKS];
static int chunk_live[MAX_CHUNKS]; // not yet released
static int nchunks;                // grow calls that succeeded
static int grow_limit;             // chunks grow may still hand out (in total)
static int nreleased;              // release calls
static size_t grown_bytes, released_bytes;
static int use_release; // setup passes the release callback
static int nfaults;
static const char *fault_what;
static void *fault_ptr;

static void *
grow(size_t bytes)
{
    void *p;

    assert_int_equal(bytes % 4096, 0);
    assert_true(bytes >= 4096);
    if (nchunks >= grow_limit || nchunks >= MAX_CHUNKS)
        return NULL;
    p = aligned_alloc(4096, bytes);
    assert_non_null(p);
    memset(p, 0xcc, bytes); // the heap must not rely on zeroed memory
    chunk_bytes[nchunks] = bytes;
    chunk_live[nchunks] = 1;
    chunks[nchunks++] = p;
    grown_bytes += bytes;
    return p;
}

static void
release(void *chunk, size_t bytes)
{
    int i;

    for (i = 0; i < nchunks && !(chunk_live[i] && chunks[i] == chunk); i++)
        ;
    assert_true(i < nchunks);                // a chunk grow handed out, still held
    assert_int_equal(bytes, chunk_bytes[i]); // with the size grow was asked for
    assert_int_equal(kheap_check(), 0);      // already unlinked: the heap is whole
    chunk_live[i] = 0;
    nreleased++;
    released_bytes += bytes;
    free(chunk); // any later touch by the heap is a use-after-free for ASan
}

/* Chunks grown and not released, and their bytes. */
static int
live_chunks(size_t *bytes)
{
    int n = 0;

    if (bytes != NULL)
        *bytes = 0;
    for (int i = 0; i < nchunks; i++) {
        if (chunk_live[i]) {
            n++;
            if (bytes != NULL)
                *bytes += chunk_bytes[i];
        }
    }
    return n;
}

/* Index of the grown chunk holding p, or -1. */
static int
chunk_index(const void *p)
{
    for (int i = 0; i < nchunks; i++) {
        if ((const char *)p >= (const char *)chunks[i] &&
            (const char *)p < (const char *)chunks[i] + chunk_bytes[i])
            return i;
    }
    return -1;
}

static void
fault(const char *what, void *ptr)
{
    nfaults++;
    fault_what = what;
    fault_ptr = ptr;
}

static int
setup(void **state)
{
    (void)state;
    nchunks = 0;
    grow_limit = MAX_CHUNKS;
    nreleased = 0;
    grown_bytes = released_bytes = 0;
    use_release = 1;
    nfaults = 0;
    fault_what = NULL;
    fault_ptr = NULL;
    kheap_init(grow, release, fault);
    return 0;
}

/* Like setup, but the heap gets no release callback: chunks are kept. */
static int
setup_keep(void **state)
{
    setup(state);
    use_release = 0;
    kheap_init(grow, NULL, fault);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    for (int i = 0; i < nchunks; i++) {
        if (chunk_live[i])
            free(chunks[i]);
        chunk_live[i] = 0;
    }
    nchunks = 0;
    return 0;
}

/* Deterministic LCG so a failing run can be replayed. */
static uint32_t rng_state;

static uint32_t
rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static struct kheap_stats
stats(void)
{
    struct kheap_stats st;

    kheap_stats(&st);
    return st;
}

/* Every chunk grown so far has come back, each with the bytes it was grown with. */
static void
assert_all_released(void)
{
    assert_int_equal(live_chunks(NULL), 0);
    assert_int_equal(nreleased, nchunks);
    assert_int_equal(released_bytes, grown_bytes);
    assert_int_equal(stats().bytes_total, 0);
}

/*
 * Heap fully free: nothing in use and exactly one free block per chunk held;
 * bytes_total is what is held. With a release callback nothing is held.
 */
static void
assert_all_free(void)
{
    struct kheap_stats st = stats();
    size_t held;
    int live = live_chunks(&held);

    assert_int_equal(kheap_check(), 0);
    assert_int_equal(st.bytes_in_use, 0);
    assert_int_equal(st.blocks_in_use, 0);
    assert_int_equal(st.free_blocks, (size_t)live);
    assert_int_equal(st.bytes_total, held);
    if (use_release)
        assert_all_released();
    else
        assert_int_equal(nreleased, 0);
}

static void
test_zero_and_huge(void **state)
{
    (void)state;
    assert_null(kheap_alloc(0));
    assert_null(kheap_zalloc(0));
    assert_null(kheap_alloc(SIZE_MAX));
    assert_null(kheap_alloc(SIZE_MAX - 8)); // no wrap in the size arithmetic
    assert_null(kheap_alloc((size_t)KHEAP_MAX_ALLOC + 1));
    assert_int_equal(nchunks, 0); // grow was never asked
    assert_int_equal(nfaults, 0);
    kheap_free(NULL); // allowed
    assert_int_equal(nfaults, 0);
}

static void
test_alignment(void **state)
{
    (void)state;
    void *p[300];

    for (size_t n = 1; n <= 300; n++) {
        p[n - 1] = kheap_alloc(n);
        assert_non_null(p[n - 1]);
        assert_int_equal((uintptr_t)p[n - 1] % KHEAP_ALIGN, 0);
        memset(p[n - 1], 0xee, n); // the whole request is usable
    }
    assert_true(KHEAP_ALIGN >= 8);
    assert_int_equal(kheap_check(), 0);
    for (int i = 0; i < 300; i++)
        kheap_free(p[i]);
    assert_int_equal(nfaults, 0);
    assert_all_free();
}

static void
test_stats(void **state)
{
    (void)state;
    void *a = kheap_alloc(100), *b = kheap_alloc(1);
    struct kheap_stats st = stats();

    assert_int_equal(st.bytes_in_use, 101);
    assert_int_equal(st.blocks_in_use, 2);
    assert_int_equal(st.bytes_total, chunk_bytes[0]);
    assert_int_equal(nchunks, 1);
    assert_true(st.bytes_total >= 64 * 1024);
    kheap_free(a);
    st = stats();
    assert_int_equal(st.bytes_in_use, 1);
    assert_int_equal(st.blocks_in_use, 1);
    assert_int_equal(st.bytes_total, chunk_bytes[0]); // b still holds the chunk
    kheap_free(b);
    assert_all_free(); // the chunk went back: bytes_total is 0 again
    assert_int_equal(nreleased, 1);
}

static void
test_distinct_non_overlapping(void **state)
{
    (void)state;
    unsigned char *p[64];

    for (int i = 0; i < 64; i++) {
        p[i] = kheap_alloc(40);
        memset(p[i], i, 40);
    }
    for (int i = 0; i < 64; i++) {
        for (int j = 0; j < 40; j++)
            assert_int_equal(p[i][j], i);
    }
    for (int i = 0; i < 64; i++)
        kheap_free(p[i]);
    assert_all_free();
}

static void
test_reuse_after_free(void **state)
{
    (void)state;
    void *a = kheap_alloc(64);
    void *keep = kheap_alloc(64); // holds the chunk

    kheap_free(a);
    assert_ptr_equal(kheap_alloc(64), a); // first fit finds the same spot
    assert_int_equal(nchunks, 1);
    assert_int_equal(nreleased, 0);
    (void)keep;
}

static void
test_coalesce(void **state)
{
    (void)state;
    char *a = kheap_alloc(1000), *b = kheap_alloc(1000), *c = kheap_alloc(1000);
    char *guard = kheap_alloc(16); // keeps c from merging with the chunk's tail
    char *big;

    assert_true(a < b && b < c && c < guard);
    kheap_free(a);
    kheap_free(c);
    assert_int_equal(stats().free_blocks, 3); // a, c, tail: not adjacent
    kheap_free(b);                            // merges with both neighbours
    assert_int_equal(stats().free_blocks, 2);
    assert_int_equal(kheap_check(), 0);
    // the merged hole now holds one block as big as the three together
    big = kheap_alloc(3000);
    assert_ptr_equal(big, a);
    assert_int_equal(nchunks, 1);
    kheap_free(big);
    assert_int_equal(nreleased, 0); // guard is live
    kheap_free(guard);
    // the whole chunk merged back into one block, so it went back
    assert_int_equal(nreleased, 1);
    assert_all_free();
}

/* Without a release callback a fully free chunk stays, as one free block. */
static void
test_keep_without_release(void **state)
{
    (void)state;
    char *a = kheap_alloc(1000), *b = kheap_alloc(1000), *c = kheap_alloc(1000);
    char *big;

    kheap_free(b);
    kheap_free(a);
    kheap_free(c);
    assert_all_free();
    assert_int_equal(stats().bytes_total, chunk_bytes[0]); // chunk kept
    size_t whole = stats().largest_free;

    assert_true(whole > 60 * 1024);
    big = kheap_alloc(whole);
    assert_ptr_equal(big, a);
    assert_int_equal(nchunks, 1);
    assert_non_null(kheap_alloc(1)); // the chunk is exhausted: a second one is grown
    assert_int_equal(nchunks, 2);
    kheap_free(big);
    assert_int_equal(nreleased, 0);
    assert_int_equal(stats().bytes_total, chunk_bytes[0] + chunk_bytes[1]);
}

/* Blocks spread over several chunks, freed in a scrambled order: all chunks return. */
static void
test_release_all(void **state)
{
    (void)state;
    enum { N = 300 };
    static char *p[N];

    rng_state = 777;
    for (int i = 0; i < N; i++) {
        size_t n = i % 50 == 7 ? 100 * 1024 : 1 + rng() % 2500; // a few dedicated chunks

        p[i] = kheap_alloc(n);
        assert_non_null(p[i]);
    }
    assert_true(nchunks >= 8);
    assert_int_equal(nreleased, 0);
    assert_int_equal(stats().bytes_total, grown_bytes);
    for (int i = N - 1; i > 0; i--) { // Fisher-Yates
        int j = (int)(rng() % (uint32_t)(i + 1));
        char *t = p[i];

        p[i] = p[j];
        p[j] = t;
    }
    for (int i = 0; i < N; i++) {
        size_t held;

        kheap_free(p[i]);
        live_chunks(&held);
        assert_int_equal(stats().bytes_total, held);
        assert_int_equal(grown_bytes - released_bytes, held);
    }
    assert_int_equal(nfaults, 0);
    assert_all_free();
    // the heap starts over cleanly
    p[0] = kheap_alloc(10);
    assert_non_null(p[0]);
    assert_int_equal(kheap_check(), 0);
    kheap_free(p[0]);
    assert_all_free();
}

/* A chunk goes back only when its last live block is freed, wherever that block is. */
static void
test_no_release_while_live(void **state)
{
    (void)state;
    for (int last = 0; last < 3; last++) { // first, middle, last block of the chunk
        int before = nreleased;
        char *q[3];

        for (int i = 0; i < 3; i++)
            q[i] = kheap_alloc(300);
        for (int i = 0; i < 3; i++) {
            if (i != last)
                kheap_free(q[i]);
        }
        assert_int_equal(nreleased, before);
        assert_int_equal(stats().bytes_total, chunk_bytes[nchunks - 1]);
        assert_int_equal(kheap_check(), 0);
        assert_int_equal(stats().blocks_in_use, 1);
        kheap_free(q[last]);
        assert_int_equal(nreleased, before + 1);
        assert_all_free();
    }

    // two chunks: emptying one leaves the other alone, and it keeps serving
    char *a = kheap_alloc(100);
    char *big = kheap_alloc(100 * 1024); // its own chunk
    int ia = chunk_index(a), ib = chunk_index(big);
    int grown = nchunks;

    assert_true(ia >= 0 && ib >= 0 && ia != ib);
    kheap_free(big);
    assert_false(chunk_live[ib]);
    assert_true(chunk_live[ia]);
    assert_int_equal(stats().bytes_total, chunk_bytes[ia]);
    char *b = kheap_alloc(100); // from a's chunk, no grow
    assert_int_equal(chunk_index(b), ia);
    assert_int_equal(nchunks, grown);
    kheap_free(a);
    assert_true(chunk_live[ia]); // b holds it
    kheap_free(b);
    assert_all_free();
}

/* A free into a released chunk can no longer be checked: it reads "bad pointer". */
static void
test_free_after_release(void **state)
{
    (void)state;
    void *a = kheap_alloc(32);

    kheap_free(a);
    assert_int_equal(nreleased, 1);
    kheap_free(a); // a double free the heap can only see as a foreign pointer
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "bad pointer");
    assert_ptr_equal(fault_ptr, a);
    assert_int_equal(kheap_check(), 0);
    assert_all_free();
}

static void
test_coalesce_with_next_only(void **state)
{
    (void)state;
    char *a = kheap_alloc(200), *b = kheap_alloc(200), *c = kheap_alloc(200);

    kheap_free(b);
    kheap_free(a); // a absorbs b (its next), a has no free prev
    assert_int_equal(stats().free_blocks, 2);
    assert_ptr_equal(kheap_alloc(400), a);
    kheap_free(c);
    assert_int_equal(kheap_check(), 0);
}

static void
test_zalloc(void **state)
{
    (void)state;
    unsigned char *p = kheap_alloc(500);
    void *keep = kheap_alloc(16); // holds the chunk, so p's block is reused

    memset(p, 0xab, 500);
    kheap_free(p);
    unsigned char *z = kheap_zalloc(500);

    assert_ptr_equal(z, p); // same block, so the old bytes were really cleared
    for (int i = 0; i < 500; i++)
        assert_int_equal(z[i], 0);
    kheap_free(z);
    kheap_free(keep);
    assert_all_free();
}

static void
test_large(void **state)
{
    (void)state;
    size_t n = 200 * 1024;
    char *small = kheap_alloc(10);
    char *big = kheap_alloc(n);

    assert_non_null(big);
    assert_int_equal(nchunks, 2); // did not fit the first chunk: its own chunk
    assert_true(chunk_bytes[1] >= n);
    assert_true(chunk_bytes[1] <= n + 4096 * 2);
    memset(big, 1, n);
    kheap_free(big);
    assert_int_equal(nreleased, 1); // the dedicated chunk goes back at once
    assert_false(chunk_live[1]);
    assert_int_equal(released_bytes, chunk_bytes[1]);
    kheap_free(small);
    assert_all_free();
    assert_int_equal(nfaults, 0);
}

static void
test_grow_failure(void **state)
{
    (void)state;
    grow_limit = 1;
    void *a = kheap_alloc(50 * 1024);

    assert_non_null(a);
    assert_null(kheap_alloc(50 * 1024)); // would need a second chunk
    assert_int_equal(nfaults, 0);        // running out is not a fault
    assert_non_null(kheap_alloc(1024));  // the rest of the chunk still serves
    assert_int_equal(kheap_check(), 0);
    teardown(NULL);
    setup(NULL); // fresh heap, grow refuses at once
    grow_limit = 0;
    assert_null(kheap_alloc(1));
}

static void
test_uninitialised_grow(void **state)
{
    (void)state;
    kheap_init(NULL, release, fault);
    assert_null(kheap_alloc(16));
    assert_int_equal(kheap_check(), 0);
}

static void
test_stress_random(void **state)
{
    (void)state;
    enum { SLOTS = 200, OPS = 20000 };
    static unsigned char *p[SLOTS];
    static size_t len[SLOTS];
    size_t expect_bytes = 0, expect_blocks = 0;

    rng_state = 12345;
    memset(p, 0, sizeof(p));
    for (int op = 0; op < OPS; op++) {
        int i = (int)(rng() % SLOTS);

        if (p[i] != NULL) {
            // the block still holds its own pattern: no other block overlapped it
            for (size_t k = 0; k < len[i]; k++)
                assert_int_equal(p[i][k], (unsigned char)(i + k));
            kheap_free(p[i]);
            p[i] = NULL;
            expect_bytes -= len[i];
            expect_blocks--;
        } else {
            uint32_t r = rng();
            size_t n = r % 16 == 0 ? 16 * 1024 + r % (48 * 1024) : 1 + r % 3000;

            p[i] = rng() % 4 ? kheap_alloc(n) : kheap_zalloc(n);
            assert_non_null(p[i]);
            assert_int_equal((uintptr_t)p[i] % KHEAP_ALIGN, 0);
            len[i] = n;
            for (size_t k = 0; k < n; k++)
                p[i][k] = (unsigned char)(i + k);
            expect_bytes += n;
            expect_blocks++;
        }
        if (op % 500 == 0) {
            struct kheap_stats st = stats();
            size_t held;
            int live = live_chunks(&held);

            assert_int_equal(kheap_check(), 0);
            assert_int_equal(st.bytes_in_use, expect_bytes);
            assert_int_equal(st.blocks_in_use, expect_blocks);
            assert_int_equal(st.bytes_total, held);
            assert_true((size_t)live <= expect_blocks); // no chunk held without a live block
        }
    }
    assert_true(nreleased > 0); // chunks came and went during the run
    for (int i = 0; i < SLOTS; i++)
        kheap_free(p[i]);
    assert_int_equal(nfaults, 0);
    assert_all_free(); // bytes_total 0, every grow matched by a release of the same bytes
    assert_int_equal(stats().bytes_total, 0);
    assert_int_equal(nreleased, nchunks);
    assert_int_equal(released_bytes, grown_bytes);
}

static void
test_double_free(void **state)
{
    (void)state;
    void *a = kheap_alloc(32), *b = kheap_alloc(32);

    kheap_free(a);
    assert_int_equal(nfaults, 0);
    kheap_free(a);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "double free");
    assert_ptr_equal(fault_ptr, a);
    assert_int_equal(stats().blocks_in_use, 1); // the second free changed nothing
    assert_int_equal(kheap_check(), 0);
    kheap_free(b);
    assert_int_equal(nfaults, 1);
    assert_all_free();
}

static void
test_double_free_after_merge(void **state)
{
    (void)state;
    void *a = kheap_alloc(32), *b = kheap_alloc(32), *c = kheap_alloc(32);

    kheap_free(a);
    kheap_free(b); // b's header is swallowed by a
    kheap_free(b);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "double free");
    assert_ptr_equal(fault_ptr, b);
    assert_int_equal(kheap_check(), 0);
    kheap_free(c);
    assert_all_free();
}

static void
test_overrun_on_free(void **state)
{
    (void)state;
    char *a = kheap_alloc(20), *b = kheap_alloc(20);

    a[20] = 'X'; // one byte past the end
    kheap_free(a);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "overrun");
    assert_ptr_equal(fault_ptr, a);
    assert_int_equal(stats().blocks_in_use, 2); // the block was not freed
    kheap_free(b);
    assert_int_equal(nfaults, 1);
}

static void
test_overrun_by_check(void **state)
{
    (void)state;
    char *a = kheap_alloc(100), *b = kheap_alloc(7);

    assert_int_equal(kheap_check(), 0);
    b[7 + 3] = 0; // last canary byte
    assert_int_equal(kheap_check(), -EINVAL);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "overrun");
    assert_ptr_equal(fault_ptr, b);
    kheap_free(a); // the healthy block is unaffected
    assert_int_equal(nfaults, 1);
}

static void
test_overrun_into_next_header(void **state)
{
    (void)state;
    char *a = kheap_alloc(16), *b = kheap_alloc(16);
    size_t gap = (size_t)(b - a);

    // a wild write that skips a's canary (a + 16 .. a + 19) but wrecks b's header
    memset(a + 20, 0x41, gap - 20);
    assert_int_equal(kheap_check(), -EINVAL);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "corrupt heap");
    assert_ptr_equal(fault_ptr, b);
    kheap_free(a);
    assert_int_equal(nfaults, 2);
    assert_string_equal(fault_what, "overrun");
}

static void
test_bad_pointers(void **state)
{
    (void)state;
    char *a = kheap_alloc(64);
    int local;

    kheap_free(&local); // not heap memory at all
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "bad pointer");
    assert_ptr_equal(fault_ptr, &local);
    kheap_free(a + 8); // inside a block, misaligned
    assert_int_equal(nfaults, 2);
    assert_string_equal(fault_what, "bad pointer");
    kheap_free(a + 32); // inside a block, aligned, but no header there
    assert_int_equal(nfaults, 3);
    assert_string_equal(fault_what, "bad pointer");
    assert_int_equal(stats().blocks_in_use, 1);
    kheap_free(a);
    assert_int_equal(nfaults, 3);
    assert_all_free();
}

static void
test_corrupt_header_detected(void **state)
{
    (void)state;
    char *a = kheap_alloc(64);
    uint32_t *hdr = (uint32_t *)(void *)a - 4; // the 16-byte header before a
    uint32_t saved = hdr[1];

    hdr[1] = 3; // size: not a multiple of the alignment
    assert_int_equal(kheap_check(), -EINVAL);
    assert_string_equal(fault_what, "corrupt heap");
    nfaults = 0;
    kheap_free(a);
    assert_int_equal(nfaults, 1);
    assert_string_equal(fault_what, "corrupt heap");
    hdr[1] = saved;
    assert_int_equal(kheap_check(), 0);
    kheap_free(a);
    assert_all_free();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_zero_and_huge),
        T(test_alignment),
        T(test_stats),
        T(test_distinct_non_overlapping),
        T(test_reuse_after_free),
        T(test_coalesce),
        T(test_coalesce_with_next_only),
        cmocka_unit_test_setup_teardown(test_keep_without_release, setup_keep, teardown),
        T(test_release_all),
        T(test_no_release_while_live),
        T(test_free_after_release),
        T(test_zalloc),
        T(test_large),
        T(test_grow_failure),
        T(test_uninitialised_grow),
        T(test_stress_random),
        T(test_double_free),
        T(test_double_free_after_merge),
        T(test_overrun_on_free),
        T(test_overrun_by_check),
        T(test_overrun_into_next_header),
        T(test_bad_pointers),
        T(test_corrupt_header_detected),
    };

    return cmocka_run_group_tests_name("kheap", tests, NULL, NULL);
}

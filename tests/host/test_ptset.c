/*
 * tests/host/test_ptset.c - unit tests of mm/ptset.c (page-table sets).
 *
 * The page tables are faked: two page directories (arrays of PDEs by 4 MiB
 * index) and a few page-table pages (arrays of PTEs), reached through fake
 * arch_pd_link/unlink and arch_pt_set/clear; frames and the heap come from
 * small fakes with failure injection. Cases: prepare makes and links only
 * the tables a run needs, map/unmap write the PTEs of a run across a chunk
 * boundary, one set linked into two directories shares its PTEs (the file
 * cache's case), relink moves a set between directories, release frees
 * every table, resize keeps tables, and running out of frames half-way
 * leaves a set that a retry completes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "arch/x86/arch.h"
#include "kernel/abi/errno.h"
#include "mm/mem.h"
#include "mm/ptset.h"

#define NPT 8               /* fake page-table pages */
#define NPD 2               /* fake page directories: pd 1 and pd 2 */
#define PDE_SLOTS 1024
#define BASE 0x40000000u    /* the set's chunk 0 */

static paddr_t pde[NPD + 1][PDE_SLOTS];        /* pde[pd][va >> 22] = table */
static uint32_t pte[NPT + 1][1024];            /* pte[table][page] = pa | flags */
static int tables_left, tables_live, links;

#define PT(i) ((paddr_t)(i) << 12) /* table i's "physical address" */

static unsigned
table_index(paddr_t pt)
{
    unsigned i = pt >> 12;

    assert_true(i >= 1 && i <= NPT);
    return i;
}

int
frame_alloc_zeroed(paddr_t *out)
{
    if (!tables_left)
        return -ENOMEM;
    for (unsigned i = 1; i <= NPT; i++) {
        if (pte[i][1023] == 0xdead) { // free marker
            for (unsigned j = 0; j < 1024; j++)
                pte[i][j] = 0;
            tables_left--;
            tables_live++;
            *out = PT(i);
            return 0;
        }
    }
    return -ENOMEM;
}

void
frame_free(paddr_t pa)
{
    unsigned i = table_index(pa);

    assert_int_not_equal(pte[i][1023], 0xdead);
    pte[i][1023] = 0xdead;
    tables_left++;
    tables_live--;
}

void *
kzalloc(size_t n)
{
    return calloc(1, n);
}

void
kfree(void *p)
{
    free(p);
}

void
arch_pd_link(paddr_t pd, vaddr_t va, paddr_t pt)
{
    assert_true(pd >= 1 && pd <= NPD);
    pde[pd][va >> 22] = pt;
    links++;
}

void
arch_pd_unlink(paddr_t pd, vaddr_t va)
{
    assert_true(pd >= 1 && pd <= NPD);
    assert_int_not_equal(pde[pd][va >> 22], 0);
    pde[pd][va >> 22] = 0;
}

void
arch_pt_set(paddr_t pt, vaddr_t va, paddr_t pa, unsigned flags)
{
    pte[table_index(pt)][(va >> 12) & 1023] = pa | flags | 1;
}

void
arch_pt_clear(paddr_t pt, vaddr_t va)
{
    pte[table_index(pt)][(va >> 12) & 1023] = 0;
}

/* What directory pd maps at va: pa | flags | 1, or 0. */
static uint32_t
lookup(paddr_t pd, vaddr_t va)
{
    paddr_t pt = pde[pd][va >> 22];

    return pt ? pte[table_index(pt)][(va >> 12) & 1023] : 0;
}

static int
setup(void **state)
{
    (void)state;
    for (unsigned d = 0; d <= NPD; d++)
        for (unsigned i = 0; i < PDE_SLOTS; i++)
            pde[d][i] = 0;
    for (unsigned i = 1; i <= NPT; i++)
        pte[i][1023] = 0xdead;
    tables_left = NPT;
    tables_live = links = 0;
    return 0;
}

static struct ptset
fresh_set(unsigned nchunks)
{
    struct ptset ps = {.base = BASE};

    assert_int_equal(ptset_resize(&ps, nchunks), 0);
    return ps;
}

static void
test_prepare_makes_only_needed_tables(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(4);

    // 3 pages ending just past the first chunk: chunks 0 and 1
    assert_int_equal(ptset_prepare(&ps, 1, BASE + PGDIR_SPAN - 2 * PAGE_SIZE, 3), 0);
    assert_int_equal(tables_live, 2);
    assert_true(ps.pt[0] && ps.pt[1] && !ps.pt[2] && !ps.pt[3]);
    assert_int_equal(pde[1][BASE >> 22], ps.pt[0]);
    assert_int_equal(pde[1][(BASE >> 22) + 1], ps.pt[1]);
    assert_int_equal(ptset_prepare(&ps, 1, BASE, 1), 0); // already there: nothing new
    assert_int_equal(tables_live, 2);
    assert_int_equal(ptset_prepare(&ps, 1, BASE, 0), 0);
    ptset_release(&ps, 1);
    assert_int_equal(tables_live, 0);
    assert_int_equal(pde[1][BASE >> 22], 0);
    free(ps.pt);
}

static void
test_map_unmap_across_a_chunk(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(2);
    paddr_t frames[3] = {0x100000, 0x200000, 0x300000};
    vaddr_t va = BASE + PGDIR_SPAN - PAGE_SIZE;

    assert_int_equal(ptset_prepare(&ps, 1, va, 3), 0);
    ptset_map(&ps, va, frames, 3, MAP_USER | MAP_WRITE);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(lookup(1, va + i * PAGE_SIZE), frames[i] | MAP_USER | MAP_WRITE | 1);
    ptset_unmap(&ps, va + PAGE_SIZE, 1);
    assert_int_equal(lookup(1, va + PAGE_SIZE), 0);
    assert_int_not_equal(lookup(1, va), 0);
    assert_int_not_equal(lookup(1, va + 2 * PAGE_SIZE), 0);
    ptset_release(&ps, 1);
    free(ps.pt);
}

static void
test_one_set_in_two_directories_shares_ptes(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(1);
    paddr_t frame = 0x500000;

    assert_int_equal(ptset_prepare(&ps, 1, BASE, 1), 0);
    ptset_link(&ps, 2);
    ptset_map(&ps, BASE, &frame, 1, MAP_USER);
    assert_int_equal(lookup(1, BASE), lookup(2, BASE)); // one PTE, seen by both
    ptset_unmap(&ps, BASE, 1);
    assert_int_equal(lookup(2, BASE), 0); // and gone for both at once
    ptset_unlink(&ps, 2);
    assert_int_equal(pde[2][BASE >> 22], 0);
    assert_int_not_equal(pde[1][BASE >> 22], 0);
    ptset_release(&ps, 1);
    free(ps.pt);
}

static void
test_relink_moves_between_directories(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(3);
    paddr_t frame = 0x700000;

    assert_int_equal(ptset_prepare(&ps, 1, BASE + 2 * PGDIR_SPAN, 1), 0);
    ptset_map(&ps, BASE + 2 * PGDIR_SPAN, &frame, 1, MAP_USER);
    links = 0;
    ptset_relink(&ps, 1, 2);
    assert_int_equal(links, 1); // one PDE per table, whatever is mapped
    assert_int_equal(lookup(1, BASE + 2 * PGDIR_SPAN), 0);
    assert_int_equal(lookup(2, BASE + 2 * PGDIR_SPAN), frame | MAP_USER | 1);
    ptset_release(&ps, 2);
    assert_int_equal(tables_live, 0);
    free(ps.pt);
}

static void
test_out_of_frames_half_way_then_retry(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(4);

    tables_left = 2;
    assert_int_equal(ptset_prepare(&ps, 1, BASE, 4 * 1024), -ENOMEM);
    assert_int_equal(tables_live, 2); // kept for the retry or the release
    tables_left = 5;
    assert_int_equal(ptset_prepare(&ps, 1, BASE, 4 * 1024), 0);
    assert_int_equal(tables_live, 4);
    ptset_release(&ps, 1);
    assert_int_equal(tables_live, 0);
    free(ps.pt);
}

static void
test_resize_keeps_tables(void **state)
{
    (void)state;
    struct ptset ps = fresh_set(1);

    assert_int_equal(ptset_prepare(&ps, 1, BASE, 1), 0);
    paddr_t t0 = ps.pt[0];
    assert_int_equal(ptset_resize(&ps, 3), 0);
    assert_int_equal(ps.nchunks, 3);
    assert_int_equal(ps.pt[0], t0);
    assert_int_equal(ps.pt[1], 0);
    assert_int_equal(ptset_resize(&ps, 2), 0); // never shrinks
    assert_int_equal(ps.nchunks, 3);
    ptset_release(&ps, 1);
    free(ps.pt);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_prepare_makes_only_needed_tables, setup),
        cmocka_unit_test_setup(test_map_unmap_across_a_chunk, setup),
        cmocka_unit_test_setup(test_one_set_in_two_directories_shares_ptes, setup),
        cmocka_unit_test_setup(test_relink_moves_between_directories, setup),
        cmocka_unit_test_setup(test_out_of_frames_half_way_then_retry, setup),
        cmocka_unit_test_setup(test_resize_keeps_tables, setup),
    };

    return cmocka_run_group_tests_name("ptset", tests, NULL, NULL);
}

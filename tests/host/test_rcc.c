/*
 * tests/host/test_rcc.c - unit tests of kernel/rcc.c (the RCC right check).
 *
 * The full matrix: each of the five rights x owner / group / other class x
 * granted / denied is one named case. In a "granted" case only that right of
 * that class is set; in a "denied" case that class holds every right but this
 * one while both other classes hold all rights, which also proves that the
 * caller's class alone decides (Unix precedence, no fall-through). Further
 * cases: combined rights, bad right arguments, the system owner passing every
 * check (and only it: uid 0 is ordinary), mode validity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/abi/errno.h"
#include "kernel/rcc.h"

#define OWNER 100
#define GROUP 200
#define OTHER_UID 300
#define OTHER_GID 400

enum cls { C_OWNER, C_GROUP, C_OTHER };

struct mcase {
    unsigned right;
    enum cls cls;
    int granted;
};

static unsigned
class_bits(enum cls c, unsigned rights)
{
    switch (c) {
    case C_OWNER:
        return RCC_OWNER(rights);
    case C_GROUP:
        return RCC_GROUP(rights);
    default:
        return RCC_OTHER(rights);
    }
}

/* uid/gid of a caller that falls into class c for a resource OWNER/GROUP. */
static void
caller_of(enum cls c, uint16_t *uid, uint16_t *gid)
{
    *uid = c == C_OWNER ? OWNER : OTHER_UID;
    *gid = c == C_OTHER ? OTHER_GID : GROUP;
}

static void
test_matrix(void **state)
{
    const struct mcase *mc = *state;
    uint16_t uid, gid, mode;

    caller_of(mc->cls, &uid, &gid);
    if (mc->granted) {
        mode = (uint16_t)class_bits(mc->cls, mc->right);
        assert_int_equal(rcc_check(mode, OWNER, GROUP, uid, gid, mc->right), 0);
        // the same single-class mode grants nothing else to this class
        for (unsigned r = 1; r <= RCC_CTL; r <<= 1) {
            if (r != mc->right)
                assert_int_equal(rcc_check(mode, OWNER, GROUP, uid, gid, r), -EPERM);
        }
        // and nothing at all to the other two classes
        for (int c = C_OWNER; c <= C_OTHER; c++) {
            uint16_t u2, g2;

            if (c == (int)mc->cls)
                continue;
            caller_of((enum cls)c, &u2, &g2);
            assert_int_equal(rcc_check(mode, OWNER, GROUP, u2, g2, mc->right), -EPERM);
        }
    } else {
        mode = (uint16_t)(RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ALL) | RCC_OTHER(RCC_ALL));
        mode &= (uint16_t)~class_bits(mc->cls, mc->right);
        assert_int_equal(rcc_check(mode, OWNER, GROUP, uid, gid, mc->right), -EPERM);
        // every other right of the class is still granted
        for (unsigned r = 1; r <= RCC_CTL; r <<= 1) {
            if (r != mc->right)
                assert_int_equal(rcc_check(mode, OWNER, GROUP, uid, gid, r), 0);
        }
    }
}

#define G_granted 1
#define G_denied 0
#define MC(r, c, g) static const struct mcase mc_##r##_##c##_##g = {RCC_##r, C_##c, G_##g};
#define MC_RIGHT(r)                                                                                \
    MC(r, OWNER, granted)                                                                          \
    MC(r, OWNER, denied) MC(r, GROUP, granted) MC(r, GROUP, denied) MC(r, OTHER, granted)          \
        MC(r, OTHER, denied)
MC_RIGHT(REF)
MC_RIGHT(MOD)
MC_RIGHT(DEL)
MC_RIGHT(ATT)
MC_RIGHT(CTL)

#define T(r, c, g)                                                                                 \
    {                                                                                              \
        "RCC_" #r " " #c " " #g, test_matrix, NULL, NULL, (void *)&mc_##r##_##c##_##g              \
    }
#define T_RIGHT(r)                                                                                 \
    T(r, OWNER, granted), T(r, OWNER, denied), T(r, GROUP, granted), T(r, GROUP, denied),          \
        T(r, OTHER, granted), T(r, OTHER, denied)

static void
test_all_rights_required(void **state)
{
    (void)state;
    uint16_t mode = RCC_OWNER(RCC_REF | RCC_MOD);

    assert_int_equal(rcc_check(mode, OWNER, GROUP, OWNER, GROUP, RCC_REF | RCC_MOD), 0);
    assert_int_equal(rcc_check(mode, OWNER, GROUP, OWNER, GROUP, RCC_REF | RCC_DEL), -EPERM);
    assert_int_equal(rcc_check(RCC_OWNER(RCC_ALL), OWNER, GROUP, OWNER, 0, RCC_ALL), 0);
    assert_int_equal(rcc_check(RCC_OWNER(RCC_ALL & ~RCC_CTL), OWNER, GROUP, OWNER, 0, RCC_ALL),
                     -EPERM);
}

static void
test_bad_right(void **state)
{
    (void)state;
    uint16_t all = RCC_MODE_MASK;

    assert_int_equal(rcc_check(all, OWNER, GROUP, OWNER, GROUP, 0), -EINVAL);
    assert_int_equal(rcc_check(all, OWNER, GROUP, OWNER, GROUP, 0x20), -EINVAL);
    assert_int_equal(rcc_check(all, OWNER, GROUP, OWNER, GROUP, RCC_REF | 0x40), -EINVAL);
    assert_int_equal(rcc_check(all, OWNER, GROUP, OWNER, GROUP, ~0u), -EINVAL);
    // even a caller with no rights gets -EINVAL, not -EPERM, for a bad right
    assert_int_equal(rcc_check(0, OWNER, GROUP, OTHER_UID, OTHER_GID, 0x80), -EINVAL);
}

static void
test_owner_class_wins_over_group(void **state)
{
    (void)state;
    // caller is both owner and group member: only the owner bits count
    uint16_t mode = RCC_GROUP(RCC_ALL) | RCC_OTHER(RCC_ALL);

    assert_int_equal(rcc_check(mode, OWNER, GROUP, OWNER, GROUP, RCC_REF), -EPERM);
    assert_int_equal(rcc_check(RCC_OWNER(RCC_REF), OWNER, GROUP, OWNER, GROUP, RCC_REF), 0);
}

static void
test_group_class_wins_over_other(void **state)
{
    (void)state;
    uint16_t mode = RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_ALL);

    assert_int_equal(rcc_check(mode, OWNER, GROUP, OTHER_UID, GROUP, RCC_ATT), -EPERM);
    assert_int_equal(rcc_check(mode, OWNER, GROUP, OTHER_UID, OTHER_GID, RCC_ATT), 0);
}

static void
test_system_owner_passes_everything(void **state)
{
    (void)state;
    for (unsigned r = 1; r <= RCC_ALL; r++) {
        assert_int_equal(rcc_check(0, OWNER, GROUP, RCC_SYSTEM_OWNER, OTHER_GID, r), 0);
        assert_int_equal(rcc_check(0, RCC_SYSTEM_OWNER, GROUP, RCC_SYSTEM_OWNER, GROUP, r), 0);
    }
    // a member of the system owner's group is not the system owner
    assert_int_equal(rcc_check(0, OWNER, RCC_SYSTEM_OWNER, OTHER_UID, RCC_SYSTEM_OWNER, RCC_REF),
                     -EPERM);
    assert_int_equal(rcc_check(0, OWNER, GROUP, RCC_SYSTEM_OWNER, GROUP, 0), -EINVAL);
}

static void
test_no_other_superuser(void **state)
{
    (void)state;
    // uid 0 / gid 0 are ordinary identities
    assert_int_equal(rcc_check(RCC_OWNER(RCC_ALL), OWNER, GROUP, 0, 0, RCC_REF), -EPERM);
    assert_int_equal(rcc_check(0, 0, 0, 0, 0, RCC_REF), -EPERM);
    assert_int_equal(rcc_check(RCC_OWNER(RCC_REF), 0, 0, 0, 0, RCC_REF), 0);
}

static void
test_mode_zero_denies_everyone(void **state)
{
    (void)state;
    for (unsigned r = 1; r <= RCC_CTL; r <<= 1) {
        assert_int_equal(rcc_check(0, OWNER, GROUP, OWNER, GROUP, r), -EPERM);
        assert_int_equal(rcc_check(0, OWNER, GROUP, OTHER_UID, GROUP, r), -EPERM);
        assert_int_equal(rcc_check(0, OWNER, GROUP, OTHER_UID, OTHER_GID, r), -EPERM);
    }
}

static void
test_high_mode_bit_ignored(void **state)
{
    (void)state;
    // bit 15 is outside the mode; it must not grant anything to anyone
    assert_int_equal(rcc_check(0x8000, OWNER, GROUP, OWNER, GROUP, RCC_CTL), -EPERM);
    assert_int_equal(rcc_check(0x8000, OWNER, GROUP, OTHER_UID, OTHER_GID, RCC_REF), -EPERM);
}

static void
test_mode_valid(void **state)
{
    (void)state;
    assert_true(rcc_mode_valid(0));
    assert_true(rcc_mode_valid(RCC_MODE_MASK));
    assert_true(rcc_mode_valid(RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_REF)));
    assert_false(rcc_mode_valid(0x8000));
    assert_false(rcc_mode_valid(RCC_MODE_MASK + 1));
    assert_false(rcc_mode_valid(0x10000 | RCC_OTHER(RCC_REF)));
    assert_false(rcc_mode_valid(~0u));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T_RIGHT(REF),
        T_RIGHT(MOD),
        T_RIGHT(DEL),
        T_RIGHT(ATT),
        T_RIGHT(CTL),
        cmocka_unit_test(test_all_rights_required),
        cmocka_unit_test(test_bad_right),
        cmocka_unit_test(test_owner_class_wins_over_group),
        cmocka_unit_test(test_group_class_wins_over_other),
        cmocka_unit_test(test_system_owner_passes_everything),
        cmocka_unit_test(test_no_other_superuser),
        cmocka_unit_test(test_mode_zero_denies_everyone),
        cmocka_unit_test(test_high_mode_bit_ignored),
        cmocka_unit_test(test_mode_valid),
    };

    return cmocka_run_group_tests_name("rcc", tests, NULL, NULL);
}

/*
 * tests/host/test_shstatus.c - unit tests of user/bin/sh/status.c: the $?
 * convention and the words the shell prints for each way a process ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/abi/types.h"
#include "user/bin/sh/status.h"

static void
test_codes(void **state)
{
    (void)state;
    assert_int_equal(sh_status_code(PROC_STATUS_EXIT(0)), 0);
    assert_int_equal(sh_status_code(PROC_STATUS_EXIT(42)), 42);
    assert_int_equal(sh_status_code(PROC_STATUS_EXIT(255)), 255);
    assert_int_equal(sh_status_code(PROC_STATUS_FAULT(14)), 142);
    assert_int_equal(sh_status_code(PROC_STATUS_FAULT(0)), 128);
    assert_int_equal(sh_status_code(PROC_STATUS_FAULT(14) | PROC_STATUS_STACK), 142);
    assert_int_equal(sh_status_code(PROC_STATUS_INTR), 130);
    assert_int_equal(sh_status_code(PROC_STATUS_KILLED), 137);
    assert_int_equal(sh_status_code(PROC_STATUS_SIGNAL(15)), 143);
    assert_int_equal(sh_status_code(PROC_STATUS_SIGNAL(13)), 141);
    assert_int_equal(sh_status_code(PROC_STATUS_SIGNAL(11)), 139);
}

static void
test_words(void **state)
{
    char buf[48];

    (void)state;
    assert_null(sh_status_words(PROC_STATUS_EXIT(3), buf, sizeof(buf)));
    assert_string_equal(sh_status_words(PROC_STATUS_FAULT(14), buf, sizeof(buf)),
                        "killed: page fault (vector 14)");
    assert_string_equal(sh_status_words(PROC_STATUS_FAULT(13), buf, sizeof(buf)),
                        "killed: general protection fault (vector 13)");
    assert_string_equal(
        sh_status_words(PROC_STATUS_FAULT(14) | PROC_STATUS_STACK, buf, sizeof(buf)),
        "killed: stack overflow");
    assert_string_equal(sh_status_words(PROC_STATUS_FAULT(30), buf, sizeof(buf)),
                        "killed: CPU exception 30");
    assert_string_equal(sh_status_words(PROC_STATUS_INTR, buf, sizeof(buf)), "interrupted");
    assert_string_equal(sh_status_words(PROC_STATUS_KILLED, buf, sizeof(buf)), "killed");
    assert_string_equal(sh_status_words(PROC_STATUS_KILLED, buf, 5),
                        "kill"); // truncated, terminated
    assert_string_equal(sh_status_words(PROC_STATUS_SIGNAL(15), buf, sizeof(buf)),
                        "killed by signal 15 (SIGTERM)");
    assert_string_equal(sh_status_words(PROC_STATUS_SIGNAL(3), buf, sizeof(buf)),
                        "killed by signal 3 (SIGQUIT)"); // not "interrupted": 3 shares a bit with 2
    assert_string_equal(sh_status_words(PROC_STATUS_SIGNAL(31), buf, sizeof(buf)),
                        "killed by signal 31 (SIGUSR2)");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_words),
    };

    return cmocka_run_group_tests_name("shstatus", tests, NULL, NULL);
}

/*
 * bpadN: a program of about N KiB (initialised data in the file) that does
 * nothing: hvsbench times proccreate against program size with it. One
 * source, built once per size with -DPAD_KIB=N (user/module.mk).
 */
#include <tender.h>

#ifndef PAD_KIB
#error "build with -DPAD_KIB=N"
#endif
#define PAD_BYTES (PAD_KIB * 1024 - 6 * 1024) /* leave room for the code and headers */

static volatile char pad[PAD_BYTES] = {1};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "bpadN", "a program of N KiB that does nothing (proccreate timing)"))
        return 0;
    return pad[0] - 1;
}

/*
 * bpad256: a program of about 256 KiB (initialised data in the file) that does
 * nothing: hvsbench times proccreate against program size with it.
 */
#include <tender.h>

#define PAD_BYTES (256 * 1024 - 6 * 1024) /* leave room for the code and headers */

static volatile char pad[PAD_BYTES] = {1};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "bpad256",
                    "a 256 KiB program that does nothing (proccreate timing)"))
        return 0;
    return pad[0] - 1;
}

/*
 * user/bin/false.c - do nothing, unsuccessfully: exit status 1.
 */
#include <tender.h>

/* false: returns 1. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "false", "do nothing, unsuccessfully (status 1)"))
        return 0;
    (void)argv;
    return 1;
}

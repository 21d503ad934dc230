/*
 * user/bin/true.c - do nothing, successfully: exit status 0.
 */
#include <tender.h>

/* true: returns 0. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "true", "do nothing, successfully (status 0)"))
        return 0;
    (void)argv;
    return 0;
}

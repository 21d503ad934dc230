/*
 * user/bin/false.c - do nothing, unsuccessfully: exit status 1.
 */

/* false: returns 1. */
int
main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}

/*
 * user/bin/true.c - do nothing, successfully: exit status 0.
 */

/* true: returns 0. */
int
main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

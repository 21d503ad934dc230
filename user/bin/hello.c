/*
 * user/bin/hello.c - the smallest program: greets, echoes its arguments and
 * shows who and where it is. An example of a program in the boot image.
 */
#include <stdio.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "hello [WORD...]", "greet, echo the words, show pid and space"))
        return 0;
    printf("hello from %s (pid %d, space %d)\n", argv[0], getpid(), getvmid(getpid()));
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
    return 0;
}

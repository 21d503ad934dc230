/*
 * user/bin/echo.c - print the arguments separated by blanks.
 *
 *     echo [-n] WORD...    -n: no newline at the end
 */
#include <stdio.h>
#include <string.h>
#include <tender.h>

/* echo [-n] WORD...: prints the words; returns 0. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "echo [-n] [WORD...]", "print the words separated by blanks"))
        return 0;
    int i = 1, newline = 1;

    if (argc > 1 && strcmp(argv[1], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline)
        putchar('\n');
    fflush(stdout);
    return 0;
}

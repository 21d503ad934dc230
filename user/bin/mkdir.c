/*
 * user/bin/mkdir.c - make directories.
 *
 *     mkdir DIR...
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "mkdir DIR...", "make directories"))
        return 0;
    int status = 0;

    if (argc < 2) {
        fputs("usage: mkdir DIR...\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (mkdir(argv[i], 0755) < 0) {
            fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}

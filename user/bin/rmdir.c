/*
 * user/bin/rmdir.c - remove empty directories.
 *
 *     rmdir DIR...
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "rmdir DIR...", "remove empty directories"))
        return 0;
    int status = 0;

    if (argc < 2) {
        fputs("usage: rmdir DIR...\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (rmdir(argv[i]) < 0) {
            fprintf(stderr, "rmdir: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}

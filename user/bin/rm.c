/*
 * user/bin/rm.c - remove files (resources are removed with `resrm`).
 *
 *     rm [-f] FILE...   -f: a missing file is no error
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "rm [-f] FILE...", "remove files"))
        return 0;
    int i = 1, force = 0, status = 0;

    if (argc > 1 && strcmp(argv[1], "-f") == 0)
        force = 1, i++;
    if (i >= argc) {
        fputs("usage: rm [-f] FILE...\n", stderr);
        return 2;
    }
    for (; i < argc; i++) {
        if (unlink(argv[i]) < 0 && !(force && errno == ENOENT)) {
            fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}

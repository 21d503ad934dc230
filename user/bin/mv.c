/*
 * user/bin/mv.c - rename a file or directory (moving processes is `procmove`).
 *
 *     mv OLD NEW        NEW may be a directory: OLD goes in it by its name
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "mv OLD NEW", "rename a file or directory (into NEW if a directory)"))
        return 0;
    char target[1024], src[1024];
    struct stat st;
    const char *dst;

    if (argc != 3) {
        fputs("usage: mv OLD NEW\n", stderr);
        return 2;
    }
    dst = argv[2];
    if (stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(src, sizeof(src), "%s", argv[1]);
        snprintf(target, sizeof(target), "%s/%s", dst, basename(src));
        dst = target;
    }
    if (rename(argv[1], dst) < 0) {
        fprintf(stderr, "mv: %s -> %s: %s\n", argv[1], dst, strerror(errno));
        return 1;
    }
    return 0;
}

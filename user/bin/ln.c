/*
 * user/bin/ln.c - make symbolic links.
 *
 *     ln -s TARGET LINK     LINK becomes a symbolic link to TARGET, stored as
 *                           given (a relative TARGET counts from LINK's directory)
 *     ln -s TARGET... DIR   one link in DIR per TARGET, named by its last name
 * Hard links are not made by the file server (ext2 keeps the ones it finds):
 * `ln` without -s says so.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <unistd.h>

/* Make link to target; 0, or 1 after saying why not. */
static int
make_link(const char *target, const char *link)
{
    if (symlink(target, link) < 0) {
        fprintf(stderr, "ln: %s: %s\n", link, strerror(errno));
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "ln -s TARGET LINK | ln -s TARGET... DIR", "make symbolic links"))
        return 0;
    struct stat st;
    char path[1024], last[1024];
    int status = 0;

    if (argc < 2 || strcmp(argv[1], "-s") != 0) {
        fputs("ln: only symbolic links (-s) are made here\n", stderr);
        return 2;
    }
    if (argc < 4) {
        fputs("usage: ln -s TARGET LINK | ln -s TARGET... DIR\n", stderr);
        return 2;
    }
    const char *dest = argv[argc - 1];
    if (stat(dest, &st) < 0 || !S_ISDIR(st.st_mode)) {
        if (argc > 4) {
            fprintf(stderr, "ln: %s: not a directory\n", dest);
            return 1;
        }
        return make_link(argv[2], dest);
    }
    for (int i = 2; i < argc - 1; i++) {
        snprintf(last, sizeof(last), "%s", argv[i]);
        snprintf(path, sizeof(path), "%s/%s", dest, basename(last));
        status |= make_link(argv[i], path);
    }
    return status;
}

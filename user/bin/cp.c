/*
 * user/bin/cp.c - copy a file.
 *
 *     cp SRC DST        DST may be a directory: the copy goes in it by SRC's name
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <unistd.h>

#define CHUNK 16384

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "cp SRC DST", "copy a file (into DST if it is a directory)"))
        return 0;
    static char buf[CHUNK], target[1024];
    struct stat st;
    const char *dst;
    ssize_t n;
    int in, out, status = 0;

    if (argc != 3) {
        fputs("usage: cp SRC DST\n", stderr);
        return 2;
    }
    dst = argv[2];
    if (stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
        char src[1024];
        snprintf(src, sizeof(src), "%s", argv[1]);
        snprintf(target, sizeof(target), "%s/%s", dst, basename(src));
        dst = target;
    }
    if ((in = open(argv[1], O_RDONLY)) < 0) {
        fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(EISDIR));
        return 1;
    }
    if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
        fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
        close(in);
        return 1;
    }
    while ((n = read(in, buf, sizeof(buf))) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
            status = 1;
            break;
        }
    }
    if (n < 0) {
        fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(errno));
        status = 1;
    }
    close(in);
    if (close(out) < 0) {
        fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
        status = 1;
    }
    return status;
}

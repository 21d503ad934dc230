/*
 * user/bin/cp.c - copy a file.
 *
 *     cp SRC DST        DST may be a directory: the copy goes in it by SRC's name
 * A new DST gets SRC's permission bits (less the umask), so a program stays
 * executable. A SRC the file server does not have but the boot image does
 * (/bin/NAME) is read from the boot image (bootread), so a program of the
 * boot image can be put on the disk and run from there.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdint.h>
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
    mode_t mode = 0644;
    uint32_t boot_at = 0;
    bool boot = false;
    if ((in = open(argv[1], O_RDONLY)) < 0) {
        if (errno != ENOENT || bootread(argv[1], 0, buf, 0) < 0) {
            fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(errno));
            return 1;
        }
        boot = true; // the boot image's program
        mode = 0755;
    } else if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(EISDIR));
        return 1;
    } else if (fstat(in, &st) == 0) {
        mode = st.st_mode & 0777;
    }
    if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode)) < 0) {
        fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
        if (!boot)
            close(in);
        return 1;
    }
    while ((n = boot ? bootread(argv[1], boot_at, buf, sizeof(buf)) : read(in, buf, sizeof(buf))) >
           0) {
        boot_at += (uint32_t)n;
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
    if (!boot)
        close(in);
    if (close(out) < 0) {
        fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
        status = 1;
    }
    return status;
}

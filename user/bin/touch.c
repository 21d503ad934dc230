/*
 * user/bin/touch.c - make files exist and set their times to now.
 *
 *     touch FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>
#include <utime.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "touch FILE...", "create files, or set their times to now"))
        return 0;
    int status = 0;

    if (argc < 2) {
        fputs("usage: touch FILE...\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0644);
        if (fd >= 0)
            close(fd);
        else if (errno != EISDIR) {
            fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (utime(argv[i], NULL) < 0) {
            fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}

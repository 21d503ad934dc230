/*
 * user/bin/stat.c - show what the file system keeps about files.
 *
 *     stat FILE...
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <time.h>

static void
show_time(const char *what, time_t t)
{
    struct tm tm;
    char buf[32];

    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    printf("%s: %s UTC\n", what, buf);
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "stat FILE...", "show a file's inode: size, mode, owner, times"))
        return 0;
    int status = 0;

    if (argc < 2) {
        fputs("usage: stat FILE...\n", stderr);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "stat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        printf("  File: %s\n  Size: %ld  Blocks: %ld  %s\n", argv[i], (long)st.st_size,
               (long)st.st_blocks,
               S_ISDIR(st.st_mode) ? "directory" : S_ISREG(st.st_mode) ? "regular file" : "other");
        printf(" Inode: %lu  Links: %u  Mode: %04o  Uid: %u  Gid: %u\n", (unsigned long)st.st_ino,
               (unsigned)st.st_nlink, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid,
               (unsigned)st.st_gid);
        show_time("Access", st.st_atime);
        show_time("Modify", st.st_mtime);
        show_time("Change", st.st_ctime);
    }
    return status;
}

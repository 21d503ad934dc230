/*
 * user/bin/df.c - the disk's size and free space, from the file server.
 *
 *     df
 */
#include <errno.h>
#include <omfs.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "df", "the disk's size, use and free space"))
        return 0;
    struct omfs_statfs s;

    if (omfs_statfs(&s) < 0) {
        fprintf(stderr, "df: %s\n", strerror(errno));
        return 1;
    }
    unsigned long kib = s.bsize / 1024;
    printf("Filesystem  1K-blocks      Used Available Use%%  Inodes  IFree Mounted on\n");
    printf("ide0        %9lu %9lu %9lu %3lu%% %7u %6u /\n", (unsigned long)s.blocks * kib,
           (unsigned long)(s.blocks - s.bfree) * kib, (unsigned long)s.bfree * kib,
           s.blocks ? (unsigned long)(s.blocks - s.bfree) * 100 / s.blocks : 0UL,
           (unsigned)s.files, (unsigned)s.ffree);
    return 0;
}

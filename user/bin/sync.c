/*
 * user/bin/sync.c - write everything the file server holds to the disk.
 *
 *     sync
 */
#include <tender.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "sync", "write every cached file and inode to the disk"))
        return 0;
    sync();
    return 0;
}

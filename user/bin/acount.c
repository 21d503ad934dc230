/*
 * acount WORKBOX RETBOX: the access counter of hvsbench's web workload (the
 * paper's perl CGI script): take the counter container from WORKBOX, add
 * one, hand it back to RETBOX, exit.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdlib.h>
#include <tender.h>

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "acount WORKBOX RETBOX",
                    "the access counter of the web workload (hvsbench)"))
        return 0;
    struct cmsg m;

    if (argc != 3 || crecv((rid_t)atoi(argv[1]), &m, IPC_FOREVER) < 0 || m.size < 4)
        return 1;
    (*(volatile uint32_t *)cmsg_data(&m))++;
    return csend((rid_t)atoi(argv[2]), m.cont) < 0 ? 2 : 0;
}

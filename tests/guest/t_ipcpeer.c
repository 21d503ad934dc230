/*
 * t_ipcpeer: the other end of the container IPC suite (t_ipc).
 *   t_ipcpeer recv BOX WORD       receive once; exit 0 if the first word is WORD
 *   t_ipcpeer recvwait BOX        receive once, forever; exit errno (0 on success)
 *   t_ipcpeer send BOX N          send N one-page containers holding {pid, seq}
 *   t_ipcpeer count BOX           receive until a container says 0xffffffff; exit the count
 *   t_ipcpeer echo BOX N          answer N ccalls: reply with the first word plus one
 *   t_ipcpeer sendtouch BOX       send a container, then write to it (faults across spaces)
 *   t_ipcpeer checkmax BOX        receive a CONT_SIZE_MAX container, check its pattern
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>

#define STOP 0xffffffffu

static uint32_t *
words(const struct cmsg *m)
{
    return (uint32_t *)cmsg_data(m);
}

static int
echo(rid_t box, int n)
{
    struct cmsg m;

    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 10 + errno;
    for (int i = 0; i < n; i++) {
        rid_t reply = m.reply;
        if (m.size >= 4)
            words(&m)[0]++;
        if (i == n - 1)
            return csend(reply, m.cont) < 0 ? 10 + errno : 0;
        if (ccall(reply, m.cont, box, &m, IPC_FOREVER) < 0) // answer, take the next
            return 10 + errno;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_ipcpeer MODE BOX [N]", "test helper: an IPC peer (t_ipc)"))
        return 0;
    rid_t box = argc > 2 ? (rid_t)strtol(argv[2], NULL, 0) : 0;
    struct cmsg m;

    if (argc == 4 && strcmp(argv[1], "recv") == 0) {
        if (crecv(box, &m, IPC_FOREVER) < 0)
            return 10 + errno;
        return words(&m)[0] == strtoul(argv[3], NULL, 0) ? 0 : 1;
    }
    if (argc == 3 && strcmp(argv[1], "recvwait") == 0)
        return crecv(box, &m, IPC_FOREVER) < 0 ? errno : 0;
    if (argc == 4 && strcmp(argv[1], "send") == 0) {
        int n = atoi(argv[3]);
        for (int i = 0; i < n; i++) {
            if (ccreate(4096, &m) < 0)
                return 10 + errno;
            words(&m)[0] = (uint32_t)getpid();
            words(&m)[1] = (uint32_t)i;
            if (csend(box, m.cont) < 0)
                return 10 + errno;
        }
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "count") == 0) {
        int n = 0;
        for (;;) {
            if (crecv(box, &m, IPC_FOREVER) < 0)
                return 100 + errno;
            uint32_t w = words(&m)[0];
            resdelete(m.cont);
            if (w == STOP)
                return n;
            n++;
            yield(); // let the other receivers have some
        }
    }
    if (argc == 4 && strcmp(argv[1], "echo") == 0)
        return echo(box, atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "sendtouch") == 0) {
        if (ccreate(4096, &m) < 0 || csend(box, m.cont) < 0)
            return 10 + errno;
        words(&m)[0] = 1; // the container has left this space: faults
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "checkmax") == 0) {
        if (crecv(box, &m, IPC_FOREVER) < 0)
            return 10 + errno;
        if (m.size != CONT_SIZE_MAX)
            return 2;
        for (uint32_t i = 0; i < m.size / 4; i++)
            if (words(&m)[i] != i * 2654435761u)
                return 1;
        return 0;
    }
    fprintf(stderr, "t_ipcpeer: bad arguments\n");
    return 99;
}

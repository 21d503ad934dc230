/*
 * t_ipcpeer: the other end of the container IPC suite (t_ipc).
 *   t_ipcpeer recv BOX WORD       receive once; exit 0 if the first word is WORD
 *   t_ipcpeer recvwait BOX        receive once, forever; exit errno (0 on success)
 *   t_ipcpeer send BOX N          send N one-page containers holding {pid, seq}
 *   t_ipcpeer count BOX           receive until a container says 0xffffffff; exit the count
 *   t_ipcpeer echo BOX N          answer N ccalls: reply with the first word plus one
 *   t_ipcpeer sendtouch BOX       send a container, then write to it (faults across spaces)
 *   t_ipcpeer checkmax BOX        receive a CONT_SIZE_MAX container, check its pattern
 *   t_ipcpeer echoall BOX         echo until a container says 0xffffffff (answered too)
 *   t_ipcpeer answer BOX SENDER   receive once; exit 3 unless SENDER's stamp is on it;
 *                                 answer with our pid in the first word
 *   t_ipcpeer hold BOX            receive once and never answer (wait until killed)
 *   t_ipcpeer caller BOX REPLY    one ccall naming box REPLY for the answer
 *   t_ipcpeer calls BOX N         N ccalls of {pid, i} with a private reply box; exit 0
 *                                 if every answer is {pid, i + 1000} from one server
 *   t_ipcpeer spin BOX            receive a container, then count in its first word
 *                                 and yield, forever
 *   t_ipcpeer relay BOXH BOX2 BOXM  receive a container from BOXH, send it on to
 *                                 BOX2, then send a new one to BOXM
 *   t_ipcpeer rights BOX          become BOX's owner, answer two calls with the
 *                                 reply right (word 0 plus one; word 1 of the first
 *                                 is a box GO to take a go-ahead from before the
 *                                 second), trying what the right must not allow;
 *                                 exit 0 if each was refused
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

static int
echo_all(rid_t box)
{
    struct cmsg m;

    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 10 + errno;
    for (;;) {
        if (m.size >= 4 && words(&m)[0] == STOP)
            return csend(m.reply, m.cont) < 0 ? 10 + errno : 0;
        if (m.size >= 4)
            words(&m)[0]++;
        if (ccall(m.reply, m.cont, box, &m, IPC_FOREVER) < 0)
            return 10 + errno;
    }
}

static int
answer(rid_t box, rid_t sender)
{
    struct cmsg m;

    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 10 + errno;
    if (m.sender != sender || m.size < 4)
        return 3;
    words(&m)[0] = (uint32_t)getpid();
    return csend(m.reply, m.cont) < 0 ? 10 + errno : 0;
}

static int
calls(rid_t box, int n)
{
    rid_t reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE), server = 0;
    struct cmsg m;

    if (reply < 0 || ccreate(64, &m) < 0)
        return 10 + errno;
    for (int i = 0; i < n; i++) {
        words(&m)[0] = (uint32_t)getpid();
        words(&m)[1] = (uint32_t)i;
        if (ccall(box, m.cont, reply, &m, IPC_FOREVER) < 0)
            return 10 + errno;
        if (words(&m)[0] != (uint32_t)getpid() || words(&m)[1] != (uint32_t)i + 1000)
            return 2; // someone else's answer, or none
        if (server == 0)
            server = m.sender;
        if (m.sender != server)
            return 3;
    }
    return 0;
}

static int
spin(rid_t box)
{
    struct cmsg m;

    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 10 + errno;
    for (;;) {
        words(&m)[0]++;
        yield();
    }
}

static int
relay(rid_t from, rid_t on, rid_t then)
{
    struct cmsg m;

    if (crecv(from, &m, IPC_FOREVER) < 0 || csend(on, m.cont) < 0)
        return 10 + errno;
    if (ccreate(8, &m) < 0 || csend(then, m.cont) < 0)
        return 20 + errno;
    return 0;
}

/* What a reply right must not allow, tried by the holder of a request m:
 * taking from the caller's reply box, a forged answer in a container of
 * its own, and the request sent anywhere but the reply box. */
static int
try_beyond_the_right(const struct cmsg *m, rid_t elsewhere)
{
    struct cmsg mine;

    if (crecv(m->reply, &mine, IPC_POLL) != -EPERM)
        return 1;
    if (ccreate(8, &mine) < 0)
        return 2;
    if (csend(m->reply, mine.cont) == 0 || errno != EPERM)
        return 3;
    if (csend(elsewhere, m->cont) == 0 || errno != EPERM)
        return 4;
    return resdelete(mine.cont) < 0 ? 5 : 0;
}

static int
rights(rid_t box)
{
    struct res_info info;
    struct cmsg m, again;
    rid_t go, reply, cont;
    int err;

    if (resinfo(box, &info) < 0 || changeoid(getpid(), info.owner, 0) < 0)
        return 10 + errno;
    if (crecv(box, &m, IPC_FOREVER) < 0)
        return 20 + errno;
    go = (rid_t)words(&m)[1];
    if ((err = try_beyond_the_right(&m, go)) != 0)
        return 30 + err;
    words(&m)[0]++;
    reply = m.reply, cont = m.cont;
    if (csend(reply, cont) < 0) // the answer: the caller waits for it
        return 40 + errno;
    if (csend(reply, cont) == 0 || errno != EPERM) // a second answer: not ours any more
        return 50;
    if (crecv(go, &again, IPC_FOREVER) < 0 || resdelete(again.cont) < 0)
        return 60 + errno;
    if (crecv(box, &m, IPC_FOREVER) < 0) // queued before we came
        return 70 + errno;
    if ((err = try_beyond_the_right(&m, go)) != 0)
        return 80 + err;
    words(&m)[0]++;
    if (ccall(m.reply, m.cont, box, &again, IPC_POLL) != -EAGAIN) // answer; nobody waits for it
        return 90;
    return resdelete(box) < 0 ? 100 + errno : 0;
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
    if (argc == 3 && strcmp(argv[1], "echoall") == 0)
        return echo_all(box);
    if (argc == 4 && strcmp(argv[1], "answer") == 0)
        return answer(box, (rid_t)strtol(argv[3], NULL, 0));
    if (argc == 3 && strcmp(argv[1], "hold") == 0) {
        if (crecv(box, &m, IPC_FOREVER) < 0)
            return 10 + errno;
        crecv(cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE), &m, IPC_FOREVER);
        return 1; // nobody sends there: killed before
    }
    if (argc == 4 && strcmp(argv[1], "caller") == 0) {
        if (ccreate(64, &m) < 0)
            return 10 + errno;
        rid_t reply = (rid_t)strtol(argv[3], NULL, 0);
        return ccall(box, m.cont, reply, &m, IPC_FOREVER) < 0 ? 10 + errno : 0;
    }
    if (argc == 4 && strcmp(argv[1], "calls") == 0)
        return calls(box, atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "spin") == 0)
        return spin(box);
    if (argc == 3 && strcmp(argv[1], "rights") == 0)
        return rights(box);
    if (argc == 5 && strcmp(argv[1], "relay") == 0)
        return relay(box, (rid_t)strtol(argv[3], NULL, 0), (rid_t)strtol(argv[4], NULL, 0));
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

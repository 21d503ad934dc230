/*
 * t_ipc: the in-guest suite for container IPC (issue 4): FIFO order,
 * blocking and waking, time-outs, many senders and receivers, box deletion,
 * RCC on boxes, bad ids and pointers, a receiver killed mid-wait, sizes 0
 * and the maximum, zero-copy inside a space and re-mapping across spaces,
 * and the leak check over 10,000 messages.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>

#include "tests/guest/tap.h"

#define OTHER_OID 77
#define STOP 0xffffffffu

static char boxarg[16];

static rid_t
box(const char *tag, unsigned mode)
{
    char name[RES_NAME_MAX];

    snprintf(name, sizeof(name), "t.%s.%d", tag, getpid() & 0xffff);
    rid_t b = cbcreate(name, mode);
    snprintf(boxarg, sizeof(boxarg), "%d", b);
    return b;
}

static uint32_t *
words(const struct cmsg *m)
{
    return (uint32_t *)cmsg_data(m);
}

static rid_t
message(uint32_t w0, uint32_t w1, uint32_t size)
{
    struct cmsg m;
    rid_t c = ccreate(size, &m);

    if (c > 0 && size >= 8) {
        words(&m)[0] = w0;
        words(&m)[1] = w1;
    }
    return c;
}

static int
fifo_order(void)
{
    struct cmsg m;
    rid_t b = box("fifo", TEST_MODE);

    CHECK(b > 0);
    for (uint32_t i = 0; i < 20; i++)
        CHECK_EQ(csend(b, message(7, i, 100 + i * 300)), 0);
    for (uint32_t i = 0; i < 20; i++) {
        CHECK(crecv(b, &m, IPC_POLL) > 0);
        CHECK_EQ(words(&m)[1], i);
        CHECK_EQ(m.size, 100 + i * 300);
        CHECK_EQ(resdelete(m.cont), 0);
    }
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EAGAIN);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
block_and_wake(void)
{
    struct res_info info;
    rid_t b = box("wake", TEST_MODE), pid;
    int st;

    CHECK(b > 0);
    CHECK((pid = tap_spawn("t_ipcpeer", "recv", boxarg, "4242", 0)) > 0);
    for (int i = 0; i < 5; i++)
        yield();
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 1); // it sleeps in the box
    CHECK_EQ(csend(b, message(4242, 0, 64)), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
timeouts(void)
{
    struct sysstat a, z;
    struct cmsg m;
    rid_t b = box("tmo", TEST_MODE);

    CHECK(b > 0);
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EAGAIN);
    tap_counts(&a);
    CHECK_EQ(crecv(b, &m, 100), -ETIMEDOUT);
    tap_counts(&z);
    CHECK(z.ticks - a.ticks >= 10); // 100 ms at 100 Hz
    CHECK(z.ticks - a.ticks < 100);
    CHECK_EQ(csend(b, message(1, 2, 8)), 0);
    CHECK(crecv(b, &m, 100) > 0); // something there: no wait at all
    CHECK_EQ(resdelete(m.cont), 0);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
many_senders(void)
{
    enum { SENDERS = 4, EACH = 25 };
    uint32_t next[SENDERS] = {0};
    rid_t b = box("many", TEST_MODE), pid[SENDERS];
    struct cmsg m;
    int st;

    CHECK(b > 0);
    for (int s = 0; s < SENDERS; s++) // two in our space, two in spaces of their own
        CHECK((pid[s] = tap_spawn("t_ipcpeer", "send", boxarg, "25", s & 1 ? 0 : getvmid(0))) > 0);
    for (int s = 0; s < SENDERS; s++) {
        CHECK_EQ(procwait(pid[s], &st), pid[s]);
        CHECK_EQ(st, 0);
    }
    for (int i = 0; i < SENDERS * EACH; i++) {
        CHECK(crecv(b, &m, IPC_POLL) > 0);
        int s = 0;
        while (s < SENDERS && (uint32_t)pid[s] != words(&m)[0])
            s++;
        CHECK(s < SENDERS);
        CHECK_EQ(words(&m)[1], next[s]); // each sender's messages arrive in its order
        next[s]++;
        CHECK_EQ(resdelete(m.cont), 0);
    }
    for (int s = 0; s < SENDERS; s++)
        CHECK_EQ(next[s], EACH);
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EAGAIN);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
many_receivers(void)
{
    enum { RECEIVERS = 3, MESSAGES = 30 };
    rid_t b = box("recv", TEST_MODE), pid[RECEIVERS];
    int st, total = 0;

    CHECK(b > 0);
    for (int r = 0; r < RECEIVERS; r++)
        CHECK((pid[r] = tap_spawn("t_ipcpeer", "count", boxarg, NULL, r ? 0 : getvmid(0))) > 0);
    for (int i = 0; i < MESSAGES; i++) {
        CHECK_EQ(csend(b, message(i, 0, 32)), 0);
        yield();
    }
    for (int r = 0; r < RECEIVERS; r++)
        CHECK_EQ(csend(b, message(STOP, 0, 32)), 0);
    for (int r = 0; r < RECEIVERS; r++) {
        CHECK_EQ(procwait(pid[r], &st), pid[r]);
        CHECK(PROC_EXITED(st) && st < 100);
        total += st;
    }
    CHECK_EQ(total, MESSAGES);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
delete_box_wakes_receivers(void)
{
    rid_t b = box("del", TEST_MODE), pid[2];
    int st;

    CHECK(b > 0);
    CHECK((pid[0] = tap_spawn("t_ipcpeer", "recvwait", boxarg, NULL, 0)) > 0);
    CHECK((pid[1] = tap_spawn("t_ipcpeer", "recvwait", boxarg, NULL, getvmid(0))) > 0);
    CHECK_EQ(csend(b, message(1, 1, 4096)), 0); // one queued container is freed with the box
    for (int i = 0; i < 5; i++)
        yield();
    CHECK_EQ(resdelete(b), 0);
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(procwait(pid[i], &st), pid[i]);
        CHECK(st == EINTR || st == 0); // one may have got the container before the delete
    }
    return 0;
}

static int
rcc_on_boxes(void)
{
    struct cmsg m;
    rid_t b;
    rid_t c;

    CHECK_EQ(tap_become(TEST_OID), 0);
    // another owner, our group may receive (REF) but not send (ATT)
    CHECK((b = box("rcc1", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF | RCC_DEL))) > 0);
    CHECK_EQ(changeoid(b, OTHER_OID, 0), 0);
    CHECK((c = message(1, 2, 16)) > 0);
    CHECK_EQ(csend(b, c), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EAGAIN); // REF granted: an empty box, not -EPERM
    CHECK_EQ(resdelete(b), 0);
    // the other way round
    CHECK((b = box("rcc2", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT | RCC_DEL))) > 0);
    CHECK_EQ(changeoid(b, OTHER_OID, 0), 0);
    CHECK_EQ(csend(b, c), 0);
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EPERM);
    CHECK_EQ(ccall(b, c, b, &m, IPC_POLL), -EPERM); // nothing is sent when the reply box is refused
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
bad_ids_and_pointers(void)
{
    struct cmsg m;
    struct sysstat a, z;
    rid_t b = box("bad", TEST_MODE), c = message(1, 2, 64), gone = message(3, 4, 64);

    CHECK(b > 0 && c > 0 && gone > 0);
    CHECK_EQ(resdelete(gone), 0);
    CHECK_EQ(sys_csend(b, gone), -ENOENT);          // stale container
    CHECK_EQ(sys_csend(b, b), -EINVAL);             // a box is no container
    CHECK_EQ(sys_csend(c, c), -EINVAL);             // a container is no box
    CHECK_EQ(sys_csend(getpid(), c), -EINVAL);
    CHECK_EQ(sys_crecv(b, 0xC0000000u, 0), -EFAULT);
    CHECK_EQ(sys_crecv(b, 0, 0), -EFAULT);
    CHECK_EQ(sys_crecv(0x7fffffff, (uint32_t)&m, 0), -ENOENT);
    CHECK_EQ(csend(b, c), 0);
    CHECK_EQ(sys_csend(b, c), -EPERM);              // queued: no longer ours
    CHECK_EQ(sys_resdelete(c), -EBUSY);
    CHECK_EQ(sys_ccreate(CONT_SIZE_MAX + 1, (uint32_t)&m), -EINVAL);
    tap_counts(&a);
    CHECK_EQ(sys_ccreate(4096, 0xC0000000u), -EFAULT); // nothing left behind
    tap_counts(&z);
    CHECK(tap_same_counts(&a, &z));
    CHECK(crecv(b, &m, IPC_POLL) == c);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
receiver_killed_mid_wait(void)
{
    struct res_info info;
    rid_t b = box("kill", TEST_MODE), pid;
    int st;

    CHECK(b > 0);
    CHECK((pid = tap_spawn("t_ipcpeer", "recvwait", boxarg, NULL, 0)) > 0);
    for (int i = 0; i < 5; i++)
        yield();
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 1);
    CHECK_EQ(resdelete(pid), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, PROC_STATUS_KILLED);
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 0);
    CHECK_EQ(csend(b, message(5, 6, 64)), 0); // queued, not lost in a dead receiver
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.queued, 1);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
sizes_zero_and_max(void)
{
    struct cmsg m;
    rid_t b = box("size", TEST_MODE), c, pid;
    int st;

    CHECK(b > 0);
    CHECK((c = ccreate(0, &m)) > 0);
    CHECK_EQ(m.size, 0);
    CHECK_EQ(csend(b, c), 0);
    CHECK_EQ(crecv(b, &m, IPC_POLL), c);
    CHECK_EQ(m.size, 0);
    CHECK_EQ(resdelete(c), 0);
    CHECK((c = ccreate(CONT_SIZE_MAX, &m)) > 0);
    for (uint32_t i = 0; i < CONT_SIZE_MAX / 4; i++)
        words(&m)[i] = i * 2654435761u;
    CHECK((pid = tap_spawn("t_ipcpeer", "checkmax", boxarg, NULL, 0)) > 0); // another space
    CHECK_EQ(csend(b, c), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
zero_copy_in_space_remap_across(void)
{
    struct cmsg m, r;
    rid_t b = box("zc", TEST_MODE), reply = cbcreate("", TEST_MODE), pid;
    int st;

    CHECK(b > 0 && reply > 0);
    // same space: the peer's reply arrives at the very address we sent from
    CHECK((pid = tap_spawn("t_ipcpeer", "echo", boxarg, "1", getvmid(0))) > 0);
    CHECK(ccreate(4096, &m) > 0);
    words(&m)[0] = 10;
    CHECK(ccall(b, m.cont, reply, &r, IPC_FOREVER) > 0);
    CHECK_EQ(r.addr, m.addr);
    CHECK_EQ(words(&r)[0], 11);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(r.cont), 0);
    // across spaces: the sender loses the mapping once a receiver has the container
    rid_t receiver = tap_spawn("t_ipcpeer", "recvwait", boxarg, NULL, 0);
    CHECK(receiver > 0);
    for (int i = 0; i < 5; i++)
        yield();
    CHECK((pid = tap_spawn("t_ipcpeer", "sendtouch", boxarg, NULL, 0)) > 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK(PROC_FAULTED(st) && PROC_FAULTVEC(st) == 14);
    CHECK_EQ(procwait(receiver, &st), receiver);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

/* Make 1 MiB containers until the kernel refuses; returns how many, or -1. */
static int
exhaust(rid_t *c, int max)
{
    struct cmsg m;
    rid_t got = 0;
    int n = 0;

    while (n < max && (got = ccreate(CONT_SIZE_MAX, &m)) > 0)
        c[n++] = got;
    printf("# %d containers of 1 MiB, then ccreate said %d\n", n, got);
    return got == -ENOMEM ? n : -1;
}

static int
out_of_memory_is_an_error(void)
{
    enum { MAX = 200 };
    static rid_t c[MAX];
    struct sysstat a, z;
    int n;

    // a first round gives our space the window page tables it keeps for life
    CHECK((n = exhaust(c, MAX)) > 10);
    for (int i = 0; i < n; i++)
        CHECK_EQ(resdelete(c[i]), 0);
    tap_counts(&a);
    CHECK((n = exhaust(c, MAX)) > 10);
    for (int i = 0; i < n; i++)
        CHECK_EQ(resdelete(c[i]), 0);
    tap_counts(&z);
    CHECK(tap_same_counts(&a, &z));
    return 0;
}

static int
ten_thousand_messages_leak_nothing(void)
{
    struct sysstat a, z;
    struct cmsg m, r;
    rid_t b = box("leak", TEST_MODE), reply = cbcreate("", TEST_MODE), pid;
    int st;

    CHECK(b > 0 && reply > 0);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // warm up, and give our space the
    CHECK(ccreate(64, &m) > 0);                        // window page table it keeps for life
    CHECK_EQ(resdelete(m.cont), 0);
    tap_counts(&a);
    for (int round = 0; round < 2; round++) { // one peer in our space, one in another
        CHECK((pid = tap_spawn("t_ipcpeer", "echo", boxarg, "2500", round ? 0 : getvmid(0))) > 0);
        for (int i = 0; i < 2500; i++) {
            if (ccreate(i % 3 == 0 ? 8192 : 64, &m) < 0)
                return 1;
            words(&m)[0] = (uint32_t)i;
            if (ccall(b, m.cont, reply, &r, IPC_FOREVER) < 0 || words(&r)[0] != (uint32_t)i + 1)
                return 1;
            CHECK_EQ(resdelete(r.cont), 0);
        }
        CHECK_EQ(procwait(pid, &st), pid);
        CHECK_EQ(st, 0);
    }
    for (int i = 0; i < 5000; i++) { // and plain sends and receives
        CHECK_EQ(csend(b, message(i, 0, 256)), 0);
        CHECK(crecv(b, &m, IPC_POLL) > 0);
        CHECK_EQ(resdelete(m.cont), 0);
    }
    tap_counts(&z);
    CHECK(tap_same_counts(&a, &z));
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"containers arrive in FIFO order", fifo_order},
    {"a receiver blocks and a send wakes it", block_and_wake},
    {"receive time-outs and polling", timeouts},
    {"many senders: every message arrives, each sender's in order", many_senders},
    {"many receivers share the messages", many_receivers},
    {"deleting a box wakes its receivers with -EINTR", delete_box_wakes_receivers},
    {"RCC on boxes: ATT to send, REF to receive", rcc_on_boxes},
    {"bad container and box ids and pointers give errors", bad_ids_and_pointers},
    {"a receiver killed mid-wait leaves the box", receiver_killed_mid_wait},
    {"containers of size 0 and of the maximum size", sizes_zero_and_max},
    {"zero copy inside a space, re-mapped across spaces", zero_copy_in_space_remap_across},
    {"running out of memory for containers is an error", out_of_memory_is_an_error},
    {"10,000 messages leak no frame and no slot", ten_thousand_messages_leak_nothing},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_ipc", "test suite: container IPC (TAP)"))
        return 0;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * t_ipc: the in-guest suite for container IPC (issue 4): FIFO order,
 * blocking and waking, time-outs, many senders and receivers, box deletion,
 * RCC on boxes, bad ids and pointers, a receiver killed mid-wait, sizes 0
 * and the maximum, zero-copy inside a space and re-mapping across spaces,
 * and the leak check over 10,000 messages. The fast path of a call (a
 * receiver already waiting gets the container and the CPU at once, issue
 * 11): no run-queue round trip yet no starving of others, FIFO among
 * waiting receivers, many callers each answered alone, time-outs on both
 * sides, killed waiters and callers, refused calls that hand nothing over,
 * and an answer whose page goes away while its receiver waits. Reply
 * rights (issue 16): a server of another owner answers into its caller's
 * owner-only box once and nowhere else, and a call's reply box is one the
 * caller may receive from and not the box it calls.
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

/* Yield until box b has n waiting receivers; 0 if that does not happen. */
static int
await_waiters(rid_t b, uint32_t n)
{
    struct res_info info;

    for (int i = 0; i < 2000; i++) {
        if (resinfo(b, &info) == 0 && info.u.cbox.waiting == n)
            return 1;
        yield();
    }
    return 0;
}

static const char *
num(int v, char buf[16])
{
    snprintf(buf, 16, "%d", v);
    return buf;
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

static int
call_hands_the_cpu_over(void)
{
    enum { TICKS = 30 }; // six time slices of 5 ticks
    struct sysstat a, z;
    struct cmsg m, r, cnt;
    char sarg[16];
    rid_t sb = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE);
    rid_t b = box("hand", TEST_MODE), spinner, echo;
    uint32_t trips = 0, before;
    int st;

    CHECK(b > 0 && sb > 0 && reply > 0);
    // a process that is always runnable, counting in a container that stays
    // mapped in our space while it holds it
    CHECK((spinner = tap_spawn("t_ipcpeer", "spin", num(sb, sarg), NULL, getvmid(0))) > 0);
    CHECK(ccreate(4, &cnt) > 0);
    CHECK_EQ(csend(sb, cnt.cont), 0);
    volatile uint32_t *count = words(&cnt);
    CHECK((echo = tap_spawn("t_ipcpeer", "echoall", boxarg, NULL, getvmid(0))) > 0);
    CHECK(await_waiters(b, 1));
    CHECK(ccreate(64, &m) > 0);
    words(&m)[0] = 0;
    sysstat(&a);
    before = *count;
    do {
        CHECK(ccall(b, m.cont, reply, &r, IPC_FOREVER) == m.cont);
        CHECK_EQ(words(&r)[0], ++trips);
        m = r;
        sysstat(&z);
    } while (z.ticks - a.ticks < TICKS);
    printf("# %u round trips, %u switches, the spinner counted %u\n", trips,
           z.switches - a.switches, *count - before);
    // two switches a round trip: the receiver runs at once, not after the
    // spinner (which the run queue would have put first: four); a few more
    // when the pair's shared time slice runs out
    CHECK(z.switches - a.switches <= 2 * trips + 4 * TICKS);
    CHECK(*count != before); // and the spinner was not starved
    words(&m)[0] = STOP;
    CHECK(ccall(b, m.cont, reply, &r, IPC_FOREVER) == m.cont);
    CHECK_EQ(procwait(echo, &st), echo);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(spinner), 0);
    CHECK_EQ(procwait(spinner, &st), spinner);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(sb), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
waiting_receivers_served_in_order(void)
{
    enum { N = 3 };
    char me[16];
    rid_t b = box("order", TEST_MODE), reply = cbcreate("", TEST_MODE), pid[N];
    struct cmsg m;
    int st;

    CHECK(b > 0 && reply > 0);
    num(getpid(), me);
    for (int i = 0; i < N; i++) { // they queue up in a known order; one in a space of its own
        CHECK((pid[i] = tap_spawn("t_ipcpeer", "answer", boxarg, me, i == 1 ? 0 : getvmid(0))) > 0);
        CHECK(await_waiters(b, (uint32_t)i + 1));
    }
    for (int i = 0; i < N; i++) {
        CHECK(ccreate(16, &m) > 0);
        CHECK(ccall(b, m.cont, reply, &m, IPC_FOREVER) > 0);
        CHECK_EQ(m.sender, pid[i]); // the oldest waiter answered, stamped by the kernel
        CHECK_EQ(words(&m)[0], pid[i]);
        CHECK_EQ(resdelete(m.cont), 0);
    }
    for (int i = 0; i < N; i++) {
        CHECK_EQ(procwait(pid[i], &st), pid[i]);
        CHECK_EQ(st, 0); // each saw our stamp on its request
    }
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
many_callers_each_get_their_answers(void)
{
    enum { CALLERS = 3, EACH = 50 };
    rid_t b = box("callers", TEST_MODE), pid[CALLERS];
    struct cmsg m;
    int st, served = 0;

    CHECK(b > 0);
    for (int s = 0; s < CALLERS; s++)
        CHECK((pid[s] = tap_spawn("t_ipcpeer", "calls", boxarg, "50", s == 2 ? 0 : getvmid(0))) >
              0);
    CHECK(crecv(b, &m, IPC_FOREVER) > 0);
    for (;;) { // answer each request and take the next: the callers wait in boxes of their own
        CHECK_EQ(m.sender, (rid_t)words(&m)[0]); // the stamp names who wrote the request
        words(&m)[1] += 1000;
        if (++served == CALLERS * EACH) {
            CHECK_EQ(csend(m.reply, m.cont), 0);
            break;
        }
        CHECK(ccall(m.reply, m.cont, b, &m, 5000) > 0);
    }
    for (int s = 0; s < CALLERS; s++) {
        CHECK_EQ(procwait(pid[s], &st), pid[s]);
        CHECK_EQ(st, 0); // every answer was its own
    }
    CHECK_EQ(crecv(b, &m, IPC_POLL), -EAGAIN);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
call_time_outs_still_fire(void)
{
    struct sysstat a, z;
    struct res_info info;
    struct cmsg m, r;
    char rarg[16];
    rid_t b = box("tmo2", TEST_MODE), reply = cbcreate("", TEST_MODE), pid;
    int st;

    CHECK(b > 0 && reply > 0);
    // the receiver takes the container (and the CPU) but never answers
    CHECK((pid = tap_spawn("t_ipcpeer", "hold", boxarg, NULL, getvmid(0))) > 0);
    CHECK(await_waiters(b, 1));
    CHECK(ccreate(64, &m) > 0);
    sysstat(&a);
    CHECK_EQ(ccall(b, m.cont, reply, &r, 100), -ETIMEDOUT);
    sysstat(&z);
    CHECK(z.ticks - a.ticks >= 10); // 100 ms at 100 Hz
    CHECK(z.ticks - a.ticks < 100);
    CHECK_EQ(resinfo(m.cont, &info), 0);
    CHECK_EQ(info.u.container.holder, pid); // handed over before the wait began
    CHECK_EQ(resinfo(reply, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 0); // and we left the reply box
    CHECK_EQ(resdelete(pid), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, PROC_STATUS_KILLED);
    // a receiver waiting with a time-out is served at once, not at the time-out
    CHECK((pid = tap_spawn("t_ipcpeer", "caller", boxarg, num(reply, rarg), getvmid(0))) > 0);
    sysstat(&a);
    CHECK(crecv(b, &m, 3000) > 0);
    sysstat(&z);
    CHECK(z.ticks - a.ticks < 300);
    CHECK_EQ(m.sender, pid);
    CHECK_EQ(csend(m.reply, m.cont), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
killed_waiters_get_nothing(void)
{
    struct res_info info;
    struct cmsg m, r;
    char me[16], rarg[16];
    rid_t b = box("kill2", TEST_MODE), reply = cbcreate("", TEST_MODE), first, second, caller;
    int st;

    CHECK(b > 0 && reply > 0);
    num(getpid(), me);
    CHECK((first = tap_spawn("t_ipcpeer", "answer", boxarg, me, getvmid(0))) > 0);
    CHECK(await_waiters(b, 1));
    CHECK((second = tap_spawn("t_ipcpeer", "answer", boxarg, me, getvmid(0))) > 0);
    CHECK(await_waiters(b, 2));
    CHECK_EQ(resdelete(first), 0); // the oldest waiter dies
    CHECK_EQ(procwait(first, &st), first);
    CHECK_EQ(st, PROC_STATUS_KILLED);
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 1);
    CHECK(ccreate(16, &m) > 0);
    CHECK(ccall(b, m.cont, reply, &m, IPC_FOREVER) > 0);
    CHECK_EQ(m.sender, second); // the next one got it
    CHECK_EQ(resdelete(m.cont), 0);
    CHECK_EQ(procwait(second, &st), second);
    CHECK_EQ(st, 0);
    // a caller killed while it waits for its answer: the answer is queued
    CHECK((caller = tap_spawn("t_ipcpeer", "caller", boxarg, num(reply, rarg), getvmid(0))) > 0);
    CHECK(crecv(b, &m, IPC_FOREVER) > 0);
    CHECK_EQ(m.sender, caller);
    CHECK(await_waiters(reply, 1));
    CHECK_EQ(resdelete(caller), 0);
    CHECK_EQ(procwait(caller, &st), caller);
    CHECK_EQ(st, PROC_STATUS_KILLED);
    CHECK_EQ(resinfo(reply, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 0);
    CHECK_EQ(ccall(reply, m.cont, b, &r, IPC_POLL), -EAGAIN); // sent, then nothing to take
    CHECK_EQ(resinfo(reply, &info), 0);
    CHECK_EQ(info.u.cbox.queued, 1);
    CHECK_EQ(crecv(reply, &r, IPC_POLL), m.cont);
    CHECK_EQ(resdelete(m.cont), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
refused_calls_hand_nothing_over(void)
{
    struct res_info info;
    struct cmsg m;
    char me[16];
    rid_t b = box("refuse", TEST_MODE), reply = cbcreate("", TEST_MODE), gone_box, c, gone, pid;
    int st;

    CHECK(b > 0 && reply > 0);
    CHECK((gone_box = cbcreate("", TEST_MODE)) > 0);
    CHECK_EQ(resdelete(gone_box), 0);
    CHECK((pid = tap_spawn("t_ipcpeer", "answer", boxarg, num(getpid(), me), getvmid(0))) > 0);
    CHECK(await_waiters(b, 1));
    CHECK((c = message(1, 2, 64)) > 0);
    CHECK((gone = message(3, 4, 64)) > 0);
    CHECK_EQ(resdelete(gone), 0);
    uint32_t out = (uint32_t)(uintptr_t)&m, code = (uint32_t)(uintptr_t)fifo_order; // read-only

    CHECK_EQ(sys_ccall(b, gone, reply, out, IPC_FOREVER), -ENOENT);      // stale container
    CHECK_EQ(sys_ccall(b, c, gone_box, out, IPC_FOREVER), -ENOENT);      // stale reply box
    CHECK_EQ(sys_ccall(gone_box, c, reply, out, IPC_FOREVER), -ENOENT);  // stale box
    CHECK_EQ(sys_ccall(b, c, c, out, IPC_FOREVER), -EINVAL);             // a container is no box
    CHECK_EQ(sys_ccall(b, reply, reply, out, IPC_FOREVER), -EINVAL);     // a box is no container
    CHECK_EQ(sys_ccall(b, c, reply, 0xC0000000u, IPC_FOREVER), -EFAULT); // the kernel's
    CHECK_EQ(sys_ccall(b, c, reply, 0, IPC_FOREVER), -EFAULT);           // unmapped
    CHECK_EQ(sys_ccall(b, c, reply, code, IPC_FOREVER), -EFAULT);        // not writable
    CHECK_EQ(sys_ccall(b, c, reply, 0xBFFFFFF0u, IPC_FOREVER), -EFAULT); // runs into the kernel
    CHECK_EQ(resinfo(c, &info), 0);
    CHECK_EQ(info.u.container.holder, getpid()); // still ours
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 1); // and the receiver still waits
    CHECK_EQ(ccall(b, c, reply, &m, IPC_FOREVER), c);
    CHECK_EQ(m.sender, pid);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
rights_hold_on_the_fast_path(void)
{
    struct res_info info;
    struct cmsg m;
    rid_t b, reply, c, pid;
    int st;

    CHECK_EQ(tap_become(TEST_OID), 0);
    // another owner's box: our group may receive from it (REF), not send (ATT)
    CHECK((b = box("rcc3", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF | RCC_DEL))) > 0);
    CHECK((reply = cbcreate("", TEST_MODE)) > 0);
    CHECK_EQ(changeoid(b, OTHER_OID, 0), 0);
    CHECK((pid = tap_spawn("t_ipcpeer", "recvwait", boxarg, NULL, 0)) > 0);
    CHECK(await_waiters(b, 1)); // a receiver of our group waits in it
    CHECK((c = message(1, 2, 16)) > 0);
    CHECK_EQ(ccall(b, c, reply, &m, IPC_FOREVER), -EPERM);
    CHECK_EQ(resinfo(c, &info), 0);
    CHECK_EQ(info.u.container.holder, getpid());
    CHECK_EQ(resinfo(b, &info), 0);
    CHECK_EQ(info.u.cbox.waiting, 1);
    CHECK_EQ(resdelete(b), 0); // DEL granted: the receiver wakes with EINTR
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, EINTR);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
answer_page_gone_while_waiting(void)
{
    struct cmsg x;
    char harg[16], onarg[16], name[RES_NAME_MAX];
    rid_t bm = box("gone", TEST_MODE), bh = cbcreate("", TEST_MODE), on = cbcreate("", TEST_MODE);
    rid_t receiver, relay;
    int st;

    CHECK(bm > 0 && bh > 0 && on > 0);
    CHECK((receiver = tap_spawn("t_ipcpeer", "recvwait", num(on, onarg), NULL, 0)) > 0);
    CHECK(await_waiters(on, 1)); // in a space of its own
    CHECK(ccreate(4096, &x) > 0);
    char *argv[] = {"t_ipcpeer", "relay", (char *)num(bh, harg), onarg, boxarg, NULL};
    snprintf(name, sizeof(name), "t_ipcpeer.relay.%d", getpid() & 0xffff);
    CHECK((relay = proccreate(name, "/bin/t_ipcpeer", argv, getvmid(0), TEST_MODE)) > 0);
    CHECK_EQ(csend(bh, x.cont), 0);
    // our answer is to go into that container, which the relay sends on to
    // the other space (off ours) while we wait, and then sends us another:
    // the kernel must find the page gone, not write through a stale check
    CHECK_EQ(sys_crecv(bm, (uint32_t)(uintptr_t)cmsg_data(&x), IPC_FOREVER), -EFAULT);
    CHECK_EQ(procwait(relay, &st), relay);
    CHECK_EQ(st, 0);
    CHECK_EQ(procwait(receiver, &st), receiver);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(bm), 0);
    CHECK_EQ(resdelete(bh), 0);
    CHECK_EQ(resdelete(on), 0);
    return 0; // the container we were given goes with this process
}

/* DESIGN §5 "Who may receive": a server of another owner answers into a
 * reply box only its caller may use, through the one-shot right the call
 * gave it (before it, the answer needed ATT on the caller's box); with both
 * receivers waiting, then with neither. The answer carries no right. */
static int
reply_rights_answer_any_owner_once(void)
{
    struct cmsg m;
    rid_t s, go, reply, c, peer;
    int st;

    CHECK((s = box("rs", RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_ATT))) > 0);
    CHECK_EQ(changeoid(s, OTHER_OID, 0), 0); // the server's box: others send, it alone takes
    CHECK((peer = tap_spawn("t_ipcpeer", "rights", boxarg, NULL, getvmid(0))) > 0);
    CHECK(await_waiters(s, 1)); // (resinfo needs REF: asked while we are the system owner)
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK((go = box("rg", RCC_OWNER(RCC_ALL) | RCC_OTHER(RCC_REF))) > 0);
    CHECK((reply = box("rr", RCC_OWNER(RCC_ALL))) > 0); // nobody else may send here
    CHECK((c = message(41, (uint32_t)go, 64)) > 0);
    CHECK_EQ(ccall(s, c, reply, &m, 5000), c); // the server waits: it runs at once
    CHECK_EQ(words(&m)[0], 42);
    CHECK_EQ(m.sender, peer);
    CHECK_EQ(m.sender_owner, OTHER_OID);
    CHECK_EQ(m.reply, 0); // an answer is no call: nothing to answer it with
    CHECK(await_waiters(go, 1));
    words(&m)[0] = 50;
    CHECK_EQ(ccall(s, c, reply, &m, IPC_POLL), -EAGAIN); // queued: the server waits elsewhere
    CHECK_EQ(csend(go, message(0, 0, 8)), 0);
    CHECK_EQ(procwait(peer, &st), peer);
    CHECK_EQ(st, 0);                         // every step beyond the right was refused
    CHECK_EQ(crecv(reply, &m, IPC_POLL), c); // the answer waited in the box
    CHECK_EQ(words(&m)[0], 51);
    CHECK_EQ(m.reply, 0); // also when the server answered with ccall
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(go), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

/* A call's reply box must be one the caller may receive from, and not the
 * box it calls (so no answer comes back as a request): refused before
 * anything is sent, whether a receiver waits in the box or not. */
static int
reply_box_rules(void)
{
    struct res_info info;
    struct cmsg m;
    rid_t b, foreign, c, pid = 0;
    int st;

    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK((foreign = box("rf", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT | RCC_DEL))) > 0);
    CHECK_EQ(changeoid(foreign, OTHER_OID, 0), 0); // its group is still ours: send, not receive
    CHECK((b = box("rb", TEST_MODE)) > 0);
    CHECK((c = message(7, 0, 16)) > 0);
    for (int waiting = 0; waiting < 2; waiting++) {
        if (waiting) {
            CHECK((pid = tap_spawn("t_ipcpeer", "recv", boxarg, "7", 0)) > 0);
            CHECK(await_waiters(b, 1));
        }
        CHECK_EQ(ccall(b, c, b, &m, IPC_POLL), -EINVAL);
        CHECK_EQ(ccall(b, c, foreign, &m, IPC_POLL), -EPERM);
        CHECK_EQ(resinfo(c, &info), 0);
        CHECK_EQ(info.u.container.holder, getpid()); // nothing was sent
        CHECK_EQ(resinfo(b, &info), 0);
        CHECK_EQ(info.u.cbox.queued, 0);
    }
    CHECK_EQ(csend(b, c), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(foreign), 0);
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
    {"a call gives a waiting receiver the CPU at once, and starves no one",
     call_hands_the_cpu_over},
    {"waiting receivers are served oldest first, the stamp intact",
     waiting_receivers_served_in_order},
    {"many callers: each gets its own answers", many_callers_each_get_their_answers},
    {"time-outs fire for calls and receives as before", call_time_outs_still_fire},
    {"killed waiters and callers are handed nothing", killed_waiters_get_nothing},
    {"a refused call hands nothing over", refused_calls_hand_nothing_over},
    {"rights hold when a receiver waits", rights_hold_on_the_fast_path},
    {"an answer whose page goes away while its receiver waits is -EFAULT",
     answer_page_gone_while_waiting},
    {"a server of any owner answers once, through the reply right only",
     reply_rights_answer_any_owner_once},
    {"a reply box must be receivable by the caller and not the box called", reply_box_rules},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_ipc", "test suite: container IPC (TAP)"))
        return 0;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

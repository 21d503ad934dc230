/*
 * t_ipcreg: the in-guest suite for ccallr, the register form of ccall
 * (issue 20): its words and answer arrive intact inside a space and across
 * spaces, a container sent by any other call brings words of 0 (nothing an
 * earlier sender left), rights are refused as ccall refuses them and leave
 * the container with the caller, bad, stale and wrong-type ids and forged
 * registers give a negative errno with every register but EAX unchanged,
 * the receive half times out and ends with -EINTR when its reply box is
 * deleted, and the suite's leak check finds no frame or slot left behind.
 * Role: t_ipcreg echo BOX answers every request with w[0] + 1 and ~w[1]
 * until w[0] is STOP, which it answers by csend (words 0).
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

#define STOP 0xffffffffu
#define TRIPS 100
#define PAT_CONT 0x5a5a0002u /* forged ids */
#define PAT_REPLY 0x5a5a0003u
#define PAT_ESI 0x5a5a0004u
#define PAT_EDI 0x5a5a0005u
#define PAT_EBP 0x5a5a0006u

static const char *
num(int v, char buf[16])
{
    snprintf(buf, 16, "%d", v);
    return buf;
}

/* role: answer BOX's requests in registers until w[0] is STOP. */
static int
role_echo(rid_t box)
{
    struct cmsg m;
    struct creg r = {{0, 0}, 0, 0};
    rid_t c;

    if ((c = crecv(box, &m, IPC_FOREVER)) < 0)
        return 10;
    r.reply = m.reply; // crecv shows no words: the first answer is 1, ~0
    for (;;) {
        if (r.w[0] == STOP)
            return csend(r.reply, c) < 0 ? 20 : 0;
        r.w[0] += 1;
        r.w[1] = ~r.w[1];
        if ((c = ccallr(r.reply, c, box, IPC_FOREVER, &r)) < 0)
            return 30;
    }
}

/* role: ccallr into BOX (nobody receives) and wait on REPLY; exit with the
 * errno it ended with. */
static int
role_waitreply(rid_t box, rid_t reply)
{
    struct creg r = {{1, 2}, 0, 0};
    rid_t c = ccreate(0, &(struct cmsg){0});

    if (c < 0)
        return 100;
    c = ccallr(box, c, reply, IPC_FOREVER, &r);
    return c < 0 ? -c : 101;
}

/* Round trips with an echo in space vmid (0: a space of its own): words,
 * reply right and sender stamp as documented, then the STOP answer by
 * csend brings words of 0. */
static int
round_trips(rid_t vmid)
{
    char arg[16];
    rid_t b = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE), c, pid;
    struct creg r;
    int st;

    CHECK(b > 0 && reply > 0);
    CHECK((pid = tap_spawn("t_ipcreg", "echo", num(b, arg), NULL, vmid)) > 0);
    CHECK((c = ccreate(0, &(struct cmsg){0})) > 0);
    r = (struct creg){{7, 8}, 0, 0};
    CHECK_EQ(ccallr(b, c, reply, IPC_FOREVER, &r), c); // taken by crecv: seen as 0, 0
    CHECK_EQ(r.w[0], 1);
    CHECK_EQ(r.w[1], ~0u);
    CHECK_EQ(r.reply, 0); // an answer carries no reply right
    CHECK_EQ(r.sender, pid);
    for (uint32_t i = 1; i <= TRIPS; i++) {
        r = (struct creg){{i, 0x9e3779b9u * i}, -1, -1};
        CHECK_EQ(ccallr(b, c, reply, IPC_FOREVER, &r), c);
        CHECK_EQ(r.w[0], i + 1);
        CHECK_EQ(r.w[1], ~(0x9e3779b9u * i));
        CHECK_EQ(r.reply, 0);
        CHECK_EQ(r.sender, pid);
    }
    r = (struct creg){{STOP, 5}, -1, -1};
    CHECK_EQ(ccallr(b, c, reply, IPC_FOREVER, &r), c);
    CHECK_EQ(r.w[0], 0); // csend's words: none left from our STOP
    CHECK_EQ(r.w[1], 0);
    CHECK_EQ(r.sender, pid);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
words_arrive_in_one_space(void)
{
    return round_trips(getvmid(0));
}

static int
words_arrive_across_spaces(void)
{
    return round_trips(0);
}

/* A container the register form received, then received by crecv and
 * ccall as usual: the container form still works on it. */
static int
container_form_receivers_see_the_container(void)
{
    struct cmsg m;
    struct creg r = {{1, 2}, 0, 0};
    rid_t b = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE), c, got;

    CHECK(b > 0 && reply > 0);
    CHECK((c = ccreate(16, &m)) > 0);
    CHECK_EQ(ccallr(b, c, reply, IPC_POLL, &r), -EAGAIN); // sent, nothing to take back
    CHECK_EQ(r.w[0], 1);                                  // an error leaves *m alone
    CHECK_EQ(r.w[1], 2);
    CHECK_EQ(got = crecv(b, &m, IPC_POLL), c);
    CHECK_EQ(m.reply, reply);
    CHECK_EQ(m.sender, getpid());
    CHECK_EQ(m.size, 16);
    CHECK_EQ(csend(m.reply, c), 0); // the one-shot answer, by the container form
    CHECK_EQ(crecv(reply, &m, IPC_POLL), c);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
rights_are_refused(void)
{
    struct res_info info;
    struct creg r = {{3, 4}, 11, 12};
    rid_t mine, other, noref, c;

    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK((mine = cbcreate("", TEST_MODE)) > 0);
    // ATT and REF for their new owner only; our group may delete them
    CHECK((other = cbcreate("", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_DEL))) > 0);
    CHECK((noref = cbcreate("", RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT | RCC_DEL))) > 0);
    CHECK_EQ(changeoid(other, TEST_OID + 1, 0), 0);
    CHECK_EQ(changeoid(noref, TEST_OID + 1, 0), 0);
    CHECK((c = ccreate(0, &(struct cmsg){0})) > 0);
    CHECK_EQ(ccallr(other, c, mine, IPC_FOREVER, &r), -EPERM); // no ATT on the box
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(ccallr(mine, c, noref, IPC_FOREVER, &r), -EPERM); // no REF on the reply box
    CHECK_EQ(ccallr(mine, c, mine, IPC_FOREVER, &r), -EINVAL); // reply box = the box called
    CHECK_EQ(resinfo(c, &info), 0);
    CHECK_EQ(info.u.container.holder, getpid()); // nothing was handed over
    CHECK_EQ(resinfo(mine, &info), 0);
    CHECK_EQ(info.u.cbox.queued, 0);
    CHECK(r.w[0] == 3 && r.w[1] == 4 && r.reply == 11 && r.sender == 12);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(mine), 0);
    CHECK_EQ(resdelete(other), 0);
    CHECK_EQ(resdelete(noref), 0);
    return 0;
}

static int
bad_and_stale_ids(void)
{
    struct creg r = {{3, 4}, 11, 12};
    rid_t b = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE), c, stale;

    CHECK(b > 0 && reply > 0);
    CHECK((stale = ccreate(0, &(struct cmsg){0})) > 0);
    CHECK_EQ(resdelete(stale), 0);
    CHECK((c = ccreate(0, &(struct cmsg){0})) > 0);
    CHECK(ccallr(b, stale, reply, IPC_POLL, &r) == -ENOENT); // stale container
    CHECK(ccallr(b, reply, c, IPC_POLL, &r) < 0);            // a box as container
    CHECK(ccallr(b, b, reply, IPC_POLL, &r) < 0);            // wrong type
    CHECK(ccallr(0x7fffffff, c, reply, IPC_POLL, &r) < 0);
    CHECK(ccallr(-5, c, reply, IPC_POLL, &r) < 0);
    CHECK(ccallr(b, 0, reply, IPC_POLL, &r) < 0);
    CHECK(ccallr(b, c, 0, IPC_POLL, &r) < 0);
    CHECK(ccallr(c, c, reply, IPC_POLL, &r) < 0); // a container as box
    CHECK(r.w[0] == 3 && r.w[1] == 4 && r.reply == 11 && r.sender == 12);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

/* int $0x80 straight: call 90 with a live box, forged container and reply
 * ids and patterns in the word registers (t_abi checks every call, this
 * one included, with patterns everywhere and by both paths). */
static int
forged_registers_come_back_unchanged(void)
{
    rid_t b = cbcreate("", TEST_MODE);
    uint32_t eax = SYS_ccallr, ebx = (uint32_t)b, esi = PAT_ESI, edi = PAT_EDI, ebp;

    CHECK(b > 0);
    __asm__ volatile("pushl %%ebp\n\t"
                     "movl %[pebp], %%ebp\n\t"
                     "int $0x80\n\t"
                     "movl %%ebp, %%ecx\n\t"
                     "popl %%ebp"
                     : "+a"(eax), "+b"(ebx), "+S"(esi), "+D"(edi), "=c"(ebp)
                     : "c"(PAT_CONT), "d"(PAT_REPLY), [pebp] "i"(PAT_EBP)
                     : "memory", "cc");
    CHECK((int32_t)eax < 0);
    CHECK_EQ(ebx, (uint32_t)b);
    CHECK_EQ(esi, PAT_ESI);
    CHECK_EQ(edi, PAT_EDI);
    CHECK_EQ(ebp, PAT_EBP);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
receive_half_times_out(void)
{
    struct cmsg m;
    struct creg r = {{5, 6}, 0, 0};
    rid_t b = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE), c;

    CHECK(b > 0 && reply > 0);
    CHECK((c = ccreate(0, &m)) > 0);
    CHECK_EQ(ccallr(b, c, reply, 30, &r), -ETIMEDOUT); // sent; no answer came
    CHECK_EQ(errno, ETIMEDOUT);
    CHECK(r.w[0] == 5 && r.w[1] == 6);
    CHECK_EQ(crecv(b, &m, IPC_POLL), c); // it waited in the box all along
    CHECK_EQ(m.reply, reply);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(b), 0);
    CHECK_EQ(resdelete(reply), 0);
    return 0;
}

static int
reply_box_deleted_is_eintr(void)
{
    char barg[16], rarg[16];
    struct res_info info;
    rid_t b = cbcreate("", TEST_MODE), reply = cbcreate("", TEST_MODE), pid;
    int st;

    CHECK(b > 0 && reply > 0);
    CHECK((pid = tap_spawn("t_ipcreg", "waitreply", num(b, barg), num(reply, rarg), 0)) > 0);
    for (int i = 0; i < 2000; i++) { // until it waits on the reply box
        CHECK_EQ(resinfo(reply, &info), 0);
        if (info.u.cbox.waiting == 1)
            break;
        yield();
    }
    CHECK_EQ(info.u.cbox.waiting, 1);
    CHECK_EQ(resdelete(reply), 0);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, EINTR);
    CHECK_EQ(resdelete(b), 0); // frees the container still queued in it
    return 0;
}

static const struct tcase cases[] = {
    {"words and answer arrive intact inside one space", words_arrive_in_one_space},
    {"words and answer arrive intact across spaces", words_arrive_across_spaces},
    {"container-form receivers see the container, answers carry words of 0",
     container_form_receivers_see_the_container},
    {"rights are refused as ccall refuses them, nothing handed over", rights_are_refused},
    {"bad, stale and wrong-type ids give errors, the message untouched", bad_and_stale_ids},
    {"forged registers give -errno and come back unchanged", forged_registers_come_back_unchanged},
    {"the receive half times out", receive_half_times_out},
    {"deleting the reply box ends the wait with -EINTR", reply_box_deleted_is_eintr},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_ipcreg", "test suite: ccall's register form (TAP)"))
        return 0;
    if (argc > 2 && strcmp(argv[1], "echo") == 0)
        return role_echo((rid_t)strtol(argv[2], NULL, 0));
    if (argc > 3 && strcmp(argv[1], "waitreply") == 0)
        return role_waitreply((rid_t)strtol(argv[2], NULL, 0), (rid_t)strtol(argv[3], NULL, 0));
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

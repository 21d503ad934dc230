/*
 * t_sec: the in-guest security suite (issue 7). Hostile ring-3 programs
 * (t_evil) against every entry path: sysenter with TF and NT, LDT selectors,
 * int3/into; per-process FPU and SSE state; interrupts during long calls;
 * time-outs that must not wrap; identities that cannot be taken; the three
 * RCC classes; quotas that stop a hog while the system owner works on and
 * reclaims everything; the file server's box, which others may send to
 * and nothing more (issue 16). Each case runs in a child; the suite ends
 * with the leak check.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <tender.h>

#include "kernel/abi/omfs.h"
#include "tests/guest/tap.h"

#define OWNER_A 7
#define OWNER_B 8

/* Start t_evil with mode and args as owner oid (0: as ourselves). */
static rid_t
evil(const char *mode, const char *a2, const char *a3, int oid)
{
    rid_t pid = tap_spawn("t_evil", mode, a2, a3, 0);

    if (pid > 0 && oid && changeoid(pid, oid, 1) < 0)
        return -1;
    return pid;
}

static int
wait_status(rid_t pid)
{
    int st = -1;

    return pid > 0 && procwait(pid, &st) == pid ? st : -1000;
}

static int
have_sep(void)
{
    struct sysstat st;

    return sysstat(&st) == 0 && (st.features & SYSSTAT_SEP);
}

static int
sysenter_tf_ends_only_the_caller(void)
{
    if (!have_sep())
        return TAP_SKIP; // a Pentium: int $0x80 only
    CHECK_EQ(wait_status(evil("tf-sysenter", NULL, NULL, OWNER_A)), PROC_STATUS_FAULT(1));
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    return 0;
}

static int
sysenter_nt_keeps_flags_and_kernel(void)
{
    rid_t a, b;

    if (!have_sep())
        return TAP_SKIP;
    CHECK_EQ(wait_status(evil("nt-sysenter", NULL, NULL, OWNER_A)), 0);
    // a process switching away with NT set must not make another's iret a task return
    CHECK((a = evil("nt-yield", "200", NULL, OWNER_A)) > 0);
    CHECK((b = tap_spawn("t_peek", "yield", "200", NULL, 0)) > 0);
    CHECK_EQ(wait_status(a), 0);
    CHECK_EQ(wait_status(b), 0);
    return 0;
}

static int
ldt_selectors_fault(void)
{
    CHECK_EQ(wait_status(evil("ldt", NULL, NULL, OWNER_A)), PROC_STATUS_FAULT(13));
    return 0;
}

static int
int3_and_into_report_their_vectors(void)
{
    CHECK_EQ(wait_status(evil("int3", NULL, NULL, 0)), PROC_STATUS_FAULT(3));
    CHECK_EQ(wait_status(evil("into", NULL, NULL, 0)), PROC_STATUS_FAULT(4));
    return 0;
}

static int
fpu_state_is_per_process(void)
{
    rid_t hold, peek, sum1, sum2;

    // one owner's registers and rounding mode survive another's use of the FPU
    CHECK((hold = evil("fpu-hold", "300", NULL, OWNER_A)) > 0);
    CHECK((peek = evil("fpu-clean", NULL, NULL, OWNER_B)) > 0);
    CHECK_EQ(wait_status(peek), 0); // and the other sees only a clean state
    CHECK((sum1 = evil("fpu-sum", "1", "3000000", OWNER_B)) > 0);
    CHECK((sum2 = evil("fpu-sum", "3", "3000000", OWNER_A)) > 0);
    CHECK_EQ(wait_status(sum1), 0);
    CHECK_EQ(wait_status(sum2), 0);
    CHECK_EQ(wait_status(hold), 0);
    CHECK_EQ(wait_status(evil("fpu-clean", NULL, NULL, OWNER_B)), 0);
    return 0;
}

static int
fpu_state_survives_blocking_waits(void)
{
    rid_t hold, sum;

    // an owner that blocks gives its registers up (saved) and gets them back
    // at its next FPU instruction, while another owner uses the FPU
    CHECK((hold = evil("fpu-hold", "40", "sleep", OWNER_A)) > 0);
    CHECK((sum = evil("fpu-sum", "5", "3000000", OWNER_B)) > 0);
    CHECK_EQ(wait_status(evil("fpu-clean", NULL, NULL, OWNER_B)), 0);
    CHECK_EQ(wait_status(sum), 0);
    CHECK_EQ(wait_status(hold), 0);
    CHECK_EQ(wait_status(evil("fpu-clean", NULL, NULL, OWNER_A)), 0);
    return 0;
}

static int
sse_works(void)
{
    int st = wait_status(evil("sse", NULL, NULL, 0));

    if (st == TAP_SKIP)
        return TAP_SKIP; // no SSE: a pass here would prove nothing
    CHECK_EQ(st, 0);
    return 0;
}

static int
empty_argv_gets_a_name(void)
{
    char *none[] = {NULL};
    rid_t pid = proccreate("t.noargs", "/bin/t_evil", none, 0, TEST_MODE);

    CHECK(pid > 0);
    CHECK_EQ(wait_status(pid), 0);
    CHECK((pid = proccreate("t.nullargs", "/bin/t_evil", NULL, 0, TEST_MODE)) > 0);
    CHECK_EQ(wait_status(pid), 0);
    return 0;
}

static char *
num(char *buf, long v)
{
    snprintf(buf, 16, "%ld", v);
    return buf;
}

static int
is_blocked(rid_t pid)
{
    struct res_info info;

    return resinfo(pid, &info) == 0 && info.u.proc.state == PROC_BLOCKED;
}

/* Sleep about ms milliseconds (a receive on an empty box that times out). */
static void
nap(int ms)
{
    struct cmsg m;
    rid_t box = cbcreate("", TEST_MODE);

    crecv(box, &m, ms);
    resdelete(box);
}

static uint64_t
ms_since(uint64_t tsc0, const struct sysstat *st)
{
    return (rdtsc() - tsc0) / st->tsc_khz;
}

static int
long_write_keeps_others_running(void)
{
    struct sysstat a, b;
    struct res_info info;
    uint64_t t0, waited, total;
    uint32_t ticks0;
    rid_t writer, other;

    CHECK_EQ(tap_counts(&a), 0);
    t0 = rdtsc();
    ticks0 = a.ticks;
    CHECK((writer = evil("write", "1048576", NULL, OWNER_A)) > 0);
    yield(); // the writer starts its one big write
    CHECK((other = tap_spawn("true", NULL, NULL, NULL, 0)) > 0);
    CHECK_EQ(changeoid(other, OWNER_B, 1), 0);
    CHECK_EQ(wait_status(other), 0);
    waited = ms_since(t0, &a);
    CHECK_EQ(resinfo(writer, &info), 0);
    CHECK(info.u.proc.state != PROC_ZOMBIE); // the other owner ran while it was writing
    CHECK_EQ(wait_status(writer), 0);
    total = ms_since(t0, &a);
    CHECK_EQ(tap_counts(&b), 0);
    printf("# another owner's process ran within %u ms of a 1 MiB write that took %u ms; "
           "%u late timer ticks; %u ticks counted; longest gap since boot %u us\n",
           (unsigned)waited, (unsigned)total, b.ticks_late - a.ticks_late, b.ticks - ticks0,
           b.tick_gap_max_us);
    CHECK(waited < 500);                      // before the fix: the whole write, seconds
    // before the fix the write kept interrupts off for all its seconds; a busy
    // host may delay one tick by tens of ms, so the bound is a second
    CHECK(b.tick_gap_max_us < 1000000);
    // no tick lost: the tick count follows the TSC within 10%
    CHECK((b.ticks - ticks0) * 1000 / b.timer_hz * 10 >= total * 9);
    return 0;
}

static int
long_receive_timeouts_do_not_wrap(void)
{
    char arg[16];
    rid_t box = cbcreate("", TEST_MODE), pid;

    CHECK(box > 0);
    CHECK((pid = evil("recv-long", num(arg, box), NULL, 0)) > 0);
    nap(300);
    CHECK(is_blocked(pid)); // before the fix it timed out after 10 ms
    CHECK_EQ(resdelete(box), 0);
    CHECK_EQ(wait_status(pid), 0);
    return 0;
}

static int
procmove_without_memory_changes_nothing(void)
{
    enum { MAX_HOGS = 24, MAX_EATERS = 4096 };
    static rid_t eaters[MAX_EATERS];
    rid_t hog[MAX_HOGS], box = cbcreate("", TEST_MODE), target, mine = getvmid(0), c;
    struct cmsg m;
    char arg[16];
    int nhogs = 0, neaters = 0, st;

    CHECK(box > 0);
    memset(eaters, 0, sizeof(eaters)); // our own lazy pages now: once memory is gone a first
                                       // touch would end us and leave the hogs behind
    CHECK((target = vmcreate("t.nomem", TEST_MODE)) > 0); // no container window tables yet
    CHECK((c = ccreate(100, &m)) > 0);
    memset(cmsg_data(&m), 0x5c, 100);
    while (nhogs < MAX_HOGS &&
           (hog[nhogs] = tap_spawn("t_peek", "hog", num(arg, box), NULL, 0)) > 0) {
        while (!is_blocked(hog[nhogs]))
            yield();
        nhogs++;
    }
    struct cmsg e;
    while (neaters < MAX_EATERS && (eaters[neaters] = ccreate(4096, &e)) > 0)
        neaters++; // the last free frames
    int moved = procmove(getpid(), target);
    int err = errno;
    for (int i = 0; i < neaters; i++)
        resdelete(eaters[i]);
    for (int i = 0; i < nhogs; i++) {
        resdelete(hog[i]);
        procwait(hog[i], &st);
    }
    printf("# %d hogs, %d one-page containers; then procmove said %d (errno %d)\n", nhogs, neaters,
           moved, err);
    CHECK_EQ(moved, -1);
    CHECK_EQ(err, ENOMEM);
    CHECK_EQ(getvmid(0), mine); // still at home, our space still there
    for (int i = 0; i < 100; i++)
        CHECK_EQ(((unsigned char *)cmsg_data(&m))[i], 0x5c); // and the container with us
    CHECK_EQ(procmove(getpid(), target), 0);                 // with memory, the move works
    CHECK_EQ(((unsigned char *)cmsg_data(&m))[99], 0x5c);
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(resdelete(box), 0);
    return 0; // tap_cleanup deletes t.nomem once we are gone
}

static int
a_process_cannot_take_an_identity(void)
{
    char arg[16];
    rid_t box = cbcreate("t.sysbox", RCC_OWNER(RCC_ALL));

    CHECK(box > 0);
    CHECK_EQ(wait_status(evil("steal", num(arg, box), NULL, 999)), 0);
    CHECK_EQ(resdelete(box), 0);
    // a non-system owner may still give away what is not a process
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(tap_become(RCC_SYSTEM_OWNER), -1); // and never come back
    CHECK_EQ(errno, EPERM);
    rid_t vm = vmcreate("t.give", RCC_OWNER(RCC_ALL));
    CHECK(vm > 0);
    CHECK_EQ(changegid(vm, 4321, 0), 0);
    CHECK_EQ(changeoid(vm, 999, 0), 0);
    struct res_info info;
    CHECK_EQ(resinfo(vm, &info), -1); // it is 999's now, and its mode says nothing for us
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(changegid(getpid(), TEST_OID + 1, 0), -1);
    CHECK_EQ(errno, EPERM);
    return 0; // the parent (system owner) deletes the space
}

static int
other_owners_stay_out_of_init(void)
{
    char arg[16];
    rid_t init_vm = resfind(RT_VSPACE, "@init"), mine = getvmid(0);

    CHECK(init_vm > 0);
    CHECK_EQ(wait_status(evil("rights", num(arg, init_vm), NULL, OWNER_A)), 0);
    // our space grants others REF (TEST_MODE), never ATT: no entry, no moving in
    CHECK_EQ(wait_status(evil("rights", num(arg, mine), NULL, OWNER_A)) & 6, 0);
    return 0;
}

static int
each_rcc_class_decides(void)
{
    // owner class REF (and DEL, CTL for the cleanup), group class ATT, others REF and ATT
    unsigned mode =
        RCC_OWNER(RCC_REF | RCC_CTL | RCC_DEL) | RCC_GROUP(RCC_ATT) | RCC_OTHER(RCC_REF | RCC_ATT);
    rid_t vm = vmcreate("t.classes", mode), owner, member, stranger;
    char arg[16];

    CHECK(vm > 0);
    CHECK_EQ(changeoid(vm, OWNER_A, 0), 0);
    CHECK_EQ(changegid(vm, 4000, 0), 0);
    num(arg, vm);
    CHECK((owner = evil("rights", arg, NULL, OWNER_A)) > 0);
    CHECK((member = evil("rights", arg, NULL, OWNER_B)) > 0);
    CHECK_EQ(changegid(member, 4000, 0), 0); // owner B in group 4000
    CHECK((stranger = evil("rights", arg, NULL, OWNER_B + 1)) > 0);
    CHECK_EQ(wait_status(owner), 1);    // REF; no ATT, so no process into it or moving in
    CHECK_EQ(wait_status(member), 6);   // ATT (create into it, move into it); no REF
    CHECK_EQ(wait_status(stranger), 7); // REF and ATT
    return 0;
}

/* Processes of owner oid still there (live or zombie). */
static int
procs_of(int oid)
{
    rid_t rids[128];
    struct res_info info;
    int n = reslist(RT_PROC, 0, rids, 128), count = 0;

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], &info) == 0 && info.owner == oid && info.u.proc.state != PROC_ZOMBIE)
            count++;
    return count;
}

static int
hogs_hit_their_quota_and_the_system_owner_reclaims(void)
{
    struct sysstat a, b, z;
    rid_t box = cbcreate("", TEST_MODE), hogs[6], bomb, pid;
    char arg[16];
    int st, n;

    CHECK(box > 0);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // warm up
    CHECK_EQ(tap_counts(&a), 0);
    // spaces with mode 0, left behind by a process that is gone
    st = wait_status(evil("hog-spaces", NULL, NULL, OWNER_A));
    CHECK(st > 0 && st < 255);
    CHECK_EQ(tap_counts(&b), 0);
    CHECK(b.free_slots[RT_VSPACE] > a.free_slots[RT_VSPACE] / 2);
    CHECK((pid = vmcreate("t.still", TEST_MODE)) > 0); // the system owner works on
    CHECK_EQ(resdelete(pid), 0);
    // containers in a box nobody may delete
    CHECK_EQ(wait_status(evil("hog-containers", NULL, NULL, OWNER_A)), 0);
    CHECK_EQ(tap_counts(&b), 0);
    CHECK(b.free_frames > a.free_frames / 3);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    // memory: several processes of one owner
    for (int i = 0; i < 6; i++) {
        CHECK((hogs[i] = evil("hog-memory", num(arg, box), NULL, OWNER_B)) > 0);
        while (!is_blocked(hogs[i]))
            yield();
    }
    CHECK_EQ(tap_counts(&b), 0);
    printf("# six memory hogs of one owner left %u of %u free frames\n", b.free_frames,
           a.free_frames);
    // the quota is half the frames free at boot; the file server's cache has
    // taken a part of the other half since, so a quarter must be left
    CHECK(b.free_frames > a.free_frames / 4);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    // a fork bomb whose processes nobody may delete
    CHECK((bomb = evil("bomb", NULL, NULL, OWNER_A + 10)) > 0);
    for (int i = 0; i < 2000 && procs_of(OWNER_A + 10) < 10; i++)
        yield();
    CHECK(procs_of(OWNER_A + 10) >= 10);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0);
    // the system owner takes everything back
    CHECK((n = resreclaim(OWNER_A + 10)) >= 10);
    CHECK_EQ(procs_of(OWNER_A + 10), 0);
    CHECK_EQ(wait_status(bomb), PROC_STATUS_KILLED);
    CHECK((n = resreclaim(OWNER_A)) > st); // spaces, box, containers
    CHECK((n = resreclaim(OWNER_B)) == 6);
    for (int i = 0; i < 6; i++)
        CHECK_EQ(wait_status(hogs[i]), PROC_STATUS_KILLED);
    CHECK_EQ(resreclaim(RCC_SYSTEM_OWNER), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(tap_counts(&z), 0);
    CHECK(tap_same_counts(&a, &z)); // everything the hogs held is back
    CHECK_EQ(resdelete(box), 0);
    return 0;
}

static int
only_the_system_owner_reclaims(void)
{
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(resreclaim(OWNER_A), -1);
    CHECK_EQ(errno, EPERM);
    return 0;
}

/* DESIGN §8: a stack grows as it is touched, to CONFIG_USTACK_MAX (8 MiB):
 * a program 4 MiB deep runs (every frame intact), a system call writing
 * into a part of the stack nothing touched yet grows it too, and the frames
 * come back when it ends. Before, the stack was a fixed 64 KiB. */
static int
stacks_grow_on_demand(void)
{
    struct sysstat a, z;

    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // warm up
    CHECK_EQ(tap_counts(&a), 0);
    CHECK_EQ(tap_run("t_peek", "deep", "4096", NULL, 0), 0);
    CHECK_EQ(tap_run("t_peek", "copydeep", "2048", NULL, 0), 0);
    CHECK_EQ(tap_run("t_peek", "deep", "7900", NULL, 0), 0); // near the top of the reserve
    CHECK_EQ(sysstat(&z), 0);
    CHECK_EQ(tap_counts(&z), 0);
    CHECK(tap_same_counts(&a, &z));
    return 0;
}

/* DESIGN §8: getentropy gives fresh random bytes each time, refuses more
 * than 256 (EINVAL) and bad buffers (EFAULT); proctimes counts a process's
 * CPU time in user mode and in the kernel, its waited-for children's
 * beside, and needs REF on the process. */
static int
entropy_and_cpu_time(void)
{
    uint8_t a[256], b[256];
    struct kproctimes mine, child;
    rid_t pid, init = resfind(RT_PROC, "init");
    int st;

    CHECK(init > 0);
    CHECK_EQ(sys_getentropy((uint32_t)(uintptr_t)a, sizeof(a)), 0);
    CHECK_EQ(sys_getentropy((uint32_t)(uintptr_t)b, sizeof(b)), 0);
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    CHECK_EQ(sys_getentropy((uint32_t)(uintptr_t)a, 257), -EINVAL);
    CHECK_EQ(sys_getentropy(0xC0000000u, 16), -EFAULT);
    CHECK_EQ(sys_getentropy(0, 0), 0);
    CHECK_EQ(sys_proctimes(0, (uint32_t)(uintptr_t)&mine), 0);
    CHECK_EQ(mine.hz, 100);
    CHECK_EQ(mine.child_user, 0);
    CHECK((pid = tap_spawn("t_peek", "burn", "400", NULL, 0)) > 0);
    for (int i = 0; i < 20; i++)
        yield();
    CHECK_EQ(sys_proctimes((uint32_t)pid, (uint32_t)(uintptr_t)&child), 0); // running: REF
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(sys_proctimes(0, (uint32_t)(uintptr_t)&mine), 0);
    printf("# a child that spun 400 ms: %u user and %u kernel ticks\n", mine.child_user,
           mine.child_sys);
    CHECK(mine.child_user >= 10); // 40 ticks of wall time, shared with whoever else ran
    CHECK(mine.child_user + mine.child_sys <= 60);
    CHECK_EQ(sys_proctimes(0, 0xC0000000u), -EFAULT);
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(sys_proctimes((uint32_t)init, (uint32_t)(uintptr_t)&mine), -EPERM);
    return 0;
}

static int
heap_grows_to_the_memory_there_is(void)
{
    struct sysstat st;
    int mib, status;

    CHECK_EQ(sysstat(&st), 0);
    mib = wait_status(evil("heap", NULL, NULL, 0));
    printf("# one process's heap grew to %d MiB with %u MiB free\n", mib, st.free_frames / 256);
    CHECK(mib > 8); // the old limit
    CHECK(mib >= (int)(st.free_frames / 256) * 3 / 4);
    status = tap_run("t_fault", "stack", NULL, NULL, 0);
    CHECK(PROC_STACKOVF(status)); // and a stack overflow is called one
    CHECK_EQ(PROC_FAULTVEC(status), 14);
    return 0;
}


static uint8_t
status_port(void)
{
    return inb(0x1f7); // the IDE status port
}

/* I/O ports come only through a port resource with ATT; a process without
 * them that touches one is ended with #GP; the grant is the process's, so it
 * survives procmove, and another process never inherits it from a switch. */
static int
io_ports_need_a_grant(void)
{
    rid_t ata = resfind(RT_IOPORT, "ata0"), space;
    struct res_info ri;
    int status;

    CHECK(ata > 0);
    CHECK_EQ(resinfo(ata, &ri), 0);
    CHECK_EQ(ri.u.ioport.base[0], 0x1f0);
    CHECK_EQ(ri.u.ioport.count[0], 8);
    CHECK_EQ(ri.u.ioport.base[1], 0x3f6);
    CHECK_EQ(ioattach(getvmid(0)), -1); // a space is not a port resource
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(ioattach(0x7fffffff), -1);
    CHECK(errno == ENOENT || errno == EINVAL);
    status = tap_run("t_fault", "port", NULL, NULL, 0); // no grant: #GP
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 13);
    CHECK_EQ(ioattach(ata), 0);
    (void)status_port(); // granted: no fault
    status = tap_run("t_fault", "port", NULL, NULL, getvmid(0)); // a child in our space: none
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 13);
    CHECK((space = vmcreate("t.io", TEST_MODE)) > 0);
    CHECK_EQ(procmove(getpid(), space), 0);
    (void)status_port(); // the grant moved with us
    yield();
    (void)status_port();
    CHECK_EQ(iodetach(ata), 0);
    status = tap_run("t_fault", "detach", NULL, NULL, 0); // granted, used, closed, used: #GP
    CHECK(PROC_FAULTED(status) && PROC_FAULTVEC(status) == 13);
    // another owner: not even the lookup
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK(resfind(RT_IOPORT, "ata0") < 0);
    CHECK_EQ(ioattach(ata), -1);
    CHECK_EQ(errno, EPERM);
    return 0;
}

/* The file server's box (issue 16): others find it and send to it (ATT),
 * but take no one's request (REF is the server's), and no call may name it
 * for the answer: before, an answer landed in the box as a new request
 * stamped with the server's identity, which stopped (OMFS_SHUTDOWN) or
 * livelocked (OMFS_SYNC) the server. */
static int
file_server_box_takes_requests_only(void)
{
    const unsigned want = RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ATT) | RCC_OTHER(RCC_ATT);
    struct res_info info;
    struct cmsg m;
    rid_t omfs = resfind(RT_CBOX, OMFS_BOX), c, mine;

    CHECK(omfs > 0);
    CHECK_EQ(resinfo(omfs, &info), 0);
    CHECK_EQ(info.mode, want);
    CHECK((c = ccreate(OMFS_HDR, &m)) > 0);
    ((struct omfs_msg *)cmsg_data(&m))->code = OMFS_SYNC;
    CHECK_EQ(ccall(omfs, c, omfs, &m, IPC_POLL), -EINVAL); // even the system owner's
    CHECK_EQ(resdelete(c), 0);
    CHECK_EQ(tap_become(TEST_OID), 0);
    CHECK_EQ(resfind(RT_CBOX, OMFS_BOX), omfs);
    CHECK_EQ(crecv(omfs, &m, IPC_POLL), -EPERM);
    CHECK((c = ccreate(OMFS_HDR + 2, &m)) > 0);
    struct omfs_msg *msg = cmsg_data(&m);
    msg->code = OMFS_SHUTDOWN;
    CHECK_EQ(ccall(omfs, c, omfs, &m, IPC_POLL), -EPERM);
    CHECK((mine = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE)) > 0);
    CHECK_EQ(ccall(omfs, c, mine, &m, 10000), c); // asked the proper way: refused, answered
    msg = cmsg_data(&m);
    CHECK_EQ(msg->omfs_result, -EPERM);
    *msg = (struct omfs_msg){.code = OMFS_STAT, .size = 2};
    memcpy((char *)msg + OMFS_HDR, "/", 2);
    CHECK_EQ(ccall(omfs, c, mine, &m, 10000), c); // and the server serves on
    msg = cmsg_data(&m);
    CHECK_EQ(msg->omfs_result, 0);
    CHECK_EQ(msg->u.st.ino, 2);
    return 0;
}

static const struct tcase cases[] = {
    {"sysenter with TF ends only the caller, with a debug trap", sysenter_tf_ends_only_the_caller},
    {"sysenter with NT and DF: the caller's flags come back, the kernel's stay clean",
     sysenter_nt_keeps_flags_and_kernel},
    {"an LDT selector faults (null LDT)", ldt_selectors_fault},
    {"int3 and into report vectors 3 and 4", int3_and_into_report_their_vectors},
    {"FPU registers, rounding mode and SSE registers are per process, clean at start",
     fpu_state_is_per_process},
    {"FPU and SSE state survive blocking waits (a blocked owner gives the FPU up)",
     fpu_state_survives_blocking_waits},
    {"SSE instructions work on a CPU with SSE", sse_works},
    {"proccreate with an empty or NULL argv gives argv[0]", empty_argv_gets_a_name},
    {"a 1 MiB write: another owner runs at once, no tick is lost or late",
     long_write_keeps_others_running},
    {"receive time-outs of 42,949,673 ms and more do not wrap", long_receive_timeouts_do_not_wrap},
    {"procmove without memory fails and changes nothing", procmove_without_memory_changes_nothing},
    {"a process cannot take the system owner's or any identity", a_process_cannot_take_an_identity},
    {"another owner can neither enter nor see init's space or ours", other_owners_stay_out_of_init},
    {"owner, group and other class each decide", each_rcc_class_decides},
    {"hogs of spaces, containers, memory and processes hit their quotas; resreclaim",
     hogs_hit_their_quota_and_the_system_owner_reclaims},
    {"only the system owner reclaims", only_the_system_owner_reclaims},
    {"a heap grows to the memory there is; a stack overflow is reported as one",
     heap_grows_to_the_memory_there_is},
    {"a stack grows as it is touched, to 8 MiB, also by a system call's copy",
     stacks_grow_on_demand},
    {"getentropy gives fresh bytes, refuses 257 and bad buffers; proctimes counts CPU time",
     entropy_and_cpu_time},
    {"I/O ports only through a port resource; without them #GP; kept across procmove",
     io_ports_need_a_grant},
    {"the file server's box: others send to it, take nothing from it, get no answer into it",
     file_server_box_takes_requests_only},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_sec", "test suite: security, identities, quotas (TAP)"))
        return 0;
    struct stat st;
    if (argc == 1 && stat("/", &st) < 0) // warm up: the server's page tables for containers
        return 1;                        // (its first client's cost, not a leak of the suite)
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

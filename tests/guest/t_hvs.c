/*
 * t_hvs: the in-guest suite for processes, virtual spaces and the HVS calls
 * (issue 3): sharing inside a space and isolation across spaces, proccreate
 * into existing and new spaces, procmove of running processes (others and
 * itself), every RCC right denied and granted, bad rids and pointers, user
 * faults, the CR3 counters of same- and cross-space switches, both system
 * call paths, and leak checks over 1,000 create/exit cycles.
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>
#include <time.h>

#include "kernel/abi/clockpage.h"
#include "tests/guest/tap.h"

#define MAGIC 0x5eed1234u
#define OTHER_OID 77

int main(int argc, char **argv);

static char arg1[16], arg2[16];

static const char *
hex(char *buf, uint32_t v)
{
    snprintf(buf, 16, "0x%x", v);
    return buf;
}

static rid_t
space(const char *tag, unsigned mode)
{
    char name[RES_NAME_MAX];

    snprintf(name, sizeof(name), "t.%s.%d", tag, getpid() & 0xffff);
    return vmcreate(name, mode);
}

static int
share_space(void)
{
    uint32_t *buf = malloc(64);
    rid_t mine = getvmid(0);

    CHECK(buf && mine > 0);
    buf[0] = MAGIC;
    buf[1] = 0;
    CHECK_EQ(tap_run("t_peek", "read", hex(arg1, (uint32_t)&buf[0]), hex(arg2, MAGIC), mine), 0);
    CHECK_EQ(tap_run("t_peek", "write", hex(arg1, (uint32_t)&buf[1]), hex(arg2, ~MAGIC), mine), 0);
    CHECK_EQ(buf[1], ~MAGIC);
    return 0;
}

static int
other_space_isolated(void)
{
    uint32_t *buf = malloc(64);

    CHECK(buf);
    buf[0] = MAGIC;
    int st = tap_run("t_peek", "read", hex(arg1, (uint32_t)&buf[0]), hex(arg2, MAGIC), 0);
    CHECK(PROC_FAULTED(st));
    CHECK_EQ(PROC_FAULTVEC(st), 14);
    CHECK_EQ(buf[0], MAGIC);
    return 0;
}

static int
create_into_spaces(void)
{
    struct res_info info;
    rid_t vm = space("exist", TEST_MODE), pid, s;
    int st;

    CHECK(vm > 0);
    CHECK((pid = tap_spawn("t_peek", "yield", "5", NULL, vm)) > 0);
    CHECK_EQ(getvmid(pid), vm);
    CHECK_EQ(resinfo(vm, &info), 0);
    CHECK_EQ(info.u.vspace.nprocs, 1);
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0);
    CHECK_EQ(resinfo(vm, &info), 0); // a vmcreate'd space outlives its processes
    CHECK_EQ(info.u.vspace.nprocs, 0);
    CHECK_EQ(resdelete(vm), 0);
    CHECK_EQ(resinfo(vm, &info), -1);
    CHECK_EQ(errno, ENOENT);

    CHECK((pid = tap_spawn("t_peek", "yield", "5", NULL, 0)) > 0);
    CHECK((s = getvmid(pid)) > 0);
    CHECK(s != getvmid(0));
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(resinfo(s, &info), -1); // a new space goes with its last process
    CHECK_EQ(errno, ENOENT);
    return 0;
}

static int
move_running(void)
{
    rid_t a = space("mv1", TEST_MODE), b = space("mv2", TEST_MODE), pid;
    int st;

    CHECK(a > 0 && b > 0);
    CHECK((pid = tap_spawn("t_peek", "spin", "400", NULL, a)) > 0);
    for (int i = 0; i < 40; i++) {
        rid_t to = (i & 1) ? a : b;
        CHECK_EQ(procmove(pid, to), 0);
        CHECK_EQ(getvmid(pid), to);
        yield();
        yield();
    }
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 0); // its memory survived every move and it ran to the end
    CHECK_EQ(resdelete(a), 0);
    CHECK_EQ(resdelete(b), 0);
    return 0;
}

static int
move_self(void)
{
    static uint32_t data[1024];
    uint32_t *heap = malloc(300 * 1024);
    rid_t vm = space("self", TEST_MODE), old = getvmid(0);
    struct res_info info;

    CHECK(heap && vm > 0);
    for (int i = 0; i < 1024; i++)
        data[i] = i * 3u;
    for (int i = 0; i < 300 * 256; i++)
        heap[i] = i ^ MAGIC;
    CHECK_EQ(procmove(getpid(), vm), 0);
    CHECK_EQ(getvmid(0), vm);
    CHECK_EQ(resinfo(old, &info), -1); // our transient space went when we left it
    for (int i = 0; i < 1024; i++)
        CHECK_EQ(data[i], i * 3u);
    for (int i = 0; i < 300 * 256; i++)
        CHECK_EQ(heap[i], i ^ MAGIC);
    CHECK_EQ(resdelete(vm), -1); // we live in it
    CHECK_EQ(errno, EBUSY);
    return 0; // tap_cleanup deletes the space once we are gone
}

/* A space whose group bits are `group` and which belongs to another owner:
 * the caller (same group) is then judged by the group bits alone. */
static rid_t
foreign_space(unsigned group)
{
    rid_t vm = space("rcc", RCC_OWNER(RCC_ALL) | RCC_GROUP(group));

    if (vm > 0 && changeoid(vm, OTHER_OID, 0) < 0)
        return -1;
    return vm;
}

/* Delete a foreign test space, first granting the group every right when
 * CTL allows it; returns 0 when the space is gone. */
static int
drop(rid_t vm)
{
    if (resdelete(vm) == 0)
        return 0;
    if (changemod(vm, RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ALL)) < 0)
        return -1;
    return resdelete(vm);
}

static int
rcc_space_rights(void)
{
    struct res_info info;
    const unsigned rights[] = {RCC_REF, RCC_DEL, RCC_ATT, RCC_CTL};

    CHECK_EQ(tap_become(TEST_OID), 0); // the system owner would pass every check

    for (unsigned i = 0; i < 4; i++) {
        unsigned r = rights[i];
        for (int granted = 0; granted < 2; granted++) {
            // CTL stays granted (except when CTL is the right under test) so the space can go
            unsigned group = granted ? (r | RCC_CTL) : (RCC_ALL & ~r);
            rid_t vm = foreign_space(group);
            int got;
            CHECK(vm > 0);
            if (r == RCC_REF)
                got = resinfo(vm, &info);
            else if (r == RCC_DEL)
                got = resdelete(vm);
            else if (r == RCC_ATT)
                got = tap_spawn("t_peek", "yield", "1", NULL, vm);
            else
                got = changemod(vm, RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_ALL));
            if (granted) {
                CHECK(got >= 0);
                if (r == RCC_ATT)
                    CHECK_EQ(procwait(got, NULL), got);
            } else {
                CHECK(got < 0);
                CHECK_EQ(errno, EPERM);
                if (r == RCC_ATT)
                    CHECK_EQ(got, -EPERM);
            }
            if (!(r == RCC_DEL && granted))
                CHECK_EQ(drop(vm), 0);
        }
    }
    return 0;
}

static int
rcc_process_rights(void)
{
    rid_t vm, pid;
    int st;

    CHECK_EQ(tap_become(TEST_OID), 0); // the system owner would pass every check
    CHECK((vm = space("rccp", TEST_MODE)) > 0);
    // MOD on the process is what procmove needs
    CHECK((pid = tap_spawn("t_peek", "yield", "50", NULL, 0)) > 0);
    CHECK_EQ(changemod(pid, RCC_OWNER(RCC_ALL & ~RCC_MOD) | RCC_GROUP(RCC_ALL)), 0);
    CHECK_EQ(procmove(pid, vm), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(changemod(pid, RCC_OWNER(RCC_ALL)), 0);
    CHECK_EQ(procmove(pid, vm), 0);
    // only the system owner hands a process to another owner
    CHECK_EQ(changeoid(pid, OTHER_OID, 0), -1);
    CHECK_EQ(errno, EPERM);
    // the owner class without DEL cannot kill, without CTL cannot change the mode back
    CHECK_EQ(changemod(pid, RCC_OWNER(RCC_ALL & ~RCC_DEL)), 0);
    CHECK_EQ(resdelete(pid), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(changemod(pid, 0), 0);
    CHECK_EQ(changemod(pid, RCC_OWNER(RCC_ALL)), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(procwait(pid, &st), pid); // a parent may always wait for its child
    CHECK_EQ(st, 0);
    CHECK_EQ(resdelete(vm), 0);
    return 0;
}

static int
rcc_child_acts_as_new_owner(void)
{
    static volatile uint32_t go;
    rid_t vm = space("who", RCC_OWNER(RCC_ALL)), pid, mine = getvmid(0);
    char flag[16], vmid[16];
    int st;

    CHECK(vm > 0);
    snprintf(vmid, sizeof(vmid), "%d", vm);
    go = 1; // before changeoid: the child sees the space
    CHECK_EQ(tap_run("t_peek", "info", hex(flag, (uint32_t)&go), vmid, mine), 0);
    go = 0;
    CHECK((pid = tap_spawn("t_peek", "info", hex(flag, (uint32_t)&go), vmid, mine)) > 0);
    CHECK_EQ(changeoid(pid, OTHER_OID, 1), 0);
    go = 1;
    CHECK_EQ(procwait(pid, &st), pid);
    CHECK_EQ(st, 1); // resinfo refused: the child now acts as OTHER_OID
    CHECK_EQ(resdelete(vm), 0);
    return 0;
}

/* How many resources of type belong to owner oid. */
static int
owned_by(int type, int oid)
{
    rid_t rids[256];
    struct res_info info;
    int n = reslist(type, 0, rids, 256), count = 0;

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], &info) == 0 && info.owner == oid)
            count++;
    return count;
}

static int
changeoid_flag_gives_away_parts(void)
{
    rid_t a, b;
    int st;

    CHECK((a = tap_spawn("t_peek", "yield", "20", NULL, 0)) > 0);
    CHECK((b = tap_spawn("t_peek", "yield", "20", NULL, 0)) > 0);
    CHECK_EQ(owned_by(RT_VUSPACE, OTHER_OID), 0);
    CHECK_EQ(changeoid(a, OTHER_OID, 0), 0); // the process alone
    CHECK_EQ(owned_by(RT_PROC, OTHER_OID), 1);
    CHECK_EQ(owned_by(RT_VUSPACE, OTHER_OID), 0);
    CHECK_EQ(owned_by(RT_VREGION, OTHER_OID), 0);
    CHECK_EQ(changeoid(b, OTHER_OID + 1, 1), 0);     // and what it is made of
    CHECK(owned_by(RT_VUSPACE, OTHER_OID + 1) >= 3); // text, data, stack
    // every region but the text, which is the program's, shared, the system's
    CHECK_EQ(owned_by(RT_VREGION, OTHER_OID + 1), owned_by(RT_VUSPACE, OTHER_OID + 1) - 1);
    CHECK(resfind(RT_VREGION, "text:t_peek") > 0);
    CHECK_EQ(procwait(a, &st), a);
    CHECK_EQ(procwait(b, &st), b);
    CHECK_EQ(owned_by(RT_VUSPACE, OTHER_OID + 1), 0); // gone with it
    return 0;
}

static int
bad_ids_and_pointers(void)
{
    struct res_info info;
    rid_t vm = space("stale", TEST_MODE), me = getpid();
    char *argv_kernel[] = {(char *)0xC0100000u, NULL};

    CHECK(vm > 0);
    CHECK_EQ(resdelete(vm), 0);
    CHECK_EQ(sys_procmove(me, vm), -ENOENT); // stale
    CHECK_EQ(sys_resinfo(vm, (uint32_t)&info), -ENOENT);
    CHECK_EQ(sys_procmove(me, me), -EINVAL);    // a process is no space
    CHECK_EQ(sys_getvmid(getvmid(0)), -EINVAL); // a space is no process
    rid_t live = getvmid(0);
    CHECK_EQ(sys_getvmid((live & ~0xffff) | ((live + 1000) & 0xffff)),
             -ENOENT); // forged generation
    CHECK_EQ(sys_getvmid(0x7fffffff), -ENOENT);
    CHECK_EQ(sys_resdelete(0), -ENOENT);
    CHECK_EQ(sys_resinfo((uint32_t)-5, (uint32_t)&info), -ENOENT);
    CHECK_EQ(sys_resfind(RT_VSPACE, (uint32_t) "t.no.such.space"), -ENOENT);
    CHECK_EQ(sys_vmcreate(0xC0100000u, TEST_MODE), -EFAULT); // kernel pointer
    CHECK_EQ(sys_vmcreate(0x10, TEST_MODE), -EFAULT);        // unmapped
    CHECK_EQ(sys_vmcreate(0, TEST_MODE), -EFAULT);
    CHECK_EQ(sys_resinfo(me, 0xC0000000u), -EFAULT);
    CHECK_EQ(sys_resinfo(me, (uint32_t)(uintptr_t)main), -EFAULT); // text is read-only
    CHECK_EQ(sys_write(1, 0xC0100000u, 16), -EFAULT);
    CHECK_EQ(sys_write(7, (uint32_t) "x", 1), -EBADF);
    CHECK_EQ(sys_write(1, (uint32_t) "x", 0), 0); // zero size
    CHECK_EQ(sys_proccreate((uint32_t) "t.badargv", (uint32_t) "/bin/t_peek", (uint32_t)argv_kernel,
                            0, TEST_MODE),
             -EFAULT);
    CHECK_EQ(
        sys_proccreate((uint32_t) "t.noprog", (uint32_t) "/bin/no_such_program", 0, 0, TEST_MODE),
        -ENOENT);
    CHECK_EQ(sys_vmcreate((uint32_t) "t.a.name.that.is.far.too.long.for.it", TEST_MODE),
             -ENAMETOOLONG);
    CHECK_EQ(sys_vmcreate((uint32_t) "t.badmode", 0x8000), -EINVAL);
    CHECK_EQ(sys_procwait(me, 0), -ECHILD); // not our child
    CHECK_EQ(syscall5(999, 0, 0, 0, 0, 0), -ENOSYS);
    CHECK_EQ(syscall5(0, 0, 0, 0, 0, 0), -ENOSYS);
    rid_t pid = tap_spawn("t_peek", "yield", "1", NULL, 0);
    CHECK(pid > 0);
    CHECK_EQ(sys_procwait(pid, 0xC0000000u), -EFAULT);
    CHECK_EQ(procwait(pid, NULL), pid);
    CHECK_EQ(sys_resinfo(pid, (uint32_t)&info), -ENOENT); // reaped: stale now
    return 0;
}

static int
faults_kill_only_their_process(void)
{
    static const struct {
        const char *kind;
        int vector;
    } faults[] = {
        {"null", 14},   {"div", 0},     {"ud", 6},     {"gp", 13},
        {"rotext", 14}, {"kernel", 14}, {"stack", 14}, {"clock", 14},
    };

    for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
        int st = tap_run("t_fault", faults[i].kind, NULL, NULL, 0);
        if (!PROC_FAULTED(st) || PROC_FAULTVEC(st) != faults[i].vector) {
            printf("# %s: status 0x%x, expected vector %d\n", faults[i].kind, st, faults[i].vector);
            return 1;
        }
    }
    CHECK_EQ(tap_run("t_peek", "yield", "1", NULL, 0), 0); // and the system runs on
    return 0;
}

/* The clock page (kernel/abi/clockpage.h): the same time in every space,
 * moving at the tick rate; a store faults (faults_kill_only_their_process)
 * and no call takes it as a buffer. */
static int
clock_page_read_only_everywhere(void)
{
    const volatile struct clock_page *cp = (const volatile struct clock_page *)CLOCK_PAGE_ADDR;
    uint32_t t0 = cp->tsc_shifted, k0 = cp->ticks, us;
    struct timespec a, b;

    CHECK(t0 != 0);
    clock_gettime(CLOCK_MONOTONIC, &a);
    do { // 50 ms: about 5 ticks
        clock_gettime(CLOCK_MONOTONIC, &b);
        us = (uint32_t)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000);
    } while (us < 50000);
    CHECK(cp->ticks - k0 >= 2 && cp->ticks - k0 < 1000);
    CHECK((int32_t)(cp->tsc_shifted - t0) > 0);
    CHECK((uint32_t)(rdtsc() >> CLOCK_TSC_SHIFT) - cp->tsc_shifted <
          0x10000); // a tick old, not seconds
    CHECK_EQ(sys_uaccess(CLOCK_PAGE_ADDR, 8, 0), -EFAULT);
    CHECK_EQ(sys_write(1, CLOCK_PAGE_ADDR, 8), -EFAULT);
    CHECK_EQ(tap_run("t_peek", "clock", NULL, NULL, 0), 0); // a child in a new space reads it too
    return 0;
}

static int
switch_counts(rid_t vmid, struct sysstat *d)
{
    struct sysstat a, b;
    rid_t pid = tap_spawn("t_peek", "yield", "300", NULL, vmid);
    int st;

    if (pid < 0)
        return -1;
    yield(); // let it start
    tap_counts(&a);
    for (int i = 0; i < 200; i++)
        yield();
    tap_counts(&b);
    if (procwait(pid, &st) != pid || st != 0)
        return -1;
    d->switches = b.switches - a.switches;
    d->cr3_loads = b.cr3_loads - a.cr3_loads;
    return 0;
}

static int
cr3_loads_only_across_spaces(void)
{
    struct sysstat same, cross;

    CHECK_EQ(switch_counts(getvmid(0), &same), 0);
    CHECK_EQ(switch_counts(0, &cross), 0);
    printf("# same space: %u switches, %u CR3 loads; across: %u switches, %u CR3 loads\n",
           same.switches, same.cr3_loads, cross.switches, cross.cr3_loads);
    CHECK(same.switches >= 400);
    CHECK_EQ(same.cr3_loads, 0);
    CHECK(cross.switches >= 400);
    CHECK_EQ(cross.cr3_loads, cross.switches);
    return 0;
}

static int
both_syscall_paths(void)
{
    struct sysstat st;

    CHECK_EQ(sysstat(&st), 0);
    CHECK(st.features & SYSSTAT_SEP); // -cpu pentium3 has SEP
    CHECK_EQ(syscall_int80(SYS_getpid, 0, 0, 0, 0, 0), getpid());
    CHECK_EQ(syscall_sysenter(SYS_getpid, 0, 0, 0, 0, 0), getpid());
    CHECK_EQ(syscall_sysenter(SYS_write, 1, (uint32_t) "# via sysenter\n", 15, 0, 0), 15);
    CHECK_EQ(syscall_int80(SYS_write, 1, (uint32_t) "# via int 0x80\n", 15, 0, 0), 15);
    CHECK_EQ(syscall_sysenter(SYS_write, 1, 0xC0100000u, 15, 0, 0), -EFAULT);
    for (int mode = SYSCALL_INT80; mode <= SYSCALL_SYSENTER; mode++) {
        tender_syscall_mode = mode;
        CHECK_EQ(tap_run("t_peek", "yield", "3", NULL, getvmid(0)), 0);
    }
    return 0;
}

static int
out_of_memory_is_an_error(void)
{
    enum { MAX_HOGS = 24 };
    struct sysstat a, z, low;
    struct res_info info;
    rid_t hog[MAX_HOGS], pid = 0, box = cbcreate("", TEST_MODE);
    char boxarg[16];
    int n = 0, st;

    CHECK(box > 0);
    snprintf(boxarg, sizeof(boxarg), "%d", box);
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // warm up
    tap_counts(&a);
    while (n < MAX_HOGS && (pid = tap_spawn("t_peek", "hog", boxarg, NULL, 0)) > 0) {
        hog[n++] = pid;
        do // until it has eaten what it could and waits
            yield();
        while (resinfo(pid, &info) == 0 && info.u.proc.state != PROC_BLOCKED);
    }
    sysstat(&low);
    printf("# %d hogs; then proccreate said %d; %u of %u free frames left\n", n, pid,
           low.free_frames, a.free_frames);
    CHECK(n >= 1 && n < MAX_HOGS); // a heap grows to the memory there is: one hog may do
    CHECK_EQ(pid, -ENOMEM);
    CHECK(low.free_frames < a.free_frames / 20);
    for (int i = 0; i < n; i++) {
        CHECK_EQ(resdelete(hog[i]), 0);
        CHECK_EQ(procwait(hog[i], &st), hog[i]);
        CHECK_EQ(st, PROC_STATUS_KILLED);
    }
    tap_counts(&z);
    CHECK(tap_same_counts(&a, &z));
    CHECK_EQ(tap_run("true", NULL, NULL, NULL, 0), 0); // and life goes on
    CHECK_EQ(resdelete(box), 0);
    return 0;
}

static int
create_exit_cycles_leak_nothing(void)
{
    struct sysstat a, b;
    rid_t vm = space("cycle", TEST_MODE);

    CHECK(vm > 0);
    for (int i = 0; i < 4; i++) // warm the kernel heap and our own
        CHECK_EQ(tap_run("true", NULL, NULL, NULL, i & 1 ? vm : 0), 0);
    CHECK_EQ(tap_counts(&a), 0);
    for (int i = 0; i < 1000; i++) {
        if (tap_run("true", NULL, NULL, NULL, i & 1 ? vm : 0) != 0) {
            printf("# cycle %d failed\n", i);
            return 1;
        }
    }
    for (int i = 0; i < 1000; i++) {
        rid_t s = space("c", TEST_MODE);
        CHECK(s > 0);
        CHECK_EQ(resdelete(s), 0);
    }
    CHECK_EQ(tap_counts(&b), 0);
    CHECK(tap_same_counts(&a, &b));
    CHECK_EQ(resdelete(vm), 0);
    return 0;
}

static const struct tcase cases[] = {
    {"two programs in one space see each other's memory", share_space},
    {"a process in another space does not", other_space_isolated},
    {"proccreate into an existing space and into a new one", create_into_spaces},
    {"procmove keeps a running process's memory and keeps it running", move_running},
    {"procmove of the caller itself keeps its memory", move_self},
    {"RCC on spaces: REF, DEL, ATT, CTL each denied and granted", rcc_space_rights},
    {"RCC on processes: MOD, DEL, CTL; only the system owner hands a process over",
     rcc_process_rights},
    {"a child handed to another owner is checked as that owner", rcc_child_acts_as_new_owner},
    {"changeoid with flag gives away the process's parts too", changeoid_flag_gives_away_parts},
    {"stale, foreign, wrong-type rids and bad pointers give errors", bad_ids_and_pointers},
    {"each fault kind kills only its process", faults_kill_only_their_process},
    {"the clock page: every space reads it, it moves, no call takes it",
     clock_page_read_only_everywhere},
    {"no CR3 load on a same-space switch, one on a cross-space switch",
     cr3_loads_only_across_spaces},
    {"int $0x80 and sysenter both work", both_syscall_paths},
    {"running out of memory is an error, and everything comes back", out_of_memory_is_an_error},
    {"1,000 proccreate/exit and vmcreate/resdelete cycles leak nothing",
     create_exit_cycles_leak_nothing},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_hvs", "test suite: processes, spaces and the HVS calls (TAP)"))
        return 0;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

/*
 * A small TAP harness for in-guest test programs (STYLE §6).
 *
 * A suite is a table of named cases. Run without arguments, the program
 * starts itself once per case ("PROG case N") as a child in a new space, so
 * a crash fails that case only, and prints "ok N - name" or "not ok N -
 * name: status", then the plan. A case returns 0 for success (TAP_SKIP: it
 * cannot run on this machine, "# SKIP"); CHECK prints a
 * "# file:line" diagnostic and fails it. Header-only: each suite is one
 * program file (every tests/guest/NAME.c becomes /bin/NAME).
 */
#ifndef TESTS_GUEST_TAP_H
#define TESTS_GUEST_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>

#define TEST_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF | RCC_ATT) | RCC_OTHER(RCC_REF))

struct tcase {
    const char *name;
    int (*run)(void);
};

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            printf("# %s:%d: failed: %s\n", __FILE__, __LINE__, #cond);                            \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_EQ(got, want)                                                                        \
    do {                                                                                           \
        long got_ = (long)(got), want_ = (long)(want);                                             \
        if (got_ != want_) {                                                                       \
            printf("# %s:%d: %s is %ld (0x%lx), expected %ld\n", __FILE__, __LINE__, #got, got_,   \
                   (unsigned long)got_, want_);                                                    \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define TEST_OID 50 /* the identity RCC cases take: not the system owner */
#define TAP_SKIP 77 /* a case returns it when this machine cannot run it */

/* Give up the system owner's identity for good (cases run as the system
 * owner, who passes every RCC check): from now on this process is owner and
 * group oid, and what it creates is theirs. Returns 0 or -1. */
static inline int
tap_become(int oid)
{
    return changeoid(getpid(), oid, 0);
}

/* Start prog with up to three arguments in space vmid; the name is made unique. */
static inline rid_t
tap_spawn(const char *prog, const char *a1, const char *a2, const char *a3, rid_t vmid)
{
    static int serial;
    char name[RES_NAME_MAX], path[64];
    char *argv[] = {(char *)prog, (char *)a1, (char *)a2, (char *)a3, NULL};
    rid_t pid;

    snprintf(path, sizeof(path), "/bin/%s", prog);
    do {
        snprintf(name, sizeof(name), "%s.%d.%d", prog, getpid() & 0xffff, ++serial);
        pid = proccreate(name, path, argv, vmid, TEST_MODE);
    } while (pid == -EEXIST);
    return pid;
}

/* Run prog to its end and return its procwait status (or a negative error). */
static inline int
tap_run(const char *prog, const char *a1, const char *a2, const char *a3, rid_t vmid)
{
    int status = -1;
    rid_t pid = tap_spawn(prog, a1, a2, a3, vmid);

    if (pid < 0)
        return pid;
    if (procwait(pid, &status) != pid)
        return -1000;
    return status;
}

/* Delete the empty spaces a case left behind (names starting "t."): a case
 * that moved itself into a space of its own cannot delete that space. */
static inline void
tap_cleanup(void)
{
    rid_t rids[64];
    struct res_info info;
    int n = reslist(RT_VSPACE, 0, rids, 64);

    for (int i = 0; i < n; i++)
        if (resinfo(rids[i], &info) == 0 && strncmp(info.name, "t.", 2) == 0 &&
            info.u.vspace.nprocs == 0)
            resdelete(rids[i]);
}

/* sysstat for the leak checks, with the frames that regions hold counted
 * as free. A live process gets frames for its .bss, stack and data as it
 * first touches them (proc/loader.c): the suite's own process, the shell
 * and the file server all do so in between, which is not a leak, and those
 * frames go with their process. What this leaves to compare is every frame
 * held outside a region (page tables, the kernel heap, containers) and,
 * through the slot counts, the regions themselves. Returns sysstat's
 * result. */
static inline int
tap_counts(struct sysstat *st)
{
    rid_t rids[64], after = 0;
    struct res_info vr;
    int err = sysstat(st), n;

    if (err < 0)
        return err;
    do {
        if ((n = reslist(RT_VREGION, after, rids, 64)) <= 0)
            break;
        for (int i = 0; i < n; i++)
            if (resinfo(rids[i], &vr) == 0)
                st->free_frames += vr.u.vregion.frames;
        after = rids[n - 1];
    } while (n == 64);
    return err;
}

/* Free frames, slots of every type and address chunks, for leak checks
 * (snapshots from tap_counts). */
static inline int
tap_same_counts(const struct sysstat *a, const struct sysstat *b)
{
    if (a->free_frames != b->free_frames) {
        printf("# free frames %u -> %u\n", a->free_frames, b->free_frames);
        return 0;
    }
    for (unsigned t = 0; t < sizeof(a->free_slots) / sizeof(a->free_slots[0]); t++)
        if (a->free_slots[t] != b->free_slots[t]) {
            printf("# free slots of type %u: %u -> %u\n", t, a->free_slots[t], b->free_slots[t]);
            return 0;
        }
    return 1;
}

/* Run the suite: the dispatcher for "case N", or the parent that runs every
 * case in a child and prints TAP. Returns the exit status for main. */
static inline int
tap_main(int argc, char **argv, const struct tcase *cases, int ncases)
{
    struct sysstat before, after;
    const char *self = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    int failed = 0;

    static char stdout_buf[BUFSIZ];

    // printing must not take heap memory: the leak checks count frames
    setvbuf(stdout, stdout_buf, _IOLBF, sizeof(stdout_buf));
    if (argc == 3 && strcmp(argv[1], "case") == 0) {
        int n = atoi(argv[2]);
        return n >= 0 && n < ncases ? cases[n].run() : 2;
    }
    printf("TAP version 13\n");
    tap_counts(&before);
    for (int i = 0; i < ncases; i++) {
        char num[12];
        snprintf(num, sizeof(num), "%d", i);
        int status = tap_run(self, "case", num, NULL, 0);
        tap_cleanup();
        if (status == 0) {
            printf("ok %d - %s\n", i + 1, cases[i].name);
        } else if (status == TAP_SKIP) {
            printf("ok %d - %s # SKIP not on this machine\n", i + 1, cases[i].name);
        } else {
            failed++;
            if (status < 0)
                printf("not ok %d - %s: could not start (%d)\n", i + 1, cases[i].name, status);
            else if (PROC_FAULTED(status))
                printf("not ok %d - %s: crashed with vector %d\n", i + 1, cases[i].name,
                       PROC_FAULTVEC(status));
            else
                printf("not ok %d - %s: status 0x%x\n", i + 1, cases[i].name, status);
        }
    }
    tap_counts(&after);
    if (tap_same_counts(&before, &after)) {
        printf("ok %d - frames, resource slots and address ranges are back after the suite\n",
               ncases + 1);
    } else {
        failed++;
        printf("not ok %d - frames, resource slots and address ranges are back after the suite\n",
               ncases + 1);
    }
    printf("1..%d\n", ncases + 1);
    return failed ? 1 : 0;
}

#endif

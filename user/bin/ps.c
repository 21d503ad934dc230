/*
 * user/bin/ps.c - list the processes.
 *
 * One line per live process (reslist + resinfo): its pid, resource name,
 * owner, current virtual space (vmid and name), state and resident pages.
 * Processes the caller may not read (no RCC_REF) are skipped.
 */
#include <stdio.h>
#include <tender.h>

#define BATCH 32

static const char *
state_name(int state)
{
    switch (state) {
    case PROC_READY:
        return "ready";
    case PROC_RUNNING:
        return "running";
    case PROC_BLOCKED:
        return "blocked";
    case PROC_ZOMBIE:
        return "zombie";
    default:
        return "?";
    }
}

static void
show(rid_t pid)
{
    struct res_info p, vs;
    const char *space = "?";

    if (resinfo(pid, &p) < 0)
        return; // ended meanwhile, or not ours to see
    if (p.u.proc.vspace == 0)
        space = "-";
    else if (resinfo(p.u.proc.vspace, &vs) == 0)
        space = vs.name[0] != '\0' ? vs.name : "-";
    printf("%-10d %-18s %5u %-10d %-16s %-8s %5u\n", pid, p.name, p.owner, p.u.proc.vspace, space,
           state_name(p.u.proc.state), p.u.proc.pages);
}

/* ps: prints the process table; returns 0, or 1 if it cannot be listed. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "ps", "list the processes"))
        return 0;
    rid_t pids[BATCH], after = 0;
    int n;

    (void)argv;
    printf("%-10s %-18s %5s %-10s %-16s %-8s %5s\n", "PID", "NAME", "OWNER", "VMID", "SPACE",
           "STATE", "PAGES");
    do {
        n = reslist(RT_PROC, after, pids, BATCH);
        if (n < 0) {
            perror("ps: reslist");
            return 1;
        }
        for (int i = 0; i < n; i++)
            show(pids[i]);
        if (n > 0)
            after = pids[n - 1];
    } while (n == BATCH);
    return 0;
}

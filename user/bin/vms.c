/*
 * user/bin/vms.c - list the virtual spaces and the processes in each.
 *
 * One line per live virtual space (RT_VSPACE): vmid, name, owner, RCC mode
 * (owner/group/other as "RMDAC/R..A./R...."), process count and mapped
 * pages; below it one indented line per process whose current space it is.
 */
#include <stdio.h>
#include <tender.h>

#define BATCH 32

/* print the processes whose current space is vmid */
static void
show_procs(rid_t vmid)
{
    rid_t pids[BATCH], after = 0;
    struct res_info p;
    int n;

    do {
        if ((n = reslist(RT_PROC, after, pids, BATCH)) < 0)
            return;
        for (int i = 0; i < n; i++)
            if (resinfo(pids[i], &p) == 0 && p.u.proc.vspace == vmid)
                printf("    %-10d %s\n", pids[i], p.name);
        if (n > 0)
            after = pids[n - 1];
    } while (n == BATCH);
}

/* vms: prints every space with its processes; returns 0, or 1 if they cannot be listed. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "vms", "list the virtual spaces and the processes in each"))
        return 0;
    rid_t vms[BATCH], after = 0;
    struct res_info vs;
    char mode[18];
    int n;

    (void)argv;
    printf("%-10s %-18s %5s %-17s %5s %5s\n", "VMID", "NAME", "OWNER", "MODE", "PROCS", "PAGES");
    do {
        n = reslist(RT_VSPACE, after, vms, BATCH);
        if (n < 0) {
            perror("vms: reslist");
            return 1;
        }
        for (int i = 0; i < n; i++) {
            if (resinfo(vms[i], &vs) < 0)
                continue;
            rcc_mode_text(vs.mode, mode);
            printf("%-10d %-18s %5u %-17s %5u %5u\n", vms[i], vs.name[0] ? vs.name : "-", vs.owner,
                   mode, vs.u.vspace.nprocs, vs.u.vspace.pages);
            show_procs(vms[i]);
        }
        if (n > 0)
            after = vms[n - 1];
    } while (n == BATCH);
    return 0;
}

/*
 * user/bin/vms.c - list the virtual spaces and the processes in each.
 *
 * One line per live virtual space (RT_VSPACE): vmid, name, owner, RCC mode
 * (owner/group/other as "RMDAC/R..A./R...."), process count and mapped
 * pages; below it one indented line per process whose current space it is,
 * with the program text it runs: "text:NAME xN" when N processes (in any
 * space) map that one region of the boot image's pages.
 */
#include <stdio.h>
#include <string.h>
#include <tender.h>

#define BATCH 32

/* Write "text:NAME xN" for the shared text mapped inside [base, limit) of
 * space vmid (a process's area) into out; "-" if there is none. */
static void
text_of(rid_t vmid, uint32_t base, uint32_t limit, char *out, size_t size)
{
    rid_t rids[BATCH], after = 0;
    struct res_info vus, vr;
    int n;

    snprintf(out, size, "-");
    do {
        if ((n = reslist(RT_VUSPACE, after, rids, BATCH)) < 0)
            return;
        for (int i = 0; i < n; i++)
            if (resinfo(rids[i], &vus) == 0 && vus.u.vuspace.vspace == vmid &&
                vus.u.vuspace.start >= base && vus.u.vuspace.start < limit &&
                resinfo(vus.u.vuspace.vregion, &vr) == 0 && !strncmp(vr.name, "text:", 5)) {
                snprintf(out, size, "%s x%u", vr.name, vr.u.vregion.maps);
                return;
            }
        if (n > 0)
            after = rids[n - 1];
    } while (n == BATCH);
}

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
            if (resinfo(pids[i], &p) == 0 && p.u.proc.vspace == vmid) {
                char text[RES_NAME_MAX + 16];
                text_of(vmid, p.u.proc.base, p.u.proc.limit, text, sizeof(text));
                printf("    %-10d %-18s %s\n", pids[i], p.name, text);
            }
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

/*
 * user/bin/sh/hvs.c - the shell's HVS and resource builtins.
 *
 *     procmove PID VM      move a process into a space
 *     vmcreate NAME [MODE] create an empty space, print its rid
 *     resrm RID            resdelete any resource
 *     kill [-SIG] PID      resdelete a process (refuses other types), or
 *                          send it signal SIG (-15, -TERM, -SIGTERM)
 *     changemod MODE RID   set a resource's RCC mode
 *     changeoid OID RID [-r]  -r also changes the resource's parts
 *     changegid GID RID [-r]  -r also changes the resource's parts
 *     reclaim OID          resreclaim: delete all that owner OID holds
 *
 * Rids are decimal or 0x hex, or a resource's name (a process's, a space's...);
 * a space (VM) may also be given by name (resfind)
 * or as "." for the shell's own space. MODE is a number or "RMDAC/R..A./R....".
 * Listing (ps, vms, res) is done by the programs of the same names, so that
 * they also run inside any space (`run @VM ps`).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user/bin/sh/sh.h"

/* parse a rid argument: a number, or the name of a resource (processes
 * first, then spaces, boxes and the rest); prints the complaint and returns
 * -1 if it is neither */
/* A resource named by number or by name (processes, spaces, boxes, regions,
 * user spaces are searched in that order); says why on stderr when not.
 * Returns 0 or -1. */
int
sh_parse_rid(const char *cmd, const char *s, rid_t *out)
{
    static const int by_name[] = {RT_PROC, RT_VSPACE, RT_CBOX, RT_VREGION, RT_VUSPACE};
    long v;

    if (sh_parse_num(s, &v) == 0 && v > 0) {
        *out = (rid_t)v;
        return 0;
    }
    for (unsigned i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++) {
        rid_t r = resfind(by_name[i], s);
        if (r > 0) {
            *out = r;
            return 0;
        }
    }
    fprintf(stderr, "%s: no resource '%s'\n", cmd, s);
    return -1;
}

static int
parse_mode(const char *cmd, const char *s, unsigned *out)
{
    if (sh_parse_mode(s, out) < 0) {
        fprintf(stderr, "%s: bad mode '%s' (a number or RMDAC/R..A./R....)\n", cmd, s);
        return -1;
    }
    return 0;
}

/*
 * Turn a space argument into a vmid: a number is taken as is, "." is the
 * shell's own space, anything else is looked up by name. Returns 0, or 1
 * after printing why not.
 */
int
sh_resolve_vm(const char *s, rid_t *vmid)
{
    long v;
    rid_t r;

    if (sh_parse_num(s, &v) == 0) {
        if (v <= 0) {
            fprintf(stderr, "sh: bad space id '%s'\n", s);
            return 1;
        }
        *vmid = (rid_t)v;
        return 0;
    }
    r = strcmp(s, ".") == 0 ? getvmid(getpid()) : resfind(RT_VSPACE, s);
    if (r < 0) {
        char what[RES_NAME_MAX + 16];

        snprintf(what, sizeof(what), "space '%s'", s);
        return sh_perror(what, r);
    }
    *vmid = r;
    return 0;
}

/* procmove PID VM: move process PID into space VM. Returns the builtin's status. */
int
sh_cmd_procmove(int argc, char **argv)
{
    rid_t pid, vmid;

    if (argc != 3)
        return sh_usage("procmove PID VM");
    if (sh_parse_rid("mv", argv[1], &pid) < 0)
        return 1;
    if (sh_resolve_vm(argv[2], &vmid) != 0)
        return 1;
    if (procmove(pid, vmid) < 0)
        return sh_perror("mv", errno);
    return 0;
}

/* vmcreate NAME [MODE]: create a space and print its vmid. */
int
sh_cmd_vmcreate(int argc, char **argv)
{
    unsigned mode = SH_MODE_DEFAULT;
    rid_t vmid;

    if (argc != 2 && argc != 3)
        return sh_usage("vmcreate NAME [MODE]");
    if (argc == 3 && parse_mode("vmcreate", argv[2], &mode) < 0)
        return 1;
    vmid = vmcreate(argv[1], mode);
    if (vmid < 0)
        return sh_perror("vmcreate", vmid);
    printf("%d\n", vmid);
    return 0;
}

/* resrm RID: delete a resource of any type. */
int
sh_cmd_resrm(int argc, char **argv)
{
    rid_t rid;

    if (argc != 2)
        return sh_usage("resrm RID");
    if (sh_parse_rid("rm", argv[1], &rid) < 0)
        return 1;
    if (resdelete(rid) < 0)
        return sh_perror("rm", errno);
    return 0;
}

/* a signal as kill's -N, -NAME or -SIGNAME says; 0 if it names none */
static int
parse_signal(const char *s)
{
    static const struct {
        const char *name;
        int sig;
    } names[] = {{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT},
                 {"KILL", SIGKILL}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
                 {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}};
    char *end;
    long n = strtol(s, &end, 10);

    if (end != s && *end == '\0')
        return n > 0 && n < NSIG ? (int)n : 0;
    if (strncmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].sig;
    return 0;
}

/* kill [-SIG] PID: without a signal, delete a process (resdelete; other
 * resource types are refused); with one (-15, -TERM, -SIGTERM), send it. */
int
sh_cmd_kill(int argc, char **argv)
{
    struct res_info info;
    rid_t pid;
    int sig = 0;

    if (argc == 3 && argv[1][0] == '-' && (sig = parse_signal(argv[1] + 1)) == 0) {
        fprintf(stderr, "kill: %s: no such signal\n", argv[1] + 1);
        return 1;
    }
    if (argc != 2 && !(argc == 3 && sig))
        return sh_usage("kill [-SIG] PID");
    if (sh_parse_rid("kill", argv[argc - 1], &pid) < 0)
        return 1;
    if (resinfo(pid, &info) == 0 && info.type != RT_PROC) {
        fprintf(stderr, "kill: %d is not a process (use rm)\n", pid);
        return 1;
    }
    if ((sig ? kill(pid, sig) : resdelete(pid)) < 0)
        return sh_perror("kill", errno);
    return 0;
}

/* changemod MODE RID: set a resource's RCC mode. */
int
sh_cmd_changemod(int argc, char **argv)
{
    unsigned mode;
    rid_t rid;

    if (argc != 3)
        return sh_usage("changemod MODE RID");
    if (parse_mode("chmod", argv[1], &mode) < 0 || sh_parse_rid("chmod", argv[2], &rid) < 0)
        return 1;
    if (changemod(rid, mode) < 0)
        return sh_perror("chmod", errno);
    return 0;
}

/* changeoid OID RID [-r] and changegid GID RID [-r]: changeoid or changegid. */
static int
change_id(int argc, char **argv, const char *what, int (*change)(rid_t, int, int))
{
    char usage[32];
    const char *args[2];
    int n = 0, flag = 0;
    long id;
    rid_t rid;

    snprintf(usage, sizeof(usage), "%s ID RID [-r]", argv[0]);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") == 0)
            flag = 1;
        else if (n < 2)
            args[n++] = argv[i];
        else
            return sh_usage(usage);
    }
    if (n != 2)
        return sh_usage(usage);
    if (sh_parse_num(args[0], &id) < 0 || id <= 0 || id > 0xffff) {
        fprintf(stderr, "%s: bad %s id '%s'\n", argv[0], what, args[0]);
        return 1;
    }
    if (sh_parse_rid(argv[0], args[1], &rid) < 0)
        return 1;
    if (rid == getpid()) { // a process never gets an identity back (DESIGN §3)
        fprintf(stderr, "%s: the shell would give up its identity for good; not done\n",
                argv[0]);
        return 1;
    }
    if (change(rid, (int)id, flag) < 0)
        return sh_perror(argv[0], errno);
    return 0;
}

/* changeoid OID RID [-r]: hand a resource (with -r: also its parts) to owner OID.
 * A process changes owner (and group) only by the system owner's hand. */
int
sh_cmd_changeoid(int argc, char **argv)
{
    return change_id(argc, argv, "owner", changeoid);
}

/* changegid GID RID [-r]: put a resource (with -r: also its parts) in group GID. */
int
sh_cmd_changegid(int argc, char **argv)
{
    return change_id(argc, argv, "group", changegid);
}

/* reclaim OID: the system owner takes back everything owner OID holds. */
int
sh_cmd_reclaim(int argc, char **argv)
{
    long oid;
    int n;

    if (argc != 2)
        return sh_usage("reclaim OID");
    if (sh_parse_num(argv[1], &oid) < 0 || oid <= 1 || oid > 0xffff) {
        fprintf(stderr, "reclaim: bad owner id '%s'\n", argv[1]);
        return 1;
    }
    if ((n = resreclaim((int)oid)) < 0)
        return sh_perror("reclaim", errno);
    printf("reclaimed %d resources of owner %ld\n", n, oid);
    return 0;
}

/*
 * user/bin/sh/builtins.c - the table of builtin commands, and the builtins
 * that concern the shell itself: help, exit, wait, jobs.
 *
 * A command whose first word is in the table runs inside the shell (unless
 * written with `run` or `@VM`); any other word names a program in /bin.
 * The HVS builtins live in hvs.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user/bin/sh/sh.h"

static int cmd_help(int argc, char **argv);

static int
cmd_exit(int argc, char **argv)
{
    long code = sh_exit_code(sh_status);

    if (argc > 2 || (argc == 2 && sh_parse_num(argv[1], &code) < 0))
        return sh_usage("exit [N]");
    exit((int)code);
}

static int
cmd_wait(int argc, char **argv)
{
    long pid = 0;

    if (argc > 2 || (argc == 2 && (sh_parse_num(argv[1], &pid) < 0 || pid <= 0)))
        return sh_usage("wait [PID]");
    return sh_jobs_wait((rid_t)pid);
}

static int
cmd_jobs(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return sh_usage("jobs");
    sh_jobs_list();
    return 0;
}

static const struct builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help;
} builtins[] = {
    {"help", cmd_help, "help", "this list"},
    {"exit", cmd_exit, "exit [N]", "leave the shell with status N (default $?)"},
    {"wait", cmd_wait, "wait [PID]", "wait for a background job (default: all)"},
    {"jobs", cmd_jobs, "jobs", "list background jobs"},
    {"mv", sh_cmd_mv, "mv PID VM", "move a process into space VM (procmove)"},
    {"vmcreate", sh_cmd_vmcreate, "vmcreate NAME [MODE]", "create an empty virtual space"},
    {"rm", sh_cmd_rm, "rm RID", "delete a resource"},
    {"kill", sh_cmd_kill, "kill PID", "delete a process"},
    {"chmod", sh_cmd_chmod, "chmod MODE RID", "change a resource's mode (changemod)"},
    {"chown", sh_cmd_chown, "chown OID RID [-r]", "change the owner (-r: also its parts)"},
    {"chgrp", sh_cmd_chgrp, "chgrp GID RID [-r]", "change the group (-r: also its parts)"},
    {"reclaim", sh_cmd_reclaim, "reclaim OID", "delete everything owner OID holds (system owner)"},
};

#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int
cmd_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    puts("builtins:");
    for (size_t i = 0; i < NBUILTINS; i++)
        printf("  %-22s %s\n", builtins[i].usage, builtins[i].help);
    puts("programs (/bin):\n"
         "  PROG ARGS [&]          run PROG in a new space (& : in the background)\n"
         "  run [@VM] PROG ARGS    run PROG in space VM (rid, name or . for this one)\n"
         "  ps, vms, res [TYPE]    list processes, spaces, resources\n"
         "  echo, true, false, sleepy [-y] [N], memhog [KIB] [SECONDS]\n"
         "syntax: \"quotes\", $? (last status), a; b, a && b, a || b, # comment\n"
         "rids: decimal, 0x hex or a name (sleepy.1); MODE: 0x7d21 or RMDAC/R..A./R.... (owner/group/other)\n"
         "keys: arrows (history, cursor), Backspace, Ctrl-U kill line, Ctrl-C abandon line");
    return 0;
}

/*
 * Run argv as a builtin if argv[0] names one: returns 1 and stores the
 * builtin's status (0 success, 1 failure, 2 misuse) in *status; returns 0
 * if it is not a builtin.
 */
int
sh_builtin(int argc, char **argv, int *status)
{
    for (size_t i = 0; i < NBUILTINS; i++) {
        if (strcmp(argv[0], builtins[i].name) == 0) {
            *status = builtins[i].fn(argc, argv);
            return 1;
        }
    }
    return 0;
}

/*
 * user/bin/sh/sh.h - what the shell's files share (the shell only).
 *
 * main.c reads and runs lines, jobs.c starts and waits for programs,
 * builtins.c holds the command table and the job builtins, hvs.c the HVS and
 * resource builtins, errors.c the error messages. parse.c and lineedit.c are
 * pure and have their own headers.
 */
#ifndef USER_BIN_SH_SH_H
#define USER_BIN_SH_SH_H

#include <tender.h>

#include "user/bin/sh/parse.h"
#include "user/bin/sh/status.h"

/* mode of the processes and spaces the shell creates: nothing for group or
 * others unless asked (chmod) */
#define SH_MODE_DEFAULT RCC_OWNER(RCC_ALL)

extern int sh_status; /* status of the last command: what $? shows */

/* main.c */
int sh_run_line(const char *line);

/* builtins.c */
int sh_builtin(int argc, char **argv, int *status);

/* jobs.c */
rid_t sh_spawn(const char *prog, char *const argv[], rid_t vmid, char name[RES_NAME_MAX]);
int sh_wait(rid_t pid, const char *name);
void sh_job_add(rid_t pid, const char *name, const int files[2]);
void sh_jobs_reap(void);
int sh_jobs_wait(rid_t pid);
void sh_jobs_list(void);
int sh_exit_code(int status);

/* files.c */
int sh_redirect(const struct sh_cmd *c, int files[2], int saved[2]);
void sh_restore(int saved[2]);
int sh_cmd_cd(int argc, char **argv);
int sh_cmd_pwd(int argc, char **argv);
int sh_cmd_halt(int argc, char **argv);

/* hvs.c */
int sh_resolve_vm(const char *s, rid_t *vmid);
int sh_parse_rid(const char *cmd, const char *s, rid_t *out);

/* the programs in /bin, from their tender_help() calls (tools/proglist.sh) */
struct sh_program {
    const char *name, *usage, *what;
};
int sh_cmd_procmove(int argc, char **argv);
int sh_cmd_vmcreate(int argc, char **argv);
int sh_cmd_resrm(int argc, char **argv);
int sh_cmd_changemod(int argc, char **argv);
int sh_cmd_changeoid(int argc, char **argv);
int sh_cmd_changegid(int argc, char **argv);
int sh_cmd_reclaim(int argc, char **argv);
int sh_cmd_kill(int argc, char **argv);

/* errors.c */
const char *sh_errname(int err);
int sh_perror(const char *what, int err);
int sh_usage(const char *usage);

#endif

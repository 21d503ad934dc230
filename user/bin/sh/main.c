/*
 * user/bin/sh/main.c - the Tender shell: reads command lines and runs them.
 *
 *     sh                 interactive on the console: prompt "tender$ ",
 *                        line editing and history (lineedit.c); ends at end
 *                        of input (read returns 0, or Ctrl-D on an empty line)
 *     sh -c LINE...      runs one line (the words after -c, joined by
 *                        blanks) and exits with its status
 *
 * A line is parsed completely first (parse.c), so a syntax error runs
 * nothing; then its commands run in order, the stages of a pipeline
 * (`a | b | c`) at once, joined by pipes, $? the last stage's: builtins
 * (builtins.c, hvs.c) in the shell, everything else as a program (jobs.c).
 * An interactive shell ignores SIGINT: Ctrl-C interrupts the program in the
 * foreground (the kernel sends SIGINT to it and what it started), and at
 * the prompt, where there is none, only clears the line. `sh -c` keeps
 * SIGINT's default, so Ctrl-C ends a script run in the foreground with its
 * program.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#include "user/bin/sh/lineedit.h"
#include "user/bin/sh/sh.h"

#define PROMPT "tender$ "

int sh_status; // $?

static struct le editor; // with the history: too big for a small stack

/*
 * Start one parsed command with its redirections (files and saved: as
 * sh_redirect's; the caller restores and closes them). A builtin runs here;
 * a program is started and its pid stored in *pid, its resource name in
 * name. Returns the $? value of what ran or failed to start (*pid 0), or 0
 * with *pid > 0.
 */
static int
start_cmd(struct sh_cmd *c, rid_t *pid, char name[RES_NAME_MAX], int files[2], int saved[2])
{
    rid_t vmid = 0;
    int status;

    *pid = 0;
    if (sh_redirect(c, files, saved) < 0)
        return 1;
    if (!c->run && sh_builtin(c->argc, c->argv, &status)) {
        if (c->background)
            fprintf(stderr, "sh: %s is a builtin: it ran in the foreground\n", c->argv[0]);
        return status;
    }
    if (c->vm != NULL && sh_resolve_vm(c->vm, &vmid) != 0)
        return 1;
    *pid = sh_spawn(c->argv[0], c->argv, vmid, name);
    if (*pid == -ENOENT) {
        fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
        *pid = 0;
        return 127;
    }
    if (*pid < 0) {
        sh_perror(c->argv[0], *pid);
        *pid = 0;
        return 126;
    }
    return 0;
}

static void
close_files(int files[2])
{
    for (int k = 0; k < 2; k++)
        if (files[k] >= 0)
            close(files[k]);
}

/* run one parsed command with its redirections; returns its $? value */
static int
run_cmd(struct sh_cmd *c)
{
    char name[RES_NAME_MAX];
    int status, files[2], saved[2];
    rid_t pid;

    status = start_cmd(c, &pid, name, files, saved);
    sh_restore(saved);
    if (pid > 0 && c->background) {
        sh_job_add(pid, name, files); // it closes them when the job is reaped
        return 0;
    }
    if (pid > 0)
        status = sh_wait(pid, name);
    close_files(files);
    return status;
}

#define PIPE_STAGES 8 /* commands of one pipeline */

/* Make *to (0 or 1) a copy of from for a while, saving the old one in *saved
 * (close-on-exec: ours alone). Returns 0 or -1. */
static int
wire(int from, int to, int *saved)
{
    fflush(stdout);
    if ((*saved = fcntl(to, F_DUPFD_CLOEXEC, 0)) < 0 || dup2(from, to) < 0)
        return -1;
    return 0;
}

static void
unwire(int to, int *saved)
{
    fflush(stdout);
    if (*saved >= 0) {
        dup2(*saved, to);
        close(*saved);
    }
    *saved = -1;
}

/*
 * Run the pipeline cmds[0] | ... | cmds[n-1]: every stage at once, each its
 * own process (a builtin runs in the shell, into the pipe), stage i's
 * standard output a pipe to stage i + 1's standard input (a stage's own
 * redirections apply over these). The shell's ends are close-on-exec, so a
 * stage holds only its own and a reader sees end of file when its writer
 * ends. Waits for every stage, or, when the last ended with `&`, makes each
 * a job. Returns the last stage's $? value.
 */
static int
run_pipeline(struct sh_cmd *cmds, int n)
{
    struct {
        rid_t pid;
        char name[RES_NAME_MAX];
        int files[2];
    } st[PIPE_STAGES];
    int in = -1, status = 0, bg = cmds[n - 1].background;

    for (int i = 0; i < n; i++) {
        int fd[2] = {-1, -1}, saved[2] = {-1, -1}, rsaved[2] = {-1, -1};
        st[i].pid = 0;
        st[i].files[0] = st[i].files[1] = -1;
        if (i < n - 1 && pipe(fd) < 0) {
            status = sh_perror("pipe", errno);
            break;
        }
        if (fd[0] >= 0) {
            fcntl(fd[0], F_SETFD, FD_CLOEXEC);
            fcntl(fd[1], F_SETFD, FD_CLOEXEC);
        }
        if ((in >= 0 && wire(in, 0, &saved[0]) < 0) ||
            (fd[1] >= 0 && wire(fd[1], 1, &saved[1]) < 0))
            status = sh_perror("pipe", errno);
        else
            status = start_cmd(&cmds[i], &st[i].pid, st[i].name, st[i].files, rsaved);
        sh_restore(rsaved);
        unwire(0, &saved[0]);
        unwire(1, &saved[1]);
        if (in >= 0)
            close(in);
        if (fd[1] >= 0)
            close(fd[1]);
        in = fd[0];
    }
    if (in >= 0)
        close(in);
    for (int i = 0; i < n; i++) {
        if (st[i].pid > 0 && bg) {
            sh_job_add(st[i].pid, st[i].name, st[i].files);
            continue;
        }
        if (st[i].pid > 0) {
            int s = sh_wait(st[i].pid, st[i].name);
            if (i == n - 1)
                status = s;
        }
        close_files(st[i].files);
    }
    return bg ? 0 : status;
}

/*
 * Parse and run every command of line, updating sh_status ($?) after each;
 * after `a && b` b runs only if a succeeded, after `a || b` only if it failed
 * (a skipped command keeps the status, as in sh). A syntax error anywhere
 * runs nothing and sets status 2. Returns sh_status.
 */
int
sh_run_line(const char *line)
{
    static struct sh_cmd cmds[PIPE_STAGES];
    const char *p = line;
    int r, skip = 0, n = 0;

    while ((r = sh_parse(&p, sh_status, &cmds[0])) > 0)
        continue; // syntax check only
    p = line;
    while (r == 0 && (r = sh_parse(&p, sh_status, &cmds[n])) > 0) {
        struct sh_cmd *cmd = &cmds[n];
        r = 0;
        if (cmd->next == SH_NEXT_PIPE) { // a stage: the pipeline runs when its last is read
            if (++n == PIPE_STAGES) {
                fprintf(stderr, "sh: more than %d commands in a pipeline\n", PIPE_STAGES);
                sh_status = 2;
                return sh_status;
            }
            continue;
        }
        if (!skip)
            sh_status = n ? run_pipeline(cmds, n + 1) : run_cmd(cmd);
        skip = (cmd->next == SH_NEXT_AND && sh_status != 0) ||
               (cmd->next == SH_NEXT_OR && sh_status == 0);
        n = 0;
    }
    if (r < 0) {
        fprintf(stderr, "sh: %s\n", sh_parse_error(r));
        sh_status = 2;
    }
    return sh_status;
}

/* read one line into editor.buf, echoing; returns LE_DONE, LE_CANCEL or LE_EOF */
static int
read_line(struct le *e)
{
    le_begin(e);
    for (;;) {
        char c;
        int r;

        if (read(0, &c, 1) <= 0)
            return LE_EOF;
        r = le_feed(e, (unsigned char)c);
        if (e->outlen > 0)
            write(1, e->out, (size_t)e->outlen);
        if (r != LE_MORE)
            return r;
    }
}

static int
interactive(void)
{
    le_init(&editor);
    for (;;) {
        sh_jobs_reap();
        fputs(PROMPT, stdout);
        fflush(stdout);
        switch (read_line(&editor)) {
        case LE_EOF:
            putchar('\n');
            if (editor.len > 0) // input ended without a newline: run what came
                sh_run_line(editor.buf);
            return sh_exit_code(sh_status);
        case LE_CANCEL:
            break;
        default:
            sh_run_line(editor.buf);
            break;
        }
    }
}

/* `sh -c WORDS...`: join the words with blanks and run them as one line */
static int
run_words(int n, char **words)
{
    size_t len = 1;
    char *line;

    for (int i = 0; i < n; i++)
        len += strlen(words[i]) + 1;
    if ((line = malloc(len)) == NULL) {
        fputs("sh: out of memory\n", stderr);
        return 1;
    }
    line[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i > 0)
            strcat(line, " ");
        strcat(line, words[i]);
    }
    sh_run_line(line);
    free(line);
    return sh_exit_code(sh_status);
}

/* sh [-c LINE...]: see the top of this file. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "sh [-c LINE]", "the shell"))
        return 0;
    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fputs("usage: sh [-c LINE]\n", stderr);
            return 2;
        }
        return run_words(argc - 2, argv + 2);
    }
    if (argc > 1) {
        fputs("usage: sh [-c LINE]\n", stderr);
        return 2;
    }
    signal(SIGINT, SIG_IGN); // Ctrl-C interrupts the foreground program, never this shell
    return interactive();
}

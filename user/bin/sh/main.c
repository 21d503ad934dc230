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
 * nothing; then its commands run in order: builtins (builtins.c, hvs.c) in
 * the shell, everything else as a program (jobs.c). An interactive shell
 * ignores SIGINT: Ctrl-C interrupts the program in the foreground (the
 * kernel sends SIGINT to it and what it started), and at the prompt, where
 * there is none, only clears the line. `sh -c` keeps SIGINT's default, so
 * Ctrl-C ends a script run in the foreground with its program.
 */
#include <errno.h>
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

/* run one parsed command with its redirections; returns its $? value */
static int
run_cmd(struct sh_cmd *c)
{
    char name[RES_NAME_MAX];
    rid_t vmid = 0, pid;
    int status, files[2], saved[2];

    if (sh_redirect(c, files, saved) < 0)
        return 1;
    if (!c->run && sh_builtin(c->argc, c->argv, &status)) {
        if (c->background)
            fprintf(stderr, "sh: %s is a builtin: it ran in the foreground\n", c->argv[0]);
        goto done;
    }
    if (c->vm != NULL && sh_resolve_vm(c->vm, &vmid) != 0) {
        status = 1;
        goto done;
    }
    pid = sh_spawn(c->argv[0], c->argv, vmid, name);
    if (pid < 0) {
        if (pid == -ENOENT) {
            fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
            status = 127;
        } else {
            sh_perror(c->argv[0], pid);
            status = 126;
        }
        goto done;
    }
    if (c->background) {
        sh_restore(saved);
        sh_job_add(pid, name, files); // it closes them when the job is reaped
        return 0;
    }
    status = sh_wait(pid, name);
done:
    sh_restore(saved);
    for (int k = 0; k < 2; k++)
        if (files[k] >= 0)
            close(files[k]);
    return status;
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
    static struct sh_cmd cmd;
    const char *p = line;
    int r, skip = 0;

    while ((r = sh_parse(&p, sh_status, &cmd)) > 0)
        continue; // syntax check only
    p = line;
    while (r == 0 && (r = sh_parse(&p, sh_status, &cmd)) > 0) {
        if (!skip)
            sh_status = run_cmd(&cmd);
        skip = (cmd.next == SH_NEXT_AND && sh_status != 0) ||
               (cmd.next == SH_NEXT_OR && sh_status == 0);
        r = 0;
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

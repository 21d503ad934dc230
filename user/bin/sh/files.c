/*
 * user/bin/sh/files.c - the shell and files: redirections (`<`, `>`, `>>`)
 * and the builtins cd, pwd and halt.
 *
 * A redirection opens its file in the shell, then makes it the shell's own
 * descriptor 0 or 1 (dup2) while the command starts: a builtin writes into
 * it directly, and a program inherits it, because a child copies the
 * parent's descriptors at proccreate (user/lib/file.c). Afterwards the
 * shell's own descriptors are put back (sh_restore) and the file closed,
 * or, for a background job, kept open until the job is reaped.
 * halt ends the shell with TENDER_HALT_STATUS, which tells init to shut the
 * file server down cleanly and stop the machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user/bin/sh/sh.h"

static int
redirect_one(const char *path, int flags, int target, int *file, int *saved)
{
    int fd = open(path, flags, 0644);

    if (fd < 0) {
        fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
        return -1;
    }
    fflush(target == 1 ? stdout : NULL);
    *saved = fcntl(target, F_DUPFD_CLOEXEC, 0); // ours alone: no child gets it
    if (*saved < 0 || dup2(fd, target) < 0) {
        fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
        if (*saved >= 0)
            close(*saved);
        *saved = -1;
        close(fd);
        return -1;
    }
    *file = fd;
    return 0;
}

/* Open c's redirections and put them in place as descriptors 0 and 1:
 * files[] are the opened files, saved[] the shell's own 0 and 1 (-1 where
 * nothing was redirected). Returns 0, or -1 after a message (nothing is
 * left redirected then). */
int
sh_redirect(const struct sh_cmd *c, int files[2], int saved[2])
{
    files[0] = files[1] = saved[0] = saved[1] = -1;
    if (c->in && redirect_one(c->in, O_RDONLY, 0, &files[0], &saved[0]) < 0)
        return -1;
    if (c->out && redirect_one(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 1,
                               &files[1], &saved[1]) < 0) {
        sh_restore(saved);
        if (files[0] >= 0)
            close(files[0]);
        return -1;
    }
    return 0;
}

/* Put the shell's own descriptors 0 and 1 back after sh_redirect. */
void
sh_restore(int saved[2])
{
    fflush(stdout); // what a builtin printed belongs to the redirected file
    for (int k = 0; k < 2; k++) {
        if (saved[k] < 0)
            continue;
        dup2(saved[k], k);
        close(saved[k]);
        saved[k] = -1;
    }
}

/* cd [DIR]: change the working directory (no DIR: the root). */
int
sh_cmd_cd(int argc, char **argv)
{
    if (argc > 2)
        return sh_usage("cd [DIR]");
    if (chdir(argc == 2 ? argv[1] : "/") < 0) {
        fprintf(stderr, "cd: %s: %s\n", argc == 2 ? argv[1] : "/", strerror(errno));
        return 1;
    }
    return 0;
}

/* pwd: print the working directory. */
int
sh_cmd_pwd(int argc, char **argv)
{
    char dir[1024];

    (void)argv;
    if (argc != 1)
        return sh_usage("pwd");
    if (!getcwd(dir, sizeof(dir)))
        return sh_perror("pwd", errno);
    puts(dir);
    return 0;
}

/* halt: end the shell so that init stops the machine after a clean shutdown. */
int
sh_cmd_halt(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return sh_usage("halt");
    sh_jobs_wait(0);
    puts("halting: writing the file cache to the disk");
    fflush(stdout);
    exit(TENDER_HALT_STATUS);
}

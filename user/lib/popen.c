/*
 * user/lib/popen.c - popen, pclose and system: commands run by the shell,
 * /bin/sh -c, as processes made with proccreate (there is no fork).
 *
 * Model: popen makes a pipe (file.c's pipe), puts the child's end where the
 * command reads (mode "w": its stdin) or writes ("r": its stdout) around one
 * proccreate, and keeps its own end close-on-exec, so no later child holds
 * it (a reader would never see end of file); the stream and the child's pid
 * go into a small table that pclose reads. system and pclose wait for the
 * shell and return its status in POSIX's encoding, as newlib's sys/wait.h
 * macros read it: an exit code in bits 8..15, or the signal that would have
 * ended it on Unix in bits 0..6 (killed: SIGKILL; Ctrl-C: SIGINT; a CPU
 * exception: SIGFPE for a divide error, else SIGSEGV).
 * Invariant: a popen entry's stream is open and its pid is our child until
 * pclose.
 * Entry points: popen, pclose, system.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#define SH_PATH "/bin/sh"
#define POPEN_MAX 8
#define SPAWN_MODE (RCC_OWNER(RCC_ALL) | RCC_GROUP(RCC_REF) | RCC_OTHER(RCC_REF))

static struct {
    FILE *f;
    rid_t pid;
} popens[POPEN_MAX];

/* procwait's status in POSIX's encoding (see the top of this file). */
static int
posix_status(int raw)
{
    if (PROC_EXITED(raw))
        return PROC_EXITCODE(raw) << 8;
    if (raw & PROC_STATUS_INTR)
        return SIGINT;
    if (raw & 0x1000)
        return (raw & 0xff) == 0 ? SIGFPE : SIGSEGV;
    return SIGKILL;
}

/* Run /bin/sh -c cmd with descriptor `fd` of ours as its descriptor `as`
 * (fd < 0: none moved). Returns its pid or -1 with errno. */
static rid_t
spawn_sh(const char *cmd, int fd, int as)
{
    char *argv[] = {"sh", "-c", (char *)cmd, NULL};
    int saved = -1, err;
    rid_t pid;

    fflush(NULL); // what we printed comes before what it prints
    if (fd >= 0 && fd != as) {
        saved = fcntl(as, F_DUPFD_CLOEXEC, 0);
        if (dup2(fd, as) < 0)
            return -1;
    }
    pid = proccreate("", SH_PATH, argv, 0, SPAWN_MODE);
    err = errno;
    if (fd >= 0 && fd != as) {
        if (saved >= 0) {
            dup2(saved, as);
            close(saved);
        } else {
            close(as);
        }
    }
    errno = err;
    return pid;
}

/* Run cmd with the shell, its stdout ("r") or stdin ("w") a pipe to the
 * stream returned. NULL with errno: EINVAL (mode), EMFILE (no free entry or
 * descriptors), or what pipe, proccreate or fdopen said. */
FILE *
popen(const char *cmd, const char *mode)
{
    int fds[2], slot = -1, mine, theirs;
    rid_t pid;
    FILE *f;

    if (!mode || (strcmp(mode, "r") != 0 && strcmp(mode, "w") != 0)) {
        errno = EINVAL;
        return NULL;
    }
    for (int i = 0; i < POPEN_MAX && slot < 0; i++)
        if (!popens[i].f)
            slot = i;
    if (slot < 0) {
        errno = EMFILE;
        return NULL;
    }
    if (pipe(fds) < 0)
        return NULL;
    mine = mode[0] == 'r' ? fds[0] : fds[1];
    theirs = mode[0] == 'r' ? fds[1] : fds[0];
    fcntl(mine, F_SETFD, FD_CLOEXEC);
    pid = spawn_sh(cmd, theirs, mode[0] == 'r' ? STDOUT_FILENO : STDIN_FILENO);
    close(theirs);
    if (pid < 0 || !(f = fdopen(mine, mode))) {
        int err = errno;
        close(mine);
        if (pid > 0)
            procwait(pid, NULL);
        errno = err;
        return NULL;
    }
    popens[slot].f = f;
    popens[slot].pid = pid;
    return f;
}

/* Close a stream popen made and wait for its command. Returns its status
 * (as system's), or -1 with errno ECHILD (not popen's stream). */
int
pclose(FILE *f)
{
    int raw;

    for (int i = 0; i < POPEN_MAX; i++) {
        if (f && popens[i].f == f) {
            rid_t pid = popens[i].pid;
            popens[i].f = NULL;
            fclose(f);
            if (procwait(pid, &raw) < 0)
                return -1;
            return posix_status(raw);
        }
    }
    errno = ECHILD;
    return -1;
}

/* Run cmd with /bin/sh -c and wait for it. Returns its status in POSIX's
 * encoding (WEXITSTATUS 127: the shell could not be started); system(NULL)
 * is 1, a shell being there. */
int
system(const char *cmd)
{
    rid_t pid;
    int raw;

    if (!cmd)
        return 1;
    if ((pid = spawn_sh(cmd, -1, 0)) < 0)
        return 127 << 8;
    if (procwait(pid, &raw) < 0)
        return -1;
    return posix_status(raw);
}

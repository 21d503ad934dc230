/*
 * user/bin/sh/jobs.c - starting programs, waiting for them, background jobs.
 *
 * A program runs as a new process made with proccreate: the path is the word
 * as typed if it holds a '/', else the first DIR/word that proccreate can
 * start for each DIR of $PATH in turn (init sets PATH=/bin:/usr/bin: /bin
 * is the boot image, the rest files on the disk; an empty entry is the
 * working directory; no PATH: /bin). A directory without the program
 * (ENOENT, ENOTDIR) or denying it (EACCES) passes the search on; EACCES is
 * reported if nothing was found, as POSIX shells do. The process's resource
 * name is "<program>.<n>" with a shell-wide counter, skipping names another
 * process already holds (-EEXIST). Background processes go into a small job
 * table; before each prompt the shell reaps those that became zombies and
 * reports them, so none lingers. A background job started with redirected
 * input or output keeps the shell's descriptors of those files open until
 * it is reaped: the child takes them over (user/lib/file.c) from them.
 *
 * Status values: $? is the exit code of a process that called exit, else
 * 128 + the vector of its fault or the signal that ended it (status.c; as
 * in Unix).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "user/bin/sh/sh.h"

#define JOBS_MAX 16
#define PATH_MAX 128
#define NAME_BASE_MAX 20 // room for ".<n>" within RES_NAME_MAX
#define NAME_TRIES 100   // names to try before giving up on -EEXIST

struct job {
    rid_t pid; // 0: free entry
    char name[RES_NAME_MAX];
    int files[2]; // redirected input and output the job inherits, -1 if none
};

static struct job jobs[JOBS_MAX];
static unsigned name_seq;

/*
 * Create the process for program prog with arguments argv (argv[0] first,
 * NULL-terminated) in space vmid (0: a new space), mode SH_MODE_DEFAULT, and
 * store its resource name in name. Returns its pid, or a negative errno
 * (-ENOENT: no such program).
 */
static rid_t
spawn_path(const char *path, const char *base, char *const argv[], rid_t vmid,
           char name[RES_NAME_MAX])
{
    rid_t pid = -EEXIST;

    for (int i = 0; i < NAME_TRIES && pid == -EEXIST; i++) {
        snprintf(name, RES_NAME_MAX, "%.*s.%u", NAME_BASE_MAX, base, ++name_seq);
        pid = proccreate(name, path, argv, vmid, SH_MODE_DEFAULT);
    }
    return pid;
}

rid_t
sh_spawn(const char *prog, char *const argv[], rid_t vmid, char name[RES_NAME_MAX])
{
    const char *base = strrchr(prog, '/') != NULL ? strrchr(prog, '/') + 1 : prog;
    const char *dirs = getenv("PATH");
    char path[PATH_MAX];
    rid_t pid, err = -ENOENT;

    if (strchr(prog, '/') != NULL) {
        if (strlen(prog) >= sizeof(path))
            return -ENAMETOOLONG;
        return spawn_path(prog, base, argv, vmid, name);
    }
    if (!dirs)
        dirs = "/bin";
    for (const char *d = dirs;; d++) {
        const char *end = strchr(d, ':');
        int len = end ? (int)(end - d) : (int)strlen(d);
        if (snprintf(path, sizeof(path), "%.*s%s%s", len, d, len ? "/" : "", prog) <
            (int)sizeof(path)) {
            pid = spawn_path(path, base, argv, vmid, name);
            if (pid >= 0 || (pid != -ENOENT && pid != -ENOTDIR && pid != -EACCES))
                return pid;
            if (pid == -EACCES)
                err = pid;
        }
        if (!end)
            return err;
        d = end;
    }
}

/* The exit code (0..255) the shell ends with when $? is status. */
int
sh_exit_code(int status)
{
    return status & 0xff;
}

/* say how a process ended unless it simply exited */
static void
report_end(const char *name, int raw)
{
    char words[48];

    if (sh_status_words(raw, words, sizeof(words)))
        fprintf(stderr, "%s: %s\n", name, words);
}

/*
 * Wait for process pid (a child of the shell) to end, as the console's
 * foreground process, which Ctrl-C interrupts; says so on stderr if it
 * faulted or was killed. Returns its $? value, or 1 if procwait failed.
 */
int
sh_wait(rid_t pid, const char *name)
{
    int raw, err;

    consfg(pid); // Ctrl-C now ends it (and what it started), not the shell
    err = procwait(pid, &raw);
    consfg(0);
    if (err < 0)
        return sh_perror("wait", errno);
    report_end(name, raw);
    return sh_status_code(raw);
}

/* Remember background process pid (resource name `name`) and print "[pid]";
 * files[0..1] are descriptors to close when it is reaped (-1: none). */
void
sh_job_add(rid_t pid, const char *name, const int files[2])
{
    printf("[%d]\n", pid);
    for (int i = 0; i < JOBS_MAX; i++) {
        if (jobs[i].pid == 0) {
            jobs[i].pid = pid;
            snprintf(jobs[i].name, sizeof(jobs[i].name), "%s", name);
            jobs[i].files[0] = files[0];
            jobs[i].files[1] = files[1];
            return;
        }
    }
    fprintf(stderr, "sh: job table full: `wait %d` to reap it\n", pid);
    sh_wait(pid, name); // so its files can be closed
    for (int k = 0; k < 2; k++)
        if (files[k] >= 0)
            close(files[k]);
}

/* wait for job j and report it as done; returns its $? value */
static int
job_finish(struct job *j)
{
    int raw, status;

    if (procwait(j->pid, &raw) < 0) {
        status = sh_perror(j->name, errno);
    } else {
        status = sh_status_code(raw);
        report_end(j->name, raw);
        printf("[%d] done  %s  status %d\n", j->pid, j->name, status);
    }
    for (int k = 0; k < 2; k++)
        if (j->files[k] >= 0)
            close(j->files[k]);
    j->pid = 0;
    return status;
}

/* Reap, without blocking, every background job that has ended, and report it. */
void
sh_jobs_reap(void)
{
    struct res_info info;

    for (int i = 0; i < JOBS_MAX; i++) {
        if (jobs[i].pid == 0)
            continue;
        if (resinfo(jobs[i].pid, &info) == 0) {
            if (info.u.proc.state == PROC_ZOMBIE)
                job_finish(&jobs[i]);
        } else if (errno == ENOENT) {
            job_finish(&jobs[i]); // already freed: procwait returns or fails at once
        }
    }
}

/*
 * Wait for background job pid, or for every job when pid is 0; a pid that is
 * not in the job table is waited for directly. Returns the $? value of the
 * last one waited for (0 if none).
 */
int
sh_jobs_wait(rid_t pid)
{
    int status = 0;

    for (int i = 0; i < JOBS_MAX; i++) {
        if (jobs[i].pid != 0 && (pid == 0 || jobs[i].pid == pid)) {
            status = job_finish(&jobs[i]);
            if (pid != 0)
                return status;
        }
    }
    return pid == 0 ? status : sh_wait(pid, "wait");
}

/* Print one line per background job: pid, state and name. */
void
sh_jobs_list(void)
{
    static const char *const states[] = {"?", "ready", "running", "blocked", "zombie"};
    struct res_info info;

    for (int i = 0; i < JOBS_MAX; i++) {
        const char *state = "gone";

        if (jobs[i].pid == 0)
            continue;
        if (resinfo(jobs[i].pid, &info) == 0)
            state = info.u.proc.state >= PROC_READY && info.u.proc.state <= PROC_ZOMBIE
                        ? states[info.u.proc.state]
                        : "?";
        printf("[%d] %-8s %s\n", jobs[i].pid, state, jobs[i].name);
    }
}

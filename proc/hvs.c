/*
 * The HVS system calls (DESIGN §4, the paper's Table 1) and the process
 * calls around them. Each handler validates its arguments, goes through
 * res_get for every rid with the right DESIGN §3 names, then commits.
 *   vmcreate                      -: creates a space owned by the caller
 *   proccreate(.., vmid)          ATT on the space (vmid 0: a new transient space)
 *   proccreatewin(args)           the same, for a program whose file the caller
 *                                 has mapped from the file server's window
 *   procmove(pid, vmid)           MOD on the process, ATT on the space
 *   getvmid(pid)                  REF on the process
 *   procwait(pid)                 the caller must be the parent (-ECHILD)
 * Public: the sys_ handlers below.
 */
#include <stddef.h>

#include "kernel/abi/errno.h"
#include "kernel/config.h"
#include "kernel/rcc.h"
#include "kernel/string.h"
#include "kernel/syscall.h"
#include "kernel/usercopy.h"
#include "mm/mem.h"
#include "mm/vregion.h"
#include "mm/vspace.h"
#include "mm/vwin.h"
#include "proc/loader.h"
#include "proc/proc.h"
#include "proc/sched.h"

#define PATH_MAX_LEN 128

/* Create an empty space named name with mode mod, owned by the caller.
 * Returns its rid, -EFAULT, -EINVAL (mode), -EEXIST, -ENFILE, -ENOMEM. */
int
sys_vmcreate(struct proc *caller, const char *name, unsigned mod)
{
    char kname[RES_NAME_MAX];
    struct vspace *vs;
    int err = res_user_args(name, mod, kname);

    if (err < 0)
        return err;
    return vs_create(kname, caller->res.owner, caller->res.group, (uint16_t)mod, false, &vs);
}

/* Copy a NULL-terminated user argv into kernel memory: one allocation holds
 * the pointers and the strings, sized to what they are. The strings pass
 * through a scratch buffer first (the kernel is not preemptive and nothing
 * here sleeps, so one buffer serves every caller). Returns argc, -E2BIG (an
 * argument past CONFIG_ARGS_BYTES, all past CONFIG_ARGS_TOTAL, or more than
 * CONFIG_ARGS_MAX), -EFAULT or -ENOMEM. */
static int
copy_argv(char *const user_argv[], char ***out)
{
    static char scratch[CONFIG_ARGS_TOTAL];
    char *uptrs[CONFIG_ARGS_MAX + 1];
    size_t at = 0, lens[CONFIG_ARGS_MAX];
    char **kargv;
    char *strings;
    int argc, err;

    for (argc = 0;; argc++) {
        if (argc > CONFIG_ARGS_MAX)
            return -E2BIG;
        if ((err = copyin(&uptrs[argc], &user_argv[argc], sizeof(char *))) < 0)
            return err;
        if (!uptrs[argc])
            break;
    }
    for (int i = 0; i < argc; i++) {
        size_t room =
            sizeof(scratch) - at < CONFIG_ARGS_BYTES ? sizeof(scratch) - at : CONFIG_ARGS_BYTES;
        if ((err = copyinstr(scratch + at, uptrs[i], room)) < 0)
            return err == -ENAMETOOLONG ? -E2BIG : err;
        lens[i] = (size_t)err + 1;
        at += lens[i];
    }
    if (!(kargv = kmalloc((argc + 1) * sizeof(char *) + at)))
        return -ENOMEM;
    strings = (char *)(kargv + argc + 1);
    kmemcpy(strings, scratch, at);
    for (int i = 0; i < argc; i++) {
        kargv[i] = strings;
        strings += lens[i];
    }
    kargv[argc] = NULL;
    *out = kargv;
    return argc;
}

static int spawn(struct proc *caller, const char *kname, const char *kpath, char *const argv[],
                 rid_t vmid, unsigned mod, const struct loader_image *im);

/* Create a process named name running path with argv in space vmid (0: a new
 * space that goes with its last process), with mode mod. Returns the pid or
 * -EFAULT, -EINVAL, -ENOENT, -ENOEXEC, -E2BIG, -ENOMEM, -EPERM, -EEXIST, -ENFILE. */
int
sys_proccreate(struct proc *caller, const char *name, const char *path, char *const argv[],
               rid_t vmid, unsigned mod)
{
    char kname[RES_NAME_MAX], kpath[PATH_MAX_LEN];
    int err;

    if ((err = copyinstr(kname, name, sizeof(kname))) < 0 ||
        (err = copyinstr(kpath, path, sizeof(kpath))) < 0)
        return err;
    return spawn(caller, kname, kpath, argv, vmid, mod, NULL);
}

/* proccreate's work once name and path are the kernel's: the program is
 * the boot image's of that path, or im. Returns the pid or an error. */
static int
spawn(struct proc *caller, const char *kname, const char *kpath, char *const argv[], rid_t vmid,
      unsigned mod, const struct loader_image *im)
{
    char *none[] = {(char *)kpath, NULL};
    char **kargv = NULL;
    struct resource *r;
    struct vspace *vs;
    struct proc *child;
    int argc = 1, err, pid;

    if (!rcc_mode_valid(mod))
        return -EINVAL;
    if (vmid != 0) {
        if ((err = res_get(caller, vmid, RT_VSPACE, RCC_ATT, &r)) < 0)
            return err;
        vs = to_vspace(r);
    }
    if (argv && (argc = copy_argv(argv, &kargv)) < 0)
        return argc;
    if (argc == 0) { // an empty argv: the program still gets its name as argv[0]
        kfree(kargv);
        kargv = NULL;
        argc = 1;
    }
    if (vmid == 0) {
        char vsname[RES_NAME_MAX] = "@";
        kstrlcpy(vsname + 1, kname, sizeof(vsname) - 1);
        if ((err = vs_create(vsname, caller->res.owner, caller->res.group, (uint16_t)mod, true,
                             &vs)) == -EEXIST)
            err = vs_create("", caller->res.owner, caller->res.group, (uint16_t)mod, true, &vs);
        if (err < 0)
            goto out;
    }
    pid =
        proc_spawn(caller, kname, kpath, argc, kargv ? kargv : none, vs, (uint16_t)mod, im, &child);
    if (pid < 0 && vs->transient && vs->nprocs == 0)
        vs_destroy(vs);
    err = pid;
out:
    kfree(kargv);
    return err;
}

/* proccreate of a program on the disk: args (struct kprocwin) as
 * proccreate's, and the program's file, mapped whole at image in one of the
 * caller's attached windows (the file server's; its text is shown from that
 * window to every process running it, proc/loader.c). The caller may run
 * what it may read: the file server checks the execute bits (OMFS_EXEC).
 * Returns the pid, -EFAULT, -EINVAL (image not page aligned, or not inside
 * a window the caller has attached, with size bytes after it), -ENOEXEC
 * (not our ELF, or cut short), and proccreate's errors. */
int
sys_proccreatewin(struct proc *caller, const struct kprocwin *args)
{
    char kname[RES_NAME_MAX], kpath[PATH_MAX_LEN];
    struct loader_image im = {0};
    struct kprocwin a;
    int err;

    if ((err = copyin(&a, args, sizeof(a))) < 0 ||
        (err = copyinstr(kname, (const char *)(uintptr_t)a.name, sizeof(kname))) < 0 ||
        (err = copyinstr(kpath, (const char *)(uintptr_t)a.path, sizeof(kpath))) < 0)
        return err;
    if (a.image & (PAGE_SIZE - 1))
        return -EINVAL;
    if (a.size == 0)
        return -ENOEXEC;
    for (int i = 0; i < PROC_WINS && !im.win; i++) {
        struct vregion *vr = caller->wins.att[i].win;
        struct vwin *w = vr ? vr->win : NULL;
        if (!w || a.image < w->rw.base || (a.image - w->rw.base) / PAGE_SIZE >= w->npages)
            continue;
        uint32_t first = (a.image - w->rw.base) / PAGE_SIZE;
        if ((a.size + PAGE_SIZE - 1) / PAGE_SIZE > w->npages - first)
            return -EINVAL; // the file would run past the window
        im.win = vr;
        im.wfirst = first;
    }
    if (!im.win)
        return -EINVAL;
    im.size = a.size;
    return spawn(caller, kname, kpath, (char *const *)(uintptr_t)a.argv, a.vmid, a.mod, &im);
}

/* Move process pid into space vmid. Returns 0, -ENOENT (stale or unknown
 * id), -EINVAL (wrong type), -EPERM (MOD on pid, ATT on vmid), -ESRCH (the
 * process has ended) or -ENOMEM (no frame for the page tables its
 * containers need there; nothing changed). */
int
sys_procmove(struct proc *caller, rid_t pid, rid_t vmid)
{
    struct resource *p, *vs;
    int err;

    if ((err = res_get(caller, pid, RT_PROC, RCC_MOD, &p)) < 0)
        return err;
    if ((err = res_get(caller, vmid, RT_VSPACE, RCC_ATT, &vs)) < 0)
        return err;
    if (to_proc(p)->state == PROC_ZOMBIE)
        return -ESRCH;
    return proc_move(to_proc(p), to_vspace(vs));
}

/* The caller's own pid. */
int
sys_getpid(struct proc *caller)
{
    return caller->res.rid;
}

/* The space process pid lives in (0: the caller). Needs REF on the process. */
int
sys_getvmid(struct proc *caller, rid_t pid)
{
    struct resource *p;
    int err;

    if (pid == 0)
        return caller->ua.vs->res.rid;
    if ((err = res_get(caller, pid, RT_PROC, RCC_REF, &p)) < 0)
        return err;
    if (to_proc(p)->state == PROC_ZOMBIE)
        return -ESRCH;
    return to_proc(p)->ua.vs->res.rid;
}

/* Wait for child pid to end; its status goes to *status (may be NULL).
 * Returns pid, -ENOENT, -EINVAL, -ECHILD, -EINTR (a caught signal came
 * first: the child is not reaped) or -EFAULT (the child is then still
 * reaped: its status is lost, not the slot). */
int
sys_procwait(struct proc *caller, rid_t pid, int *status)
{
    struct resource *p;
    int err, st;

    if ((err = res_lookup(pid, RT_PROC, &p)) < 0)
        return err;
    st = 0;
    if (status && (err = copyout(status, &st, sizeof(st))) < 0) // probe before waiting
        return err;
    if ((err = proc_wait(caller, to_proc(p), &st)) < 0)
        return err;
    if (status && copyout(status, &st, sizeof(st)) < 0)
        return -EFAULT;
    return err;
}

/* Let the next ready process run. Returns 0. */
int
sys_yield(struct proc *caller)
{
    (void)caller;
    sched_yield();
    return 0;
}

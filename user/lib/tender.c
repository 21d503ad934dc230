/*
 * user/lib/tender.c - the HVS calls of tender.h over the generated stubs.
 *
 * Model: the calls that return a rid_t (vmcreate, proccreate, getpid,
 * getvmid, resfind) pass a negative kernel result through and set errno
 * (DESIGN §4: "rid_t; negative = -errno"); all others return -1 with errno.
 * Pointers are passed to the kernel unchanged (it checks them), except that
 * procwait substitutes a scratch word for a NULL status.
 * Entry points: every function declared in tender.h but proccreate, which
 * hands a child our descriptors and so stands above the file layer, in
 * posix.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>

#include "user/lib/libc.h"

#define W(p) ((uint32_t)(uintptr_t)(p)) // a pointer as an argument word

/* Create an empty virtual space named name with RCC mode mod. Returns its
 * rid, or -errno (errno set). */
rid_t
vmcreate(const char *name, unsigned mod)
{
    return libc_rid(sys_vmcreate(W(name), mod));
}

/* Move process pid into space vmid. Returns 0, or -1 with errno. */
int
procmove(rid_t pid, rid_t vmid)
{
    return libc_ret(sys_procmove((uint32_t)pid, (uint32_t)vmid));
}

/* Give resource rid (and its parts if flag) to owner oid. 0, or -1/errno. */
int
changeoid(rid_t rid, int oid, int flag)
{
    return libc_ret(sys_changeoid((uint32_t)rid, (uint32_t)oid, (uint32_t)flag));
}

/* Set the RCC mode of rid. Returns 0, or -1 with errno. */
int
changegid(rid_t rid, int gid, int flag)
{
    return libc_ret(sys_changegid((uint32_t)rid, (uint32_t)gid, (uint32_t)flag));
}

int
resreclaim(int oid)
{
    return libc_ret(sys_resreclaim((uint32_t)oid));
}

int
consfg(rid_t pid)
{
    return libc_ret(sys_consfg((uint32_t)pid));
}

int
ioattach(rid_t io)
{
    return libc_ret(sys_ioattach((uint32_t)io));
}

int
iodetach(rid_t io)
{
    return libc_ret(sys_iodetach((uint32_t)io));
}

int
changemod(rid_t rid, unsigned mod)
{
    return libc_ret(sys_changemod((uint32_t)rid, mod));
}

/* The caller's process id (or -errno). */
rid_t
getpid(void)
{
    return libc_rid(sys_getpid());
}

/* The space process pid is in now. Returns its rid, or -errno (errno set). */
rid_t
getvmid(rid_t pid)
{
    return libc_rid(sys_getvmid((uint32_t)pid));
}

/* Wait for child pid to end; store its PROC_STATUS_* word in *status when
 * status is not NULL. Returns pid, or -1 with errno. */
int
procwait(rid_t pid, int *status)
{
    int scratch;

    return libc_ret(sys_procwait((uint32_t)pid, W(status ? status : &scratch)));
}

/* Give the CPU to another ready process. Returns 0, or -1 with errno. */
int
yield(void)
{
    return libc_ret(sys_yield());
}

/* Look up the resource of type named name. Returns its rid, or -errno
 * (errno set). */
rid_t
resfind(int type, const char *name)
{
    return libc_rid(sys_resfind((uint32_t)type, W(name)));
}

/* Delete resource rid. Returns 0, or -1 with errno. */
int
resdelete(rid_t rid)
{
    return libc_ret(sys_resdelete((uint32_t)rid));
}

/* Fill *out with rid's description. Returns 0, or -1 with errno. */
int
resinfo(rid_t rid, struct res_info *out)
{
    return libc_ret(sys_resinfo((uint32_t)rid, W(out)));
}

/* Store up to max live rids of type above after into out, in slot order.
 * Returns the count, or -1 with errno. */
int
reslist(int type, rid_t after, rid_t *out, int max)
{
    return libc_ret(sys_reslist((uint32_t)type, (uint32_t)after, W(out), (uint32_t)max));
}

/* Fill *out with the kernel counters. Returns 0, or -1 with errno. */
int
sysstat(struct sysstat *out)
{
    return libc_ret(sys_sysstat(W(out)));
}

/* The empty system call. Returns 0, or -1 with errno. */
int
nullcall(void)
{
    return libc_ret(sys_nullcall());
}

/* Copy the boot command line's "cmd=" text into buf (n bytes). Returns the
 * kernel's count, or -1 with errno. */
int
getenvinfo(char *buf, size_t n)
{
    return libc_ret(sys_getenvinfo(W(buf), n));
}

/* Write mode in the letters the utilities print ("RMDAC/R..A./R...."). */
char *
rcc_mode_text(unsigned mode, char out[RCC_MODE_TEXT])
{
    static const char letters[] = "RMDAC";
    int k = 0;

    for (int cls = 2; cls >= 0; cls--) {
        for (int i = 0; i < 5; i++)
            out[k++] = (mode >> (5 * cls + i)) & 1 ? letters[i] : '.';
        out[k++] = cls > 0 ? '/' : '\0';
    }
    return out;
}

/* Timer ticks since boot, and the tick rate (100 Hz if the kernel cannot say). */
unsigned
tender_ticks(unsigned *hz)
{
    struct sysstat st;
    int err = sysstat(&st);

    if (hz)
        *hz = err == 0 && st.timer_hz ? st.timer_hz : 100;
    return err == 0 ? st.ticks : 0;
}

static void
put(const char *s)
{
    sys_write(1, (uint32_t)(uintptr_t)s, strlen(s));
}

/* The -h of every program (tender.h): usage and one line, then exit 0.
 * Written without stdio, so a program that prints nothing else links none. */
int
tender_help(int argc, char **argv, const char *usage, const char *what)
{
    if (argc < 2 || strcmp(argv[1], "-h") != 0)
        return 0;
    put("usage: ");
    put(usage);
    put("\n");
    put(what);
    put("\n");
    return 1;
}

rid_t
vwcreate(const char *name, size_t npages, unsigned mod)
{
    return libc_rid(sys_vwcreate(W(name), (uint32_t)npages, mod));
}

int
vwmap(rid_t win, size_t wpage, const void *src, size_t n)
{
    return libc_ret(sys_vwmap((uint32_t)win, (uint32_t)wpage, W(src), (uint32_t)n));
}

int
vwunmap(rid_t win, size_t wpage, size_t n)
{
    return libc_ret(sys_vwunmap((uint32_t)win, (uint32_t)wpage, (uint32_t)n));
}

/* The kernel answers with the window's page number (positive) or -errno. */
void *
vwattach(rid_t win, rid_t pid, unsigned prot)
{
    int32_t r = sys_vwattach((uint32_t)win, (uint32_t)pid, prot);

    if (r < 0) {
        libc_fail(r);
        return NULL;
    }
    return (void *)((uintptr_t)(uint32_t)r << 12);
}

int
vwdetach(rid_t win, rid_t pid)
{
    return libc_ret(sys_vwdetach((uint32_t)win, (uint32_t)pid));
}

int
vwdirty(rid_t win, size_t wpage, size_t n, unsigned char *bits)
{
    return libc_ret(sys_vwdirty((uint32_t)win, (uint32_t)wpage, (uint32_t)n, W(bits)));
}

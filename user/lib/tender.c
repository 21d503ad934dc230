/*
 * user/lib/tender.c - the typed calls of tender.h and ipc.h over the raw
 * stubs of sys/syscall.h, and the small helpers tender.h offers programs.
 *
 * Model: every line of kernel/abi/syscalls.def makes its typed call here,
 * unless it is marked below: the call passes its parameters as argument
 * words straight to the trap (libc_trap, as sys_<name> does) and converts the result by the line's
 * return type. A rid_t call passes a negative kernel result through and sets errno (DESIGN §4:
 * "rid_t; negative = -errno"); an int call returns -1 with errno. Calls that do more are written by
 * hand beside them: procwait (a scratch word for a NULL status), vwattach (the answer is an
 * address) and ccallr (words and answer in registers, user/lib/ccallr.asm); proccreate, which hands
 * the child our descriptors and environment first, is posix.c's: the file layer stands on this
 * file. Pointers are passed to the kernel unchanged (it checks them). Each generated call must
 * agree with its declaration in tender.h or ipc.h and must have one, or this file does not compile:
 * the list, the kernel's handlers and the API cannot drift. getentropy's line makes POSIX's
 * getentropy (declared in unistd.h). Entry points: every call declared in tender.h, ipc.h and
 * device.h but proccreate, and getentropy.
 */
#include <device.h>
#include <ipc.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>
#include <unistd.h> // getentropy (newlib declares it there, as POSIX does)

#include "sysnames.h" // each line's parameter names: tools/sysnames.sh makes it in build/
#include "user/lib/libc.h"

#define W(p) ((uint32_t)(uintptr_t)(p)) // a pointer or an integer as an argument word

/*
 * The lines of the list without a generated call, each marked `~, 1` (what
 * HAND_OF looks for): written by hand below, or reached by a POSIX name
 * (elsewhere in our library), or by the raw stub only.
 */
#define HAND_exit ~, 1       // _exit: posix.c
#define HAND_write ~, 1      // write: file.c
#define HAND_read ~, 1       // read: file.c
#define HAND_proccreate ~, 1 // posix.c: above the file layer
#define HAND_proccreatewin ~, 1 // the raw stub only: exec.c, under proccreate
#define HAND_procwait ~, 1   // below
#define HAND_sbrk ~, 1       // sbrk: posix.c
#define HAND_clockget ~, 1   // clock_gettime: time.c
#define HAND_sleepms ~, 1    // nanosleep, sleep, usleep: time.c
#define HAND_envset ~, 1     // env.c, before proccreate
#define HAND_envget ~, 1     // env.c, at start-up
#define HAND_vwattach ~, 1   // below
#define HAND_uaccess ~, 1    // the raw stub only (omf.c's writeblock)
#define HAND_proctimes ~, 1  // times, getrusage, clock: time.c
#define HAND_sigaction ~, 1  // sigaction, signal: signal.c (newlib's struct sigaction)
#define HAND_sigprocmask ~, 1 // signal.c
#define HAND_kill ~, 1        // signal.c
#define HAND_sigreturn ~, 1   // the raw stub only: sigreturn.asm's restorer traps itself
#define HAND_sigsuspend ~, 1  // sigsuspend, pause: signal.c
#define HAND_sigpending ~, 1  // signal.c
#define HAND_faultfix ~, 1   // the raw stub only: fwin.c guards its copies
#define HAND_ccallr ~, 1     // below: its words and answer travel in registers

/* 1 if line `name` is marked above, else 0 */
#define HAND_OF(name) SECOND(HAND_##name, 0, ~)
#define SECOND(...) SECOND_(__VA_ARGS__)
#define SECOND_(a, b, ...) b

/* The parameters by their count (SYSCALL_NARGS): the line's list as a
 * prototype, and the names as argument words. */
#define PROTO(params) SYSCALL_CAT(PROTO_, SYSCALL_NARGS params)(params)
#define PROTO_0(params) (void)
#define PROTO_1(params) params
#define PROTO_2 PROTO_1
#define PROTO_3 PROTO_1
#define PROTO_4 PROTO_1
#define PROTO_5 PROTO_1

/* the convention by the line's return type (libc.h) */
#define CONVENTION_int libc_ret
#define CONVENTION_rid_t libc_rid

/*
 * SYSCALL(6, int, procmove, (rid_t pid, rid_t vmid)) becomes
 *
 *     int procmove(rid_t pid, rid_t vmid)
 *     {
 *         return libc_ret(libc_trap(6, W(pid), W(vmid), 0, 0, 0));
 *     }
 *
 * A call without a declaration is an error here (-Wmissing-prototypes): a
 * new line of the list needs its line in tender.h or ipc.h, or a mark above.
 */
/* the five argument words of the trap: the named ones, then zeros */
#define TRAP_WORDS(params, names) SYSCALL_CAT(TRAP_WORDS_, SYSCALL_NARGS params) names
#define TRAP_WORDS_0() 0, 0, 0, 0, 0
#define TRAP_WORDS_1(a) W(a), 0, 0, 0, 0
#define TRAP_WORDS_2(a, b) W(a), W(b), 0, 0, 0
#define TRAP_WORDS_3(a, b, c) W(a), W(b), W(c), 0, 0
#define TRAP_WORDS_4(a, b, c, d) W(a), W(b), W(c), W(d), 0
#define TRAP_WORDS_5(a, b, c, d, e) W(a), W(b), W(c), W(d), W(e)
#define WRAPPER_1(nr, ret, name, params) // marked: no wrapper
#define WRAPPER_0(nr, ret, name, params)                                                           \
    ret name PROTO(params)                                                                         \
    {                                                                                              \
        int32_t r = libc_trap(nr, TRAP_WORDS(params, SYSCALL_NAMES_##name));                      \
        return SYSCALL_CAT(CONVENTION_, ret)(r);                                                   \
    }
#define SYSCALL(nr, ret, name, params) SYSCALL_CAT(WRAPPER_, HAND_OF(name))(nr, ret, name, params)
#pragma GCC diagnostic push
#pragma GCC diagnostic error "-Wmissing-prototypes"
#include "kernel/abi/syscalls.def"
#pragma GCC diagnostic pop
#undef SYSCALL

/* Wait for child pid to end; store its PROC_STATUS_* word in *status when
 * status is not NULL. Returns pid, or -1 with errno. */
int
procwait(rid_t pid, int *status)
{
    int scratch;

    return libc_ret(sys_procwait((uint32_t)pid, W(status ? status : &scratch)));
}

/* ccall in registers (ipc.h): m->w goes out, the answer comes back into *m.
 * Returns the container's rid, or the negative errno with errno set. */
rid_t
ccallr(rid_t box, rid_t cont, rid_t reply_box, int timeout_ms, struct creg *m)
{
    if (tender_syscall_mode == SYSCALL_SYSENTER)
        return libc_rid(ccallr_sysenter(SYS_ccallr, box, cont, reply_box, timeout_ms, m));
    return libc_rid(ccallr_int80(SYS_ccallr, box, cont, reply_box, timeout_ms, m));
}

/* The kernel answers with the window's page number (positive) or -errno.
 * Returns the window's address, or NULL with errno. */
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

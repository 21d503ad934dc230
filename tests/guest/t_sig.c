/*
 * t_sig: the in-guest suite for signals (DESIGN §8, issue 18; proc/signal.c,
 * arch/x86/signal.c, user/lib/signal.c): a handler runs and the program
 * goes on with every register and its FPU state intact, also when signals
 * come in the middle of a loop; raise; a signal raised in its own handler
 * waits, another nests; kill of a child blocked in crecv, ccall, sleep,
 * procwait, a console read or pause runs its handler and the call fails
 * with EINTR; default actions end a child with "killed by signal N";
 * SIG_IGN and default-ignored signals interrupt nothing; blocked signals
 * stay pending until unblocked, sigsuspend; SIGCHLD reaches the parent;
 * SIGKILL and SIGSTOP cannot be caught, ignored or blocked; the errors of
 * kill, sigaction and sigprocmask (EPERM across owners, ESRCH for a stale
 * pid); hostile sigreturn frames (EFLAGS with IOPL, VM, VIF or IF clear,
 * CS and SS of ring 0 or the LDT, data selectors of the kernel, the TSS or
 * the LDT, a bad FPU image, an unreadable frame, a stack that cannot take
 * the frame) end only that process, TF ends it at its next instruction,
 * and what ring 3 may change (EAX, NT) comes back; _setjmp and _longjmp
 * out of a handler; file calls (round trips to the file server) go on
 * through signals. Ctrl-C as SIGINT is the harness's session
 * (tools/guest-tests.sh, with t_sigint).
 * Helper modes (the suite runs itself with them): see helper() below.
 */
#include <errno.h>
#include <fcntl.h>
#include <ipc.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#include "kernel/abi/signal.h"
#include "tests/guest/tap.h"

#define EFLAGS_TF 0x100
#define EFLAGS_IF 0x200
#define EFLAGS_IOPL3 0x3000
#define EFLAGS_NT 0x4000
#define EFLAGS_VM 0x20000
#define EFLAGS_VIF 0x80000
#define FCW_CHOP 0x0f7f    /* every x87 exception masked, round toward zero */
#define FCW_DEFAULT 0x037f /* the clean state's */
#define KERNEL_ADDR 0xc0001000u
#define FXSAVE_MXCSR 24
#define PINGS 8 /* signals the loop case takes */
#define LOOP_ITERS 200000

static volatile sig_atomic_t got[NSIG];
static volatile int order[8], norder;

static void
on_sig(int sig)
{
    got[sig]++;
    if (norder < 8)
        order[norder++] = sig;
}

/* The frame of the signal handler this is used in: its return address is
 * the frame's first word, just above the saved frame pointer. */
static struct ksigframe *
frame_at(char *fp)
{
    struct ksigframe *f = (struct ksigframe *)(fp + 4);

    __asm__ volatile("" : "+r"(f)::"memory"); // the compiler must not know f is our argument area
    return f;
}
#define MY_FRAME() frame_at(__builtin_frame_address(0))

static int
install(int sig, void (*handler)(int))
{
    struct sigaction sa = {.sa_handler = handler, .sa_mask = 0, .sa_flags = 0};

    return sigaction(sig, &sa, NULL);
}

/* Start helper mode `mode` of this program with up to two arguments, in a
 * new space. */
static rid_t
helper_spawn(const char *mode, const char *a1, const char *a2)
{
    return tap_spawn("t_sig", mode, a1, a2, 0);
}

static int
wait_status(rid_t pid)
{
    int st = -1;

    return procwait(pid, &st) == pid ? st : -1000;
}

/* Wait (up to 5 s) until process pid blocks; 0 if it did. */
static int
until_blocked(rid_t pid)
{
    struct res_info info;

    for (int i = 0; i < 500; i++) {
        if (resinfo(pid, &info) == 0 && info.u.proc.state == PROC_BLOCKED)
            return 0;
        usleep(10000);
    }
    return -1;
}

/* --- helper modes ---------------------------------------------------------- */

/* sleep ms: 0 if the whole sleep passed, 3 if it was cut short */
static int
h_sleeper(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    return nanosleep(&ts, NULL) == 0 ? 0 : 3;
}

/* catch SIGUSR1, then block in `what`: 0 if the call failed with EINTR after
 * the handler ran, else a code saying what happened instead */
static int
h_wait(const char *what)
{
    struct cmsg m;
    int r;

    if (install(SIGUSR1, on_sig) < 0)
        return 10;
    if (strcmp(what, "recv") == 0) {
        rid_t b = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
        r = crecv(b, &m, IPC_FOREVER);
        r = r == -EINTR && errno == EINTR ? 0 : 11;
    } else if (strcmp(what, "recv-timed") == 0) {
        rid_t b = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
        r = crecv(b, &m, 60000);
        r = r == -EINTR ? 0 : 12;
    } else if (strcmp(what, "call") == 0) {
        rid_t server = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
        rid_t reply = cbcreate("", RCC_OWNER(RCC_ALL) | CBOX_PRIVATE);
        rid_t c = ccreate(64, &m);
        r = ccall(server, c, reply, &m, IPC_FOREVER); // nobody serves: the answer never comes
        r = r == -EINTR ? 0 : 13;
    } else if (strcmp(what, "sleep") == 0) {
        struct timespec ts = {20, 0}, rem = {0, 0};
        r = nanosleep(&ts, &rem);
        r = r == -1 && errno == EINTR && rem.tv_sec >= 10 && rem.tv_sec <= 20 ? 0 : 14;
    } else if (strcmp(what, "sleep-s") == 0) {
        r = sleep(20) >= 10 ? 0 : 15;
    } else if (strcmp(what, "procwait") == 0) {
        rid_t kid = helper_spawn("sleeper", "20000", NULL);
        int st;
        r = procwait(kid, &st);
        r = r == -1 && errno == EINTR ? 0 : 16;
        resdelete(kid);
        procwait(kid, NULL);
    } else if (strcmp(what, "read") == 0) {
        char c;
        r = (int)read(0, &c, 1);
        r = r == -1 && errno == EINTR ? 0 : 17;
    } else if (strcmp(what, "pause") == 0) {
        r = pause();
        r = r == -1 && errno == EINTR ? 0 : 18;
    } else {
        return 19;
    }
    return r == 0 && got[SIGUSR1] == 1 ? 0 : r ? r : 20;
}

/* ignore SIGTERM (and leave SIGCHLD at its default), then sleep ms: 0 if
 * the sleep was neither cut short nor shorter than asked (in timer ticks,
 * what the kernel sleeps by) */
static int
h_ignore_sleep(int ms)
{
    unsigned hz, t0;

    if (signal(SIGTERM, SIG_IGN) == SIG_ERR)
        return 10;
    t0 = tender_ticks(&hz);
    if (h_sleeper(ms) != 0)
        return 11;
    return (tender_ticks(NULL) - t0) * 1000 / hz >= (unsigned)ms ? 0 : 12;
}

/* Does the CPU save the FPU with fxsave (CPUID.1:EDX.FXSR), so that a
 * signal frame's FPU image has an MXCSR? */
static int
has_fxsr(void)
{
    uint32_t a = 1, b, c = 0, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    return (d >> 24) & 1;
}

/* every signal but SIGKILL and SIGSTOP blocked or ignored, then sleep */
static int
h_deaf(void)
{
    sigset_t all, now;

    sigfillset(&all);
    if (sigprocmask(SIG_SETMASK, &all, NULL) < 0 || sigprocmask(SIG_BLOCK, NULL, &now) < 0)
        return 10;
    if (sigismember(&now, SIGKILL) || sigismember(&now, SIGSTOP) || !sigismember(&now, SIGTERM))
        return 11;
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP && signal(s, SIG_IGN) == SIG_ERR)
            return 12;
    return h_sleeper(20000);
}

/* SIGTERM blocked, raised, then unblocked: the unblocking must end us */
static int
h_block_term(void)
{
    sigset_t set, pend;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGTERM);
    if (sigpending(&pend) < 0 || !sigismember(&pend, SIGTERM))
        return 10;
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    return 11; // still here: wrong
}

static const char *forge_kind;
static volatile double fpu_sink;

/* A SIGUSR1 handler that changes its own frame as forge_kind says, then
 * returns through sigreturn. */
static void
forge(int sig)
{
    struct ksigframe *f = MY_FRAME();
    struct ksigregs *r = &f->regs;
    const char *k = forge_kind;

    if (f->sig != sig)
        exit(90); // not where the frame should be
    if (!strcmp(k, "eax"))
        r->eax = 42;
    else if (!strcmp(k, "nt"))
        r->eflags |= EFLAGS_NT;
    else if (!strcmp(k, "tf"))
        r->eflags |= EFLAGS_TF;
    else if (!strcmp(k, "iopl"))
        r->eflags |= EFLAGS_IOPL3;
    else if (!strcmp(k, "vm"))
        r->eflags |= EFLAGS_VM;
    else if (!strcmp(k, "vif"))
        r->eflags |= EFLAGS_VIF;
    else if (!strcmp(k, "noif"))
        r->eflags &= ~EFLAGS_IF;
    else if (!strcmp(k, "cs-kernel"))
        r->cs = 0x08;
    else if (!strcmp(k, "cs-kernel-rpl3"))
        r->cs = 0x0b;
    else if (!strcmp(k, "cs-ldt"))
        r->cs = 0x1f;
    else if (!strcmp(k, "ss-kernel"))
        r->ss = 0x10;
    else if (!strcmp(k, "ss-ldt"))
        r->ss = 0x27;
    else if (!strcmp(k, "ds-kernel"))
        r->ds = 0x10;
    else if (!strcmp(k, "es-tss"))
        r->es = 0x2b;
    else if (!strcmp(k, "gs-ldt"))
        r->gs = 0x07;
    else if (!strcmp(k, "fs-high"))
        r->fs = 0x10023;
    else if (!strcmp(k, "fpu-flag"))
        f->fpu_saved = 2;
    else if (!strcmp(k, "mxcsr")) {
        // an fnsave image has no MXCSR, and frstor takes any; MXCSR's bit 31
        // is reserved on every CPU
        if (!f->fpu_saved || !has_fxsr())
            exit(TAP_SKIP);
        f->fpu[FXSAVE_MXCSR + 3] |= 0x80;
    } else if (!strcmp(k, "unreadable")) {
        syscall_int80(SYS_sigreturn, 0, 0, 0, 0, 0); // frame at address 0
        exit(91);
    } else if (!strcmp(k, "kernel")) {
        syscall_int80(SYS_sigreturn, KERNEL_ADDR, 0, 0, 0, 0);
        exit(92);
    }
}

/* Take SIGUSR1 with a handler that forges its frame (kind); 0 if we get
 * past raise as ring 3 may (eax: raise returned the forged 42). */
static int
h_forge(const char *kind)
{
    int r;

    forge_kind = kind;
    fpu_sink = fpu_sink * 3.0 + 1.0; // an FPU state of our own for the frame
    if (install(SIGUSR1, forge) < 0)
        return 10;
    r = raise(SIGUSR1);
    if (!strcmp(kind, "eax"))
        return r == 42 ? 0 : 11;
    return r == 0 ? 0 : 12;
}

/* A signal whose frame cannot be written: the stack pointer at addr when
 * kill(self, SIGUSR1) returns. Never returns. */
static int
h_bad_stack(uint32_t addr)
{
    if (install(SIGUSR1, on_sig) < 0)
        return 10;
    __asm__ volatile("movl %%edx, %%esp\n\t"
                     "int $0x80\n\t"
                     "ud2"
                     :
                     : "a"(SYS_kill), "b"(getpid()), "c"(SIGUSR1), "d"(addr)
                     : "memory");
    return 11;
}

/* File calls, each a round trip to the file server, with a SIGUSR1
 * handler and signals coming while it waits for the server: every call
 * succeeds and says the truth. 0 if so. (The server has usually answered
 * by the time a woken client runs, so the answer is there; when it has
 * not, the call's wait fails with EINTR and the library waits again.) */
static int
h_file_io(int rounds, int want_signals)
{
    char path[48], buf[512];
    struct stat st;
    int fd, bad = 0;

    if (install(SIGUSR1, on_sig) < 0)
        return 10;
    snprintf(path, sizeof(path), "/tmp/t_sig.%d", getpid() & 0xffff);
    if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644)) < 0)
        return 11;
    for (int i = 0; i < rounds && !bad; i++) {
        memset(buf, 'a' + i % 26, sizeof(buf));
        if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
            bad = 12;
        else if (fstat(fd, &st) < 0 || st.st_size != (off_t)(i + 1) * (off_t)sizeof(buf))
            bad = 13;
        else if (fsync(fd) < 0)
            bad = 14;
    }
    for (int i = 0; i < rounds && !bad; i++)
        if (pread(fd, buf, sizeof(buf), (off_t)i * (off_t)sizeof(buf)) != (ssize_t)sizeof(buf) ||
            buf[0] != 'a' + i % 26 || buf[sizeof(buf) - 1] != 'a' + i % 26)
            bad = 15;
    close(fd);
    unlink(path);
    if (bad)
        return bad;
    return got[SIGUSR1] > 0 || !want_signals ? 0 : 16;
}

/* kill(pid, SIGUSR1) n times, one each time it has run again; with
 * blocked, each time when it is blocked (in a call). Until it is gone. */
static int
h_pinger(rid_t pid, int n, int blocked)
{
    struct res_info info;

    for (int i = 0; i < n; i++) {
        while (blocked && resinfo(pid, &info) == 0 && info.u.proc.state != PROC_BLOCKED &&
               info.u.proc.state != PROC_ZOMBIE)
            yield();
        if (kill(pid, SIGUSR1) < 0)
            return 10;
        usleep(blocked ? 1000 : 20000);
    }
    return 0;
}

static int
helper(int argc, char **argv)
{
    const char *m = argv[1], *a = argc > 2 ? argv[2] : "", *b = argc > 3 ? argv[3] : "";

    if (!strcmp(m, "sleeper"))
        return h_sleeper(atoi(a));
    if (!strcmp(m, "wait"))
        return h_wait(a);
    if (!strcmp(m, "ignore-sleep"))
        return h_ignore_sleep(atoi(a));
    if (!strcmp(m, "deaf"))
        return h_deaf();
    if (!strcmp(m, "block-term"))
        return h_block_term();
    if (!strcmp(m, "raise"))
        return raise(atoi(a)) == 0 ? 0 : 2;
    if (!strcmp(m, "abort"))
        abort();
    if (!strcmp(m, "spin"))
        for (;;)
            __asm__ volatile("" ::: "memory");
    if (!strcmp(m, "forge"))
        return h_forge(a);
    if (!strcmp(m, "bad-stack"))
        return h_bad_stack((uint32_t)strtoul(a, NULL, 0));
    if (!strcmp(m, "pinger"))
        return h_pinger(atoi(a), atoi(b), 0);
    if (!strcmp(m, "pinger-blocked"))
        return h_pinger(atoi(a), atoi(b), 1);
    if (!strcmp(m, "file-io"))
        return h_file_io(atoi(a), 1);
    if (!strcmp(m, "file-warm"))
        return h_file_io(1, 0);
    return 99;
}

/* --- the cases ------------------------------------------------------------- */

static int
handler_runs(void)
{
    struct sigaction old;

    CHECK_EQ(install(SIGUSR1, on_sig), 0);
    CHECK_EQ(sigaction(SIGUSR1, NULL, &old), 0);
    CHECK(old.sa_handler == on_sig);
    CHECK_EQ(raise(SIGUSR1), 0);
    CHECK_EQ(got[SIGUSR1], 1); // before raise returned
    CHECK(signal(SIGUSR2, on_sig) == SIG_DFL);
    CHECK(signal(SIGUSR2, on_sig) == on_sig);
    CHECK_EQ(kill(getpid(), SIGUSR2), 0);
    CHECK_EQ(got[SIGUSR2], 1);
    CHECK_EQ(kill(getpid(), 0), 0); // the check alone
    CHECK_EQ(got[SIGUSR1] + got[SIGUSR2], 2);
    return 0;
}

static volatile int handler_fcw, handler_unclean, handler_in_loop;
extern const char t_sig_loop[], t_sig_loop_end[]; // reg_fpu_loop's loop, in its asm

/* a handler that wrecks the FPU (fninit, eight pushes, its own control
 * word), checks it started with the clean state, and counts the signals
 * that came inside the loop of reg_fpu_loop */
static void
fpu_wrecker(int sig)
{
    uint32_t eip = MY_FRAME()->regs.eip;
    uint16_t cw;

    if (eip >= (uint32_t)(uintptr_t)t_sig_loop && eip < (uint32_t)(uintptr_t)t_sig_loop_end)
        handler_in_loop++;

    __asm__ volatile("fnstcw %0" : "=m"(cw));
    if (cw != FCW_DEFAULT)
        handler_unclean++;
    handler_fcw = cw;
    __asm__ volatile("fninit\n\t"
                     "fld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
                     "fninit" ::
                         : "memory");
    got[sig]++;
}

/* iters rounds of: compare six registers against their patterns and add 1
 * to an x87 sum, under control word FCW_CHOP. Returns 0 if every compare
 * held, the sum is iters and the control word is still FCW_CHOP. */
static __attribute__((noinline)) int
reg_fpu_loop(uint32_t iters)
{
    uint32_t bad, n = iters;
    uint16_t chop = FCW_CHOP, dflt = FCW_DEFAULT, cw_after = 0;
    double sum = 0;

    __asm__ volatile("pushl %%ebp\n\t"
                     "fldcw %[chop]\n\t"
                     "fld1\n\t"
                     "fldz\n\t"
                     "movl $0x11111111, %%eax\n\t"
                     "movl $0x22222222, %%ebx\n\t"
                     "movl $0x44444444, %%edx\n\t"
                     "movl $0x55555555, %%esi\n\t"
                     "movl $0x66666666, %%edi\n\t"
                     "movl $0x77777777, %%ebp\n"
                     ".globl t_sig_loop\n\t"
                     ".hidden t_sig_loop\n"
                     "t_sig_loop:\n"
                     "1:\n\t"
                     "fadd %%st(1), %%st\n\t"
                     "cmpl $0x11111111, %%eax\n\tjne 2f\n\t"
                     "cmpl $0x22222222, %%ebx\n\tjne 2f\n\t"
                     "cmpl $0x44444444, %%edx\n\tjne 2f\n\t"
                     "cmpl $0x55555555, %%esi\n\tjne 2f\n\t"
                     "cmpl $0x66666666, %%edi\n\tjne 2f\n\t"
                     "cmpl $0x77777777, %%ebp\n\tjne 2f\n\t"
                     "decl %%ecx\n\t"
                     "jnz 1b\n"
                     ".globl t_sig_loop_end\n\t"
                     ".hidden t_sig_loop_end\n"
                     "t_sig_loop_end:\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "jmp 3f\n"
                     "2:\n\t"
                     "movl $1, %%eax\n"
                     "3:\n\t"
                     "popl %%ebp\n\t"
                     "fstpl %[sum]\n\t"
                     "fstp %%st(0)\n\t"
                     "fnstcw %[after]\n\t"
                     "fldcw %[dflt]"
                     : "=a"(bad), "+c"(n), [sum] "=m"(sum), [after] "=m"(cw_after)
                     : [chop] "m"(chop), [dflt] "m"(dflt)
                     : "ebx", "edx", "esi", "edi", "memory", "cc");
    if (bad) {
        printf("# a register changed in the loop (%u rounds left)\n", n);
        return 1;
    }
    if (sum != (double)iters || cw_after != FCW_CHOP) {
        printf("# x87 sum %f (want %u), control word 0x%x\n", sum, iters, cw_after);
        return 1;
    }
    return 0;
}

static int
registers_and_fpu_survive(void)
{
    char self[16], n[8];
    rid_t pinger;
    int rounds = 0;

    CHECK_EQ(install(SIGUSR1, fpu_wrecker), 0);
    snprintf(self, sizeof(self), "%d", getpid());
    snprintf(n, sizeof(n), "%d", PINGS);
    CHECK((pinger = helper_spawn("pinger", self, n)) > 0);
    while (got[SIGUSR1] < PINGS && rounds < 100000) {
        CHECK_EQ(reg_fpu_loop(LOOP_ITERS), 0);
        rounds++;
    }
    CHECK_EQ(wait_status(pinger), 0);
    CHECK_EQ(got[SIGUSR1], PINGS);
    CHECK_EQ(handler_unclean, 0); // each handler started with the clean FPU
    CHECK_EQ(handler_fcw, FCW_DEFAULT);
    CHECK(handler_in_loop > 0); // some came in the middle of the loop, not at a call
    printf("# %d of %d signals came inside the loop\n", handler_in_loop, PINGS);
    return 0;
}

static int
raise_works(void)
{
    CHECK_EQ(install(SIGUSR2, on_sig), 0);
    CHECK_EQ(raise(SIGUSR2), 0);
    CHECK_EQ(got[SIGUSR2], 1);
    CHECK(signal(SIGTERM, SIG_IGN) != SIG_ERR);
    CHECK_EQ(raise(SIGTERM), 0); // ignored: nothing happens
    CHECK_EQ(raise(SIGCHLD), 0); // its default ignores it
    CHECK_EQ(raise(0), 0);
    errno = 0;
    CHECK_EQ(raise(NSIG), -1);
    CHECK_EQ(errno, EINVAL);
    errno = 0;
    CHECK_EQ(raise(-1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(raise(SIGSTOP), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(got[SIGUSR2], 1);
    CHECK_EQ(got[SIGTERM], 0);
    return 0;
}

static volatile int pending_inside;

static void
nesting_handler(int sig)
{
    sigset_t p;

    on_sig(sig);
    if (sig == SIGUSR1 && got[SIGUSR1] == 1) {
        raise(SIGUSR1); // blocked while this runs: waits
        sigpending(&p);
        pending_inside = sigismember(&p, SIGUSR1) && got[SIGUSR1] == 1;
        raise(SIGUSR2); // not blocked: runs now, nested
    }
}

static int
own_signal_waits_others_nest(void)
{
    CHECK_EQ(install(SIGUSR1, nesting_handler), 0);
    CHECK_EQ(install(SIGUSR2, nesting_handler), 0);
    CHECK_EQ(raise(SIGUSR1), 0);
    CHECK_EQ(pending_inside, 1);
    CHECK_EQ(norder, 3);
    CHECK_EQ(order[0], SIGUSR1);
    CHECK_EQ(order[1], SIGUSR2); // nested inside the first
    CHECK_EQ(order[2], SIGUSR1); // the raised one, after the first returned
    return 0;
}

/* kill(SIGUSR1) a helper blocked in `what`: its handler runs, the call says EINTR */
static int
interrupt(const char *what)
{
    rid_t pid = helper_spawn("wait", what, NULL);

    CHECK(pid > 0);
    if (until_blocked(pid) < 0) {
        printf("# %s: the helper never blocked\n", what);
        resdelete(pid);
        wait_status(pid);
        return 1;
    }
    CHECK_EQ(kill(pid, SIGUSR1), 0);
    int st = wait_status(pid);
    if (st != 0) {
        printf("# %s: the helper's status is 0x%x\n", what, st);
        return 1;
    }
    return 0;
}

static int
blocking_calls_fail_with_eintr(void)
{
    static const char *const what[] = {"recv",    "recv-timed", "call", "sleep",
                                       "sleep-s", "procwait",   "read", "pause"};

    for (unsigned i = 0; i < sizeof(what) / sizeof(what[0]); i++)
        CHECK_EQ(interrupt(what[i]), 0);
    return 0;
}

/* helper mode `mode` (arg a), blocked or running, then kill(sig): its status */
static int
killed_status(const char *mode, const char *a, int sig, int wait_block)
{
    rid_t pid = helper_spawn(mode, a, NULL);

    if (pid < 0)
        return -1;
    if (wait_block)
        until_blocked(pid);
    else
        usleep(30000);
    if (kill(pid, sig) < 0) {
        resdelete(pid);
        wait_status(pid);
        return -2;
    }
    return wait_status(pid);
}

static int
default_actions_end_the_process(void)
{
    CHECK_EQ(killed_status("sleeper", "20000", SIGTERM, 1), PROC_STATUS_SIGNAL(SIGTERM));
    CHECK_EQ(killed_status("sleeper", "20000", SIGPIPE, 1), PROC_STATUS_SIGNAL(SIGPIPE));
    CHECK_EQ(killed_status("sleeper", "20000", SIGHUP, 1), PROC_STATUS_SIGNAL(SIGHUP));
    CHECK_EQ(killed_status("sleeper", "20000", SIGUSR2, 1), PROC_STATUS_SIGNAL(SIGUSR2));
    CHECK_EQ(killed_status("sleeper", "20000", SIGINT, 1), PROC_STATUS_INTR);
    CHECK_EQ(killed_status("sleeper", "20000", SIGKILL, 1), PROC_STATUS_KILLED);
    CHECK_EQ(killed_status("spin", "", SIGTERM, 0), PROC_STATUS_SIGNAL(SIGTERM));
    CHECK_EQ(tap_run("t_sig", "raise", "15", NULL, 0), PROC_STATUS_SIGNAL(SIGTERM));
    CHECK_EQ(tap_run("t_sig", "abort", NULL, NULL, 0), PROC_STATUS_SIGNAL(SIGABRT));
    CHECK(PROC_SIGNALED(PROC_STATUS_SIGNAL(SIGTERM)) && !PROC_FAULTED(PROC_STATUS_SIGNAL(SIGTERM)));
    CHECK_EQ(PROC_TERMSIG(PROC_STATUS_SIGNAL(SIGTERM)), SIGTERM);
    // defaults that ignore: the child sleeps on, unharmed
    CHECK_EQ(killed_status("sleeper", "300", SIGCHLD, 1), 0);
    CHECK_EQ(killed_status("sleeper", "300", SIGURG, 1), 0);
    CHECK_EQ(killed_status("sleeper", "300", SIGCONT, 1), 0);
    CHECK_EQ(killed_status("sleeper", "300", SIGWINCH, 1), 0);
    return 0;
}

static int
ignored_signals_interrupt_nothing(void)
{
    rid_t pid = helper_spawn("ignore-sleep", "300", NULL);
    rid_t kid;
    struct timespec ts = {0, 300000000L};

    CHECK(pid > 0);
    CHECK_EQ(until_blocked(pid), 0);
    for (int i = 0; i < 5; i++)
        CHECK_EQ(kill(pid, SIGTERM), 0);
    CHECK_EQ(wait_status(pid), 0); // slept its full time
    // a child ending sends SIGCHLD, whose default ignores it: our sleep goes on
    CHECK((kid = helper_spawn("sleeper", "20", NULL)) > 0);
    CHECK_EQ(nanosleep(&ts, NULL), 0);
    CHECK_EQ(wait_status(kid), 0);
    return 0;
}

static int
blocked_signals_stay_pending(void)
{
    sigset_t usr1, p, now;

    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    CHECK_EQ(install(SIGUSR1, on_sig), 0);
    CHECK_EQ(sigprocmask(SIG_BLOCK, &usr1, NULL), 0);
    CHECK_EQ(raise(SIGUSR1), 0);
    CHECK_EQ(raise(SIGUSR1), 0); // not queued: one is pending
    CHECK_EQ(got[SIGUSR1], 0);
    CHECK_EQ(sigpending(&p), 0);
    CHECK(sigismember(&p, SIGUSR1) == 1);
    CHECK_EQ(sigprocmask(SIG_UNBLOCK, &usr1, NULL), 0);
    CHECK_EQ(got[SIGUSR1], 1); // delivered before sigprocmask returned
    CHECK_EQ(sigpending(&p), 0);
    CHECK_EQ(p, 0);
    // sigsuspend: the mask it names, then the old one back
    CHECK_EQ(sigprocmask(SIG_BLOCK, &usr1, NULL), 0);
    CHECK_EQ(raise(SIGUSR1), 0);
    sigemptyset(&p);
    CHECK_EQ(sigsuspend(&p), -1);
    CHECK_EQ(errno, EINTR);
    CHECK_EQ(got[SIGUSR1], 2);
    CHECK_EQ(sigprocmask(SIG_BLOCK, NULL, &now), 0);
    CHECK_EQ(now, usr1);
    // a blocked default action waits too, and unblocking it ends the process
    CHECK_EQ(tap_run("t_sig", "block-term", NULL, NULL, 0), PROC_STATUS_SIGNAL(SIGTERM));
    return 0;
}

static int
sigchld_reaches_the_parent(void)
{
    rid_t kid;
    int st;

    CHECK(signal(SIGCHLD, on_sig) == SIG_DFL);
    CHECK((kid = helper_spawn("sleeper", "50", NULL)) > 0);
    CHECK_EQ(pause(), -1);
    CHECK_EQ(errno, EINTR);
    CHECK_EQ(got[SIGCHLD], 1);
    CHECK_EQ(wait_status(kid), 0);
    // waiting for the child: procwait returns it, and the handler runs too
    CHECK((kid = helper_spawn("sleeper", "50", NULL)) > 0);
    CHECK_EQ(procwait(kid, &st), kid);
    CHECK_EQ(st, 0);
    CHECK_EQ(got[SIGCHLD], 2);
    // a child a signal ends: SIGCHLD as well, and the status says which signal
    CHECK((kid = helper_spawn("sleeper", "20000", NULL)) > 0);
    CHECK_EQ(until_blocked(kid), 0);
    CHECK_EQ(kill(kid, SIGTERM), 0);
    CHECK_EQ(wait_status(kid), PROC_STATUS_SIGNAL(SIGTERM));
    CHECK_EQ(got[SIGCHLD], 3);
    return 0;
}

static int
sigkill_and_sigstop_cannot_be_caught(void)
{
    struct sigaction sa = {.sa_handler = on_sig, .sa_mask = 0, .sa_flags = 0}, old;
    sigset_t all, now;

    errno = 0;
    CHECK_EQ(sigaction(SIGKILL, &sa, NULL), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK(signal(SIGKILL, SIG_IGN) == SIG_ERR);
    CHECK(signal(SIGKILL, SIG_DFL) == SIG_ERR);
    CHECK_EQ(sigaction(SIGSTOP, &sa, NULL), -1);
    CHECK(signal(SIGSTOP, SIG_IGN) == SIG_ERR);
    CHECK_EQ(sigaction(SIGKILL, NULL, &old), 0); // asking is allowed
    CHECK(old.sa_handler == SIG_DFL);
    sigfillset(&all);
    CHECK_EQ(sigprocmask(SIG_SETMASK, &all, NULL), 0);
    CHECK_EQ(sigprocmask(SIG_SETMASK, NULL, &now), 0);
    CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP));
    CHECK(sigismember(&now, SIGUSR1));
    // a child that blocks and ignores everything else still dies of SIGKILL
    rid_t pid = helper_spawn("deaf", NULL, NULL);
    CHECK(pid > 0);
    CHECK_EQ(until_blocked(pid), 0);
    CHECK_EQ(kill(pid, SIGTERM), 0);
    CHECK_EQ(kill(pid, SIGINT), 0);
    errno = 0;
    CHECK_EQ(kill(pid, SIGSTOP), -1); // stopping is not supported
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(kill(pid, SIGKILL), 0);
    CHECK_EQ(wait_status(pid), PROC_STATUS_KILLED);
    return 0;
}

static int
kill_errors(void)
{
    rid_t pid, vm = getvmid(0);

    // stale: a child that ended and was waited for
    CHECK((pid = helper_spawn("sleeper", "1", NULL)) > 0);
    CHECK_EQ(wait_status(pid), 0);
    errno = 0;
    CHECK_EQ(kill(pid, SIGTERM), -1);
    CHECK_EQ(errno, ESRCH);
    CHECK_EQ(kill(pid, 0), -1);
    CHECK_EQ(errno, ESRCH);
    CHECK_EQ(kill(0, SIGTERM), -1); // no process groups
    CHECK_EQ(errno, ESRCH);
    CHECK_EQ(kill(-1, SIGTERM), -1);
    CHECK_EQ(errno, ESRCH);
    CHECK_EQ(kill(vm, SIGTERM), -1); // a space, not a process
    CHECK_EQ(errno, ESRCH);
    CHECK_EQ(kill(0x7fffffff, 0), -1);
    CHECK_EQ(errno, ESRCH);
    // bad signals, even to oneself
    CHECK_EQ(kill(getpid(), NSIG), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(kill(getpid(), -1), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(kill(getpid(), 1000), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(sys_kill((uint32_t)getpid(), 0x80000002u), -EINVAL);
    // another owner's process, without DEL on it: EPERM, for the check too
    CHECK((pid = helper_spawn("sleeper", "300", NULL)) > 0);
    CHECK_EQ(tap_become(TEST_OID), 0);
    errno = 0;
    CHECK_EQ(kill(pid, SIGTERM), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(kill(pid, 0), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(kill(pid, SIGKILL), -1);
    CHECK_EQ(errno, EPERM);
    CHECK_EQ(kill(getpid(), 0), 0); // ourselves: still ours
    CHECK_EQ(wait_status(pid), 0);  // unharmed; a parent may always wait
    return 0;
}

static int
sigaction_and_sigprocmask_errors(void)
{
    struct sigaction sa = {.sa_handler = on_sig, .sa_mask = 0, .sa_flags = 0}, old;
    struct ksigaction k = {(uint32_t)(uintptr_t)on_sig, 0, 0, 0};
    sigset_t set = 0;

    static const int bad[] = {-1, 0, NSIG, 1000, INT32_MIN};

    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errno = 0;
        CHECK_EQ(sigaction(bad[i], &sa, NULL), -1);
        CHECK_EQ(errno, EINVAL);
        CHECK_EQ(sigaction(bad[i], NULL, &old), -1);
    }
    sa.sa_flags = 0x4; // no such flag here (SA_RESTART, SA_SIGINFO are not offered)
    CHECK_EQ(sigaction(SIGUSR1, &sa, NULL), -1);
    CHECK_EQ(errno, EINVAL);
    sa.sa_flags = SA_NOCLDSTOP;
    CHECK_EQ(sigaction(SIGCHLD, &sa, NULL), 0);
    // kernel and unmapped pointers: -EFAULT, and nothing changed
    CHECK_EQ(sys_sigaction(SIGUSR1, KERNEL_ADDR, 0), -EFAULT);
    CHECK_EQ(sys_sigaction(SIGUSR1, 0, KERNEL_ADDR), -EFAULT);
    CHECK_EQ(sys_sigaction(SIGUSR1, (uint32_t)(uintptr_t)&k, 16), -EFAULT);
    CHECK_EQ(sigaction(SIGUSR1, NULL, &old), 0);
    CHECK(old.sa_handler == SIG_DFL); // the refused calls set nothing
    CHECK_EQ(sys_sigprocmask(SIG_BLOCK, KERNEL_ADDR, 0), -EFAULT);
    CHECK_EQ(sys_sigprocmask(SIG_BLOCK, 0, KERNEL_ADDR), -EFAULT);
    CHECK_EQ(sys_sigprocmask(7, (uint32_t)(uintptr_t)&set, 0), -EINVAL);
    CHECK_EQ(sys_sigprocmask(7, 0, 0), 0); // no set: `how` is not looked at
    CHECK_EQ(sys_sigpending(KERNEL_ADDR), -EFAULT);
    CHECK_EQ(sys_sigsuspend(KERNEL_ADDR), -EFAULT);
    CHECK_EQ(sys_sigsuspend(0), -EFAULT);
    errno = 0;
    CHECK_EQ(sigprocmask(SIG_SETMASK + 3, &set, NULL), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ((sigaddset)(&set, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ((sigaddset)(&set, NSIG), -1);
    CHECK_EQ((sigaddset)(&set, SIGUSR2), 0);
    CHECK_EQ((sigismember)(&set, SIGUSR2), 1);
    CHECK_EQ((sigdelset)(&set, SIGUSR2), 0);
    CHECK_EQ((sigismember)(&set, SIGUSR2), 0);
    return 0;
}

/* helper "forge" with kind: its status */
static int
forged(const char *kind)
{
    return tap_run("t_sig", "forge", kind, NULL, 0);
}

static int
hostile_sigreturn_frames_end_only_their_process(void)
{
    static const char *const segv[] = {
        "iopl",    "vm",        "vif",        "noif",      "cs-kernel", "cs-kernel-rpl3",
        "cs-ldt",  "ss-kernel", "ss-ldt",     "ds-kernel", "es-tss",    "gs-ldt",
        "fs-high", "fpu-flag",  "unreadable", "kernel",
    };
    int st;

    for (unsigned i = 0; i < sizeof(segv) / sizeof(segv[0]); i++) {
        st = forged(segv[i]);
        if (st != PROC_STATUS_SIGNAL(SIGSEGV)) {
            printf("# frame with %s: status 0x%x, expected SIGSEGV's\n", segv[i], st);
            return 1;
        }
    }
    st = forged("mxcsr");
    CHECK(st == PROC_STATUS_SIGNAL(SIGSEGV) || st == TAP_SKIP);
    // TF is the process's own to set (popfd): it traps after one instruction
    CHECK_EQ(forged("tf"), PROC_STATUS_FAULT(1));
    // what ring 3 may change comes back: EAX (raise returns it), NT
    CHECK_EQ(forged("eax"), 0);
    CHECK_EQ(forged("nt"), 0);
    // a stack that cannot take the frame: below 0, unmapped, the kernel's
    CHECK_EQ(tap_run("t_sig", "bad-stack", "0x10", NULL, 0), PROC_STATUS_SIGNAL(SIGSEGV));
    CHECK_EQ(tap_run("t_sig", "bad-stack", "0x1000", NULL, 0), PROC_STATUS_SIGNAL(SIGSEGV));
    CHECK_EQ(tap_run("t_sig", "bad-stack", "0xc0100000", NULL, 0), PROC_STATUS_SIGNAL(SIGSEGV));
    // and the kernel runs on
    CHECK_EQ(tap_run("t_sig", "sleeper", "1", NULL, 0), 0);
    return 0;
}

static int
file_calls_go_on_through_signals(void)
{
    rid_t io = helper_spawn("file-io", "60", NULL), pinger;
    char pid[16];

    CHECK(io > 0);
    snprintf(pid, sizeof(pid), "%d", io);
    CHECK((pinger = helper_spawn("pinger-blocked", pid, "40")) > 0);
    int st = wait_status(io);
    int pst = wait_status(pinger);
    if (st != 0)
        printf("# the file helper's status is 0x%x\n", st);
    CHECK_EQ(st, 0);
    CHECK(pst == 0 || pst == 10); // 10: it outlived the helper (kill said ESRCH)
    return 0;
}

static jmp_buf jump;

static void
jump_out(int sig)
{
    got[sig]++;
    _longjmp(jump, 7);
}

static int
longjmp_out_of_a_handler(void)
{
    sigset_t now, usr1;
    volatile int passes = 0;
    int r;

    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    CHECK_EQ(install(SIGUSR1, jump_out), 0);
    r = _setjmp(jump);
    passes++;
    if (r == 0) {
        raise(SIGUSR1);
        CHECK(0); // the handler jumped instead of returning
    }
    CHECK_EQ(r, 7);
    CHECK_EQ(passes, 2);
    CHECK_EQ(got[SIGUSR1], 1);
    // _longjmp restores no mask: SIGUSR1 is still blocked, as in its handler
    CHECK_EQ(sigprocmask(SIG_BLOCK, NULL, &now), 0);
    CHECK_EQ(now, usr1);
    CHECK_EQ(sigprocmask(SIG_UNBLOCK, &usr1, NULL), 0);
    if ((r = setjmp(jump)) == 0)
        raise(SIGUSR1);
    CHECK_EQ(r, 7);
    CHECK_EQ(got[SIGUSR1], 2);
    return 0;
}

static const struct tcase cases[] = {
    {"a handler runs and the program goes on (sigaction, signal, kill)", handler_runs},
    {"registers, flags and the FPU survive signals taken in the middle of a loop",
     registers_and_fpu_survive},
    {"raise: handlers, SIG_IGN, default-ignored, signal 0, bad numbers", raise_works},
    {"a signal raised in its own handler waits; another nests", own_signal_waits_others_nest},
    {"kill of a child blocked in crecv, ccall, sleep, procwait, read, pause: handler, EINTR",
     blocking_calls_fail_with_eintr},
    {"default actions end a process with its signal in the status",
     default_actions_end_the_process},
    {"ignored signals interrupt nothing", ignored_signals_interrupt_nothing},
    {"blocked signals stay pending until unblocked; sigsuspend", blocked_signals_stay_pending},
    {"SIGCHLD reaches the parent when a child ends", sigchld_reaches_the_parent},
    {"SIGKILL and SIGSTOP cannot be caught, ignored or blocked",
     sigkill_and_sigstop_cannot_be_caught},
    {"kill: ESRCH for a stale pid, EINVAL, EPERM across owners", kill_errors},
    {"sigaction, sigprocmask and friends: EINVAL, EFAULT, nothing changed",
     sigaction_and_sigprocmask_errors},
    {"hostile sigreturn frames and stacks end only their process",
     hostile_sigreturn_frames_end_only_their_process},
    {"_setjmp and _longjmp out of a handler", longjmp_out_of_a_handler},
    {"file calls go on through signals (the library waits again for the answer)",
     file_calls_go_on_through_signals},
};

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_sig", "test suite: signals (TAP)"))
        return 0;
    if (argc >= 2 && strcmp(argv[1], "case") != 0)
        return helper(argc, argv);
    // warm up: the file layer's first allocations (the kernel heap's, the
    // server's) are not leaks of the suite
    if (argc == 1 && tap_run("t_sig", "file-warm", NULL, NULL, 0) != 0)
        return 1;
    return tap_main(argc, argv, cases, sizeof(cases) / sizeof(cases[0]));
}

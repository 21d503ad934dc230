/*
 * t_evil: one hostile ring-3 action per run, chosen by its first argument, for
 * the security suite (t_sec). Exit status 0 means "the kernel held" where the
 * action can observe it; actions the kernel must end report the vector the
 * suite expects. Modes:
 *   tf-sysenter      sysenter with EFLAGS.TF set: ends with a debug trap (1)
 *                    after the call returned, never a kernel panic
 *   nt-sysenter      sysenter with NT and DF set: returns, flags intact
 *   nt-yield N       N sysenter yields with NT, DF and AC set
 *   ldt              load an LDT selector into FS: general protection (13)
 *   int3, into       breakpoint (3) and overflow (4) from ring 3
 *   fpu-sum K N      add K to an x87 register N times, preempted by the timer;
 *                    0 if the sum is exactly K * N
 *   fpu-hold N [sleep]  fill every x87 and SSE register and a rounding mode
 *                    of our own, yield N times (or block N times for 1 ms,
 *                    touching the FPU after each: a blocking owner gives the
 *                    FPU up, or keeps it when it keeps coming back), 0 if
 *                    all of it survived
 *   fpu-clean        the first FPU state we see is the clean one: 0 if so
 *   sse              SSE instructions work (no #UD on a CPU with SSE); 77 without SSE
 *   (no arguments)   0: argv[0] was there although proccreate passed none
 *   write N          one write(1, ...) of N spaces and a newline
 *   recv-long BOX    crecv with a time-out of 42,949,673 ms: 0 if the box's
 *                    deletion ended it (-EINTR), 1 if it timed out
 *   steal BOX        try to become the system owner or another owner, and to
 *                    delete BOX: 0 if every attempt was refused with EPERM
 *   rights VMID      bit 1: resinfo on VMID works (REF), bit 2: a process can
 *                    be created into it (ATT), bit 4: moving into it works
 *   hog-spaces       vmcreate mode-0 spaces until refused: the count if the
 *                    refusal was the quota (EAGAIN), 255 otherwise
 *   hog-containers   fill a mode-0 box of our own with 64 KiB containers until
 *                    refused: 0 if by the quota (ENOMEM or EAGAIN)
 *   hog-memory BOX   grow the heap until refused, then wait on BOX forever
 *   bomb             spawn copies of ourselves without DEL for anyone, forever
 *   heap             malloc 1 MiB blocks until refused: exit status = MiB got
 *   gap              print the longest gap between timer ticks since boot
 */
#include <errno.h>
#include <ipc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <tender.h>
#include <unistd.h>

#define EFLAGS_TF 0x100
#define EFLAGS_DF 0x400
#define EFLAGS_NT 0x4000
#define EFLAGS_AC 0x40000
#define FCW_CHOP 0x0f7f /* all exceptions masked, round toward zero */
#define FCW_DEFAULT 0x037f
#define PATTERN 0x5a5a0000u

/* System call nr without arguments by sysenter, with `set` ORed into EFLAGS
 * just before it. Returns EAX; *after gets EFLAGS right after the return. */
static int
sysenter_with_flags(uint32_t nr, uint32_t set, uint32_t *after)
{
    int ret;
    uint32_t fl;

    __asm__ volatile("pushl %%ebp\n\t"
                     "subl $8, %%esp\n\t" // the two argument words the kernel reads
                     "movl %%esp, %%ecx\n\t"
                     "call 1f\n"
                     "1: popl %%edx\n\t"
                     "addl $(2f - 1b), %%edx\n\t"
                     "pushfl\n\t"
                     "orl %[set], (%%esp)\n\t"
                     "popfl\n\t"
                     "sysenter\n"
                     "2: pushfl\n\t"
                     "popl %[fl]\n\t"
                     "pushfl\n\t"
                     "andl %[clear], (%%esp)\n\t" // back to what C code expects
                     "popfl\n\t"
                     "addl $8, %%esp\n\t"
                     "popl %%ebp"
                     : "=a"(ret), [fl] "=&b"(fl)
                     : "a"(nr), [set] "S"(set), [clear] "D"(~(EFLAGS_DF | EFLAGS_NT | EFLAGS_AC))
                     : "ecx", "edx", "memory", "cc");
    *after = fl;
    return ret;
}

static int
nt_sysenter(void)
{
    uint32_t fl;
    int ret = sysenter_with_flags(SYS_getpid, EFLAGS_NT | EFLAGS_DF, &fl);

    if (ret != getpid()) {
        printf("# getpid by sysenter with NT said %d\n", ret);
        return 1;
    }
    if ((fl & (EFLAGS_NT | EFLAGS_DF)) != (EFLAGS_NT | EFLAGS_DF)) {
        printf("# flags after the call: 0x%x, NT and DF lost\n", fl);
        return 2;
    }
    return 0;
}

static int
nt_yield(int n)
{
    uint32_t fl;

    for (int i = 0; i < n; i++)
        if (sysenter_with_flags(SYS_yield, EFLAGS_NT | EFLAGS_DF | EFLAGS_AC, &fl) != 0)
            return 1;
    return 0;
}

static int
tf_sysenter(void)
{
    uint32_t fl;

    sysenter_with_flags(SYS_getpid, EFLAGS_TF, &fl); // the trap comes right after it
    return 50;
}

static int
fpu_sum(int k, int n)
{
    double sum;
    int count = n;

    __asm__ volatile("fildl %[k]\n\t"
                     "fldz\n"
                     "1: fadd %%st(1), %%st\n\t"
                     "decl %%ecx\n\t"
                     "jnz 1b\n\t"
                     "fstpl %[sum]\n\t"
                     "fstp %%st(0)"
                     : [sum] "=m"(sum), "+c"(count)
                     : [k] "m"(k)
                     : "memory", "cc");
    return sum == (double)k * (double)n ? 0 : 1;
}

static int
have_sse(void)
{
    uint32_t a = 1, b, c, d;

    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return (d >> 25) & 1;
}

static int
fpu_hold(int n, int sleep)
{
    uint32_t in[4] = {PATTERN | 1, PATTERN | 2, PATTERN | 3, PATTERN | 4}, out[4];
    uint16_t fcw = FCW_CHOP, got_fcw;
    double st[8];
    int sse = have_sse();

    __asm__ volatile("fldcw %0" : : "m"(fcw));
    for (int i = 0; i < 8; i++) {
        double v = (double)(PATTERN + (uint32_t)i);
        __asm__ volatile("fldl %0" : : "m"(v));
    }
    if (sse)
        __asm__ volatile("movups %0, %%xmm0\n\tmovups %0, %%xmm7" : : "m"(in));
    for (int i = 0; i < n; i++) { // no C floating point here: the registers are ours alone
        if (!sleep) {
            yield();
            continue;
        }
        sys_sleepms(1);
        __asm__ volatile("fnop"); // back at the FPU after a wait: kept through the next waits
    }
    for (int i = 0; i < 8; i++)
        __asm__ volatile("fstpl %0" : "=m"(st[i]));
    __asm__ volatile("fnstcw %0" : "=m"(got_fcw));
    if (got_fcw != FCW_CHOP)
        return 1;
    for (int i = 0; i < 8; i++)
        if (st[i] != (double)(PATTERN + 7u - (uint32_t)i))
            return 2;
    if (sse) {
        __asm__ volatile("movups %%xmm7, %0" : "=m"(out));
        if (memcmp(in, out, sizeof(in)) != 0)
            return 3;
    }
    return 0;
}

/* fnsave image (108 bytes): control word, status word, tag word, ... registers. */
static int
fpu_clean(void)
{
    uint8_t image[108];
    uint16_t cw, tags;
    uint32_t xmm[4] = {1, 1, 1, 1};

    __asm__ volatile("fnsave %0" : "=m"(image));
    memcpy(&cw, image, 2);
    memcpy(&tags, image + 8, 2);
    if (cw != FCW_DEFAULT || tags != 0xffff) {
        printf("# first FPU state: control word 0x%x, tags 0x%x\n", cw, tags);
        return 1;
    }
    for (int i = 0; i < 80; i++) // the 8 registers: all zero, nothing of anybody's
        if (image[28 + i] != 0)
            return 2;
    if (have_sse()) {
        __asm__ volatile("movups %%xmm7, %0" : "=m"(xmm));
        if (xmm[0] || xmm[1] || xmm[2] || xmm[3])
            return 3;
    }
    return 0;
}

static int
sse(void)
{
    float a[4] = {1, 2, 3, 4}, b[4];

    if (!have_sse())
        return 77; // TAP_SKIP: nothing to try on this CPU
    __asm__ volatile("movups %1, %%xmm1\n\t"
                     "addps %%xmm1, %%xmm1\n\t"
                     "movups %%xmm1, %0"
                     : "=m"(b)
                     : "m"(a));
    return b[3] == 8.0f ? 0 : 1;
}

static int
recv_long(rid_t box)
{
    struct cmsg m;
    rid_t got = crecv(box, &m, 42949673); // (uint32_t)ms * 100 wrapped to 10 ms once

    return got == -EINTR ? 0 : got == -ETIMEDOUT ? 1 : 2;
}

static int
steal(rid_t box)
{
    rid_t me = getpid();

    if (changeoid(me, RCC_SYSTEM_OWNER, 0) != -1 || errno != EPERM)
        return 1;
    if (changegid(me, RCC_SYSTEM_OWNER, 0) != -1 || errno != EPERM)
        return 2;
    if (changeoid(me, 998, 1) != -1 || errno != EPERM)
        return 3;
    if (resdelete(box) != -1 || errno != EPERM)
        return 4;
    if (changemod(box, RCC_OTHER(RCC_ALL)) != -1 || errno != EPERM)
        return 5;
    return 0;
}

static int
rights(rid_t vm)
{
    struct res_info info;
    char *argv[] = {"true", NULL};
    int bits = 0;
    rid_t pid;

    if (resinfo(vm, &info) == 0)
        bits |= 1;
    if ((pid = proccreate("", "/bin/true", argv, vm, RCC_OWNER(RCC_ALL))) > 0) {
        procwait(pid, NULL);
        bits |= 2;
    }
    if (procmove(getpid(), vm) == 0)
        bits |= 4;
    return bits;
}

static int
hog_spaces(void)
{
    int n = 0;
    rid_t vm;

    while ((vm = vmcreate("", 0)) > 0)
        n++;
    printf("# hog-spaces: %d spaces, then %d\n", n, vm);
    return vm == -EAGAIN && n < 255 ? n : 255;
}

static int
hog_containers(void)
{
    rid_t box = cbcreate("", RCC_OWNER(RCC_ATT | RCC_CTL)), c;
    struct cmsg m;
    int n = 0;

    if (box < 0)
        return 2;
    while ((c = ccreate(64 * 1024, &m)) > 0 && csend(box, c) == 0)
        n++;
    if (changemod(box, 0) < 0) // and now nobody may touch it
        return 3;
    printf("# hog-containers: %d queued, then %d\n", n, c);
    return c == -ENOMEM || c == -EAGAIN ? 0 : 1;
}

static int
hog_memory(rid_t box)
{
    struct cmsg m;
    char *p;

    while ((p = sbrk(64 * 1024)) != (void *)-1)
        for (int i = 0; i < 64 * 1024; i += 4096)
            p[i] = 1;
    crecv(box, &m, IPC_FOREVER); // until killed
    return 3;
}

static int __attribute__((noreturn)) bomb(void)
{
    char *argv[] = {"t_evil", "bomb", NULL};

    for (;;)
        if (proccreate("", "/bin/t_evil", argv, 0, RCC_OWNER(RCC_ALL & ~RCC_DEL)) < 0)
            yield();
}

/* Allocate and touch 1 MiB blocks until malloc says no: the MiB we got. */
static int
heap_mib(void)
{
    int n = 0;
    char *p;

    while (n < 250 && (p = malloc(1 << 20)) != NULL) {
        for (int i = 0; i < (1 << 20); i += 4096)
            p[i] = 1;
        n++;
    }
    return n;
}

/* One write(1, ...) of n bytes (spaces: they cost the console the least). */
static int
write_bytes(int n)
{
    char *buf = malloc((size_t)n + 1);

    if (!buf)
        return 2;
    memset(buf, ' ', (size_t)n);
    buf[n] = '\n';
    return write(1, buf, (size_t)n + 1) == n + 1 ? 0 : 1;
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_evil MODE [ARG...]", "test helper: one hostile action (t_sec)"))
        return 0;
    const char *mode = argc > 1 ? argv[1] : "";
    int n = argc > 2 ? atoi(argv[2]) : 0;

    if (argc == 0 || !argv[0])
        return 101;
    if (strcmp(argv[0], "/bin/t_evil") == 0 && argc == 1)
        return 0; // started with no arguments: argv[0] was supplied
    if (strcmp(mode, "tf-sysenter") == 0)
        return tf_sysenter();
    if (strcmp(mode, "nt-sysenter") == 0)
        return nt_sysenter();
    if (strcmp(mode, "nt-yield") == 0)
        return nt_yield(n);
    if (strcmp(mode, "ldt") == 0) {
        __asm__ volatile("movw $0x0f, %%ax\n\tmovw %%ax, %%fs" : : : "eax");
        return 50;
    }
    if (strcmp(mode, "int3") == 0)
        __asm__ volatile("int3");
    if (strcmp(mode, "into") == 0)
        __asm__ volatile("movb $127, %%al\n\taddb $1, %%al\n\tinto" : : : "eax", "cc");
    if (strcmp(mode, "fpu-sum") == 0)
        return fpu_sum(n, argc > 3 ? atoi(argv[3]) : 0);
    if (strcmp(mode, "fpu-hold") == 0)
        return fpu_hold(n, argc > 3 && strcmp(argv[3], "sleep") == 0);
    if (strcmp(mode, "fpu-clean") == 0)
        return fpu_clean();
    if (strcmp(mode, "sse") == 0)
        return sse();
    if (strcmp(mode, "write") == 0)
        return write_bytes(n);
    if (strcmp(mode, "recv-long") == 0)
        return recv_long(n);
    if (strcmp(mode, "steal") == 0)
        return steal(n);
    if (strcmp(mode, "rights") == 0)
        return rights(n);
    if (strcmp(mode, "hog-spaces") == 0)
        return hog_spaces();
    if (strcmp(mode, "hog-containers") == 0)
        return hog_containers();
    if (strcmp(mode, "hog-memory") == 0)
        return hog_memory(n);
    if (strcmp(mode, "bomb") == 0)
        return bomb();
    if (strcmp(mode, "heap") == 0)
        return heap_mib();
    if (strcmp(mode, "gap") == 0) {
        struct sysstat st;
        sysstat(&st);
        printf("# longest gap between timer ticks since boot: %u us; %u late ticks\n",
               st.tick_gap_max_us, st.ticks_late);
        return 0;
    }
    printf("t_evil: unknown mode '%s'\n", mode);
    return 100;
}

/*
 * user/bin/sh/status.c - a procwait status as $? and as words.
 *
 * $? follows the Unix shells' convention: the exit code (0-255) of a process
 * that exited, 128 + the CPU exception vector of one that faulted (142 for
 * a page fault), 128 + the signal for one a signal ended: 130 for Ctrl-C
 * (SIGINT), 137 for kill -9 or resdelete (SIGKILL), 143 for SIGTERM. The
 * words say the same for people: "killed: page fault (vector 14)",
 * "killed: stack overflow", "interrupted", "killed", "killed by signal 15
 * (SIGTERM)".
 * Pure: no system call, so tests/host/test_shstatus.c runs it on the host.
 * Entry points: sh_status_code, sh_status_words.
 */
#include "user/bin/sh/status.h"

#include <stdio.h>

#include "kernel/abi/types.h"

static const char *const vector_names[] = {
    "divide error",
    "debug trap",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "no FPU",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection fault",
    "page fault",
    "vector 15",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point error",
};

/* newlib's (and the kernel's, kernel/abi/signal.h) signal numbers 1-31 */
static const char *const signal_names[] = {
    "0",       "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",   "SIGTRAP", "SIGABRT", "SIGEMT",
    "SIGFPE",  "SIGKILL", "SIGBUS",    "SIGSEGV", "SIGSYS",   "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGURG",  "SIGSTOP", "SIGTSTP",   "SIGCONT", "SIGCHLD",  "SIGTTIN", "SIGTTOU", "SIGIO",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGLOST", "SIGUSR1", "SIGUSR2",
};

/* $? for a raw procwait status. */
int
sh_status_code(int raw)
{
    if (PROC_EXITED(raw))
        return PROC_EXITCODE(raw);
    if (PROC_FAULTED(raw))
        return SH_STATUS_FAULT + PROC_FAULTVEC(raw);
    if (PROC_SIGNALED(raw))
        return SH_STATUS_SIGNAL + PROC_TERMSIG(raw);
    return SH_STATUS_KILLED;
}

/* How the process ended, in words, into buf; NULL if it simply exited. */
const char *
sh_status_words(int raw, char *buf, size_t n)
{
    unsigned vec = (unsigned)PROC_FAULTVEC(raw);

    if (PROC_EXITED(raw))
        return NULL;
    if (PROC_STACKOVF(raw))
        snprintf(buf, n, "killed: stack overflow");
    else if (PROC_FAULTED(raw) && vec < sizeof(vector_names) / sizeof(vector_names[0]))
        snprintf(buf, n, "killed: %s (vector %u)", vector_names[vec], vec);
    else if (PROC_FAULTED(raw))
        snprintf(buf, n, "killed: CPU exception %u", vec);
    else if (raw == PROC_STATUS_INTR)
        snprintf(buf, n, "interrupted");
    else if (raw == PROC_STATUS_KILLED || !PROC_SIGNALED(raw))
        snprintf(buf, n, "killed");
    else if (PROC_TERMSIG(raw) < sizeof(signal_names) / sizeof(signal_names[0]))
        snprintf(buf, n, "killed by signal %u (%s)", PROC_TERMSIG(raw),
                 signal_names[PROC_TERMSIG(raw)]);
    else
        snprintf(buf, n, "killed by signal %u", PROC_TERMSIG(raw));
    return buf;
}

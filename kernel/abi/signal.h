/*
 * Signals (DESIGN §8): numbers, the sigaction record the kernel keeps and
 * the frame it builds on a user stack to run a handler.
 *
 * The numbers, the sigprocmask operations and SA_NOCLDSTOP are newlib's
 * (user programs get newlib's <signal.h>; an identical definition here is
 * no redefinition, and user/lib/signal.c checks each value at compile
 * time). A set of signals is a 32-bit word, bit n for signal n (newlib's
 * sigset_t); signal 0 does not exist.
 * struct ksigframe is the i386's: arch/x86/signal.c writes and checks it,
 * the user library's restorer hands it back (sigreturn), and tests forge
 * it. Generic kernel code never looks inside the register part.
 * Constants, fixed-width types and plain structs only: included by the
 * kernel, the user library and tests.
 */
#ifndef KERNEL_ABI_SIGNAL_H
#define KERNEL_ABI_SIGNAL_H

#include <stdint.h>

#define SIGHUP 1     /* terminate */
#define SIGINT 2     /* terminate; Ctrl-C sends it to the console's foreground */
#define SIGQUIT 3    /* terminate (no core files here) */
#define SIGILL 4     /* terminate */
#define SIGTRAP 5    /* terminate */
#define SIGABRT 6    /* terminate: abort() */
#define SIGEMT 7     /* terminate */
#define SIGFPE 8     /* terminate */
#define SIGKILL 9    /* terminate; cannot be caught, ignored or blocked */
#define SIGBUS 10    /* terminate */
#define SIGSEGV 11   /* terminate; also the end of a process whose signal frame is bad */
#define SIGSYS 12    /* terminate */
#define SIGPIPE 13   /* terminate */
#define SIGALRM 14   /* terminate */
#define SIGTERM 15   /* terminate */
#define SIGURG 16    /* ignore */
#define SIGSTOP 17   /* stop: not supported (no job control), kill and sigaction say EINVAL */
#define SIGTSTP 18   /* ignore by default (no job control) */
#define SIGCONT 19   /* ignore by default (nothing is ever stopped) */
#define SIGCHLD 20   /* ignore; sent to the parent when a child ends */
#define SIGTTIN 21   /* ignore by default (no job control) */
#define SIGTTOU 22   /* ignore by default (no job control) */
#define SIGIO 23     /* terminate */
#define SIGXCPU 24   /* terminate */
#define SIGXFSZ 25   /* terminate */
#define SIGVTALRM 26 /* terminate */
#define SIGPROF 27   /* terminate */
#define SIGWINCH 28  /* ignore */
#define SIGLOST 29   /* terminate */
#define SIGUSR1 30   /* terminate */
#define SIGUSR2 31   /* terminate */
#define NSIG 32      /* one past the last signal */

#define SIG_SETMASK 0 /* sigprocmask: the set replaces the mask */
#define SIG_BLOCK 1   /* add the set to the mask */
#define SIG_UNBLOCK 2 /* take the set out of the mask */

#define SA_NOCLDSTOP 1 /* sigaction flag: accepted; no child ever stops here */

/* handler values besides an address: newlib's SIG_DFL and SIG_IGN */
#define KSIG_DFL 0u
#define KSIG_IGN 1u

/* what sigaction sets and reports for one signal */
struct ksigaction {
    uint32_t handler;  /* KSIG_DFL, KSIG_IGN, or the address of void handler(int) */
    uint32_t mask;     /* also blocked while the handler runs (the signal itself always is) */
    uint32_t flags;    /* SA_NOCLDSTOP or 0 */
    uint32_t restorer; /* where the handler returns: code that calls sigreturn(frame) */
};
_Static_assert(sizeof(struct ksigaction) == 16, "struct ksigaction is ABI: 16 bytes");

/* the interrupted user registers, as the i386 had them */
struct ksigregs {
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t eip, eflags;
    uint32_t cs, ss, ds, es, fs, gs; /* selectors, in the low 16 bits */
};
_Static_assert(sizeof(struct ksigregs) == 64, "struct ksigregs is ABI: 64 bytes");

#define KSIG_FPU_SIZE 512 /* an fxsave image (fnsave's 108 bytes on a CPU without FXSR) */

/*
 * The frame a handler runs on, lowest address first: the handler is entered
 * with the stack pointer at `ret`, so it sees `sig` as its argument and
 * returns to the restorer with the stack pointer at `sig`; the restorer
 * calls sigreturn(frame) (user/lib/sigreturn.asm). The handler itself starts
 * with clean FPU registers and with DF, TF, NT and AC clear.
 */
struct ksigframe {
    uint32_t ret;       /* the handler's return address: its sigaction's restorer */
    int32_t sig;        /* the handler's argument */
    uint32_t mask;      /* the blocked set sigreturn puts back */
    uint32_t fpu_saved; /* 1: fpu holds the interrupted FPU registers; 0: it had none */
    struct ksigregs regs;
    uint8_t fpu[KSIG_FPU_SIZE];
};
_Static_assert(sizeof(struct ksigframe) == 592, "struct ksigframe is ABI: 592 bytes");

#endif

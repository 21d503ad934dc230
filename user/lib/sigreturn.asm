; user/lib/sigreturn.asm - where signal handlers return.
;
;   void tender_sigrestorer(void);   the return address of every handler
;
; The kernel enters a handler with the stack pointer at the return address
; of its struct ksigframe (kernel/abi/signal.h): the address of this
; restorer (sigaction names it, user/lib/signal.c). When the handler
; returns, the stack pointer is 4 bytes into the frame; the restorer hands
; the frame to sigreturn, which puts every register back and never returns
; here. It traps with int $0x80, not sysenter, because sysexit would
; clobber ECX and EDX on the way back (kernel/abi/syscalls.def).

bits 32
section .text

%define SYS_SIGRETURN 53 ; kernel/abi/syscalls.def (user/lib/signal.c checks it)

global tender_sigrestorer:function hidden
tender_sigrestorer:
    lea ebx, [esp - 4]          ; the frame: the handler's `ret` popped its first word
    mov eax, SYS_SIGRETURN
    int 0x80
    ud2                         ; not reached: sigreturn returns to the interrupted code

section .note.GNU-stack noalloc noexec nowrite progbits

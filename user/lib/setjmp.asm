; user/lib/setjmp.asm - POSIX's _setjmp and _longjmp (DESIGN §8).
;
;   int _setjmp(jmp_buf);            setjmp: the signal mask is not saved
;   void _longjmp(jmp_buf, int);     longjmp: nor restored
;
; newlib's setjmp and longjmp save and restore no signal mask, so they are
; POSIX's _setjmp and _longjmp already: these jump to them with the stack
; untouched (setjmp records its caller's return address and stack pointer,
; which are still the caller's). newlib's <setjmp.h> declares the two names
; (tools/newlib.sh adds them).

bits 32
section .text

extern setjmp
extern longjmp

global _setjmp:function
_setjmp:
    jmp setjmp

global _longjmp:function
_longjmp:
    jmp longjmp

section .note.GNU-stack noalloc noexec nowrite progbits

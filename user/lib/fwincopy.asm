; user/lib/fwincopy.asm - fwin_copy, the one copy the library makes between
; a caller's buffer and a file's shared window (user/lib/fwin.c, DESIGN §9).
;
;   int fwin_copy(void *dst, const void *src, uint32_t n);   0, or -EFAULT
;
; A window page may leave at any moment (another process shrinks the file),
; and the caller's buffer may be bad: a page fault between fwin_copy and
; fwin_copy_end does not end the process, because fwin.c registers that range
; with the kernel (faultfix), which then resumes at fwin_copy_fault with EAX
; = -EFAULT. Invariant: the range holds nothing but this copy, and the stack
; at any fault is the one fwin_copy_fault expects (ESI, EDI pushed).

bits 32
section .text

global fwin_copy:function
global fwin_copy_fault:function
global fwin_copy_end:function

fwin_copy:
    push esi
    push edi
    mov edi, [esp + 12]     ; dst
    mov esi, [esp + 16]     ; src
    mov ecx, [esp + 20]     ; n
    mov edx, ecx
    shr ecx, 2
    cld
    rep movsd               ; words first, then the bytes left
    mov ecx, edx
    and ecx, 3
    rep movsb
    xor eax, eax
    pop edi
    pop esi
    ret
fwin_copy_fault:            ; the kernel came here from a fault, EAX = -EFAULT
    pop edi
    pop esi
    ret
fwin_copy_end:

section .note.GNU-stack noalloc noexec nowrite progbits

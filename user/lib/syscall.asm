; user/lib/syscall.asm - the two system call trap paths (kernel/abi/syscalls.def).
;
;   int32_t syscall_int80(nr, a1, a2, a3, a4, a5);
;   int32_t syscall_sysenter(nr, a1, a2, a3, a4, a5);
;
; Both load EAX = number and EBX, ECX, EDX, ESI, EDI = arguments 1-5 and return
; the kernel's EAX (negative = -errno). The kernel preserves EBX, ESI, EDI, EBP
; on both paths; these stubs still save the cdecl callee-saved registers they
; load, so C callers see an ordinary function.
;
; sysenter passes no return address or user stack, so this stub pushes arg 3
; then arg 2 ([esp] = arg 2, [esp+4] = arg 3), sets ECX = ESP (the kernel reads
; arguments 2 and 3 from [ECX] and [ECX+4]) and EDX = the address just after
; `sysenter`; the kernel's sysexit resumes there with ESP = ECX. Position
; independent: the return address comes from a call/ret thunk, no relocation.

bits 32
section .text

global syscall_int80:function hidden
syscall_int80:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov eax, [ebp + 8]
    mov ebx, [ebp + 12]
    mov ecx, [ebp + 16]
    mov edx, [ebp + 20]
    mov esi, [ebp + 24]
    mov edi, [ebp + 28]
    int 0x80
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

global syscall_sysenter:function hidden
syscall_sysenter:
    push ebp
    mov ebp, esp
    push ebx
    push esi
    push edi
    mov eax, [ebp + 8]
    mov ebx, [ebp + 12]
    mov esi, [ebp + 24]
    mov edi, [ebp + 28]
    push dword [ebp + 20]       ; arg 3 at [ecx + 4]
    push dword [ebp + 16]       ; arg 2 at [ecx]
    call .pc                    ; EDX = address of .here (balanced call/ret)
.here:
    add edx, .resume - .here
    mov ecx, esp
    sysenter
.resume:
    add esp, 8                  ; drop args 2 and 3
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
.pc:
    mov edx, [esp]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits

; user/lib/ccallr.asm - the trap stubs of ccallr, the register form of ccall
; (kernel/abi/ipc.h): the message's two words go in EDI and EBP, and the
; answer comes back in registers, stored here into the caller's struct creg.
;
;   int32_t ccallr_int80(nr, box, cont, reply_box, timeout_ms, struct creg *m);
;   int32_t ccallr_sysenter(nr, box, cont, reply_box, timeout_ms, struct creg *m);
;
; In: EAX = nr, EBX = box, ECX/EDX = cont/reply_box (int $0x80) or [ECX]/[ECX+4]
; (sysenter, as syscall.asm passes arguments 2 and 3), ESI = timeout_ms,
; EDI = m->w[0], EBP = m->w[1]. Out: EAX = the container's rid or -errno;
; when it is not negative, EBX = reply box, ESI = sender, EDI/EBP = the words,
; stored into *m (w[0], w[1], reply, sender); on an error *m is untouched.
; The cdecl callee-saved registers are saved and restored here.

bits 32
section .text

; stack after the four pushes: return address at [esp+16], then the arguments
%define ARG_NR      esp + 20
%define ARG_BOX     esp + 24
%define ARG_CONT    esp + 28
%define ARG_REPLY   esp + 32
%define ARG_TIMEOUT esp + 36
%define ARG_M       esp + 40

%macro LOAD_MSG 0
    push ebp
    push ebx
    push esi
    push edi
    mov eax, [ARG_M]
    mov edi, [eax]              ; w[0]
    mov ebp, [eax + 4]          ; w[1]
    mov ebx, [ARG_BOX]
    mov esi, [ARG_TIMEOUT]
%endmacro

global ccallr_int80:function hidden
ccallr_int80:
    LOAD_MSG
    mov ecx, [ARG_CONT]
    mov edx, [ARG_REPLY]
    mov eax, [ARG_NR]
    int 0x80
    jmp store_answer

global ccallr_sysenter:function hidden
ccallr_sysenter:
    LOAD_MSG
    push dword [ARG_REPLY]      ; arg 3 at [ecx + 4]
    push dword [ARG_CONT + 4]   ; arg 2 at [ecx] (esp moved by the push above)
    mov eax, [ARG_NR + 8]
    call ccallr_pc              ; EDX = address of .here (balanced call/ret)
.here:
    add edx, .resume - .here
    mov ecx, esp
    sysenter
.resume:
    add esp, 8                  ; drop args 2 and 3
store_answer:
    test eax, eax
    js .done                    ; an error: the registers are ours, unchanged
    mov ecx, [ARG_M]
    mov [ecx], edi
    mov [ecx + 4], ebp
    mov [ecx + 8], ebx          ; reply
    mov [ecx + 12], esi         ; sender
.done:
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
ccallr_pc:
    mov edx, [esp]
    ret

section .note.GNU-stack noalloc noexec nowrite progbits

; Kernel context switch between processes.
;
; void arch_switch(uint32_t *save_esp, uint32_t new_esp)
; Pushes EFLAGS and the callee-saved registers on the current kernel stack
; (so no flag of one context leaks into another), stores the
; stack pointer through save_esp, loads new_esp and pops the same registers
; from there; `ret` then continues wherever that stack last switched away,
; or, for a new process, in trap_return (arch_kstack_init builds that frame).
; The address space is loaded by the caller, and only when it changes.

global arch_switch

section .text
arch_switch:
    mov eax, [esp + 4]
    mov edx, [esp + 8]
    pushfd
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    popfd
    ret

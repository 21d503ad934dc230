; Fault-tolerant memory probes for the in-kernel self-test.
;
; arch_probe_read(addr, out) reads one dword. If the read faults, the
; self-test's fault hook resumes execution at arch_probe_resume, which
; returns -1 instead of panicking. Only the instruction at
; arch_probe_insn may fault.

global arch_probe_read, arch_probe_insn, arch_probe_resume

section .text
; int arch_probe_read(const volatile uint32_t *addr, uint32_t *out): 0, or -1 if it faulted
arch_probe_read:
    mov ecx, [esp + 4]
arch_probe_insn:
    mov eax, [ecx]
    mov ecx, [esp + 8]
    mov [ecx], eax
    xor eax, eax
    ret
arch_probe_resume:
    mov eax, -1
    ret

; Trap entry stubs (entry.asm): every exception, IRQ and int $0x80 lands here.
;
; Each stub pushes a dummy error code when the CPU pushes none, then its
; vector, so all of them share one frame (struct trapframe in x86.h).
; trap_common saves the general registers and the data segments, loads the
; kernel data segments and calls trap_dispatch(frame). trap_return restores
; and irets; new processes also start there.

%define SEL_KDATA 0x10

extern trap_dispatch
global trap_return
global trap_vectors

%macro STUB_NOERR 1
trap_stub_%1:
    push dword 0
    push dword %1
    jmp trap_common
%endmacro

%macro STUB_ERR 1
trap_stub_%1:
    push dword %1
    jmp trap_common
%endmacro

section .text
; CPU exceptions that push an error code: 8, 10-14, 17, 21, 29, 30 (SDM vol. 3, 6.15)
%assign v 0
%rep 48
  %if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
    STUB_ERR v
  %else
    STUB_NOERR v
  %endif
  %assign v v+1
%endrep
STUB_NOERR 128

; The rest of struct trapframe below the vector: general registers and data
; segments; then the kernel's data segments and a clear direction flag.
%macro SAVE_REGS 0
    pusha
    push ds
    push es
    push fs
    push gs
    mov ax, SEL_KDATA
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    cld
%endmacro

; Undo SAVE_REGS and drop the vector and error code.
%macro RESTORE_REGS 0
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8
%endmacro

trap_common:
    SAVE_REGS
    push esp
    call trap_dispatch
    add esp, 4
trap_return:
    RESTORE_REGS
    iret

section .rodata
; Table of stub addresses for idt_init: 48 entries for vectors 0-47, then 0x80.
trap_vectors:
%assign v 0
%rep 48
    dd trap_stub_ %+ v
  %assign v v+1
%endrep
    dd trap_stub_128

; sysenter entry (SDM vol. 3, 5.8.7). The user stub (user/lib/syscall.asm)
; put arguments 1, 4, 5 in EBX, ESI, EDI, pushed arguments 2 and 3 on its
; stack, and passed that stack pointer in ECX and its return address in EDX.
; We build the same trap frame int $0x80 builds, so everything downstream
; (faults, the scheduler, trap_user_return) sees one shape, call
; sysenter_dispatch, then return with sysexit (EDX = eip, ECX = esp). `sti`
; delays interrupts by one instruction, so none arrives before sysexit.
%define SEL_UCODE 0x1b
%define SEL_UDATA 0x23
extern arch_tss
extern sysenter_dispatch
global sysenter_entry
section .text
sysenter_entry:
    mov esp, [arch_tss + 4]             ; TSS.ESP0: this process's kernel stack
    push dword SEL_UDATA                ; ss
    push ecx                            ; user esp
    push dword 0x202                    ; eflags: IF on return
    push dword SEL_UCODE                ; cs
    push edx                            ; user eip
    push dword 0                        ; error code
    push dword 128                      ; vector: a system call
    SAVE_REGS
    push esp
    call sysenter_dispatch
    add esp, 4
    RESTORE_REGS
    mov edx, [esp]                      ; eip
    mov ecx, [esp + 12]                 ; esp
    sti
    sysexit

; Trap entry stubs (entry.asm): every exception, IRQ and int $0x80 lands here.
;
; Each stub pushes a dummy error code when the CPU pushes none, then its
; vector, so all of them share one frame (struct trapframe in x86.h).
; trap_common saves the general registers and the data segments, loads the
; kernel data segments and calls trap_dispatch(frame). trap_return restores
; and irets; new processes also start there.
;
; Flags: interrupt gates clear IF, TF and NT on entry; SAVE_REGS also loads
; clean kernel flags (no DF, no AC), so kernel code always runs with EFLAGS
; = 2 and the user's own flags come back from the frame on the way out.
; The code between user_return_start and user_return_end runs in ring 0 on
; a user's behalf: a fault there ends the process, not the machine (trap.c).

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

%define EFLAGS_RESERVED 0x002           ; bit 1, always set
%define EFLAGS_TF 0x100
%define EFLAGS_IF 0x200
%define EFLAGS_NT 0x4000

; The rest of struct trapframe below the vector: general registers and data
; segments; then the kernel's data segments and clean flags (no DF, AC, NT,
; TF; IF stays off).
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
    push dword EFLAGS_RESERVED
    popfd
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

global user_return_start
global user_return_end
trap_common:
    SAVE_REGS
    push esp
    call trap_dispatch
    add esp, 4
trap_return:
user_return_start:
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
; (faults, the scheduler, user_return) sees one shape, call
; sysenter_dispatch, then return with sysexit (EDX = eip, ECX = esp).
;
; SYSENTER loads CS and SS and clears IF, but keeps the user's DS and ES and
; the rest of EFLAGS (TF, NT, AC, DF). So the stub reads memory through SS
; (the kernel's flat data segment) until SAVE_REGS has loaded the kernel's
; segments, and saves the user's flags before cleaning its own. With TF set,
; the single-step trap arrives at sysenter_entry itself, on the MSR stack:
; trap.c clears TF there and sets sysenter_tf_pending, which goes back into
; the saved flags. The user gets its own flags back: through sysexit after a
; popfd, or through iret when TF or NT is set (SDM vol. 3, 17.3.1.4: a
; popfd with TF would trap in the kernel; iret is how such flags return).
%define SEL_UCODE 0x1b
%define SEL_UDATA 0x23
%define TF_EFLAGS 64                    ; offset of eflags in struct trapframe
extern arch_tss
extern sysenter_dispatch
global sysenter_entry
global sysenter_flags_clean
global sysenter_tf_pending
section .bss
sysenter_tf_pending: resb 1
section .text
sysenter_entry:
    mov esp, [ss:arch_tss + 4]          ; TSS.ESP0: this process's kernel stack
    push dword SEL_UDATA                ; ss
    push ecx                            ; user esp
    pushfd                              ; the user's flags, IF cleared by sysenter
    push dword EFLAGS_RESERVED
    popfd                               ; no NT, AC, DF from here on
sysenter_flags_clean:
    or dword [esp], EFLAGS_IF           ; eflags on return: interrupts on
    push dword SEL_UCODE                ; cs
    push edx                            ; user eip
    push dword 0                        ; error code
    push dword 128                      ; vector: a system call
    SAVE_REGS
    cmp byte [sysenter_tf_pending], 0
    je .flags_done
    mov byte [sysenter_tf_pending], 0
    or dword [esp + TF_EFLAGS], EFLAGS_TF
.flags_done:
    push esp
    call sysenter_dispatch
    add esp, 4
    RESTORE_REGS                        ; esp -> eip, cs, eflags, esp, ss
    test dword [esp + 8], EFLAGS_TF | EFLAGS_NT
    jnz .by_iret
    mov edx, [esp]                      ; eip
    mov ecx, [esp + 12]                 ; esp
    push dword [esp + 8]
    and dword [esp], ~EFLAGS_IF
    popfd                               ; the user's flags but IF
    sti                                 ; IF takes effect after sysexit
    sysexit
.by_iret:
    iret
user_return_end:

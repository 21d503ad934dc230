; user/lib/crt0.asm - process entry point of every user program.
;
; Entry ABI (the kernel's ELF loader sets it up): ESP points at argc, followed
; by argv[0..argc-1] and a NULL, all on the process's stack; every other
; register is undefined. _start aligns the stack to 16 bytes (the i386 SysV
; ABI gcc assumes), calls __libc_init() (choose the trap path, syscalls.c)
; and env_import() (environ from the parent's, env.c), then
; exit(main(argc, argv)). It never returns.

bits 32
section .text

extern __libc_init
extern env_import
extern main
extern exit

global _start:function hidden
_start:
    xor ebp, ebp                ; end of the frame-pointer chain
    mov esi, esp                ; ESI (callee-saved) -> argc
    and esp, -16
    call __libc_init wrt ..plt
    call env_import wrt ..plt
    sub esp, 8
    lea eax, [esi + 4]
    push eax                    ; argv
    push dword [esi]            ; argc
    call main wrt ..plt
    mov [esp], eax
    call exit wrt ..plt
    ud2                         ; exit does not return

section .note.GNU-stack noalloc noexec nowrite progbits

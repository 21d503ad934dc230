; Multiboot2 header and 32-bit entry of the kernel.
;
; GRUB loads the kernel at physical 1 MiB and jumps to boot_entry (GRUB turns
; the virtual ELF entry into its physical address) with
; paging off, EAX = multiboot2 magic and EBX = physical address of the boot
; information. We build a boot page directory that maps the first 16 MiB both
; at 0 (identity, so the next instruction after enabling paging still runs)
; and at 0xC0000000 (the higher half the kernel is linked for), turn paging
; on, switch to the boot stack and call kmain(magic, mbi_phys). kmain replaces
; this directory with the final kernel one; the identity map dies with it.

KERNEL_VBASE    equ 0xC0000000
BOOT_MAP_TABLES equ 4                   ; 4 page tables x 4 MiB = 16 MiB
PTE_PRESENT_RW  equ 0x003
CR0_PG          equ 0x80000000
CR0_WP          equ 0x00010000

MB2_MAGIC       equ 0xE85250D6
MB2_ARCH_I386   equ 0

section .multiboot
align 8
mb2_header:
    dd MB2_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    ; module alignment tag: modules start on a page (the boot image's program
    ; text is mapped from its pages in place, proc/loader.c)
    dw 6, 0
    dd 8
    ; end tag
    dw 0, 0
    dd 8
mb2_header_end:

section .boot.text
global boot_entry
extern kmain
boot_entry:
    cli
    mov esi, eax                        ; keep magic and mbi across the setup
    mov edi, ebx

    ; Fill the boot page tables with 4096 * BOOT_MAP_TABLES consecutive frames.
    mov ebx, boot_page_tables - KERNEL_VBASE
    xor ecx, ecx
.fill_pte:
    mov eax, ecx
    shl eax, 12
    or eax, PTE_PRESENT_RW
    mov [ebx + ecx * 4], eax
    inc ecx
    cmp ecx, 1024 * BOOT_MAP_TABLES
    jne .fill_pte

    ; Point PDEs 0.. and 768.. at those tables.
    mov edx, boot_page_dir - KERNEL_VBASE
    xor ecx, ecx
.fill_pde:
    mov eax, ecx
    shl eax, 12
    add eax, boot_page_tables - KERNEL_VBASE
    or eax, PTE_PRESENT_RW
    mov [edx + ecx * 4], eax
    mov [edx + ecx * 4 + (KERNEL_VBASE >> 22) * 4], eax
    inc ecx
    cmp ecx, BOOT_MAP_TABLES
    jne .fill_pde

    mov cr3, edx
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax
    lea eax, [.higher_half]
    jmp eax

.higher_half:
    mov esp, boot_stack_top
    xor ebp, ebp                        ; ends the backtrace chain
    push edi                            ; mbi_phys
    push esi                            ; magic
    call kmain
.hang:
    cli
    hlt
    jmp .hang

section .bss
align 4096
global boot_page_dir
boot_page_dir:
    resb 4096
boot_page_tables:
    resb 4096 * BOOT_MAP_TABLES
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    resb 16384
boot_stack_top:

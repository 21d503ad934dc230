KERNEL_ASM += arch/x86/boot.asm arch/x86/entry.asm arch/x86/probe.asm arch/x86/switch.asm
KERNEL_C += arch/x86/arch.c arch/x86/console.c arch/x86/context.c arch/x86/kbd.c arch/x86/cpu.c arch/x86/fpu.c arch/x86/gdt.c arch/x86/idt.c arch/x86/iobitmap.c arch/x86/multiboot2.c arch/x86/page.c \
            arch/x86/paging.c arch/x86/pci.c arch/x86/pic.c arch/x86/rtc.c arch/x86/serial.c arch/x86/signal.c \
            arch/x86/timer.c arch/x86/trap.c \
            arch/x86/vga.c

KERNEL_C += kernel/bootinfo.c kernel/clock.c kernel/compiler_rt.c kernel/console.c kernel/entropy.c \
            kernel/getentropy.c kernel/initrd.c \
            kernel/kmain.c kernel/ksyms.c kernel/panic.c kernel/printk.c kernel/quota.c kernel/rcc.c \
            kernel/resource.c kernel/ressys.c kernel/selftest.c kernel/string.c kernel/syscall.c \
            kernel/usercopy.c

KERNEL_C += proc/device.c proc/env.c proc/hvs.c proc/ioport.c proc/loader.c proc/pci.c proc/proc.c \
            proc/sched.c proc/signal.c proc/sysstat.c proc/tty.c proc/userret.c

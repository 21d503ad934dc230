KERNEL_C += proc/hvs.c proc/loader.c proc/proc.c proc/sched.c

KERNEL_C += proc/env.c proc/hvs.c proc/loader.c proc/proc.c proc/sched.c

KERNEL_C += proc/sched.c

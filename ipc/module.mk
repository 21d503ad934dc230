KERNEL_C += ipc/cbox.c ipc/container.c ipc/ipcsys.c ipc/pipe.c ipc/pipepoll.c

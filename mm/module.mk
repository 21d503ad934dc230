KERNEL_C += mm/frame.c mm/kheap.c mm/mem.c

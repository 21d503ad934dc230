KERNEL_C += mm/frame.c mm/frameset.c mm/kheap.c mm/ptset.c mm/mem.c mm/range.c mm/uaddr.c mm/vregion.c mm/vspace.c mm/vuspace.c mm/vwin.c mm/vwinsys.c mm/cwin.c

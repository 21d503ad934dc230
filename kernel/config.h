/*
 * Compile-time sizes and rates of the kernel: every tunable lives here.
 * Included by kernel code and by host tests of pure logic.
 */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

#define CONFIG_TIMER_HZ 100          /* PIT interrupt rate */
#define CONFIG_KSTACK_SIZE 8192      /* per-process kernel stack, bytes */
#define CONFIG_SLICE_TICKS 5         /* round-robin time slice */

/* processes' user memory (see mm/range.h: areas are whole 4 MiB chunks) */
#define CONFIG_IMAGE_MAX (8u << 20)  /* largest program image */
#define CONFIG_USTACK_MAX (8u << 20) /* a stack grows down to this, reserved (DESIGN §8) */
#define CONFIG_USTACK_INIT (64u << 10)  /* mapped (lazily) at the start, under the arguments */
#define CONFIG_USTACK_STEP (64u << 10)  /* it grows by this much at a touch below it */
#define CONFIG_USTACK_GUARD (64u << 10) /* unmapped below the reserve: overflows fault there */
#define CONFIG_ARGS_MAX 32           /* argv entries for proccreate */
#define CONFIG_ARGS_BYTES 4096       /* one argument's bytes (with its NUL) */
#define CONFIG_ARGS_TOTAL 16384      /* all of one proccreate's argument bytes */
#define CONFIG_CWIN_CHUNKS 8         /* the container window (mm/cwin.c): 32 MiB of addresses */

/* resource table: slots per type (slot 0 unused, so usable = size - 1) */
#define CONFIG_NR_VREGION 512
#define CONFIG_NR_VSPACE 128
#define CONFIG_NR_VUSPACE 512
#define CONFIG_NR_PROC 128
#define CONFIG_NR_PROGRAM 64 /* programs whose text processes share */
#define CONFIG_INITRD_INDEX 256 /* boot image members found by binary search */
#define CONFIG_NR_CBOX 64
#define CONFIG_NR_CONTAINER 512
#define CONFIG_NR_IOPORT 8 /* device port ranges: ata0 and one from the boot options */
#define CONFIG_NR_DEVICE 32 /* PCI functions (proc/device.c); QEMU's pc has six */
#define CONFIG_NR_PIPE 64   /* pipes, PIPE_SIZE bytes of kernel heap each */

/* per-owner limits for every owner but the system owner (kernel/quota.c);
 * boot options quota_slots=PERCENT and quota_frames=FRAMES override them */
#define CONFIG_QUOTA_ACCOUNTS 64     /* owners holding resources at once */
#define CONFIG_QUOTA_SLOTS_PCT 25    /* of each resource table */
#define CONFIG_QUOTA_FRAMES_PCT 50   /* of the frames free at boot */

#endif

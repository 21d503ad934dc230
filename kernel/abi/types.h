/*
 * Plain structs exchanged between kernel and user space: resource info, the
 * kernel counters and process exit status encoding. Fixed-width fields only,
 * no pointers, so the layout is the same on both sides.
 */
#ifndef KERNEL_ABI_TYPES_H
#define KERNEL_ABI_TYPES_H

#include <stdint.h>

#include "kernel/abi/resource.h"

/* PCI functions as resources (RT_DEVICE, proc/device.c; DESIGN §7) */
enum { DEV_BAR_NONE, DEV_BAR_MEM, DEV_BAR_IO }; /* a BAR's kind; NONE also: unusable here */

#define DEV_BARS 6        /* base address registers of a PCI function */
#define DEV_IRQ_NONE 0xff /* no interrupt line */
#define DEV_CMD_IO 0x1    /* bits of the PCI command register (PCI 3.0, 6.2.2) */
#define DEV_CMD_MEM 0x2
#define DEV_CMD_MASTER 0x4     /* bus mastering: the device may read and write memory (DMA) */
#define DEV_CMD_INTX_OFF 0x400 /* its interrupt pin is disabled */
#define DEV_DMA_PAGES_MAX 1024 /* DMA memory a holder may have of one device, in pages */
#define DEV_DMA_BUFS 16        /* DMA buffers a holder may have of one device */

/* devattach: where the device is, for its holder */
struct devmap {
    uint32_t addr[DEV_BARS]; /* memory BAR i mapped uncached at this address, 0: not mapped */
    uint32_t port[DEV_BARS]; /* I/O BAR i opened to the holder from this port on, 0: none */
};
_Static_assert(sizeof(struct devmap) == 48, "struct devmap is ABI: 48 bytes");

/* devdma: a physically contiguous buffer for the device's DMA */
struct devdma {
    uint32_t addr; /* where the holder has it (writable, zero-filled) */
    uint32_t phys; /* the bus address the device uses: physical, told to the holder alone */
};
_Static_assert(sizeof(struct devdma) == 8, "struct devdma is ABI: 8 bytes");

/* pipes (ipc/pipe.c): the ends a process holds, as pipeends lists them */
#define PIPE_READ 0  /* the read end */
#define PIPE_WRITE 1 /* the write end */
#ifndef PIPE_BUF
#define PIPE_BUF 512 /* a write of at most this many bytes is never split (POSIX) */
#endif
#define PIPE_SIZE 4096 /* bytes a pipe buffers */
#define PIPE_NOWAIT 1  /* piperead, pipewrite: -EAGAIN rather than wait (O_NONBLOCK) */
struct pipeend {
    rid_t pipe;
    uint8_t end;     /* PIPE_READ or PIPE_WRITE */
    uint8_t inherit; /* passed to children at proccreate (pipemark) */
    uint16_t pad;
};
_Static_assert(sizeof(struct pipeend) == 8, "struct pipeend is ABI: 8 bytes");

/* pipepoll (ipc/pipepoll.c): one held end, what the caller waits for and
 * what holds. The bits are <poll.h>'s. */
#define PIPE_POLLIN 0x001  /* read end: bytes buffered */
#define PIPE_POLLOUT 0x004 /* write end: PIPE_BUF bytes fit, a reader is held */
#define PIPE_POLLERR 0x008 /* write end: no read end held anywhere (a write: EPIPE) */
#define PIPE_POLLHUP 0x010 /* read end: no write end held anywhere (a read: 0 when empty) */
#define PIPEPOLL_MAX 64    /* entries in one pipepoll */
struct pipepollfd {
    rid_t pipe;
    uint8_t end; /* PIPE_READ or PIPE_WRITE */
    uint8_t pad;
    uint16_t events;  /* PIPE_POLLIN, PIPE_POLLOUT */
    uint16_t revents; /* set by pipepoll: those of events that hold, and ERR or HUP */
    uint16_t pad2;
};
_Static_assert(sizeof(struct pipepollfd) == 12, "struct pipepollfd is ABI: 12 bytes");

/* what resinfo returns; the type-specific part is a union */
struct res_info {
    rid_t rid;
    int32_t type;      /* RT_* */
    uint16_t owner, group, mode, refs;
    char name[RES_NAME_MAX];
    union {
        struct { uint32_t pages, frames, maps; } vregion; /* size; frames of its own; mappings */
        struct { uint32_t nprocs, pages; } vspace;                /* processes in it, mapped pages */
        struct { rid_t vspace, vregion; uint32_t start, size, prot; } vuspace;
        struct { rid_t vspace, parent; int32_t state; uint32_t pages, base, limit; } proc;
        struct { uint32_t queued, waiting; } cbox;
        struct { uint32_t size; rid_t holder; } container;
        struct { uint32_t base[2], count[2]; } ioport;            /* count 0: unused */
        struct {
            uint32_t bytes, readers, writers;
        } pipe; /* buffered; processes holding each end */
        struct {
            uint16_t vendor, device; /* PCI identity */
            uint32_t class_rev;      /* class code (base, sub, interface) << 8 | revision */
            uint8_t irq, pin;        /* interrupt line (DEV_IRQ_NONE), pin 1-4 = INTA-INTD */
            uint16_t command;        /* its PCI command register, read now (DEV_CMD_*) */
            rid_t holder, box;       /* the attached process and its bound box, 0: none */
            uint32_t irqs;           /* interrupts taken on its line while bound */
            uint8_t pending;         /* notified, not yet acknowledged: its line is masked */
            uint8_t kind[DEV_BARS];  /* DEV_BAR_* of each base address register */
            uint8_t pad;
            struct {
                uint32_t base, size;
            } bar[DEV_BARS]; /* addresses or ports */
        } device;
        uint32_t raw[20];
    } u;
};

_Static_assert(sizeof(struct res_info) == 128, "struct res_info is ABI: 128 bytes");

/* proc states in res_info.u.proc.state */
enum { PROC_READY = 1, PROC_RUNNING, PROC_BLOCKED, PROC_ZOMBIE };

/* kernel counters for tests and benchmarks (sysstat) */
struct sysstat {
    uint32_t switches;       /* process switches since boot */
    uint32_t cr3_loads;      /* of those and all else, address-space loads */
    uint32_t free_frames;
    uint32_t free_slots[1 << RID_TYPE_BITS]; /* free resource slots, indexed by RT_*; [0]:
                                                free 4 MiB chunks of user addresses */
    uint32_t ticks;          /* timer interrupts since boot */
    uint32_t timer_hz;
    uint32_t tsc_khz;        /* calibrated TSC rate */
    uint32_t features;       /* SYSSTAT_* */
    uint32_t tick_gap_max_us; /* longest time between two timer interrupts since boot */
    uint32_t ticks_late;     /* timer interrupts that came 5 periods or more after the one
                                before: interrupts were off that long (or the host stalled) */
};
_Static_assert(sizeof(struct sysstat) == 100, "struct sysstat is ABI: 100 bytes");
_Static_assert(RT_COUNT <= 1 << RID_TYPE_BITS, "sysstat.free_slots holds every RT_* type");
#define SYSSTAT_SEP 0x1      /* sysenter available */
#define SYSSTAT_PGE 0x2      /* global pages on */

/* bytes of a process environment (envset, envget) */
#define ENV_BLOCK_MAX 1024

/* clockget: which clock (newlib's clockid_t values) and what it reads */
#define KCLOCK_REALTIME 1  /* seconds since 1970: the CMOS clock read at boot, then the TSC */
#define KCLOCK_MONOTONIC 4 /* since boot, from the calibrated TSC */
struct ktimespec {
    uint32_t sec, nsec;
};
_Static_assert(sizeof(struct ktimespec) == 8, "struct ktimespec is ABI: 8 bytes");

/* a process's CPU time (proctimes), in timer ticks of hz per second: the
 * tick charges the process it interrupts, in user mode or in the kernel */
struct kproctimes {
    uint32_t user, sys;             /* its own */
    uint32_t child_user, child_sys; /* of its children that ended and were waited for */
    uint32_t hz;                    /* ticks per second */
};
_Static_assert(sizeof(struct kproctimes) == 20, "struct kproctimes is ABI: 20 bytes");

/* proccreatewin: proccreate of a program on the disk, whose file the
 * caller has mapped whole (the file server's shared window, OMFS_EXEC and
 * OMFS_MAP); the first five as proccreate's (path names the program) */
struct kprocwin {
    uint32_t name, path, argv; /* user pointers: const char *, const char *, char *const * */
    int32_t vmid;
    uint32_t mod;
    uint32_t image; /* the file's byte 0 in a window attached to the caller, page aligned */
    uint32_t size;  /* the file's size in bytes */
};
_Static_assert(sizeof(struct kprocwin) == 28, "struct kprocwin is ABI: 28 bytes");

/* protection bits of a virtual user space */
#define VUS_READ 0x1
#define VUS_WRITE 0x2
#define VUS_EXEC 0x4

/* shared windows (vwcreate, vwdirty) */
#define VWIN_PAGES_MAX (16 * 1024) /* the largest window: 64 MiB of addresses */
#define VWIN_DIRTY_MAX 1024        /* pages one vwdirty call reports on */

/* exit status as procwait reports it */
#define PROC_STATUS_EXIT(code) ((code) & 0xff)          /* exit(code) */
#define PROC_STATUS_FAULT(vec) (0x1000 | ((vec) & 0xff)) /* killed by CPU exception vec */
#define PROC_STATUS_SIGNAL(sig) (0x2000 | ((sig)&0x7f))  /* ended by signal sig (signal.h) */
#define PROC_STATUS_KILLED PROC_STATUS_SIGNAL(9) /* SIGKILL: kill, or deleted with resdelete */
#define PROC_STATUS_INTR PROC_STATUS_SIGNAL(2)   /* SIGINT: Ctrl-C on the console, or kill */
#define PROC_STATUS_STACK 0x0800 /* with FAULT(14): the fault was a stack overflow */
#define PROC_STACKOVF(s) (((s) & (0x1000 | PROC_STATUS_STACK)) == (0x1000 | PROC_STATUS_STACK))
#define PROC_EXITED(s) (((s) & ~0xff) == 0)
#define PROC_FAULTED(s) (((s) & 0x1000) != 0)
#define PROC_SIGNALED(s) (((s)&0x2000) != 0)
#define PROC_EXITCODE(s) ((s) & 0xff)
#define PROC_FAULTVEC(s) ((s) & 0xff)
#define PROC_TERMSIG(s) ((s)&0x7f)

#endif

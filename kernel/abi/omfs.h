/*
 * The file server's protocol (DESIGN §5): what a client puts in a container
 * it ccalls to the box "omfs", and what comes back in the same container.
 *
 * Every message starts with a struct omfs_msg (OMFS_HDR bytes); the bytes
 * after it are the request's data (a path, two NUL-separated paths for
 * rename, the bytes to write) or the reply's (bytes read, directory
 * entries). `size` counts them, and must fit the container. The server
 * answers in the container it got, so a client reuses one container per
 * round trip. Results are >= 0 or -errno (kernel/abi/errno.h). Who asks is
 * known from the container's sender stamp (struct cmsg), never from the
 * message. Handles are the server's, valid only for the process that
 * opened (or adopted) them. Constants, fixed-width types and plain structs
 * only: included by the server, the user library and tests.
 */
#ifndef KERNEL_ABI_OMFS_H
#define KERNEL_ABI_OMFS_H

#include <stdint.h>

#include "kernel/abi/clockpage.h"

#define OMFS_BOX "omfs"     /* the server's container box */
#define OMFS_HDR 96         /* bytes of struct omfs_msg: data starts here */
#define OMFS_PATH_MAX 1024  /* bytes of a path, with its NUL */
#define OMFS_NAME_MAX 255   /* bytes of one name in a path */

enum omfs_code {
    OMFS_OPEN = 1,   /* data: path; flags O_*, mode; result: handle */
    OMFS_CLOSE,      /* handle; flushes the file's data to the disk */
    OMFS_READ,       /* handle, size (flags OMFS_AT: at offset); result: bytes, in data */
    OMFS_WRITE,      /* handle, data (flags OMFS_AT: at offset); result: bytes written */
    OMFS_LSEEK,      /* handle, offset, flags = whence; result: new offset */
    OMFS_FSTAT,      /* handle; reply st */
    OMFS_STAT,       /* data: path (flags OMFS_NOFOLLOW: lstat); reply st */
    OMFS_UNLINK,     /* data: path */
    OMFS_MKDIR,      /* data: path; mode */
    OMFS_RMDIR,      /* data: path */
    OMFS_RENAME,     /* data: old path NUL new path NUL */
    OMFS_FSYNC,      /* handle: its data and inode on the disk */
    OMFS_READDIR,    /* handle (a directory), size: room; data: struct omfs_dirent... */
    OMFS_TRUNCATE,   /* handle, offset = new size */
    OMFS_ADOPT,      /* handle of the caller's parent: a handle of the caller's own */
    OMFS_STATFS,     /* reply fs */
    OMFS_SYNC,       /* everything to the disk */
    OMFS_UTIME,      /* data: path (flags OMFS_FD: the handle's file); flags OMFS_TIMES:
                        atime = u.raw[0], mtime = u.raw[1], else both now (touch) */
    OMFS_INFO,       /* reply info: the server's counters (tests, leak checks); with room
                        for them, data: struct omfs_optime[OMFS_NCODES] (size says) */
    OMFS_SHUTDOWN,   /* the system owner only: flush everything, stop serving */
    OMFS_MAP,        /* handle, offset, mode = length: map [offset, offset+length) of the
                        file into the caller (OMF readblock); result: the file's window, as
                        the page number of its byte 0 (address >> 12); reply flags: 1 if
                        writable; u.raw[0..3]: struct omfs_mapped (DESIGN §9) */
    OMFS_WRITEBLOCK, /* handle, offset, mode = length; flags OMFS_RESIZE, OMFS_WB_DATA
                      (then `size` = length bytes follow): the range to the disk */
    OMFS_CHMOD,      /* data: path (flags OMFS_FD: the handle's file); mode: the bits 07777 */
    OMFS_CHOWN,      /* data: path (flags OMFS_FD: the handle's); u.raw[0] uid, u.raw[1] gid
                        ((uint32_t)-1: unchanged) */
    OMFS_LOCK,       /* handle; flags OMFS_LK_GET or OMFS_LK_SET; u.raw[0] type (F_RDLCK,
                        F_WRLCK, F_UNLCK), mode whence, offset start, u.raw[1] length (both
                        signed, as struct flock); GET replies u.raw[0..3]: type, start, length,
                        pid of a conflicting lock (type F_UNLCK: none) */
    OMFS_SYMLINK,    /* data: the link's path NUL its target NUL (the target as given, 1..4095
                        bytes; not made absolute) */
    OMFS_READLINK,   /* data: path; mode = room; result: the target's bytes, in data (no NUL) */
    OMFS_EXEC,       /* data: path of a program to run; result: a read-only handle whose file
                        the server keeps mapped while the kernel runs text from its window
                        (writers get ETXTBSY then); reply st */
    OMFS_LEND,       /* handle (the caller's own), u.raw[0] = pid of a child the caller just
                        made: a handle for the child on the same open file, which the child's
                        OMFS_ADOPT of `handle` then takes, so the caller may close at once */
    OMFS_NCODES
};

#define OMFS_CLIP 0x1       /* MAP flag: clip the range to the file (-EINVAL only past its end) */
#define OMFS_AT 0x80000000u /* READ/WRITE flag: use `offset`, not the handle's position */
#define OMFS_RESIZE 0x1     /* WRITEBLOCK flag: offset + length is the new size (omf.h's OMF_RESIZE) */
#define OMFS_WB_DATA 0x2    /* WRITEBLOCK flag: the bytes follow; else they are in the cache */
#define OMFS_LK_GET 1       /* LOCK: F_GETLK */
#define OMFS_LK_SET 2       /* LOCK: F_SETLK (F_SETLKW is the client asking again) */
#define OMFS_FD 0x1         /* CHMOD/CHOWN/UTIME flag: the file of `handle`, no path */
#define OMFS_TIMES 0x2      /* UTIME flag: the times are given (u.raw[0] atime, u.raw[1] mtime) */
#define OMFS_NOFOLLOW 0x4   /* STAT flag: a symlink as the last name is itself stated (lstat) */
#define OMFS_SYMLINK_MAX 4095 /* bytes of a symlink's target */

/* DESIGN §9, file I/O without round trips. The server keeps for each file
 * with a window a state page, attached read-only to every process that
 * mapped the file, and for each such process a claims page it may write:
 * per state slot, its last access and modification, which the server reads
 * (stat, fstat, close, fsync, sync, utime, and every SWEEP_MS when idle),
 * converts, and clamps to [the inode's time, now] (a modification counts
 * only from a process that mapped the file writable). */
#define OMFS_SLOTS 32        /* state slots: files with a window at once */
#define OMFS_CLAIM_SHIFT CLOCK_TSC_SHIFT /* a claim is the TSC >> this, as the clock page has it   \
                                          */

struct omfs_fstate {         /* a file's state page (read-only to clients) */
    uint32_t size;           /* the file's size now */
    uint32_t gen;            /* bumped by every shrink: mappings made before may be cut */
    uint32_t window;         /* the file's window: address of byte 0 >> 12 */
    uint32_t npages;         /* pages of address space the window spans */
};

struct omfs_claim {          /* one slot of a client's claims page */
    uint32_t atime, mtime;   /* TSC >> OMFS_CLAIM_SHIFT at the last access, update; 0: none */
};

struct omfs_mapped {         /* what OMFS_MAP's reply carries in u.raw */
    uint32_t state;          /* the state page's address >> 12; 0: none (no fast path) */
    uint32_t claims;         /* the caller's claims page >> 12; 0: none (no fast path) */
    uint32_t slot;           /* the file's slot in both */
    uint32_t gen;            /* the state's generation when the range was mapped */
    uint32_t len;            /* bytes mapped from offset (less than asked with OMFS_CLIP) */
};

struct omfs_stat {
    uint32_t ino, mode, nlink, uid, gid, size, atime, mtime, ctime, blksize, blocks;
};

struct omfs_statfs {
    uint32_t bsize, blocks, bfree, files, ffree;
};

struct omfs_info {
    uint32_t handles;   /* open handles */
    uint32_t files;     /* open files (shared by handles) */
    uint32_t clients;   /* processes holding handles */
    uint32_t pages;     /* cache pages in use */
    uint32_t dirty;     /* of them, not yet on the disk */
    uint32_t cache_max; /* the cache's bound in pages */
    uint32_t requests;  /* served since start */
    uint32_t errors;    /* requests answered with an error */
    uint32_t windows;   /* files mapped by readblock (shared windows) */
    uint32_t mapped;    /* cache pages shown in windows (pinned) */
    uint32_t copied;    /* bytes writeblock copied in from a buffer (not the mapping) */
    uint64_t busy;      /* TSC cycles spent answering requests (two rdtsc a request) */
};

struct omfs_optime { /* OMFS_INFO's data, indexed by code: requests and their cycles */
    uint32_t count, pad;
    uint64_t cycles;
};

struct omfs_msg {
    uint32_t code;     /* OMFS_* */
    int32_t handle;    /* in: the handle; out: result (>= 0 or -errno) */
    uint32_t flags;    /* open: O_* (newlib's values); lseek: whence */
    uint32_t mode;     /* open with O_CREAT, mkdir: permission bits */
    uint32_t offset;   /* byte offset (read/write with OMFS_AT, lseek, truncate) */
    uint32_t size;     /* bytes of data after the header */
    union {            /* replies */
        struct omfs_stat st;
        struct omfs_statfs fs;
        struct omfs_info info;
        struct omfs_mapped mapped;
        uint32_t raw[10];
    } u;
};
_Static_assert(sizeof(struct omfs_msg) <= OMFS_HDR, "struct omfs_msg fits its header");
#define omfs_result handle /* the reply's result travels where the handle came */

struct omfs_dirent { /* READDIR entries, packed one after another */
    uint32_t ino;
    uint16_t reclen;  /* bytes of this entry, 4-byte aligned */
    uint8_t type;     /* OMFS_DT_* (ext2's file types) */
    uint8_t namelen;
    char name[];      /* namelen bytes, then a NUL */
};
enum { OMFS_DT_UNKNOWN, OMFS_DT_REG, OMFS_DT_DIR, OMFS_DT_CHR, OMFS_DT_BLK, OMFS_DT_FIFO,
       OMFS_DT_SOCK, OMFS_DT_LNK };

#endif

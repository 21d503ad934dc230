/*
 * System call numbers SYS_<name> and the macros that read
 * kernel/abi/syscalls.def, generated from it. Included by the kernel's
 * dispatcher and prototypes and by the user library.
 */
#ifndef KERNEL_ABI_SYSCALL_H
#define KERNEL_ABI_SYSCALL_H

enum {
#define SYSCALL(nr, ret, name, params) SYS_##name = nr,
#include "kernel/abi/syscalls.def"
#undef SYSCALL
    SYS_COUNT
};

/* How many parameters a parenthesized list has: SYSCALL_NARGS params,
 * e.g. SYSCALL_NARGS (int fd, void *buf) is 2 and SYSCALL_NARGS () is 0. */
#define SYSCALL_NARGS(...) SYSCALL_NARGS_(0, ##__VA_ARGS__, 5, 4, 3, 2, 1, 0)
#define SYSCALL_NARGS_(zero, a1, a2, a3, a4, a5, n, ...) n

#endif

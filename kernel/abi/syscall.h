/*
 * System call numbers SYS_<name>, generated from kernel/abi/syscalls.def.
 * Included by the kernel's dispatcher and the user library.
 */
#ifndef KERNEL_ABI_SYSCALL_H
#define KERNEL_ABI_SYSCALL_H

enum {
#define SYSCALL(nr, name, nargs) SYS_##name = nr,
#include "kernel/abi/syscalls.def"
#undef SYSCALL
    SYS_COUNT
};

#endif

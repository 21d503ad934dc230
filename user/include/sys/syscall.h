/*
 * sys/syscall.h - raw system call stubs, generated from kernel/abi/syscalls.def.
 *
 * Any user program may include it; most use tender.h, unistd.h and stdio.h
 * instead. Every call in the list has a stub
 *     int32_t sys_<name>(uint32_t a1, ..., uint32_t aN);
 * that returns the kernel's raw value (negative = -errno) and leaves errno
 * alone: what tests need to see exact error codes or pass hostile arguments.
 *
 * syscall5() traps through the path tender_syscall_mode selects (tender.h);
 * syscall_int80() and syscall_sysenter() force one path (sysenter only where
 * the CPU has SEP: sysstat() reports SYSSTAT_SEP).
 */
#ifndef USER_SYS_SYSCALL_H
#define USER_SYS_SYSCALL_H

#include <stdint.h>

#include "kernel/abi/syscall.h"

int32_t syscall5(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5);
int32_t syscall_int80(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                      uint32_t a5);
int32_t syscall_sysenter(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                         uint32_t a5);

/* parameter lists by argument count, for the generated stubs */
#define SYSCALL_PARAMS_0 void
#define SYSCALL_PARAMS_1 uint32_t a1
#define SYSCALL_PARAMS_2 uint32_t a1, uint32_t a2
#define SYSCALL_PARAMS_3 uint32_t a1, uint32_t a2, uint32_t a3
#define SYSCALL_PARAMS_4 uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4
#define SYSCALL_PARAMS_5 uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5

#define SYSCALL_CAT(a, b) SYSCALL_CAT_(a, b)
#define SYSCALL_CAT_(a, b) a##b
#define SYSCALL_PARAMS(params) SYSCALL_CAT(SYSCALL_PARAMS_, SYSCALL_NARGS params)

#define SYSCALL(nr, ret, name, params) int32_t sys_##name(SYSCALL_PARAMS(params));
#include "kernel/abi/syscalls.def"
#undef SYSCALL

#endif

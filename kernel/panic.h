/*
 * panic() and KASSERT for broken kernel invariants. Any kernel file may include it.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/compiler.h"

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define KASSERT(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            panic("assertion failed: %s", #cond);                                                  \
    } while (0)

NORETURN void panic_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

/*
 * Compiler helpers used across the kernel: static assertions, attributes,
 * array sizes, alignment. Pure; any file may include it.
 */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#define STATIC_ASSERT(cond) _Static_assert(cond, #cond)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((a) - 1))
#define UNUSED __attribute__((unused))
#define NORETURN __attribute__((noreturn))
#define ALWAYS_INLINE inline __attribute__((always_inline)) /* hot-path helpers only */
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif

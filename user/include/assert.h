/*
 * assert.h - assert(cond): on failure prints "file:line: func: assertion
 * `cond' failed" on stderr, then abort()s (exit status 134).
 *
 * Any user program may include it; NDEBUG turns assert into nothing.
 */
#ifndef USER_ASSERT_H
#define USER_ASSERT_H

void __assert_fail(const char *expr, const char *file, int line, const char *func)
    __attribute__((noreturn));

#endif

#undef assert
#ifdef NDEBUG
#define assert(cond) ((void)0)
#else
#define assert(cond) ((cond) ? (void)0 : __assert_fail(#cond, __FILE__, __LINE__, __func__))
#endif

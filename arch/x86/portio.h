/*
 * x86 port I/O as inline functions: inb, outb, inw, outw, inl, outl, and
 * the string forms insw and outsw for PIO data transfers. One file for the
 * kernel (arch/x86/io.h) and for user-level drivers (user/include/sys/io.h),
 * where a port the process was not given ends it with a general
 * protection fault. Includes nothing of the kernel.
 */
#ifndef ARCH_X86_PORTIO_H
#define ARCH_X86_PORTIO_H

#include <stdint.h>

static inline uint8_t
inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t
inw(uint16_t port)
{
    uint16_t v;

    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t
inl(uint16_t port)
{
    uint32_t v;

    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void
outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void
insw(uint16_t port, void *buf, uint32_t words)
{
    __asm__ volatile("cld; rep insw" : "+D"(buf), "+c"(words) : "d"(port) : "memory");
}

static inline void
outsw(uint16_t port, const void *buf, uint32_t words)
{
    __asm__ volatile("cld; rep outsw" : "+S"(buf), "+c"(words) : "d"(port) : "memory");
}

#endif

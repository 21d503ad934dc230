/*
 * printk and its formatter.
 *
 * kvformat understands %d %i %u %x %X %p %s %c %% with an optional '-' or '0'
 * flag, a field width and the 'l'/'ll' length modifiers (64-bit values via
 * 'll'). It emits characters through a callback, so printk (console) and
 * ksnprintf (buffer) share it. printk may be called with interrupts on or
 * off; it never allocates.
 */
#include <stdbool.h>
#include <stdint.h>

#include "kernel/console.h"
#include "kernel/printk.h"

bool kernel_quiet; // set by kmain from the "quiet" boot option

static int
emit_number(void (*emit)(char, void *), void *arg, uint64_t v, unsigned base, bool upper,
            bool negative, int width, char pad, bool left)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[24];
    int n = 0, len, out = 0;

    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    len = n + negative;
    if (negative && pad == '0') {
        emit('-', arg), out++;
        negative = false;
    }
    for (; !left && width > len; width--)
        emit(pad, arg), out++;
    if (negative)
        emit('-', arg), out++;
    while (n)
        emit(buf[--n], arg), out++;
    for (; left && width > len; width--)
        emit(' ', arg), out++;
    return out;
}

/* Format fmt with ap, emitting each character; returns the number emitted. */
int
kvformat(void (*emit)(char c, void *arg), void *arg, const char *fmt, va_list ap)
{
    int out = 0;

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            emit(*fmt, arg), out++;
            continue;
        }
        bool left = false;
        char pad = ' ';
        int width = 0, lng = 0;
        for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
            if (*fmt == '-')
                left = true;
            else
                pad = '0';
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        for (; *fmt == 'l'; fmt++)
            lng++;
        if (left)
            pad = ' ';
        switch (*fmt) {
        case 'd':
        case 'i': {
            int64_t v =
                lng >= 2 ? va_arg(ap, long long) : (lng ? va_arg(ap, long) : va_arg(ap, int));
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            out += emit_number(emit, arg, mag, 10, false, v < 0, width, pad, left);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = lng >= 2 ? va_arg(ap, unsigned long long)
                                  : (lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned));
            out += emit_number(emit, arg, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false, width, pad,
                               left);
            break;
        }
        case 'p':
            emit('0', arg), emit('x', arg), out += 2;
            out += emit_number(emit, arg, (uintptr_t)va_arg(ap, void *), 16, false, false, 8, '0',
                               false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (!s)
                s = "(null)";
            while (s[len])
                len++;
            for (; !left && width > len; width--)
                emit(' ', arg), out++;
            for (int i = 0; i < len; i++)
                emit(s[i], arg), out++;
            for (; left && width > len; width--)
                emit(' ', arg), out++;
            break;
        }
        case 'c':
            emit((char)va_arg(ap, int), arg), out++;
            break;
        case '%':
            emit('%', arg), out++;
            break;
        case '\0':
            return out;
        default: // unknown conversion: show it rather than guess
            emit('%', arg), emit(*fmt, arg), out += 2;
        }
    }
    return out;
}

static void
emit_console(char c, void *arg)
{
    (void)arg;
    console_putc(c);
}

/* Print to the consoles. Returns the number of characters. */
int
vprintk(const char *fmt, va_list ap)
{
    return kvformat(emit_console, NULL, fmt, ap);
}

/* Print to the consoles. Returns the number of characters. */
int
printk(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}

struct buf_sink {
    char *buf;
    size_t size, len;
};

static void
emit_buf(char c, void *arg)
{
    struct buf_sink *b = arg;

    if (b->len + 1 < b->size)
        b->buf[b->len] = c;
    b->len++;
}

/* snprintf for the kernel: always NUL-terminates when size > 0; returns the
 * length the full output would have had. */
int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    struct buf_sink b = {buf, size, 0};
    va_list ap;

    va_start(ap, fmt);
    kvformat(emit_buf, &b, fmt, ap);
    va_end(ap);
    if (size)
        buf[b.len < size ? b.len : size - 1] = '\0';
    return (int)b.len;
}

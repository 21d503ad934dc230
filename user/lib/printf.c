/*
 * user/lib/printf.c - the printf engine and the string-target printfs.
 *
 * Model: libc_vformat walks the format once and hands the output to a sink
 * callback in pieces (literal runs, padding, digits), so the same code feeds
 * a string (vsnprintf) or a stdio stream (user/lib/stdio.c) without a
 * per-character call. Conversions: d i u o x X p s c %, flags - 0 + space #,
 * width and precision as numbers or *, lengths hh h l ll z j t. No floating
 * point, no %n. 64-bit values are converted with 32-bit arithmetic when they
 * fit (the common case on i686), else with libgcc's 64-bit division.
 * Pure: no system call, no global state; tests/host/test_ulibc.c builds it on
 * the host.
 * Entry points: libc_vformat, vsnprintf, snprintf, vsprintf, sprintf.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "user/lib/libc.h"

/* conversion flags */
#define F_LEFT 0x01  // '-': pad on the right
#define F_ZERO 0x02  // '0': pad with zeros after sign/prefix
#define F_PLUS 0x04  // '+': always a sign
#define F_SPACE 0x08 // ' ': a space where the sign of a positive would go
#define F_ALT 0x10   // '#': 0x prefix for x, leading 0 for o
#define F_PTR 0x20   // %p: 0x prefix even for zero

/* length modifiers */
enum { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

struct fmt_state {
    libc_out_fn out;
    void *ctx;
    int count; // characters produced so far
};

static void
emit(struct fmt_state *st, const char *s, size_t n)
{
    if (n == 0)
        return;
    st->out(st->ctx, s, n);
    st->count += (int)n;
}

static void
pad(struct fmt_state *st, char c, int n)
{
    static const char spaces[16] = "                ";
    static const char zeros[16] = "0000000000000000";
    const char *src = c == '0' ? zeros : spaces;

    while (n > 0) {
        int k = n > 16 ? 16 : n;

        emit(st, src, (size_t)k);
        n -= k;
    }
}

/* Write v in base into the end of buf (size 24 covers 64-bit octal); returns
 * the first digit's address. Zero yields no digits. */
static char *
utoa(char *end, unsigned long long v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    while (v > 0xffffffffULL) { // 64-bit division only while needed
        *--p = digits[v % base];
        v /= base;
    }
    for (uint32_t w = (uint32_t)v; w != 0; w /= base)
        *--p = digits[w % base];
    return p;
}

/* One integer conversion: magnitude v, sign neg, after flags/width/prec. */
static void
format_int(struct fmt_state *st, unsigned long long v, int neg, unsigned base, int upper,
           int flags, int width, int prec, int is_signed)
{
    char buf[24];
    char *end = buf + sizeof(buf);
    char *digits = utoa(end, v, base, upper);
    int ndigits = (int)(end - digits);
    char prefix[2];
    int nprefix = 0;
    int zeros = 0;

    if (is_signed) {
        if (neg)
            prefix[nprefix++] = '-';
        else if (flags & F_PLUS)
            prefix[nprefix++] = '+';
        else if (flags & F_SPACE)
            prefix[nprefix++] = ' ';
    }
    if (((flags & F_ALT) && base == 16 && v != 0) || (flags & F_PTR)) {
        prefix[nprefix++] = '0';
        prefix[nprefix++] = upper ? 'X' : 'x';
    }
    if (prec < 0) {
        prec = 1; // default: at least one digit
        if ((flags & (F_ZERO | F_LEFT)) == F_ZERO && width > nprefix + ndigits)
            zeros = width - nprefix - ndigits;
    }
    if (prec > ndigits)
        zeros = prec - ndigits > zeros ? prec - ndigits : zeros;
    if ((flags & F_ALT) && base == 8 && zeros == 0 && (ndigits == 0 || *digits != '0'))
        zeros = 1; // '#o': the result starts with 0

    int len = nprefix + zeros + ndigits;

    if (!(flags & F_LEFT))
        pad(st, ' ', width - len);
    emit(st, prefix, (size_t)nprefix);
    pad(st, '0', zeros);
    emit(st, digits, (size_t)ndigits);
    if (flags & F_LEFT)
        pad(st, ' ', width - len);
}

/* Pad-and-place a string of n bytes for %s and %c. */
static void
format_str(struct fmt_state *st, const char *s, size_t n, int flags, int width)
{
    int w = width > 0 && (size_t)width > n ? width - (int)n : 0;

    if (!(flags & F_LEFT))
        pad(st, ' ', w);
    emit(st, s, n);
    if (flags & F_LEFT)
        pad(st, ' ', w);
}

/* Read a signed argument of the given length as magnitude + sign. */
static unsigned long long
arg_signed(va_list *ap, int len, int *neg)
{
    long long v;

    switch (len) {
    case LEN_CHAR:
        v = (signed char)va_arg(*ap, int);
        break;
    case LEN_SHORT:
        v = (short)va_arg(*ap, int);
        break;
    case LEN_LONG:
        v = va_arg(*ap, long);
        break;
    case LEN_LLONG:
    case LEN_MAX:
        v = va_arg(*ap, long long);
        break;
    case LEN_SIZE:
    case LEN_PTRDIFF:
        v = va_arg(*ap, ptrdiff_t); // ssize_t and ptrdiff_t are the same width
        break;
    default:
        v = va_arg(*ap, int);
        break;
    }
    *neg = v < 0;
    // negate in unsigned arithmetic so LLONG_MIN has a magnitude too
    return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}

static unsigned long long
arg_unsigned(va_list *ap, int len)
{
    switch (len) {
    case LEN_CHAR:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_SHORT:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_LONG:
        return va_arg(*ap, unsigned long);
    case LEN_LLONG:
    case LEN_MAX:
        return va_arg(*ap, unsigned long long);
    case LEN_SIZE:
    case LEN_PTRDIFF:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned);
    }
}

/*
 * Format fmt with the arguments in ap, handing the text to out(ctx, s, n) in
 * order. Returns the number of characters produced. Unknown conversions are
 * copied through unchanged.
 */
int
libc_vformat(libc_out_fn out, void *ctx, const char *fmt, va_list ap0)
{
    struct fmt_state st = {out, ctx, 0};
    va_list ap;

    va_copy(ap, ap0);
    while (*fmt) {
        const char *start = fmt;

        while (*fmt && *fmt != '%')
            fmt++;
        emit(&st, start, (size_t)(fmt - start));
        if (!*fmt)
            break;
        start = fmt++; // at '%'

        int flags = 0;

        for (;; fmt++) {
            if (*fmt == '-')
                flags |= F_LEFT;
            else if (*fmt == '0')
                flags |= F_ZERO;
            else if (*fmt == '+')
                flags |= F_PLUS;
            else if (*fmt == ' ')
                flags |= F_SPACE;
            else if (*fmt == '#')
                flags |= F_ALT;
            else
                break;
        }

        int width = 0;

        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                flags |= F_LEFT;
                width = width == INT_MIN ? INT_MAX : -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9') {
                if (width < INT_MAX / 10)
                    width = width * 10 + (*fmt - '0');
                fmt++;
            }
        }

        int prec = -1;

        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int); // negative: as if omitted
                if (prec < 0)
                    prec = -1;
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9') {
                    if (prec < INT_MAX / 10)
                        prec = prec * 10 + (*fmt - '0');
                    fmt++;
                }
            }
        }

        int len = LEN_INT;

        switch (*fmt) {
        case 'h':
            len = fmt[1] == 'h' ? LEN_CHAR : LEN_SHORT;
            fmt += fmt[1] == 'h' ? 2 : 1;
            break;
        case 'l':
            len = fmt[1] == 'l' ? LEN_LLONG : LEN_LONG;
            fmt += fmt[1] == 'l' ? 2 : 1;
            break;
        case 'L':
        case 'q':
            len = LEN_LLONG;
            fmt++;
            break;
        case 'z':
            len = LEN_SIZE;
            fmt++;
            break;
        case 'j':
            len = LEN_MAX;
            fmt++;
            break;
        case 't':
            len = LEN_PTRDIFF;
            fmt++;
            break;
        }

        int neg = 0;
        unsigned long long v;
        char c;
        const char *s;

        switch (*fmt) {
        case 'd':
        case 'i':
            v = arg_signed(&ap, len, &neg);
            format_int(&st, v, neg, 10, 0, flags, width, prec, 1);
            break;
        case 'u':
            format_int(&st, arg_unsigned(&ap, len), 0, 10, 0, flags, width, prec, 0);
            break;
        case 'o':
            format_int(&st, arg_unsigned(&ap, len), 0, 8, 0, flags, width, prec, 0);
            break;
        case 'x':
        case 'X':
            v = arg_unsigned(&ap, len);
            format_int(&st, v, 0, 16, *fmt == 'X', flags, width, prec, 0);
            break;
        case 'p':
            v = (uintptr_t)va_arg(ap, void *);
            format_int(&st, v, 0, 16, 0, flags | F_PTR, width, prec, 0);
            break;
        case 's':
            s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            {
                size_t n = 0;

                while ((prec < 0 || n < (size_t)prec) && s[n])
                    n++;
                format_str(&st, s, n, flags, width);
            }
            break;
        case 'c':
            c = (char)va_arg(ap, int);
            format_str(&st, &c, 1, flags, width);
            break;
        case '%':
            emit(&st, "%", 1);
            break;
        default: // unknown or truncated: copy the directive through
            if (!*fmt) {
                emit(&st, start, (size_t)(fmt - start));
                continue;
            }
            emit(&st, start, (size_t)(fmt + 1 - start));
            break;
        }
        fmt++;
    }
    va_end(ap);
    return st.count;
}

struct str_sink {
    char *buf;
    size_t size; // capacity including the NUL; 0 = count only
    size_t pos;  // characters produced (may exceed size)
};

static void
str_out(void *ctx, const char *s, size_t n)
{
    struct str_sink *k = ctx;

    if (k->size > 0 && k->pos < k->size - 1) {
        size_t room = k->size - 1 - k->pos;
        size_t m = n < room ? n : room;

        for (size_t i = 0; i < m; i++)
            k->buf[k->pos + i] = s[i];
    }
    k->pos += n;
}

/*
 * Format into buf, writing at most size bytes including the terminating NUL
 * (nothing when size is 0). Returns the length the full text has, so a
 * result >= size means it was truncated.
 */
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct str_sink k = {buf, size, 0};
    int n = libc_vformat(str_out, &k, fmt, ap);

    if (size > 0)
        buf[k.pos < size ? k.pos : size - 1] = '\0';
    return n;
}

/* snprintf: vsnprintf with variadic arguments. */
int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* vsprintf: format into buf, which the caller sized; returns the length. */
int
vsprintf(char *buf, const char *fmt, va_list ap)
{
    return vsnprintf(buf, (size_t)INT_MAX, fmt, ap);
}

/* sprintf: vsprintf with variadic arguments. */
int
sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

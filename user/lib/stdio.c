/*
 * user/lib/stdio.c - the three console streams: buffered output, byte input.
 *
 * Model: stdout (fd 1) is line-buffered: bytes collect in its buffer and go
 * out in one write when a '\n' arrives, when the buffer fills, on fflush, on
 * read()/write() of the console through unistd.h, on any stderr output and at
 * exit. stderr (fd 2) collects one call's output (one printf is one write) and
 * flushes it before returning, after flushing stdout so the two keep their
 * order on the shared console. stdin (fd 0) is not buffered: fgetc reads one
 * byte with the read call, so it mixes freely with read(0, ...). Writes retry
 * short counts; an error sets the stream's error flag and errno.
 * Invariants: a stream's len < BUFSIZ between calls.
 * Entry points: stdin, stdout, stderr, the printf family that targets
 * streams or fds, fputc/putc/putchar, fputs/puts, fgetc/getc/getchar, fgets,
 * fflush, fileno, libc_stdout_sync, libc_stdio_flush_all, libc_write_all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "user/lib/libc.h"

enum { MODE_INPUT, MODE_LINE, MODE_CALL };

struct stdio_file {
    int fd;
    int mode;     // MODE_*
    int error;    // sticky: a write failed
    unsigned len; // buffered bytes
    char *buf;    // BUFSIZ bytes (output streams)
};

static char stdout_buf[BUFSIZ], stderr_buf[BUFSIZ]; // in .bss, not in the image
static struct stdio_file files[3] = {
    {.fd = 0, .mode = MODE_INPUT},
    {.fd = 1, .mode = MODE_LINE, .buf = stdout_buf},
    {.fd = 2, .mode = MODE_CALL, .buf = stderr_buf},
};

FILE *stdin = &files[0];
FILE *stdout = &files[1];
FILE *stderr = &files[2];

/* Write all n bytes to fd with the raw call. Returns 0, or -errno (-EIO if the
 * kernel accepts nothing). */
int32_t
libc_write_all(int fd, const void *buf, uint32_t n)
{
    const char *p = buf;

    while (n > 0) {
        int32_t r = sys_write((uint32_t)fd, (uint32_t)(uintptr_t)p, n);

        if (r < 0)
            return r;
        if (r == 0)
            return -EIO;
        p += r;
        n -= (uint32_t)r;
    }
    return 0;
}

static int
flush(FILE *f)
{
    if (f->len == 0)
        return 0;

    int32_t r = libc_write_all(f->fd, f->buf, f->len);

    f->len = 0;
    if (r < 0) {
        f->error = 1;
        errno = -r;
        return EOF;
    }
    return 0;
}

/* Sink of libc_vformat and the character calls: append, flush as the mode says. */
static void
stream_out(void *ctx, const char *s, size_t n)
{
    FILE *f = ctx;

    for (size_t i = 0; i < n; i++) {
        f->buf[f->len++] = s[i];
        if (f->len == BUFSIZ || (s[i] == '\n' && f->mode == MODE_LINE))
            flush(f);
    }
}

/* Before output to f: keep stdout's text ahead of stderr's on the console. */
static int
stream_begin(FILE *f)
{
    if (f->mode == MODE_INPUT) {
        errno = EBADF;
        return EOF;
    }
    if (f == stderr)
        flush(stdout);
    return 0;
}

/* After one call's output to f: stderr writes it now. */
static int
stream_end(FILE *f)
{
    int err = f->error;

    if (f->mode == MODE_CALL && flush(f) < 0)
        err = 1;
    f->error = 0;
    return err ? EOF : 0;
}

/* Flush stdout if it holds bytes (unistd.h read on fd 0, write on fd 1/2). */
void
libc_stdout_sync(void)
{
    flush(stdout);
}

/* Flush every stream; exit calls it. */
void
libc_stdio_flush_all(void)
{
    flush(stdout);
    flush(stderr);
}

/*
 * Write formatted text to stream f. Returns the number of characters, or EOF
 * (errno set) if the stream is not writable or a write failed.
 */
int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (stream_begin(f) < 0)
        return EOF;

    int n = libc_vformat(stream_out, f, fmt, ap);

    return stream_end(f) < 0 ? EOF : n;
}

/* fprintf: vfprintf with variadic arguments. */
int
fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

/* vprintf: vfprintf to stdout. */
int
vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

/* printf: vfprintf to stdout with variadic arguments. */
int
printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

struct fd_sink {
    int fd;
    int32_t err;
    unsigned len;
    char buf[256];
};

static void
fd_out(void *ctx, const char *s, size_t n)
{
    struct fd_sink *k = ctx;

    for (size_t i = 0; i < n; i++) {
        k->buf[k->len++] = s[i];
        if (k->len == sizeof(k->buf)) {
            if (k->err == 0)
                k->err = libc_write_all(k->fd, k->buf, k->len);
            k->len = 0;
        }
    }
}

/*
 * Format straight to file descriptor fd, bypassing the streams (after
 * flushing stdout). Returns the number of characters, or -1 with errno.
 */
int
vdprintf(int fd, const char *fmt, va_list ap)
{
    struct fd_sink k = {.fd = fd};
    int n;

    flush(stdout);
    n = libc_vformat(fd_out, &k, fmt, ap);
    if (k.err == 0 && k.len > 0)
        k.err = libc_write_all(fd, k.buf, k.len);
    return k.err < 0 ? libc_ret(k.err) : n;
}

/* dprintf: vdprintf with variadic arguments. */
int
dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/* Write the byte c to f. Returns c as an unsigned char, or EOF on error. */
int
fputc(int c, FILE *f)
{
    char ch = (char)c;

    if (stream_begin(f) < 0)
        return EOF;
    stream_out(f, &ch, 1);
    return stream_end(f) < 0 ? EOF : (unsigned char)ch;
}

/* putc: fputc. */
int
putc(int c, FILE *f)
{
    return fputc(c, f);
}

/* putchar: fputc to stdout. */
int
putchar(int c)
{
    return fputc(c, stdout);
}

/* Write the string s (no newline) to f. Returns 0, or EOF on error. */
int
fputs(const char *s, FILE *f)
{
    size_t n = 0;

    if (stream_begin(f) < 0)
        return EOF;
    while (s[n])
        n++;
    stream_out(f, s, n);
    return stream_end(f);
}

/* Write s and a newline to stdout. Returns 0, or EOF on error. */
int
puts(const char *s)
{
    size_t n = 0;

    if (stream_begin(stdout) < 0)
        return EOF;
    while (s[n])
        n++;
    stream_out(stdout, s, n);
    stream_out(stdout, "\n", 1);
    return stream_end(stdout);
}

/*
 * Read one byte from f's descriptor (one read call; reading fd 0 flushes
 * stdout first). Returns it as an unsigned char, or EOF at end of input or on
 * error (errno set).
 */
int
fgetc(FILE *f)
{
    unsigned char c;

    if (f->fd == 0)
        flush(stdout);

    int32_t r = sys_read((uint32_t)f->fd, (uint32_t)(uintptr_t)&c, 1);

    if (r == 1)
        return c;
    if (r < 0)
        errno = -r;
    return EOF;
}

/* getc: fgetc. */
int
getc(FILE *f)
{
    return fgetc(f);
}

/* getchar: fgetc from stdin (a raw console byte, not echoed). */
int
getchar(void)
{
    return fgetc(stdin);
}

/*
 * Read bytes into buf until a newline (kept), end of input or size - 1 bytes;
 * NUL-terminate. Returns buf, or NULL if nothing was read. No echo, no editing.
 */
char *
fgets(char *buf, int size, FILE *f)
{
    int n = 0;

    if (size <= 0)
        return NULL;
    while (n < size - 1) {
        int c = fgetc(f);

        if (c == EOF)
            break;
        buf[n++] = (char)c;
        if (c == '\n')
            break;
    }
    buf[n] = '\0';
    return n > 0 ? buf : NULL;
}

/* Write out f's buffered bytes (every stream's when f is NULL). Returns 0, or
 * EOF with errno on a write error. */
int
fflush(FILE *f)
{
    if (!f) {
        int a = flush(stdout), b = flush(stderr);

        return a < 0 || b < 0 ? EOF : 0;
    }
    return flush(f);
}

/* The descriptor behind f. */
int
fileno(FILE *f)
{
    return f->fd;
}

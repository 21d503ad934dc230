/*
 * stdio.h - formatted and character I/O on the console.
 *
 * Any user program may include it. Three streams: stdin (fd 0), stdout (fd 1,
 * line-buffered: flushed on '\n', when full, by fflush, by reading stdin and
 * by exit) and stderr (fd 2, unbuffered). No fopen: files go through the
 * file server's calls. printf supports %d %i %u %x %X %o %p %s %c %% with the
 * flags - 0 + space #, width and precision (numbers or *), and the length
 * modifiers hh h l ll z j t; there is no floating point.
 */
#ifndef USER_STDIO_H
#define USER_STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EOF (-1)
#define BUFSIZ 1024

typedef struct stdio_file FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

#define __LIBC_PRINTF(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __LIBC_PRINTF(1, 2);
int fprintf(FILE *f, const char *fmt, ...) __LIBC_PRINTF(2, 3);
int dprintf(int fd, const char *fmt, ...) __LIBC_PRINTF(2, 3);
int sprintf(char *buf, const char *fmt, ...) __LIBC_PRINTF(2, 3);
int snprintf(char *buf, size_t size, const char *fmt, ...) __LIBC_PRINTF(3, 4);
int vprintf(const char *fmt, va_list ap) __LIBC_PRINTF(1, 0);
int vfprintf(FILE *f, const char *fmt, va_list ap) __LIBC_PRINTF(2, 0);
int vdprintf(int fd, const char *fmt, va_list ap) __LIBC_PRINTF(2, 0);
int vsprintf(char *buf, const char *fmt, va_list ap) __LIBC_PRINTF(2, 0);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __LIBC_PRINTF(3, 0);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f); /* no newline added */
int puts(const char *s);           /* adds a newline */
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);                 /* one raw byte from fd 0, or EOF */
char *fgets(char *buf, int size, FILE *f);
int fflush(FILE *f);               /* NULL flushes every stream */
int fileno(FILE *f);
void perror(const char *what);     /* "what: message" on stderr */

#endif

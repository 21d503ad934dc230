/*
 * user/bin/sh/parse.h - the shell's command-line parser (pure: no system calls).
 *
 * Included by the shell's files and by tests/host/test_shparse.c, so it needs
 * nothing beyond the C library's <stddef.h>.
 */
#ifndef USER_BIN_SH_PARSE_H
#define USER_BIN_SH_PARSE_H

#include <stddef.h>

#define SH_LINE_MAX 256   /* bytes of one input line, including the NUL */
#define SH_ARGS_MAX 32    /* words of one command */
#define SH_WORDS_MAX 4096 /* bytes of all words after $? expansion */

/* one parsed command: `[run] [@VM] word... [< FILE] [> FILE | >> FILE]` ending at `;`, `&`, `&&`,
 * `||`, `|` or the line's end */
struct sh_cmd {
    int argc;
    char *argv[SH_ARGS_MAX + 1]; /* NULL-terminated, point into words[] */
    const char *vm;              /* target space from `@VM` (without '@'), or NULL */
    int run;                     /* written with `run` or `@VM`: always a program */
    int background;              /* ended with `&` */
    int next;                    /* how the next command depends on this one: SH_NEXT_* */
    const char *in, *out;        /* `< FILE`, `> FILE` or `>> FILE`, or NULL */
    int append;                  /* the output redirection was `>>` */
    char words[SH_WORDS_MAX];
};

/* what sh_parse returns besides 1 (a command) and 0 (nothing left) */
enum {
    SH_PARSE_QUOTE = -1,   /* unterminated "quote" */
    SH_PARSE_TOOLONG = -2, /* words overflow SH_WORDS_MAX */
    SH_PARSE_TOOMANY = -3, /* more than SH_ARGS_MAX words */
    SH_PARSE_NOPROG = -4,  /* `run` or `@VM` without a program, or empty `@` */
    SH_PARSE_SYNTAX = -5,  /* `&`, `&&`, `||` or `|` without a command on both sides */
    SH_PARSE_REDIR = -6,   /* `<`, `>` or `>>` without a file name */
};

/* sh_cmd.next: run the next command always, only if this one succeeded, only
 * if it failed; or (SH_NEXT_PIPE, `a | b`) at the same time, this one's
 * standard output the next one's standard input */
enum { SH_NEXT_ALWAYS, SH_NEXT_AND, SH_NEXT_OR, SH_NEXT_PIPE };

int sh_parse(const char **linep, int status, struct sh_cmd *out);
const char *sh_parse_error(int err);
int sh_parse_num(const char *s, long *out);
int sh_parse_mode(const char *s, unsigned *out);

#endif

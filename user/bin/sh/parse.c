/*
 * user/bin/sh/parse.c - split a command line into commands and words.
 *
 * Syntax (a small subset of sh):
 *     line    := command { (';' | '&' | '&&' | '||' | '|') command }
 *     command := ['run'] ['@'VM] word... with redirections anywhere among
 *                the words: '<' FILE, '>' FILE, '>>' FILE
 * Words are separated by blanks; "double quotes" keep blanks, 'single quotes'
 * keep every byte as it is up to the next `'` (no escape, no `$?`), `\`
 * escapes the next byte (inside double quotes only `"`, `\` and `$`), `$?` expands to the status
 * passed in, and `#` at the start of a word comments out the rest of the line.
 * A command ending in `&` runs in the background; `&&` and `||` make the next
 * command depend on its status (sh_cmd.next; the caller skips). A
 * redirection names the file for the standard input or output (the last
 * one of each kind counts); the caller opens it. A leading
 * `run` or `@VM` word marks an external program; `@VM` names the space to
 * create it in. `a | b` makes a pipeline (sh_cmd.next is SH_NEXT_PIPE):
 * the caller runs a and b at once, a's output into b's input.
 *
 * Pure logic: no system calls and no globals, so tests/host/test_shparse.c
 * runs it on the host. Entry points: sh_parse, sh_parse_error, sh_parse_num,
 * sh_parse_mode.
 */
#include <string.h>

#include "kernel/abi/resource.h"
#include "user/bin/sh/parse.h"

#define NUM_MAX 0x7fffffffL /* rids, modes and owner ids all fit in 31 bits */

static int
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* append the decimal form of v at *w (below end); returns 0 or -1 if it does not fit */
static int
put_int(char **w, char *end, int v)
{
    char tmp[12];
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    int n = 0;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        tmp[n++] = '-';
    if (end - *w < n)
        return -1;
    while (n > 0)
        *(*w)++ = tmp[--n];
    return 0;
}

/*
 * Read one word starting at *pp into *wp (below end), NUL-terminated.
 * Sets *plain when no quote or escape was used. Returns 0 or SH_PARSE_*.
 */
static int
read_word(const char **pp, char **wp, char *end, int status, int *plain)
{
    const char *p = *pp;
    char *w = *wp;
    int inq = 0;

    *plain = 1;
    while (*p != '\0' && (inq || (!is_blank(*p) && strchr(";&|<>", *p) == NULL))) {
        if (*p == '\'' && !inq) { // 'single quotes': every byte as it is, up to the next '
            const char *close = strchr(p + 1, '\'');
            if (!close)
                return SH_PARSE_QUOTE;
            if ((size_t)(end - w) < (size_t)(close - p - 1))
                return SH_PARSE_TOOLONG;
            memcpy(w, p + 1, (size_t)(close - p - 1));
            w += close - p - 1;
            *plain = 0;
            p = close + 1;
        } else if (*p == '"') {
            inq = !inq;
            *plain = 0;
            p++;
        } else if (*p == '\\' && p[1] != '\0' && (!inq || strchr("\"\\$", p[1]) != NULL)) {
            if (w == end)
                return SH_PARSE_TOOLONG;
            *w++ = p[1];
            *plain = 0;
            p += 2;
        } else if (p[0] == '$' && p[1] == '?') {
            if (put_int(&w, end, status) < 0)
                return SH_PARSE_TOOLONG;
            p += 2;
        } else {
            if (w == end)
                return SH_PARSE_TOOLONG;
            *w++ = *p++;
        }
    }
    if (inq)
        return SH_PARSE_QUOTE;
    if (w == end)
        return SH_PARSE_TOOLONG;
    *w++ = '\0';
    *pp = p;
    *wp = w;
    return 0;
}

/* strip a leading `run` and `@VM` from out->argv; returns 0 or SH_PARSE_NOPROG */
static int
take_prefix(struct sh_cmd *out, const int *plain, const char *const *raw)
{
    int skip = 0;

    if (out->argc > 0 && plain[0] && strcmp(out->argv[0], "run") == 0) {
        out->run = 1;
        skip = 1;
    }
    if (skip < out->argc && raw[skip][0] == '@') {
        if (out->argv[skip][1] == '\0')
            return SH_PARSE_NOPROG;
        out->vm = out->argv[skip] + 1;
        out->run = 1;
        skip++;
    }
    if (out->run && skip == out->argc)
        return SH_PARSE_NOPROG;
    memmove(out->argv, out->argv + skip, (size_t)(out->argc - skip + 1) * sizeof(char *));
    out->argc -= skip;
    return 0;
}

/*
 * Take the `&`, `&&`, `||` or `|` at *pp that ends out's command. `&&`, `||`
 * and `|` need a command on both sides. Returns 0 or SH_PARSE_SYNTAX.
 */
static int
connector(const char **pp, struct sh_cmd *out)
{
    const char *p = *pp;

    if (out->argc == 0)
        return SH_PARSE_SYNTAX;
    if (p[0] == '&' && p[1] != '&') {
        out->background = 1;
        *pp = p + 1;
        return 0;
    }
    if (p[0] == '|' && p[1] != '|')
        out->next = SH_NEXT_PIPE;
    else if (p[1] != p[0])
        return SH_PARSE_SYNTAX;
    else
        out->next = p[0] == '&' ? SH_NEXT_AND : SH_NEXT_OR;
    for (p += out->next == SH_NEXT_PIPE ? 1 : 2; is_blank(*p); p++)
        continue;
    if (*p == '\0' || strchr("#;&|", *p) != NULL)
        return SH_PARSE_SYNTAX; // nothing to run after it
    *pp = p;
    return 0;
}

/*
 * Parse the next command of the line at *linep into *out, expanding `$?` to
 * `status`, and advance *linep past it and its terminator.
 * Returns 1 with a command (argc >= 1), 0 when the line holds no more
 * commands, or a negative SH_PARSE_* error (then *linep is unchanged).
 * The words live in out->words: *out must outlive its use of argv.
 */
int
sh_parse(const char **linep, int status, struct sh_cmd *out)
{
    const char *p = *linep;
    const char *raw[SH_ARGS_MAX];
    int plain[SH_ARGS_MAX];
    char *w = out->words;
    char *end = out->words + SH_WORDS_MAX;
    int err;

    out->argc = 0;
    out->vm = NULL;
    out->run = 0;
    out->background = 0;
    out->next = SH_NEXT_ALWAYS;
    out->in = out->out = NULL;
    out->append = 0;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (*p == '\0' || *p == '#') {
            p += strlen(p);
            break;
        }
        if (*p == ';') {
            p++;
            if (out->argc == 0)
                continue; // empty command: `;;` or a leading `;`
            break;
        }
        if (*p == '&' || *p == '|') {
            if ((err = connector(&p, out)) < 0)
                return err;
            break;
        }
        if (*p == '<' || *p == '>') {
            int input = *p == '<', append = p[0] == '>' && p[1] == '>', dummy;
            char *file = w;
            for (p += append ? 2 : 1; is_blank(*p); p++)
                continue;
            if (*p == '\0' || strchr("#;&|<>", *p) != NULL)
                return SH_PARSE_REDIR;
            if ((err = read_word(&p, &w, end, status, &dummy)) < 0)
                return err;
            if (input) {
                out->in = file;
            } else {
                out->out = file;
                out->append = append;
            }
            continue;
        }
        if (out->argc == SH_ARGS_MAX)
            return SH_PARSE_TOOMANY;
        raw[out->argc] = p;
        out->argv[out->argc] = w;
        if ((err = read_word(&p, &w, end, status, &plain[out->argc])) < 0)
            return err;
        out->argc++;
    }
    out->argv[out->argc] = NULL;
    if ((err = take_prefix(out, plain, raw)) < 0)
        return err;
    *linep = p;
    return out->argc > 0;
}

/* The message for a negative SH_PARSE_* code (never NULL). */
const char *
sh_parse_error(int err)
{
    switch (err) {
    case SH_PARSE_QUOTE:
        return "unterminated quote";
    case SH_PARSE_TOOLONG:
        return "line too long";
    case SH_PARSE_TOOMANY:
        return "too many words";
    case SH_PARSE_NOPROG:
        return "run: missing program (run [@VM] PROG ARGS...)";
    case SH_PARSE_SYNTAX:
        return "syntax error near '&' or '|'";
    case SH_PARSE_REDIR:
        return "missing file name after '<' or '>'";
    default:
        return "parse error";
    }
}

/*
 * Parse a number: decimal, or hexadecimal after "0x", with an optional '-'.
 * Returns 0 and stores it in *out, or -1 for an empty string, a stray
 * character or a magnitude above 0x7fffffff.
 */
int
sh_parse_num(const char *s, long *out)
{
    int neg = 0, base = 10;
    long v = 0;

    if (*s == '-') {
        neg = 1;
        s++;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        int d;

        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = *s - 'A' + 10;
        else
            return -1;
        v = v * base + d;
        if (v > NUM_MAX)
            return -1;
    }
    *out = neg ? -v : v;
    return 0;
}

/*
 * Parse an RCC mode: a number (see sh_parse_num) up to RCC_MODE_MASK, or the
 * symbolic form the utilities print, "RMDAC/R..A./R....": owner, group and
 * other separated by '/', each a set of the letters R M D A C (either case;
 * '.' and '-' are fillers). Returns 0 and stores it in *out, or -1.
 */
int
sh_parse_mode(const char *s, unsigned *out)
{
    static const char letters[] = "RMDAC"; // bit i of each class is letters[i]
    unsigned mode = 0;
    long v;
    int cls = 2; // 2 owner, 1 group, 0 other

    if (sh_parse_num(s, &v) == 0) {
        if (v < 0 || v > RCC_MODE_MASK)
            return -1;
        *out = (unsigned)v;
        return 0;
    }
    for (; *s != '\0'; s++) {
        char c = (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
        const char *l;

        if (c == '/') {
            if (cls-- == 0)
                return -1;
        } else if (c == '.' || c == '-') {
            continue;
        } else if ((l = strchr(letters, c)) != NULL && c != '\0') {
            mode |= 1u << ((l - letters) + 5 * cls);
        } else {
            return -1;
        }
    }
    if (cls != 0)
        return -1;
    *out = mode;
    return 0;
}

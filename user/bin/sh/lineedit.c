/*
 * user/bin/sh/lineedit.c - the shell's line editor and history.
 *
 * le_feed takes one input byte and updates the line; what the terminal must
 * show goes to e->out (only plain bytes and backspaces, so any terminal
 * works: insertion in the middle rewrites the tail and backs up over it).
 *
 * Keys: printable bytes insert; Backspace (0x7f or 0x08) deletes before the
 * cursor; Enter (CR, LF or CR LF) ends the line and adds it to the history;
 * Ctrl-C abandons the line; Ctrl-U kills it; Ctrl-D on an empty line is end of
 * input; arrows (ESC [ A/B/C/D, also ESC O x) and Ctrl-P/N/B/F move through the
 * history and the line; Home/End, Ctrl-A/E and Delete (ESC [ 3 ~) as usual.
 * Up to LE_HIST_MAX lines are kept in a ring; an empty line or a repeat of
 * the previous one is not stored.
 *
 * Pure logic, tested on the host by tests/host/test_shparse.c.
 */
#include <string.h>

#include "user/bin/sh/lineedit.h"

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f
#define ESC_ARG_MAX 1000 // ESC [ n ~ arguments above this are garbage anyway

static void
emit(struct le *e, char c)
{
    if (e->outlen < LE_OUT_MAX)
        e->out[e->outlen++] = c;
}

static void
emit_n(struct le *e, const char *s, int n)
{
    while (n-- > 0)
        emit(e, *s++);
}

static void
emit_bs(struct le *e, int n)
{
    while (n-- > 0)
        emit(e, '\b');
}

/* show s instead of the current line and put the cursor at its end */
static void
set_line(struct le *e, const char *s)
{
    int old = e->len;
    int n = (int)strlen(s);

    if (n > SH_LINE_MAX - 1)
        n = SH_LINE_MAX - 1;
    emit_bs(e, e->cur);
    memcpy(e->buf, s, (size_t)n);
    e->buf[n] = '\0';
    emit_n(e, e->buf, n);
    if (old > n) { // blank out what is left of the longer old line
        for (int i = n; i < old; i++)
            emit(e, ' ');
        emit_bs(e, old - n);
    }
    e->len = e->cur = n;
}

static void
insert(struct le *e, char c)
{
    if (e->len >= SH_LINE_MAX - 1)
        return; // full: drop the byte
    memmove(e->buf + e->cur + 1, e->buf + e->cur, (size_t)(e->len - e->cur + 1));
    e->buf[e->cur] = c;
    e->len++;
    emit_n(e, e->buf + e->cur, e->len - e->cur);
    e->cur++;
    emit_bs(e, e->len - e->cur);
}

/* delete the byte under the cursor and redraw the tail */
static void
delete_at(struct le *e)
{
    if (e->cur == e->len)
        return;
    memmove(e->buf + e->cur, e->buf + e->cur + 1, (size_t)(e->len - e->cur));
    e->len--;
    emit_n(e, e->buf + e->cur, e->len - e->cur);
    emit(e, ' ');
    emit_bs(e, e->len - e->cur + 1);
}

static void
backspace(struct le *e)
{
    if (e->cur == 0)
        return;
    e->cur--;
    emit(e, '\b');
    delete_at(e);
}

static void
move_to(struct le *e, int pos)
{
    if (pos < e->cur)
        emit_bs(e, e->cur - pos);
    else
        emit_n(e, e->buf + e->cur, pos - e->cur);
    e->cur = pos;
}

static void
hist_move(struct le *e, int dir)
{
    int to = e->hpos + dir;

    if (to < 0 || to > e->hcount)
        return;
    if (e->hpos == 0)
        memcpy(e->saved, e->buf, sizeof(e->saved)); // keep the new line for the way back
    e->hpos = to;
    set_line(e, to == 0 ? e->saved : le_hist_get(e, to));
}

/* the final byte of ESC [ ... or ESC O ... */
static void
escape_final(struct le *e, int c)
{
    switch (c) {
    case 'A':
        hist_move(e, 1);
        break;
    case 'B':
        hist_move(e, -1);
        break;
    case 'C':
        move_to(e, e->cur < e->len ? e->cur + 1 : e->len);
        break;
    case 'D':
        move_to(e, e->cur > 0 ? e->cur - 1 : 0);
        break;
    case 'H':
        move_to(e, 0);
        break;
    case 'F':
        move_to(e, e->len);
        break;
    case '~': // VT220 keys: 1/7 Home, 4/8 End, 3 Delete
        if (e->esc_arg == 1 || e->esc_arg == 7)
            move_to(e, 0);
        else if (e->esc_arg == 4 || e->esc_arg == 8)
            move_to(e, e->len);
        else if (e->esc_arg == 3)
            delete_at(e);
        break;
    default:
        break; // unknown sequence: ignored
    }
}

/* Reset the editor completely: empty line, empty history. */
void
le_init(struct le *e)
{
    memset(e, 0, sizeof(*e));
}

/* Start a new line; the history and the pending-CR state are kept. */
void
le_begin(struct le *e)
{
    e->len = e->cur = 0;
    e->buf[0] = '\0';
    e->esc = 0;
    e->hpos = 0;
    e->saved[0] = '\0';
    e->outlen = 0;
}

/*
 * Feed one input byte. Returns LE_MORE, or LE_DONE (the line is in e->buf
 * and the history), LE_CANCEL (Ctrl-C) or LE_EOF (Ctrl-D on an empty line);
 * after those the caller calls le_begin before the next line. In every case
 * e->out[0..outlen) holds the bytes to write to the terminal.
 */
int
le_feed(struct le *e, int c)
{
    c &= 0xff;
    e->outlen = 0;
    if (e->after_cr) {
        e->after_cr = 0;
        if (c == '\n')
            return LE_MORE; // the LF of a CR LF pair: the line already ended
    }
    if (e->esc == 1) {
        e->esc = (c == '[' || c == 'O') ? 2 : 0;
        e->esc_arg = 0;
        return LE_MORE;
    }
    if (e->esc == 2) {
        if (c >= '0' && c <= '9') {
            if (e->esc_arg < ESC_ARG_MAX)
                e->esc_arg = e->esc_arg * 10 + (c - '0');
        } else if (c != ';') {
            e->esc = 0;
            escape_final(e, c);
        }
        return LE_MORE;
    }
    switch (c) {
    case '\r':
        e->after_cr = 1;
        /* fall through */
    case '\n':
        emit_n(e, "\r\n", 2);
        le_hist_add(e, e->buf);
        return LE_DONE;
    case CTRL('C'):
        emit_n(e, "^C\r\n", 4);
        e->len = e->cur = 0;
        e->buf[0] = '\0';
        return LE_CANCEL;
    case CTRL('D'):
        if (e->len == 0)
            return LE_EOF;
        delete_at(e);
        break;
    case KEY_DEL:
    case CTRL('H'):
        backspace(e);
        break;
    case CTRL('U'):
        set_line(e, "");
        break;
    case CTRL('A'):
        move_to(e, 0);
        break;
    case CTRL('E'):
        move_to(e, e->len);
        break;
    case CTRL('B'):
        escape_final(e, 'D');
        break;
    case CTRL('F'):
        escape_final(e, 'C');
        break;
    case CTRL('P'):
        hist_move(e, 1);
        break;
    case CTRL('N'):
        hist_move(e, -1);
        break;
    case KEY_ESC:
        e->esc = 1;
        break;
    default:
        if (c >= 0x20 && c < KEY_DEL)
            insert(e, (char)c);
        break; // other control bytes and non-ASCII are ignored
    }
    return LE_MORE;
}

/* Append line to the history unless it is blank or repeats the latest entry. */
void
le_hist_add(struct le *e, const char *line)
{
    const char *p = line;
    const char *last = le_hist_get(e, 1);
    size_t n;

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0' || (last != NULL && strcmp(last, line) == 0))
        return;
    n = strlen(line);
    if (n > SH_LINE_MAX - 1)
        n = SH_LINE_MAX - 1;
    memcpy(e->hist[e->hnext], line, n);
    e->hist[e->hnext][n] = '\0';
    e->hnext = (e->hnext + 1) % LE_HIST_MAX;
    if (e->hcount < LE_HIST_MAX)
        e->hcount++;
}

/* The k-th most recent history line (k = 1 is the latest), or NULL if k is out of range. */
const char *
le_hist_get(const struct le *e, int k)
{
    if (k < 1 || k > e->hcount)
        return NULL;
    return e->hist[(e->hnext - k + LE_HIST_MAX) % LE_HIST_MAX];
}

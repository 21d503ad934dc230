/*
 * user/bin/sh/lineedit.h - the shell's line editor (pure: no system calls).
 *
 * A state machine fed one input byte at a time; what the terminal must show
 * (echo, redraws) is collected in out[] for the caller to write. Included by
 * the shell and by tests/host/test_shparse.c.
 */
#ifndef USER_BIN_SH_LINEEDIT_H
#define USER_BIN_SH_LINEEDIT_H

#include "user/bin/sh/parse.h"

#define LE_HIST_MAX 32               /* lines of history kept */
#define LE_OUT_MAX (4 * SH_LINE_MAX) /* terminal bytes one le_feed may produce */

/* what le_feed returns */
enum {
    LE_MORE,   /* keep feeding */
    LE_DONE,   /* buf holds a finished line (already in the history) */
    LE_CANCEL, /* Ctrl-C: the line was abandoned */
    LE_EOF,    /* Ctrl-D on an empty line */
};

/* the editor: one per shell, it keeps the history across lines */
struct le {
    char buf[SH_LINE_MAX]; /* the line being edited, NUL-terminated */
    int len, cur;          /* its length and the cursor position */
    int esc;               /* escape-sequence state (0: none) */
    int esc_arg;           /* numeric argument of ESC [ n ~ */
    int after_cr;          /* the last line ended with CR: a following LF is its partner */
    char hist[LE_HIST_MAX][SH_LINE_MAX]; /* ring of past lines */
    int hcount;                          /* lines in the ring */
    int hnext;                           /* ring slot the next line goes to */
    int hpos;                /* 0: editing a new line; k: showing the k-th most recent */
    char saved[SH_LINE_MAX]; /* the new line, kept while browsing history */
    char out[LE_OUT_MAX];    /* bytes for the terminal from the last le_feed */
    int outlen;
};

void le_init(struct le *e);
void le_begin(struct le *e);
int le_feed(struct le *e, int c);
void le_hist_add(struct le *e, const char *line);
const char *le_hist_get(const struct le *e, int k);

#endif

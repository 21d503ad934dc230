/*
 * Counting for wc: lines are newline characters, words are maximal runs of
 * bytes that are not white space (POSIX's <blank> and <newline> and the
 * other isspace characters), bytes are bytes. WC_BUF (set by this folder's
 * cflags file) is the read size.
 */
#include <ctype.h>

#include "user/bin/wc/count.h"

#ifndef WC_BUF
#error "WC_BUF comes from user/bin/wc/cflags: a folder program's own flags"
#endif

/* Count f into *out (added to). Returns 0, or -1 when reading failed. */
int
wc_count(FILE *f, struct wc_counts *out)
{
    static char buf[WC_BUF];
    int in_word = 0;
    size_t n;

    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        out->bytes += n;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (c == '\n')
                out->lines++;
            if (isspace(c)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                out->words++;
            }
        }
    }
    return ferror(f) ? -1 : 0;
}

/* Counting lines, words and bytes of a stream (user/bin/wc/count.c). */
#ifndef USER_BIN_WC_COUNT_H
#define USER_BIN_WC_COUNT_H

#include <stdio.h>

struct wc_counts {
    unsigned long lines, words, bytes;
};

int wc_count(FILE *f, struct wc_counts *out);

#endif

/*
 * wc - count lines, words and bytes (POSIX wc without options)
 *
 *     wc [FILE...]     one line per file (and a total for more than one):
 *                      lines, words, bytes and the name; no FILE: standard input
 *
 * A folder program of two files and its own flags (user/bin/wc/cflags), the
 * build's example of one (README, "Writing your own program").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>

#include "user/bin/wc/count.h"

static void
show(const struct wc_counts *c, const char *name)
{
    printf("%7lu %7lu %7lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "", name ? name : "");
}

int
main(int argc, char **argv)
{
    struct wc_counts total = {0, 0, 0};
    int status = 0;

    if (tender_help(argc, argv, "wc [FILE...]", "count lines, words and bytes"))
        return 0;
    if (argc == 1) {
        if (wc_count(stdin, &total) < 0) {
            fprintf(stderr, "wc: %s\n", strerror(errno));
            return 1;
        }
        show(&total, NULL);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        struct wc_counts c = {0, 0, 0};
        FILE *f = fopen(argv[i], "r");
        if (!f || wc_count(f, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            if (f)
                fclose(f);
            continue;
        }
        fclose(f);
        show(&c, argv[i]);
        total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
    }
    if (argc > 2)
        show(&total, "total");
    return status;
}

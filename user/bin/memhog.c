/*
 * user/bin/memhog.c - take memory and hold it for a while.
 *
 *     memhog [KIB] [SECONDS]    allocate KIB KiB (default 1024), touch every
 *                               page, then keep it SECONDS (default 0) while
 *                               yielding, so `ps` and `res` show the pages
 *
 * Prints how much it got; exits 0, or 1 if the allocation failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <tender.h>

#define PAGE 4096
#define KIB_DEFAULT 1024
#define KIB_MAX (1024 * 1024) // 1 GiB: keeps kib * 1024 inside a long

/* memhog [KIB] [SECONDS]: see the top of this file. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "memhog [KIB] [SECONDS]", "take memory and hold it for a while"))
        return 0;
    long kib = argc > 1 ? strtol(argv[1], NULL, 0) : KIB_DEFAULT;
    long secs = argc > 2 ? strtol(argv[2], NULL, 0) : 0;
    unsigned hz, start;
    char *mem;

    if (argc > 3 || kib <= 0 || kib > KIB_MAX || secs < 0) {
        fputs("usage: memhog [KIB] [SECONDS]\n", stderr);
        return 2;
    }
    if ((mem = malloc((size_t)kib * 1024)) == NULL) {
        fprintf(stderr, "memhog: cannot allocate %ld KiB\n", kib);
        return 1;
    }
    for (long off = 0; off < kib * 1024; off += PAGE)
        mem[off] = (char)off;
    printf("memhog: pid %d holds %ld KiB (%ld pages)\n", getpid(), kib,
           (kib * 1024 + PAGE - 1) / PAGE);
    fflush(stdout);
    start = tender_ticks(&hz);
    while (secs > 0 && tender_ticks(&hz) - start < (unsigned)secs * hz)
        yield();
    free(mem);
    return 0;
}

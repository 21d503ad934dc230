/*
 * user/bin/sleepy.c - a busy process to watch and move (`mv PID VM`).
 *
 *     sleepy [N]       spin for N million loop iterations (default 2000)
 *     sleepy -y [N]    call yield() N times (default 100000)
 *
 * It prints its pid and space at the start, a dot about twice a second, and
 * a line whenever it finds itself in another space (procmove). After every
 * million iterations (or thousand yields) it checks that a patterned heap
 * buffer still holds its pattern, so a move that loses memory shows at once.
 * Exits 0 when done, 1 if the memory changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>

#define SPIN_DEFAULT 2000    // million iterations: half a minute or so under TCG
#define YIELD_DEFAULT 100000 // yields
#define STEP_SPIN 1000000    // iterations between checks
#define STEP_YIELD 1000      // yields between checks
#define PATTERN_WORDS 4096   // 16 KiB: a few pages to carry around
#define GOLDEN 2654435761u   // Knuth's multiplicative hash constant

static unsigned *pattern;
static rid_t space;
static unsigned next_dot;

/* one check between steps: pattern intact, space unchanged, time for a dot; 0 or -1 */
static int
check(rid_t pid)
{
    unsigned hz, now = tender_ticks(&hz);
    rid_t vm = getvmid(pid);

    for (unsigned i = 0; i < PATTERN_WORDS; i++) {
        if (pattern[i] != i * GOLDEN) {
            printf("\nsleepy: memory changed at word %u\n", i);
            return -1;
        }
    }
    if (vm != space) {
        printf("\nsleepy: now in space %d\n", vm);
        space = vm;
    }
    if ((int)(now - next_dot) >= 0) {
        putchar('.');
        fflush(stdout);
        next_dot = now + hz / 2;
    }
    return 0;
}

/* sleepy [-y] [N]: see the top of this file. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "sleepy [-y] [N]", "a busy process to watch and move"))
        return 0;
    int yielding = argc > 1 && strcmp(argv[1], "-y") == 0;
    long n = yielding ? YIELD_DEFAULT : SPIN_DEFAULT;
    rid_t pid = getpid();

    if (argc > 1 + yielding)
        n = strtol(argv[1 + yielding], NULL, 0);
    if (n <= 0 || argc > 2 + yielding) {
        fputs("usage: sleepy [-y] [N]\n", stderr);
        return 2;
    }
    if ((pattern = malloc(PATTERN_WORDS * sizeof(*pattern))) == NULL) {
        fputs("sleepy: out of memory\n", stderr);
        return 1;
    }
    for (unsigned i = 0; i < PATTERN_WORDS; i++)
        pattern[i] = i * GOLDEN;
    space = getvmid(pid);
    printf("sleepy: pid %d in space %d, %s %ld%s\n", pid, space, yielding ? "yield" : "spin", n,
           yielding ? " times" : " million");
    for (long done = 0; done < n;) {
        if (yielding) {
            for (int i = 0; i < STEP_YIELD && done < n; i++, done++)
                yield();
        } else {
            for (volatile int i = 0; i < STEP_SPIN; i++)
                continue;
            done++;
        }
        if (check(pid) < 0)
            return 1;
    }
    puts("\nsleepy: done");
    return 0;
}

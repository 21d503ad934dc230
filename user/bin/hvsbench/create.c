/*
 * Fig. 7: proccreate against program size (the bpadN programs: N KiB of
 * initialised data in the file), into an existing space (the creator's own,
 * as Tender+HVS runs CGI workers) and into a new one; the call alone, and
 * until the child has run, exited and been reaped. Inside every batch the
 * sizes take turns, and for each the existing space and a new one (their
 * per-batch difference is the saving), so the largest size pairs with the
 * smallest; and a vmcreate alone, which a target reads the saving against
 * (BENCH proccreate vmcreate size=0: measured among the creations, not
 * among procmove's moves as vmcreate space is; after an untimed one, as in
 * a run of them).
 */
#include <stdio.h>

#include "bench.h"

#define CREATES 1 /* per size and space, in every batch */
#define TURNS 10  /* batches per round */
#define NSIZES (sizeof(sizes_kib) / sizeof(sizes_kib[0]))

static const uint32_t sizes_kib[] = {16, 64, 256, 1024};

static uint64_t
create_once(const char *prog, rid_t vmid, int to_exit)
{
    char *argv[] = {(char *)prog, NULL};
    uint64_t t0 = rdtsc(), t;
    rid_t pid = spawn(prog, argv, vmid);

    if (to_exit)
        run_wait(pid);
    t = rdtsc() - t0;
    if (!to_exit)
        run_wait(pid);
    return t;
}

/* Per size s: adds to cycles[3s] the existing space's creations, to
 * cycles[3s + 1] the new space's and to cycles[3s + 2] their difference,
 * what the existing space saved; to cycles[3 NSIZES] a vmcreate alone per
 * creation pair. */
static int
creates_batch(void *ctx, int64_t cycles[KIND_OUT])
{
    static int flip; // the sizes' order alternates, as in move.c
    int to_exit = *(const int *)ctx;
    int64_t existing[NSIZES] = {0}, fresh[NSIZES] = {0};
    char prog[16];

    for (int i = 0; i < CREATES; i++, flip ^= 1)
        for (unsigned j = 0; j < NSIZES; j++) {
            unsigned s = flip ? NSIZES - 1 - j : j;
            snprintf(prog, sizeof(prog), "bpad%u", sizes_kib[s]);
            existing[s] += (int64_t)create_once(prog, getvmid(0), to_exit);
            fresh[s] += (int64_t)create_once(prog, 0, to_exit);
        }
    for (unsigned s = 0; s < NSIZES; s++) {
        cycles[3 * s] += existing[s];
        cycles[3 * s + 1] += fresh[s];
        cycles[3 * s + 2] += fresh[s] - existing[s];
    }
    for (int i = 0; i < CREATES; i++) {
        vmcreate_once(); // untimed: right after the creations one costs twice as much
        cycles[3 * NSIZES] += (int64_t)vmcreate_once();
    }
    return 0;
}
_Static_assert(3 * NSIZES + 1 <= KIND_OUT, "a batch holds every size's lines");

/* BENCH proccreate existing|new|saved|existing-run|new-run|saved-run
 * size=KiB and proccreate vmcreate size=0: one set, a kind for the call
 * alone and one until exit. */
void
bench_proccreate(void)
{
    static const char *const names[2][3] = {{"existing", "new", "saved"},
                                            {"existing-run", "new-run", "saved-run"}};
    static const int to_exit[2] = {0, 1};
    static struct set set;
    struct series *line[NSIZES][2][3], *vm;
    struct kind *k;

    set_init(&set);
    set.chunks = TURNS;
    for (unsigned s = 0; s < NSIZES; s++) // printed per size, as before
        for (int e = 0; e < 2; e++)
            for (int o = 0; o < 3; o++)
                line[s][e][o] = set_line(&set, "proccreate", names[e][o], "size", sizes_kib[s]);
    vm = set_line(&set, "proccreate", "vmcreate", "size", 0);
    for (int e = 0; e < 2; e++) {
        if (!(k = set_kind(&set, creates_batch, (void *)&to_exit[e], CREATES)))
            continue;
        for (unsigned s = 0; s < NSIZES; s++)
            for (int o = 0; o < 3; o++)
                k->out[3 * s + o] = line[s][e][o];
        if (e == 0) // the until-exit kind measures one too, but one line is enough
            k->out[3 * NSIZES] = vm;
    }
    set_run(&set, SET_WARMUP, SET_ROUNDS);
    set_report(&set);
}

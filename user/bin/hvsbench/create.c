/*
 * Fig. 7: proccreate against program size (the bpadN programs: N KiB of
 * initialised data in the file), into an existing space (the creator's own,
 * as Tender+HVS runs CGI workers) and into a new one; the call alone, and
 * until the child has run, exited and been reaped.
 */
#include <stdio.h>

#include "bench.h"

#define CREATES 8
#define WARMUP 1
#define BATCHES 21

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

struct creates {
    const char *prog;
    int to_exit; /* until the child has run, exited and been reaped */
};

/* Existing and new space alternate inside every batch (cycles[0], [1]). */
static int
creates_batch(void *ctx, int64_t cycles[2])
{
    struct creates *c = ctx;

    for (int i = 0; i < CREATES; i++) {
        cycles[0] += (int64_t)create_once(c->prog, getvmid(0), c->to_exit);
        cycles[1] += (int64_t)create_once(c->prog, 0, c->to_exit);
    }
    return 0;
}

/* BENCH proccreate existing|new|saved|existing-run|new-run|saved-run size=KiB */
void
bench_proccreate(void)
{
    struct sample e = {0}, f = {0}, d = {0};
    char prog[16];

    for (unsigned i = 0; i < sizeof(sizes_kib) / sizeof(sizes_kib[0]); i++) {
        snprintf(prog, sizeof(prog), "bpad%u", sizes_kib[i]);
        struct creates c = {.prog = prog, .to_exit = 0};
        measure((struct sample *[3]){&e, &f, &d}, WARMUP, BATCHES, CREATES, creates_batch, &c);
        bench_report("proccreate", "existing", "size", sizes_kib[i], &e);
        bench_report("proccreate", "new", "size", sizes_kib[i], &f);
        bench_report("proccreate", "saved", "size", sizes_kib[i], &d);
        c.to_exit = 1;
        measure((struct sample *[3]){&e, &f, &d}, WARMUP, BATCHES, CREATES, creates_batch, &c);
        bench_report("proccreate", "existing-run", "size", sizes_kib[i], &e);
        bench_report("proccreate", "new-run", "size", sizes_kib[i], &f);
        bench_report("proccreate", "saved-run", "size", sizes_kib[i], &d);
    }
}

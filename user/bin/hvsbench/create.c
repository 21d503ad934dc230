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

/* Existing and new space alternate inside every batch, so a drift of the
 * host's speed hits both alike; the per-batch difference is a sample of its
 * own (what the existing space saves), steadier than two medians apart. */
static void
measure_paired(const char *prog, int to_exit, struct sample *existing, struct sample *fresh,
        struct sample *saved)
{
    for (int n = 0; n < WARMUP + BATCHES; n++) {
        int64_t e = 0, f = 0;
        for (int i = 0; i < CREATES; i++) {
            e += (int64_t)create_once(prog, getvmid(0), to_exit);
            f += (int64_t)create_once(prog, 0, to_exit);
        }
        if (n >= WARMUP) {
            sample_add(existing, e, CREATES);
            sample_add(fresh, f, CREATES);
            sample_add(saved, f - e, CREATES);
        }
    }
}

/* BENCH proccreate existing|new|saved|existing-run|new-run|saved-run size=KiB */
void
bench_proccreate(void)
{
    struct sample e = {0}, f = {0}, d = {0};
    char prog[16];

    for (unsigned i = 0; i < sizeof(sizes_kib) / sizeof(sizes_kib[0]); i++) {
        snprintf(prog, sizeof(prog), "bpad%u", sizes_kib[i]);
        measure_paired(prog, 0, &e, &f, &d);
        bench_report("proccreate", "existing", "size", sizes_kib[i], &e);
        bench_report("proccreate", "new", "size", sizes_kib[i], &f);
        bench_report("proccreate", "saved", "size", sizes_kib[i], &d);
        measure_paired(prog, 1, &e, &f, &d);
        bench_report("proccreate", "existing-run", "size", sizes_kib[i], &e);
        bench_report("proccreate", "new-run", "size", sizes_kib[i], &f);
        bench_report("proccreate", "saved-run", "size", sizes_kib[i], &d);
    }
}

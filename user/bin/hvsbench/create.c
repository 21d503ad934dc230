/*
 * Fig. 7: proccreate against program size (the bpadN programs: N KiB of
 * initialised data in the file), into an existing space (the creator's own,
 * as Tender+HVS runs CGI workers) and into a new one; the call alone, and
 * until the child has run, exited and been reaped.
 */
#include <stdio.h>

#include "bench.h"

#define CREATES 10
#define WARMUP 1
#define BATCHES 9

static const uint32_t sizes_kib[] = {16, 64, 256, 1024};

static void
measure(const char *prog, rid_t vmid, int to_exit, struct sample *s)
{
    char *argv[] = {(char *)prog, NULL};

    for (int n = 0; n < WARMUP + BATCHES; n++) {
        uint64_t total = 0;
        for (int i = 0; i < CREATES; i++) {
            uint64_t t0 = rdtsc();
            rid_t pid = spawn(prog, argv, vmid);
            if (to_exit)
                run_wait(pid);
            total += rdtsc() - t0;
            if (!to_exit)
                run_wait(pid);
        }
        if (n >= WARMUP)
            sample_add(s, total, CREATES);
    }
}

/* BENCH proccreate existing|new|existing-run|new-run size=KiB */
void
bench_proccreate(void)
{
    rid_t home = getvmid(0);
    struct sample s = {0};
    char prog[16];

    for (unsigned i = 0; i < sizeof(sizes_kib) / sizeof(sizes_kib[0]); i++) {
        snprintf(prog, sizeof(prog), "bpad%u", sizes_kib[i]);
        measure(prog, home, 0, &s);
        bench_report("proccreate", "existing", "size", sizes_kib[i], &s);
        measure(prog, 0, 0, &s);
        bench_report("proccreate", "new", "size", sizes_kib[i], &s);
        measure(prog, home, 1, &s);
        bench_report("proccreate", "existing-run", "size", sizes_kib[i], &s);
        measure(prog, 0, 1, &s);
        bench_report("proccreate", "new-run", "size", sizes_kib[i], &s);
    }
}

/*
 * Section 5.3, in the guest: a web server that runs one access-counter
 * worker per request. Clients (each in a space of its own, like remote
 * machines) send requests as containers with ccall and time the answer. The
 * server receives a request, creates the worker (/bin/acount) in a new
 * space ("Tender") or in its own space ("Tender+HVS"), hands it the counter
 * (a container: the file-like shared region), takes the counter back, reaps
 * the worker and answers with the new count. Each run yields the mean
 * response time over its RUN_REQUESTS requests. Per client count, ROUNDS
 * pairs of runs, one in each mode, the mode that goes first alternating
 * from pair to pair: the two runs of a pair share the host's conditions
 * (another QEMU on the machine slows both), so the report takes the
 * per-pair ratio as its unit and gives it a confidence interval (the
 * samples= of the two lines, pair i = sample i). Many short pairs rather
 * than a few long ones: a burst of host load then spoils few of them.
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define RUN_REQUESTS 160 /* per run, split evenly among its clients */
#define ROUNDS 45        /* pairs of runs (one per mode) per client count */
#define STOP 0xffffffffu
_Static_assert(ROUNDS <= sizeof(((struct sample *)0)->batch) / sizeof(int64_t),
               "a sample holds every pair of a client count");

static const int client_counts[] = {4, 8, 12, 16, 20};

struct client_result {
    uint64_t sum; /* cycles over all its requests */
    uint32_t count;
};

static rid_t
arg_rid(int argc, char **argv, int i)
{
    return argc > i ? (rid_t)strtol(argv[i], NULL, 0) : 0;
}

/* One request: a worker counts, the count goes back in the request. */
static int
serve(rid_t worker_vm, rid_t workbox, rid_t retbox, rid_t *counter, struct cmsg *req)
{
    char wb[12], rb[12];
    char *argv[] = {"acount", (char *)itoa_tmp(workbox, wb), (char *)itoa_tmp(retbox, rb), NULL};
    struct cmsg m;
    rid_t pid = spawn("acount", argv, worker_vm);

    if (pid < 0 || csend(workbox, *counter) < 0 || (*counter = crecv(retbox, &m, IPC_FOREVER)) < 0)
        return -1;
    run_wait(pid);
    if (req->size >= 4)
        *(uint32_t *)cmsg_data(req) = *(uint32_t *)cmsg_data(&m);
    return 0;
}

/* role: hvsbench webserver BOX hvs|tender */
int
role_webserver(int argc, char **argv)
{
    rid_t box = arg_rid(argc, argv, 2);
    rid_t worker_vm = argc > 3 && strcmp(argv[3], "hvs") == 0 ? getvmid(0) : 0;
    rid_t workbox = cbcreate("", BENCH_MODE), retbox = cbcreate("", BENCH_MODE);
    struct cmsg req, m;
    rid_t counter = ccreate(4, &m);

    if (counter < 0 || crecv(box, &req, IPC_FOREVER) < 0)
        return 1;
    for (;;) {
        if (req.size == 4 && *(uint32_t *)cmsg_data(&req) == STOP)
            break;
        if (serve(worker_vm, workbox, retbox, &counter, &req) < 0)
            return 2;
        if (ccall(req.reply, req.cont, box, &req, IPC_FOREVER) < 0)
            return 3;
    }
    csend(req.reply, req.cont);
    resdelete(workbox);
    resdelete(retbox);
    return 0;
}

/* role: hvsbench webclient BOX RESULTS REQUESTS: REQUESTS timed requests, then the sums. */
int
role_webclient(int argc, char **argv)
{
    rid_t box = arg_rid(argc, argv, 2), results = arg_rid(argc, argv, 3);
    int requests = (int)arg_rid(argc, argv, 4);
    rid_t mine = cbcreate("", BENCH_MODE);
    struct client_result r = {0, 0};
    struct cmsg m;
    rid_t c = ccreate(64, &m);

    for (int i = 0; i < requests && c > 0; i++) {
        uint64_t t0 = rdtsc();
        c = ccall(box, c, mine, &m, IPC_FOREVER);
        r.sum += rdtsc() - t0;
        r.count++;
    }
    if (c > 0)
        resdelete(c);
    if ((c = ccreate(sizeof(r), &m)) < 0)
        return 1;
    memcpy(cmsg_data(&m), &r, sizeof(r));
    csend(results, c);
    resdelete(mine);
    return 0;
}

/* One run: RUN_REQUESTS requests from clients clients; returns the mean
 * response time in cycles, or 0 if no request was answered. */
static uint64_t
one_run(const char *mode, int clients)
{
    char b[12], rb[12], qb[12];
    rid_t box = cbcreate("", BENCH_MODE), results = cbcreate("", BENCH_MODE);
    char *sargv[] = {"hvsbench", "webserver", (char *)itoa_tmp(box, b), (char *)mode, NULL};
    char *cargv[] = {"hvsbench",
                     "webclient",
                     b,
                     (char *)itoa_tmp(results, rb),
                     (char *)itoa_tmp(RUN_REQUESTS / clients, qb),
                     NULL};
    rid_t server = spawn("hvsbench", sargv, 0), pids[32];
    uint64_t sum = 0;
    uint32_t count = 0;
    struct cmsg m;

    for (int i = 0; i < clients; i++)
        pids[i] = spawn("hvsbench", cargv, 0);
    for (int i = 0; i < clients; i++) {
        struct client_result r;
        if (crecv(results, &m, IPC_FOREVER) < 0)
            break;
        memcpy(&r, cmsg_data(&m), sizeof(r));
        resdelete(m.cont);
        sum += r.sum;
        count += r.count;
    }
    for (int i = 0; i < clients; i++)
        run_wait(pids[i]);
    rid_t stop = ccreate(4, &m), reply = cbcreate("", BENCH_MODE);
    *(uint32_t *)cmsg_data(&m) = STOP;
    if (ccall(box, stop, reply, &m, IPC_FOREVER) > 0)
        resdelete(m.cont);
    run_wait(server);
    resdelete(reply);
    resdelete(box);
    resdelete(results);
    return count ? sum / count : 0;
}

/* BENCH web tender|tender+hvs clients=N (mean response time per run, with
 * every run as samples=, pairs in order) and web saved clients=N (median of
 * the paired per-round differences tender − tender+hvs) */
void
bench_web(void)
{
    for (unsigned i = 0; i < sizeof(client_counts) / sizeof(client_counts[0]); i++) {
        struct sample tender = {0}, hvs = {0}, saved = {0};
        for (int r = 0; r < ROUNDS; r++) {
            int64_t t, h;
            if (r & 1) { // every other pair the other way round: neither mode always runs first
                h = (int64_t)one_run("hvs", client_counts[i]);
                t = (int64_t)one_run("tender", client_counts[i]);
            } else {
                t = (int64_t)one_run("tender", client_counts[i]);
                h = (int64_t)one_run("hvs", client_counts[i]);
            }
            if (t <= 0 || h <= 0)
                continue; // a failed run: drop its pair, so the series stay paired
            sample_add(&tender, t, 1);
            sample_add(&hvs, h, 1);
            sample_add(&saved, t - h, 1); // paired: what HVS saved in this round
        }
        bench_report("web", "tender", "clients", (uint32_t)client_counts[i], &tender);
        bench_report("web", "tender+hvs", "clients", (uint32_t)client_counts[i], &hvs);
        bench_report("web", "saved", "clients", (uint32_t)client_counts[i], &saved);
    }
}

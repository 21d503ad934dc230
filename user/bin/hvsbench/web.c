/*
 * Section 5.3, in the guest: a web server that runs one access-counter
 * worker per request. Clients (each in a space of its own, like remote
 * machines) send requests as containers with ccall and time the answer. The
 * server receives a request, creates the worker (/bin/acount) in a new
 * space ("Tender") or in its own space ("Tender+HVS"), hands it the counter
 * (a container: the file-like shared region), takes the counter back, reaps
 * the worker and answers with the new count. Reported: the mean response
 * time over all requests (n), and the range of the clients' means.
 */
#include <errno.h>
#include <ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define REQUESTS 16 /* per client */
#define STOP 0xffffffffu

static const int client_counts[] = {4, 8, 12, 16, 20};

struct client_result {
    uint64_t sum;      /* cycles over all its requests */
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

/* role: hvsbench webclient BOX RESULTS: REQUESTS timed requests, then the sums. */
int
role_webclient(int argc, char **argv)
{
    rid_t box = arg_rid(argc, argv, 2), results = arg_rid(argc, argv, 3);
    rid_t mine = cbcreate("", BENCH_MODE);
    struct client_result r = {0, 0};
    struct cmsg m;
    rid_t c = ccreate(64, &m);

    for (int i = 0; i < REQUESTS && c > 0; i++) {
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

static void
one_run(const char *mode, int clients)
{
    char b[12], rb[12];
    rid_t box = cbcreate("", BENCH_MODE), results = cbcreate("", BENCH_MODE);
    char *sargv[] = {"hvsbench", "webserver", (char *)itoa_tmp(box, b), (char *)mode, NULL};
    char *cargv[] = {"hvsbench", "webclient", b, (char *)itoa_tmp(results, rb), NULL};
    rid_t server = spawn("hvsbench", sargv, 0), pids[32];
    uint64_t sum = 0, lo = ~0ull, hi = 0;
    uint32_t count = 0;
    struct cmsg m;

    for (int i = 0; i < clients; i++)
        pids[i] = spawn("hvsbench", cargv, 0);
    for (int i = 0; i < clients; i++) {
        if (crecv(results, &m, IPC_FOREVER) < 0)
            break;
        struct client_result r;
        memcpy(&r, cmsg_data(&m), sizeof(r));
        resdelete(m.cont);
        if (!r.count)
            continue;
        sum += r.sum;
        count += r.count;
        lo = r.sum / r.count < lo ? r.sum / r.count : lo;
        hi = r.sum / r.count > hi ? r.sum / r.count : hi;
    }
    for (int i = 0; i < clients; i++)
        run_wait(pids[i]);
    rid_t stop = ccreate(4, &m);
    *(uint32_t *)cmsg_data(&m) = STOP;
    rid_t reply = cbcreate("", BENCH_MODE);
    if (ccall(box, stop, reply, &m, IPC_FOREVER) > 0)
        resdelete(m.cont);
    run_wait(server);
    resdelete(reply);
    resdelete(box);
    resdelete(results);
    if (!count)
        return;
    uint64_t mean = sum / count, ns = cycles_to_ns(mean);
    printf("BENCH web %s clients=%d cycles=%llu us=%llu.%03llu n=%u min=%llu max=%llu\n",
           strcmp(mode, "hvs") == 0 ? "tender+hvs" : "tender", clients, (unsigned long long)mean,
           (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000), count,
           (unsigned long long)lo, (unsigned long long)hi);
}

/* BENCH web tender|tender+hvs clients=N (mean response time) */
void
bench_web(void)
{
    for (unsigned i = 0; i < sizeof(client_counts) / sizeof(client_counts[0]); i++) {
        one_run("tender", client_counts[i]);
        one_run("hvs", client_counts[i]);
    }
}

/*
 * user/bin/httpd/stats.c - where a worker's time goes (issue 19's
 * per-request breakdown): clock readings (os_cycles: the TSC on Tender)
 * summed per stage of each request by the worker that served it, and, with
 * -s, GET /server-stats answering them as "name value" lines together with
 * the system's counters (os_stats: on Tender the kernel's switches and
 * address-space loads, netd's and the file server's requests and cycles).
 * A stage's sum over the requests of a run, divided by their number, is
 * its cost per request; a reader takes two answers and the difference.
 * The stages, in order: head (the accept's return, or the previous
 * request's end, to the parsed head), spawn (the script's pipes and
 * proccreate), script (its run until its output ends: its loading, its
 * file requests, its exit), reap (the wait for it), respond (the answer
 * written), close (the connection's); their sum is the request's time in
 * the worker from the accept's return.
 * Invariants: two clock readings per stage and nothing else on a request's
 * path; the stats request itself is not counted, nor the stages of a
 * request that failed before its head was whole.
 * Entry points: stats_add, serve_stats (httpd_stats is the worker's sums).
 */
#include <stdio.h>
#include <string.h>

#include "httpd.h"

struct httpd_stats httpd_stats;

static const char *const stage_names[ST_COUNT] = {
    [ST_HEAD] = "head", [ST_SPAWN] = "spawn",     [ST_SCRIPT] = "script",
    [ST_REAP] = "reap", [ST_RESPOND] = "respond", [ST_CLOSE] = "close",
};

/* Add the time since *mark to stage s; *mark becomes now. */
void
stats_add(enum stats_stage s, uint64_t *mark)
{
    uint64_t now = os_cycles();

    httpd_stats.cycles[s] += now - *mark;
    *mark = now;
}

/* Answer GET /server-stats on fd. Returns 0 if the connection may go on,
 * -1 if it must close. */
int
serve_stats(int fd, int keep_alive)
{
    char buf[4096];
    size_t n;

    n = (size_t)snprintf(buf, sizeof(buf), "mode %s\nunit %s\nrequests %llu\ncgi %llu\n",
                         httpd_opts.mode == MODE_HVS ? "hvs" : "new", os_cycles_unit(),
                         (unsigned long long)httpd_stats.requests,
                         (unsigned long long)httpd_stats.cgi);
    for (int s = 0; s < ST_COUNT && n < sizeof(buf); s++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %llu\n", stage_names[s],
                              (unsigned long long)httpd_stats.cycles[s]);
    if (n < sizeof(buf))
        n += os_stats(buf + n, sizeof(buf) - n);
    if (n >= sizeof(buf))
        n = sizeof(buf) - 1;
    return send_response(fd, 200, "text/plain", buf, n, keep_alive, NULL, 0) < 0 ? -1 : 0;
}

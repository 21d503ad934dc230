/*
 * t_sigint: a program that catches SIGINT, for the harness's Ctrl-C session
 * (tools/guest-tests.sh): Ctrl-C on the console is SIGINT to the foreground
 * program, and one with a handler lives on. It says "t_sigint: ready",
 * waits for a signal (pause), and when its handler has run says
 * "t_sigint: caught SIGINT, still running" and exits 42. Not a suite.
 */
#include <signal.h>
#include <stdio.h>
#include <tender.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void
on_int(int sig)
{
    caught = sig;
}

int
main(int argc, char **argv)
{
    struct sigaction sa = {.sa_handler = on_int, .sa_mask = 0, .sa_flags = 0};

    if (tender_help(argc, argv, "t_sigint", "test helper: catch one Ctrl-C (SIGINT), then exit 42"))
        return 0;
    if (sigaction(SIGINT, &sa, NULL) < 0) {
        perror("t_sigint: sigaction");
        return 1;
    }
    printf("t_sigint: ready\n");
    fflush(stdout);
    while (!caught)
        pause();
    printf("t_sigint: caught SIG%s, still running\n", caught == SIGINT ? "INT" : "?");
    return 42;
}

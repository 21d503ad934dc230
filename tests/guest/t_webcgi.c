/*
 * tests/guest/t_webcgi.c - a CGI script for t_web: prints, as text/plain,
 * its space (getvmid), the CGI variables t_web checks and the request body
 * it reads from stdin (CONTENT_LENGTH bytes), so a case can see where httpd
 * created it and what it was given; with the query "hang" it says nothing
 * for HANG_S seconds, far past the script time-out t_web gives httpd (a
 * script that never answers, but a test that fails in bounded time if
 * httpd waits for it). Not a suite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#define HANG_S 5

static const char *
env(const char *name)
{
    const char *v = getenv(name);
    return v ? v : "(unset)";
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_webcgi", "t_web's CGI script: its space and CGI variables"))
        return 0;
    char body[256];
    long want = atol(env("CONTENT_LENGTH"));
    ssize_t got = 0, n;

    if (!strcmp(env("QUERY_STRING"), "hang"))
        sleep(HANG_S);
    if (want < 0 || want >= (long)sizeof(body))
        want = 0;
    while (got < want && (n = read(STDIN_FILENO, body + got, (size_t)(want - got))) > 0)
        got += n;
    body[got] = '\0';
    printf("Content-Type: text/plain\r\nX-Test: yes\r\n\r\n");
    printf("vm=%d\nmethod=%s\nquery=%s\ngateway=%s\nscript=%s\nprotocol=%s\nremote=%s\nbody=%s\n",
           getvmid(0), env("REQUEST_METHOD"), env("QUERY_STRING"), env("GATEWAY_INTERFACE"),
           env("SCRIPT_NAME"), env("SERVER_PROTOCOL"), env("REMOTE_ADDR"), body);
    return 0;
}

/*
 * user/bin/counter/counter.c - the HVS paper's CGI access counter (§5.3, DESIGN §7)
 * in C: open /var/counter (made if missing; the environment's COUNTER_FILE
 * names another), take a write lock on the whole file (fcntl F_SETLKW,
 * POSIX record locks, on Tender held by the file server), read the decimal
 * number, write it plus one, and print a small HTML page with it as a CGI
 * response (of one length for every number below 10^10, so ApacheBench
 * counts no length failures). The lock is held from the read to the write, so no two requests
 * see the same number and none is lost: after N successful runs the file
 * holds N more. Closing the file drops the lock. Plain POSIX: the same file
 * builds for Tender (cflags: -DCOUNTER_TENDER, for its -h line only), the
 * host, and the Linux guest of make bench-web.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef COUNTER_TENDER
#include <tender.h>
#endif

#define COUNTER_PATH "/var/counter"
#define NUM_MAX 32

static int
fail(const char *what, const char *path)
{
    char page[512];
    int n = snprintf(page, sizeof(page),
                     "Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n"
                     "counter: %s %s: %s\n",
                     what, path, strerror(errno));

    if (n > 0 && write(STDOUT_FILENO, page, (size_t)n) < 0)
        return 2;
    return 1;
}

/* Lock, read, add one, write; returns the new value, or -1 with errno. */
static long
bump(int fd)
{
    struct flock lk = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    char num[NUM_MAX];
    ssize_t got;
    long value;
    int len;

    while (fcntl(fd, F_SETLKW, &lk) < 0)
        if (errno != EINTR)
            return -1;
    if ((got = pread(fd, num, sizeof(num) - 1, 0)) < 0)
        return -1;
    num[got] = '\0';
    value = strtol(num, NULL, 10) + 1; // an empty (new) file counts as 0
    if (value < 1)
        value = 1;
    len = snprintf(num, sizeof(num), "%ld\n", value);
    if (pwrite(fd, num, (size_t)len, 0) != len)
        return -1;
    if (got > len && ftruncate(fd, len) < 0) // a shorter number than before (a reset file)
        return -1;
    return value;
}

int
main(int argc, char **argv)
{
    const char *path = getenv("COUNTER_FILE");
    char page[1024];
    long value;
    int fd, n;

#ifdef COUNTER_TENDER
    if (tender_help(argc, argv, "counter", "the HVS paper's CGI access counter: /var/counter plus one"))
        return 0;
#else
    (void)argc, (void)argv;
#endif
    if (!path || !*path)
        path = COUNTER_PATH;
    if ((fd = open(path, O_RDWR | O_CREAT, 0644)) < 0)
        return fail("cannot open", path);
    if ((value = bump(fd)) < 0)
        return fail("cannot update", path);
    close(fd); // drops the lock
    n = snprintf(page, sizeof(page),
                 "Content-Type: text/html\r\n\r\n"
                 "<html><head><title>Counter</title></head>\n"
                 "<body><h1>Access counter</h1><p>You are visitor number <b>%10ld</b>.</p></body>"
                 "</html>\n",
                 value);
    return write(STDOUT_FILENO, page, (size_t)n) == n ? 0 : 1;
}

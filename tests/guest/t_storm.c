/*
 * t_storm: a storm of write + fsync for the host's power-cut test
 * (tools/guest-tests.sh kills QEMU in the middle of it).
 *
 *     t_storm      forever: append record i to /storm (512 bytes: "rec i"
 *                  and a pattern), create and remove a small file now and
 *                  then (metadata churn), and after every fourth record
 *                  fsync and print "synced N": records 0..N-1 are on the disk
 *
 * After the cut the host repairs the image with e2fsck -fy and checks that
 * every record up to the last "synced" line is there, byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#define REC 512

/* the bytes of record i: its number, then a pattern the host recomputes */
static void
record(uint32_t i, uint8_t *out)
{
    memset(out, 0, REC);
    snprintf((char *)out, 32, "rec %u", (unsigned)i);
    for (uint32_t k = 32; k < REC; k++)
        out[k] = (uint8_t)((i * 131 + k * 7) & 0xff);
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "t_storm", "test helper: write+fsync forever for a power cut"))
        return 0;
    uint8_t buf[REC];
    int fd = open("/storm", O_RDWR | O_CREAT | O_TRUNC, 0644);

    if (fd < 0) {
        printf("t_storm: /storm: %s\n", strerror(errno));
        return 1;
    }
    if (fsync(fd) < 0)
        return 1;
    printf("storm started\n");
    for (uint32_t i = 0;; i++) {
        record(i, buf);
        if (write(fd, buf, REC) != REC) {
            printf("t_storm: write: %s\n", strerror(errno));
            return 1;
        }
        if (i % 16 == 5) { // metadata churn between the syncs
            char name[32];
            snprintf(name, sizeof(name), "/tmp/churn%u", (unsigned)(i / 16 % 8));
            int t = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (t >= 0) {
                (void)write(t, buf, REC * (i % 5));
                close(t);
            }
            if (i % 48 == 5)
                unlink(name);
        }
        if (i % 4 == 3) {
            if (fsync(fd) < 0) {
                printf("t_storm: fsync: %s\n", strerror(errno));
                return 1;
            }
            printf("synced %u\n", (unsigned)(i + 1));
            fflush(stdout);
        }
    }
}

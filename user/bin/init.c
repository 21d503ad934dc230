/*
 * user/bin/init.c - the first process.
 *
 * The kernel starts /bin/init, and hands out the boot command's exact text
 * through getenvinfo() (the boot module "bootcmd", or the kernel command
 * line after " -- "). Everything init starts has HOME=/ and PATH=/bin:/usr/bin in its
 * environment (the system owner's, as /etc/passwd on the disk says). With a
 * command, init runs `/bin/sh -c "<command>"` in a new
 * space and exits with the shell's status, which ends the machine with that
 * status. Without one, init greets the user and keeps an interactive /bin/sh
 * running, restarting it whenever it exits; if the shell keeps ending at once
 * (no console input), init gives up and exits.
 *
 * Before any shell, init starts the file server /bin/omfs (DESIGN §5) and
 * waits until its box is there, or until it gives up (no disk: then there
 * are no files, and the rest works as before). When init ends, it asks the
 * server to write everything to the disk and stop (a clean shutdown), so
 * the disk image is consistent when the machine stops.
 *
 * Then init starts the network server /bin/netd (DESIGN §7) and waits for
 * its box; netd says itself whether it found a network card (without one it
 * serves the loopback alone), and asks DHCP in the background.
 *
 * With no boot command (an interactive machine), and when the network
 * server has a network card (net_info), init also starts the web server,
 * `/bin/httpd -m hvs` on port 80 (DESIGN §7: CGI in the worker's space),
 * and leaves it running; a boot command's machine starts none, so tests and
 * benchmarks choose their own.
 */
#include <errno.h>
#include <ipc.h>
#include <net.h>
#include <omfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#define SHELL "/bin/sh"
#define CMD_MAX 4096 /* the boot command: one argument of sh -c, which takes 4 KiB */
#define NAME_TRIES 100
#define QUICK_EXITS_MAX 5 // shells in a row that lived under a second
#define FILE_SERVER "/bin/omfs"
#define SERVER_WAIT_MS 20000 // how long a file server may take to mount the disk
#define NET_SERVER "/bin/netd"
#define NET_BOX "netd"
#define NET_WAIT_MS 5000 // how long the network server may take to set up
#define WEB_SERVER "/bin/httpd"
/* owner all, group REF|ATT, other REF: as the shell creates processes */
#define INIT_MODE RCC_OWNER(RCC_ALL) /* nothing for group or others unless asked */

/* start the shell with argv in a new space, named "sh.<n>"; returns its pid or -errno */
static rid_t
start_shell(char *const argv[])
{
    static unsigned seq;
    char name[RES_NAME_MAX];
    rid_t pid = -EEXIST;

    for (int i = 0; i < NAME_TRIES && pid == -EEXIST; i++) {
        snprintf(name, sizeof(name), "sh.%u", ++seq);
        pid = proccreate(name, SHELL, argv, 0, INIT_MODE);
    }
    return pid;
}

/* run the shell to its end; returns its exit code (128 + vector if it
 * faulted, 128 + the signal if a signal ended it) */
static int
run_shell(char *const argv[])
{
    rid_t pid = start_shell(argv);
    int status;

    if (pid < 0) {
        fprintf(stderr, "init: cannot start %s: %s\n", SHELL, strerror(-pid));
        return 127;
    }
    if (procwait(pid, &status) < 0) {
        perror("init: procwait");
        return 1;
    }
    if (PROC_EXITED(status))
        return PROC_EXITCODE(status);
    fprintf(stderr, "init: shell ended abnormally (status 0x%x)\n", status);
    if (PROC_SIGNALED(status))
        return 128 + PROC_TERMSIG(status);
    return PROC_FAULTED(status) ? 128 + PROC_FAULTVEC(status) : 137;
}

static rid_t file_server;

/* Start the file server and wait for its box (or for it to give up). */
static void
start_file_server(void)
{
    char *argv[] = {"omfs", NULL};
    struct res_info ri;

    file_server = proccreate("omfs", FILE_SERVER, argv, 0, INIT_MODE);
    if (file_server < 0) {
        file_server = 0;
        return;
    }
    for (int ms = 0; ms < SERVER_WAIT_MS; ms += 10) {
        if (resfind(RT_CBOX, OMFS_BOX) > 0)
            return;
        if (resinfo(file_server, &ri) < 0 || ri.u.proc.state == PROC_ZOMBIE)
            break; // it gave up (no disk, no file system): it said why
        usleep(10000);
    }
    procwait(file_server, NULL);
    file_server = 0;
}

/* Start the network server and wait for its box (or for it to give up). */
static void
start_net_server(void)
{
    char *argv[] = {"netd", NULL};
    struct res_info ri;
    rid_t pid = proccreate("netd", NET_SERVER, argv, 0, INIT_MODE);

    if (pid < 0) {
        fprintf(stderr, "init: cannot start %s: %s\n", NET_SERVER, strerror(-pid));
        return;
    }
    for (int ms = 0; ms < NET_WAIT_MS; ms += 10) {
        if (resfind(RT_CBOX, NET_BOX) > 0)
            return;
        if (resinfo(pid, &ri) < 0 || ri.u.proc.state == PROC_ZOMBIE)
            break; // it gave up: it said why
        usleep(10000);
    }
}

/* Start the web server in mode hvs if the network is up; it runs until the
 * machine stops (no one waits for it). */
static void
start_web_server(void)
{
    char *argv[] = {"httpd", "-m", "hvs", "-q", NULL};
    struct netd_info ni;
    rid_t pid;

    if (net_info(&ni) < 0 || !ni.nic)
        return; // no network server, or it drives no card: nothing to serve
    if ((pid = proccreate("httpd", WEB_SERVER, argv, 0, INIT_MODE)) < 0)
        fprintf(stderr, "init: cannot start %s: %s\n", WEB_SERVER, strerror(-pid));
}

/* A clean shutdown: the file server writes everything and ends. */
static void
stop_file_server(void)
{
    if (!file_server)
        return;
    if (omfs_shutdown() < 0)
        fprintf(stderr, "init: the file server did not shut down cleanly: %s\n",
                strerror(errno));
    procwait(file_server, NULL);
    file_server = 0;
}

/*
 * The boot command into cmd ("" if none). The kernel's own copy (getenvinfo)
 * keeps the blanks inside quotes, so the first process prefers it; otherwise
 * argv[1..] (the kernel's words) are joined by blanks.
 */
static void
boot_command(int argc, char **argv, char *cmd, size_t size)
{
    struct res_info self;
    size_t len = 0;

    cmd[0] = '\0';
    if (resinfo(getpid(), &self) == 0 && self.u.proc.parent == 0 && getenvinfo(cmd, size) > 0)
        return;
    cmd[0] = '\0';
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(argv[i]);

        if (len + n + 2 > size) {
            fputs("init: boot command too long, truncated\n", stderr);
            break;
        }
        if (i > 1)
            cmd[len++] = ' ';
        memcpy(cmd + len, argv[i], n + 1);
        len += n;
    }
}

/* init [COMMAND...]: see the top of this file. */
int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "init [CMD [ARG...]]", "the first process: runs CMD, or the shell"))
        return 0;
    static char cmd[CMD_MAX];
    char *sh_c[] = {"sh", "-c", cmd, NULL};
    char *sh_i[] = {"sh", NULL};
    int quick = 0, status = 0;

    boot_command(argc, argv, cmd, sizeof(cmd));
    setenv("HOME", "/", 0); // the system owner's, as /etc/passwd says (DESIGN §8)
    setenv("PATH", "/bin:/usr/bin", 0); // the boot image, then programs on the disk
    start_file_server();
    start_net_server();
    if (cmd[0] != '\0') {
        status = run_shell(sh_c);
        stop_file_server();
        return status == TENDER_HALT_STATUS ? 0 : status;
    }

    start_web_server();
    puts("Tender/HVS: type `help` for the commands.");
    while (quick < QUICK_EXITS_MAX) {
        unsigned hz, start = tender_ticks(&hz);

        status = run_shell(sh_i);
        if (status == TENDER_HALT_STATUS) {
            stop_file_server();
            return 0;
        }
        if (status == 127) {
            stop_file_server();
            return status; // no shell to run
        }
        quick = tender_ticks(NULL) - start < hz ? quick + 1 : 0;
        printf("init: shell exited with status %d, restarting\n", status);
    }
    fputs("init: the shell keeps exiting at once (no console input?); stopping\n", stderr);
    stop_file_server();
    return status;
}

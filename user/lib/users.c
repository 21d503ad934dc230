/*
 * user/lib/users.c - who the process is, in Unix terms: getuid, geteuid,
 * getgid, getegid, and the user database: getpwuid, getpwnam (pwd.h).
 *
 * A process's owner is its uid and its group its gid (DESIGN §3: the file
 * server checks ext2's mode bits against them the same way); there is no
 * set-user-ID, so the effective ids are the real ones. The kernel says who
 * the process is (resinfo on itself); a process whose own mode hides it from
 * itself is "nobody". The user database is /etc/passwd on the disk, in its
 * usual format (name:password:uid:gid:gecos:dir:shell), read afresh at each
 * call, so an edit shows at once; the answer lives in static storage that
 * the next call overwrites, as POSIX allows.
 * Public: getuid, geteuid, getgid, getegid, getpwuid, getpwnam.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tender.h>
#include <unistd.h>

#define NOBODY 65534
#define PASSWD "/etc/passwd"

static int
self(struct res_info *info)
{
    return resinfo(getpid(), info);
}

uid_t
getuid(void)
{
    struct res_info info;

    return self(&info) == 0 ? (uid_t)info.owner : NOBODY;
}

uid_t
geteuid(void)
{
    return getuid();
}

gid_t
getgid(void)
{
    struct res_info info;

    return self(&info) == 0 ? (gid_t)info.group : NOBODY;
}

gid_t
getegid(void)
{
    return getgid();
}

/* Split one line of /etc/passwd into pw (its strings point into line).
 * Returns 0, or -1 for a line that is not seven fields with numeric ids. */
static int
parse(char *line, struct passwd *pw)
{
    char *field[7], *end;

    line[strcspn(line, "\n")] = '\0';
    for (int i = 0; i < 7; i++) {
        field[i] = line;
        if (i < 6 && !(line = strchr(line, ':')))
            return -1;
        if (i < 6)
            *line++ = '\0';
    }
    if (strchr(field[6], ':'))
        return -1;
    *pw = (struct passwd){.pw_name = field[0],
                          .pw_passwd = field[1],
                          .pw_gecos = field[4],
                          .pw_dir = field[5],
                          .pw_shell = field[6]};
    pw->pw_uid = (uid_t)strtoul(field[2], &end, 10);
    if (end == field[2] || *end)
        return -1;
    pw->pw_gid = (gid_t)strtoul(field[3], &end, 10);
    return end == field[3] || *end ? -1 : 0;
}

/* The first entry of /etc/passwd with this name (name != NULL) or uid.
 * NULL with errno unchanged if there is none (POSIX), or set if reading
 * failed. */
static struct passwd *
lookup(const char *name, uid_t uid)
{
    static char line[512];
    static struct passwd pw;
    FILE *f = fopen(PASSWD, "r");
    int saved = errno;

    if (!f)
        return NULL;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || parse(line, &pw) < 0)
            continue;
        if (name ? strcmp(pw.pw_name, name) == 0 : pw.pw_uid == uid) {
            fclose(f);
            errno = saved;
            return &pw;
        }
    }
    fclose(f);
    errno = saved;
    return NULL;
}

struct passwd *
getpwuid(uid_t uid)
{
    return lookup(NULL, uid);
}

struct passwd *
getpwnam(const char *name)
{
    return name ? lookup(name, 0) : NULL;
}

/*
 * user/bin/ls.c - list directories.
 *
 *     ls [-l] [-a] [PATH...]    -l: mode, links, owner, group, size, time;
 *                               -a: also names starting with '.'
 * Names are sorted; a PATH that is a file lists just that file. In the long
 * form a symbolic link shows as 'l' with "name -> target" (lstat, readlink).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tender.h>
#include <time.h>
#include <unistd.h>

#define NAMES_MAX 4096

static int long_form, all;

static void
mode_text(mode_t m, char out[11])
{
    const char *rwx = "rwxrwxrwx";

    out[0] = S_ISDIR(m) ? 'd' : S_ISREG(m) ? '-' : S_ISLNK(m) ? 'l' : '?';
    for (int i = 0; i < 9; i++)
        out[i + 1] = m & (1u << (8 - i)) ? rwx[i] : '-';
    if (m & S_ISVTX)
        out[9] = m & 1 ? 't' : 'T';
    out[10] = '\0';
}

static void
show(const char *path, const char *name)
{
    struct stat st;
    char mode[11], when[20], target[1024] = "";
    struct tm tm;

    if (!long_form) {
        puts(name);
        return;
    }
    if (lstat(path, &st) < 0) {
        printf("?????????? %s (%s)\n", name, strerror(errno));
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        ssize_t n = readlink(path, target + 4, sizeof(target) - 5);
        if (n >= 0) {
            memcpy(target, " -> ", 4);
            target[4 + n] = '\0';
        }
    }
    mode_text(st.st_mode, mode);
    gmtime_r(&st.st_mtime, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
    printf("%s %2u %5u %5u %8ld %s %s%s\n", mode, (unsigned)st.st_nlink, (unsigned)st.st_uid,
           (unsigned)st.st_gid, (long)st.st_size, when, name, target);
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
list(const char *path)
{
    static char *names[NAMES_MAX];
    char full[1024];
    struct stat st;
    struct dirent *e;
    DIR *d;
    int n = 0;

    if (stat(path, &st) < 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        show(path, path);
        return 0;
    }
    if (!(d = opendir(path))) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    while ((e = readdir(d)) && n < NAMES_MAX)
        if (all || e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), by_name);
    for (int i = 0; i < n; i++) {
        snprintf(full, sizeof(full), "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
                 names[i]);
        show(full, names[i]);
        free(names[i]);
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (tender_help(argc, argv, "ls [-l] [-a] [PATH...]", "list directories (-l: the long form)"))
        return 0;
    int i = 1, status = 0, paths;

    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l')
                long_form = 1;
            else if (*o == 'a')
                all = 1;
            else {
                fprintf(stderr, "usage: ls [-l] [-a] [PATH...]\n");
                return 2;
            }
        }
    }
    paths = argc - i;
    if (paths == 0)
        return list(".");
    for (; i < argc; i++) {
        if (paths > 1)
            printf("%s:\n", argv[i]);
        status |= list(argv[i]);
    }
    return status;
}

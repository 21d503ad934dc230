/*
 * Boot command-line options: "key=value" or bare "key" words separated by
 * spaces, e.g. "selftest nopge init=/bin/sh".
 */
#include "kernel/bootinfo.h"
#include "kernel/string.h"

/* Copy the value of option key into buf (size bytes) and return buf; a bare
 * key gives "". Returns NULL when the option is absent. */
const char *
bootinfo_option(const char *key, char *buf, unsigned size)
{
    size_t klen = kstrlen(key);
    const char *p = boot_info.cmdline;

    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - word) < klen || kmemcmp(word, key, klen) != 0)
            continue;
        const char *rest = word + klen;
        if (rest == p || *rest == '=') {
            unsigned n = 0;
            if (*rest == '=')
                for (rest++; rest < p && n + 1 < size; rest++)
                    buf[n++] = *rest;
            if (size)
                buf[n] = '\0';
            return buf;
        }
    }
    return NULL;
}

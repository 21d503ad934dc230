/*
 * user/lib/env.c - the environment (newlib's `environ`), kept by the kernel
 * across proccreate (envget/envset, proc/env.c).
 *
 * environ is defined here, empty until start-up (crt0 calls env_import
 * after __libc_init), when the block the kernel copied from the parent
 * becomes environ (NUL-separated "NAME=value" strings). newlib's getenv and
 * setenv work on environ as usual. Before proccreate, env_export gives the
 * kernel the current environ as the block the child will copy, with one
 * envset only when it changed since the last one.
 * env_export_with adds strings of the caller's (proccreate_env) without
 * touching environ: newlib's setenv and unsetenv never free the strings
 * they replace, so a program that set variables for each child would grow
 * without end.
 * Entry points: environ, env_import, env_export, env_export_with.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "kernel/abi/types.h"
#include "user/lib/env.h"

#define ENV_MAX ENV_BLOCK_MAX
#define ENV_SLOTS 64

static char block[ENV_MAX], last[ENV_MAX];
static size_t last_len;
static char *slots[ENV_SLOTS + 1];
static char *empty_environment[1];
char **environ = empty_environment; // newlib's getenv and setenv work on it

/* See env.h. */
void
env_import(void)
{
    int32_t len = sys_envget((uint32_t)(uintptr_t)block, sizeof(block));
    int n = 0;

    if (len <= 0 || len > (int32_t)sizeof(block))
        return;
    memcpy(last, block, (size_t)len);
    last_len = (size_t)len;
    for (int32_t i = 0; i < len && n < ENV_SLOTS;) {
        char *s = block + i;
        size_t l = strnlen(s, (size_t)(len - i));
        if (l == (size_t)(len - i))
            break; // no NUL: ignore the rest
        if (l && strchr(s, '='))
            slots[n++] = s;
        i += (int32_t)l + 1;
    }
    slots[n] = NULL;
    environ = slots;
}

/* Whether "NAME=value" s names a variable that one of list's strings sets. */
static int
set_in(char *const list[], const char *s)
{
    size_t n = strcspn(s, "=");

    for (; list && *list; list++)
        if (strncmp(*list, s, n) == 0 && (*list)[n] == '=')
            return 1;
    return 0;
}

/* Append string s (with its NUL) to out at *len, if it fits. */
static void
put(char *out, size_t size, size_t *len, const char *s)
{
    size_t l = strlen(s) + 1;

    if (*len + l <= size) { // what does not fit stays behind
        memcpy(out + *len, s, l);
        *len += l;
    }
}

/* See env.h: what is in environ now, with extra's NAME=value strings added
 * or in place of environ's of the same names, for the next child. */
void
env_export_with(char *const extra[])
{
    static char out[ENV_MAX];
    size_t len = 0;

    for (char **e = environ; e && *e; e++)
        if (!set_in(extra, *e))
            put(out, sizeof(out), &len, *e);
    for (char *const *x = extra; x && *x; x++)
        if (strchr(*x, '='))
            put(out, sizeof(out), &len, *x);
    if (len == last_len && memcmp(out, last, len) == 0)
        return;
    if ((int32_t)sys_envset((uint32_t)(uintptr_t)out, len) == 0) {
        memcpy(last, out, len);
        last_len = len;
    }
}

/* See env.h. */
void
env_export(void)
{
    env_export_with(NULL);
}

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
 * Entry points: environ, env_import, env_export.
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

/* See env.h: what is in environ now, for the next child. */
void
env_export(void)
{
    static char out[ENV_MAX];
    size_t len = 0;

    for (char **e = environ; e && *e; e++) {
        size_t l = strlen(*e) + 1;
        if (len + l > sizeof(out))
            break; // what does not fit stays behind
        memcpy(out + len, *e, l);
        len += l;
    }
    if (len == last_len && memcmp(out, last, len) == 0)
        return;
    if ((int32_t)sys_envset((uint32_t)(uintptr_t)out, len) == 0) {
        memcpy(last, out, len);
        last_len = len;
    }
}

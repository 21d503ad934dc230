/*
 * Boot command-line options: "key=value" or bare "key" words separated by
 * spaces, e.g. "selftest nopge init=/bin/sh", and the call that gives init
 * the boot command (the module "bootcmd", or what follows " -- ").
 */
#include "kernel/bootinfo.h"
#include "arch/x86/arch.h"
#include "kernel/string.h"
#include "kernel/syscall.h"

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

/* The boot module named name, or NULL. */
static const struct boot_module *
module_named(const char *name)
{
    for (unsigned i = 0; i < boot_info.nmodules; i++)
        if (kstrcmp(boot_info.modules[i].name, name) == 0)
            return &boot_info.modules[i];
    return NULL;
}

/* The boot command for init: the boot module "bootcmd" (tools/mkiso.sh puts
 * it there, so its length is not the command line's), else what follows
 * " -- " on the kernel command line. Returns its length (0 if none),
 * -EFAULT, or -ERANGE if buf is too small. */
int
sys_getenvinfo(struct proc *caller, char *buf, size_t n)
{
    const struct boot_module *m = module_named("bootcmd");
    const char *cmd = boot_info.cmdline;
    size_t len;

    (void)caller;
    if (m) {
        len = m->end - m->start;
        cmd = phys_to_virt(m->start);
        if (len + 1 > n)
            return -ERANGE;
        if (copyout(buf, cmd, len) < 0 || copyout(buf + len, "", 1) < 0)
            return -EFAULT;
        return (int)len;
    }
    while (*cmd && !(cmd[0] == '-' && cmd[1] == '-' && (cmd[2] == ' ' || !cmd[2]) &&
                     (cmd == boot_info.cmdline || cmd[-1] == ' ')))
        cmd++;
    cmd += *cmd ? (cmd[2] ? 3 : 2) : 0;
    len = kstrlen(cmd);
    if (len + 1 > n)
        return -ERANGE;
    return copyout(buf, cmd, len + 1) < 0 ? -EFAULT : (int)len;
}

/*
 * getentropy: random bytes for user programs (DESIGN §8), from the kernel's
 * generator (kernel/entropy.c), which the timing of every interrupt feeds
 * (arch/x86/trap.c) and kmain seeds at boot.
 * Public: sys_getentropy.
 */
#include "kernel/entropy.h"
#include "kernel/syscall.h"

/* Fill the caller's n bytes at buf with random bytes. Returns 0, -EINVAL
 * (n past ENTROPY_READ_MAX, as POSIX says for GETENTROPY_MAX) or -EFAULT
 * (then nothing was drawn that a caller could see). */
int
sys_getentropy(struct proc *caller, void *buf, size_t n)
{
    uint8_t bytes[ENTROPY_READ_MAX];
    int err;

    (void)caller;
    if (n > ENTROPY_READ_MAX)
        return -EINVAL;
    if ((err = user_range_check(buf, n, true)) < 0)
        return err;
    entropy_read(bytes, n);
    err = copyout(buf, bytes, n);
    kmemset(bytes, 0, sizeof(bytes));
    return err;
}

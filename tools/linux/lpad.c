/*
 * lpad: the Linux twin of our bpadN (user/bench/bpad.c), the program
 * lbench's process-creation figure execs (tools/bench-linux.sh builds it).
 * Like bpadN it does nothing but read the first byte of PAD_KIB KiB less
 * 6 KiB of initialised data in the file, and exits with status 0. One
 * source, built per size twice:
 *   -DLPAD_NOLIBC -nostdlib   no C library at all: _start reads the byte and
 *                             makes the exit system call (int $0x80, EAX 1)
 *   (default) -static         glibc's static start-up (TLS, IRELATIVE
 *                             relocations, stdio set-up) before main, as
 *                             bpadN has newlib's and our library's
 * so the file sizes bracket ours: the first is about PAD_KIB KiB, the
 * second glibc's start-up (about 720 KiB) more. lbench labels each line
 * with the file's real size, not the nominal one.
 * Invariant: the pad is initialised data (a file-backed page the program
 * touches), never .bss, so the size is in the file as in bpadN.
 */
#ifndef PAD_KIB
#error "build with -DPAD_KIB=N"
#endif
#define PAD_BYTES (PAD_KIB * 1024 - 6 * 1024) /* as bpadN: room left for code and headers */

static volatile char pad[PAD_BYTES] = {1};

#ifdef LPAD_NOLIBC
void _start(void) __attribute__((noreturn));

void
_start(void)
{
    int status = pad[0] - 1;

    for (;;) // exit(status): Linux i386 system call 1
        __asm__ volatile("int $0x80" : : "a"(1), "b"(status) : "memory");
}
#else
int
main(void)
{
    return pad[0] - 1;
}
#endif

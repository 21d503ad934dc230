/*
 * panic: the end of the kernel when an invariant breaks.
 *
 * Prints "PANIC: <message> at <file>:<line>" and a symbolic backtrace, then
 * leaves through arch_exit with a failure status (QEMU's isa-debug-exit; a
 * halt on real hardware). Interrupts stay off from the first line on, and a
 * panic inside a panic only prints and stops.
 */
#include <stdarg.h>

#include "arch/x86/arch.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define EXIT_PANIC 3

static int panicking;

/* Report the failure at file:line and stop the machine. Never returns. */
void
panic_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    arch_irq_disable();
    if (panicking++) {
        printk("PANIC (nested) at %s:%d\n", file, line);
        arch_exit(EXIT_PANIC);
    }
    printk("\nPANIC: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk(" at %s:%d\n", file, line);
    arch_backtrace((uint32_t)__builtin_frame_address(0), (uint32_t)panic_at);
    arch_exit(EXIT_PANIC);
}

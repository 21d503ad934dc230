/*
 * The 8253/8254 programmable interval timer and TSC calibration.
 *
 * Channel 0 drives IRQ 0 at the configured rate (mode 2, rate generator).
 * Channel 2, whose gate and output are wired to port 0x61, serves as a
 * one-shot stopwatch: the TSC is read across several 10 ms countdowns and
 * the median rate is kept, which rejects a window stretched by the host.
 * Public: pit_init, arch_tsc, arch_tsc_calibrate.
 */
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"
#include "arch/x86/x86.h"

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_CH0_RATEGEN 0x34  // channel 0, lobyte/hibyte, mode 2
#define PIT_CH2_ONESHOT 0xb0  // channel 2, lobyte/hibyte, mode 0
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20
#define CAL_WINDOW_HZ 100      // 10 ms windows
#define CAL_WINDOWS 5

/* Start channel 0 at hz interrupts per second. */
void
pit_init(unsigned hz)
{
    uint32_t div = PIT_HZ / hz;

    outb(PIT_CMD, PIT_CH0_RATEGEN);
    outb(PIT_CH0, div & 0xff);
    outb(PIT_CH0, div >> 8);
}

/* Read the time-stamp counter. */
uint64_t
arch_tsc(void)
{
    return rdtsc();
}

static uint64_t
tsc_window(void)
{
    uint32_t div = PIT_HZ / CAL_WINDOW_HZ;
    uint64_t start, end;
    uint8_t b = inb(PORT_B) & ~(PORT_B_SPEAKER | PORT_B_GATE2);

    outb(PORT_B, b);                      // gate low: hold the counter
    outb(PIT_CMD, PIT_CH2_ONESHOT);
    outb(PIT_CH2, div & 0xff);
    outb(PIT_CH2, div >> 8);
    outb(PORT_B, b | PORT_B_GATE2);       // gate high: count down, OUT2 low
    start = rdtsc();
    while (!(inb(PORT_B) & PORT_B_OUT2))  // OUT2 rises at terminal count
        ;
    end = rdtsc();
    outb(PORT_B, b);
    return end - start;
}

/* Measure TSC ticks per second against the PIT; 0 if the CPU has no TSC.
 * Call with interrupts off (an interrupt inside a window would stretch it). */
uint64_t
arch_tsc_calibrate(void)
{
    uint64_t w[CAL_WINDOWS];

    if (!arch_cpu.has_tsc)
        return 0;
    for (int i = 0; i < CAL_WINDOWS; i++)
        w[i] = tsc_window();
    for (int i = 1; i < CAL_WINDOWS; i++) // insertion sort, five values
        for (int j = i; j > 0 && w[j] < w[j - 1]; j--) {
            uint64_t t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    return w[CAL_WINDOWS / 2] * CAL_WINDOW_HZ;
}

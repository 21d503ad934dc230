/* The tick clock and TSC frequency; any kernel file may include it. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

extern volatile uint32_t clock_ticks; /* timer interrupts since boot */
extern uint64_t clock_tsc_hz;         /* calibrated TSC frequency, 0 if none */

void clock_init(void (*on_tick)(bool from_user)); /* calibrate; on_tick runs at every tick */
extern uint32_t clock_ticks_late;     /* ticks 5 periods or more after the one before */
uint32_t clock_max_gap_us(void);      /* longest gap between timer ticks since boot */

struct clock_page;
void clock_set_page(struct clock_page *page); /* kept at every tick from now on */

#endif

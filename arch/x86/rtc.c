/*
 * The CMOS real-time clock (MC146818), read once at boot for the time of day.
 *
 * Registers (index through port 0x70, data at 0x71): seconds 0x00, minutes
 * 0x02, hours 0x04, day 0x07, month 0x08, year 0x09, century 0x32 (where the
 * firmware keeps it), status A 0x0a (bit 7: an update is in progress) and
 * status B 0x0b (bit 2: binary rather than BCD, bit 1: 24-hour clock). The
 * clock is read until two reads outside an update agree, so a carry (23:59:59
 * -> 00:00:00) is never half-seen. The kernel keeps time from then on with
 * the TSC; the RTC is never written.
 * Public: arch_rtc_seconds.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/arch.h"
#include "arch/x86/io.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_OFF 0x80 /* keep NMIs masked while the index is set */
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b
#define REG_CENTURY 0x32
#define STATUS_A_UIP 0x80
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOUR_PM 0x80

struct rtc_time {
    uint8_t sec, min, hour, day, mon, year, century;
};

static uint8_t
cmos(uint8_t reg)
{
    outb(CMOS_INDEX, CMOS_NMI_OFF | reg);
    return inb(CMOS_DATA);
}

static void
read_raw(struct rtc_time *t)
{
    for (int spin = 0; spin < 1000000 && (cmos(REG_STATUS_A) & STATUS_A_UIP); spin++)
        ;
    t->sec = cmos(0x00), t->min = cmos(0x02), t->hour = cmos(0x04);
    t->day = cmos(0x07), t->mon = cmos(0x08), t->year = cmos(0x09);
    t->century = cmos(REG_CENTURY);
}

static bool
same(const struct rtc_time *a, const struct rtc_time *b)
{
    return a->sec == b->sec && a->min == b->min && a->hour == b->hour && a->day == b->day &&
           a->mon == b->mon && a->year == b->year && a->century == b->century;
}

static uint32_t
bcd(uint8_t v)
{
    return (v & 0x0f) + (v >> 4) * 10u;
}

/* Days from 1970-01-01 to year-mon-day (proleptic Gregorian), after the
 * usual shift of the year to start in March so the leap day comes last. */
static uint32_t
days_since_epoch(uint32_t year, uint32_t mon, uint32_t day)
{
    uint32_t y = mon <= 2 ? year - 1 : year, m = mon <= 2 ? mon + 9 : mon - 3;
    uint32_t era_days = y * 365 + y / 4 - y / 100 + y / 400;

    return era_days + (153 * m + 2) / 5 + day - 1 - 719468u; // 719468: 0000-03-01 .. 1970-01-01
}

/* The time of day as seconds since 1970-01-01 00:00 UTC (the RTC is taken
 * to keep UTC, as QEMU's does by default); 0 if it reads as nonsense. */
uint32_t
arch_rtc_seconds(void)
{
    struct rtc_time a, b;
    uint8_t status_b = cmos(REG_STATUS_B);
    uint32_t sec, min, hour, day, mon, year, century;

    read_raw(&b);
    for (int tries = 0; tries < 10; tries++) {
        a = b;
        read_raw(&b);
        if (same(&a, &b))
            break;
    }
    bool pm = (b.hour & HOUR_PM) != 0;
    b.hour &= (uint8_t)~HOUR_PM;
    if (status_b & STATUS_B_BINARY) {
        sec = b.sec, min = b.min, hour = b.hour, day = b.day, mon = b.mon, year = b.year;
        century = b.century;
    } else {
        sec = bcd(b.sec), min = bcd(b.min), hour = bcd(b.hour), day = bcd(b.day);
        mon = bcd(b.mon), year = bcd(b.year), century = bcd(b.century);
    }
    if (!(status_b & STATUS_B_24H))
        hour = hour % 12 + (pm ? 12 : 0);
    year += century >= 19 && century <= 30 ? century * 100 : 2000;
    if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 || mon > 12 ||
        year < 1970)
        return 0;
    return days_since_epoch(year, mon, day) * 86400u + hour * 3600u + min * 60u + sec;
}

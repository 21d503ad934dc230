/*
 * PS/2 keyboard (scan code set 1, as the 8042 translates it by default).
 * Turns key presses into the bytes a serial terminal would send: ASCII,
 * 0x7f for backspace, CR for enter, ESC [ A/B/C/D for the arrows, control
 * characters with Ctrl. Public: kbd_read (called from the IRQ 1 handler,
 * which reads until the controller is empty: a byte left in it would hold
 * the IRQ line and no further key would ever interrupt).
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/io.h"
#include "arch/x86/kbd.h"

#define KBD_DATA 0x60
#define KBD_STATUS 0x64
#define STATUS_OUTPUT_FULL 0x01
#define SC_RELEASE 0x80
#define SC_EXTENDED 0xe0
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CTRL 0x1d

static const char plain[] = "\0\x1b" "1234567890-=\x7f\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[] = "\0\x1b" "!@#$%^&*()_+\x7f\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

static bool shift, ctrl, extended;

/* Read one scan code and put the bytes it means into out (up to 3).
 * Returns how many bytes were produced (0 for releases and modifiers), or -1
 * when the controller holds no scan code. */
int
kbd_read(char out[3])
{
    uint8_t sc;

    if (!(inb(KBD_STATUS) & STATUS_OUTPUT_FULL))
        return -1;
    sc = inb(KBD_DATA);
    if (sc == SC_EXTENDED) {
        extended = true;
        return 0;
    }
    bool release = sc & SC_RELEASE;
    sc &= ~SC_RELEASE;
    if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
        shift = !release;
        return 0;
    }
    if (sc == SC_CTRL) {
        ctrl = !release;
        extended = false;
        return 0;
    }
    if (release)
        return 0;
    if (extended) {
        extended = false;
        const char *arrows = "HPKM"; // up, down, left, right
        for (int i = 0; i < 4; i++)
            if (sc == (uint8_t)arrows[i]) {
                out[0] = 0x1b, out[1] = '[', out[2] = "ABDC"[i];
                return 3;
            }
        return 0;
    }
    if (sc >= sizeof(plain) - 1 || !plain[sc])
        return 0;
    char c = shift ? shifted[sc] : plain[sc];
    if (ctrl && c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 1);
    out[0] = c;
    return 1;
}

/*
 * VGA text console: 80x25 cells at physical 0xB8000, light grey on black.
 *
 * Keeps a cursor, scrolls by copying rows up, moves the hardware cursor
 * through the CRTC index/data ports. Public: vga_init, vga_putc.
 */
#include <stdint.h>

#include "arch/x86/io.h"
#include "arch/x86/vga.h"
#include "arch/x86/x86.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700  // light grey on black
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5
#define CRTC_CURSOR_HI 0x0e
#define CRTC_CURSOR_LO 0x0f

static volatile uint16_t *const vga_mem = (uint16_t *)(KERNEL_VBASE + 0xb8000);
static unsigned vga_row, vga_col;

static void
move_cursor(void)
{
    unsigned pos = vga_row * VGA_COLS + vga_col;

    outb(CRTC_INDEX, CRTC_CURSOR_HI);
    outb(CRTC_DATA, pos >> 8);
    outb(CRTC_INDEX, CRTC_CURSOR_LO);
    outb(CRTC_DATA, pos & 0xff);
}

static void
scroll(void)
{
    for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        vga_mem[i] = vga_mem[i + VGA_COLS];
    for (unsigned i = (VGA_ROWS - 1) * VGA_COLS; i < VGA_ROWS * VGA_COLS; i++)
        vga_mem[i] = VGA_ATTR | ' ';
    vga_row = VGA_ROWS - 1;
}

/* Clear the screen and home the cursor. */
void
vga_init(void)
{
    for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
        vga_mem[i] = VGA_ATTR | ' ';
    vga_row = vga_col = 0;
    move_cursor();
}

/* Draw one character, handling newline, carriage return, backspace and tab. */
void
vga_putc(char c)
{
    switch (c) {
    case '\n':
        vga_col = 0;
        vga_row++;
        break;
    case '\r':
        vga_col = 0;
        break;
    case '\b':
        if (vga_col > 0)
            vga_col--;
        vga_mem[vga_row * VGA_COLS + vga_col] = VGA_ATTR | ' ';
        break;
    case '\t':
        vga_col = (vga_col + 8) & ~7u;
        break;
    default:
        vga_mem[vga_row * VGA_COLS + vga_col] = VGA_ATTR | (uint8_t)c;
        vga_col++;
    }
    if (vga_col >= VGA_COLS) {
        vga_col = 0;
        vga_row++;
    }
    if (vga_row >= VGA_ROWS)
        scroll();
    move_cursor();
}

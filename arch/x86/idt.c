/*
 * Interrupt descriptor table: interrupt gates for the 32 CPU exceptions and
 * the 16 remapped PIC lines (vectors 32-47), and ring-3-callable gates for
 * int $0x80, int3 (vector 3) and into (vector 4), so those two report their
 * own vectors instead of a general protection fault. All gates are interrupt gates, so the kernel runs with
 * interrupts off until it chooses to enable them. Public: idt_init.
 */
#include <stdint.h>

#include "arch/x86/x86.h"

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t zero, type;
    uint16_t off_hi;
} __attribute__((packed));

#define GATE_INT32 0x8e   // present, DPL 0, 32-bit interrupt gate
#define GATE_DPL3 0x60
#define NR_STUB_VECTORS 48
#define VEC_BREAKPOINT 3
#define VEC_OVERFLOW 4

extern const uint32_t trap_vectors[NR_STUB_VECTORS + 1];
static struct idt_gate idt[256];

static void
set_gate(int vec, uint32_t handler, uint8_t type)
{
    idt[vec].off_lo = handler & 0xffff;
    idt[vec].sel = SEL_KCODE;
    idt[vec].zero = 0;
    idt[vec].type = type;
    idt[vec].off_hi = handler >> 16;
}

/* Fill and load the IDT. */
void
idt_init(void)
{
    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) ptr = {sizeof(idt) - 1, (uint32_t)idt};

    for (int v = 0; v < NR_STUB_VECTORS; v++)
        set_gate(v, trap_vectors[v], GATE_INT32);
    set_gate(VEC_BREAKPOINT, trap_vectors[VEC_BREAKPOINT], GATE_INT32 | GATE_DPL3);
    set_gate(VEC_OVERFLOW, trap_vectors[VEC_OVERFLOW], GATE_INT32 | GATE_DPL3);
    set_gate(VEC_SYSCALL, trap_vectors[NR_STUB_VECTORS], GATE_INT32 | GATE_DPL3);
    __asm__ volatile("lidt %0" : : "m"(ptr));
}

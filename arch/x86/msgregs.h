/*
 * The message registers of the register-form IPC call (ccallr,
 * kernel/abi/ipc.h): where its words come in and its answer goes out, in
 * the ring-3 entry frame at the top of the caller's kernel stack (both
 * entry paths build the same frame, entry.asm). Generic code sees words
 * and rids only, never the frame. Included through arch/x86/arch.h.
 * Invariant: only the running process's own frame is read or written, and
 * only by the system call it is making, so no process sees another's
 * registers.
 */
#ifndef ARCH_X86_MSGREGS_H
#define ARCH_X86_MSGREGS_H

#include <stdint.h>

/* struct trapframe in 32-bit words, and where its registers sit */
enum {
    MSGREGS_FRAME_WORDS = 19,
    MSGREGS_EDI = 4,
    MSGREGS_ESI = 5,
    MSGREGS_EBP = 6,
    MSGREGS_EBX = 8
};

/* The ring-3 entry frame that ends at kstack_top, as words. */
static inline uint32_t *
msgregs_frame(void *kstack_top)
{
    return (uint32_t *)kstack_top - MSGREGS_FRAME_WORDS;
}

/* The two words a ccallr caller sends: its EDI and EBP. */
static inline void
arch_msg_words_get(void *kstack_top, uint32_t words[2])
{
    const uint32_t *tf = msgregs_frame(kstack_top);

    words[0] = tf[MSGREGS_EDI];
    words[1] = tf[MSGREGS_EBP];
}

/* The answer of a ccallr that took a container: the reply box in EBX, the
 * sender in ESI, the words in EDI and EBP (the rid goes out in EAX as the
 * call's result). */
static inline void
arch_msg_answer_set(void *kstack_top, uint32_t reply, uint32_t sender, const uint32_t words[2])
{
    uint32_t *tf = msgregs_frame(kstack_top);

    tf[MSGREGS_EBX] = reply;
    tf[MSGREGS_ESI] = sender;
    tf[MSGREGS_EDI] = words[0];
    tf[MSGREGS_EBP] = words[1];
}

#endif

/*
 * The kernel's randomness (kernel/entropy.c): interrupt timing stirred into
 * a ChaCha20 generator. Pure: included by the kernel and by host tests.
 */
#ifndef KERNEL_ENTROPY_H
#define KERNEL_ENTROPY_H

#include <stddef.h>
#include <stdint.h>

#define ENTROPY_READ_MAX 256 /* bytes one getentropy call may ask for (POSIX GETENTROPY_MAX) */

void chacha20_block(const uint32_t key[8], uint32_t counter, const uint32_t nonce[3],
                    uint8_t out[64]);
void entropy_add(uint32_t sample);
void entropy_read(void *buf, size_t n);

#endif

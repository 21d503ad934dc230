/*
 * kernel/entropy.c - the kernel's randomness, for getentropy (DESIGN §8).
 *
 * Model: the timing of interrupts is the source. Each interrupt's TSC
 * reading (and anything else the caller thinks unpredictable) is folded
 * into a 256-bit accumulator by entropy_add, a rotate, multiply and xor
 * cheap enough for the interrupt path. entropy_read first stirs the
 * accumulator into the generator's key, then hands out ChaCha20 keystream
 * (RFC 8439) under that key, and ends by replacing the key with keystream
 * nobody saw, so the bytes already handed out cannot be recomputed from any
 * later state (fast key erasure).
 * Invariants: the key changes at every read; the nonce counts reads, so no
 * (key, nonce, counter) triple is used twice.
 * Pure: no arch header and no kernel global but its own; the caller feeds
 * the samples. tests/host/test_entropy.c checks the block function against
 * RFC 8439's test vector (§2.3.2) and the generator's behaviour.
 * Public: chacha20_block, entropy_add, entropy_read.
 */
#include "kernel/entropy.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QUARTER(a, b, c, d)                                                                        \
    do {                                                                                           \
        a += b, d ^= a, d = ROTL(d, 16);                                                           \
        c += d, b ^= c, b = ROTL(b, 12);                                                           \
        a += b, d ^= a, d = ROTL(d, 8);                                                            \
        c += d, b ^= c, b = ROTL(b, 7);                                                            \
    } while (0)

static uint32_t key[8];  // the generator's key
static uint32_t pool[8]; // samples not yet stirred into the key
static uint32_t reads;   // the nonce: one per read
static unsigned next_word;

/* One 64-byte ChaCha20 block (RFC 8439 §2.3): the keystream of key at the
 * block counter and the 96-bit nonce, little-endian bytes into out. */
void
chacha20_block(const uint32_t k[8], uint32_t counter, const uint32_t nonce[3], uint8_t out[64])
{
    uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, // "expand 32-byte k"
                       k[0],       k[1],       k[2],       k[3],       k[4],     k[5],
                       k[6],       k[7],       counter,    nonce[0],   nonce[1], nonce[2]};
    uint32_t x[16];

    for (int i = 0; i < 16; i++)
        x[i] = in[i];
    for (int round = 0; round < 10; round++) { // 20 rounds: a column and a diagonal round each
        QUARTER(x[0], x[4], x[8], x[12]);
        QUARTER(x[1], x[5], x[9], x[13]);
        QUARTER(x[2], x[6], x[10], x[14]);
        QUARTER(x[3], x[7], x[11], x[15]);
        QUARTER(x[0], x[5], x[10], x[15]);
        QUARTER(x[1], x[6], x[11], x[12]);
        QUARTER(x[2], x[7], x[8], x[13]);
        QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t w = x[i] + in[i];
        out[4 * i] = (uint8_t)w;
        out[4 * i + 1] = (uint8_t)(w >> 8);
        out[4 * i + 2] = (uint8_t)(w >> 16);
        out[4 * i + 3] = (uint8_t)(w >> 24);
    }
}

/* Fold one sample into the pool (interrupt context: a few instructions). */
void
entropy_add(uint32_t sample)
{
    uint32_t *w = &pool[next_word++ & 7];

    *w = ROTL(*w, 7) ^ (sample * 0x9e3779b1u); // the golden ratio spreads low-bit changes
}

static uint32_t
le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Fill buf with n random bytes (the caller keeps n within ENTROPY_READ_MAX
 * or any size it likes: the stream is not limited). Stirs the pool in
 * first and leaves a new key behind. */
void
entropy_read(void *buf, size_t n)
{
    uint32_t nonce[3] = {++reads, 0, 0};
    uint8_t block[64], *out = buf;
    uint32_t counter = 1;

    for (int i = 0; i < 8; i++) { // the pool goes into the key through one block
        key[i] ^= pool[i];
        pool[i] = 0;
    }
    chacha20_block(key, 0, nonce, block);
    for (int i = 0; i < 8; i++)
        key[i] = le32(block + 4 * i);
    for (size_t done = 0; done < n; counter++) {
        chacha20_block(key, counter, nonce, block);
        for (int i = 0; i < 64 && done < n; i++)
            out[done++] = block[i];
    }
    chacha20_block(key, counter, nonce, block); // fast key erasure: the next key
    for (int i = 0; i < 8; i++)
        key[i] = le32(block + 4 * i);
    for (int i = 0; i < 64; i++)
        block[i] = 0;
}

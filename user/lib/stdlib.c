/*
 * user/lib/stdlib.c - number parsing, abs, qsort, rand.
 *
 * Model: one parser (parse_int) serves the whole strto* family: leading white
 * space, a sign, a 0x/0 prefix as the base allows, then digits; on overflow
 * it keeps consuming digits, clamps and sets errno = ERANGE, as C requires.
 * qsort is an in-place heapsort (no recursion, O(n log n) worst case). rand
 * is a 64-bit LCG returning its top 31 bits.
 * Pure apart from errno; built on the host by tests/host/test_ulibc.c.
 * Entry points: atoi atol atoll strtol strtoul strtoll strtoull abs labs
 * llabs qsort rand srand.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static int
digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/*
 * Parse an integer in base (0 = by prefix, else 2..36). The magnitude may be
 * at most max_pos after a '+' or none, max_neg after a '-'; beyond that the
 * result is clamped to the limit and errno = ERANGE. *neg tells the sign.
 * *end (if end) gets the first unparsed character, or s when nothing parsed.
 */
static unsigned long long
parse_int(const char *s, char **end, int base, unsigned long long max_pos,
          unsigned long long max_neg, int *neg)
{
    const char *p = s;
    unsigned long long v = 0, max;
    int overflow = 0, any = 0;

    *neg = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    max = *neg ? max_neg : max_pos;
    for (;; p++) {
        int d = digit_value((unsigned char)*p);

        if (d >= base)
            break;
        any = 1;
        if (overflow || v > (max - (unsigned)d) / (unsigned)base)
            overflow = 1;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    if (end)
        *end = (char *)(any ? p : s);
    if (overflow) {
        errno = ERANGE;
        return max;
    }
    return v;
}

/* Parse a long; clamps to LONG_MIN/LONG_MAX with errno = ERANGE. */
long
strtol(const char *s, char **end, int base)
{
    int neg;
    unsigned long long v =
        parse_int(s, end, base, LONG_MAX, (unsigned long long)LONG_MAX + 1, &neg);

    return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

/* Parse an unsigned long ("-n" wraps, as C says); clamps to ULONG_MAX with
 * errno = ERANGE. */
unsigned long
strtoul(const char *s, char **end, int base)
{
    int neg;
    unsigned long long v = parse_int(s, end, base, ULONG_MAX, ULONG_MAX, &neg);

    return neg && v != ULONG_MAX ? 0 - (unsigned long)v : (unsigned long)v;
}

/* Parse a long long; clamps to LLONG_MIN/LLONG_MAX with errno = ERANGE. */
long long
strtoll(const char *s, char **end, int base)
{
    int neg;
    unsigned long long v =
        parse_int(s, end, base, LLONG_MAX, (unsigned long long)LLONG_MAX + 1, &neg);

    return neg ? (long long)(0 - v) : (long long)v;
}

/* Parse an unsigned long long ("-n" wraps); clamps to ULLONG_MAX with
 * errno = ERANGE. */
unsigned long long
strtoull(const char *s, char **end, int base)
{
    int neg;
    unsigned long long v = parse_int(s, end, base, ULLONG_MAX, ULLONG_MAX, &neg);

    return neg && v != ULLONG_MAX ? 0 - v : v;
}

/* Decimal int at the start of s (0 if none); out-of-range values clamp. */
int
atoi(const char *s)
{
    long v = strtol(s, NULL, 10);

    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* Decimal long at the start of s (0 if none). */
long
atol(const char *s)
{
    return strtol(s, NULL, 10);
}

/* Decimal long long at the start of s (0 if none). */
long long
atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}

/* |x| (INT_MIN stays INT_MIN, as on every two's-complement libc). */
int
abs(int x)
{
    return x < 0 ? (int)(0 - (unsigned)x) : x;
}

/* |x| for long. */
long
labs(long x)
{
    return x < 0 ? (long)(0 - (unsigned long)x) : x;
}

/* |x| for long long. */
long long
llabs(long long x)
{
    return x < 0 ? (long long)(0 - (unsigned long long)x) : x;
}

static void
swap_bytes(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;

        *a++ = *b;
        *b++ = t;
    }
}

/* Move element i down the max-heap of n elements until the heap holds. */
static void
sift_down(char *base, size_t i, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;

        if (l < n && cmp(base + l * size, base + big * size) > 0)
            big = l;
        if (r < n && cmp(base + r * size, base + big * size) > 0)
            big = r;
        if (big == i)
            return;
        swap_bytes(base + i * size, base + big * size, size);
        i = big;
    }
}

/* Sort n elements of size bytes at base into ascending cmp order (not
 * stable). */
void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;

    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

static uint64_t rand_state = 1;

/* The next pseudo-random number in [0, RAND_MAX]. */
int
rand(void)
{
    rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(rand_state >> 33);
}

/* Restart rand's sequence from seed. */
void
srand(unsigned seed)
{
    rand_state = seed;
}

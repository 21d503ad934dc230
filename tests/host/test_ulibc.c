/*
 * tests/host/test_ulibc.c - unit tests of the user library's pure code:
 * the printf engine (user/lib/printf.c), strings (user/lib/string.c), number
 * parsing and qsort (user/lib/stdlib.c) and the allocator (user/lib/malloc.c).
 *
 * Model: the library sources are #included after the host headers, with
 * every public name renamed to u_<name> by macros, so they build unchanged
 * next to the host C library and can be compared against it: each printf
 * case is checked against the host's snprintf (same text, same return
 * value). malloc runs over a fixed arena through a fake sbrk, and its abort
 * on a double free is caught with longjmp.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* --- the library, renamed -------------------------------------------------- */
#define vsnprintf u_vsnprintf
#define snprintf u_snprintf
#define vsprintf u_vsprintf
#define sprintf u_sprintf
#define memcpy u_memcpy
#define memmove u_memmove
#define memset u_memset
#define memcmp u_memcmp
#define memchr u_memchr
#define strlen u_strlen
#define strnlen u_strnlen
#define strcmp u_strcmp
#define strncmp u_strncmp
#define strcpy u_strcpy
#define strncpy u_strncpy
#define strlcpy u_strlcpy
#define strcat u_strcat
#define strncat u_strncat
#define strchr u_strchr
#define strrchr u_strrchr
#define strstr u_strstr
#define strspn u_strspn
#define strcspn u_strcspn
#define strpbrk u_strpbrk
#define strtok u_strtok
#define strtok_r u_strtok_r
#define strdup u_strdup
#define strndup u_strndup
#define strtol u_strtol
#define strtoul u_strtoul
#define strtoll u_strtoll
#define strtoull u_strtoull
#define atoi u_atoi
#define atol u_atol
#define atoll u_atoll
#define abs u_abs
#define labs u_labs
#define llabs u_llabs
#define qsort u_qsort
#define rand u_rand
#define srand u_srand
#define malloc u_malloc
#define free u_free
#define calloc u_calloc
#define realloc u_realloc
#define sbrk u_sbrk
#define abort u_abort

static void *u_sbrk(int increment);
static void u_abort(void) __attribute__((noreturn));
void *u_malloc(size_t n);
void u_free(void *p);
void *u_memcpy(void *dst, const void *src, size_t n);
void *u_memset(void *dst, int c, size_t n);
size_t u_strlen(const char *s);
char *u_strndup(const char *s, size_t n);

#include "user/lib/malloc.c"
#include "user/lib/printf.c"
#include "user/lib/stdlib.c"
#include "user/lib/string.c"

#undef vsnprintf
#undef snprintf
#undef sprintf
#undef vsprintf
#undef strcmp
#undef strlen
#undef memset
#undef malloc
#undef free
#undef abort

/* fake heap for malloc.c: a fixed arena, sbrk moves a break inside it */
static _Alignas(16) char arena[1 << 20];
static size_t arena_brk = 8; // deliberately unaligned: malloc must align
static jmp_buf abort_jmp;
static int abort_armed;

static void *
u_sbrk(int increment)
{
    char *old = arena + arena_brk;

    if (increment < 0 || (size_t)increment > sizeof(arena) - arena_brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    arena_brk += (size_t)increment;
    return old;
}

static void
u_abort(void)
{
    if (abort_armed)
        longjmp(abort_jmp, 1);
    abort();
}

/* --- printf ---------------------------------------------------------------- */

/* format with both libraries and compare text and return value */
#define CHECK(...)                                                                                \
    do {                                                                                          \
        char want[256], got[256];                                                                 \
        int wn = snprintf(want, sizeof(want), __VA_ARGS__);                                       \
        int gn = u_snprintf(got, sizeof(got), __VA_ARGS__);                                       \
        assert_string_equal(got, want);                                                           \
        assert_int_equal(gn, wn);                                                                 \
    } while (0)

static void
test_printf_ints(void **state)
{
    (void)state;
    CHECK("%d %i %u", 0, -1, 42u);
    CHECK("[%-8d] [%8d] [%08d] [%+d] [% d] [%+08d]", 42, -42, -42, 42, 42, -7);
    CHECK("%d %d", INT_MIN, INT_MAX);
    CHECK("%u %x %X %o", UINT_MAX, 0xdeadbeefu, 0xdeadbeefu, 0777u);
    CHECK("[%08x] [%#x] [%#X] [%#o] [%#o] [%#x]", 0xbeefu, 255u, 255u, 8u, 0u, 0u);
    CHECK("[%.3d] [%.0d] [%.0x] [%5.3d] [%-5.3d] [%.5d]", 7, 0, 0u, -7, 7, -123);
    CHECK("[%#.0o] [%#5o] [%#08x] [%#-8x]", 0u, 8u, 0x1fu, 0x1fu);

    char buf[32]; // '0' with a precision: the host compiler warns, so no CHECK

    u_snprintf(buf, sizeof(buf), "[%05.3d] [%08.0x]", 7, 0u);
    assert_string_equal(buf, "[  007] [        ]");
    CHECK("%ld %lu %lx", LONG_MIN, ULONG_MAX, (unsigned long)LONG_MAX);
    CHECK("%lld %llu %llx", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL);
    CHECK("%llu %lld %llu", 1ULL << 40, -(1LL << 40), 1234567890123ULL);
    CHECK("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
    CHECK("%zu %zd %jd %td", (size_t)123, (ssize_t)-5, (intmax_t)-9, (ptrdiff_t)-3);
    CHECK("[%*d] [%-*d] [%*d] [%.*d] [%.*d]", 6, 1, 6, 2, -6, 3, 4, 5, -1, 6);
    CHECK("[%20llu]", 18446744073709551615ULL);
}

static void
test_printf_strings(void **state)
{
    (void)state;
    CHECK("[%s] [%5s] [%-5s] [%.2s] [%5.2s] [%-5.2s]", "abc", "abc", "abc", "abc", "abc", "abc");
    CHECK("[%.*s] [%*s] [%.0s] [%s]", 3, "abcdef", -4, "x", "gone", "");
    CHECK("[%c] [%3c] [%-3c] [%%] [100%%]", 'a', 'b', 'c');
    CHECK("plain text, no conversions");
    CHECK("%s=%d, %s=%#x", "a", 1, "b", 2u);
}

static void
test_printf_pointers(void **state)
{
    char buf[64];
    int x;

    (void)state;
    u_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
    assert_string_equal(buf, "0x1234");
    u_snprintf(buf, sizeof(buf), "%p", NULL);
    assert_string_equal(buf, "0x0");
    u_snprintf(buf, sizeof(buf), "[%12p]", (void *)0xbeef);
    assert_string_equal(buf, "[      0xbeef]");
    CHECK("%p", (void *)&x); // glibc agrees for non-NULL pointers
    u_snprintf(buf, sizeof(buf), "%s", (char *)NULL);
    assert_string_equal(buf, "(null)");
}

static void
test_snprintf_truncation(void **state)
{
    char buf[8];

    (void)state;
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(u_snprintf(buf, sizeof(buf), "%s", "hello world"), 11);
    assert_string_equal(buf, "hello w");
    assert_int_equal(u_snprintf(buf, 1, "abc"), 3);
    assert_string_equal(buf, "");
    buf[0] = 'q';
    assert_int_equal(u_snprintf(buf, 0, "abc%d", 12), 5);
    assert_int_equal(buf[0], 'q'); // size 0: nothing written
    assert_int_equal(u_snprintf(NULL, 0, "%08d", 5), 8);
    assert_int_equal(u_sprintf(buf, "%d-%d", 12, 34), 5);
    assert_string_equal(buf, "12-34");
    // unknown conversions pass through
    assert_int_equal(u_snprintf(buf, sizeof(buf), "%y%"), 3);
    assert_string_equal(buf, "%y%");
}

/* --- strings --------------------------------------------------------------- */

static void
test_strings(void **state)
{
    char buf[32], *save, *t;
    char big[100], copy[100];

    (void)state;
    assert_int_equal(u_strlen(""), 0);
    assert_int_equal(u_strlen("abc"), 3);
    assert_int_equal(u_strnlen("abcdef", 4), 4);
    assert_true(u_strcmp("abc", "abd") < 0);
    assert_true(u_strcmp("b", "abc") > 0);
    assert_true(u_strcmp("\xff", "a") > 0); // unsigned comparison
    assert_int_equal(u_strcmp("same", "same"), 0);
    assert_int_equal(u_strncmp("abcX", "abcY", 3), 0);
    assert_true(u_strncmp("ab", "abc", 3) < 0);
    u_strcpy(buf, "foo");
    u_strcat(buf, "bar");
    assert_string_equal(buf, "foobar");
    u_strncat(buf, "bazqux", 3);
    assert_string_equal(buf, "foobarbaz");
    memset(buf, 'x', sizeof(buf));
    u_strncpy(buf, "ab", 5);
    assert_memory_equal(buf, "ab\0\0\0x", 6);
    assert_int_equal(u_strlcpy(buf, "abcdef", 4), 6);
    assert_string_equal(buf, "abc");
    assert_string_equal(u_strchr("hello", 'l'), "llo");
    assert_string_equal(u_strrchr("hello", 'l'), "lo");
    assert_null(u_strchr("hello", 'z'));
    assert_string_equal(u_strchr("hello", '\0'), "");
    assert_string_equal(u_strstr("haystack needle", "needle"), "needle");
    assert_null(u_strstr("abc", "abd"));
    assert_string_equal(u_strstr("abc", ""), "abc");
    assert_int_equal(u_strspn("  \tx", " \t"), 3);
    assert_int_equal(u_strcspn("abc,def", ",;"), 3);
    assert_string_equal(u_strpbrk("abc,def", ";,"), ",def");

    u_strcpy(buf, "  ls -l  /bin ");
    t = u_strtok_r(buf, " ", &save);
    assert_string_equal(t, "ls");
    assert_string_equal(u_strtok_r(NULL, " ", &save), "-l");
    assert_string_equal(u_strtok_r(NULL, " ", &save), "/bin");
    assert_null(u_strtok_r(NULL, " ", &save));
    assert_null(u_strtok_r(NULL, " ", &save));
    u_strcpy(buf, "a,b");
    assert_string_equal(u_strtok(buf, ","), "a");
    assert_string_equal(u_strtok(NULL, ","), "b");
    assert_null(u_strtok(NULL, ","));

    for (int i = 0; i < 100; i++)
        big[i] = (char)i;
    for (int off = 0; off < 4; off++) {
        for (int n = 0; n < 40; n++) {
            memset(copy, 0, sizeof(copy));
            u_memcpy(copy + off, big + 1, (size_t)n);
            assert_memory_equal(copy + off, big + 1, (size_t)n);
            assert_int_equal(copy[off + n], 0);
        }
    }
    u_memcpy(copy, big, sizeof(big));
    u_memmove(copy + 3, copy, 50); // overlapping, dst above src
    assert_memory_equal(copy + 3, big, 50);
    u_memcpy(copy, big, sizeof(big));
    u_memmove(copy, copy + 5, 50); // overlapping, dst below src
    assert_memory_equal(copy, big + 5, 50);
    u_memset(copy + 1, 0xab, 37);
    assert_int_equal((unsigned char)copy[0], 5);
    for (int i = 1; i < 38; i++)
        assert_int_equal((unsigned char)copy[i], 0xab);
    assert_int_equal((unsigned char)copy[38], 43);
    assert_true(u_memcmp("ab\x80", "ab\x01", 3) > 0);
    assert_int_equal(u_memcmp("abc", "abd", 2), 0);
    const char *abc = "abcabc";

    assert_ptr_equal(u_memchr(abc, 'c', 6), abc + 2);
    assert_null(u_memchr(abc, 'c', 2));
}

/* --- numbers ---------------------------------------------------------------- */

static void
test_strtol(void **state)
{
    char *end;

    (void)state;
    assert_int_equal(u_strtol("  -123xyz", &end, 10), -123);
    assert_string_equal(end, "xyz");
    assert_int_equal(u_strtol("0x1F", &end, 0), 31);
    assert_int_equal(u_strtol("0x1F", &end, 16), 31);
    assert_int_equal(u_strtol("017", &end, 0), 15);
    assert_int_equal(u_strtol("0", &end, 0), 0);
    assert_string_equal(end, "");
    assert_int_equal(u_strtol("0x", &end, 16), 0); // "0" parsed, "x" left
    assert_string_equal(end, "x");
    assert_int_equal(u_strtol("z", &end, 36), 35);
    assert_int_equal(u_strtol("  +", &end, 10), 0);
    assert_string_equal(end, "  +"); // nothing parsed: end = start
    errno = 0;
    assert_true(u_strtol("99999999999999999999999", &end, 10) == LONG_MAX);
    assert_int_equal(errno, ERANGE);
    assert_string_equal(end, "");
    errno = 0;
    assert_true(u_strtol("-99999999999999999999999", NULL, 10) == LONG_MIN);
    assert_int_equal(errno, ERANGE);
    errno = 0;
    char minbuf[32];
    snprintf(minbuf, sizeof(minbuf), "%ld", LONG_MIN);
    assert_true(u_strtol(minbuf, NULL, 10) == LONG_MIN);
    assert_int_equal(errno, 0);
    assert_true(u_strtoul("-1", NULL, 10) == ULONG_MAX);
    assert_true(u_strtoul("4294967295", NULL, 10) == 4294967295UL);
    assert_true(u_strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX);
    errno = 0;
    assert_true(u_strtoull("18446744073709551616", NULL, 10) == ULLONG_MAX);
    assert_int_equal(errno, ERANGE);
    assert_true(u_strtoll("-9223372036854775808", NULL, 10) == LLONG_MIN);
    assert_true(u_strtoll("1099511627776", NULL, 0) == 1LL << 40);
    assert_int_equal(u_atoi("  42 "), 42);
    assert_int_equal(u_atoi("-2147483648"), INT_MIN);
    assert_int_equal(u_atoi("junk"), 0);
    errno = 0;
    assert_int_equal(u_strtol("10", NULL, 1), 0);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(u_abs(-5), 5);
    assert_true(u_llabs(-(1LL << 40)) == 1LL << 40);
}

static int
cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static void
test_qsort(void **state)
{
    int v[257];

    (void)state;
    u_srand(7);
    for (int n = 0; n <= 257; n += 1 + n / 3) {
        for (int i = 0; i < n; i++)
            v[i] = u_rand() % 50 - 25;
        u_qsort(v, (size_t)n, sizeof(int), cmp_int);
        for (int i = 1; i < n; i++)
            assert_true(v[i - 1] <= v[i]);
    }
    for (int i = 0; i < 1000; i++) {
        int r = u_rand();

        assert_true(r >= 0 && r <= RAND_MAX);
    }
}

/* --- malloc ----------------------------------------------------------------- */

static void
test_malloc_basic(void **state)
{
    void *p[64];

    (void)state;
    for (int i = 0; i < 64; i++) {
        p[i] = u_malloc((size_t)i * 13);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        memset(p[i], i, (size_t)i * 13);
    }
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < i * 13; j++)
            assert_int_equal(((unsigned char *)p[i])[j], i);
    for (int i = 0; i < 64; i += 2)
        u_free(p[i]);
    for (int i = 1; i < 64; i += 2)
        u_free(p[i]);
    // everything merged back: one free block holds the whole heap
    assert_non_null(free_list);
    assert_null(free_list->next);

    size_t before = arena_brk;
    void *big = u_malloc(before / 2);

    assert_non_null(big);
    assert_int_equal(arena_brk, before); // reused, not grown
    u_free(big);

    int *z = u_calloc(100, sizeof(int));

    for (int i = 0; i < 100; i++)
        assert_int_equal(z[i], 0);
    u_free(z);
    errno = 0;
    assert_null(u_calloc(SIZE_MAX / 2, 4));
    assert_int_equal(errno, ENOMEM);
    assert_null(u_malloc(SIZE_MAX - 8));
    assert_null(u_malloc(sizeof(arena) * 2)); // fake sbrk refuses
}

static void
test_realloc_moves(void **state)
{
    (void)state;
    char *p = u_malloc(10);

    u_strcpy(p, "123456789");
    p = u_realloc(p, 5000);
    assert_non_null(p);
    assert_string_equal(p, "123456789");
    p = u_realloc(p, 20);
    assert_string_equal(p, "123456789");
    char *q = u_malloc(100); // something after p, then grow p past it
    p = u_realloc(p, 300);
    assert_string_equal(p, "123456789");
    u_free(q);
    assert_null(u_realloc(p, 0));
    p = u_realloc(NULL, 7);
    assert_non_null(p);
    u_free(p);
    char *d = u_strdup("dup me");
    assert_string_equal(d, "dup me");
    u_free(d);
    d = u_strndup("dup me", 3);
    assert_string_equal(d, "dup");
    u_free(d);
}

static void
test_double_free_aborts(void **state)
{
    void *volatile p = u_malloc(32);
    volatile int aborted = 0;

    (void)state;
    abort_armed = 1;
    if (setjmp(abort_jmp) == 0) {
        u_free(p);
        u_free(p);
    } else {
        aborted = 1;
    }
    assert_true(aborted);
    aborted = 0;
    if (setjmp(abort_jmp) == 0) {
        static _Alignas(16) char junk[64];
        u_free(junk + 16);
    } else {
        aborted = 1;
    }
    abort_armed = 0;
    assert_true(aborted);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printf_ints),
        cmocka_unit_test(test_printf_strings),
        cmocka_unit_test(test_printf_pointers),
        cmocka_unit_test(test_snprintf_truncation),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_strtol),
        cmocka_unit_test(test_qsort),
        cmocka_unit_test(test_malloc_basic),
        cmocka_unit_test(test_realloc_moves),
        cmocka_unit_test(test_double_free_aborts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

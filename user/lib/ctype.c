/*
 * user/lib/ctype.c - character classes of the "C" locale (ASCII).
 *
 * Model: range tests, no table; EOF and bytes >= 0x80 are in no class.
 * Entry points: the is* and to* functions of ctype.h.
 */
#include <ctype.h>

/* Non-zero when c is a decimal digit. */
int
isdigit(int c)
{
    return c >= '0' && c <= '9';
}

/* Non-zero when c is a hexadecimal digit. */
int
isxdigit(int c)
{
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Non-zero when c is white space (space, \t \n \v \f \r). */
int
isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Non-zero when c is an upper-case letter. */
int
isupper(int c)
{
    return c >= 'A' && c <= 'Z';
}

/* Non-zero when c is a lower-case letter. */
int
islower(int c)
{
    return c >= 'a' && c <= 'z';
}

/* Non-zero when c is a letter. */
int
isalpha(int c)
{
    return isupper(c) || islower(c);
}

/* Non-zero when c is a letter or digit. */
int
isalnum(int c)
{
    return isalpha(c) || isdigit(c);
}

/* Non-zero when c is printable, space included. */
int
isprint(int c)
{
    return c >= 0x20 && c < 0x7f;
}

/* Non-zero when c is printable, space excluded. */
int
isgraph(int c)
{
    return c > 0x20 && c < 0x7f;
}

/* Non-zero when c is printable punctuation. */
int
ispunct(int c)
{
    return isgraph(c) && !isalnum(c);
}

/* Non-zero when c is a control character. */
int
iscntrl(int c)
{
    return (c >= 0 && c < 0x20) || c == 0x7f;
}

/* The upper-case form of a lower-case letter; anything else unchanged. */
int
toupper(int c)
{
    return islower(c) ? c - 'a' + 'A' : c;
}

/* The lower-case form of an upper-case letter; anything else unchanged. */
int
tolower(int c)
{
    return isupper(c) ? c - 'A' + 'a' : c;
}

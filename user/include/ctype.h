/*
 * ctype.h - character classes for the "C" locale (ASCII only; bytes >= 0x80
 * belong to no class). Any user program may include it.
 */
#ifndef USER_CTYPE_H
#define USER_CTYPE_H

int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isalpha(int c);
int isalnum(int c);
int isprint(int c);
int isgraph(int c);
int ispunct(int c);
int iscntrl(int c);
int isupper(int c);
int islower(int c);
int toupper(int c);
int tolower(int c);

#endif

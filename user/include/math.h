/*
 * math.h - newlib's, and the declarations it leaves out although its libm
 * has the functions (DESIGN §8: every newlib declaration visible): without
 * them a caller gets an implicit int and silently wrong results.
 */
#include_next <math.h>

#ifndef USER_MATH_H_EXTRA
#define USER_MATH_H_EXTRA

#if __MISC_VISIBLE || __XSI_VISIBLE
double significand(double);
float significandf(float);
double scalb(double, double);
float scalbf(float, float);
#endif

#endif

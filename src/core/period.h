/* period.h: months written YYYYMM (202611) and the periods that bills and disclosures cover — a
 * month "2026-11", a quarter "2026-Q4", a year "2026". Local months are Beijing's (+08:00).
 * Pure: no I/O, no allocation. */
#ifndef YL_PERIOD_H
#define YL_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

#include "result.h"

struct period {
	int first;  /* YYYYMM of the first month */
	int months; /* 1, 3 or 12 */
};

/* Accepts "2026-11" (months 01–12, two digits), "2026-Q1".."2026-Q4" (q in either case) and
 * "2026"; years 2000..2999. ERR_INVALID for anything else. */
enum yl_err period_parse(const char *s, struct period *p);
/* Accepts only a month "2026-11" (a schedule's first month, a disclosure's). */
enum yl_err month_parse(const char *s, int *yyyymm);
/* Writes "2026-11", "2026-Q4" or "2026" into out[12]; a month alone with months 1. */
void period_format(struct period p, char out[12]);
void month_format(int yyyymm, char out[8]);

bool month_valid(int yyyymm);
/* The month n months after m (n may be negative). */
int month_add(int yyyymm, int n);
/* b − a in months: month_diff(202611, 202702) = 3. */
int month_diff(int a, int b);
int period_last(struct period p);
bool period_contains(struct period p, int yyyymm);

/* The local month an instant falls in, and the instant a local month begins (day 1 00:00 +08:00).
 * month_start(month_add(m, 1)) is the end of m (exclusive). */
int month_of(int64_t utc);
int64_t month_start(int yyyymm);

#endif

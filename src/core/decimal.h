/* decimal.h: exact decimals with two places (money in fen, area in hundredths of m²). */
#ifndef YL_DECIMAL_H
#define YL_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* Largest magnitude accepted: 10^15 hundredths (ten trillion yuan or m²), far above any real
 * amount and far below INT64_MAX, so sums of millions of values cannot overflow. */
#define DEC_MAX INT64_C(1000000000000000)

/* Parses "63.5", "63.50", "1234", "0.05" into hundredths. Refuses (ERR_INVALID) anything
 * else: more than two decimals ("12.345"), exponents ("1e3"), signs other than a leading '-'
 * when allow_negative, "-0", "+1", spaces, empty, a lone ".", leading zeros such as "007",
 * and magnitudes above DEC_MAX. Never rounds. */
enum yl_err dec_parse(const char *s, size_t n, bool allow_negative, int64_t *out);

/* Writes v as "-12.05" / "63.50" into out (at least 24 bytes); returns the length. */
size_t dec_format(int64_t v, char *out);

#endif

/* utf8.h: strict UTF-8 validation, applied at the edge before anything is stored. */
#ifndef YL_UTF8_H
#define YL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8: no overlong forms, no surrogates, nothing past
 * U+10FFFF. NUL bytes are refused too, since every stored string is a C string. */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in a valid string (for "at most N characters" limits). */
size_t utf8_chars(const char *s, size_t n);

#endif

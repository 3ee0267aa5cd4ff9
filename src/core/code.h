/* code.h: activation codes — 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * printed as XXXX-XXXX-XXXX; typed back in any case, with or without spaces and dashes. */
#ifndef YL_CODE_H
#define YL_CODE_H

#include <stdbool.h>

#define CODE_CHARS 12
#define CODE_PRINTED 14 /* with two dashes */

/* A fresh random code, printed form, into out[15]. */
void code_new(char out[CODE_PRINTED + 1]);
/* The canonical form (12 upper-case characters) of what a person typed, into out[13];
 * false when it cannot be a code. */
bool code_normalise(const char *typed, char out[CODE_CHARS + 1]);

#endif

/* names.h: what an account name may be. */
#ifndef YL_NAMES_H
#define YL_NAMES_H

#include <stdbool.h>

/* 2 to 64 of [A-Za-z0-9._-]: typed on old phones and printed on slips, so plain ASCII. */
bool account_name_valid(const char *s);

#endif

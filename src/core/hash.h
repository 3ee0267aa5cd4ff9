/* hash.h: the one string hash for in-memory tables (FNV-1a, 64 bits). Not for anything an
 * attacker could aim at a table that grows without bound, nor for secrets (core/secret.h). */
#ifndef YL_HASH_H
#define YL_HASH_H

#include <stdint.h>

/* The hash of the NUL-terminated s. */
uint64_t hash_str(const char *s);

#endif

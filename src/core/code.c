/* code.c: generating and reading back activation codes (31 symbols, about 59 bits of randomness). */
#include "code.h"

#include <sodium.h>
#include <string.h>

static const char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; /* 31 symbols */

void
code_new(char out[CODE_PRINTED + 1])
{
	size_t k = 0;
	for (int i = 0; i < CODE_CHARS; i++) {
		if (i == 4 || i == 8)
			out[k++] = '-';
		out[k++] = alphabet[randombytes_uniform(31)];
	}
	out[k] = '\0';
}

bool
code_normalise(const char *typed, char out[CODE_CHARS + 1])
{
	size_t k = 0;
	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (strchr(alphabet, c) == NULL || c == '\0' || k == CODE_CHARS)
			return false;
		out[k++] = c;
	}
	out[k] = '\0';
	return k == CODE_CHARS;
}

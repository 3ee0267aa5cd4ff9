/* words.c: a word's place in a fixed table (see words.h). */
#include "words.h"

#include <string.h>

int
word_index(const char *const *words, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

int
word_or(const char *const *words, int n, const char *s, int fallback)
{
	int i = word_index(words, n, s);
	return i < 0 ? fallback : i;
}

/* words.h: the one lookup of a word in a fixed table — the English names an enum is stored and
 * sent as ("draft", "supervisor", "government"). Pure. */
#ifndef YL_WORDS_H
#define YL_WORDS_H

/* The index of s in words[0 .. n), or -1 when it is not there (s may be NULL). */
int word_index(const char *const *words, int n, const char *s);
/* The same, with fallback for a word not there: for values a CHECK constraint already holds
 * to the table, read back from the database. */
int word_or(const char *const *words, int n, const char *s, int fallback);

#endif

/* csv.h: RFC 4180 CSV parsing (quoted fields, doubled quotes, CRLF or LF), pure and bounded. */
#ifndef YL_CSV_H
#define YL_CSV_H

#include <stddef.h>

struct arena;

#define CSV_MAX_FIELDS 64

struct csv_row {
	size_t line;            /* 1-based line where the record starts */
	size_t nfields;
	const char *fields[CSV_MAX_FIELDS]; /* NUL-terminated, in the arena */
};

struct csv {
	const char *p, *end;
	size_t line;
};

void csv_init(struct csv *c, const char *data, size_t n);
/* Reads the next record. 1: a row; 0: end of input; -1: malformed (an unterminated quote, a
 * quote in the middle of an unquoted field, or more than CSV_MAX_FIELDS fields) with
 * row->line set to where. Blank lines are skipped. */
int csv_next(struct csv *c, struct arena *a, struct csv_row *row);

#endif

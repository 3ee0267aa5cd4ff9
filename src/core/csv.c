/* csv.c: a small RFC 4180 reader; spreadsheets exported by community offices are its input. */
#include "csv.h"
#include "arena.h"

#include <string.h>

void
csv_init(struct csv *c, const char *data, size_t n)
{
	c->p = data;
	c->end = data + n;
	c->line = 1;
}

int
csv_next(struct csv *c, struct arena *a, struct csv_row *row)
{
	/* skip blank lines */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->line++;
		c->p++;
	}
	row->line = c->line;
	row->nfields = 0;
	if (c->p >= c->end)
		return 0;
	char *field = arena_alloc(a, (size_t)(c->end - c->p) + 1);
	for (;;) {
		size_t len = 0;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return -1; /* unterminated quote */
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						field[len++] = '"';
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				field[len++] = *c->p++;
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				return -1; /* text after a closing quote */
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"')
					return -1;
				field[len++] = *c->p++;
			}
		}
		if (row->nfields == CSV_MAX_FIELDS)
			return -1;
		field[len] = '\0';
		row->fields[row->nfields++] = field;
		field += len + 1;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->line++;
		}
		return 1;
	}
}

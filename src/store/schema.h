/* schema.h: the numbered migrations (schema/NNN_name.sql for SQLite, schema/pg/NNN_name.sql for
 * PostgreSQL), compiled into the binary in order. */
#ifndef YL_SCHEMA_H
#define YL_SCHEMA_H

#include <stddef.h>

struct schema_file {
	const char *name;
	const char *sql;
};

extern const struct schema_file schema_files[];
extern const size_t schema_count;

/* The same migrations for PostgreSQL (schema/pg/NNN_name.sql), numbered in step. */
extern const struct schema_file pg_schema_files[];
extern const size_t pg_schema_count;

#endif

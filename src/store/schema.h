/* schema.h: the numbered migrations (schema/NNN_name.sql), compiled into the binary in order. */
#ifndef YL_SCHEMA_H
#define YL_SCHEMA_H

#include <stddef.h>

struct schema_file {
	const char *name;
	const char *sql;
};

extern const struct schema_file schema_files[];
extern const size_t schema_count;

#endif

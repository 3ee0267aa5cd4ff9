/* fuzz_import.c: the household import as a staff member's file reaches it — bytes in any
 * encoding, decoded (UTF-8 or GB18030), then checked row by row. Invariants: accepted rows are
 * clean (valid names, positive exact areas, known enums), rows and errors never exceed their
 * limits, every error names a line inside the file. */
#include <string.h>

#include "fuzz.h"
#include "core/arena.h"
#include "core/charset.h"
#include "core/registry.h"
#include "core/utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *text;
	size_t len, bad;
	const char *used;
	/* the first byte picks the declared charset, as a Content-Type would */
	static const char *const declared[] = {NULL, "utf-8", "gbk", "gb18030"};
	const char *cs = size ? declared[data[0] & 3] : NULL;
	enum yl_err rc = charset_to_utf8(a, (const char *)data, size, cs, &text, &len, &used, &bad);
	if (rc == YL_OK) {
		CHECK(utf8_valid(text, len));
		struct import_result r;
		import_parse(a, text, len, &r);
		size_t lines = 1;
		for (size_t i = 0; i < len; i++)
			lines += text[i] == '\n';
		CHECK(r.nrows <= IMPORT_MAX_ROWS);
		CHECK(r.nerrors <= IMPORT_MAX_ERRORS);
		for (size_t i = 0; i < r.nerrors; i++) {
			CHECK(r.errors[i].line >= 1 && r.errors[i].line <= lines + 1);
			CHECK((unsigned)r.errors[i].problem < IMP__COUNT);
		}
		if (r.nerrors == 0)
			for (size_t i = 0; i < r.nrows; i++) {
				const struct import_row *row = &r.rows[i];
				char b[REG_NAME_MAX];
				CHECK(row->area > 0 && row->area <= 10000000);
				CHECK((unsigned)row->area_source < AREA__COUNT && (unsigned)row->status < UNIT__COUNT &&
				      (unsigned)row->owner_kind < OWNER__COUNT);
				CHECK(registry_room(row->room));
				CHECK(registry_building(row->building, b) && strcmp(b, row->building) == 0);
				CHECK(registry_stairwell(row->stairwell, b) && strcmp(b, row->stairwell) == 0);
				CHECK(row->owner_ref[0] != '\0');
				CHECK(utf8_valid(row->owner_name, strlen(row->owner_name)));
			}
	} else {
		CHECK(rc == ERR_INVALID || rc == ERR_MALFORMED);
		CHECK(bad <= size);
	}
	arena_free(a);
	return 0;
}

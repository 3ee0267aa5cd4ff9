/* registry.c: naming rules, enumerations and the household import's row-by-row validation. */
#include "registry.h"
#include "arena.h"
#include "csv.h"
#include "decimal.h"
#include "hash.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>

const char *const area_source_names[AREA__COUNT] = {"register", "survey", "contract"};
const char *const unit_status_names[UNIT__COUNT] = {"delivered", "unsold", "undelivered"};
const char *const owner_kind_names[OWNER__COUNT] = {"person", "organization", "developer"};

int
registry_enum(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static bool
ends_with(const char *s, size_t n, const char *suffix, size_t *stem)
{
	size_t k = strlen(suffix);
	if (n < k || memcmp(s + n - k, suffix, k) != 0)
		return false;
	*stem = n - k;
	return true;
}

static bool
alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool
registry_building(const char *in, char out[REG_NAME_MAX])
{
	size_t n = strlen(in), stem = n;
	static const char *const suffixes[] = {"号楼", "栋", "幢", "座", "号"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (ends_with(in, n, suffixes[i], &stem))
			break;
	if (stem == 0 || stem > 8)
		return false;
	for (size_t i = 0; i < stem; i++)
		if (!alnum(in[i]))
			return false;
	if (in[0] == '0')
		return false;
	snprintf(out, REG_NAME_MAX, "%.*s栋", (int)stem, in);
	return true;
}

bool
registry_stairwell(const char *in, char out[REG_NAME_MAX])
{
	size_t n = strlen(in), stem = n;
	ends_with(in, n, "单元", &stem);
	if (stem == 0 || stem > 2 || in[0] == '0')
		return false;
	for (size_t i = 0; i < stem; i++)
		if (in[i] < '0' || in[i] > '9')
			return false;
	snprintf(out, REG_NAME_MAX, "%.*s单元", (int)stem, in);
	return true;
}

bool
registry_room(const char *in)
{
	size_t n = strlen(in);
	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!alnum(in[i]) && in[i] != '-')
			return false;
	return true;
}

bool
registry_floor(const char *in, int *out)
{
	const char *p = in;
	bool neg = *p == '-';
	if (neg)
		p++;
	size_t n = strlen(p);
	if (n == 0 || n > 2 || (n == 2 && p[0] == '0'))
		return false;
	int v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < -5 || v > 99 || (neg && v == 0))
		return false;
	*out = v;
	return true;
}

enum col { C_BUILDING, C_STAIRWELL, C_FLOOR, C_ROOM, C_AREA, C_AREA_SOURCE, C_OWNER_REF, C_OWNER_NAME,
	   C_OWNER_KIND, C_STATUS, C__COUNT };
static const char *const col_names[C__COUNT] = {
	"building", "stairwell", "floor", "room", "area_m2", "area_source", "owner_ref", "owner_name",
	"owner_kind", "status",
};
#define REQUIRED_COLS 5 /* building … area_m2 must be present */

static void
add_error(struct arena *a, struct import_result *r, size_t *cap, size_t line, const char *field,
          enum import_problem p)
{
	if (r->nerrors >= IMPORT_MAX_ERRORS)
		return;
	if (r->nerrors == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct import_error *e = arena_alloc(a, nc * sizeof *e);
		if (r->nerrors)
			memcpy(e, r->errors, r->nerrors * sizeof *e);
		r->errors = e;
		*cap = nc;
	}
	r->errors[r->nerrors++] = (struct import_error){line, field, p};
}

/* A small open-addressing set of strings, for duplicate units and owner_ref consistency. */
struct sset {
	const char **keys;
	size_t *vals;
	size_t cap;
};

/* Returns the slot for key: *found tells whether it was there already. */
static size_t
sset_slot(struct sset *s, const char *key, bool *found)
{
	size_t i = hash_str(key) & (s->cap - 1);
	while (s->keys[i]) {
		if (strcmp(s->keys[i], key) == 0) {
			*found = true;
			return i;
		}
		i = (i + 1) & (s->cap - 1);
	}
	*found = false;
	return i;
}

static void
sset_init(struct arena *a, struct sset *s, size_t n)
{
	s->cap = 64;
	while (s->cap < n * 2)
		s->cap *= 2;
	s->keys = arena_zalloc(a, s->cap * sizeof *s->keys);
	s->vals = arena_zalloc(a, s->cap * sizeof *s->vals);
}

void
import_parse(struct arena *a, const char *text, size_t n, struct import_result *out)
{
	memset(out, 0, sizeof *out);
	size_t ecap = 0;
	struct csv c;
	struct csv_row hdr;
	csv_init(&c, text, n);
	int rc = csv_next(&c, a, &hdr);
	if (rc <= 0) {
		add_error(a, out, &ecap, hdr.line, "", rc < 0 ? IMP_BAD_CSV : IMP_NO_ROWS);
		return;
	}
	int pos[C__COUNT];
	for (int k = 0; k < C__COUNT; k++)
		pos[k] = -1;
	for (size_t i = 0; i < hdr.nfields; i++) {
		const char *name = hdr.fields[i];
		int k = registry_enum(col_names, C__COUNT, name);
		if (k < 0)
			add_error(a, out, &ecap, 1, name, IMP_UNKNOWN_COLUMN);
		else if (pos[k] >= 0)
			add_error(a, out, &ecap, 1, name, IMP_DUPLICATE_COLUMN);
		else
			pos[k] = (int)i;
	}
	for (int k = 0; k < REQUIRED_COLS; k++)
		if (pos[k] < 0)
			add_error(a, out, &ecap, 1, col_names[k], IMP_MISSING_COLUMN);
	if (out->nerrors)
		return;

	/* Rows are counted first so the arrays are allocated once. */
	size_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	if (lines > IMPORT_MAX_ROWS + 1)
		lines = IMPORT_MAX_ROWS + 1;
	out->rows = arena_alloc(a, lines * sizeof *out->rows);
	struct sset units, owners;
	sset_init(a, &units, lines);
	sset_init(a, &owners, lines);

	struct csv_row r;
	while ((rc = csv_next(&c, a, &r)) != 0) {
		if (rc < 0) {
			add_error(a, out, &ecap, r.line, "", IMP_BAD_CSV);
			return; /* after a broken quote the rest cannot be trusted */
		}
		if (out->nrows >= IMPORT_MAX_ROWS) {
			add_error(a, out, &ecap, r.line, "", IMP_TOO_MANY_ROWS);
			return;
		}
		if (r.nfields != hdr.nfields) {
			add_error(a, out, &ecap, r.line, "", IMP_WRONG_FIELD_COUNT);
			continue;
		}
		const char *v[C__COUNT];
		for (int k = 0; k < C__COUNT; k++)
			v[k] = pos[k] >= 0 ? r.fields[pos[k]] : "";
		struct import_row *row = &out->rows[out->nrows];
		memset(row, 0, sizeof *row);
		row->line = r.line;
		size_t before = out->nerrors;
		for (int k = 0; k < C__COUNT; k++) {
			if (k < REQUIRED_COLS && v[k][0] == '\0')
				add_error(a, out, &ecap, r.line, col_names[k], IMP_REQUIRED);
			else if (utf8_chars(v[k], strlen(v[k])) > 64)
				add_error(a, out, &ecap, r.line, col_names[k], IMP_TOO_LONG);
		}
		if (out->nerrors != before)
			continue;
		if (!registry_building(v[C_BUILDING], row->building))
			add_error(a, out, &ecap, r.line, "building", IMP_BAD_BUILDING);
		if (!registry_stairwell(v[C_STAIRWELL], row->stairwell))
			add_error(a, out, &ecap, r.line, "stairwell", IMP_BAD_STAIRWELL);
		if (!registry_floor(v[C_FLOOR], &row->floor))
			add_error(a, out, &ecap, r.line, "floor", IMP_BAD_FLOOR);
		if (!registry_room(v[C_ROOM]))
			add_error(a, out, &ecap, r.line, "room", IMP_BAD_ROOM);
		row->room = v[C_ROOM];
		if (dec_parse(v[C_AREA], strlen(v[C_AREA]), false, &row->area) != YL_OK || row->area <= 0 ||
		    row->area > 10000000)
			add_error(a, out, &ecap, r.line, "area_m2", IMP_BAD_AREA);
		int e;
		if ((e = registry_enum(area_source_names, AREA__COUNT, v[C_AREA_SOURCE][0] ? v[C_AREA_SOURCE] : "register")) < 0)
			add_error(a, out, &ecap, r.line, "area_source", IMP_BAD_AREA_SOURCE);
		row->area_source = e < 0 ? AREA_REGISTER : (enum area_source)e;
		if ((e = registry_enum(owner_kind_names, OWNER__COUNT, v[C_OWNER_KIND][0] ? v[C_OWNER_KIND] : "person")) < 0)
			add_error(a, out, &ecap, r.line, "owner_kind", IMP_BAD_OWNER_KIND);
		row->owner_kind = e < 0 ? OWNER_PERSON : (enum owner_kind)e;
		if ((e = registry_enum(unit_status_names, UNIT__COUNT, v[C_STATUS][0] ? v[C_STATUS] : "delivered")) < 0)
			add_error(a, out, &ecap, r.line, "status", IMP_BAD_STATUS);
		row->status = e < 0 ? UNIT_DELIVERED : (enum unit_status)e;
		if (out->nerrors != before)
			continue;

		bool found;
		const char *ukey = arena_printf(a, "%s/%s/%s", row->building, row->stairwell, row->room);
		size_t slot = sset_slot(&units, ukey, &found);
		if (found) {
			add_error(a, out, &ecap, r.line, "room", IMP_DUPLICATE_UNIT);
			continue;
		}
		units.keys[slot] = ukey;
		row->owner_ref = v[C_OWNER_REF][0] ? v[C_OWNER_REF] : arena_printf(a, "unit:%s", ukey);
		row->owner_name = v[C_OWNER_NAME];
		slot = sset_slot(&owners, row->owner_ref, &found);
		if (found) {
			const struct import_row *first = &out->rows[owners.vals[slot]];
			if (strcmp(first->owner_name, row->owner_name) != 0 || first->owner_kind != row->owner_kind) {
				add_error(a, out, &ecap, r.line, "owner_ref", IMP_OWNER_MISMATCH);
				continue;
			}
		} else {
			owners.keys[slot] = row->owner_ref;
			owners.vals[slot] = out->nrows;
			out->owners++;
		}
		out->nrows++;
	}
	if (out->nrows == 0 && out->nerrors == 0)
		add_error(a, out, &ecap, 2, "", IMP_NO_ROWS);
}

const char *
import_problem_name(enum import_problem p)
{
	static const char *const names[IMP__COUNT] = {
		"bad_csv", "missing_column", "unknown_column", "duplicate_column", "wrong_field_count",
		"required", "too_long", "bad_building", "bad_stairwell", "bad_floor", "bad_room", "bad_area",
		"bad_area_source", "bad_owner_kind", "bad_status", "duplicate_unit", "owner_mismatch",
		"no_rows", "too_many_rows",
	};
	return (unsigned)p < IMP__COUNT ? names[p] : "?";
}

const char *
mask_name(struct arena *a, const char *name)
{
	size_t n = strlen(name);
	if (n == 0)
		return "";
	/* keep the first character (the surname, for Chinese names), star the rest */
	size_t first = 1;
	while (first < n && ((unsigned char)name[first] & 0xC0) == 0x80)
		first++;
	size_t rest = utf8_chars(name + first, n - first);
	if (rest == 0)
		rest = 1;
	char *out = arena_alloc(a, first + rest + 1);
	memcpy(out, name, first);
	memset(out + first, '*', rest);
	out[first + rest] = '\0';
	return out;
}

const char *
mask_phone(struct arena *a, const char *phone)
{
	size_t n = strlen(phone);
	if (n < 7)
		return n ? "****" : "";
	return arena_printf(a, "%.3s****%s", phone, phone + n - 4);
}

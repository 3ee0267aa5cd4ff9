/* registry.h: the registry's rules — names of buildings and stairwells, the enumerations of
 * DOMAIN §2 (area source, unit status, owner kind), and the household import's validation.
 * Pure: the store applies what this accepts. */
#ifndef YL_REGISTRY_H
#define YL_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum area_source { AREA_REGISTER, AREA_SURVEY, AREA_CONTRACT, AREA__COUNT };
enum unit_status { UNIT_DELIVERED, UNIT_UNSOLD, UNIT_UNDELIVERED, UNIT__COUNT };
enum owner_kind { OWNER_PERSON, OWNER_ORGANIZATION, OWNER_DEVELOPER, OWNER__COUNT };

extern const char *const area_source_names[AREA__COUNT];  /* "register" … */
extern const char *const unit_status_names[UNIT__COUNT];  /* "delivered" … */
extern const char *const owner_kind_names[OWNER__COUNT];  /* "person" … */
/* Index of s in names[0..n), or -1. */
int registry_enum(const char *const *names, int n, const char *s);

#define REG_NAME_MAX 32

/* "3", "3栋", "3号楼", "3幢", "A座"-style names are normalised to "3栋" / "A栋"; up to 8 ASCII
 * letters or digits before the suffix. false for anything else. */
bool registry_building(const char *in, char out[REG_NAME_MAX]);
/* "2" or "2单元" → "2单元" (1 to 99). */
bool registry_stairwell(const char *in, char out[REG_NAME_MAX]);
/* 1 to 16 of [0-9A-Za-z-]: "301", "3-01", "B12". */
bool registry_room(const char *in);
/* -5 (basements) to 99. */
bool registry_floor(const char *in, int *out);

enum import_problem {
	IMP_BAD_CSV,          /* the file is not readable CSV at this line */
	IMP_MISSING_COLUMN,   /* field names the column */
	IMP_UNKNOWN_COLUMN,
	IMP_DUPLICATE_COLUMN,
	IMP_WRONG_FIELD_COUNT,
	IMP_REQUIRED,
	IMP_TOO_LONG,
	IMP_BAD_BUILDING,
	IMP_BAD_STAIRWELL,
	IMP_BAD_FLOOR,
	IMP_BAD_ROOM,
	IMP_BAD_AREA,
	IMP_BAD_AREA_SOURCE,
	IMP_BAD_OWNER_KIND,
	IMP_BAD_STATUS,
	IMP_DUPLICATE_UNIT,   /* the same building+stairwell+room twice in the file */
	IMP_OWNER_MISMATCH,   /* one owner_ref with two names or kinds */
	IMP_NO_ROWS,
	IMP_TOO_MANY_ROWS,
	IMP__COUNT
};

struct import_error {
	size_t line;          /* 1-based line of the file (the header is line 1) */
	const char *field;    /* column name, or "" for the whole row */
	enum import_problem problem;
};

struct import_row {
	size_t line;
	char building[REG_NAME_MAX];
	char stairwell[REG_NAME_MAX];
	int floor;
	const char *room;
	int64_t area;              /* hundredths of m² */
	enum area_source area_source;
	const char *owner_ref;     /* never empty: a blank ref becomes "unit:<building>/<stairwell>/<room>" */
	const char *owner_name;
	enum owner_kind owner_kind;
	enum unit_status status;
};

struct import_result {
	struct import_row *rows;
	size_t nrows;
	struct import_error *errors;
	size_t nerrors;
	size_t owners;             /* distinct owner_refs */
};

#define IMPORT_MAX_ROWS 50000
#define IMPORT_MAX_ERRORS 200  /* report this many, then stop collecting */

/* The problem's code name in English ("bad_area"), for logs and the command line. */
const char *import_problem_name(enum import_problem p);

/* Validates a whole UTF-8 CSV text (header: building,stairwell,floor,room,area_m2,area_source,
 * owner_ref,owner_name,owner_kind,status in any order; the last five may be left out and
 * default). Every bad row is reported; the caller imports only when nerrors is 0. */
void import_parse(struct arena *a, const char *text, size_t n, struct import_result *out);

/* Name masking for people who may not see others' names and phones (PIPL, DOMAIN §8):
 * "张秀英" → "张**", "13812341234" → "138****1234". Results in the arena. */
const char *mask_name(struct arena *a, const char *name);
const char *mask_phone(struct arena *a, const char *phone);

#endif

/* audit.h: the audit trail's rules — the canonical text of a row and its hash chain. Pure. */
#ifndef YL_AUDIT_H
#define YL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define AUDIT_HASH_HEX 64
/* The hash a chain starts from (no previous row): 64 zeros. */
extern const char audit_genesis[AUDIT_HASH_HEX + 1];

struct audit_row {
	int64_t community_id; /* 0: installation-wide events (accounts, communities) */
	int64_t seq;          /* 1, 2, 3 … within the community's chain */
	int64_t at;           /* UTC seconds */
	int64_t actor_id;     /* 0: the system or the command line */
	const char *actor;    /* the actor's name at the time, "" when none */
	const char *action;   /* "unit.create", "ballot.cast" … */
	const char *object_type;
	int64_t object_id;
	const char *details;  /* canonical JSON object text (sorted keys, compact) */
};

/* Appends the row's canonical text: a JSON object with the fields in a fixed order, strings
 * escaped one way only, so the same row always yields the same bytes. */
void audit_canonical(struct buf *b, const struct audit_row *r);

/* hash = SHA-256(prev_hex || "\n" || canonical) as lowercase hex into out[65]. */
void audit_hash(const char *prev_hex, const char *canonical, size_t n, char out[AUDIT_HASH_HEX + 1]);

/* Appends s as a JSON string literal (quotes included) with the escaping audit_canonical uses. */
void audit_json_string(struct buf *b, const char *s);

#endif

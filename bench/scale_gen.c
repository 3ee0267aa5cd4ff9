/* scale_gen.c: fills a database with a district — N communities of 2,150 units each (owners,
 * audit rows for every unit and owner) and extra audit rows up to a target — through the same
 * store functions the server uses, so the figures bench/scale measures are the real code's.
 * usage: scale_gen DB COMMUNITIES AUDIT_ROWS */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/registry.h"
#include "core/secret.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/registry.h"

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: scale_gen DB COMMUNITIES AUDIT_ROWS\n");
		return 2;
	}
	if (!secret_init())
		return 1;
	long communities = atol(argv[2]);
	long long audit_target = atoll(argv[3]);
	char err[256];
	struct db *db = db_open(argv[1], true, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* the bench's own database: durability is not what is measured while filling it */
	if (db_kind(db) == DB_SQLITE)
		db_exec(db, "PRAGMA synchronous=OFF");
	struct audit_actor gen = {0, "scale"};
	double t0 = now_s();
	uint64_t rng = 42;
	long long units = 0;
	for (long c = 1; c <= communities; c++) {
		struct arena *a = arena_new();
		int64_t cid;
		char name[64], slug[64];
		snprintf(name, sizeof name, "社区%ld", c);
		snprintf(slug, sizeof slug, "c%ld", c);
		struct import_result r = {0};
		r.rows = arena_zalloc(a, 2150 * sizeof *r.rows);
		for (int b = 1; b <= 43; b++)
			for (int s = 1; s <= 5; s++)
				for (int f = 1; f <= 5; f++)
					for (int k = 1; k <= 2; k++) {
						struct import_row *row = &r.rows[r.nrows++];
						rng = rng * 6364136223846793005ull + 1442695040888963407ull;
						snprintf(row->building, sizeof row->building, "%d栋", b);
						snprintf(row->stairwell, sizeof row->stairwell, "%d单元", s);
						row->floor = f;
						row->room = arena_printf(a, "%d%02d", f, k);
						row->area = 4000 + (int64_t)((rng >> 33) % 7001);
						row->owner_ref = arena_printf(a, "o%zu", r.nrows);
						row->owner_name = "业主";
					}
		struct import_summary sum;
		enum yl_err rc = store_begin(db);
		if (rc == YL_OK)
			rc = store_community_create(db, name, "", "", "", slug, &cid);
		if (rc == YL_OK)
			rc = store_import_apply(db, cid, &r, &gen, &sum);
		if (store_end(db, rc) != YL_OK) {
			fprintf(stderr, "community %ld failed\n", c);
			return 1;
		}
		units += (long long)r.nrows;
		arena_free(a);
	}
	double t1 = now_s();
	struct audit_check chk;
	store_audit_verify(db, &chk);
	long long have = chk.rows;
	/* top up the audit trail with plausible events, spread over the communities */
	long long extra = audit_target > have ? audit_target - have : 0;
	long long done = 0;
	while (done < extra) {
		if (store_begin(db) != YL_OK)
			return 1;
		for (int i = 0; i < 50000 && done < extra; i++, done++) {
			json_t *d = json_pack("{s:I, s:s}", "n", (json_int_t)done, "note", "巡查记录");
			if (store_audit_append(db, 1 + (int64_t)(done % communities), &gen, "inspection.note", "unit",
			                       1 + (int64_t)(done % units), d) != YL_OK)
				return 1;
			json_decref(d);
		}
		if (store_end(db, YL_OK) != YL_OK)
			return 1;
	}
	double t2 = now_s();
	printf("generated %ld communities, %lld units (%.1f s), %lld extra audit rows (%.1f s)\n", communities, units,
	       t1 - t0, extra, t2 - t1);
	db_close(db);
	return 0;
}

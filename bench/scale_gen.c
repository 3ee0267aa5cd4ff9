/* scale_gen.c: fills a database with a district — N communities of 2,150 units each (owners,
 * audit rows for every unit and owner) and extra audit rows up to a target — through the same
 * store functions the server uses, so the figures bench/scale measures are the real code's.
 * usage: scale_gen DB COMMUNITIES AUDIT_ROWS
 *        scale_gen problems DB N — adds problems (spread evenly over the communities, in every
 *        state of the workflow, with their events) until the district holds N. */
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
#include "store/problems.h"
#include "store/registry.h"

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const texts[][2] = {
	{"drainage", "楼前下水道一下雨就堵，水漫到一楼门口"}, {"greening", "香樟树枝太密，挡住低楼层的阳光"},
	{"lighting", "单元门口路灯坏了，晚上老人看不见台阶"}, {"roads", "院内主路塌陷，轮椅过不去"},
	{"walls_roofs", "顶楼屋面漏水，天花板滴水"}, {"pipes", "外墙电线网线乱搭乱挂"},
	{"parking", "电动车在楼道里充电堵住通道"}, {"sanitation", "垃圾站周边异味大蚊蝇多"},
	{"safety", "楼道扶手松动老人容易摔倒"}, {"other", "希望增加休息座椅方便老人晒太阳"},
};

/* Problems for the scale bench: per community, the ten categories' texts with a number, a fifth
 * left reported and the rest moved along verify → accept → refer (some overdue) → answer. */
static int
fail(int where)
{
	fprintf(stderr, "scale_gen problems: step %d failed\n", where);
	return 1;
}

static int
gen_problems(struct db *db, long long target)
{
	struct arena *a = arena_new();
	struct community *cs;
	size_t nc;
	int64_t total;
	if (store_communities(db, a, 1000, 0, &cs, &nc, &total) != YL_OK || nc == 0)
		return fail(1);
	struct problem_filter none = {.state = -1, .open311_status = -1, .limit = 1};
	long long have = 0;
	for (size_t i = 0; i < nc; i++) {
		struct problem *ps;
		size_t n;
		int64_t t;
		if (store_problems(db, a, cs[i].id, &none, &ps, &n, &t) != YL_OK)
			return fail(2);
		have += t;
	}
	long long per = (target - have) / (long long)nc;
	double t0 = now_s();
	int64_t now = 1795000000; /* 2026-11 */
	for (size_t i = 0; i < nc && per > 0; i++) {
		int64_t cid = cs[i].id, dept;
		struct category cat[10];
		struct arena *w = arena_new(); /* this community's texts; the list stays in a */
		if (store_begin(db) != YL_OK || store_department_ensure(db, cid, "雨花区园林局", "Parks", &dept) != YL_OK)
			return fail(3);
		for (int k = 0; k < 10; k++)
			if (store_category_by_code(db, w, cid, texts[k][0], &cat[k]) != YL_OK)
				return fail(4);
		for (long long j = 0; j < per; j++) {
			int k = (int)(j % 10);
			struct problem_new p = {.category_id = cat[k].id, .description = arena_printf(w, "%s（%lld）", texts[k][1], j),
			                        .building_id = 0, .place = arena_printf(w, "%lld栋前", 1 + j % 43),
			                        .channel = CHANNEL_WEB, .reporter_name = "居民", .reporter_contact = "",
			                        .actor_id = 0, .actor_name = "scale", .now = now - (per - j) * 600};
			int64_t id;
			if (store_problem_create(db, cid, &p, &id, NULL) != YL_OK)
				return fail(5);
			static const enum problem_action acts[] = {PACT_VERIFY, PACT_ACCEPT, PACT_REFER, PACT_ANSWER};
			static const enum problem_state to[] = {PROBLEM_VERIFIED, PROBLEM_ACCEPTED, PROBLEM_REFERRED, PROBLEM_ANSWERED};
			int steps = (int)(j % 5);
			for (int s = 0; s < steps; s++) {
				struct problem_change c = {.action = acts[s], .from = s ? to[s - 1] : PROBLEM_REPORTED, .to = to[s],
				                           .actor_name = "scale", .channel = CHANNEL_WEB, .department_id = dept,
				                           .due_at = p.now + (j % 3 ? 30 : 3) * 86400, .now = p.now + 60};
				if (store_problem_move(db, cid, id, &c, NULL) != YL_OK)
					return fail(6);
			}
		}
		if (store_end(db, YL_OK) != YL_OK)
			return fail(7);
		arena_free(w);
	}
	printf("generated %lld problems in %zu communities (%.1f s)\n", per * (long long)nc, nc, now_s() - t0);
	arena_free(a);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "problems") == 0) {
		if (!secret_init())
			return 1;
		char err[256];
		struct db *db = db_open(argv[2], false, err, sizeof err);
		if (db == NULL) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		if (db_kind(db) == DB_SQLITE)
			db_exec(db, "PRAGMA synchronous=OFF");
		int rc = gen_problems(db, atoll(argv[3]));
		db_close(db);
		return rc;
	}
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

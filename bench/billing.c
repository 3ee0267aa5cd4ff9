/* billing.c: how long a billing run takes through the store — store_billing_run, the function
 * POST /api/v1/communities/{cid}/billing-runs calls — on the demo compound (2,156 units) and on
 * one community of N units (500,000 by default) with a schedule of 0.45 元/m² and 卫生费 5.00 and
 * one exemption in a thousand units. Each is timed as a preview (reads and computes) and as the
 * run itself (one transaction: the run, every bill, its lines, the journal entry).
 * usage: billing_bench DIR [UNITS] — makes DIR/demo.db and DIR/big.db (SQLite, must not exist),
 *        or a PostgreSQL URL for each as DIR is not a directory: billing_bench URL_DEMO URL_BIG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "core/arena.h"
#include "core/period.h"
#include "core/registry.h"
#include "features/demo.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/decisions.h"
#include "store/fees.h"
#include "store/registry.h"

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* This process's CPU time: the two cores are shared, and a run's wall time moves with whatever
 * else runs (on PostgreSQL it is the client's part only). */
static double
cpu_s(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static int
die(const char *what)
{
	fprintf(stderr, "billing_bench: %s failed\n", what);
	return 1;
}

/* A preview and then the run of the month after month_of(now), timed. */
static int
time_run(struct db *db, int64_t cid, int64_t by, const char *label)
{
	struct arena *a = arena_new();
	struct period p = {month_add(month_of(db_now()), 1), 1};
	struct run_outcome *o = arena_alloc(a, sizeof *o);
	double t0 = now_s();
	if (store_billing_run(db, a, cid, p, true, by, db_now(), o) != YL_OK || o->refusal != RUN_OK)
		return die("preview");
	double t1 = now_s(), c1 = cpu_s();
	if (store_begin_community(db, cid) != YL_OK ||
	    store_billing_run(db, a, cid, p, false, by, db_now(), o) != YL_OK || o->refusal != RUN_OK)
		return die("run");
	/* the commit: on SQLite the WAL's fsync and then, the WAL being far past 1,000 pages, the
	 * checkpoint that copies the run's pages into the database file */
	double tc = now_s();
	if (store_end(db, YL_OK) != YL_OK)
		return die("commit");
	double t2 = now_s(), c2 = cpu_s();
	char period[12];
	period_format(p, period);
	printf("%-8s %s %s: %lld bills, total %lld.%02lld yuan; preview %.3f s, run (one transaction) %.3f s "
	       "(%.1f µs a bill; the commit %.3f s of it; this process's CPU %.3f s)\n",
	       db_kind(db) == DB_PG ? "pg" : "sqlite", label, period, (long long)o->bills, (long long)(o->total / 100),
	       (long long)(o->total % 100), t1 - t0, t2 - t1, (t2 - t1) / (double)o->bills * 1e6, t2 - tc, c2 - c1);
	arena_free(a);
	return 0;
}

static struct db *
open_new(const char *where)
{
	char err[256];
	struct db *db = db_open(where, true, err, sizeof err);
	if (db == NULL)
		fprintf(stderr, "billing_bench: %s\n", err);
	return db;
}

static int
demo_bench(const char *where)
{
	struct db *db = open_new(where);
	if (db == NULL)
		return 1;
	double t0 = now_s();
	if (demo_create(db, "bench") != YL_OK)
		return die("demo");
	printf("demo made in %.1f s (with its own four monthly runs)\n", now_s() - t0);
	struct arena *a = arena_new();
	struct account acc;
	if (store_account_by_name(db, a, "committee", &acc) != YL_OK)
		return die("committee account");
	int r = time_run(db, 1, acc.id, "demo, 2156 units");
	arena_free(a);
	db_close(db);
	return r;
}

static int
big_bench(const char *where, size_t n)
{
	struct db *db = open_new(where);
	if (db == NULL)
		return 1;
	struct arena *a = arena_new();
	int64_t cid, account;
	double t0 = now_s();
	if (store_begin(db) != YL_OK || store_community_create(db, "出账压测小区", "", "", "", NULL, &cid) != YL_OK ||
	    store_account_create(db, "bench", "bench", NULL, &account) != YL_OK)
		return die("setup");
	/* 100 units a stairwell, 10 stairwells a building, 40.00–110.00 m², one owner each */
	struct import_result r = {0};
	r.rows = calloc(n, sizeof *r.rows);
	uint64_t rng = 0x2156;
	for (size_t i = 0; i < n; i++) {
		struct import_row *row = &r.rows[r.nrows++];
		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		row->line = i + 2;
		snprintf(row->building, sizeof row->building, "%zu栋", i / 1000 + 1);
		snprintf(row->stairwell, sizeof row->stairwell, "%zu单元", (i / 100) % 10 + 1);
		row->floor = 1;
		row->room = arena_printf(a, "%zu", i % 100 + 101);
		row->area = 4000 + (int64_t)(rng % 7001);
		row->area_source = AREA_REGISTER;
		row->status = UNIT_DELIVERED;
		row->owner_kind = OWNER_PERSON;
		row->owner_ref = arena_printf(a, "O%zu", i);
		row->owner_name = row->owner_ref;
	}
	r.owners = n;
	struct audit_actor actor = {account, "bench"};
	struct import_summary sum;
	if (store_import_apply(db, cid, &r, &actor, &sum) != YL_OK)
		return die("import");
	/* the schedule's decision only has to exist here: the route checks that it passed */
	struct decision_new dn = {.title = "物业费", .matter = MATTER_MANAGER, .scope = DSC_COMMUNITY, .created_by = account,
	                          .now = 1};
	int64_t decision, id;
	struct fee_item sanitation = {"卫生费", 500};
	struct fee_schedule_new s = {0, 45, month_add(month_of(db_now()), -3), "", &sanitation, 1, account, 1};
	if (store_decision_create(db, cid, &dn, &decision) != YL_OK)
		return die("decision");
	s.decision_id = decision;
	if (store_fee_schedule_create(db, cid, &s, &id) != YL_OK)
		return die("schedule");
	for (size_t i = 0; i < n; i += 1000) {
		struct fee_exemption e = {.first = s.effective_from, .percent = i % 2000 ? 50 : 100, .reason = "低保户",
		                          .created_by = account, .created_at = 1};
		if (store_unit_by_key(db, cid, r.rows[i].building, r.rows[i].stairwell, r.rows[i].room, &e.unit_id) != YL_OK ||
		    store_fee_exemption_create(db, cid, &e, &id) != YL_OK)
			return die("exemption");
	}
	if (store_end(db, YL_OK) != YL_OK)
		return die("setup commit");
	printf("%zu units imported with a schedule and %zu exemptions in %.1f s\n", n, (n + 999) / 1000, now_s() - t0);
	char label[40];
	snprintf(label, sizeof label, "%zu units", n);
	int rc = time_run(db, cid, account, label);
	free(r.rows);
	arena_free(a);
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: billing_bench DIR [UNITS] | billing_bench URL_DEMO URL_BIG [UNITS]\n");
		return 2;
	}
	struct stat st;
	bool dir = stat(argv[1], &st) == 0 && S_ISDIR(st.st_mode);
	char demo_path[4096], big_path[4096];
	snprintf(demo_path, sizeof demo_path, "%s/demo.db", argv[1]);
	snprintf(big_path, sizeof big_path, "%s/big.db", argv[1]);
	const char *demo = dir ? demo_path : argv[1], *big = dir ? big_path : argc > 2 ? argv[2] : NULL;
	int un = dir ? 2 : 3;
	size_t n = argc > un ? (size_t)strtoull(argv[un], NULL, 10) : 500000;
	if (big == NULL)
		return die("arguments");
	int rc = demo_bench(demo);
	return rc ? rc : big_bench(big, n);
}

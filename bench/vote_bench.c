/* vote_bench.c: how long the Art. 278 count takes — core/vote.c alone (vote_roll over the units,
 * then the tally and vote_decide over a ballot per owner) for the 2,156-unit demo compound and a
 * 500,000-unit roll, and then the same through the store on a real database: a community of N
 * units imported, the roll frozen by store_decision_publish, ballots for four owners in five,
 * each keeping the decision's turnout, and the live count (store_decision_tally, checked against
 * the kept turnout) and the count kept at the close.
 * usage: vote_bench [DB [UNITS]] — DB a SQLite path (made) or a PostgreSQL URL (an empty
 *        database); without DB only the core is timed. UNITS defaults to 500000. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/registry.h"
#include "core/vote.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/decisions.h"
#include "store/registry.h"

static double
now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng = 0x278;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A roll like the demo's: 40.00–110.00 m², one owner in fifty with a second unit, 3% held by
 * the developer. */
static void
make_units(struct roll_unit *u, size_t n)
{
	int64_t owner = 0;
	for (size_t i = 0; i < n; i++) {
		u[i].unit_id = (int64_t)i + 1;
		u[i].area = 4000 + (int64_t)(next() % 7001);
		u[i].developer_held = next() % 100 < 3;
		u[i].owner_id = (owner && next() % 50 == 0) ? owner : ++owner;
	}
}

static void
core_bench(size_t n, int rounds)
{
	struct roll_unit *u = malloc(n * sizeof *u), *work = malloc(n * sizeof *work);
	struct roll_owner *o = malloc(n * sizeof *o);
	enum ballot_choice *choice = malloc(n * sizeof *choice);
	make_units(u, n);
	double best_roll = 1e9, best_tally = 1e9;
	struct verdict v = {0};
	struct tally t = {0};
	size_t voters = 0;
	for (int r = 0; r < rounds; r++) {
		memcpy(work, u, n * sizeof *u);
		double t0 = now_s();
		struct count total;
		voters = vote_roll(work, n, o, &total);
		double t1 = now_s();
		for (size_t i = 0; i < voters; i++)
			choice[i] = (enum ballot_choice)(i % 5 == 4 ? BC__COUNT : i % 10 < 7 ? BC_YES : i % 10 < 9 ? BC_NO : BC_ABSTAIN);
		double t2 = now_s();
		memset(&t, 0, sizeof t);
		t.total = total;
		for (size_t i = 0; i < voters; i++) {
			struct count *k = choice[i] == BC_YES ? &t.yes : choice[i] == BC_NO ? &t.no : choice[i] == BC_ABSTAIN ? &t.abstain : NULL;
			if (k) {
				k->owners++;
				k->area += o[i].area;
			}
		}
		t.participating.owners = t.yes.owners + t.no.owners + t.abstain.owners;
		t.participating.area = t.yes.area + t.no.area + t.abstain.area;
		v = vote_decide(MATTER_REBUILD, &t);
		double t3 = now_s();
		if (t1 - t0 < best_roll)
			best_roll = t1 - t0;
		if (t3 - t2 < best_tally)
			best_tally = t3 - t2;
	}
	printf("core  %7zu units → %7zu owners: vote_roll %8.3f ms, tally + vote_decide %7.3f ms (best of %d); "
	       "participating %lld owners, quorum %s, passed %s\n",
	       n, voters, best_roll * 1e3, best_tally * 1e3, rounds, (long long)t.participating.owners,
	       v.quorum_met ? "met" : "not met", v.passed ? "yes" : "no");
	free(u);
	free(work);
	free(o);
	free(choice);
}

static int
die(const char *what)
{
	fprintf(stderr, "vote_bench: %s failed\n", what);
	return 1;
}

static int
store_bench(const char *where, size_t n)
{
	char err[256];
	struct db *db = db_open(where, true, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "vote_bench: %s\n", err);
		return 1;
	}
	struct arena *a = arena_new();
	int64_t cid, account;
	double t0 = now_s();
	if (store_begin(db) != YL_OK || store_community_create(db, "表决压测小区", "", "", "", NULL, &cid) != YL_OK ||
	    store_account_create(db, "bench", "bench", NULL, &account) != YL_OK)
		return die("setup");
	/* the units in building-sized import batches: 100 units a stairwell, 10 stairwells a building */
	struct import_result r = {0};
	r.rows = calloc(n, sizeof *r.rows);
	int64_t owner = 0;
	for (size_t i = 0; i < n; i++) {
		struct import_row *row = &r.rows[r.nrows++];
		row->line = i + 2;
		snprintf(row->building, sizeof row->building, "%zu栋", i / 1000 + 1);
		snprintf(row->stairwell, sizeof row->stairwell, "%zu单元", (i / 100) % 10 + 1);
		row->floor = 1;
		row->room = arena_printf(a, "%zu", i % 100 + 101);
		row->area = 4000 + (int64_t)(next() % 7001);
		row->area_source = AREA_REGISTER;
		bool dev = next() % 100 < 3;
		row->status = dev ? UNIT_UNSOLD : UNIT_DELIVERED;
		row->owner_kind = dev ? OWNER_DEVELOPER : OWNER_PERSON;
		if (dev) {
			row->owner_ref = "dev";
			row->owner_name = "原产权单位";
		} else {
			if (!(owner && next() % 50 == 0))
				owner++;
			row->owner_ref = arena_printf(a, "O%lld", (long long)owner);
			row->owner_name = row->owner_ref;
		}
	}
	struct audit_actor actor = {account, "bench"};
	struct import_summary sum;
	if (store_import_apply(db, cid, &r, &actor, &sum) != YL_OK || store_end(db, YL_OK) != YL_OK)
		return die("import");
	double t1 = now_s();
	printf("store %s: %zu units imported in %.1f s\n", db_kind(db) == DB_PG ? "pg" : "sqlite", n, t1 - t0);

	struct decision_new dn = {.title = "bench", .matter = MATTER_REBUILD, .scope = DSC_COMMUNITY,
	                          .created_by = account, .now = 1};
	int64_t id, units;
	struct count total;
	if (store_begin(db) != YL_OK || store_decision_create(db, cid, &dn, &id) != YL_OK)
		return die("create");
	double t2 = now_s();
	if (store_decision_publish(db, cid, id, 2, &total, &units) != YL_OK || store_end(db, YL_OK) != YL_OK)
		return die("publish");
	double t3 = now_s();
	printf("store publish (roll frozen: vote_roll + %lld voter rows + %lld unit rows): %.2f s\n", (long long)total.owners,
	       (long long)units, t3 - t2);
	if (store_begin(db) != YL_OK || store_decision_move(db, cid, id, DST_PUBLISHED, DST_OPEN, 3) != YL_OK)
		return die("open");
	struct decision d;
	if (store_decision_get(db, a, cid, id, &d) != YL_OK)
		return die("get");
	int64_t *voters = malloc((size_t)total.owners * sizeof *voters);
	size_t nv;
	if (store_decision_voters(db, cid, id, voters, (size_t)total.owners, &nv) != YL_OK)
		return die("voters");
	double t4 = now_s();
	size_t cast = 0;
	for (size_t i = 0; i < nv; i++) {
		if (i % 5 == 4)
			continue;
		struct ballot b = {.voter = voters[i], .channel = BCH_ONLINE, .account_id = account,
		                   .choice = i % 10 < 7 ? BC_YES : i % 10 < 9 ? BC_NO : BC_ABSTAIN};
		int64_t bid, rep;
		if (store_ballot_cast(db, cid, &d, &b, false, 4, &bid, &rep) != YL_OK)
			return die("ballot");
		cast++;
	}
	if (store_end(db, YL_OK) != YL_OK)
		return die("ballots commit");
	double t5 = now_s();
	printf("store %zu ballots in one transaction: %.2f s (%.1f µs each)\n", cast, t5 - t4, (t5 - t4) / (double)cast * 1e6);
	struct tally t;
	double best = 1e9;
	for (int k = 0; k < 3; k++) {
		double s = now_s();
		if (store_decision_tally(db, cid, &d, 0, &t) != YL_OK)
			return die("tally");
		double e = now_s();
		if (e - s < best)
			best = e - s;
	}
	/* the turnout each ballot kept (schema/023) is the live count's participating */
	struct count voted;
	if (store_decision_voted(db, cid, id, &voted) != YL_OK || voted.owners != t.participating.owners ||
	    voted.area != t.participating.area)
		return die("kept turnout differs from the live count");
	struct verdict v = vote_decide(d.matter, &t);
	printf("store live count (one GROUP BY over %lld ballots joined to the roll) + vote_decide: %.1f ms (best of 3); "
	       "quorum %s, passed %s\n", (long long)t.participating.owners, best * 1e3, v.quorum_met ? "met" : "not met",
	       v.passed ? "yes" : "no");
	double t6 = now_s();
	if (store_begin(db) != YL_OK || store_decision_move(db, cid, id, DST_OPEN, DST_CLOSED, 5) != YL_OK ||
	    store_end(db, YL_OK) != YL_OK)
		return die("close");
	double t7 = now_s();
	if (store_decision_result(db, cid, &d, 0, &t) != YL_OK)
		return die("result");
	double t8 = now_s();
	printf("store close (the count kept): %.1f ms; the kept result read back: %.3f ms\n", (t7 - t6) * 1e3, (t8 - t7) * 1e3);
	free(voters);
	free(r.rows);
	arena_free(a);
	db_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	size_t n = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 500000;
	core_bench(2156, 50);
	core_bench(500000, 5);
	if (argc > 1)
		return store_bench(argv[1], n);
	return 0;
}

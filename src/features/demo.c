/* demo.c: 中南家园, a 1970s work-unit compound in 中南院社区, 圭塘街道, 雨花区, 长沙: 2,156 units in
 * 49 six- and seven-storey buildings, some still held by the former work unit, some owners with
 * two units, tenants, heads for every building, 60 Party-member volunteers, an owners'
 * committee, community staff and the parks department. Beside it two smaller compounds of the
 * same street office (东塘小区, 砂子塘社区) and the street office's district login over all
 * three. Same seed, same compounds. */
#include "demo.h"
#include "../core/arena.h"
#include "../core/registry.h"
#include "../core/secret.h"
#include "../store/accounts.h"
#include "../store/activities.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/decisions.h"
#include "../store/plan_opinions.h"
#include "../store/plans.h"
#include "../store/problems.h"
#include "../store/registry.h"
#include "../store/volunteers.h"
#include "../store/stationed.h"
#include "../store/wishes.h"
#include "../store/works.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static uint64_t rng = 0x20201105ull; /* the date the compound's renovation plan was posted */

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(next() % n);
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                       "梁", "宋", "郑", "谢", "韩", "唐", "冯", "邓", "曹", "彭"};
static const char *const given[] = {"建国", "秀英", "桂兰", "国强", "淑珍", "志明", "玉兰", "德华", "丽华", "建华",
                                    "凤英", "文斌", "春梅", "卫东", "秀兰", "红梅", "伟", "敏", "静", "磊",
                                    "海燕", "振华", "金凤", "小平", "国庆", "建军", "爱华", "长林", "素芬", "明"};

static const char *
person(struct arena *a)
{
	return arena_printf(a, "%s%s", surnames[pick(30)], given[pick(30)]);
}

static const struct audit_actor demo_actor = {0, "demo"};

static enum yl_err
audit(struct db *db, int64_t cid, const char *action, const char *type, int64_t id, json_t *d)
{
	enum yl_err rc = store_audit_append(db, cid, &demo_actor, action, type, id, d);
	json_decref(d);
	return rc;
}

static enum yl_err
account(struct db *db, struct arena *a, const char *name, const char *display, const char *pwhash, enum role role,
        int64_t cid, int64_t *id)
{
	enum yl_err rc = store_account_create(db, name, display, pwhash, id);
	if (rc == YL_OK)
		rc = audit(db, 0, "account.create", "account", *id, json_pack("{s:s}", "name", name));
	if (rc == YL_OK)
		rc = store_role_grant(db, *id, role, role == ROLE_ADMIN ? 0 : cid);
	if (rc == YL_OK)
		rc = audit(db, role == ROLE_ADMIN ? 0 : cid, "role.grant", "account", *id,
		           json_pack("{s:s, s:I}", "role", role_name(role), "community_id",
		                     (json_int_t)(role == ROLE_ADMIN ? 0 : cid)));
	(void)a;
	return rc;
}

/* One unit of a compound, as an import row: an area as the register has it, some units still
 * held by the former work unit (unsold, or sold but not handed over; all of held_back), an
 * owner now and then with a second unit next door. prev_* and owner_seq carry the owners from
 * one unit to the next. */
struct owners_so_far {
	const char *ref, *name;
	int seq;
};

static void
unit_row(struct arena *a, struct import_result *r, const char *work_unit, int b, int s, int f, int k,
         bool held_back, struct owners_so_far *o)
{
	struct import_row *row = &r->rows[r->nrows++];
	row->line = r->nrows + 1;
	snprintf(row->building, sizeof row->building, "%d栋", b);
	snprintf(row->stairwell, sizeof row->stairwell, "%d单元", s);
	row->floor = f;
	row->room = arena_printf(a, "%d%02d", f, k);
	row->area = 4000 + (int64_t)pick(7001);
	unsigned src = pick(100);
	row->area_source = src < 90 ? AREA_REGISTER : src < 97 ? AREA_SURVEY : AREA_CONTRACT;
	unsigned held = pick(100);
	if (held < 3 || held_back) {
		row->status = held < 2 ? UNIT_UNSOLD : UNIT_UNDELIVERED;
		row->owner_ref = "wu";
		row->owner_name = work_unit;
		row->owner_kind = OWNER_DEVELOPER;
		return;
	}
	row->status = UNIT_DELIVERED;
	row->owner_kind = OWNER_PERSON;
	if (o->ref && pick(50) == 0) {
		row->owner_ref = o->ref;
		row->owner_name = o->name;
		return;
	}
	row->owner_ref = arena_printf(a, "O%05d", ++o->seq);
	row->owner_name = person(a);
	o->ref = row->owner_ref;
	o->name = row->owner_name;
}

/* 中南家园's units: 49 buildings of six and seven storeys, two units a floor; 49栋4单元 is
 * still wholly the works'. */
static void
units(struct arena *a, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	r->rows = arena_zalloc(a, 2156 * sizeof *r->rows);
	struct owners_so_far o = {0};
	for (int b = 1; b <= 49; b++) {
		int floors = b <= 14 ? 6 : 7, stairs = (b <= 14 || b == 49) ? 4 : 3;
		for (int s = 1; s <= stairs; s++)
			for (int f = 1; f <= floors; f++)
				for (int k = 1; k <= 2; k++)
					unit_row(a, r, "长沙中南机械厂（原产权单位）", b, s, f, k, b == 49 && s == 4, &o);
	}
	r->owners = (size_t)o.seq + 1;
}

/* The two smaller compounds of the same street office, so a district view has neighbours to
 * set 中南家园 beside: uniform blocks, built the same way. */
struct neighbour {
	const char *name, *slug, *work_unit, *staff;
	int buildings, stairs, floors;
	int activated; /* owners who have claimed their accounts */
};
static const struct neighbour neighbours[] = {
	{"东塘小区", "dongtang", "长沙东塘百货公司（原产权单位）", "staff.dongtang", 7, 3, 7, 30},
	{"砂子塘社区", "shazitang", "雨花区房地产公司（原产权单位）", "staff.shazitang", 8, 2, 6, 12},
};

static void
neighbour_units(struct arena *a, const struct neighbour *n, struct import_result *r)
{
	memset(r, 0, sizeof *r);
	r->rows = arena_zalloc(a, (size_t)(n->buildings * n->stairs * n->floors * 2) * sizeof *r->rows);
	struct owners_so_far o = {0};
	for (int b = 1; b <= n->buildings; b++)
		for (int s = 1; s <= n->stairs; s++)
			for (int f = 1; f <= n->floors; f++)
				for (int k = 1; k <= 2; k++)
					unit_row(a, r, n->work_unit, b, s, f, k, false, &o);
	r->owners = (size_t)o.seq + 1;
}

/* A neighbour compound through the same import as 中南家园, its households, a staff member
 * (not yet activated) and the owners who have claimed their accounts. *cid is the new id. */
static enum yl_err
neighbour(struct db *db, struct arena *a, const struct neighbour *n, const char *pwhash, int64_t *cid)
{
	enum yl_err rc = store_community_create(db, n->name, "雨花区", "圭塘街道", "长沙", n->slug, cid);
	if (rc == YL_OK)
		rc = audit(db, *cid, "community.create", "community", *cid, json_pack("{s:s}", "name", n->name));
	struct import_result r;
	struct import_summary sum;
	neighbour_units(a, n, &r);
	if (rc == YL_OK)
		rc = store_import_apply(db, *cid, &r, &demo_actor, &sum);
	struct unit_filter all = {.status = -1, .limit = 1000};
	struct unit *us;
	size_t nu = 0;
	int64_t total, id;
	if (rc == YL_OK)
		rc = store_units(db, a, *cid, &all, &us, &nu, &total);
	for (size_t i = 0; rc == YL_OK && i < nu; i++)
		if (us[i].owner_kind == OWNER_PERSON)
			rc = store_resident_add(db, *cid, us[i].id, us[i].owner_name, "", false, 0, NULL);
	if (rc == YL_OK)
		rc = account(db, a, n->staff, person(a), NULL, ROLE_STAFF, *cid, &id);
	/* every few units an owner who has claimed their slip (one account for a second unit) */
	int64_t last_owner = 0;
	size_t step = nu / (size_t)n->activated > 0 ? nu / (size_t)n->activated : 1;
	for (size_t i = 0, made = 0; rc == YL_OK && i < nu && made < (size_t)n->activated; i += step) {
		if (us[i].owner_kind != OWNER_PERSON || us[i].owner_id == last_owner)
			continue;
		last_owner = us[i].owner_id;
		/* yezhu (业主) first: these sort after the demo logins in the administrator's list */
		rc = account(db, a, arena_printf(a, "yezhu.%s%02zu", n->slug, ++made), us[i].owner_name, pwhash,
		             ROLE_OWNER, *cid, &id);
		if (rc == YL_OK)
			rc = store_owner_link(db, *cid, us[i].owner_id, id);
	}
	return rc;
}

/* The problem list as it stands some weeks into the renovation: reports from owners and, on
 * paper, from neighbours without phones; some checked by the head, accepted, referred to the
 * departments (parks answering one, one overdue), resolved and rated. */
static const char *const problem_texts[][3] = {
	{"drainage", "楼前下水道一下雨就堵，水漫到一楼门口。", ""},
	{"greening", "香樟树枝太密，挡住一楼二楼的阳光，家里白天也要开灯。", ""},
	{"lighting", "单元门口路灯坏了一个多月，晚上老人出门看不见台阶。", ""},
	{"roads", "院内主路有几处塌陷，轮椅和婴儿车过不去。", "主干道"},
	{"walls_roofs", "顶楼屋面漏水，下雨时天花板滴水。", ""},
	{"pipes", "外墙上的旧电线、网线乱搭乱挂，存在安全隐患。", ""},
	{"parking", "电动车在楼道里充电，堵住通道。", ""},
	{"sanitation", "垃圾站周边异味大，夏天蚊蝇多。", "北门垃圾站"},
	{"safety", "楼道扶手松动，老人上下楼容易摔倒。", ""},
	{"greening", "大树根系把路面拱起来了，容易绊倒。", "中心花园"},
	{"drainage", "化粪池满溢，污水流到路面。", ""},
	{"other", "希望增加几张休息座椅，方便老人晒太阳。", "中心花园"},
};

static const char *const move_names[PACT__COUNT] = {
	[PACT_VERIFY] = "problem.verify", [PACT_MERGE] = "problem.merge", [PACT_ACCEPT] = "problem.accept",
	[PACT_REJECT] = "problem.reject", [PACT_REFER] = "problem.refer", [PACT_ANSWER] = "problem.answer",
	[PACT_RESOLVE] = "problem.resolve", [PACT_RATE] = "problem.rate", [PACT_REOPEN] = "problem.reopen",
};

static enum yl_err
demo_move(struct db *db, int64_t cid, int64_t pid, enum problem_action act, enum problem_state from,
          enum problem_state to, int64_t actor, const char *actor_name, const char *note, int64_t dept,
          int64_t due, int rating, int64_t at)
{
	struct problem_change c = {.action = act, .from = from, .to = to, .actor_id = actor, .actor_name = actor_name,
	                           .channel = CHANNEL_WEB, .note = note, .department_id = dept, .due_at = due,
	                           .rating = rating, .now = at};
	enum yl_err rc = store_problem_move(db, cid, pid, &c, NULL);
	if (rc == YL_OK)
		rc = audit(db, cid, move_names[act], "problem", pid,
		           json_pack("{s:s, s:s}", "from", problem_state_name(from), "to", problem_state_name(to)));
	return rc;
}

static enum yl_err
demo_problems(struct db *db, struct arena *a, int64_t cid, const struct building *bs, size_t nb, int64_t owner,
              int64_t head, int64_t staff, int64_t parks)
{
	static const char *const depts[][2] = {{"雨花区园林局", "Yuhua Parks Bureau"}, {"长沙水务集团", "Changsha Water Group"},
	                                       {"国网长沙供电公司", "State Grid Changsha"}, {"雨花区城管局", "Yuhua City Management"}};
	static const char *const dept_cats[] = {"greening", "drainage", "lighting", "roads"};
	int64_t dept[4];
	enum yl_err rc = YL_OK;
	for (size_t i = 0; rc == YL_OK && i < 4; i++) {
		rc = store_department_ensure(db, cid, depts[i][0], depts[i][1], &dept[i]);
		struct category c;
		if (rc == YL_OK)
			rc = store_category_by_code(db, a, cid, dept_cats[i], &c);
		if (rc == YL_OK) {
			c.department_id = dept[i];
			rc = store_category_update(db, cid, &c);
		}
	}
	if (rc == YL_OK)
		rc = store_department_assign(db, cid, parks, dept[0]);
	int64_t now = db_now(), day = 86400;
	for (int i = 0; rc == YL_OK && i < 36; i++) {
		const char *const *t = problem_texts[i % 12];
		struct category c;
		rc = store_category_by_code(db, a, cid, t[0], &c);
		size_t b = i < 12 ? (size_t)(i % 3) : pick((unsigned)nb); /* the first ones in head's 1–3栋 */
		bool own = i % 4 == 0 || i % 12 == 11; /* 11 and 23 reach "rated" */
		struct problem_new p = {.category_id = c.id, .description = t[1], .building_id = *t[2] ? 0 : bs[b].id,
		                        .place = t[2], .urgent = i % 7 == 3, .channel = own ? CHANNEL_WEB : CHANNEL_PAPER,
		                        .reporter_id = own ? owner : 0, .reporter_name = own ? "" : person(a),
		                        .reporter_contact = "", .actor_id = own ? owner : head, .actor_name = own ? "业主" : "王建国",
		                        .now = now - (40 - i) * day};
		int64_t pid = 0;
		if (rc == YL_OK)
			rc = store_problem_create(db, cid, &p, &pid, NULL);
		if (rc == YL_OK)
			rc = audit(db, cid, "problem.report", "problem", pid, json_pack("{s:I}", "category_id", (json_int_t)c.id));
		int stage = i % 6; /* 0 reported, 1 verified, 2 accepted, 3 referred, 4 answered, 5 resolved+rated */
		int64_t at = p.now + day;
		int64_t d = c.department_id ? c.department_id : dept[3];
		if (rc == YL_OK && stage >= 1)
			rc = demo_move(db, cid, pid, PACT_VERIFY, PROBLEM_REPORTED, PROBLEM_VERIFIED, head, "王建国", NULL, 0, 0, 0, at);
		if (rc == YL_OK && stage >= 2)
			rc = demo_move(db, cid, pid, PACT_ACCEPT, PROBLEM_VERIFIED, PROBLEM_ACCEPTED, staff, "李敏", NULL, 0, 0, 0, at + day);
		int64_t due = 0;
		if (rc == YL_OK && stage >= 3) {
			rc = problem_due(at + 2 * day, c.sla_days, &due);
			if (rc == YL_OK)
				rc = demo_move(db, cid, pid, PACT_REFER, PROBLEM_ACCEPTED, PROBLEM_REFERRED, staff, "李敏", NULL, d, due, 0,
				               at + 2 * day);
		}
		if (rc == YL_OK && stage >= 4)
			rc = demo_move(db, cid, pid, PACT_ANSWER, PROBLEM_REFERRED, PROBLEM_ANSWERED, d == dept[0] ? parks : staff,
			               d == dept[0] ? "雨花区园林局" : "李敏", "已派人到现场查看，本周内处理完毕。", 0, 0, 0, at + 4 * day);
		if (rc == YL_OK && stage >= 5) {
			rc = demo_move(db, cid, pid, PACT_RESOLVE, PROBLEM_ANSWERED, PROBLEM_RESOLVED, staff, "李敏", NULL, 0, 0, 0,
			               at + 6 * day);
			if (rc == YL_OK && own)
				rc = demo_move(db, cid, pid, PACT_RATE, PROBLEM_RESOLVED, PROBLEM_RATED, owner, "业主", "处理得很及时，谢谢！", 0,
				               0, 5, at + 7 * day);
		}
	}
	return rc;
}

/* Owners' decisions: last of all, and without the random sequence, so every household, account
 * and problem above stays what it was. One vote closed a month ago with its result (the owners'
 * committee takes over property services: 选聘物业, the majority tier, the whole compound), one
 * open now (an elevator for 1栋, where the demo owner lives and "head" enters paper ballots). */
static enum yl_err
demo_ballots(struct db *db, int64_t cid, const struct decision *d, const int64_t *voters, size_t n, size_t every,
             int64_t staff, int64_t head, int64_t at, int64_t skip)
{
	enum yl_err rc = YL_OK;
	for (size_t i = 0; rc == YL_OK && i < n; i++) {
		if (i % every == 1 || voters[i] == skip)
			continue; /* these owners did not vote */
		struct ballot b = {.voter = voters[i], .channel = i % 3 == 0 ? BCH_PAPER : BCH_ONLINE,
		                   .choice = i % 10 < 7 ? BC_YES : i % 10 < 9 ? BC_NO : BC_ABSTAIN};
		char serial[16];
		if (b.channel == BCH_PAPER) {
			snprintf(serial, sizeof serial, "ZN-%04d", (int)(i % 10000) + 1);
			b.serial = serial;
			b.signer = "业主本人";
			b.account_id = d->building_id ? head : staff;
		} else {
			b.account_id = staff; /* the owners' own accounts are not in the demo: staff stands in */
		}
		int64_t bid, replaced;
		rc = store_ballot_cast(db, cid, d, &b, false, at + (int64_t)i * 60, &bid, &replaced);
		if (rc == YL_OK)
			rc = audit(db, cid, "ballot.cast", "ballot", bid,
			           json_pack("{s:I, s:I, s:s, s:s}", "decision_id", (json_int_t)d->id, "voter", (json_int_t)b.voter,
			                     "channel", ballot_channel_names[b.channel], "choice", ballot_choice_names[b.choice]));
	}
	return rc;
}

static enum yl_err
demo_decision(struct db *db, struct arena *a, int64_t cid, const struct decision_new *dn, int64_t published,
              int64_t opened, int64_t closed, size_t every, int64_t staff, int64_t head, int64_t owner)
{
	int64_t id, units;
	struct count total;
	enum yl_err rc = store_decision_create(db, cid, dn, &id);
	if (rc == YL_OK)
		rc = audit(db, cid, "decision.create", "decision", id, json_pack("{s:s}", "title", dn->title));
	if (rc == YL_OK)
		rc = store_decision_publish(db, cid, id, published, &total, &units);
	if (rc == YL_OK)
		rc = audit(db, cid, "decision.publish", "decision", id, json_pack("{s:I}", "roll_owners", (json_int_t)total.owners));
	if (rc == YL_OK)
		rc = store_decision_move(db, cid, id, DST_PUBLISHED, DST_OPEN, opened);
	if (rc == YL_OK)
		rc = audit(db, cid, "decision.open", "decision", id, NULL);
	struct decision d;
	if (rc == YL_OK)
		rc = store_decision_get(db, a, cid, id, &d);
	int64_t *voters = arena_alloc(a, (size_t)(total.owners + 1) * sizeof *voters);
	size_t n = 0;
	if (rc == YL_OK)
		rc = store_decision_voters(db, cid, id, voters, (size_t)total.owners, &n);
	/* the developer-held units' voter (-1) is first: the former work unit voted on paper. The
	 * demo owner has not voted yet on the open one. */
	int64_t mine[4], skip = 0;
	size_t nm = 0;
	if (rc == YL_OK && !closed && store_account_owners(db, cid, owner, mine, 4, &nm) == YL_OK && nm)
		store_decision_voter_of_owner(db, cid, id, mine[0], &skip);
	if (rc == YL_OK)
		rc = demo_ballots(db, cid, &d, voters, n, every, staff, head, opened + 3600, skip);
	if (rc == YL_OK && closed) {
		rc = store_decision_move(db, cid, id, DST_OPEN, DST_CLOSED, closed);
		if (rc == YL_OK)
			rc = audit(db, cid, "decision.close", "decision", id, NULL);
		if (rc == YL_OK)
			rc = store_decision_move(db, cid, id, DST_CLOSED, DST_ANNOUNCED, closed + 86400);
		if (rc == YL_OK)
			rc = audit(db, cid, "decision.announce", "decision", id, NULL);
	}
	return rc;
}

static enum yl_err
demo_decisions(struct db *db, struct arena *a, int64_t cid, const struct building *bs, size_t nb, int64_t staff,
               int64_t head, int64_t owner)
{
	int64_t now = db_now(), day = 86400;
	struct decision_new fee = {
		.title = "选聘物业服务：由业主委员会自治管理，物业费每月每平方米0.45元",
		.body = "原物业服务合同到期。业主委员会提议自行管理小区物业服务，物业费按专有面积每月每平方米0.45元收取，"
		        "收支每月公示。",
		.matter = MATTER_MANAGER, .scope = DSC_COMMUNITY, .created_by = staff, .now = now - 70 * day};
	enum yl_err rc = demo_decision(db, a, cid, &fee, now - 70 * day, now - 50 * day, now - 36 * day, 5, staff, head, owner);
	if (rc != YL_OK || nb == 0)
		return rc;
	struct decision_new lift = {
		.title = "1栋加装电梯",
		.body = "在1栋北侧每个单元加装一部电梯。政府补贴每部20万元，其余按楼层系数和面积分摊，一楼不分摊。",
		.matter = MATTER_REBUILD, .scope = DSC_BUILDING, .building_id = bs[0].id, .allow_change = true,
		.closes_on = now + 10 * day, .created_by = staff, .now = now - 25 * day};
	return demo_decision(db, a, cid, &lift, now - 20 * day, now - 3 * day, 0, 2, staff, head, owner);
}

/* The renovation plan: version 1 published for consultation two weeks ago, version 2 (roads
 * dearer, a smart gate added) published a week ago and open until a month from now; the
 * elevator item linked to the owners' vote on it. Last, like the decisions it links to. */
static enum yl_err
demo_item(struct db *db, int64_t cid, int64_t plan, const char *title, const char *what, enum item_class c,
          bool mandatory, bool owners_decide, int64_t building, int64_t cost, const int64_t funding[FUND__COUNT],
          enum share_rule rule, int64_t *key)
{
	struct plan_item_row r = {.scope = building ? ISC_BUILDING : ISC_COMMUNITY, .building_id = building, .place = ""};
	r.it.title = title;
	r.it.description = what;
	r.it.klass = c;
	r.it.mandatory = mandatory;
	r.it.owners_decide = owners_decide;
	r.it.cost = cost;
	r.it.share_rule = rule;
	memcpy(r.it.funding, funding, sizeof r.it.funding);
	r.it.key = *key; /* 0: a new item, whose key comes back in *key */
	enum yl_err rc = store_plan_item_put(db, cid, plan, &r, key);
	if (rc != YL_OK)
		return rc;
	return audit(db, cid, r.it.key ? "plan.item.change" : "plan.item.add", "plan", plan,
	             json_pack("{s:I, s:s}", "key", (json_int_t)*key, "title", title));
}

static enum yl_err
demo_opinion(struct db *db, struct arena *a, int64_t cid, int64_t plan, int64_t version, int64_t key,
             enum opinion_stance stance, enum opinion_source source, enum opinion_channel channel, const char *author,
             const char *body, int64_t by, int64_t at, enum opinion_answer answer, const char *reply, int64_t staff)
{
	struct plan_version v;
	enum yl_err rc = store_plan_version(db, a, cid, plan, version, &v);
	struct opinion_new o = {.plan_id = plan, .version_id = v.id, .item_key = key, .stance = stance, .source = source,
	                        .channel = channel, .body = body, .author_name = author, .account_id = by, .now = at};
	int64_t id = 0;
	if (rc == YL_OK)
		rc = store_opinion_add(db, cid, &o, &id);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.opinion", "plan_opinion", id, json_pack("{s:I, s:I}", "plan_id", (json_int_t)plan,
		                                                                   "item", (json_int_t)key));
	if (rc != YL_OK || answer == OANS_NONE)
		return rc;
	enum opinion_answer was;
	const char *was_body;
	rc = store_opinion_answer(db, a, cid, id, answer, reply, staff, at + 86400, &was, &was_body);
	return rc == YL_OK ? audit(db, cid, "plan.answer", "plan_opinion", id, json_pack("{s:s}", "answer", opinion_answer_names[answer]))
	                   : rc;
}

static enum yl_err
demo_plan(struct db *db, struct arena *a, int64_t cid, const struct building *bs, size_t nb, int64_t staff, int64_t owner)
{
	int64_t now = db_now(), day = 86400, plan, number, k[5] = {0};
	enum yl_err rc = store_plan_create(db, cid, "中南家园老旧小区改造方案",
	                                   "根据邻长入户收集的问题清单和设计单位现场踏勘编制，请各位居民提意见。", staff,
	                                   now - 20 * day, &plan);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.create", "plan", plan, json_pack("{s:s}", "title", "中南家园老旧小区改造方案"));
	const int64_t pipes[FUND__COUNT] = {[FUND_GOVERNMENT] = 100000000, [FUND_UTILITY] = 20000000};
	const int64_t roads[FUND__COUNT] = {[FUND_GOVERNMENT] = 30000000};
	const int64_t lift[FUND__COUNT] = {[FUND_GOVERNMENT] = 20000000, [FUND_RESIDENTS] = 40000000};
	const int64_t canteen[FUND__COUNT] = {[FUND_STATIONED] = 10000000, [FUND_SOCIAL] = 5000000};
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "雨污分流改造", "小区雨水、污水管道分开重铺，更换破损化粪池。", ITEM_BASIC, true, false,
		               0, 120000000, pipes, SHARE_AREA, &k[0]);
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "道路修补", "主干道和宅间路重铺沥青，修补人行道。", ITEM_BASIC, true, false, 0,
		               30000000, roads, SHARE_AREA, &k[1]);
	if (rc == YL_OK && nb > 0)
		rc = demo_item(db, cid, plan, "1栋加装电梯", "1栋北侧每个单元加装一部电梯，一楼不分摊。", ITEM_IMPROVEMENT, false,
		               true, bs[0].id, 60000000, lift, SHARE_ELEVATOR, &k[2]);
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "老年食堂", "利用原锅炉房改建老年食堂，驻区单位和社会资本出资。", ITEM_ENHANCEMENT, false,
		               false, 0, 15000000, canteen, SHARE_AREA, &k[3]);
	if (rc == YL_OK)
		rc = store_plan_publish(db, cid, plan, "", now - 7 * day - 1, staff, now - 14 * day, &number);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.publish", "plan", plan, json_pack("{s:I}", "version", (json_int_t)number));
	/* what residents said of version 1, and staff's public answers, which version 2 took up */
	if (rc == YL_OK)
		rc = demo_opinion(db, a, cid, plan, 1, k[1], OST_SUGGEST, OSRC_OWNER, OCH_ONLINE, "",
		                  "道路请加无障碍坡道，推轮椅、买菜车都不方便。", owner, now - 12 * day, OANS_ADOPTED,
		                  "采纳：第2版道路修补加设无障碍坡道。", staff);
	if (rc == YL_OK && k[2])
		rc = demo_opinion(db, a, cid, plan, 1, k[2], OST_SUPPORT, OSRC_OWNER, OCH_PAPER, "王奶奶", "腿脚不好，盼着装电梯。",
		                  staff, now - 11 * day, OANS_EXPLAINED, "电梯是否加装由1栋业主共同决定，表决已经开始。", staff);
	if (rc == YL_OK)
		rc = demo_opinion(db, a, cid, plan, 1, 0, OST_SUGGEST, OSRC_OWNER, OCH_ONLINE, "",
		                  "大门口经常有外来车辆停放，能不能装个门禁？", owner, now - 10 * day, OANS_ADOPTED,
		                  "采纳：第2版新增智能门禁。", staff);
	if (rc == YL_OK)
		rc = store_plan_new_draft(db, cid, plan, staff, now - 8 * day, &number);
	const int64_t roads2[FUND__COUNT] = {[FUND_GOVERNMENT] = 30000000, [FUND_MAINTENANCE] = 6000000};
	const int64_t gate[FUND__COUNT] = {[FUND_GOVERNMENT] = 8000000};
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "道路修补", "主干道和宅间路重铺沥青，修补人行道，加设无障碍坡道。", ITEM_BASIC, true,
		               false, 0, 36000000, roads2, SHARE_AREA, &k[1]);
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "智能门禁", "南北两个大门加装门禁和监控。", ITEM_ENHANCEMENT, true, false, 0, 8000000,
		               gate, SHARE_AREA, &k[4]);
	if (rc == YL_OK)
		rc = store_plan_publish(db, cid, plan, "按居民意见：道路加设无障碍坡道（维修资金出6万元）；新增智能门禁。",
		                        now + 30 * day, staff, now - 7 * day, &number);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.publish", "plan", plan, json_pack("{s:I}", "version", (json_int_t)number));
	if (rc == YL_OK)
		rc = demo_opinion(db, a, cid, plan, 2, k[0], OST_SUGGEST, OSRC_EXPERT, OCH_PAPER, "刘工（市政设计院）",
		                  "雨污分流施工时请一并检查化粪池容量，老小区普遍偏小。", staff, now - 5 * day, OANS_NONE, "", 0);
	/* the elevator item goes to the owners of 1栋: link it to their vote */
	struct decision *ds;
	size_t n = 0;
	int64_t total;
	if (rc == YL_OK)
		rc = store_decisions(db, a, cid, false, 20, 0, &ds, &n, &total);
	for (size_t i = 0; rc == YL_OK && k[2] && i < n; i++)
		if (strcmp(ds[i].title, "1栋加装电梯") == 0) {
			rc = store_plan_link_decision(db, cid, plan, k[2], ds[i].id, 0, staff, now - 7 * day);
			if (rc == YL_OK)
				rc = audit(db, cid, "plan.item.decision", "plan", plan,
				           json_pack("{s:I, s:I}", "key", (json_int_t)k[2], "decision_id", (json_int_t)ds[i].id));
		}
	return rc;
}

/* The first phase, done last year: a plan adopted as it was published, whose roof work on 1栋
 * is accepted and rated and whose stairwell lights are being fitted, inspected by a supervisor;
 * what was paid on both is demo_work_payments.c's. */
static enum yl_err
demo_work_move(struct db *db, int64_t cid, struct work *w, enum work_state to, int progress, int64_t at)
{
	enum work_state from = w->state;
	w->state = to;
	w->progress = progress;
	enum yl_err rc = store_work_update(db, cid, w, from, at);
	return rc == YL_OK ? audit(db, cid, "work.progress", "work", w->id,
	                             json_pack("{s:s, s:i}", "state", work_state_names[to], "progress", progress))
	                   : rc;
}

static enum yl_err
demo_works(struct db *db, struct arena *a, int64_t cid, const struct building *bs, size_t nb, int64_t staff,
           int64_t owner, int64_t volunteer)
{
	int64_t now = db_now(), day = 86400, plan, number, k[2] = {0}, roof = 0, lights = 0;
	if (nb == 0)
		return YL_OK;
	enum yl_err rc = store_plan_create(db, cid, "中南家园一期改造：屋面防水和楼道照明", "去年居民反映最多的两件事，先行实施。",
	                                   staff, now - 240 * day, &plan);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.create", "plan", plan, json_pack("{s:s}", "title", "中南家园一期改造"));
	const int64_t roof_cost = 30000000, light_cost = 8000000;
	const int64_t roof_fund[FUND__COUNT] = {[FUND_GOVERNMENT] = 24000000, [FUND_MAINTENANCE] = 6000000};
	const int64_t light_fund[FUND__COUNT] = {[FUND_GOVERNMENT] = 6000000, [FUND_STATIONED] = 2000000};
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "1栋屋面防水", "1栋屋面重做防水层，更换落水管。", ITEM_BASIC, true, false, bs[0].id,
		               roof_cost, roof_fund, SHARE_AREA, &k[0]);
	if (rc == YL_OK)
		rc = demo_item(db, cid, plan, "楼道照明", "全部楼道换装声控LED灯。", ITEM_BASIC, true, false, 0, light_cost, light_fund,
		               SHARE_AREA, &k[1]);
	if (rc == YL_OK)
		rc = store_plan_publish(db, cid, plan, "", now - 200 * day, staff, now - 230 * day, &number);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.publish", "plan", plan, json_pack("{s:I}", "version", (json_int_t)number));
	if (rc == YL_OK)
		rc = store_plan_adopt(db, cid, plan, number, now - 190 * day);
	if (rc == YL_OK)
		rc = audit(db, cid, "plan.adopt", "plan", plan, json_pack("{s:I}", "version", (json_int_t)number));

	const struct work_milestone steps[] = {{.title = "材料进场", .due_on = now - 150 * day},
	                                       {.title = "防水层完工", .due_on = now - 120 * day}};
	struct work_new wn = {.plan_id = plan, .item_key = k[0], .contractor = "长沙市宏远防水工程有限公司",
	                      .starts_on = now - 160 * day, .ends_on = now - 110 * day, .by = staff, .now = now - 170 * day,
	                      .milestones = steps, .nmilestones = 2};
	if (rc == YL_OK)
		rc = store_work_create(db, cid, &wn, &roof);
	if (rc == YL_OK)
		rc = audit(db, cid, "work.create", "work", roof, json_pack("{s:I}", "item", (json_int_t)k[0]));
	struct work w;
	if (rc == YL_OK)
		rc = store_work_get(db, a, cid, roof, &w);
	if (rc == YL_OK)
		rc = demo_work_move(db, cid, &w, WS_UNDERWAY, 40, now - 150 * day);
	if (rc == YL_OK)
		rc = demo_work_move(db, cid, &w, WS_COMPLETED, 100, now - 115 * day);
	if (rc == YL_OK)
		rc = store_work_accept(db, cid, roof, staff, "防水层闭水试验48小时无渗漏，验收合格。", now - 100 * day);
	if (rc == YL_OK)
		rc = audit(db, cid, "work.accept", "work", roof, NULL);
	if (rc == YL_OK)
		rc = store_work_rate(db, cid, roof, owner, 5, "下雨天顶楼再也不漏了。", now - 90 * day, NULL);
	if (rc == YL_OK)
		rc = audit(db, cid, "work.rate", "work", roof, json_pack("{s:i}", "rating", 5));

	struct work_new ln = {.plan_id = plan, .item_key = k[1], .contractor = "湖南明亮电气安装有限公司",
	                      .starts_on = now - 30 * day, .ends_on = now + 30 * day, .by = staff, .now = now - 40 * day};
	if (rc == YL_OK)
		rc = store_work_create(db, cid, &ln, &lights);
	if (rc == YL_OK)
		rc = audit(db, cid, "work.create", "work", lights, json_pack("{s:I}", "item", (json_int_t)k[1]));
	if (rc == YL_OK)
		rc = store_work_get(db, a, cid, lights, &w);
	if (rc == YL_OK)
		rc = demo_work_move(db, cid, &w, WS_UNDERWAY, 60, now - 5 * day);
	struct inspection in = {.work_id = lights, .inspected_on = now - 3 * day, .severity = SEV_MINOR,
	                        .findings = "3栋2单元三楼灯具未固定牢，已告知施工方当天整改。", .account_id = volunteer,
	                        .created_at = now - 3 * day};
	int64_t iid;
	if (rc == YL_OK)
		rc = store_inspection_add(db, cid, &in, &iid);
	if (rc == YL_OK)
		rc = audit(db, cid, "inspection.record", "inspection", iid,
		           json_pack("{s:I, s:s}", "work_id", (json_int_t)lights, "severity", "minor"));
	if (rc == YL_OK) /* issue 11: what was paid on them */
		rc = demo_work_payments(db, cid, staff, roof, roof_cost, lights, light_cost);
	return rc;
}

/* The 60 Party members reporting in (60+ acted as publicists, advisors, mediators and supervisors):
 * confirmed, each with a duty in turn and one or two buildings near each other, in their own
 * words; "volunteer" (刘志明) supervises and mediates for 1栋 and 2栋. Two residents' registrations
 * wait for staff, and Party members are asked for 20 hours a year. Nothing here draws on the
 * random sequence, so what comes before stays as it was. */
static enum yl_err
demo_volunteers(struct db *db, struct arena *a, int64_t cid, const struct building *bs, size_t nb, int64_t staff)
{
	static const char *const duties[] = {"publicist", "advisor", "mediator", "supervisor"};
	static const char *const branches[] = {"第一", "第二", "第三", "第四", "第五"};
	static const char *const words[] = {
		"楼里的事我先跑一趟，大家的意见我一条条带到社区。",
		"施工期间每周巡查一次，发现问题当天反映。",
		"邻里有矛盾找我，我愿意坐下来慢慢说和。",
		"通知一户不落送到门口，看不清的我念给您听。",
		"我是老党员，改造的事多出主意、少添麻烦。",
		"每月陪独居老人聊一次天，帮着办点小事。",
	};
	struct volunteer_role *roles;
	size_t nroles;
	enum yl_err rc = store_volunteer_roles(db, a, cid, &roles, &nroles);
	int64_t role_id[4] = {0};
	for (size_t i = 0; rc == YL_OK && i < nroles; i++)
		for (size_t k = 0; k < 4; k++)
			if (strcmp(roles[i].code, duties[k]) == 0)
				role_id[k] = roles[i].id;
	int64_t now = db_now();
	for (int i = 1; rc == YL_OK && i <= 62; i++) {
		bool pending = i > 60;
		struct account acc;
		rc = store_account_by_name(db, a, i == 1 ? "volunteer" : pending ? (i == 61 ? "committee4" : "committee5")
		                                                                  : arena_printf(a, "volunteer%02d", i), &acc);
		if (rc != YL_OK)
			break;
		struct volunteer_new v = {
			.account_id = acc.id,
			.name = acc.display_name,
			.phone = arena_printf(a, "139%08d", 73100000 + i),
			.party_member = !pending,
			.party_org = pending ? "" : arena_printf(a, "中南院社区党委%s支部", branches[(i - 1) % 5]),
			.skills = i % 3 == 0 ? "水电维修" : i % 3 == 1 ? "写写画画、出黑板报" : "会说长沙话和普通话，熟悉老邻居",
			.availability = i % 2 ? "工作日上午" : "周末全天",
			.commitment = words[(i - 1) % 6],
			.photo = "",
			.state = pending ? VST_APPLIED : VST_CONFIRMED,
			.by = staff,
			.now = now - (int64_t)(90 - i) * 86400,
		};
		int64_t id = 0;
		bool again;
		rc = store_volunteer_apply(db, cid, &v, &id, &again);
		int64_t duty[2] = {role_id[(i - 1) % 4], role_id[2]};
		size_t nduty = i == 1 ? 2 : 1;
		if (i == 1)
			duty[0] = role_id[3];
		if (rc == YL_OK)
			rc = store_volunteer_set_duties(db, cid, id, duty, nduty);
		size_t first = (size_t)(i - 1) % nb;
		int64_t bids[2] = {bs[first].id, bs[(first + 1) % nb].id};
		if (rc == YL_OK)
			rc = store_volunteer_set_buildings(db, cid, id, bids, i % 2 ? 2 : 1);
		if (rc == YL_OK)
			rc = audit(db, cid, pending ? "volunteer.apply" : "volunteer.enter", "volunteer", id,
			           json_pack("{s:b, s:s}", "party_member", v.party_member, "role", duties[(i - 1) % 4]));
	}
	if (rc == YL_OK)
		rc = store_volunteer_target_set(db, cid, 20);
	if (rc == YL_OK)
		rc = audit(db, cid, "volunteer.target", "community", cid, json_pack("{s:i, s:i}", "from", 0, "hours", 20));
	return rc;
}

/* Small wishes (微心愿): three open (one the head entered on paper for 王奶奶, one staff entered
 * for 李爷爷), and one the demo volunteer adopted and the owner confirmed. The volunteer's
 * registration is made here only when the demo has none for that account. */
static enum yl_err
demo_wishes(struct db *db, int64_t cid, int64_t owner, int64_t head, int64_t staff, int64_t volunteer)
{
	int64_t now = db_now(), day = 86400, unit = 0, wid = 0, vid = 0;
	struct {
		const char *title, *body, *for_name, *building, *stairwell, *room;
		int64_t by, ago;
	} open[] = {
		{"厨房水龙头一直滴水，想请人帮忙换个阀芯", "阀芯我已经买好了，放在门口鞋柜上。", "", "1栋", "1单元", "101", owner, 2},
		{"想请人陪同去社区医院复查血压", "老人腿脚不便，子女在外地，每月要去复查一次。", "王奶奶", "2栋", "1单元", "201", head, 1},
		{"帮忙把旧衣柜搬到楼下", "旧衣柜要捐给回收站，一个人搬不动。", "李爷爷", "5栋", "2单元", "102", staff, 1},
	};
	enum yl_err rc = YL_OK;
	for (size_t i = 0; rc == YL_OK && i < sizeof open / sizeof open[0]; i++) {
		rc = store_unit_by_key(db, cid, open[i].building, open[i].stairwell, open[i].room, &unit);
		struct wish_new w = {.title = open[i].title, .body = open[i].body, .for_name = open[i].for_name,
		                     .unit_id = unit, .paper = *open[i].for_name != '\0', .posted_by = open[i].by,
		                     .now = now - open[i].ago * day};
		if (rc == YL_OK)
			rc = store_wish_create(db, cid, &w, &wid);
		if (rc == YL_OK)
			rc = audit(db, cid, "wish.post", "wish", wid,
			           json_pack("{s:s, s:s, s:I}", "title", w.title, "channel", w.paper ? "paper" : "online", "unit_id",
			                     (json_int_t)unit));
	}
	/* the confirmed one: adopted, done the same afternoon, an hour by the owner's word */
	if (rc == YL_OK)
		rc = store_unit_by_key(db, cid, "1栋", "1单元", "101", &unit);
	struct wish_new done = {.title = "帮忙把一年的旧报纸搬到楼下回收点", .for_name = "", .unit_id = unit,
	                        .posted_by = owner, .now = now - 9 * day};
	if (rc == YL_OK)
		rc = store_wish_create(db, cid, &done, &wid);
	if (rc == YL_OK)
		rc = store_wish_adopter_ensure(db, cid, volunteer, "刘志明", now - 30 * day, &vid);
	if (rc == YL_OK)
		rc = store_wish_adopt(db, cid, wid, vid, now - 8 * day);
	if (rc == YL_OK)
		rc = store_wish_fulfil(db, cid, wid, vid, now - 8 * day + 3 * 3600);
	if (rc == YL_OK)
		rc = store_wish_confirm(db, cid, wid, owner, 60, wish_points(60), now - 7 * day);
	if (rc == YL_OK)
		rc = audit(db, cid, "wish.confirm", "wish", wid,
		           json_pack("{s:I, s:i, s:I}", "volunteer_id", (json_int_t)vid, "minutes", 60, "points",
		                     (json_int_t)wish_points(60)));
	return rc;
}

/* Two stationed units, confirmed: the telecom branch with the "org" login, one offer matched to
 * the demo's tangled-cables problem and delivered, and the district hospital entered by staff. */
static enum yl_err
demo_stationed(struct db *db, struct arena *a, int64_t cid, int64_t org, int64_t staff)
{
	int64_t now = db_now(), day = 86400, tel = 0, hosp = 0, oid = 0;
	struct stationed_unit t = {.name = "中国电信长沙分公司", .contact_name = "陈晓东", .contact_phone = "0731-85550000",
	                           .account_id = org};
	struct stationed_unit h = {.name = "雨花区人民医院", .contact_name = "刘芳", .contact_phone = "0731-85660000"};
	enum yl_err rc = store_stationed_create(db, cid, &t, now - 40 * day, &tel);
	if (rc == YL_OK)
		rc = store_stationed_create(db, cid, &h, now - 35 * day, &hosp);
	for (int i = 0; rc == YL_OK && i < 2; i++) {
		int64_t u = i == 0 ? tel : hosp;
		rc = store_stationed_decide(db, cid, u, SU_CONFIRMED, staff, now - 30 * day);
		if (rc == YL_OK)
			rc = audit(db, cid, "stationed.confirm", "stationed_unit", u,
			           json_pack("{s:s}", "name", i == 0 ? t.name : h.name));
	}
	static const struct {
		int unit;
		const char *title, *body;
	} offers[] = {
		{0, "整理楼道和外墙的废旧网线", "派线路班组清理废旧线缆，重新规整入户线。"},
		{0, "免费检修入户网络", "每月第一个周六上门，老人家优先。"},
		{1, "每季度进小区义诊一次", "测血压血糖、解答用药问题。"},
		{1, "为行动不便的老人上门随访", "由社区提供名单，家庭医生上门。"},
	};
	int64_t first = 0;
	for (size_t i = 0; rc == YL_OK && i < sizeof offers / sizeof offers[0]; i++) {
		rc = store_offer_add(db, cid, offers[i].unit ? hosp : tel, offers[i].title, offers[i].body, now - 30 * day, &oid);
		if (i == 0)
			first = oid;
	}
	/* the cables offer goes to the problem about tangled cables, and was delivered */
	struct problem_filter f = {.state = -1, .open311_status = -1, .q = "网线乱搭", .limit = 1, .now = now};
	struct problem *ps;
	size_t np = 0;
	int64_t total;
	if (rc == YL_OK)
		rc = store_problems(db, a, cid, &f, &ps, &np, &total);
	if (rc == YL_OK && np == 1) {
		rc = store_offer_match(db, cid, first, MATCH_PROBLEM, ps[0].id, 0, staff, now - 20 * day);
		if (rc == YL_OK)
			rc = audit(db, cid, "offer.match", "unit_offer", first,
			           json_pack("{s:s, s:I}", "match_type", "problem", "problem_id", (json_int_t)ps[0].id));
		if (rc == YL_OK)
			rc = store_offer_deliver(db, cid, first, "清理外墙废旧网线约 300 米，规整入户线 48 户", now - 12 * day);
		if (rc == YL_OK)
			rc = audit(db, cid, "offer.deliver", "unit_offer", first,
			           json_pack("{s:s}", "delivered", "清理外墙废旧网线约 300 米，规整入户线 48 户"));
	}
	return rc;
}

/* Activities: supervisors watching the pipe works and publicists taking the plan door to door
 * (both past, attendance confirmed: one publicist did not come), and next week's walk round the
 * compound with places left, which the demo "volunteer" may sign up for. The supervisors and
 * publicists are the demo's own, by their duty. */
static enum yl_err
demo_activity(struct db *db, int64_t cid, const char *title, const char *place, const char *link_type, int64_t link_id,
              int64_t starts, int64_t hours, int64_t role_id, int64_t slots, int64_t staff, int64_t *id)
{
	struct activity act = {.title = title, .body = "", .place = place, .starts_at = starts,
	                       .ends_at = starts + hours * 3600, .duty = *link_type != '\0', .link_type = link_type,
	                       .link_id = link_id, .created_by = staff, .created_at = starts - 7 * 86400};
	struct activity_slot slot = {.role_id = role_id, .slots = slots, .self_signup = true};
	enum yl_err rc = store_activity_create(db, cid, &act, &slot, 1, id);
	return rc == YL_OK ? audit(db, cid, "activity.create", "activity", *id, json_pack("{s:s}", "title", title)) : rc;
}

static enum yl_err
demo_activities(struct db *db, struct arena *a, int64_t cid, int64_t staff)
{
	int64_t now = db_now(), day = 86400, sup = 0, pub = 0, id;
	enum yl_err rc = store_role_id(db, cid, "supervisor", &sup);
	if (rc == YL_OK)
		rc = store_role_id(db, cid, "publicist", &pub);
	/* the volunteers holding each duty, in order */
	struct volunteer_ref *vs;
	size_t nv = 0;
	if (rc == YL_OK)
		rc = store_confirmed_volunteers(db, a, cid, &vs, &nv);
	int64_t sups[4], pubs[5];
	size_t ns = 0, np = 0;
	for (size_t i = 0; rc == YL_OK && i < nv && (ns < 4 || np < 5); i++) {
		if (ns < 4 && store_volunteer_has_role(db, cid, vs[i].id, "supervisor"))
			sups[ns++] = vs[i].id;
		else if (np < 5 && store_volunteer_has_role(db, cid, vs[i].id, "publicist"))
			pubs[np++] = vs[i].id;
	}
	/* the pipe works are the first phase's lights in this demo: the one work under way */
	struct work *ws;
	size_t nw = 0;
	if (rc == YL_OK)
		rc = store_works(db, a, cid, 0, &ws, &nw);
	int64_t work = 0;
	for (size_t i = 0; i < nw; i++)
		if (ws[i].state == WS_UNDERWAY)
			work = ws[i].id;
	int64_t t1 = now - 12 * day, t2 = now - 9 * day;
	if (rc == YL_OK)
		rc = demo_activity(db, cid, "楼道照明施工巡查", "3栋至6栋", work ? "inspection" : "", work, t1, 2, sup, 4, staff, &id);
	for (size_t i = 0; rc == YL_OK && i < ns; i++) {
		int64_t sid;
		rc = store_signup_add(db, cid, id, sups[i], sup, 4, staff, t1 - 3 * day, &sid);
		if (rc == YL_OK)
			rc = store_signup_confirm(db, cid, id, sid, true, 120, 0, staff, t1 + 3 * 3600);
	}
	if (rc == YL_OK)
		rc = demo_activity(db, cid, "入户宣讲改造方案第2版", "1栋至10栋", "notice", 1, t2, 3, pub, 5, staff, &id);
	for (size_t i = 0; rc == YL_OK && i < np; i++) {
		int64_t sid;
		rc = store_signup_add(db, cid, id, pubs[i], pub, 5, staff, t2 - 3 * day, &sid);
		bool came = i != np - 1; /* the last did not come: a no-show on their record */
		if (rc == YL_OK)
			rc = store_signup_confirm(db, cid, id, sid, came, came ? 180 : 0, came ? 40 : 0, staff, t2 + 4 * 3600);
	}
	if (rc == YL_OK)
		rc = demo_activity(db, cid, "改造工地周边安全巡查", "南门至北门", "", 0, now + 6 * day, 2, 0, 8, staff, &id);
	return rc;
}

enum yl_err
demo_create(struct db *db, const char *password)
{
	struct arena *a = arena_new();
	char pwhash[SECRET_PWHASH_MAX];
	/* One hash serves every demo login: the demo's password is public anyway. */
	if (!secret_password_hash(password, strlen(password), pwhash)) {
		arena_free(a);
		return ERR_INTERNAL;
	}
	int64_t cid = 0, id = 0;
	enum yl_err rc = store_begin(db);
	if (rc == YL_OK)
		rc = store_community_create(db, "中南家园", "雨花区", "圭塘街道", "长沙", "zhongnan", &cid);
	if (rc == YL_OK)
		rc = audit(db, cid, "community.create", "community", cid, json_pack("{s:s}", "name", "中南家园"));

	struct import_result r;
	struct import_summary sum;
	units(a, &r);
	if (rc == YL_OK)
		rc = store_import_apply(db, cid, &r, &demo_actor, &sum);

	/* residents: the owner's household for people, a tenant in about one unit in ten */
	struct unit_filter all = {.status = -1, .limit = 1000};
	for (int64_t off = 0; rc == YL_OK && off < 2156; off += 1000) {
		struct unit *us;
		size_t n;
		int64_t total;
		all.offset = off;
		rc = store_units(db, a, cid, &all, &us, &n, &total);
		for (size_t i = 0; rc == YL_OK && i < n; i++) {
			if (us[i].owner_kind == OWNER_PERSON)
				rc = store_resident_add(db, cid, us[i].id, us[i].owner_name, "", false, 0, NULL);
			if (rc == YL_OK && pick(10) == 0)
				rc = store_resident_add(db, cid, us[i].id, person(a),
				                        arena_printf(a, "13%09u", (unsigned)pick(1000000000)), true, 0, NULL);
		}
	}

	/* people with accounts: the demo logins first, then the rest (no password until they
	 * activate with a code) */
	if (rc == YL_OK)
		rc = account(db, a, "admin", "系统管理员", pwhash, ROLE_ADMIN, cid, &id);
	if (rc == YL_OK)
		rc = account(db, a, "staff", "李敏", pwhash, ROLE_STAFF, cid, &id);
	int64_t staff_id = id, head_id = 0, owner_id = 0;
	for (int i = 2; rc == YL_OK && i <= 3; i++)
		rc = account(db, a, arena_printf(a, "staff%d", i), person(a), NULL, ROLE_STAFF, cid, &id);

	struct building *bs;
	size_t nb = 0;
	if (rc == YL_OK)
		rc = store_buildings(db, a, cid, &bs, &nb);
	/* a head for every building: "head" has 1–3栋, the others two or three buildings each */
	for (size_t b = 0, h = 1; rc == YL_OK && b < nb; h++) {
		size_t span = h == 1 ? 3 : 2 + pick(2);
		const char *name = h == 1 ? "head" : arena_printf(a, "head%zu", h);
		rc = account(db, a, name, h == 1 ? "王建国" : person(a), h == 1 ? pwhash : NULL,
		             ROLE_HEAD, cid, &id);
		if (h == 1)
			head_id = id;
		for (size_t k = 0; rc == YL_OK && k < span && b < nb; k++, b++) {
			rc = store_head_assign(db, cid, id, bs[b].id);
			if (rc == YL_OK)
				rc = audit(db, cid, "head.assign", "building", bs[b].id, json_pack("{s:I}", "account_id", (json_int_t)id));
		}
	}

	/* "owner" acts for the owner of 1栋1单元101 */
	struct unit_filter first = {.building = "1栋", .stairwell = "1单元", .q = "101", .status = -1, .limit = 1};
	struct unit *u1;
	size_t n1 = 0;
	int64_t t1;
	if (rc == YL_OK)
		rc = store_units(db, a, cid, &first, &u1, &n1, &t1);
	if (rc == YL_OK && n1 == 1) {
		rc = account(db, a, "owner", u1[0].owner_name, pwhash, ROLE_OWNER, cid, &id);
		owner_id = id;
		if (rc == YL_OK)
			rc = store_owner_link(db, cid, u1[0].owner_id, id);
	}

	static const char *const committee[] = {"committee", "committee2", "committee3", "committee4", "committee5"};
	int64_t committee_ids[5] = {0};
	/* committee2 logs in too, as the second member who approves an expense (issue 10: books) */
	for (size_t i = 0; rc == YL_OK && i < 5; i++) {
		rc = account(db, a, committee[i], i == 0 ? "陈桂兰" : person(a),
		             i <= 1 ? pwhash : NULL, ROLE_COMMITTEE, cid, &id);
		committee_ids[i] = id;
	}
	int64_t volunteer_id = 0;
	for (int i = 1; rc == YL_OK && i <= 60; i++) {
		rc = account(db, a, i == 1 ? "volunteer" : arena_printf(a, "volunteer%02d", i),
		             i == 1 ? "刘志明" : person(a), i == 1 ? pwhash : NULL, ROLE_VOLUNTEER,
		             cid, &id);
		if (i == 1)
			volunteer_id = id;
	}
	if (rc == YL_OK)
		rc = account(db, a, "parks", "雨花区园林局", pwhash, ROLE_DEPARTMENT, cid, &id);
	int64_t parks_id = id;

	/* the street office's view: its staff member oversees all three compounds, one grant each */
	int64_t cids[1 + sizeof neighbours / sizeof neighbours[0]] = {cid};
	for (size_t i = 0; rc == YL_OK && i < sizeof neighbours / sizeof neighbours[0]; i++)
		rc = neighbour(db, a, &neighbours[i], pwhash, &cids[i + 1]);
	if (rc == YL_OK)
		rc = account(db, a, "district", "周红梅（圭塘街道）", pwhash, ROLE_DISTRICT, cid, &id);
	/* after the neighbours, so their generated households stay what they were */
	if (rc == YL_OK)
		rc = demo_problems(db, a, cid, bs, nb, owner_id, head_id, staff_id, parks_id);
	for (size_t i = 1; rc == YL_OK && i < sizeof cids / sizeof cids[0]; i++) {
		rc = store_role_grant(db, id, ROLE_DISTRICT, cids[i]);
		if (rc == YL_OK)
			rc = audit(db, cids[i], "role.grant", "account", id,
			           json_pack("{s:s, s:I}", "role", "district", "community_id", (json_int_t)cids[i]));
	}
	if (rc == YL_OK)
		rc = demo_decisions(db, a, cid, bs, nb, staff_id, head_id, owner_id);
	if (rc == YL_OK)
		rc = demo_plan(db, a, cid, bs, nb, staff_id, owner_id);
	if (rc == YL_OK)
		rc = demo_works(db, a, cid, bs, nb, staff_id, owner_id, volunteer_id);
	if (rc == YL_OK)
		rc = demo_volunteers(db, a, cid, bs, nb, staff_id);
	/* issue 9: small wishes, and stationed units with the "org" login for the telecom branch */
	if (rc == YL_OK)
		rc = demo_wishes(db, cid, owner_id, head_id, staff_id, volunteer_id);
	int64_t org_id = 0;
	if (rc == YL_OK)
		rc = account(db, a, "org", "中国电信长沙分公司", pwhash, ROLE_ORG, cid, &org_id);
	if (rc == YL_OK)
		rc = demo_stationed(db, a, cid, org_id, staff_id);
	if (rc == YL_OK)
		rc = demo_activities(db, a, cid, staff_id);
	if (rc == YL_OK) /* issue 10: fees */
		rc = demo_fees(db, a, cid, committee_ids[0]);
	if (rc == YL_OK) /* issue 10: payments (after the fees demo's bills) */
		rc = demo_payments(db, a, cid, committee_ids[0]);
	if (rc == YL_OK) /* issue 10: books */
		rc = demo_books(db, a, cid, committee_ids[0], committee_ids[1]);
	if (rc == YL_OK) /* issue 11: a11y — the notice board */
		rc = demo_notices(db, cid, staff_id);
	rc = store_end(db, rc);
	arena_free(a);
	return rc;
}

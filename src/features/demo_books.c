/* demo_books.c: the demo compound's books (issue 10, "books") — the opening balance handed over
 * three months ago, each month's running costs with a voucher photo, parking income and one
 * advertising income, a repair approved by a second member, one expense still waiting, and the
 * three past months disclosed. Called last by demo_create, after the fee bills and payments, so
 * the disclosures close months whose payments exist. Deterministic but for the dates, which
 * follow the clock (YUANLI_NOW pins it). */
#include "demo.h"
#include "../core/arena.h"
#include "../core/image.h"
#include "../core/ledger.h"
#include "../core/period.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/disclosures.h"
#include "../store/expenses.h"
#include "../store/files.h"
#include "../store/ledger.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define DAY INT64_C(86400)

/* PNG without a compressor: CRC-32 bit by bit (a few hundred bytes, once per demo) */
static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int b = 0; b < 8; b++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xFFFFFFFFu;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A chunk at out: length, type, data, CRC; returns its size. */
static size_t
chunk(unsigned char *out, const char type[4], const unsigned char *data, size_t n)
{
	put32(out, (uint32_t)n);
	memcpy(out + 4, type, 4);
	if (n)
		memcpy(out + 8, data, n);
	put32(out + 8 + n, crc32_of(out + 4, n + 4));
	return n + 12;
}

#define VW 48
#define VH 32
#define ROW (1 + 3 * VW)

/* A small receipt-coloured PNG (VW × VH, RGB) with a band of the given colour: the demo's voucher
 * "photo". Writes into out (room for it: 8 + 25 + IDAT + 12) and returns the size. */
static size_t
voucher_png(unsigned char *out, unsigned char r, unsigned char g, unsigned char b)
{
	static unsigned char raw[VH * ROW];
	for (int y = 0; y < VH; y++) {
		unsigned char *row = raw + y * ROW;
		row[0] = 0; /* filter none */
		for (int x = 0; x < VW; x++) {
			bool band = y >= 4 && y < 10, line = y > 12 && y % 4 == 0 && x > 4 && x < VW - 5;
			row[1 + 3 * x] = band ? r : line ? 120 : 250;
			row[2 + 3 * x] = band ? g : line ? 120 : 246;
			row[3 + 3 * x] = band ? b : line ? 120 : 236;
		}
	}
	/* zlib: header, one stored block, Adler-32 */
	static unsigned char z[2 + 5 + sizeof raw + 4];
	size_t n = sizeof raw, k = 0;
	z[k++] = 0x78;
	z[k++] = 0x01;
	z[k++] = 1; /* final, stored */
	z[k++] = (unsigned char)(n & 0xFF);
	z[k++] = (unsigned char)(n >> 8);
	z[k++] = (unsigned char)(~n & 0xFF);
	z[k++] = (unsigned char)((~n >> 8) & 0xFF);
	memcpy(z + k, raw, n);
	k += n;
	uint32_t s1 = 1, s2 = 0;
	for (size_t i = 0; i < n; i++) {
		s1 = (s1 + raw[i]) % 65521;
		s2 = (s2 + s1) % 65521;
	}
	put32(z + k, s2 << 16 | s1);
	k += 4;
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	unsigned char ihdr[13] = {0};
	put32(ihdr, VW);
	put32(ihdr + 4, VH);
	ihdr[8] = 8; /* bit depth */
	ihdr[9] = 2; /* RGB */
	size_t o = 0;
	memcpy(out, sig, 8);
	o += 8;
	o += chunk(out + o, "IHDR", ihdr, sizeof ihdr);
	o += chunk(out + o, "IDAT", z, k);
	o += chunk(out + o, "IEND", NULL, 0);
	return o;
}

/* Where the demo's vouchers go when no folder was set: where `yuanli serve` looks by default. */
static enum yl_err
voucher_file(struct db *db, enum expense_category c, char name[FILES_NAME_MAX])
{
	if (files_dir() == NULL) {
		char dir[4096];
		if (db_kind(db) == DB_PG)
			snprintf(dir, sizeof dir, "yuanli-files");
		else
			snprintf(dir, sizeof dir, "%s-files", db_where(db));
		if (files_init(dir) < 0)
			return ERR_INTERNAL;
	}
	static const unsigned char tint[EXP__COUNT][3] = {
		{46, 125, 50}, {21, 101, 192}, {104, 159, 56}, {198, 40, 40},
		{249, 168, 37}, {94, 53, 177}, {96, 125, 139}, {121, 85, 72}};
	static unsigned char png[8 + 25 + 12 + 2 + 5 + VH * ROW + 4 + 12];
	size_t n = voucher_png(png, tint[c][0], tint[c][1], tint[c][2]);
	return files_put(png, n, "png", name);
}

struct books {
	struct db *db;
	struct arena *a;
	int64_t cid, by, by2, now;
	struct audit_actor who, who2;
};

static enum yl_err
post(struct books *b, int month, enum entry_kind kind, const char *ref_type, int64_t ref, enum account dr,
     enum account cr, int64_t amount, int64_t *entry)
{
	struct ledger_line l[2] = {{dr, amount, 0}, {cr, 0, amount}};
	struct entry_new e = {month, kind, ref_type, ref, "", b->by, b->now};
	return store_ledger_post(b->db, b->cid, &e, l, 2, entry);
}

/* An expense spent at `at`, recorded by the committee; decided by committee2 when above the
 * threshold and approve2 is set, left pending otherwise. */
static enum yl_err
expense(struct books *b, int64_t threshold, enum expense_category c, int64_t amount, const char *payee,
        const char *what, enum pay_method m, int64_t at, bool approve2)
{
	struct expense x = {.amount = amount, .category = c, .payee = payee, .description = what, .method = m,
	                    .spent_at = at, .voucher_mime = "image/png", .recorded_by = b->by, .recorded_at = at};
	char name[FILES_NAME_MAX];
	enum yl_err rc = voucher_file(b->db, c, name);
	x.voucher = name;
	bool at_once = amount <= threshold;
	x.state = at_once ? XS_APPROVED : XS_PENDING;
	int64_t id = 0, entry = 0;
	if (rc == YL_OK)
		rc = store_expense_create(b->db, b->cid, &x, &id);
	if (rc == YL_OK)
		rc = store_audit_append(b->db, b->cid, &b->who, "expense.record", "expense", id, NULL);
	if (rc == YL_OK && !at_once && approve2) {
		rc = store_expense_decide(b->db, b->cid, id, XS_APPROVED, b->by2, "已核对发票", at + DAY);
		if (rc == YL_OK)
			rc = store_audit_append(b->db, b->cid, &b->who2, "expense.approve", "expense", id, NULL);
	}
	if (rc == YL_OK && (at_once || approve2))
		rc = post(b, month_of(at), EK_EXPENSE, "expense", id, ledger_expense_account(c), ledger_money_account(m),
		          amount, &entry);
	if (rc == YL_OK && entry)
		rc = store_expense_entry(b->db, b->cid, id, entry);
	return rc;
}

static enum yl_err
income(struct books *b, enum income_category c, int64_t amount, const char *source, int64_t at)
{
	struct income in = {.category = c, .amount = amount, .source = source, .method = PAY_BANK,
	                    .received_at = at, .recorded_by = b->by, .recorded_at = at};
	int64_t id = 0, entry = 0;
	enum yl_err rc = store_income_create(b->db, b->cid, &in, &id);
	if (rc == YL_OK)
		rc = post(b, month_of(at), EK_INCOME, "income", id, ACC_BANK, ledger_income_account(c), amount, &entry);
	if (rc == YL_OK)
		rc = store_income_entry(b->db, b->cid, id, entry);
	if (rc == YL_OK)
		rc = store_audit_append(b->db, b->cid, &b->who, "income.record", "income", id, NULL);
	return rc;
}

/* Day d (1-based) of month m at 10:00 Beijing, but never after now. */
static int64_t
day_of(const struct books *b, int m, int d)
{
	int64_t t = month_start(m) + (d - 1) * DAY + 10 * 3600;
	return t < b->now ? t : b->now - 60;
}

static enum yl_err
month_books(struct books *b, int64_t threshold, int m, int k)
{
	char label[32];
	month_format(m, label);
	const char *mm = label + 5; /* "11" */
	enum yl_err rc = expense(b, threshold, EXP_CLEANING, 220000, "保洁员 张秀英", arena_printf(b->a, "%s月保洁工资", mm),
	                         PAY_BANK, day_of(b, m, 5), false);
	if (rc == YL_OK)
		rc = expense(b, threshold, EXP_CLEANING, 220000, "保洁员 李桂芳", arena_printf(b->a, "%s月保洁工资", mm), PAY_BANK,
		             day_of(b, m, 5), false);
	if (rc == YL_OK)
		rc = expense(b, threshold, EXP_SECURITY, 240000, "门卫 赵德胜", arena_printf(b->a, "%s月门卫工资", mm), PAY_BANK,
		             day_of(b, m, 5), false);
	if (rc == YL_OK)
		rc = expense(b, threshold, EXP_GREENING, 60000, "雨花区绿之源园艺店", "花木修剪、补种", PAY_WECHAT, day_of(b, m, 12),
		             false);
	if (rc == YL_OK)
		rc = expense(b, threshold, EXP_UTILITIES, 108000 + 1500 * k, "国网长沙供电公司", "楼道照明和水泵电费", PAY_BANK,
		             day_of(b, m, 20), false);
	if (rc == YL_OK)
		rc = income(b, INC_PARKING, 320000, arena_printf(b->a, "地面停车位 %s月", mm), day_of(b, m, 10));
	return rc;
}

enum yl_err
demo_books(struct db *db, struct arena *a, int64_t cid, int64_t committee_id, int64_t committee2_id)
{
	struct books b = {db, a, cid, committee_id, committee2_id, db_now(), {committee_id, "committee"},
	                  {committee2_id, "committee2"}};
	int cur = month_of(b.now), start = month_add(cur, -3);
	/* the demo's threshold: the monthly wages (2,200–2,400 yuan) are booked at once, a repair of
	 * several thousand needs the second member */
	struct finance_settings fs = {300000, 1};
	enum yl_err rc = store_finance_settings_set(db, cid, &fs);
	int64_t entry = 0;
	struct ledger_line open[3] = {{ACC_CASH, 800000, 0}, {ACC_BANK, 12650000, 0}, {ACC_OPENING, 0, 13450000}};
	struct entry_new e = {start, EK_OPENING, "", 0, "业委会接管时移交", committee_id, b.now};
	if (rc == YL_OK)
		rc = store_ledger_post(db, cid, &e, open, 3, &entry);
	if (rc == YL_OK)
		rc = store_audit_append(db, cid, &b.who, "finance.opening", "journal_entry", entry, NULL);
	for (int k = 0; rc == YL_OK && k <= 3; k++)
		rc = month_books(&b, fs.threshold, month_add(start, k), k);
	if (rc == YL_OK)
		rc = income(&b, INC_ADVERTISING, 600000, "电梯轿厢广告位（一年）", day_of(&b, month_add(start, 1), 15));
	if (rc == YL_OK)
		rc = expense(&b, fs.threshold, EXP_REPAIRS, 480000, "长沙市安居维修队", "3栋、5栋楼道灯和声控开关更换",
		             PAY_BANK, day_of(&b, month_add(start, 1), 18), true);
	if (rc == YL_OK)
		rc = expense(&b, fs.threshold, EXP_REPAIRS, 360000, "长沙市安居维修队", "2栋屋面防水局部修补", PAY_BANK,
		             day_of(&b, cur, 2), false);
	/* the three past months, published in order: each closes its month */
	for (int k = 0; rc == YL_OK && k < 3; k++) {
		struct audit_head ah;
		rc = store_audit_head(db, cid, &ah);
		struct disclosure d = {month_add(start, k), 1, committee_id, month_start(month_add(start, k + 1)) + 3 * DAY,
		                       "", ah.hash};
		if (rc == YL_OK)
			rc = store_disclosure_create(db, cid, &d);
		if (rc == YL_OK) {
			char per[8];
			month_format(d.first_month, per);
			json_t *j = json_pack("{s:s, s:s}", "period", per, "audit_head", ah.hash);
			rc = store_audit_append(db, cid, &b.who, "disclosure.publish", "community", cid, j);
			json_decref(j);
		}
	}
	return rc;
}

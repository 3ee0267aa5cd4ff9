// payments.test.mjs: fee payments (issue 10). The committee records a payment for a unit; it pays
// the oldest unpaid bills first, part of a bill if need be, gets a receipt number "YYYY-NNNNNN"
// that never repeats (also under a burst of concurrent payments) and a balanced journal entry
// Dr cash|bank / Cr receivable. More than the unit owes is refused (409 overpayment, saying how
// much is owed), as is a payment dated in a month closed by a published disclosure (409
// period_closed) and every bad field (422); none of them changes anything. A reversal (冲正) is a
// new negative payment with a reason that leaves the original row as it was and restores what is
// owed; it is made once, and a reversal is not reversed. Owners read their own units' bills and
// receipts, nobody else's; the arrears list ages each bill's unpaid rest (0–3, 3–6, 6–12, 12+
// months). The bills themselves are the fees slice's work: here they are written with SQL, each
// with its billing run and a balanced journal entry (and its month sums, as posting keeps them).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, client, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count, shanghaiDate } from './lib/problems.mjs';
import { clearBooks, addToMonthSums, collectionsOf, keptCollections } from './lib/books.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

/** YYYYMM of the Shanghai month `back` months before the one holding UTC second t. */
function monthBack(t, back) {
  const d = new Date((t + 8 * 3600) * 1000);
  const m = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return Math.floor(m / 12) * 100 + (m % 12) + 1;
}
const monthText = (m) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;
const fen = (yuan) => Math.round(Number(yuan) * 100);

describe('fee payments: record, receipt, reverse, arrears, own bills', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  let committeeId;
  const unitOf = {}; // "1栋1单元101" -> id

  /** One bill of `total` fen for the unit's month, with its billing run and journal entry. */
  async function bill(unitId, month, total) {
    const one = async (q) => (await sql(base.db, q)).trim();
    const entry = await one(`INSERT INTO journal_entries (community_id, month, kind, ref_type, ref_id, memo, created_by, created_at) ` +
      `VALUES (1, ${month}, 'billing', 'billing_run', 0, 'test', ${committeeId}, 0) RETURNING id`);
    await sql(base.db, `INSERT INTO journal_lines (community_id, entry_id, position, account, debit, credit) VALUES ` +
      `(1, ${entry}, 1, 'receivable', ${total}, 0), (1, ${entry}, 2, 'fee_income', 0, ${total})`);
    await sql(base.db, addToMonthSums(1, entry));
    const run = await one(`INSERT INTO billing_runs (community_id, first_month, months, bills, total, entry_id, created_by, created_at) ` +
      `VALUES (1, ${month}, 1, 1, ${total}, ${entry}, ${committeeId}, 0) RETURNING id`);
    const id = Number(await one(`INSERT INTO bills (community_id, unit_id, run_id, first_month, last_month, area, price_months, ` +
      `area_fee, fixed_fee, relief, total, created_at) VALUES (1, ${unitId}, ${run}, ${month}, ${month}, 6350, 45, ${total}, 0, 0, ` +
      `${total}, 0) RETURNING id`));
    // the run's bills are read as its stretch of ids, as store_billing_run records it (schema/018)
    await sql(base.db, `UPDATE billing_runs SET first_bill = ${id}, last_bill = ${id} WHERE id = ${run}`);
    return id;
  }
  async function unitId(name) {
    const m = /^(\d+栋)(\d+单元)(\d+)$/.exec(name);
    const id = await count(base.db, `SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id JOIN stairwells s ` +
      `ON s.id = u.stairwell_id WHERE u.community_id = 1 AND b.name = '${m[1]}' AND s.name = '${m[2]}' AND u.room = '${m[3]}'`);
    assert.ok(id > 0, `no unit ${name}`);
    unitOf[name] = id;
    return id;
  }
  // Everything a refused write could have touched.
  const state = async () => (await sql(base.db, 'SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM payments), ' +
    '(SELECT count(*) FROM payment_allocations), (SELECT count(*) FROM journal_entries), (SELECT count(*) FROM journal_lines), ' +
    "(SELECT coalesce(sum(last), 0) FROM receipt_counters)")).trim();
  const unchanged = unchangedBy(state);
  const pay = (body) => a.committee.post('/api/v1/communities/1/payments', body);
  const owed = async (id) => (await a.committee.get(`/api/v1/units/${id}/bills`)).json.owed;

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    await clearBooks(base.db, { bills: true }); // the demo's bills and payments are not this test's
    const r = await yuanli(['user', 'add', 'pay-owner2', '--grant', 'owner@1', '--db', base.db],
      { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
    assert.equal(r.code, 0, r.stderr);
    committeeId = await count(base.db, "SELECT id FROM accounts WHERE name = 'committee'");
    // pay-owner2 owns one unit of 5栋 (an owner other than 1栋1单元101's), never billed here
    await sql(base.db, "INSERT INTO owner_accounts (community_id, owner_id, account_id) SELECT 1, u.owner_id, " +
      "(SELECT id FROM accounts WHERE name = 'pay-owner2') FROM units u JOIN buildings b ON b.id = u.building_id " +
      "WHERE u.community_id = 1 AND b.name = '5栋' AND u.owner_id <> (SELECT owner_id FROM owner_accounts WHERE " +
      "account_id = (SELECT id FROM accounts WHERE name = 'owner')) ORDER BY u.id LIMIT 1");
    await Promise.all(['committee', 'staff', 'owner', 'head', 'pay-owner2'].map(async (u) => {
      a[u] = api(srv.url, await tokenFor(srv, u));
    }));
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  let first; // the first payment of 1栋1单元101: {id, receipt_no}
  let bills101; // its bills, oldest first

  test('a payment pays the oldest bills first, part of one if need be, with a receipt number and a journal entry', async () => {
    const u = await unitId('1栋1单元101');
    bills101 = [await bill(u, monthBack(base.now, 2), 10000), await bill(u, monthBack(base.now, 1), 13500),
      await bill(u, monthBack(base.now, 0), 13500)];
    assert.equal(await owed(u), '370.00');
    const r = await pay({ unit: '1栋1单元101', amount: '150.00', method: 'cash', payer: '曹振华' });
    assert.equal(r.status, 201, r.text);
    first = r.json;
    const year = shanghaiDate(base.now).slice(0, 4);
    assert.match(r.json.receipt_no, new RegExp(`^${year}-\\d{6}$`));
    assert.deepEqual(r.json.allocated.map((x) => [x.bill_id, x.amount]), [[bills101[0], '100.00'], [bills101[1], '50.00']]);
    assert.equal(r.json.allocated[0].months, monthText(monthBack(base.now, 2)));
    assert.equal(r.json.owed_after, '220.00');
    // Dr cash / Cr receivable, in the month it was paid, pointing at the payment
    const lines = (await sql(base.db, `SELECT e.kind, e.month, l.account, l.debit, l.credit FROM payments p JOIN journal_entries e ` +
      `ON e.id = p.entry_id JOIN journal_lines l ON l.entry_id = e.id WHERE p.id = ${r.json.id} ORDER BY l.position`)).trim();
    assert.equal(lines, [`payment|${monthBack(base.now, 0)}|cash|15000|0`, `payment|${monthBack(base.now, 0)}|receivable|0|15000`].join('\n'));
    assert.equal(await count(base.db, `SELECT count(*) FROM journal_entries WHERE ref_type = 'payment' AND ref_id = ${r.json.id}`), 1);
    // by its receipt number too: the demo's payments, cleared above, left audit rows under the same ids
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'payment.record' AND object_id = ${r.json.id} ` +
      `AND details LIKE '%${r.json.receipt_no}%'`), 1);

    const got = await a.committee.get(`/api/v1/payments/${r.json.id}`);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.amount, '150.00');
    assert.equal(got.json.amount_in_words, '壹佰伍拾元整');
    assert.equal(got.json.unit, '1栋1单元101');
    assert.equal(got.json.payer, '曹振华');
    assert.equal(got.json.reversed_by, null);
  });

  test('the rest of a partly paid bill, then the next, by WeChat with its transaction number', async () => {
    const r = await pay({ unit_id: unitOf['1栋1单元101'], amount: '85.00', method: 'wechat', reference: '4200001234202611' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.allocated.map((x) => [x.bill_id, x.amount]), [[bills101[1], '85.00']]);
    assert.equal(r.json.owed_after, '135.00');
    const [no1, no2] = [first.receipt_no, r.json.receipt_no].map((n) => Number(n.slice(5)));
    assert.equal(no2, no1 + 1, 'receipt numbers follow each other');
    const money = (await sql(base.db, `SELECT l.account FROM payments p JOIN journal_lines l ON l.entry_id = p.entry_id ` +
      `WHERE p.id = ${r.json.id} AND l.debit > 0`)).trim();
    assert.equal(money, 'bank', 'WeChat settles into the bank account');
  });

  test('more than is owed is refused, saying how much is owed; nothing owed the same; nothing changes', async () => {
    const u = await unitId('1栋1单元102');
    await bill(u, monthBack(base.now, 1), 13500);
    await bill(u, monthBack(base.now, 0), 13500);
    const r = await unchanged(() => pay({ unit: '1栋1单元102', amount: '270.01', method: 'cash' }), 'overpayment');
    refusedWith(r, 409, 'overpayment', 'amount');
    assert.match(r.json.error.message, /270\.00/);
    // an amount in JSON is a string; 270 and 270.5 as numbers are refused by name
    refusedWith(await unchanged(() => pay({ unit: '1栋1单元102', amount: 270, method: 'cash' }), 'integer'), 422, 'bad_amount', 'amount');
    refusedWith(await unchanged(() => pay({ unit: '1栋1单元102', amount: 270.5, method: 'cash' }), 'float'), 422, 'bad_amount', 'amount');
    const u2 = await unitId('1栋1单元202'); // no bills at all
    refusedWith(await unchanged(() => pay({ unit_id: u2, amount: '1.00', method: 'cash' }), 'nothing owed'), 409, 'overpayment');
    const ok = await pay({ unit: '1栋1单元102', amount: '270.00', method: 'alipay', reference: '2026112022001' });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.owed_after, '0.00');
    refusedWith(await unchanged(() => pay({ unit: '1栋1单元102', amount: '0.01', method: 'cash' }), 'paid up'), 409, 'overpayment');
  });

  test('bad fields are refused with the field named, and change nothing', async () => {
    const good = { unit: '1栋1单元101', amount: '1.00', method: 'cash' };
    const cases = [
      [{ amount: '1.005' }, 'amount'], [{ amount: '0' }, 'amount'], [{ amount: '-5.00' }, 'amount'], [{ amount: '1e3' }, 'amount'],
      [{ amount: undefined }, 'amount'], [{ method: 'paypal' }, 'method'], [{ method: undefined }, 'method'],
      [{ method: 'bank' }, 'reference'], [{ method: 'wechat', reference: '' }, 'reference'],
      [{ paid_on: shanghaiDate(base.now, 1) }, 'paid_on'], [{ paid_on: '2026-02-30' }, 'paid_on'],
      [{ unit: '1栋1单元9999' }, 'unit'], [{ unit: '一栋' }, 'unit'], [{ unit: undefined, unit_id: 99999999 }, 'unit_id'],
      [{ payer: '张'.repeat(41) }, 'payer'],
    ];
    for (const [change, field] of cases) {
      const r = await unchanged(() => pay({ ...good, ...change }), JSON.stringify(change));
      refusedWith(r, 422, undefined, field);
      assert.ok(r.json.error.message, 'a message says what is wrong');
    }
    const zh = await unchanged(() => pay({ ...good, method: 'bank' }), 'bank');
    assert.match(zh.json.error.message, /单号/);
    // an owner, staff and a head may not record a payment
    for (const who of ['owner', 'staff', 'head'])
      refusedWith(await unchanged(() => a[who].post('/api/v1/communities/1/payments', good), who), 403, 'forbidden');
  });

  test('a reversal is a new negative payment with a reason; the original stays as it was; once only', async () => {
    const u = unitOf['1栋1单元101'];
    const row = () => sql(base.db, `SELECT * FROM payments WHERE id = ${first.id}`);
    const allocs = () => sql(base.db, `SELECT * FROM payment_allocations WHERE payment_id = ${first.id} ORDER BY bill_id`);
    const before = [await row(), await allocs()];
    const owedBefore = await owed(u);
    const url = `/api/v1/payments/${first.id}/reverse`;
    refusedWith(await unchanged(() => a.committee.post(url, {}), 'no reason'), 422, 'required', 'reason');
    refusedWith(await unchanged(() => a.staff.post(url, { reason: '重复录入' }), 'staff'), 403);
    const r = await a.committee.post(url, { reason: '重复录入' });
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.json.receipt_no, first.receipt_no);
    assert.deepEqual(r.json.allocated.map((x) => x.amount), ['-100.00', '-50.00']);
    assert.equal(fen(await owed(u)), fen(owedBefore) + 15000, 'what was paid is owed again');
    assert.deepEqual([await row(), await allocs()], before, 'the original row and its allocations are byte for byte as they were');
    const rev = (await a.committee.get(`/api/v1/payments/${r.json.id}`)).json;
    assert.equal(rev.amount, '-150.00');
    assert.equal(rev.reason, '重复录入');
    assert.equal(rev.reverses.id, first.id);
    assert.equal((await a.committee.get(`/api/v1/payments/${first.id}`)).json.reversed_by.id, r.json.id);
    // Dr receivable / Cr cash, this month
    const lines = (await sql(base.db, `SELECT e.kind, l.account, l.debit, l.credit FROM payments p JOIN journal_entries e ON ` +
      `e.id = p.entry_id JOIN journal_lines l ON l.entry_id = e.id WHERE p.id = ${r.json.id} ORDER BY l.position`)).trim();
    assert.equal(lines, 'reversal|receivable|15000|0\nreversal|cash|0|15000');
    refusedWith(await unchanged(() => a.committee.post(url, { reason: '再冲一次' }), 'twice'), 409, 'already_reversed');
    refusedWith(await unchanged(() => a.committee.post(`/api/v1/payments/${r.json.id}/reverse`, { reason: '冲正的冲正' }),
      'reversal of a reversal'), 409, 'is_reversal');
    refusedWith(await a.committee.post('/api/v1/payments/99999999/reverse', { reason: 'x' }), 404);
  });

  test('twenty payments at once get twenty different, consecutive receipt numbers', async () => {
    const u = await unitId('1栋1单元201');
    await bill(u, monthBack(base.now, 0), 100000);
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      pay({ unit_id: u, amount: '1.00', method: 'cash', payer: `并发${i}` })));
    for (const r of rs) assert.equal(r.status, 201, r.text);
    const nos = rs.map((r) => Number(r.json.receipt_no.slice(5))).sort((x, y) => x - y);
    assert.equal(new Set(nos).size, 20, 'all distinct');
    assert.equal(nos[19] - nos[0], 19, 'and consecutive');
    assert.equal(await owed(u), '980.00');
    const dup = await count(base.db, 'SELECT count(*) FROM (SELECT receipt_no FROM payments GROUP BY community_id, receipt_no HAVING count(*) > 1) d');
    assert.equal(dup, 0);
  });

  test('a payment dated in or before a month closed by a published disclosure is refused as period_closed', async () => {
    const closed = monthBack(base.now, 3);
    await sql(base.db, `INSERT INTO disclosures (community_id, first_month, months, published_by, published_at, audit_head) ` +
      `VALUES (1, ${closed}, 1, ${committeeId}, 0, 'test')`);
    const day = `${monthText(closed)}-15`;
    const r = await unchanged(() => pay({ unit: '1栋1单元101', amount: '1.00', method: 'cash', paid_on: day }), 'closed');
    refusedWith(r, 409, 'period_closed', 'paid_on');
    assert.ok(r.json.error.message.includes(monthText(closed)), r.json.error.message);
    // and so is every month before it: dated back there, it would change the published opening balance
    const earlier = monthBack(base.now, 5);
    const back = await unchanged(() => pay({ unit: '1栋1单元101', amount: '1.00', method: 'cash', paid_on: `${monthText(earlier)}-15` }), 'before closed');
    refusedWith(back, 409, 'period_closed', 'paid_on');
    // the month after is open: the same payment dated there is taken
    const open = await pay({ unit: '1栋1单元101', amount: '1.00', method: 'cash', paid_on: `${monthText(monthBack(base.now, 2))}-15` });
    assert.equal(open.status, 201, open.text);
  });

  test('arrears: units owing, most first, each bill\'s unpaid rest aged 0–3, 3–6, 6–12 and 12+ months', async () => {
    const u = await unitId('1栋2单元101');
    for (const [back, total] of [[1, 1000], [4, 2000], [8, 4000], [14, 8000]]) await bill(u, monthBack(base.now, back), total);
    const r = await a.committee.get('/api/v1/communities/1/arrears?limit=1000');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.find((x) => x.unit_id === u);
    assert.ok(mine, 'the unit owing is listed');
    assert.equal(mine.unit, '1栋2单元101');
    assert.equal(mine.owed, '150.00');
    assert.deepEqual(mine.ageing, { '0_3': '10.00', '3_6': '20.00', '6_12': '40.00', '12_up': '80.00' });
    assert.ok(!r.json.items.some((x) => x.unit_id === unitOf['1栋1单元102']), 'a unit paid up is not listed');
    assert.equal(r.json.total, r.json.items.length);
    const owedList = r.json.items.map((x) => fen(x.owed));
    assert.deepEqual(owedList, [...owedList].sort((x, y) => y - x), 'most owed first');
    assert.equal(fen(r.json.totals.owed), owedList.reduce((s, x) => s + x, 0));
    const buckets = ['0_3', '3_6', '6_12', '12_up'];
    assert.equal(buckets.reduce((s, k) => s + fen(r.json.totals.ageing[k]), 0), fen(r.json.totals.owed));
    // one building, and a page of it
    const b1 = await a.committee.get(`/api/v1/communities/1/arrears?building=${await count(base.db, "SELECT id FROM buildings WHERE community_id = 1 AND name = '1栋'")}&limit=1`);
    assert.equal(b1.json.items.length, 1);
    assert.equal(b1.json.total, r.json.items.filter((x) => x.unit.startsWith('1栋')).length);
    // owners' names are masked for the committee (no PERM_PERSONAL_DATA)
    assert.ok(!r.json.items.some((x) => x.owner && !x.owner.includes('*')), 'names masked');
    refusedWith(await a.owner.get('/api/v1/communities/1/arrears'), 403);
    const page = await (await loggedIn(srv.url, 'committee')).get('/finance/arrears');
    assert.equal(page.status, 200);
    assert.match(page.body, /1栋2单元101/);
    assert.match(page.body, /12个月以上/);
  });

  test('an owner sees their own bills and receipts, nobody else\'s; anonymous is sent to log in', async () => {
    const u = unitOf['1栋1单元101'];
    const mine = await a.owner.get(`/api/v1/units/${u}/bills`);
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.unit, '1栋1单元101');
    assert.equal(mine.json.bills.length, 3);
    assert.equal(fen(mine.json.owed), mine.json.bills.reduce((s, b) => s + fen(b.unpaid), 0));
    assert.ok(mine.json.payments.some((p) => p.id === first.id));
    assert.equal((await a.owner.get(`/api/v1/payments/${first.id}`)).status, 200);
    refusedWith(await a['pay-owner2'].get(`/api/v1/payments/${first.id}`), 403);
    refusedWith(await a['pay-owner2'].get(`/api/v1/units/${u}/bills`), 403);
    refusedWith(await a.owner.get(`/api/v1/units/${unitOf['1栋1单元102']}/bills`), 403);
    const other = await count(base.db, `SELECT id FROM payments WHERE unit_id = ${unitOf['1栋1单元102']} LIMIT 1`);
    refusedWith(await a.owner.get(`/api/v1/payments/${other}`), 403);
    assert.equal((await api(srv.url).get(`/api/v1/payments/${first.id}`)).status, 401);
    const anon = await client(srv.url).get(`/receipts/${first.id}`);
    assert.equal(anon.status, 303);
    assert.match(anon.headers.get('location'), /^\/login\?next=/);

    const c = await loggedIn(srv.url, 'owner');
    const page = await c.get('/bills');
    assert.equal(page.status, 200);
    assert.match(page.body, /1栋1单元101/);
    assert.ok(page.body.includes(`现在欠费 ${mine.json.owed} 元`), 'what is owed now, in words');
    assert.ok(page.body.includes(`/receipts/${first.id}`), 'links to the receipts');
    const receipt = await c.get(`/receipts/${first.id}`);
    assert.equal(receipt.status, 200);
    assert.match(receipt.body, /壹佰伍拾元整/);
    assert.match(receipt.body, /已冲正/);
    assert.ok(!receipt.body.includes('/reverse'), 'no reverse form for an owner');
    const none = await (await loggedIn(srv.url, 'pay-owner2')).get('/bills');
    assert.equal(none.status, 200);
    assert.match(none.body, /还没有开出物业费账单/);
  });

  test('the payment desk: find a unit, record by form, errors shown with the field, reverse on the receipt page', async () => {
    const c = await loggedIn(srv.url, 'committee');
    const desk = await c.get('/finance/payments?unit=' + encodeURIComponent('1栋1单元101'));
    assert.equal(desk.status, 200);
    assert.match(desk.body, /现在欠费/);
    const csrf = csrfOf(desk.body);
    const bad = await unchanged(() => c.post('/finance/payments', { csrf, unit: '1栋1单元101', amount: '1.005', method: 'cash' }), 'form');
    assert.equal(bad.status, 422);
    assert.match(noticeOf(bad.body), /金额/);
    assert.match(bad.body, /aria-invalid="true"/);
    const over = await unchanged(() => c.post('/finance/payments', { csrf, unit: '1栋1单元101', amount: '9999.00', method: 'cash' }), 'form over');
    assert.equal(over.status, 409);
    assert.match(noticeOf(over.body), /最多收/);
    const ok = await c.post('/finance/payments', { csrf, unit: '1栋1单元101', amount: '2.00', method: 'cash', payer: '王芳' });
    assert.equal(ok.status, 303);
    const where = ok.headers.get('location');
    assert.match(where, /^\/receipts\/\d+\?done=recorded$/);
    const page = await c.get(where);
    assert.match(page.body, /贰元整/);
    assert.match(page.body, /王芳/);
    const id = Number(/\/receipts\/(\d+)/.exec(where)[1]);
    const noReason = await unchanged(() => c.post(`/receipts/${id}/reverse`, { csrf: csrfOf(page.body) }), 'form reverse');
    assert.equal(noReason.status, 422);
    const rev = await c.post(`/receipts/${id}/reverse`, { csrf: csrfOf(page.body), reason: '金额写错' });
    assert.equal(rev.status, 303);
    const revPage = await c.get(rev.headers.get('location'));
    assert.match(revPage.body, /冲正收据/);
    assert.match(revPage.body, /金额写错/);
    assert.match(revPage.body, /负贰元整/);
  });

  test('what each bill has been paid is kept on it: payments raise it, a reversal lowers it, arrears follow', async () => {
    // bills.paid is kept by the payment that writes the allocations (schema/020): the unit's
    // bills, its owed amount and the arrears all read it, so each step is checked through them
    const u = await unitId('3栋1单元101');
    const ids = [await bill(u, monthBack(base.now, 5), 3000), await bill(u, monthBack(base.now, 2), 2000),
      await bill(u, monthBack(base.now, 0), 1000)];
    const paidOf = async () => {
      const r = await a.committee.get(`/api/v1/units/${u}/bills`);
      assert.equal(r.status, 200, r.text);
      return { owed: r.json.owed, bills: ids.map((id) => r.json.bills.find((b) => b.id === id)).map((b) => [b.paid, b.unpaid]) };
    };
    const arrear = async () => (await a.committee.get('/api/v1/communities/1/arrears?limit=1000')).json.items.find((x) => x.unit_id === u);
    assert.deepEqual(await paidOf(), { owed: '60.00', bills: [['0.00', '30.00'], ['0.00', '20.00'], ['0.00', '10.00']] });

    const p1 = await pay({ unit_id: u, amount: '35.00', method: 'cash' }); // the first bill in full, 5.00 of the second
    assert.equal(p1.status, 201, p1.text);
    assert.deepEqual(await paidOf(), { owed: '25.00', bills: [['30.00', '0.00'], ['5.00', '15.00'], ['0.00', '10.00']] });
    assert.deepEqual((await arrear()).ageing, { '0_3': '25.00', '3_6': '0.00', '6_12': '0.00', '12_up': '0.00' });
    const p2 = await pay({ unit_id: u, amount: '25.00', method: 'cash' }); // the rest: paid up, off the arrears
    assert.equal(p2.status, 201, p2.text);
    assert.deepEqual((await paidOf()).bills, [['30.00', '0.00'], ['20.00', '0.00'], ['10.00', '0.00']]);
    assert.equal(await arrear(), undefined, 'a unit paid up is not in the arrears');
    refusedWith(await unchanged(() => pay({ unit_id: u, amount: '0.01', method: 'cash' }), 'paid up'), 409, 'overpayment');

    // reversing the first payment owes its bills again, the oldest back in the 3–6 months bucket
    const r = await a.committee.post(`/api/v1/payments/${p1.json.id}/reverse`, { reason: '测试冲正' });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await paidOf(), { owed: '35.00', bills: [['0.00', '30.00'], ['15.00', '5.00'], ['10.00', '0.00']] });
    const back = await arrear();
    assert.equal(back.owed, '35.00');
    assert.deepEqual(back.ageing, { '0_3': '5.00', '3_6': '30.00', '6_12': '0.00', '12_up': '0.00' });
    // and the next payment is offered the reopened bills, oldest first
    const p3 = await pay({ unit_id: u, amount: '31.00', method: 'cash' });
    assert.deepEqual(p3.json.allocated.map((x) => [x.bill_id, x.amount]), [[ids[0], '30.00'], [ids[1], '1.00']]);
    assert.equal(p3.json.owed_after, '4.00');

    // every bill of the compound, this test's and the others': the kept amount is the allocations' sum
    const off = (await sql(base.db, 'SELECT b.id, b.paid, coalesce(sum(pa.amount), 0) FROM bills b LEFT JOIN payment_allocations pa ' +
      'ON pa.community_id = b.community_id AND pa.bill_id = b.id GROUP BY b.id, b.paid HAVING b.paid <> coalesce(sum(pa.amount), 0)')).trim();
    assert.equal(off, '', 'bills whose paid is not the sum of their allocations');
    assert.ok(await count(base.db, 'SELECT count(*) FROM bills WHERE paid > 0') >= 4, 'and some bills are paid');
  });

  test('every journal entry balances, and every payment has one', async () => {
    const unbalanced = (await sql(base.db, 'SELECT entry_id FROM journal_lines GROUP BY community_id, entry_id ' +
      'HAVING sum(debit) <> sum(credit)')).trim();
    assert.equal(unbalanced, '');
    assert.equal(await count(base.db, 'SELECT count(*) FROM payments WHERE entry_id IS NULL AND receipt_no NOT LIKE \'perm-%\''), 0);
    // receivable = billed − paid, derived from the lines alike
    const recv = await count(base.db, "SELECT sum(debit) - sum(credit) FROM journal_lines WHERE account = 'receivable'");
    const rest = await count(base.db, 'SELECT (SELECT sum(total) FROM bills) - (SELECT coalesce(sum(amount), 0) FROM payment_allocations)');
    assert.equal(recv, rest);
    // and the month sums the balances are read from are still the lines' sums after every payment
    // and reversal above (store_ledger_post keeps them; schema/019)
    const v = await yuanli(['audit', 'verify', '--db', base.db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^journal month sums agree: \d+ sums of \d+ lines$/m);
    assert.equal(await count(base.db, "SELECT sum(debit) - sum(credit) FROM journal_month_sums WHERE account = 'receivable'"), recv);
    assert.ok(await count(base.db, "SELECT count(*) FROM journal_month_sums WHERE community_id = 1 AND kind = 'reversal'") > 0);
    // and the fee collections the collection rate is read from are the allocations' sums by bill
    // month and the month paid in, each payment's and reversal's added by write_payment (schema/022);
    // the reversals above took theirs off in their own month
    assert.match(v.stdout, /^fee collections agree: \d+ sums of \d+ allocations$/m);
    const kept = await keptCollections(base.db, 1);
    assert.deepEqual(kept, await collectionsOf(base.db, 1));
    assert.ok(kept.length > 0, 'the payments above are kept');
    assert.equal(kept.reduce((sum, r) => sum + Number(r.split('|')[2]), 0),
      await count(base.db, 'SELECT coalesce(sum(amount), 0) FROM payment_allocations WHERE community_id = 1'));
    // and each bill's paid amount (schema/020) is its allocations' sum; a drifted one is named
    assert.match(v.stdout, new RegExp(`^bills' paid amounts agree: ${await count(base.db, 'SELECT count(*) FROM bills')} bills$`, 'm'));
    const bill = await count(base.db, 'SELECT min(id) FROM bills WHERE community_id = 1 AND paid > 0');
    await sql(base.db, `UPDATE bills SET paid = paid - 1 WHERE id = ${bill}`);
    try {
      const bad = await yuanli(['audit', 'verify', '--db', base.db]);
      assert.equal(bad.code, 1, bad.stdout + bad.stderr);
      assert.match(bad.stdout, new RegExp(`^bills' paid amounts DIFFER at community 1, bill ${bill}: \\d+ kept, \\d+ allocated$`, 'm'));
    } finally {
      await sql(base.db, `UPDATE bills SET paid = paid + 1 WHERE id = ${bill}`);
    }
    assert.equal((await yuanli(['audit', 'verify', '--db', base.db])).code, 0);
  });
});

// fees.test.mjs: the committee's fees (issue 10) on the demo compound, which has a schedule of
// 0.45 元/m² and 卫生费 5.00 from three months back, three exemptions and a run for each month
// up to this one. A schedule rests on a passed compound-wide decision on the manager (decision
// 1): an open decision (2) is a 409, so is a month with a schedule or already billed; bad
// amounts and months are 422s. A run bills every unit of the register once per month with
// area × price rounded half up, plus fixed items, minus exemptions (a price change inside a
// quarter counted month by month); the second run of a period is a 409 already_billed, a month
// without a schedule no_schedule, a month closed by a published disclosure period_closed; a
// preview writes nothing. Every refusal is shown to change nothing; the journal stays balanced.
// Owners read the bills of their own unit only; staff read the books but write nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, sql, loggedIn, csrfOf, yuanli, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { clearBooks } from './lib/books.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

const yuan = (fen) => {
  const f = BigInt(fen);
  const a = f < 0n ? -f : f;
  return `${f < 0n ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
};
const roundHalfUp = (n, d) => (n + d / 2n) / d;
const monthAdd = (m, n) => {
  const i = Math.floor(m / 100) * 12 + (m % 100 - 1) + n;
  return Math.floor(i / 12) * 100 + (i % 12) + 1;
};
const monthText = (m) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;

describe('fees: schedules, exemptions, billing runs, bills', SUITE, () => {
  let srv;
  const a = {};
  let current; // the last month the demo billed (this month)
  let units; // units of community 1

  const one = async (q) => (await sql(srv.db, q)).trim();
  const num = async (q) => Number(await one(q));
  const state = async () => one(`SELECT (SELECT count(*) FROM fee_schedules) || '/' || (SELECT count(*) FROM fee_items)
    || '/' || (SELECT count(*) FROM fee_exemptions) || '/' || (SELECT coalesce(sum(coalesce(last_month, 0)), 0) FROM fee_exemptions)
    || '/' || (SELECT count(*) FROM billing_runs) || '/' || (SELECT count(*) FROM bills) || '/' || (SELECT count(*) FROM bill_lines)
    || '/' || (SELECT count(*) FROM billing_run_lines) || '/' || (SELECT count(*) FROM journal_entries) || '/' || (SELECT count(*) FROM journal_lines) || '/' || (SELECT count(*) FROM audit)`);
  const unchanged = unchangedBy(state);
  const unitOf = async (building, stair, room) => {
    const [id, area] = (await one(`SELECT u.id, u.area FROM units u JOIN buildings b ON b.id = u.building_id
      JOIN stairwells s ON s.id = u.stairwell_id WHERE u.community_id = 1 AND b.name = '${building}'
      AND s.name = '${stair}' AND u.room = '${room}'`)).split('|').map(Number);
    return { id, area: BigInt(area) };
  };
  const billOf = async (unit, month) => {
    const [id, total, relief] = (await one(`SELECT id, total, relief FROM bills WHERE community_id = 1 AND unit_id = ${unit}
      AND first_month <= ${month} AND last_month >= ${month}`)).split('|').map(Number);
    return { id, total: BigInt(total), relief: BigInt(relief) };
  };
  const schedules = '/api/v1/communities/1/fee-schedules';
  const exemptions = '/api/v1/communities/1/fee-exemptions';
  const runs = '/api/v1/communities/1/billing-runs';

  before(async () => {
    srv = await startServer();
    await clearBooks(srv.db); // the demo's payments are not this test's: its bills are
    for (const u of ['committee', 'staff', 'owner']) a[u] = api(srv.url, await tokenFor(srv, u));
    current = await num('SELECT max(last_month) FROM bills WHERE community_id = 1');
    units = await num('SELECT count(*) FROM units WHERE community_id = 1');
  });
  after(async () => { await assertCleanStop(srv); });

  test('the demo bills every unit each month, the owner\'s too, and its journal balances', async () => {
    assert.equal(await num(`SELECT count(*) FROM bills WHERE community_id = 1 AND first_month = ${current}`), units);
    const own = await unitOf('1栋', '1单元', '101');
    const b = await billOf(own.id, current);
    assert.equal(b.total, roundHalfUp(own.area * 45n, 100n) + 500n);
    const r = await a.owner.get(`/api/v1/bills/${b.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, yuan(b.total));
    assert.deepEqual(r.json.lines, [{ kind: 'fixed', label: '卫生费', amount: '5.00' }]);
    // 2栋1单元101 is a 低保户: nothing to pay, still a bill
    const poor = await billOf((await unitOf('2栋', '1单元', '101')).id, current);
    assert.equal(poor.total, 0n);
    assert.equal(await one('SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit)'), '');
  });

  test('a schedule rests on a passed decision; every refusal changes nothing', async () => {
    const next = monthAdd(current, 1);
    const body = { decision_id: 1, price_per_m2_month: '0.80', effective_from: monthText(next),
      items: [{ name: '卫生费', amount: '6.00' }], note: '' };
    let m = refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, decision_id: 2 }), 'open decision'),
      409, 'decision_not_passed', 'decision_id');
    assert.match(m, /第 2 号表决尚未结束/);
    // the same passed vote, had it been on electing the committee (the majority tier too) or
    // held in one building only: not the compound's vote on its fee
    const matter = await one('SELECT matter FROM decisions WHERE id = 1');
    await sql(srv.db, "UPDATE decisions SET matter = 'committee' WHERE id = 1");
    m = refusedWith(await unchanged(() => a.committee.post(schedules, body), 'matter'), 422, 'decision_matter', 'decision_id');
    await sql(srv.db, `UPDATE decisions SET matter = '${matter}' WHERE id = 1`);
    assert.match(m, /选举或更换业主委员会成员/);
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, decision_id: 99999 }), 'no decision'),
      422, 'unknown_decision', 'decision_id');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, price_per_m2_month: '0.805' }), '3 decimals'),
      422, 'bad_amount', 'price_per_m2_month');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, price_per_m2_month: '100.01' }), 'too high'),
      422, 'out_of_range', 'price_per_m2_month');
    // an amount in JSON is a string: a number, whole or not, is refused by name — never read as
    // binary floating point, nor guessed to be yuan rather than fen
    m = refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, price_per_m2_month: 0.8 }), 'float'),
      422, 'bad_amount', 'price_per_m2_month');
    assert.match(m, /1234\.50/);
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, price_per_m2_month: 1 }), 'integer amount'),
      422, 'bad_amount', 'price_per_m2_month');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, items: [{ name: '卫生费', amount: 5 }] }),
      'integer item amount'), 422, 'bad_amount', 'items[0].amount');
    // a value of the wrong type is named for what it should be, not called missing
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, decision_id: 1.5 }), 'fractional id'),
      422, 'not_a_number', 'decision_id');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, effective_from: true }), 'boolean month'),
      422, 'bad_period', 'effective_from');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, effective_from: '2026-13' }), 'month'),
      422, 'bad_period', 'effective_from');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, effective_from: '2026-Q4' }), 'quarter'),
      422, 'bad_period', 'effective_from');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, items: [{ name: '卫生费', amount: '0.001' }] }),
      'item amount'), 422, 'bad_amount', 'items[0].amount');
    refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, items: 'x' }), 'items'), 422, 'bad_items');
    // a month billed already: the bills stay, the new price can start after them
    m = refusedWith(await unchanged(() => a.committee.post(schedules, { ...body, effective_from: monthText(current) }),
      'billed month'), 409, 'month_billed', 'effective_from');
    assert.ok(m.includes(monthText(next)), m);
    refusedWith(await unchanged(() => a.staff.post(schedules, body), 'staff'), 403, 'forbidden');

    const r = await a.committee.post(schedules, body);
    assert.equal(r.status, 201, r.text);
    refusedWith(await unchanged(() => a.committee.post(schedules, body), 'same month'), 409, 'schedule_exists');
    const g = await a.staff.get(`/api/v1/fee-schedules/${r.json.id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.price_per_m2_month, '0.80');
    assert.equal(g.json.decision_id, 1);
    assert.deepEqual(g.json.items, [{ name: '卫生费', amount: '6.00' }]);
    const list = await a.staff.get(schedules);
    assert.equal(list.json.items[0].id, r.json.id, 'newest first');
    assert.equal(list.json.total, 2);
  });

  test('exemptions: one of percent and amount, with a reason, for a unit of the register', async () => {
    const from = monthText(monthAdd(current, 2));
    const ok = { unit: '4栋1单元201', from, percent: 50, reason: '低保户' };
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, amount_per_month: '20.00' }), 'both'),
      422, 'one_of', 'percent');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, percent: undefined }), 'neither'),
      422, 'one_of', 'percent');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, reason: '' }), 'no reason'), 422, 'required', 'reason');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, percent: 101 }), 'percent'), 422, 'out_of_range', 'percent');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, unit: '99栋1单元101' }), 'unit'), 422, 'unknown_unit', 'unit');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, unit: undefined, unit_id: 99999999 }), 'unit id'),
      422, 'unknown_unit', 'unit_id');
    refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, to: monthText(current) }), 'to before from'),
      422, 'to_before_from', 'to');
    refusedWith(await unchanged(() => a.staff.post(exemptions, ok), 'staff'), 403, 'forbidden');
    // the unit was billed up to this month: those bills stay, so an exemption starts after them
    let m = refusedWith(await unchanged(() => a.committee.post(exemptions, { ...ok, from: monthText(current) }), 'billed month'),
      409, 'month_billed', 'from');
    assert.ok(m.includes(monthText(current)) && m.includes(monthText(monthAdd(current, 1))), m);
    // a demo exemption that relieved bills already made cannot end before the last of them
    const [old, oldFrom] = (await one(`SELECT id, first_month FROM fee_exemptions WHERE community_id = 1
      AND last_month IS NULL AND first_month < ${current} ORDER BY id LIMIT 1`)).split('|').map(Number);
    m = refusedWith(await unchanged(() => a.committee.post(`/api/v1/fee-exemptions/${old}/end`, { last_month: monthText(oldFrom) }),
      'end before billed'), 409, 'month_billed', 'last_month');
    assert.equal(m.split(monthText(current)).length, 2, `names the last billed month once: ${m}`);
    const r = await a.committee.post(exemptions, ok);
    assert.equal(r.status, 201, r.text);
    const end = `/api/v1/fee-exemptions/${r.json.id}/end`;
    refusedWith(await unchanged(() => a.committee.post(end, { last_month: monthText(current) }), 'before start'),
      422, 'before_start', 'last_month');
    const e = await a.committee.post(end, { last_month: monthText(monthAdd(current, 30)) });
    assert.equal(e.status, 200, e.text);
    refusedWith(await unchanged(() => a.committee.post(end, { last_month: monthText(monthAdd(current, 31)) }), 'later'),
      409, 'already_ended', 'last_month');
    const list = await a.staff.get(exemptions);
    const row = list.json.items.find((x) => x.id === r.json.id);
    assert.equal(row.unit, '4栋1单元201');
    assert.equal(row.percent, 50);
    assert.equal(row.to, monthText(monthAdd(current, 30)));
  });

  test('a month\'s run bills every unit once; the second run is refused and makes nothing', async () => {
    const next = monthAdd(current, 1);
    const before = await state();
    const p = await a.committee.post(runs, { period: monthText(next), preview: true });
    assert.equal(p.status, 200, p.text);
    assert.equal(await state(), before, 'a preview wrote something');
    assert.equal(p.json.bills, units);
    assert.equal(p.json.first.length, 20);
    refusedWith(await unchanged(() => a.staff.post(runs, { period: monthText(next) }), 'staff'), 403, 'forbidden');

    const r = await a.committee.post(runs, { period: monthText(next) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.bills, units);
    assert.equal(r.json.total, p.json.total, 'the preview said the same');
    assert.equal(await num(`SELECT count(*) FROM bills WHERE run_id = ${r.json.id}`), units);
    assert.equal(yuan(await one(`SELECT sum(total) FROM bills WHERE run_id = ${r.json.id}`)), r.json.total);
    assert.equal(yuan(await one(`SELECT total FROM billing_runs WHERE id = ${r.json.id}`)), r.json.total);
    const own = await unitOf('1栋', '1单元', '101');
    const b = await billOf(own.id, next);
    assert.equal(b.total, roundHalfUp(own.area * 80n, 100n) + 600n);
    // the journal: receivable against fee income for the run's total, in its month
    assert.equal(yuan(await one(`SELECT l.debit FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
      WHERE e.ref_type = 'billing_run' AND e.ref_id = ${r.json.id} AND l.account = 'receivable' AND e.month = ${next}`)),
    r.json.total);

    const m = refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(next) }), 'second run'),
      409, 'already_billed', 'period');
    assert.ok(m.includes(String(units)), m);
    refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(next), preview: true }), 'second preview'),
      409, 'already_billed');
    refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(current) }), 'the demo\'s month'),
      409, 'already_billed');
  });

  test('a quarter with a price change in its second month, and exemptions over part of it', async () => {
    // the first whole quarter after the month just billed
    let q = monthAdd(current, 2);
    while ((q % 100 - 1) % 3 !== 0) q = monthAdd(q, 1);
    const second = monthAdd(q, 1);
    const period = `${Math.floor(q / 100)}-Q${Math.floor((q % 100 - 1) / 3) + 1}`;
    const s = await a.committee.post(schedules, { decision_id: 1, price_per_m2_month: '1.00', effective_from: monthText(second),
      items: [{ name: '卫生费', amount: '6.00' }, { name: '照明费', amount: '1.50' }] });
    assert.equal(s.status, 201, s.text);
    const half = await unitOf('6栋', '1单元', '101');
    const flat = await unitOf('6栋', '1单元', '102');
    for (const body of [{ unit: '6栋1单元101', from: monthText(second), percent: 50, reason: '独居老人' },
      { unit: '6栋1单元102', from: monthText(second), to: monthText(second), amount_per_month: '20.00', reason: '困难补助' }]) {
      const r = await a.committee.post(exemptions, body);
      assert.equal(r.status, 201, r.text);
    }
    const before = await state();
    const p = await a.committee.post(runs, { period, preview: true });
    assert.equal(p.status, 200, p.text);
    assert.equal(await state(), before, 'a preview wrote something');
    assert.ok(p.json.exemptions.some((e) => e.unit === '6栋1单元101' && e.reason === '独居老人'), p.text);
    const r = await a.committee.post(runs, { period });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.total, p.json.total);
    assert.equal(r.json.period, period);
    // month 1 at 0.80 and 6.00; months 2 and 3 at 1.00 and 7.50
    const fee = (area) => roundHalfUp(area * (80n + 100n + 100n), 100n) + 600n + 750n + 750n;
    const plain = await unitOf('6栋', '1单元', '201');
    assert.equal((await billOf(plain.id, q)).total, fee(plain.area));
    const halfRelief = roundHalfUp((half.area * 200n + 100n * 1500n) * 50n, 10000n);
    const hb = await billOf(half.id, q);
    assert.equal(hb.relief, halfRelief);
    assert.equal(hb.total, fee(half.area) - halfRelief);
    const fb = await billOf(flat.id, q);
    assert.equal(fb.relief, 2000n);
    assert.equal(fb.total, fee(flat.area) - 2000n);
    const lines = await a.committee.get(`/api/v1/bills/${hb.id}`);
    assert.deepEqual(lines.json.lines.map((l) => [l.kind, l.label, l.amount]),
      [['fixed', '卫生费', '18.00'], ['fixed', '照明费', '3.00'], ['exemption', '独居老人', `-${yuan(halfRelief)}`]]);
    assert.equal(lines.json.price_months, '2.80');
    // a month of the quarter cannot be billed again on its own
    refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(second) }), 'month of a billed quarter'),
      409, 'already_billed');
    assert.equal(await one('SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit)'), '');
  });

  test('no schedule, a closed month and a malformed period are refused and change nothing', async () => {
    const first = await num('SELECT min(effective_from) FROM fee_schedules WHERE community_id = 1');
    let m = refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(monthAdd(first, -1)) }), 'no schedule'),
      409, 'no_schedule', 'period');
    assert.ok(m.includes(monthText(monthAdd(first, -1))), m);
    refusedWith(await unchanged(() => a.committee.post(runs, { period: '2026-13' }), 'bad period'), 422, 'bad_period', 'period');
    refusedWith(await unchanged(() => a.committee.post(runs, {}), 'no period'), 422, 'required', 'period');
    const last = await num('SELECT max(last_month) FROM bills WHERE community_id = 1');
    const closed = monthAdd(last, 1);
    await sql(srv.db, `INSERT INTO disclosures (community_id, first_month, months, published_by, published_at, audit_head)
      VALUES (1, ${closed}, 1, (SELECT id FROM accounts WHERE name = 'committee'), 0, 'test')`);
    m = refusedWith(await unchanged(() => a.committee.post(runs, { period: monthText(closed) }), 'closed'),
      409, 'period_closed', 'period');
    assert.ok(m.includes(monthText(closed)), m);
  });

  test('owners read their own unit\'s bills only; staff read runs and bills', async () => {
    const own = await unitOf('1栋', '1单元', '101');
    const other = await unitOf('10栋', '1单元', '101');
    const mine = await billOf(own.id, current);
    const theirs = await billOf(other.id, current);
    assert.equal((await a.owner.get(`/api/v1/bills/${mine.id}`)).status, 200);
    refusedWith(await a.owner.get(`/api/v1/bills/${theirs.id}`), 403, 'forbidden');
    refusedWith(await a.owner.get(runs), 403, 'forbidden');
    assert.equal((await a.owner.get('/api/v1/bills/99999999')).status, 404);
    const list = await a.staff.get(runs);
    assert.equal(list.status, 200, list.text);
    const run = await a.staff.get(`/api/v1/billing-runs/${list.json.items[0].id}?limit=5&offset=0`);
    assert.equal(run.status, 200, run.text);
    assert.equal(run.json.bills.items.length, 5);
    assert.equal(run.json.bills.total, list.json.items[0].bills);
    const bill = await a.staff.get(`/api/v1/bills/${theirs.id}`);
    assert.equal(bill.json.unit, '10栋1单元101');
    assert.equal(bill.json.unpaid, bill.json.total);
  });

  test('pages: schedules and exemptions, a preview then a run by form, a run\'s bills', async () => {
    const c = await loggedIn(srv.url, 'committee');
    const fees = await c.get('/finance/fees');
    assert.equal(fees.status, 200);
    assert.match(fees.body, /现行标准/);
    assert.match(fees.body, /第 1 号：/, 'the passed decision is offered');
    assert.doesNotMatch(fees.body, /第 2 号：/, 'the open decision is not');
    assert.match(fees.body, /八十岁以上独居老人/);
    const csrf = csrfOf(fees.body);
    // a refused form comes back with its reason and nothing changes
    const bad = await unchanged(() => c.post('/finance/fees', { csrf, decision_id: '1', price_per_m2_month: '0.8x',
      effective_from: '2030-01' }), 'bad form');
    assert.equal(bad.status, 422);
    assert.match(bad.body, /最多两位小数/);
    const last = await num('SELECT max(last_month) FROM bills WHERE community_id = 1');
    const y = Math.floor(last / 100) + 1;
    const s = await c.post('/finance/fees', { csrf, decision_id: '1', price_per_m2_month: '0.90', effective_from: `${y}-01` });
    assert.equal(s.status, 303, s.body);
    const runsPage = await c.get('/finance/runs');
    assert.equal(runsPage.status, 200);
    const pv = await unchanged(() => c.post('/finance/runs', { csrf, preview: '1', period: `${y}-01` }), 'page preview');
    assert.equal(pv.status, 200, pv.body);
    assert.match(pv.body, new RegExp(`将出 ${units} 张账单`));
    const run = await c.post('/finance/runs', { csrf, period: `${y}-01` });
    assert.equal(run.status, 303, run.body);
    const page = await c.get(run.headers.get('location'));
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`已出账：${units} 张账单`));
    const again = await unchanged(() => c.post('/finance/runs', { csrf, period: `${y}-01` }), 'page second run');
    assert.equal(again.status, 409);
    assert.match(again.body, /已经出过账/);
    const staff = await loggedIn(srv.url, 'staff');
    const sp = await staff.get('/finance/fees');
    assert.equal(sp.status, 200);
    assert.doesNotMatch(sp.body, /保存收费标准/, 'staff get no form');
  });

  test('the finance home shows the books as the journal and the bills add them up; owners are refused', async () => {
    const yuan = (fen) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')} 元`;
    const account = (name) => num(`SELECT coalesce(sum(debit - credit), 0) FROM journal_lines WHERE community_id = 1 AND account = '${name}'`);
    const now = new Date(Date.now() + 8 * 3600 * 1000);
    const month = now.getUTCFullYear() * 100 + now.getUTCMonth() + 1;
    const owing = await num(`SELECT count(*) FROM (SELECT b.unit_id FROM bills b WHERE b.community_id = 1 GROUP BY b.unit_id
      HAVING sum(b.total) > coalesce((SELECT sum(pa.amount) FROM payment_allocations pa JOIN bills x ON x.id = pa.bill_id
      WHERE x.community_id = 1 AND x.unit_id = b.unit_id), 0)) t`);
    const billed = await num(`SELECT coalesce(sum(total), 0) FROM bills WHERE community_id = 1 AND first_month = ${month}`);
    const c = await loggedIn(srv.url, 'committee');
    const page = await c.get('/finance');
    assert.equal(page.status, 200);
    const facts = Object.fromEntries([...page.body.matchAll(/<dt>([^<]+)<\/dt><dd class="num">([^<]+)<\/dd>/g)].map((m) => [m[1], m[2]]));
    assert.equal(facts['库存现金'], yuan(await account('cash')));
    assert.equal(facts['银行存款（含微信、支付宝）'], yuan(await account('bank')));
    assert.equal(facts['应收未收物业费'], yuan(await account('receivable')));
    assert.equal(facts['欠费户数'], String(owing));
    assert.ok(owing > 0, 'the demo has units owing');
    assert.equal(facts['本月开出的账单'], yuan(billed));
    // the balances above are read from the month sums (schema/019): the runs of this file posted
    // into them, and they are still their lines' sums
    const v = await yuanli(['audit', 'verify', '--db', srv.db]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /^journal month sums agree: \d+ sums of \d+ lines$/m);
    for (const who of ['staff']) assert.equal((await (await loggedIn(srv.url, who)).get('/finance')).status, 200);
    assert.equal((await (await loggedIn(srv.url, 'owner')).get('/finance')).status, 403);
  });
});

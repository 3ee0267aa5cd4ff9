// dashboard.test.mjs: the public dashboard (issue 11) on the demo, the clock pinned. Every figure of
// GET /api/v1/communities/1/dashboard is recomputed here from SQL (the median and the rates in
// JavaScript, from the raw rows), and the page shows the same; after a problem is reported, one is
// resolved and a payment is recorded, the figures move as SQL says they must. Nothing personal is
// on the page or in the JSON: no reporter's, owner's or payer's name, no problem's words or place.
// Anyone may look; staff also see the problems referred by department; an unknown community is 404.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { client, loggedIn, sql, dropDb, SUITE } from './lib/server.mjs';
import { api, tokenFor } from './lib/registry.mjs';
import { problemServer, count, stepApi } from './lib/problems.mjs';

const SHANGHAI = 8 * 3600;

/** YYYYMM of UTC second t in Shanghai. */
function monthOf(t) {
  const d = new Date((t + SHANGHAI) * 1000);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}
function monthAdd(m, n) {
  const k = Math.floor(m / 100) * 12 + (m % 100) - 1 + n;
  return Math.floor(k / 12) * 100 + (k % 12) + 1;
}
/** UTC second at which month m begins in Shanghai. */
function monthStart(m) {
  return Date.UTC(Math.floor(m / 100), (m % 100) - 1, 1) / 1000 - SHANGHAI;
}
const monthText = (m) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;
/** fen as "1234.56" */
const yuan = (f) => `${f < 0 ? '-' : ''}${Math.floor(Math.abs(f) / 100)}.${String(Math.abs(f) % 100).padStart(2, '0')}`;
/** "1234.56" as fen (the dashboard's money is never negative) */
const fen = (s) => { const [i, f] = s.split('.'); return Number(i) * 100 + Number(f); };
const permille = (part, whole) => (whole > 0 ? Math.floor((1000 * part) / whole) : 0);
/** n/d in tenths, half up, as "4.3" */
const tenths = (n, d) => { const t = Math.floor((20 * n + d) / (2 * d)); return `${Math.floor(t / 10)}.${t % 10}`; };

async function rows(db, q) {
  const out = (await sql(db, q)).trim();
  return out ? out.split('\n').map((l) => l.split('|')) : [];
}

let base;
let srv;
let a = {};
let anon;

describe('the dashboard', SUITE, () => {
  before(async () => {
    base = await problemServer();
    srv = base.srv;
    for (const u of ['staff', 'committee', 'owner'])
      a[u] = api(srv.url, await tokenFor(srv, u));
    anon = client(srv.url);
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  const json = async (who = anon) => {
    const r = await who.get('/api/v1/communities/1/dashboard');
    assert.equal(r.status, 200, r.body ?? r.text);
    return r.json ?? JSON.parse(r.body);
  };

  /** Every figure against SQL. */
  async function checkAgainstSql(d) {
    const db = base.db;
    const now = base.now;
    // problems by state and category
    const states = Object.fromEntries((await rows(db, 'SELECT state, count(*) FROM problems WHERE community_id = 1 GROUP BY state'))
      .map(([s, n]) => [s, Number(n)]));
    for (const [s, n] of Object.entries(d.problems.by_state)) assert.equal(n, states[s] ?? 0, `state ${s}`);
    assert.equal(d.problems.total, await count(db, 'SELECT count(*) FROM problems WHERE community_id = 1'));
    const cats = await rows(db, 'SELECT c.name, count(p.id) FROM problem_categories c LEFT JOIN problems p ON p.category_id = c.id ' +
      'WHERE c.community_id = 1 GROUP BY c.id, c.name, c.sort_key ORDER BY c.sort_key, c.id');
    assert.deepEqual(d.problems.by_category.map((c) => [c.name, c.count]), cats.map(([n, k]) => [n, Number(k)]));
    // the median of reported → resolved over the fixed ones; an even count: the mean of the two middle, half up
    const took = (await rows(db, "SELECT resolved_at - created_at FROM problems WHERE community_id = 1 AND state IN ('resolved', 'rated') " +
      'AND resolved_at IS NOT NULL')).map(([t]) => Number(t)).sort((x, y) => x - y);
    assert.equal(d.problems.resolved, took.length);
    if (took.length) {
      const k = took.length;
      const med = k % 2 ? took[(k - 1) / 2] : Math.floor((took[k / 2 - 1] + took[k / 2] + 1) / 2);
      assert.equal(d.problems.median_resolution_seconds, med);
      assert.equal(d.problems.median_resolution_days, tenths(med, 86400));
    }
    // overdue: referred and past its due instant (the problem list's own filter says the same)
    assert.equal(d.problems.overdue, await count(db, `SELECT count(*) FROM problems WHERE community_id = 1 AND state = 'referred' ` +
      `AND due_at <= ${now}`));
    const listed = await a.staff.get('/api/v1/communities/1/problems?overdue=1&limit=1');
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.total, d.problems.overdue, 'the same as the problem list\'s overdue filter');
    const [[rated, ratingSum]] = await rows(db, "SELECT count(*), coalesce(sum(rating), 0) FROM problems WHERE community_id = 1 AND state = 'rated'");
    assert.equal(d.problems.ratings, Number(rated));
    assert.equal(d.problems.satisfaction, Number(rated) ? tenths(Number(ratingSum), Number(rated)) : null);
    const [[wr, wsum]] = await rows(db, 'SELECT count(*), coalesce(sum(rating), 0) FROM work_ratings WHERE community_id = 1');
    assert.equal(d.works_satisfaction.ratings, Number(wr));
    assert.equal(d.works_satisfaction.average, Number(wr) ? tenths(Number(wsum), Number(wr)) : null);
    // votes open now or closed in the last 12 months: live ballots against the roll
    const since = monthStart(monthAdd(monthOf(now), -11));
    const votes = await rows(db, 'SELECT d.id, d.total_owners, d.total_area, ' +
      '(SELECT count(*) FROM ballots b WHERE b.decision_id = d.id AND b.replaced_at IS NULL), ' +
      '(SELECT coalesce(sum(v.area), 0) FROM ballots b JOIN decision_voters v ON v.decision_id = b.decision_id AND v.voter = b.voter ' +
      'WHERE b.decision_id = d.id AND b.replaced_at IS NULL) FROM decisions d WHERE d.community_id = 1 AND ' +
      `(d.state = 'open' OR (d.state IN ('closed', 'announced') AND d.closed_at >= ${since})) ORDER BY d.id`);
    assert.deepEqual(d.votes.map((v) => [v.id, v.total_owners, v.total_area, v.voted_owners, v.voted_area,
      v.turnout_owners_permille, v.turnout_area_permille]),
    votes.map(([id, to, ta, vo, va]) => [Number(id), Number(to), yuan(Number(ta)), Number(vo), yuan(Number(va)),
      permille(Number(vo), Number(to)), permille(Number(va), Number(ta))]));
    // plans in force: works by state, the accepted works' budget in the version shown, and what was paid
    for (const p of d.plans) {
      const works = Object.fromEntries((await rows(db, `SELECT state, count(*) FROM works WHERE plan_id = ${p.id} GROUP BY state`))
        .map(([s, n]) => [s, Number(n)]));
      for (const [s, n] of Object.entries(p.works)) assert.equal(n, works[s] ?? 0, `plan ${p.id} works ${s}`);
      const accepted = await count(db, `SELECT coalesce(sum(i.cost), 0) FROM works w JOIN plan_versions v ON v.plan_id = w.plan_id ` +
        `AND v.number = ${p.version} JOIN plan_items i ON i.version_id = v.id AND i.key = w.item_key ` +
        `WHERE w.plan_id = ${p.id} AND w.state = 'accepted'`);
      assert.equal(p.accepted_cost, yuan(accepted));
      // what was paid on the plan's works: every payment, corrections taken off
      const paid = await count(db, `SELECT coalesce(sum(p.amount), 0) FROM work_payments p JOIN works w ON w.id = p.work_id ` +
        `WHERE w.plan_id = ${p.id}`);
      assert.equal(p.paid, yuan(paid), `plan ${p.id}: paid`);
      const items = await count(db, `SELECT count(*) FROM plan_items i JOIN plan_versions v ON v.id = i.version_id ` +
        `WHERE v.plan_id = ${p.id} AND v.number = ${p.version}`);
      assert.equal(Object.values(p.items).reduce((x, y) => x + y, 0), items, `plan ${p.id}: every item has a status`);
    }
    // fees: per month, the bills of the month and what was paid towards them before the month's end
    assert.equal(d.fees.length, 12);
    assert.equal(d.fees[11].month, monthText(monthOf(now)));
    for (const f of d.fees) {
      const m = Number(f.month.replace('-', ''));
      const billed = await count(db, `SELECT coalesce(sum(total), 0) FROM bills WHERE community_id = 1 AND first_month = ${m}`);
      const paid = await count(db, 'SELECT coalesce(sum(pa.amount), 0) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id ' +
        `JOIN bills b ON b.id = pa.bill_id WHERE b.community_id = 1 AND b.first_month = ${m} AND p.paid_at < ${monthStart(monthAdd(m, 1))}`);
      assert.deepEqual([f.billed, f.paid, f.collection_permille], [yuan(billed), yuan(paid), billed ? permille(paid, billed) : null],
        `fees of ${f.month}`);
    }
  }

  test('every figure is what SQL says, for anyone, without logging in', async () => {
    const d = await json();
    assert.equal(d.community_id, 1);
    assert.ok(d.problems.total > 0 && d.problems.resolved > 0 && d.votes.length > 0 && d.plans.length > 0, 'the demo has data');
    assert.ok(d.fees.some((f) => f.collection_permille !== null), 'the demo has bills');
    assert.ok(d.plans.some((p) => p.paid !== '0.00'), 'the demo has paid on its works');
    assert.equal(d.departments, undefined, 'the departments table is staff\'s');
    await checkAgainstSql(d);
  });

  test('the page shows the same figures as charts with their tables, and staff see the departments', async () => {
    const d = await json();
    const r = await anon.get('/dashboard/1');
    assert.equal(r.status, 200);
    const svgs = r.body.match(/<svg role="img"/g) ?? [];
    assert.ok(svgs.length >= 5, `charts: ${svgs.length}`);
    assert.equal((r.body.match(/<svg /g) ?? []).length, svgs.length, 'every chart is an image with a title and a description');
    assert.match(r.body, /<details class="chart-details"><summary>查看数据表<\/summary><table class="chart-data">/);
    assert.ok(r.body.includes(`${d.problems.median_resolution_days} 天`), 'the median in days');
    for (const c of d.problems.by_category.filter((x) => x.count > 0))
      assert.ok(r.body.includes(`<th scope="row">${c.name}</th><td>${c.count}件</td>`), `category ${c.name}`);
    const last = [...d.fees].reverse().find((f) => f.collection_permille !== null);
    const rate = `${Math.floor(last.collection_permille / 10)}.${last.collection_permille % 10}%`;
    assert.ok(r.body.includes(`<th scope="row">${last.month}</th><td>${rate}</td>`), `fees ${last.month} ${rate}`);
    assert.ok(!r.body.includes('各部门办理情况'), 'no departments for the public');
    assert.ok(r.body.includes('href="/dashboard"'), 'the nav has 数据看板');

    const staff = await json(a.staff);
    const referred = await rows(base.db, "SELECT dp.name, count(*), sum(CASE WHEN p.due_at <= " + base.now + ' THEN 1 ELSE 0 END) ' +
      "FROM problems p JOIN departments dp ON dp.id = p.department_id WHERE p.community_id = 1 AND p.state = 'referred' " +
      'GROUP BY dp.name ORDER BY dp.name');
    assert.deepEqual(staff.departments.map((x) => [x.name, x.referred, x.overdue]), referred.map(([n, k, o]) => [n, Number(k), Number(o)]));
    assert.equal((await json(a.owner)).departments, undefined, 'an owner is not staff');
    assert.equal((await json(a.committee)).departments, undefined, 'nor is the committee');
  });

  test('nothing personal: no reporter, owner or payer name, no problem text, place or room', async () => {
    const page = (await anon.get('/dashboard/1')).body;
    const staffPage = (await (await loggedIn(srv.url, 'staff')).get('/dashboard/1')).body;
    const data = JSON.stringify(await json(a.staff));
    const words = new Set();
    for (const q of [
      "SELECT DISTINCT reporter_name FROM problems WHERE community_id = 1 AND reporter_name <> ''",
      "SELECT DISTINCT a.display_name FROM problems p JOIN accounts a ON a.id = p.reporter_id WHERE p.community_id = 1",
      "SELECT DISTINCT a.display_name FROM accounts a JOIN owner_accounts oa ON oa.account_id = a.id WHERE a.display_name <> ''",
      "SELECT name FROM owners WHERE community_id = 1 AND kind = 'person' ORDER BY id LIMIT 300",
      "SELECT DISTINCT payer FROM payments WHERE community_id = 1 AND payer <> ''",
      "SELECT description FROM problems WHERE community_id = 1",
      "SELECT place FROM problems WHERE community_id = 1 AND place <> ''",
      "SELECT DISTINCT reporter_contact FROM problems WHERE community_id = 1 AND reporter_contact <> ''",
    ]) {
      // people's words and names are Chinese here, contacts digits; an account's login ("owner") is neither
      for (const [w] of await rows(base.db, q)) if (w && (/[^\x00-\x7f]/.test(w) || /^[0-9+ -]{7,}$/.test(w))) words.add(w);
    }
    assert.ok(words.size > 50, `words to look for: ${words.size}`);
    for (const w of words) {
      assert.ok(!page.includes(w), `the page shows "${w}"`);
      assert.ok(!staffPage.includes(w), `staff's page shows "${w}"`);
      assert.ok(!data.includes(w), `the JSON shows "${w}"`);
    }
    // the unit room of each reporter's own unit, written as the register writes it ("1栋1单元101")
    const rooms = await rows(base.db, 'SELECT DISTINCT b.name, s.name, u.room FROM problems p JOIN owner_accounts oa ON oa.account_id = p.reporter_id ' +
      'JOIN units u ON u.owner_id = oa.owner_id JOIN buildings b ON b.id = u.building_id JOIN stairwells s ON s.id = u.stairwell_id ' +
      'WHERE p.community_id = 1');
    for (const [bn, sn, room] of rooms) {
      assert.ok(!page.includes(`${bn}${sn}${room}`) && !data.includes(`${bn}${sn}${room}`), `unit ${bn}${sn}${room}`);
    }
  });

  test('an unknown community is 404, page and API', async () => {
    assert.equal((await anon.get('/dashboard/987654')).status, 404);
    assert.equal((await anon.get('/api/v1/communities/987654/dashboard')).status, 404);
    assert.equal((await anon.get('/dashboard')).status, 200, 'without a community: the installation\'s first');
  });

  test('a problem reported, one resolved, a payment: the figures move as SQL says', async () => {
    const before = await json();
    const category = before.problems.by_category[0];
    const code = (await sql(base.db, `SELECT code FROM problem_categories WHERE community_id = 1 AND name = '${category.name}'`)).trim();
    const r = await a.staff.post('/api/v1/communities/1/problems', { category: code, description: '看板测试：路灯不亮。',
      building: '1栋', channel: 'paper', reporter_name: '看板测试人' });
    assert.equal(r.status, 201, r.text);
    let d = await json();
    assert.equal(d.problems.total, before.problems.total + 1);
    assert.equal(d.problems.by_state.reported, before.problems.by_state.reported + 1);
    assert.equal(d.problems.by_category[0].count, category.count + 1);

    const answered = await count(base.db, "SELECT id FROM problems WHERE community_id = 1 AND state = 'answered' ORDER BY id LIMIT 1");
    assert.ok(answered > 0, 'the demo has an answered problem');
    await stepApi(a.staff, answered, { action: 'resolve' });
    d = await json();
    assert.equal(d.problems.resolved, before.problems.resolved + 1);
    assert.equal(d.problems.by_state.resolved, before.problems.by_state.resolved + 1);
    await checkAgainstSql(d); // the new median among them

    // a unit that owes: pay what it owes; only the allocations to this month's bills count this month,
    // an old bill paid late leaves its month's rate as it was
    const [[unitId, label]] = await rows(base.db, 'SELECT u.id, b.name || s.name || u.room FROM units u JOIN buildings b ON b.id = u.building_id ' +
      'JOIN stairwells s ON s.id = u.stairwell_id WHERE u.community_id = 1 AND EXISTS (SELECT 1 FROM bills x WHERE x.unit_id = u.id ' +
      `AND x.first_month = ${monthOf(base.now)} AND x.total > (SELECT coalesce(sum(amount), 0) FROM payment_allocations WHERE bill_id = x.id)) ` +
      'AND EXISTS (SELECT 1 FROM bills x WHERE x.unit_id = u.id AND x.first_month < ' + monthOf(base.now) + ' AND x.total > ' +
      '(SELECT coalesce(sum(amount), 0) FROM payment_allocations WHERE bill_id = x.id)) ORDER BY u.id LIMIT 1');
    const owed = await count(base.db, `SELECT sum(x.total) - coalesce((SELECT sum(pa.amount) FROM payment_allocations pa JOIN bills y ` +
      `ON y.id = pa.bill_id WHERE y.unit_id = ${unitId}), 0) FROM bills x WHERE x.unit_id = ${unitId}`);
    const p = await a.committee.post('/api/v1/communities/1/payments', { unit: label, amount: yuan(owed), method: 'cash', payer: '看板付款人' });
    assert.equal(p.status, 201, p.text);
    const after = await json();
    const thisMonth = await count(base.db, `SELECT coalesce(sum(pa.amount), 0) FROM payment_allocations pa JOIN bills b ON b.id = pa.bill_id ` +
      `WHERE pa.payment_id = ${p.json.id} AND b.first_month = ${monthOf(base.now)}`);
    assert.ok(thisMonth > 0 && thisMonth < owed, `part of it pays this month's bill: ${thisMonth} of ${owed}`);
    const paid = (ds) => ds.fees.map((f) => fen(f.paid));
    const was = paid(d);
    const now = paid(after);
    assert.deepEqual(now.slice(0, 11), was.slice(0, 11), 'earlier months are as they were at their end');
    assert.equal(now[11], was[11] + thisMonth);
    await checkAgainstSql(after);
    assert.ok(!JSON.stringify(after).includes('看板付款人') && !(await anon.get('/dashboard/1')).body.includes('看板付款人'));
  });
});

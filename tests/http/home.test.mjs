// home.test.mjs: the resident's home (issue 11) — GET / for someone with units of their own shows
// what concerns them, each in a section of its own: the open votes for their units (还没投票 with
// a button to the ballot, then 已投票), what they owe per unit (the same figure as the bills API),
// the problems they reported or said "me too" to, the plan items for their building or the whole
// compound, and the current notices for their building or the compound. Another owner (in 3栋)
// sees none of the 1栋 owner's things; a tenant sees no bills; staff and heads keep their roles
// page; a visitor is asked to log in.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, loggedIn, client, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count } from './lib/problems.mjs';

/** The section of the home labelled hm-<id>, or null when the page has none. */
function part(html, id) {
  const start = html.indexOf(`<section class="home-part" aria-labelledby="hm-${id}">`);
  if (start < 0) return null;
  return html.slice(start, html.indexOf('</section>', start));
}

/** The lines of a section's list: each line's text with the tags taken out. */
function lines(section) {
  return [...section.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

describe('home: what concerns me', SUITE, () => {
  let base;
  let srv;
  const c = {}; // page clients
  const a = {}; // API clients
  let elevator; // the demo's open 1栋 elevator decision
  const home = async (who) => {
    const r = await c[who].get('/');
    assert.equal(r.status, 200, `${who}'s home: ${r.status}`);
    return r.body;
  };
  const unitOf = (account) => count(base.db, 'SELECT min(u.id) FROM owner_accounts oa JOIN units u ON ' +
    'u.community_id = oa.community_id AND u.owner_id = oa.owner_id JOIN accounts ac ON ac.id = oa.account_id ' +
    `WHERE ac.name = '${account}'`);

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    for (const [name, grant] of [['hm-owner3', 'owner@1'], ['hm-tenant', 'resident@1']]) {
      const r = await yuanli(['user', 'add', name, '--grant', grant, '--db', base.db], { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(r.code, 0, r.stderr);
    }
    // hm-owner3 owns the first unit of 3栋; hm-tenant lives in 1栋 (not as its owner)
    await sql(base.db, "INSERT INTO owner_accounts (community_id, owner_id, account_id) SELECT 1, u.owner_id, " +
      "(SELECT id FROM accounts WHERE name = 'hm-owner3') FROM units u JOIN buildings b ON b.id = u.building_id " +
      "WHERE u.community_id = 1 AND b.name = '3栋' ORDER BY u.id LIMIT 1");
    await sql(base.db, "UPDATE residents SET account_id = (SELECT id FROM accounts WHERE name = 'hm-tenant') WHERE id = " +
      '(SELECT min(r.id) FROM residents r JOIN units u ON u.id = r.unit_id JOIN buildings b ON b.id = u.building_id ' +
      "WHERE b.name = '1栋' AND r.account_id IS NULL)");
    elevator = await count(base.db, "SELECT id FROM decisions WHERE title = '1栋加装电梯' AND state = 'open'");
    assert.ok(elevator > 0, 'the demo has the open 1栋 elevator vote');
    for (const u of ['owner', 'hm-owner3', 'hm-tenant', 'staff', 'head', 'committee']) {
      c[u] = await loggedIn(srv.url, u);
      a[u] = api(srv.url, await tokenFor(srv, u));
    }
    c.anon = client(srv.url);
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('the open 1栋 elevator vote: 还没投票 with a button to the ballot, then 已投票 once voted', async () => {
    let votes = part(await home('owner'), 'votes');
    assert.ok(votes, 'the owner\'s home has a votes section');
    const line = lines(votes).find((l) => l.includes('1栋加装电梯'));
    assert.ok(line, votes);
    assert.match(line, /还没投票/);
    assert.match(line, /\d{4}-\d{2}-\d{2} 截止/, 'the close date');
    assert.ok(votes.includes(`href="/decisions/${elevator}/vote"`), 'a button to the ballot');
    // the 3栋 owner is not on the 1栋 roll, and a tenant votes on nothing
    for (const who of ['hm-owner3', 'hm-tenant']) {
      const v = part(await home(who), 'votes');
      assert.ok(!v.includes('1栋加装电梯'), who);
      assert.match(v, /现在没有要您表决的事项。/, who);
    }
    const r = await a.owner.post(`/api/v1/decisions/${elevator}/ballots`, { choice: 'yes' });
    assert.equal(r.status, 201, r.text);
    votes = part(await home('owner'), 'votes');
    const after = lines(votes).find((l) => l.includes('1栋加装电梯'));
    assert.match(after, /已投票/);
    assert.doesNotMatch(after, /还没投票/);
    assert.ok(!votes.includes(`/decisions/${elevator}/vote`), 'no ballot button once voted');
  });

  test('what I owe per unit is the bills API\'s figure; 已缴清 once paid; none for a tenant', async () => {
    for (const who of ['owner', 'hm-owner3']) {
      const unit = await unitOf(who);
      const owed = (await a[who].get(`/api/v1/units/${unit}/bills`)).json.owed;
      const bills = part(await home(who), 'bills');
      assert.ok(bills, `${who}: a bills section`);
      assert.equal(lines(bills).length, 1, `${who}: one unit`);
      assert.match(lines(bills)[0], owed === '0.00' ? /已缴清。/ : new RegExp(`现在欠费 ${owed.replace('.', '\\.')} 元。`), who);
      assert.ok(bills.includes('href="/bills"'), 'the way to the bills');
    }
    const unit = await unitOf('owner');
    const owed = (await a.owner.get(`/api/v1/units/${unit}/bills`)).json.owed;
    assert.notEqual(owed, '0.00', 'the demo owner owes something');
    assert.match(part(await home('hm-owner3'), 'bills'), /3栋/);
    assert.doesNotMatch(part(await home('hm-owner3'), 'bills'), /1栋1单元101/, 'not the other owner\'s unit');
    const paid = await a.committee.post('/api/v1/communities/1/payments', { unit_id: unit, amount: owed, method: 'cash' });
    assert.equal(paid.status, 201, paid.text);
    assert.equal((await a.owner.get(`/api/v1/units/${unit}/bills`)).json.owed, '0.00');
    assert.match(lines(part(await home('owner'), 'bills'))[0], /1栋1单元101.*已缴清。/);
    assert.equal(part(await home('hm-tenant'), 'bills'), null, 'the bills are the owner\'s, not the tenant\'s');
  });

  test('my problems: reported or me too, newest first, at most 5, with their state; not someone else\'s', async () => {
    assert.match(part(await home('hm-owner3'), 'problems'), /您还没有反映过问题。/);
    const r = await a.owner.post('/api/v1/communities/1/problems', { category: 'lighting', description: '1栋2单元楼道灯坏了三天，晚上看不见台阶。', building: '1栋' });
    assert.equal(r.status, 201, r.text);
    const mine = part(await home('owner'), 'problems');
    const shown = lines(mine);
    const reported = await count(base.db, "SELECT count(*) FROM problems p JOIN accounts a ON a.id = p.reporter_id WHERE a.name = 'owner'");
    assert.equal(shown.length, Math.min(5, reported));
    assert.match(shown[0], /1栋2单元楼道灯坏了三天/, 'the newest first');
    assert.match(shown[0], /已反映，待核实/, 'its state');
    assert.ok(mine.includes(`href="/problems/${r.json.id}"`));
    assert.ok(!part(await home('hm-owner3'), 'problems').includes('楼道灯坏了三天'), 'not on another owner\'s home');
    // the 3栋 owner says "me too": it is theirs to follow now, marked as such
    assert.equal((await a['hm-owner3'].post(`/api/v1/problems/${r.json.id}/support`, '')).status, 200);
    const theirs = lines(part(await home('hm-owner3'), 'problems'));
    assert.equal(theirs.length, 1);
    assert.match(theirs[0], /楼道灯坏了三天.*我也遇到/);
  });

  test('plan items for my building or the whole compound; not another building\'s', async () => {
    const own = lines(part(await home('owner'), 'plan'));
    assert.ok(own.some((l) => l.includes('1栋加装电梯') && l.includes('1栋')), own.join('\n'));
    assert.ok(own.some((l) => l.includes('全小区')), 'the whole compound\'s items too');
    const other = lines(part(await home('hm-owner3'), 'plan'));
    assert.ok(other.some((l) => l.includes('全小区')), other.join('\n'));
    assert.ok(!other.some((l) => l.includes('1栋')), `a 3栋 owner sees no 1栋 item: ${other.join('\n')}`);
    assert.ok(own.some((l) => l.includes('1栋屋面防水')), 'an item of the adopted plan, with its work');
    for (const id of [...part(await home('owner'), 'plan').matchAll(/href="\/plans\/(\d+)"/g)].map((m) => m[1]))
      assert.equal((await c.owner.get(`/plans/${id}`)).status, 200, `plan ${id}`);
  });

  test('notices for my building and the compound, not for another building only', async () => {
    const publish = async (title, audience) => {
      const d = await a.staff.post('/api/v1/communities/1/notices', { title, body: '请留意。', ...(audience ? { audience } : {}) });
      assert.equal(d.status, 201, d.text);
      const p = await a.staff.post(`/api/v1/notices/${d.json.id}/publish`, {});
      assert.equal(p.status, 200, p.text);
    };
    await publish('全小区停水通知');
    await publish('1栋外墙施工', [{ building: '1栋' }]);
    await publish('3栋管道检修', [{ building: '3栋' }]);
    const seen = async (who) => lines(part(await home(who), 'notices')).join('\n');
    const owner = await seen('owner');
    assert.match(owner, /全小区停水通知/);
    assert.match(owner, /1栋外墙施工/);
    assert.doesNotMatch(owner, /3栋管道检修/);
    const tenant = await seen('hm-tenant');
    assert.match(tenant, /1栋外墙施工/);
    assert.doesNotMatch(tenant, /3栋管道检修/);
    const other = await seen('hm-owner3');
    assert.match(other, /全小区停水通知/);
    assert.match(other, /3栋管道检修/);
    assert.doesNotMatch(other, /1栋外墙施工/);
  });

  test('staff, heads and the committee keep their roles page; a visitor is asked to log in', async () => {
    for (const who of ['staff', 'head', 'committee']) {
      const page = await home(who);
      assert.match(page, /您的身份/, who);
      const units = await count(base.db, 'SELECT count(*) FROM owner_accounts oa JOIN accounts a ON a.id = oa.account_id ' +
        `WHERE a.name = '${who}'`) + await count(base.db, `SELECT count(*) FROM residents r JOIN accounts a ON a.id = r.account_id WHERE a.name = '${who}'`);
      assert.equal(part(page, 'votes') !== null, units > 0, `${who}: sections only with units of their own`);
    }
    const r = await c.anon.get('/');
    assert.equal(r.status, 200);
    assert.match(r.body, /请先登录/);
    assert.ok(r.body.includes('href="/login"'));
    assert.equal(part(r.body, 'votes'), null);
    assert.equal(part(r.body, 'notices'), null);
  });
});

// wishes.test.mjs: small wishes (微心愿, issue 9). A resident posts a wish for their own unit; a
// neighbourhood head enters one on paper for a neighbour in their buildings (elsewhere 403);
// confirmed volunteers see open wishes with the building and a masked name, adopt one (of two
// adopting at once one gets 409), see the unit once they have it, and say it is fulfilled; the
// poster confirms with the minutes it took (1 to 1440), earning one point per whole half hour,
// once. The poster withdraws a wish while it is open. Every refusal leaves the wishes and the
// audit log as they were.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count } from './lib/problems.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

describe('small wishes: post, adopt, fulfil, confirm, withdraw', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  let own; // the owner's own wish (1栋1单元101)
  let paper; // the head's paper wish for 王奶奶 (2栋1单元101)

  const state = async () => (await sql(base.db, 'SELECT count(*) FROM audit')).trim() + '\n' +
    (await sql(base.db, 'SELECT id, state, coalesce(volunteer_id, 0), minutes, points FROM wishes ORDER BY id')).trim();
  const unchanged = unchangedBy(state);
  const row = async (id) => {
    const [st, vol, minutes, points] = (await sql(base.db,
      `SELECT state, coalesce(volunteer_id, 0), minutes, points FROM wishes WHERE id = ${Number(id)}`)).trim().split('|');
    return { state: st, volunteer: Number(vol), minutes: Number(minutes), points: Number(points) };
  };
  const volunteerId = (login) => count(base.db,
    `SELECT v.id FROM volunteers v JOIN accounts a ON a.id = v.account_id WHERE a.name = '${login}'`);

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    const users = [['wish-vol1', 'volunteer'], ['wish-vol2', 'volunteer'], ['wish-vol3', 'volunteer'],
      ['wish-nounit', 'resident']];
    await Promise.all(users.map(async ([u, role]) => {
      const r = await yuanli(['user', 'add', u, '--grant', `${role}@1`, '--db', base.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(r.code, 0, r.stderr);
    }));
    // registrations are another part's work: these accounts' own, written directly
    for (const [u, st] of [['wish-vol1', 'confirmed'], ['wish-vol2', 'confirmed'], ['wish-vol3', 'applied']])
      await sql(base.db, `INSERT INTO volunteers (community_id, account_id, name, state, applied_at) ` +
        `SELECT 1, id, '${u}', '${st}', 0 FROM accounts WHERE name = '${u}'`);
    await Promise.all(['staff', 'owner', 'head', ...users.map((u) => u[0])].map(async (u) => {
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

  test('a resident posts a wish for their own unit; bad input and the wrong people change nothing', async () => {
    const url = '/api/v1/communities/1/wishes';
    refusedWith(await unchanged(() => a.owner.post(url, { title: '' }), 'no title'), 422, 'required');
    refusedWith(await unchanged(() => a.owner.post(url, { title: 'x'.repeat(61) }), 'long title'), 422);
    refusedWith(await unchanged(() => a.owner.post(url, { title: '换灯泡', channel: 'fax' }), 'channel'), 422, 'bad_channel');
    refusedWith(await unchanged(() => a['wish-vol1'].post(url, { title: '换灯泡' }), 'volunteer'), 403, 'forbidden');
    refusedWith(await unchanged(() => a['wish-nounit'].post(url, { title: '换灯泡' }), 'no unit'), 422, 'no_unit');
    // a resident cannot enter one on paper for someone else
    refusedWith(await unchanged(() => a.owner.post(url, { title: '换灯泡', channel: 'paper', for_name: '王奶奶',
      unit: '1栋1单元102' }), 'owner paper'), 403, 'not_allowed');
    const r = await a.owner.post(url, { title: '厨房灯泡坏了，想请人帮忙换一下', body: '灯泡我已经买好了。' });
    assert.equal(r.status, 201, r.text);
    own = r.json.id;
    const g = await a.owner.get(`/api/v1/wishes/${own}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.state, 'open');
    assert.equal(g.json.unit, '1栋1单元101');
    assert.equal(g.json.building, '1栋');
    assert.equal(g.json.name, '曹振华');
    assert.equal(g.json.channel, 'online');
    assert.equal(g.json.mine, true);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'wish.post' AND object_id = ${own}`), 1);
  });

  test('a head enters a paper wish only for a neighbour in their buildings, with name and unit', async () => {
    const url = '/api/v1/communities/1/wishes';
    const w = { title: '想请人陪同去社区医院复查', channel: 'paper', for_name: '王奶奶', unit: '2栋1单元101' };
    refusedWith(await unchanged(() => a.head.post(url, { ...w, for_name: '' }), 'no name'), 422, 'required');
    refusedWith(await unchanged(() => a.head.post(url, { ...w, unit: '' }), 'no unit'), 422, 'required');
    refusedWith(await unchanged(() => a.head.post(url, { ...w, unit: '二栋101' }), 'bad unit'), 422, 'bad_unit');
    refusedWith(await unchanged(() => a.head.post(url, { ...w, unit: '2栋1单元9901' }), 'unknown unit'), 422, 'unknown_unit');
    refusedWith(await unchanged(() => a.head.post(url, { ...w, unit: '5栋1单元101' }), 'outside'), 403, 'not_your_building');
    const r = await a.head.post(url, w);
    assert.equal(r.status, 201, r.text);
    paper = r.json.id;
    const g = await a.head.get(`/api/v1/wishes/${paper}`);
    assert.equal(g.json.channel, 'paper');
    assert.equal(g.json.name, '王奶奶');
    assert.equal(g.json.unit, '2栋1单元101');
    // staff may enter one anywhere
    const s = await a.staff.post(url, { ...w, unit: '5栋1单元101', for_name: '李爷爷', title: '帮忙搬一下旧家具' });
    assert.equal(s.status, 201, s.text);
    const audit = JSON.parse(await sql(base.db, `SELECT details FROM audit WHERE action = 'wish.post' AND object_id = ${paper}`));
    assert.equal(audit.for_name, '王奶奶');
    assert.equal(audit.channel, 'paper');
  });

  test('volunteers see open wishes with the building and a masked name; other residents see only their own', async () => {
    const l = await a['wish-vol1'].get('/api/v1/communities/1/wishes?state=open');
    assert.equal(l.status, 200, l.text);
    const mine = l.json.items.find((x) => x.id === own);
    assert.ok(mine, 'the open wish is listed for a volunteer');
    assert.equal(mine.unit, null);
    assert.equal(mine.building, '1栋');
    assert.equal(mine.name, '曹**');
    const p = l.json.items.find((x) => x.id === paper);
    assert.equal(p.name, '王**');
    assert.equal(l.json.total, l.json.items.length);
    const other = await a['wish-nounit'].get('/api/v1/communities/1/wishes');
    assert.equal(other.json.total, 0);
    assert.equal((await a['wish-nounit'].get(`/api/v1/wishes/${own}`)).status, 404);
    // the head sees the wishes of their buildings in full
    const h = await a.head.get(`/api/v1/wishes/${own}`);
    assert.equal(h.json.unit, '1栋1单元101');
    refusedWith(await a.owner.get('/api/v1/communities/1/wishes?state=done'), 422, 'bad_state');
  });

  test('only a confirmed volunteer adopts; of two adopting at once one wins and the other gets 409', async () => {
    refusedWith(await unchanged(() => a['wish-vol3'].post(`/api/v1/wishes/${own}/adopt`, {}), 'applied'), 403,
      'not_confirmed_volunteer');
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/wishes/${own}/adopt`, {}), 'owner'), 403, 'forbidden');
    const [r1, r2] = await Promise.all([a['wish-vol1'].post(`/api/v1/wishes/${own}/adopt`, {}),
      a['wish-vol2'].post(`/api/v1/wishes/${own}/adopt`, {})]);
    const statuses = [r1.status, r2.status].sort();
    assert.deepEqual(statuses, [200, 409], `${r1.text} ${r2.text}`);
    const loser = r1.status === 409 ? r1 : r2;
    assert.equal(loser.json.error.code, 'already_adopted');
    const winner = r1.status === 200 ? 'wish-vol1' : 'wish-vol2';
    const other = winner === 'wish-vol1' ? 'wish-vol2' : 'wish-vol1';
    assert.deepEqual(await row(own), { state: 'adopted', volunteer: await volunteerId(winner), minutes: 0, points: 0 });
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'wish.adopt' AND object_id = ${own}`), 1);
    // the adopter now sees the unit; the other volunteer no longer sees the wish at all
    const g = await a[winner].get(`/api/v1/wishes/${own}`);
    assert.equal(g.json.unit, '1栋1单元101');
    assert.equal(g.json.name, '曹振华');
    assert.equal(g.json.volunteer.id, await volunteerId(winner));
    assert.equal((await a[other].get(`/api/v1/wishes/${own}`)).status, 404);

    // fulfil: only the adopter, once (to another volunteer an adopted wish is not there)
    refusedWith(await unchanged(() => a[other].post(`/api/v1/wishes/${own}/fulfil`, {}), 'other'), 404);
    refusedWith(await unchanged(() => a['wish-vol3'].post(`/api/v1/wishes/${own}/fulfil`, {}), 'applied'), 404);
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/wishes/${own}/confirm`, { minutes: 30 }), 'early confirm'),
      409, 'wrong_state');
    const f = await a[winner].post(`/api/v1/wishes/${own}/fulfil`, {});
    assert.equal(f.status, 200, f.text);
    assert.equal(f.json.state, 'fulfilled');
    refusedWith(await unchanged(() => a[winner].post(`/api/v1/wishes/${own}/fulfil`, {}), 'twice'), 409, 'wrong_state');
  });

  test('the poster confirms once with 1 to 1440 minutes; points are one per whole half hour', async () => {
    const url = `/api/v1/wishes/${own}/confirm`;
    refusedWith(await unchanged(() => a.owner.post(url, { minutes: 0 }), 'zero'), 422, 'bad_minutes');
    refusedWith(await unchanged(() => a.owner.post(url, { minutes: 1441 }), 'over a day'), 422, 'bad_minutes');
    refusedWith(await unchanged(() => a.owner.post(url, { minutes: '半小时' }), 'words'), 422, 'bad_minutes');
    refusedWith(await unchanged(() => a.owner.post(url, {}), 'absent'), 422, 'bad_minutes');
    refusedWith(await unchanged(() => a.head.post(url, { minutes: 60 }), 'not the poster'), 403, 'not_poster');
    refusedWith(await unchanged(() => a['wish-vol1'].post(url, { minutes: 60 }), 'volunteer'), 403, 'forbidden');
    const r = await a.owner.post(url, { minutes: 95 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'confirmed');
    const w = await row(own);
    assert.equal(w.minutes, 95);
    assert.equal(w.points, 3); // 95 minutes: three whole half hours
    refusedWith(await unchanged(() => a.owner.post(url, { minutes: 60 }), 'twice'), 409, 'already_confirmed');
    const audit = JSON.parse(await sql(base.db, `SELECT details FROM audit WHERE action = 'wish.confirm' AND object_id = ${own}`));
    assert.equal(audit.minutes, 95);
    assert.equal(audit.points, 3);
  });

  test('the poster withdraws an open wish; a withdrawn wish is adopted by nobody', async () => {
    // the head sees the owner's wish (their building) but did not post it
    const o = await a.owner.post('/api/v1/communities/1/wishes', { title: '想找人教我用智能手机' });
    assert.equal(o.status, 201, o.text);
    refusedWith(await unchanged(() => a.head.post(`/api/v1/wishes/${o.json.id}/withdraw`, {}), 'not poster'), 403,
      'not_poster');
    // to a resident of another building the head's paper wish is not there
    assert.equal((await unchanged(() => a.owner.post(`/api/v1/wishes/${paper}/withdraw`, {}), 'unseen')).status, 404);
    const w = await a.owner.post(`/api/v1/wishes/${o.json.id}/withdraw`, {});
    assert.equal(w.status, 200, w.text);
    refusedWith(await unchanged(() => a.owner.post(`/api/v1/wishes/${own}/withdraw`, {}), 'confirmed'), 409, 'wrong_state');
    const r = await a.head.post(`/api/v1/wishes/${paper}/withdraw`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal((await row(paper)).state, 'withdrawn');
    refusedWith(await unchanged(() => a.head.post(`/api/v1/wishes/${paper}/withdraw`, {}), 'twice'), 409, 'wrong_state');
    // a volunteer no longer sees it at all
    assert.equal((await a['wish-vol1'].get(`/api/v1/wishes/${paper}`)).status, 404);
  });

  test('pages: post, adopt, fulfil and confirm through the forms; a refused form says why', async () => {
    const owner = await loggedIn(srv.url, 'owner');
    let page = await owner.get('/wishes');
    assert.equal(page.status, 200);
    assert.match(page.body, /许一个微心愿/);
    let r = await owner.post('/wishes', { csrf: csrfOf(page.body), title: '想请人帮忙修一下门锁' });
    assert.equal(r.status, 303, noticeOf(r.body));
    const id = Number(/^\/wishes\/(\d+)\?done=posted$/.exec(r.headers.get('location'))[1]);
    r = await owner.post('/wishes', { csrf: csrfOf(page.body), title: '' });
    assert.equal(r.status, 422);
    assert.ok(noticeOf(r.body));

    const vol = await loggedIn(srv.url, 'wish-vol1');
    page = await vol.get('/wishes');
    assert.match(page.body, /等待认领的心愿/);
    assert.match(page.body, /想请人帮忙修一下门锁/);
    // the open wish shows its building and a masked name, not the unit
    assert.match(page.body, /想请人帮忙修一下门锁<\/a> · 等待认领<br>曹\*\* · 1栋</);
    page = await vol.get(`/wishes/${id}`);
    assert.match(page.body, /我来认领/);
    r = await vol.post(`/wishes/${id}/adopt`, { csrf: csrfOf(page.body) });
    assert.equal(r.status, 303);
    page = await vol.get(`/wishes/${id}`);
    assert.match(page.body, /1栋1单元101/);
    r = await vol.post(`/wishes/${id}/fulfil`, { csrf: csrfOf(page.body) });
    assert.equal(r.status, 303);

    page = await owner.get(`/wishes/${id}`);
    assert.match(page.body, /确认心愿已完成/);
    r = await owner.post(`/wishes/${id}/confirm`, { csrf: csrfOf(page.body), minutes: '0' });
    assert.equal(r.status, 422);
    assert.match(noticeOf(r.body), /1 到 1440/);
    r = await owner.post(`/wishes/${id}/confirm`, { csrf: csrfOf(page.body), minutes: '60' });
    assert.equal(r.status, 303);
    assert.deepEqual(await row(id), { state: 'confirmed', volunteer: await volunteerId('wish-vol1'), minutes: 60, points: 2 });
    page = await owner.get(`/wishes/${id}`);
    assert.match(page.body, /60 分钟，积 2 分/);

    // the head's page has the paper form; an outsider's unit is refused on the page too
    const head = await loggedIn(srv.url, 'head');
    page = await head.get('/wishes');
    assert.match(page.body, /代居民登记心愿/);
    r = await head.post('/wishes', { csrf: csrfOf(page.body), channel: 'paper', for_name: '赵爷爷', unit: '5栋1单元101',
      title: '帮忙取快递' });
    assert.equal(r.status, 403);
    assert.match(noticeOf(r.body), /自己负责楼栋/);
  });
});

// volunteers.test.mjs: volunteers reporting in (报到, issue 9). A resident reports in (API or the page
// with a photo); staff confirm with the duty roles and buildings they decide, which grants the
// account the volunteer role and puts the card on /volunteers, or decline; one registration per
// account (a declined one may report in again, the same row back to applied). Cards never carry a
// phone. The community adds, renames and removes its own duty roles; the four builtin ones never
// change. Residents see the volunteers of their building on their home page. Only a confirmed
// supervisor (or staff) records an inspection. Staff set the Party members' yearly hours and see
// who is short of them. Every refusal is shown to change nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count, multipartBody, jpeg } from './lib/problems.mjs';
import { unchangedBy, refusedWith } from './lib/refusals.mjs';

describe('volunteers: reporting in, duty roles, cards, supervisors, yearly hours', SUITE, () => {
  let base;
  let srv;
  const a = {}; // API clients by login
  const c = {}; // page clients by login
  let newcomer; // vol-res's registration (lives in 5栋)
  let work; // a demo work to inspect

  const state = async () => (await sql(base.db, "SELECT (SELECT count(*) FROM volunteers) || '|' || " +
    "(SELECT count(*) FROM volunteers WHERE state = 'confirmed') || '|' || (SELECT count(*) FROM volunteer_duties) || '|' || " +
    "(SELECT count(*) FROM volunteer_buildings) || '|' || (SELECT count(*) FROM volunteer_roles) || '|' || " +
    "(SELECT count(*) FROM account_roles) || '|' || (SELECT count(*) FROM inspections) || '|' || " +
    "(SELECT volunteer_hours_target FROM communities WHERE id = 1) || '|' || (SELECT count(*) FROM audit)")).trim();
  const unchanged = unchangedBy(state);
  const accountId = async (name) => count(base.db, `SELECT id FROM accounts WHERE name = '${name}'`);
  const hasVolunteerRole = async (name) => count(base.db,
    `SELECT count(*) FROM account_roles WHERE role = 'volunteer' AND community_id = 1 AND account_id = ${await accountId(name)}`);
  const volunteerOf = async (name) => count(base.db, `SELECT id FROM volunteers WHERE account_id = ${await accountId(name)}`);

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    for (const u of ['vol-res', 'vol-res2']) {
      const add = await yuanli(['user', 'add', u, '--grant', 'resident@1', '--db', base.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(add.code, 0, add.stderr);
    }
    // vol-res lives in 5栋, vol-res2 in 9栋
    for (const [u, b] of [['vol-res', '5栋'], ['vol-res2', '9栋']])
      await sql(base.db, `UPDATE residents SET account_id = (SELECT id FROM accounts WHERE name = '${u}') WHERE id = ` +
        `(SELECT min(r.id) FROM residents r JOIN units un ON un.id = r.unit_id JOIN buildings bd ON bd.id = un.building_id ` +
        `WHERE bd.name = '${b}')`);
    await Promise.all([
      ...['staff', 'owner', 'volunteer', 'volunteer02', 'volunteer04', 'committee', 'head', 'vol-res', 'vol-res2']
        .map(async (u) => { a[u] = api(srv.url, await tokenFor(srv, u, `t-${u}`)); }),
      ...['staff', 'owner', 'head', 'vol-res', 'vol-res2', 'volunteer']
        .map(async (u) => { c[u] = await loggedIn(srv.url, u); }),
    ]);
    work = await count(base.db, 'SELECT min(id) FROM works WHERE community_id = 1');
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code !== 0) console.error(r?.stderr);
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('the demo: 60 confirmed Party members with duties, two waiting, a target of 20 hours', async () => {
    const list = await a.owner.get('/api/v1/communities/1/volunteers?limit=1000');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.total, 60);
    assert.ok(list.json.items.every((v) => v.party_member && v.party_org && v.roles.length >= 1 && v.buildings.length >= 1));
    const liu = list.json.items.find((v) => v.name === '刘志明');
    assert.deepEqual(liu.roles.sort(), ['mediator', 'supervisor']);
    // the list reads every card's duties and buildings in one statement each: each card must get
    // its own, as the tables say
    const rows = (await sql(base.db, 'SELECT d.volunteer_id, r.code FROM volunteer_duties d JOIN volunteer_roles r ' +
      'ON r.id = d.role_id UNION ALL SELECT -vb.volunteer_id, b.name FROM volunteer_buildings vb JOIN buildings b ' +
      'ON b.id = vb.building_id')).trim().split('\n').map((l) => l.split('|'));
    const want = (id) => [rows.filter((r) => +r[0] === id).map((r) => r[1]).sort(),
      rows.filter((r) => +r[0] === -id).map((r) => r[1]).sort()];
    for (const v of list.json.items)
      assert.deepEqual([[...v.roles].sort(), [...v.buildings].sort()], want(v.id), `volunteer ${v.id} ${v.name}`);
    assert.ok(new Set(list.json.items.map((v) => v.roles.join() + '/' + v.buildings.join())).size > 5);
    assert.equal(await count(base.db, "SELECT count(*) FROM volunteers WHERE state = 'applied'"), 2);
    assert.equal(await count(base.db, 'SELECT volunteer_hours_target FROM communities WHERE id = 1'), 20);
  });

  test('bad input is a 422 naming the field and changes nothing; party_org is required of a Party member', async () => {
    const post = (body) => a.committee.post('/api/v1/communities/1/volunteers', body);
    const cases = [
      [{ party_member: true }, 'party_org'],
      [{ party_member: true, party_org: '' }, 'party_org'],
      [{ name: '张'.repeat(51) }, 'name'],
      [{ phone: '12345' }, 'phone'],
      [{ phone: '1390000111x' }, 'phone'],
      [{ party_member: 'yes' }, 'party_member'],
      [{ roles: ['astronaut'] }, 'roles'],
      [{ roles: 'publicist' }, 'roles'],
      [{ buildings: ['99栋'] }, 'buildings'],
      [{ buildings: [5] }, 'buildings'],
      [{ commitment: '好'.repeat(201) }, 'commitment'],
      [{ skills: '会'.repeat(201) }, 'skills'],
    ];
    for (const [body, field] of cases) {
      const r = await unchanged(() => post(body), JSON.stringify(body));
      refusedWith(r, 422, null, field);
      assert.ok(r.json.error.message.length > 0);
    }
    const pm = await post({ party_member: true });
    assert.match(pm.json.error.message, /党组织/);
    // a paper registration is staff's: a resident cannot enter one for someone else
    refusedWith(await unchanged(() => a['vol-res2'].post('/api/v1/communities/1/volunteers', { paper: true, name: '赵大爷' }),
      'paper by resident'), 403, 'forbidden');
  });

  test('a resident reports in; a second registration is a 409; the owner cannot confirm; staff confirm, granting the role', async () => {
    const r = await a['vol-res'].post('/api/v1/communities/1/volunteers', {
      name: '测试志愿者甲', phone: '13900001111', party_member: true, party_org: '中南院社区党委第二支部',
      skills: '电工', availability: '周末', commitment: '楼道的灯坏了找我。', roles: ['publicist'], buildings: ['4栋'],
    });
    assert.equal(r.status, 201, r.text);
    newcomer = r.json.id;
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'volunteer.apply' AND object_id = ${newcomer}`), 1);
    refusedWith(await unchanged(() => a['vol-res'].post('/api/v1/communities/1/volunteers', { name: '又一次' }), 'twice'),
      409, 'exists');
    // not a card yet: others do not see it, the person and staff do
    assert.equal((await a.owner.get(`/api/v1/volunteers/${newcomer}`)).status, 404);
    const own = await a['vol-res'].get(`/api/v1/volunteers/${newcomer}`);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.json.state, 'applied');
    assert.equal(own.json.phone, '13900001111');
    refusedWith(await a.owner.get('/api/v1/communities/1/volunteers?state=applied'), 403, 'forbidden');
    const pending = await a.staff.get('/api/v1/communities/1/volunteers?state=applied');
    assert.ok(pending.json.items.some((v) => v.id === newcomer));

    refusedWith(await unchanged(() => a.owner.post(`/api/v1/volunteers/${newcomer}/confirm`, {}), 'owner'), 403, 'forbidden');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/volunteers/${newcomer}/confirm`, { roles: ['nobody'] }),
      'bad role'), 422, 'unknown_role', 'roles');
    assert.equal(await hasVolunteerRole('vol-res'), 0);
    const grants = await count(base.db, `SELECT count(*) FROM audit WHERE action = 'role.grant'`);
    const ok = await a.staff.post(`/api/v1/volunteers/${newcomer}/confirm`,
      { roles: ['publicist', 'advisor'], buildings: ['5栋'] });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.state, 'confirmed');
    assert.deepEqual(ok.json.roles, ['publicist', 'advisor']);
    assert.deepEqual(ok.json.buildings, ['5栋']);
    assert.equal(await hasVolunteerRole('vol-res'), 1);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'role.grant'`), grants + 1);
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/volunteers/${newcomer}/confirm`, {}), 'confirm twice'), 409,
      'not_applied');
    refusedWith(await unchanged(() => a.staff.post(`/api/v1/volunteers/${newcomer}/decline`, {}), 'decline confirmed'), 409,
      'not_applied');

    // the card: the API list in the shape, the page; never the phone
    const list = await a.owner.get('/api/v1/communities/1/volunteers?limit=1000');
    assert.equal(list.json.total, 61);
    const card = list.json.items.find((v) => v.id === newcomer);
    assert.deepEqual(card, {
      id: newcomer, name: '测试志愿者甲', roles: ['publicist', 'advisor'], buildings: ['5栋'],
      commitment: '楼道的灯坏了找我。', party_member: true, party_org: '中南院社区党委第二支部', photo: null,
    });
    assert.doesNotMatch(list.text, /13900001111|1390000/);
    const page = await c.owner.get('/volunteers');
    assert.equal(page.status, 200);
    assert.match(page.body, /测试志愿者甲/);
    assert.match(page.body, /宣传员、参谋员/);
    assert.match(page.body, /楼道的灯坏了找我。/);
    assert.doesNotMatch(page.body, /13900001111/);
    const one = await c.owner.get(`/volunteers/${newcomer}`);
    assert.equal(one.status, 200);
    assert.match(one.body, /党员/);
    assert.doesNotMatch(one.body, /13900001111/);
    assert.match((await c.staff.get(`/volunteers/${newcomer}`)).body, /13900001111/, 'staff see the phone');
  });

  test('the page form with a photo; staff decline it; the person may report in again', async () => {
    const form = await c.head.get('/volunteers/join');
    assert.equal(form.status, 200);
    assert.match(form.body, /王建国/, 'the name defaults to the account\'s');
    const { body, contentType } = multipartBody([['csrf', csrfOf(form.body)], ['name', '王建国'], ['roles_sent', '1'],
      ['roles', 'mediator'], ['roles', 'supervisor'], ['buildings', '1栋、2栋'], ['commitment', '有事您说话。']],
    [{ name: 'photo', filename: 'me.jpg', type: 'image/jpeg', data: jpeg(40, 24) }]);
    const r = await c.head.postRaw('/volunteers/join', body, contentType);
    assert.equal(r.status, 303, noticeOf(r.body) ?? r.body.slice(0, 300));
    const id = await volunteerOf('head');
    assert.equal(r.headers.get('location'), `/volunteers/${id}?done=joined`);
    const row = (await sql(base.db, `SELECT state, party_member, CASE WHEN photo <> '' THEN 1 ELSE 0 END FROM volunteers WHERE id = ${id}`)).trim();
    assert.equal(row, 'applied|0|1');
    const photo = await c.staff.get(`/volunteers/photos/${id}`);
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get('content-type'), 'image/jpeg');
    assert.equal((await c.owner.get(`/volunteers/photos/${id}`)).status, 404, 'not a card yet');

    // a refused page form comes back with the error and what was typed
    const again = await c.owner.get('/volunteers/join');
    const bad = multipartBody([['csrf', csrfOf(again.body)], ['name', '业主'], ['party_member', '1'], ['skills', '木工']]);
    const refused = await unchanged(() => c.owner.postRaw('/volunteers/join', bad.body, bad.contentType), 'page party_org');
    assert.equal(refused.status, 422);
    assert.match(noticeOf(refused.body), /党组织/);
    assert.match(refused.body, /value="木工"/);

    // staff see it among the applications and decline it
    const apps = await c.staff.get('/volunteers?state=applied');
    assert.equal(apps.status, 200);
    assert.match(apps.body, /王建国/);
    assert.equal((await c.owner.get('/volunteers?state=applied')).status, 403);
    const d = await c.staff.post(`/volunteers/${id}/decline`, { csrf: csrfOf(apps.body) });
    assert.equal(d.status, 303);
    assert.equal((await sql(base.db, `SELECT state FROM volunteers WHERE id = ${id}`)).trim(), 'declined');
    assert.equal(await hasVolunteerRole('head'), 0);
    // reporting in again takes up the same row
    const re = await a.head.post('/api/v1/communities/1/volunteers', { commitment: '再试一次。', roles: ['advisor'] });
    assert.equal(re.status, 201, re.text);
    assert.equal(re.json.id, id);
    assert.equal((await sql(base.db, `SELECT state, commitment FROM volunteers WHERE id = ${id}`)).trim(), 'applied|再试一次。');
    // staff confirm it through the page with the duties they decide
    const page = await c.staff.get(`/volunteers/${id}`);
    const conf = await c.staff.post(`/volunteers/${id}/confirm`,
      { csrf: csrfOf(page.body), roles_sent: '1', roles: 'supervisor', buildings: '3栋' });
    assert.equal(conf.status, 303);
    const v = await a.staff.get(`/api/v1/volunteers/${id}`);
    assert.deepEqual([v.json.state, v.json.roles, v.json.buildings], ['confirmed', ['supervisor'], ['3栋']]);
    assert.equal(await hasVolunteerRole('head'), 1);
  });

  test('staff enter a volunteer without an account (paper), confirmed at once', async () => {
    refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteers', { paper: true }), 'no name'), 422,
      null, 'name');
    const r = await a.staff.post('/api/v1/communities/1/volunteers',
      { paper: true, name: '赵大爷', roles: ['mediator'], buildings: ['7栋'], commitment: '老街坊的事我来劝。' });
    assert.equal(r.status, 201, r.text);
    assert.equal((await sql(base.db, `SELECT state, coalesce(account_id, 0) FROM volunteers WHERE id = ${r.json.id}`)).trim(),
      'confirmed|0');
  });

  test('community duty roles: added, renamed, removed; builtin ones never change', async () => {
    const roles = await a.owner.get('/api/v1/communities/1/volunteer-roles');
    assert.equal(roles.status, 200);
    assert.deepEqual(roles.json.items.filter((r) => r.builtin).map((r) => r.code),
      ['publicist', 'advisor', 'mediator', 'supervisor']);
    refusedWith(await unchanged(() => a.owner.post('/api/v1/communities/1/volunteer-roles', { code: 'greeter', name: '迎新员' }),
      'owner'), 403, 'forbidden');
    refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteer-roles', { code: 'Greeter!', name: '迎新员' }),
      'bad code'), 422, 'bad_code', 'code');
    refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteer-roles', { code: 'greeter' }),
      'no name'), 422, null, 'name');
    const add = await a.staff.post('/api/v1/communities/1/volunteer-roles', { code: 'greeter', name: '迎新员', name_en: 'Greeter' });
    assert.equal(add.status, 201, add.text);
    refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteer-roles', { code: 'greeter', name: '又一个' }),
      'taken'), 409, 'code_taken');
    refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteer-roles', { code: 'publicist', name: '宣传' }),
      'builtin code'), 409, 'code_taken');
    const ren = await a.staff.patch('/api/v1/communities/1/volunteer-roles/greeter', { name: '迎新接待员', name_en: 'Host' });
    assert.equal(ren.status, 200, ren.text);
    assert.equal(ren.json.name, '迎新接待员');
    refusedWith(await unchanged(() => a.staff.patch('/api/v1/communities/1/volunteer-roles/publicist', { name: '宣讲员' }),
      'rename builtin'), 409, 'builtin');
    refusedWith(await unchanged(() => a.staff.delete('/api/v1/communities/1/volunteer-roles/supervisor'), 'remove builtin'),
      409, 'builtin');
    refusedWith(await a.staff.patch('/api/v1/communities/1/volunteer-roles/nosuch', { name: '无' }), 404);
    // in use: refused; free again: removed
    const held = await a.staff.patch(`/api/v1/volunteers/${newcomer}`, { roles: ['greeter'] });
    assert.equal(held.status, 200, held.text);
    assert.deepEqual(held.json.roles, ['greeter']);
    assert.match((await c.owner.get(`/volunteers/${newcomer}`)).body, /迎新接待员/);
    refusedWith(await unchanged(() => a.staff.delete('/api/v1/communities/1/volunteer-roles/greeter'), 'in use'), 409, 'in_use');
    assert.equal((await a.staff.patch(`/api/v1/volunteers/${newcomer}`, { roles: ['publicist'] })).status, 200);
    const del = await a.staff.delete('/api/v1/communities/1/volunteer-roles/greeter');
    assert.equal(del.status, 200, del.text);
    assert.equal(await count(base.db, "SELECT count(*) FROM volunteer_roles WHERE code = 'greeter'"), 0);
    refusedWith(await unchanged(() => a.staff.patch(`/api/v1/volunteers/${newcomer}`, {}), 'nothing'), 422, 'nothing_to_change');
    refusedWith(await unchanged(() => a.staff.patch(`/api/v1/volunteers/${newcomer}`, { state: 'applied' }), 'state'), 422,
      'bad_state', 'state');
    refusedWith(await unchanged(() => a.owner.patch(`/api/v1/volunteers/${newcomer}`, { roles: [] }), 'owner'), 403, 'forbidden');
  });

  test('the home page shows a building\'s volunteers to its residents, not to another building\'s', async () => {
    const mine = await c['vol-res'].get('/');
    assert.match(mine.body, /我楼栋的志愿者/);
    assert.match(mine.body, /测试志愿者甲/);
    const other = await c['vol-res2'].get('/');
    assert.match(other.body, /我楼栋的志愿者/, '9栋 has its demo volunteers');
    assert.doesNotMatch(other.body, /测试志愿者甲/);
    const owner = await c.owner.get('/');
    assert.match(owner.body, /刘志明/, '1栋\'s supervisor');
    assert.doesNotMatch(owner.body, /测试志愿者甲/);
    assert.doesNotMatch(owner.body, /139\d{8}/, 'no phone on a card');
  });

  test('inspections: only a confirmed supervisor (or staff); one who left may no longer', async () => {
    const body = { inspected_on: '2027-03-02', severity: 'note', findings: '现场整洁。' };
    const path = `/api/v1/works/${work}/inspections`;
    const r = await unchanged(() => a.volunteer02.post(path, body), 'advisor');
    refusedWith(r, 403, 'not_supervisor');
    assert.match(r.json.error.message, /监督员/);
    refusedWith(await unchanged(() => a['vol-res2'].post(path, body), 'resident'), 403, 'forbidden');
    refusedWith(await unchanged(() => a['vol-res'].post(path, body), 'a publicist'), 403, 'not_supervisor');
    assert.equal((await a.volunteer.post(path, body)).status, 201);
    assert.equal((await a.staff.post(path, body)).status, 201);
    assert.equal((await a.volunteer04.post(path, body)).status, 201, 'volunteer04 is a supervisor');
    // the page offers the form only to those who may use it
    assert.match((await c.volunteer.get(`/works/${work}`)).body, /name="findings"/);
    assert.doesNotMatch((await c['vol-res'].get(`/works/${work}`)).body, /name="findings"/);
    // volunteer04 leaves: the duty and the role go
    const id4 = await volunteerOf('volunteer04');
    const left = await a.staff.patch(`/api/v1/volunteers/${id4}`, { state: 'left' });
    assert.equal(left.status, 200, left.text);
    assert.equal(left.json.state, 'left');
    assert.equal(await hasVolunteerRole('volunteer04'), 0);
    refusedWith(await unchanged(() => a.volunteer04.post(path, body), 'left'), 403);
    refusedWith(await unchanged(() => a.staff.patch(`/api/v1/volunteers/${id4}`, { state: 'left' }), 'left twice'), 409,
      'not_confirmed');
  });

  test('the yearly target: staff set it, see each Party member\'s hours this year and who is short', async () => {
    refusedWith(await unchanged(() => a.owner.post('/api/v1/communities/1/volunteer-target', { hours: 30 }), 'owner'), 403,
      'forbidden');
    for (const hours of [-1, 1001, 'x', 2.5])
      refusedWith(await unchanged(() => a.staff.post('/api/v1/communities/1/volunteer-target', { hours }), `hours ${hours}`),
        422, 'bad_target', 'hours');
    const set = await a.staff.post('/api/v1/communities/1/volunteer-target', { hours: 24 });
    assert.equal(set.status, 200, set.text);
    // volunteer02 gave 25 hours at an activity this year (confirmed), 1 hour more not confirmed,
    // and 2 hours on a small wish; 刘志明 gave 3 hours
    const now = Math.floor(Date.now() / 1000);
    const staff = await accountId('staff');
    const act = (await sql(base.db, `INSERT INTO activities (community_id, title, starts_at, ends_at, kind, state, created_by, ` +
      `created_at) VALUES (1, '楼道清扫', ${now - 3600}, ${now}, 'activity', 'open', ${staff}, ${now}) RETURNING id`)).trim();
    const v02 = await volunteerOf('volunteer02');
    const v01 = await volunteerOf('volunteer');
    // what the demo already counts for them this year (刘志明's confirmed small wish)
    const before = Object.fromEntries((await a.staff.get('/api/v1/communities/1/volunteer-target')).json.items
      .map((i) => [i.id, i.minutes]));
    await sql(base.db, `INSERT INTO signups (community_id, activity_id, volunteer_id, role_id, signed_at, signed_by, attendance, ` +
      `minutes, confirmed_by, confirmed_at) VALUES (1, ${act}, ${v02}, 0, ${now}, ${staff}, 'attended', 1500, ${staff}, ${now}), ` +
      `(1, ${act}, ${v01}, 0, ${now}, ${staff}, 'attended', 180, ${staff}, ${now})`);
    await sql(base.db, `INSERT INTO wishes (community_id, title, channel, posted_by, posted_at, state, volunteer_id, ` +
      `confirmed_by, confirmed_at, minutes) VALUES (1, '帮忙换灯泡', 'online', ${staff}, ${now}, 'confirmed', ${v02}, ${staff}, ` +
      `${now}, 120)`);
    const t = await a.staff.get('/api/v1/communities/1/volunteer-target');
    assert.equal(t.status, 200, t.text);
    assert.equal(t.json.target_hours, 24);
    assert.equal(t.json.year, new Date((now + 8 * 3600) * 1000).getUTCFullYear());
    const by = Object.fromEntries(t.json.items.map((i) => [i.id, i]));
    assert.equal(by[v02].minutes, before[v02] + 1620);
    assert.equal(by[v02].short_minutes, 0);
    assert.equal(by[v01].minutes, before[v01] + 180);
    assert.equal(by[v01].short_minutes, 24 * 60 - before[v01] - 180);
    assert.equal(t.json.short, t.json.total - 1);
    assert.ok(!t.json.items.some((i) => i.name === '赵大爷'), 'not a Party member');
    const page = await c.staff.get('/volunteers/target');
    assert.equal(page.status, 200);
    assert.match(page.body, /已达标/);
    assert.match(page.body, /27小时0分/);
    assert.equal((await c.owner.get('/volunteers/target')).status, 403);
    const f = await c.staff.post('/volunteers/target', { csrf: csrfOf(page.body), hours: 'abc' });
    assert.equal(f.status, 422);
    assert.match(noticeOf(f.body), /整数/);
  });
});

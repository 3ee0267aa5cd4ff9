// activities.test.mjs: volunteer activities and duties (issue 9). Staff post an activity with
// slots per duty role (refused: the end before the start, no slots, a role the community lacks,
// a link to a problem or work it does not have; an owner may not post); confirmed volunteers
// sign up for a role they hold on a slot open to self sign-up, once, while places are left and
// before the start, and withdraw only before the start; two racing for the last place cannot both
// get it; staff put people on slots closed to self sign-up. After the end staff confirm
// attendance once per sign-up, all or nothing, minutes within the length plus an hour, households
// only on a notice duty; hours add up exactly by person, team and month, with small wishes'
// minutes; the XLSX export is served and audited. Every refusal is shown to write nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { dropDb, yuanli, sql, csrfOf, noticeOf, loggedIn, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';
import { problemServer, count } from './lib/problems.mjs';

const H = 3600;
/** "2026-12-05T09:00": UTC second t as Beijing wall-clock time. */
const local = (t) => new Date((t + 8 * H) * 1000).toISOString().slice(0, 16);
const yearOf = (t) => Number(local(t).slice(0, 4));

describe('activities: slots, sign-ups, attendance and hours', SUITE, () => {
  let base;
  let srv;
  let now;
  const a = {}; // API clients by login
  const c = {}; // page clients by login
  const vid = {}; // volunteer ids by login
  let problem; // a problem of community 1
  let main; // the activity most tests use
  let notice; // a publicist's notice duty
  const ids = {}; // sign-up ids

  const state = async () => (await sql(base.db, "SELECT (SELECT count(*) FROM activities) || '|' || " +
    "(SELECT count(*) FROM activity_slots) || '|' || (SELECT count(*) FROM signups) || '|' || " +
    "(SELECT count(*) FROM signups WHERE withdrawn_at IS NOT NULL) || '|' || " +
    "(SELECT count(*) FROM signups WHERE attendance IS NOT NULL) || '|' || " +
    "(SELECT count(*) FROM activities WHERE state = 'cancelled') || '|' || (SELECT count(*) FROM audit)")).trim();
  async function refused(fn, status, code, what) {
    const before = await state();
    const r = await fn();
    assert.equal(r.status, status, `${what}: ${r.text}`);
    if (code) assert.equal(r.json?.error?.code, code, `${what}: ${r.text}`);
    assert.equal(await state(), before, `${what}: something changed`);
    return r;
  }
  const move = (id, starts, ends) => sql(base.db, `UPDATE activities SET starts_at = ${starts}, ends_at = ${ends} WHERE id = ${id}`);
  const post = (body) => a.staff.post('/api/v1/communities/1/activities', body);
  const activity = (over = {}) => ({
    title: '雨污分流施工监督', body: '检查 1 栋北侧管道施工。', place: '1栋北侧',
    starts_at: local(now + 2 * 24 * H), ends_at: local(now + 2 * 24 * H + 2 * H), kind: 'duty',
    slots: [{ role: 'supervisor', slots: 1, self_signup: true }, { role: null, slots: 1 },
      { role: 'publicist', slots: 1, self_signup: false }],
    ...over,
  });

  before(async () => {
    base = await problemServer();
    srv = base.srv;
    now = base.now;
    // volunteers of this file's own, registered straight in the database (the registration
    // flow is another file's): two supervisors of one branch, a publicist of another, one with
    // no role and no branch, one still waiting for confirmation
    const people = [['act-sup1', '监督员甲', '党支部一', 'supervisor', 'confirmed'],
      ['act-sup2', '监督员乙', '党支部一', 'supervisor', 'confirmed'],
      ['act-pub', '宣传员丙', '党支部二', 'publicist', 'confirmed'],
      ['act-any', '志愿者丁', '', null, 'confirmed'],
      ['act-new', '志愿者戊', '', 'supervisor', 'applied']];
    await Promise.all(people.map(async ([login]) => {
      const r = await yuanli(['user', 'add', login, '--grant', 'volunteer@1', '--db', base.db],
        { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
      assert.equal(r.code, 0, r.stderr);
    }));
    for (const [login, name, org, role, st] of people) {
      vid[login] = Number((await sql(base.db, `INSERT INTO volunteers (community_id, account_id, name, party_member, ` +
        `party_org, state, applied_at) VALUES (1, (SELECT id FROM accounts WHERE name = '${login}'), '${name}', ` +
        `${org ? 1 : 0}, '${org}', '${st}', ${now - 100 * 24 * H}) RETURNING id`)).trim());
      if (role)
        await sql(base.db, `INSERT INTO volunteer_duties (community_id, volunteer_id, role_id) VALUES (1, ${vid[login]}, ` +
          `(SELECT id FROM volunteer_roles WHERE community_id = 1 AND code = '${role}'))`);
    }
    for (const u of ['staff', 'owner', ...people.map((p) => p[0])])
      a[u] = api(srv.url, await tokenFor(srv, u));
    for (const u of ['staff', 'act-sup1']) c[u] = await loggedIn(srv.url, u);
    problem = Number((await sql(base.db, 'SELECT min(id) FROM problems WHERE community_id = 1')).trim());
  });
  after(async () => {
    const r = await srv?.stop();
    if (r?.code === 0) {
      await rm(base.dir, { recursive: true, force: true });
      await dropDb(base.db);
    }
  });

  test('posting is refused for bad times, no slots, unknown roles and links, and for an owner', async () => {
    await refused(() => post(activity({ ends_at: local(now + 24 * H) })), 422, 'bad_schedule', 'ends before starts');
    await refused(() => post(activity({ starts_at: '2026-02-30T09:00' })), 422, 'bad_time', 'bad date');
    await refused(() => post(activity({ slots: [] })), 422, 'no_slots', 'no slots');
    await refused(() => post(activity({ slots: undefined })), 422, 'no_slots', 'slots absent');
    await refused(() => post(activity({ slots: [{ role: 'astronaut', slots: 2 }] })), 422, 'unknown_role', 'role');
    await refused(() => post(activity({ slots: [{ role: null, slots: 0 }] })), 422, 'bad_slots', 'zero places');
    await refused(() => post(activity({ slots: [{ role: null, slots: 1 }, { slots: 2 }] })), 422, 'bad_slots', 'twice');
    await refused(() => post(activity({ link: { type: 'problem', id: 999999 } })), 422, 'unknown_link', 'no problem');
    await refused(() => post(activity({ link: { type: 'inspection', id: 999999 } })), 422, 'unknown_link', 'no work');
    await refused(() => post(activity({ link: { type: 'party', id: 1 } })), 422, 'bad_link', 'link type');
    await refused(() => post(activity({ kind: 'picnic' })), 422, 'bad_kind', 'kind');
    await refused(() => a.owner.post('/api/v1/communities/1/activities', activity()), 403, 'forbidden', 'owner');
    await refused(() => a['act-sup1'].post('/api/v1/communities/1/activities', activity()), 403, 'forbidden', 'volunteer');
  });

  test('staff post a duty linked to a problem; it shows its slots and link', async () => {
    const r = await post(activity({ link: { type: 'problem', id: problem } }));
    assert.equal(r.status, 201, r.text);
    main = r.json.id;
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'activity.create' AND object_id = ${main}`), 1);
    const g = await a.owner.get(`/api/v1/activities/${main}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(g.json.kind, 'duty');
    assert.equal(g.json.starts_at, `${local(now + 2 * 24 * H)}:00+08:00`);
    assert.deepEqual(g.json.link, { type: 'problem', id: problem });
    assert.deepEqual(g.json.slot_list.map((s) => [s.role, s.slots, s.taken, s.free, s.self_signup]),
      [['publicist', 1, 0, 1, false], ['supervisor', 1, 0, 1, true], [null, 1, 0, 1, true]]);
    const list = await a['act-any'].get('/api/v1/communities/1/activities');
    assert.ok(list.json.items.some((x) => x.id === main && x.slots === 3 && x.taken === 0));
    const page = await c.staff.get(`/activities/${main}`);
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`href="/problems/${problem}"`));
  });

  test('sign-ups: only confirmed volunteers, a role they hold, self sign-up slots, once, while places last', async () => {
    const up = (who, role) => a[who].post(`/api/v1/activities/${main}/signups`, { role });
    await refused(() => up('act-new', null), 403, 'not_a_volunteer', 'not confirmed');
    await refused(() => up('act-pub', 'supervisor'), 403, 'role_not_held', 'role not held');
    await refused(() => up('act-pub', 'publicist'), 403, 'not_self_signup', 'staff-assigned slot');
    await refused(() => up('act-pub', 'advisor'), 422, 'no_slot', 'no such slot');
    await refused(() => a.owner.post(`/api/v1/activities/${main}/signups`, { role: null }), 403, 'forbidden', 'owner');
    let r = await up('act-sup1', 'supervisor');
    assert.equal(r.status, 201, r.text);
    ids.sup1 = r.json.id;
    await refused(() => up('act-sup1', 'supervisor'), 409, 'already_signed_up', 'twice');
    await refused(() => up('act-sup1', null), 409, 'already_signed_up', 'twice, other slot');
    await refused(() => up('act-sup2', 'supervisor'), 409, 'full', 'full');
    r = await up('act-sup2', null);
    assert.equal(r.status, 201, r.text);
    ids.sup2 = r.json.id;
    await refused(() => up('act-any', null), 409, 'full', 'any-volunteer slot full');
    // staff put the publicist on the slot closed to self sign-up
    await refused(() => a.staff.post(`/api/v1/activities/${main}/roster`, { volunteer_id: vid['act-new'], role: 'publicist' }),
      422, 'unknown_volunteer', 'unconfirmed');
    await refused(() => a.staff.post(`/api/v1/activities/${main}/roster`, { volunteer_id: vid['act-any'], role: 'publicist' }),
      403, 'role_not_held', 'roster: role not held');
    r = await a.staff.post(`/api/v1/activities/${main}/roster`, { volunteer_id: vid['act-pub'], role: 'publicist' });
    assert.equal(r.status, 201, r.text);
    ids.pub = r.json.id;
    const g = await a['act-sup1'].get(`/api/v1/activities/${main}`);
    assert.deepEqual(g.json.slot_list.map((s) => [s.role, s.taken, s.free]), [['publicist', 1, 0], ['supervisor', 1, 0], [null, 1, 0]]);
    assert.deepEqual(g.json.roster.map((x) => [x.name, x.role]), [['监督员甲', 'supervisor'], ['监督员乙', null], ['宣传员丙', 'publicist']]);
    assert.equal(g.json.my_signup, ids.sup1);
  });

  test('two volunteers racing for the last place: exactly one gets it', async () => {
    const r = await post(activity({ title: '楼道清扫', kind: 'activity', slots: [{ role: null, slots: 1 }] }));
    assert.equal(r.status, 201, r.text);
    const race = r.json.id;
    for (let round = 0; round < 3; round++) {
      const [x, y] = await Promise.all(['act-any', 'act-sup2'].map((u) => a[u].post(`/api/v1/activities/${race}/signups`, {})));
      assert.deepEqual([x.status, y.status].sort(), [201, 409], `${x.text} ${y.text}`);
      assert.equal(await count(base.db, `SELECT count(*) FROM signups WHERE activity_id = ${race} AND withdrawn_at IS NULL`), 1);
      const winner = x.status === 201 ? 'act-any' : 'act-sup2';
      assert.equal((await a[winner].delete(`/api/v1/activities/${race}/signups/mine`)).status, 200);
    }
  });

  test('withdrawing frees the place before the start; after the start both are refused', async () => {
    await refused(() => a['act-any'].post(`/api/v1/activities/${main}/signups/mine/withdraw`, {}), 409, 'not_signed_up',
      'not signed up');
    const w = await a['act-sup2'].delete(`/api/v1/activities/${main}/signups/mine`);
    assert.equal(w.status, 200, w.text);
    let r = await a['act-any'].post(`/api/v1/activities/${main}/signups`, { role: null });
    assert.equal(r.status, 201, r.text);
    ids.any = r.json.id;
    // under way: started an hour ago, ends in an hour
    await move(main, now - H, now + H);
    await refused(() => a['act-sup1'].delete(`/api/v1/activities/${main}/signups/mine`), 409, 'started', 'withdraw after start');
    await refused(() => a['act-sup1'].post(`/api/v1/activities/${main}/signups/mine/withdraw`, {}), 409, 'started', 'POST form');
    await refused(() => a['act-sup2'].post(`/api/v1/activities/${main}/signups`, { role: null }), 409, 'started', 'sign up late');
    await refused(() => a.staff.post(`/api/v1/activities/${main}/attendance`,
      { entries: [{ signup_id: ids.sup1, attended: true, minutes: 60 }] }), 409, 'not_over', 'before the end');
  });

  test('attendance after the end: checked whole, confirmed once, no-shows recorded', async () => {
    await move(main, now - 3 * H, now - H); // 2 hours: at most 180 minutes
    const confirm = (entries) => a.staff.post(`/api/v1/activities/${main}/attendance`, { entries });
    const good = [{ signup_id: ids.sup1, attended: true, minutes: 120 }, { signup_id: ids.any, attended: true, minutes: 90 },
      { signup_id: ids.pub, attended: false }];
    await refused(() => confirm([good[0], { ...good[1], minutes: 181 }]), 422, 'bad_minutes', 'too many minutes');
    await refused(() => confirm([{ ...good[0], minutes: -5 }]), 422, 'bad_minutes', 'negative');
    await refused(() => confirm([{ ...good[2], minutes: 30 }]), 422, 'bad_minutes', 'no-show with minutes');
    await refused(() => confirm([{ ...good[0], households: 35 }]), 422, 'bad_households', 'households off a notice');
    await refused(() => confirm([good[0], { signup_id: ids.sup2, attended: true, minutes: 60 }]), 422, 'unknown_signup',
      'withdrawn sign-up');
    await refused(() => confirm([]), 422, 'bad_entries', 'empty');
    await refused(() => a['act-sup1'].post(`/api/v1/activities/${main}/attendance`, { entries: good }), 403, 'forbidden',
      'a volunteer confirming');
    const r = await confirm(good);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.confirmed, 3);
    assert.equal(await count(base.db, `SELECT count(*) FROM audit WHERE action = 'activity.attendance' AND object_id = ${main}`), 1);
    await refused(() => confirm([good[0]]), 409, 'already_confirmed', 'twice');
    await refused(() => a.staff.post(`/api/v1/activities/${main}/cancel`, {}), 409, 'attendance_confirmed', 'cancel after');
    const g = await a.staff.get(`/api/v1/activities/${main}`);
    assert.deepEqual(g.json.roster.map((x) => [x.name, x.attendance, x.minutes]),
      [['监督员甲', 'attended', 120], ['宣传员丙', 'absent', 0], ['志愿者丁', 'attended', 90]]);
  });

  test('a publicist\'s notice duty records the households reached', async () => {
    let r = await post(activity({ title: '入户宣传改造方案', kind: 'duty', link: { type: 'notice', id: 7 },
      slots: [{ role: 'publicist', slots: 2, self_signup: true }] }));
    assert.equal(r.status, 201, r.text);
    notice = r.json.id;
    r = await a['act-pub'].post(`/api/v1/activities/${notice}/signups`, { role: 'publicist' });
    assert.equal(r.status, 201, r.text);
    await move(notice, now - 5 * H, now - 4 * H);
    r = await a.staff.post(`/api/v1/activities/${notice}/attendance`,
      { entries: [{ signup_id: r.json.id, attended: true, minutes: 60, households: 35 }] });
    assert.equal(r.status, 200, r.text);
    const page = await c.staff.get(`/activities/${notice}`);
    assert.match(page.body, /通知 #7/);
    assert.match(page.body, /送达 35 户/);
  });

  test('hours add up by person, team and month, small wishes included', async () => {
    // the demo's own small wishes (one confirmed for 刘志明) and its past activities' confirmed
    // hours are not this test's
    await sql(base.db, 'DELETE FROM wishes');
    await sql(base.db, `DELETE FROM signups WHERE volunteer_id NOT IN (${Object.values(vid).join(', ')})`);
    // a small wish act-sup1 fulfilled, confirmed this year: 30 minutes
    await sql(base.db, `INSERT INTO wishes (community_id, title, channel, posted_by, posted_at, state, volunteer_id, ` +
      `confirmed_at, minutes, points) VALUES (1, '帮忙换灯泡', 'online', (SELECT id FROM accounts WHERE name = 'owner'), ` +
      `${now - 4 * H}, 'confirmed', ${vid['act-sup1']}, ${now - 3 * H}, 30, 5)`);
    const year = yearOf(now - 3 * H);
    const hours = (q) => a.staff.get(`/api/v1/communities/1/volunteer-hours?${q}&year=${year}`);
    const person = await hours('group=person');
    assert.equal(person.status, 200, person.text);
    const pick = (items, key) => Object.fromEntries(items.map((x) => [x[key],
      [x.attended, x.absent, x.activity_minutes, x.wish_minutes, x.minutes, x.hours, x.households]]));
    assert.deepEqual(pick(person.json.items, 'name'), {
      监督员甲: [1, 0, 120, 30, 150, '2.50', 0],
      宣传员丙: [1, 1, 60, 0, 60, '1.00', 35],
      志愿者丁: [1, 0, 90, 0, 90, '1.50', 0],
    });
    assert.equal(person.json.total, 3);
    const team = await hours('group=team');
    assert.deepEqual(pick(team.json.items, 'team'), {
      党支部一: [1, 0, 120, 30, 150, '2.50', 0],
      党支部二: [1, 1, 60, 0, 60, '1.00', 35],
      '': [1, 0, 90, 0, 90, '1.50', 0],
    });
    assert.deepEqual(team.json.items.map((x) => x.volunteers), [1, 1, 1]);
    const month = await hours('group=month');
    const months = [...new Set([now - 5 * H, now - 3 * H].map((t) => local(t).slice(0, 7)))];
    if (months.length === 1) {
      assert.deepEqual(pick(month.json.items, 'month'), { [months[0]]: [3, 1, 270, 30, 300, '5.00', 35] });
      assert.equal(month.json.items[0].volunteers, 3);
    }
    const filtered = await hours('group=person&team=' + encodeURIComponent('党支部二'));
    assert.deepEqual(filtered.json.items.map((x) => x.name), ['宣传员丙']);
    const other = await a.staff.get(`/api/v1/communities/1/volunteer-hours?group=person&year=${year - 1}`);
    assert.equal(other.json.total, 0);
    assert.equal((await a.staff.get('/api/v1/communities/1/volunteer-hours?group=building')).json.error.code, 'bad_group');
    assert.equal((await a.staff.get('/api/v1/communities/1/volunteer-hours?year=20x6')).status, 422);
    assert.equal((await a.owner.get('/api/v1/communities/1/volunteer-hours')).status, 403);
    assert.equal((await a['act-sup1'].get('/api/v1/communities/1/volunteer-hours')).status, 403);

    // a volunteer sees their own hours
    const mine = await a['act-sup1'].get('/api/v1/communities/1/volunteer-hours/mine');
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.minutes, 150);
    assert.equal(mine.json.hours, '2.50');
    assert.deepEqual(mine.json.items.map((x) => [x.type, x.minutes]), [['activity', 120], ['wish', 30]]);
    const pub = await a['act-pub'].get('/api/v1/communities/1/volunteer-hours/mine');
    assert.equal(pub.json.absent, 1);
    const page = await c['act-sup1'].get('/volunteers/me/hours');
    assert.equal(page.status, 200);
    assert.match(page.body, /累计服务 2\.50 小时/);
    assert.match(page.body, /帮忙换灯泡/);
  });

  test('the hours sheet is served as XLSX and the export is audited', async () => {
    const year = yearOf(now - 3 * H);
    const before = await count(base.db, "SELECT count(*) FROM audit WHERE action = 'volunteer_hours.export'");
    const r = await c.staff.get(`/activities/hours.xlsx?group=team&year=${year}`);
    assert.equal(r.status, 200, r.body.slice(0, 200));
    assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(r.headers.get('content-disposition'), /volunteer-hours-\d{4}-team\.xlsx/);
    assert.ok(r.body.startsWith('PK'), 'a zip');
    assert.equal(await count(base.db, "SELECT count(*) FROM audit WHERE action = 'volunteer_hours.export'"), before + 1);
    const page = await c.staff.get(`/activities/hours?group=person&year=${year}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /监督员甲/);
    assert.match(page.body, /2\.50/);
    assert.equal((await c['act-sup1'].get('/activities/hours.xlsx')).status, 403);
  });

  test('pages: a volunteer signs up and withdraws by form; staff post and cancel', async () => {
    const form = await c.staff.get('/activities/new');
    assert.equal(form.status, 200);
    let r = await c.staff.post('/activities', {
      csrf: csrfOf(form.body), title: '重阳节探望独居老人', kind: 'activity', starts_at: local(now + 3 * 24 * H),
      ends_at: local(now + 3 * 24 * H + 2 * H), place: '社区活动室', slots_supervisor: '2', self_supervisor: '1',
      slots_any: '5', self_any: '1', link_type: '',
    });
    assert.equal(r.status, 303, noticeOf(r.body));
    const id = Number(r.headers.get('location').match(/\/activities\/(\d+)/)[1]);
    r = await c.staff.post('/activities', { csrf: csrfOf(form.body), title: '无名额', starts_at: local(now + H),
      ends_at: local(now + 2 * H) });
    assert.equal(r.status, 422);
    assert.match(noticeOf(r.body), /至少设置一个岗位/);

    let page = await c['act-sup1'].get(`/activities/${id}`);
    assert.match(page.body, /报名：监督员/);
    r = await c['act-sup1'].post(`/activities/${id}/signups`, { csrf: csrfOf(page.body), role: 'supervisor' });
    assert.equal(r.status, 303, noticeOf(r.body));
    page = await c['act-sup1'].get(`/activities/${id}`);
    assert.match(page.body, /退出报名/);
    r = await c['act-sup1'].post(`/activities/${id}/signups/mine/withdraw`, { csrf: csrfOf(page.body) });
    assert.equal(r.status, 303, noticeOf(r.body));
    assert.equal(await count(base.db, `SELECT count(*) FROM signups WHERE activity_id = ${id} AND withdrawn_at IS NULL`), 0);

    page = await c.staff.get(`/activities/${id}`);
    r = await c.staff.post(`/activities/${id}/cancel`, { csrf: csrfOf(page.body) });
    assert.equal(r.status, 303, noticeOf(r.body));
    await refused(() => a['act-sup1'].post(`/api/v1/activities/${id}/signups`, { role: 'supervisor' }), 409, 'cancelled',
      'cancelled');
    await refused(() => a.staff.post(`/api/v1/activities/${id}/cancel`, {}), 409, 'cancelled', 'cancel twice');
    const list = await c['act-sup1'].get('/activities');
    assert.equal(list.status, 200);
    assert.match(list.body, /重阳节探望独居老人/);
    assert.match(list.body, /已取消/);
  });
});

// district.test.mjs: the district view. The demo's street-office login (district) sees its three
// compounds' figures side by side, the same numbers the registry and the audit chain give, opens
// each community's register (names masked) and audit log, and can change nothing; a community it
// was not given stays closed. The administrator adds communities through a page (a bad field is
// named, nothing is made) and grants district staff several communities at once and community
// staff one, and the grants take effect. Last, a district of 200 communities on one page.
// The tests run in order and share what the earlier ones made.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, client, loggedIn, csrfOf, noticeOf, SUITE,
} from './lib/server.mjs';
import { api, tokenFor, countsOf, chainHeads, mainOf, HEADER } from './lib/registry.mjs';

const DEMO = ['中南家园', '东塘小区', '砂子塘社区'];
const HEX64 = /^[0-9a-f]{64}$/;

/** "160483.17" → 16048317 (hundredths, exactly). */
function hundredths(s) {
  const m = /^(\d+)\.(\d\d)$/.exec(s);
  assert.ok(m, `not an area: ${s}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

/** part/whole as a percentage with one decimal, rounded half up in integers, as the page does. */
function pct(part, whole) {
  const permille = Math.floor((part * 1000 + Math.floor(whole / 2)) / whole);
  return `${Math.floor(permille / 10)}.${permille % 10}`;
}

/** The district page's table: one {name, cells: {label: text}, hash, title, links} per body row,
 *  and the footer's row the same way. */
function tableOf(html) {
  const rows = (part) => [...part.matchAll(/<tr><th scope="row">([^]*?)<\/th>([^]*?)<\/tr>/g)].map((m) => {
    const cells = {};
    for (const c of m[2].matchAll(/<td[^>]*data-label="([^"]+)">([^]*?)<\/td>/g)) cells[c[1]] = c[2];
    const hash = /<code class="hash" title="([0-9a-f]+)">([0-9a-f]+)…<\/code>/.exec(m[2]);
    return {
      name: m[1].replace(/<span class="where">[^<]*<\/span>/, ''),
      cells,
      title: hash?.[1],
      short: hash?.[2],
      links: [...m[2].matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((a) => ({ href: a[1].replaceAll('&amp;', '&'), text: a[2] })),
    };
  });
  const body = /<tbody>([^]*)<\/tbody>/.exec(html);
  const foot = /<tfoot>([^]*)<\/tfoot>/.exec(html);
  assert.ok(body && foot, 'the page has a table with a body and a total');
  return { rows: rows(body[1]), total: rows(foot[1])[0] };
}

/** A urlencoded body with repeated names (several community_id boxes ticked). */
function formOf(pairs) {
  return new URLSearchParams(pairs).toString();
}

describe('district view', SUITE, () => {
  let srv;
  let district; // the demo's street-office login, in a browser-like client
  let districtApi;
  let adminApi;
  let staffApi;
  let admin;
  let created; // the community the administrator adds through the page
  let jiedao; // the account the administrator makes district staff

  before(async () => {
    srv = await startServer();
    district = await loggedIn(srv.url, 'district');
    admin = await loggedIn(srv.url, 'admin');
    [districtApi, adminApi, staffApi] = await Promise.all(['district', 'admin', 'staff'].map(async (u) =>
      api(srv.url, await tokenFor(srv, u))));
  });
  after(async () => { await srv?.stop(); });

  async function post(c, p, form, from) {
    const csrf = csrfOf((await c.get(from)).body);
    return c.post(p, { ...form, csrf });
  }

  test('the demo district login sees the street office\'s three compounds, with the register\'s and the chain\'s own numbers', async () => {
    const r = await districtApi.get('/api/v1/district');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((x) => x.name), DEMO);
    assert.equal(r.json.total, 3);
    const heads = await chainHeads(srv.url);
    const sum = { units: 0, owners: 0, area: 0, active_owners: 0, active_units: 0, audit: 0 };
    for (const it of r.json.items) {
      const cid = it.community_id;
      const counts = await countsOf(districtApi, cid);
      assert.equal(it.units, counts.units, `${it.name}: units`);
      assert.equal(it.owners, counts.owners, `${it.name}: owners`);
      assert.equal(it.area_m2, counts.area, `${it.name}: area`);
      assert.equal(it.street, '圭塘街道');
      // the lists the register pages read say the same
      assert.equal((await districtApi.get(`/api/v1/communities/${cid}/units?limit=1`)).json.total, it.units);
      assert.equal((await districtApi.get(`/api/v1/communities/${cid}/owners?limit=1`)).json.total, it.owners);
      // and the public chain heads
      assert.deepEqual(it.audit, { length: heads[cid].length, head: heads[cid].head });
      assert.match(it.audit.head, HEX64);
      assert.ok(it.active_owners >= 1 && it.active_units >= it.active_owners, `${it.name}: someone has activated`);
      assert.equal(it.active_units_pct, pct(it.active_units, it.units));
      sum.units += it.units;
      sum.owners += it.owners;
      sum.area += hundredths(it.area_m2);
      sum.active_owners += it.active_owners;
      sum.active_units += it.active_units;
      sum.audit += it.audit.length;
    }
    assert.deepEqual(r.json.items.map((x) => x.units), [2156, 294, 192]);
    const t = r.json.totals;
    assert.equal(t.units, sum.units);
    assert.equal(t.owners, sum.owners);
    assert.equal(hundredths(t.area_m2), sum.area);
    assert.equal(t.active_owners, sum.active_owners);
    assert.equal(t.active_units, sum.active_units);
    assert.equal(t.active_units_pct, pct(sum.active_units, sum.units));
    assert.equal(t.audit_length, sum.audit);
  });

  test('the page shows the same figures in a table with a total, short hashes with the whole one in the title, and a way into each community', async () => {
    const [page, json] = await Promise.all([district.get('/district'), districtApi.get('/api/v1/district')]);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>街道总览<\/h1>/);
    const { rows, total } = tableOf(page.body);
    assert.deepEqual(rows.map((x) => x.name), DEMO);
    for (const [i, it] of json.json.items.entries()) {
      const row = rows[i];
      assert.equal(row.cells['房屋（套）'], String(it.units));
      assert.equal(row.cells['业主（位）'], String(it.owners));
      assert.equal(row.cells['专有面积（平方米）'], it.area_m2);
      assert.equal(row.cells['已激活账户的业主'], String(it.active_owners));
      assert.equal(row.cells['其房屋占比'], `${it.active_units_pct}%`);
      assert.equal(row.cells['记录条数'], String(it.audit.length));
      assert.equal(row.title, it.audit.head);
      assert.equal(row.short, it.audit.head.slice(0, 12));
      assert.deepEqual(row.links, [
        { href: `/registry?community=${it.community_id}`, text: '房屋登记' },
        { href: `/audit?community=${it.community_id}`, text: '操作记录' },
      ]);
    }
    const t = json.json.totals;
    assert.equal(total.name, '合计（3 个社区）');
    assert.equal(total.cells['房屋（套）'], String(t.units));
    assert.equal(total.cells['专有面积（平方米）'], t.area_m2);
    assert.equal(total.cells['记录条数'], String(t.audit_length));
  });

  test('an owner who activates shows at once: one more owner and their units; a co-owner\'s second account counts no one twice', async () => {
    const before1 = (await districtApi.get('/api/v1/district')).json.items[0];
    // staff print the slips of 1栋 and two people claim: the owner of a unit nobody has
    // claimed yet, and a household member of 1栋1单元101, whose owner (the demo "owner") has
    // an account already
    const staff = await loggedIn(srv.url, 'staff');
    const codes = await staff.get('/registry/codes');
    const b1 = /<option value="(\d+)">1栋 \(\d+\)<\/option>/.exec(codes.body)[1];
    const sheet = await post(staff, '/registry/codes', { building_id: b1, role: 'owner' }, '/registry/codes');
    assert.equal(sheet.status, 200, noticeOf(sheet.body));
    const slips = Object.fromEntries([...sheet.body.matchAll(/<h2>中南家园 · ([^<]+)<\/h2>[^]*?<p class="code">([^<]+)<\/p>/g)]
      .map((m) => [m[1], m[2]]));
    const units = (await staffApi.get('/api/v1/communities/1/units?building=1&limit=100')).json.items;
    const ownerOf101 = units.find((u) => u.stairwell === '1单元' && u.room === '101').owner.id;
    const fresh = units.find((u) => u.owner.kind === 'person' && u.owner.id !== ownerOf101);
    let ownerUnits = 0;
    for (let off = 0; ; off += 1000) {
      const page = (await staffApi.get(`/api/v1/communities/1/owners?limit=1000&offset=${off}`)).json.items;
      const o = page.find((x) => x.id === fresh.owner.id);
      if (o) { ownerUnits = o.units; break; }
      assert.ok(page.length === 1000, 'the owner is listed');
    }
    async function claim(unit, user) {
      const c = client(srv.url);
      const csrf = await c.csrf('/claim');
      const r = await c.post('/claim', {
        code: slips[unit], user, display_name: '新业主', password: 'claim-pass-123', repeat: 'claim-pass-123', csrf,
      });
      assert.equal(r.status, 303, noticeOf(r.body));
    }
    await claim(`1栋${fresh.stairwell} ${fresh.room}`, 'district.fresh');
    let after = (await districtApi.get('/api/v1/district')).json.items[0];
    assert.equal(after.active_owners, before1.active_owners + 1);
    assert.equal(after.active_units, before1.active_units + ownerUnits);
    await claim('1栋1单元 101', 'district.coowner');
    const again = (await districtApi.get('/api/v1/district')).json.items[0];
    assert.equal(again.active_owners, after.active_owners, 'the same owner, not a second one');
    assert.equal(again.active_units, after.active_units);
    after = again;
    // and the other compounds did not move
    const others = (await districtApi.get('/api/v1/district')).json.items.slice(1);
    assert.deepEqual(others.map((x) => x.active_owners), [30, 12]);
  });

  test('each community opens from the view: its register with names masked, its unit pages and its audit log, the choice kept on the page\'s own links', async () => {
    const reg = await district.get('/registry?community=2');
    assert.equal(reg.status, 200);
    assert.match(reg.body, /<a class="brand" href="\/">东塘小区<\/a>/);
    assert.match(reg.body, /东塘小区：7 栋楼，294 套房屋，275 位业主/);
    const main = mainOf(reg.body);
    const owners = [...main.matchAll(/<td data-label="业主">([^<]+)<\/td>/g)].map((m) => m[1]);
    assert.ok(owners.length > 10);
    for (const name of owners) assert.match(name, /\*/, `names are masked: ${name}`);
    assert.match(main, /<input type="hidden" name="community" value="2">/, 'the filter keeps the community');
    assert.match(main, /href="\/registry\?building=0&amp;[^"]*&amp;community=2&amp;offset=50"/, 'so does the next page');
    assert.match(reg.body, /<a href="\/registry\?community=2" aria-current="page">房屋登记<\/a>/, 'and the navigation');
    assert.doesNotMatch(main, /导入房屋清单|打印激活码|新增房屋/, 'no way to change anything is offered');
    const filtered = await district.get('/registry?community=2&q=101');
    assert.equal(filtered.status, 200);
    assert.match(filtered.body, /<a class="brand" href="\/">东塘小区<\/a>/);

    const unitId = /href="\/registry\/units\/(\d+)"/.exec(main)[1];
    const unit = await district.get(`/registry/units/${unitId}`);
    assert.equal(unit.status, 200);
    assert.match(unit.body, /<dt>业主<\/dt><dd>[^<]*\*[^<]*\(/, 'the owner is masked on the unit page too');
    assert.doesNotMatch(unit.body, /登记住户|href="[^"]*\/edit"/);

    const list = await districtApi.get('/api/v1/communities/3/units?limit=20');
    assert.equal(list.status, 200);
    for (const u of list.json.items) if (u.owner.kind === 'person') assert.match(u.owner.name, /\*/);

    const log = await district.get('/audit?community=3');
    assert.equal(log.status, 200);
    assert.match(log.body, /<a class="brand" href="\/">砂子塘社区<\/a>/);
    assert.match(log.body, /<input type="hidden" name="community" value="3">/);
    assert.match(log.body, /href="\/audit\?offset=50&amp;action=&amp;community=3"/);
    const first = await district.get('/audit?community=3&action=community.');
    assert.match(first.body, /<td>1<\/td><td>[^<]+<\/td><td>demo<\/td><td>community\.create<\/td>/, 'its chain starts with its creation');
  });

  test('the district login changes nothing anywhere: settings, imports, units, heads, slips, communities are 403, and nothing moved', async () => {
    const heads = await chainHeads(srv.url);
    const counts = await countsOf(districtApi, 2);
    const csv = `${HEADER}\n1,1,1,999,50.00,register,X1,某人,person,delivered\n`;
    const refusals = [
      await districtApi.patch('/api/v1/communities/2', { name: '改名', settings: { notice_days: 20 } }),
      await districtApi.importCsv(2, csv),
      await districtApi.post('/api/v1/communities', { name: '新社区' }),
    ];
    for (const r of refusals) {
      assert.equal(r.status, 403, r.text);
      assert.equal(r.json.error.code, 'forbidden');
    }
    const csrf = csrfOf((await district.get('/account')).body);
    for (const [p, form] of [
      ['/registry/codes', { building_id: '1', role: 'owner' }],
      ['/registry/units', { building: '1', stairwell: '1', floor: '1', room: '999', area_m2: '50.00' }],
      ['/registry/heads', { head: 'head', building_id: '1' }],
      ['/registry/import', {}],
      ['/admin/communities', { name: '新社区' }],
    ]) {
      const r = await district.post(p, { ...form, csrf });
      assert.equal(r.status, 403, `POST ${p}: ${r.status}`);
      assert.doesNotMatch(r.body, /表单已过期/, 'refused for the permission, not the token');
    }
    for (const p of ['/registry/codes', '/registry/import', '/registry/units/new', '/admin/users', '/admin/communities'])
      assert.equal((await district.get(p)).status, 403, p);
    assert.deepEqual(await chainHeads(srv.url), heads, 'no audit row was written');
    assert.deepEqual(await countsOf(districtApi, 2), counts);
  });

  test('a community the district was not given stays closed (403) and out of the view; one that does not exist is 404', async () => {
    const made = await adminApi.post('/api/v1/communities', { name: '别的街道的社区', street: '东山街道' });
    assert.equal(made.status, 201, made.text);
    const other = made.json.id;
    for (const p of [`/registry?community=${other}`, `/audit?community=${other}`])
      assert.equal((await district.get(p)).status, 403, p);
    for (const p of [`/api/v1/communities/${other}`, `/api/v1/communities/${other}/units`, `/api/v1/communities/${other}/owners`])
      assert.equal((await districtApi.get(p)).status, 403, p);
    assert.deepEqual((await districtApi.get('/api/v1/district')).json.items.map((x) => x.community_id), [1, 2, 3]);
    for (const q of ['999999', 'abc', '0', '-1', ''])
      assert.equal((await district.get(`/registry?community=${q}`)).status, 404, `community=${q}`);
  });

  test('no one else has a district view: community staff, heads, owners 403, visitors are sent to log in', async () => {
    for (const who of ['staff', 'head', 'owner', 'committee']) {
      const c = await loggedIn(srv.url, who);
      assert.equal((await c.get('/district')).status, 403, who);
      assert.doesNotMatch((await c.get('/')).body, /href="\/district"/, `${who}: no link`);
    }
    const anon = await client(srv.url).get('/district');
    assert.equal(anon.status, 303);
    assert.equal(anon.headers.get('location'), '/login?next=%2Fdistrict');
    assert.equal((await api(srv.url).get('/api/v1/district')).status, 401);
  });

  test('the home page and the navigation lead district staff to the view', async () => {
    const home = await district.get('/');
    assert.equal(home.status, 200);
    assert.match(home.body, /<nav[^]*<a href="\/district">街道总览<\/a>[^]*<\/nav>/);
    assert.match(mainOf(home.body), /<a class="btn" href="\/district">街道总览<\/a>/);
    assert.match(mainOf(home.body), /<a href="\/district">街道（区）工作人员 · 3 个社区<\/a>/);
    const en = await district.get('/district', { headers: { 'accept-language': 'en' } });
    assert.match(en.body, /<h1>District overview<\/h1>/);
    assert.match(en.body, /Total \(3 communities\)/);
  });

  test('the administrator adds a community through the page; a bad field is a 422 that names it, and nothing is made', async () => {
    const count = async () => (await adminApi.get('/api/v1/communities')).json.total;
    const before = await count();
    let r = await post(admin, '/admin/communities', { name: '', district: '雨花区' }, '/admin/communities');
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '“社区名称”必须填写。');
    assert.match(r.body, /<input id="f-name" name="name" type="text" value="" autocomplete="off" required aria-invalid="true" aria-describedby="e-name"><span class="field-error" id="e-name">“社区名称”必须填写。<\/span>/);
    assert.match(r.body, /<input id="f-district" name="district" type="text" value="雨花区"/, 'what was typed stays');
    r = await post(admin, '/admin/communities', { name: '桂花坪社区', district: '区'.repeat(65) }, '/admin/communities');
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '“区”太长（最多 64 个字符）。');
    assert.match(r.body, /id="f-district"[^>]*aria-invalid="true"/);
    const csrf = csrfOf((await admin.get('/admin/communities')).body);
    r = await admin.post('/admin/communities', { name: 'x', city: '长'.repeat(65), csrf }, { headers: { 'accept-language': 'en' } });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '&quot;city&quot; is too long (at most 64 characters).');
    assert.equal(await count(), before, 'nothing was made');

    r = await post(admin, '/admin/communities', { name: '桂花坪社区', district: '雨花区', street: '圭塘街道', city: '长沙' },
      '/admin/communities');
    assert.equal(r.status, 303, noticeOf(r.body));
    assert.equal(r.headers.get('location'), '/admin/communities?done=added');
    assert.equal(await count(), before + 1);
    const list = await admin.get('/admin/communities?done=added');
    assert.equal(noticeOf(list.body), '社区已新增。');
    assert.match(list.body, /<td data-label="社区名称">桂花坪社区<\/td><td data-label="区">雨花区<\/td><td data-label="街道">圭塘街道<\/td><td data-label="城市">长沙<\/td>/);
    const all = (await adminApi.get('/api/v1/communities?limit=1000')).json.items;
    const c = all.find((x) => x.name === '桂花坪社区');
    assert.deepEqual([c.district, c.street, c.city, c.units], ['雨花区', '圭塘街道', '长沙', 0]);
    created = c.id;
    // audited like the API's create: the first entry of the new community's own chain
    const heads = await chainHeads(srv.url);
    assert.equal(heads[created].length, 1);
    const log = await admin.get(`/audit?community=${created}`);
    assert.match(log.body, /<td>admin<\/td><td>community\.create<\/td>/);
  });

  test('a PATCH through the API changes the city, with the same checks', async () => {
    let r = await adminApi.patch(`/api/v1/communities/${created}`, { city: '株洲' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.city, '株洲');
    r = await adminApi.patch(`/api/v1/communities/${created}`, { city: 3 });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.field, 'city');
    r = await adminApi.patch(`/api/v1/communities/${created}`, { city: '长沙' });
    assert.equal(r.json.city, '长沙');
  });

  test('the administrator makes someone district staff of several communities at once and community staff of one, and it takes effect', async () => {
    let r = await post(admin, '/admin/users', { user: 'jiedao.li', display_name: '李街道', password: 'jiedao-pass-1' }, '/admin/users');
    assert.equal(r.status, 303);
    const list = await admin.get('/admin/users?q=jiedao.li');
    jiedao = Number(/<tr><td>jiedao\.li<\/td>[^]*?<a href="\/admin\/users\/(\d+)">管理角色<\/a>/.exec(list.body)[1]);
    const page = await admin.get(`/admin/users/${jiedao}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>jiedao\.li 的角色<\/h1>/);
    for (const [id, name] of [[1, '中南家园'], [2, '东塘小区'], [created, '桂花坪社区']])
      assert.match(page.body, new RegExp(`<label><input type="checkbox" name="community_id" value="${id}"> ${name}</label>`));
    const csrf = csrfOf(page.body);
    const grant = (pairs) => admin.postRaw(`/admin/users/${jiedao}/roles`, formOf([['csrf', csrf], ...pairs]));

    // nothing ticked, or one community that does not exist: 422, and no grant at all
    r = await grant([['role', 'district']]);
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '“社区”必须填写。');
    r = await grant([['role', 'district'], ['community_id', '1'], ['community_id', '999999']]);
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '没有这个社区。');
    const someone = await loggedIn(srv.url, 'jiedao.li', 'jiedao-pass-1');
    assert.deepEqual(JSON.parse((await someone.get('/api/v1/me')).body).roles, []);

    const heads = await chainHeads(srv.url);
    r = await grant([['role', 'district'], ['community_id', String(created)], ['community_id', '1'], ['community_id', '1']]);
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/admin/users/${jiedao}?done=granted`);
    r = await grant([['role', 'staff'], ['community_id', String(created)]]);
    assert.equal(r.status, 303);
    const roles = await admin.get(`/admin/users/${jiedao}?done=granted`);
    assert.equal(noticeOf(roles.body), '角色已授予。');
    assert.match(roles.body, /街道（区）工作人员 · 中南家园/);
    assert.match(roles.body, /街道（区）工作人员 · 桂花坪社区/);
    assert.match(roles.body, /社区工作人员 · 桂花坪社区/);
    const grown = await chainHeads(srv.url);
    assert.equal(grown[1].length, heads[1].length + 1, 'each grant is recorded in its community\'s chain');
    assert.equal(grown[created].length, heads[created].length + 2);

    // in effect on the next request, no new login needed
    const me = JSON.parse((await someone.get('/api/v1/me')).body);
    assert.deepEqual(me.roles.map((x) => `${x.role}@${x.community_id}`).sort(),
      [`district@${created}`, 'district@1', `staff@${created}`].sort());
    const view = await someone.get('/api/v1/district');
    assert.deepEqual(JSON.parse(view.body).items.map((x) => x.name), ['中南家园', '桂花坪社区']);
    assert.equal((await someone.get('/registry?community=1')).status, 200);
    assert.equal((await someone.get('/registry?community=2')).status, 403, 'not given 东塘小区');
    const token = api(srv.url, await tokenFor(srv, 'jiedao.li'));
    assert.equal((await token.patch(`/api/v1/communities/${created}`, { settings: { notice_days: 20 } })).status, 200,
      'staff of the new community may change its settings');
    assert.equal((await token.patch('/api/v1/communities/1', { settings: { notice_days: 20 } })).status, 403,
      'district staff of 中南家园 may not');

    // revoking one community's grant takes it out of the view
    r = await admin.postRaw(`/admin/users/${jiedao}/roles/revoke`, formOf([['csrf', csrf], ['role', 'district'], ['community_id', '1']]));
    assert.equal(r.status, 303);
    assert.deepEqual(JSON.parse((await someone.get('/api/v1/district')).body).items.map((x) => x.name), ['桂花坪社区']);
    assert.equal((await someone.get('/registry?community=1')).status, 403);
  });

  test('at district scale: 200 communities, one grant each from a single form, side by side on one page', async (t) => {
    const have = (await adminApi.get('/api/v1/communities')).json.total;
    for (let i = have; i < 200; i++) {
      const r = await adminApi.post('/api/v1/communities', { name: `第${i + 1}社区`, district: '雨花区', street: '圭塘街道' });
      assert.equal(r.status, 201, r.text);
    }
    const ids = [];
    for (let off = 0; ; off += 100) {
      const page = (await adminApi.get(`/api/v1/communities?limit=100&offset=${off}`)).json.items;
      ids.push(...page.map((x) => x.id));
      if (page.length < 100) break;
    }
    assert.equal(ids.length, 200);
    const csrf = csrfOf((await admin.get(`/admin/users/${jiedao}`)).body);
    const r = await admin.postRaw(`/admin/users/${jiedao}/roles`,
      formOf([['csrf', csrf], ['role', 'district'], ...ids.map((id) => ['community_id', String(id)])]));
    assert.equal(r.status, 303, noticeOf(r.body));

    const someone = await loggedIn(srv.url, 'jiedao.li', 'jiedao-pass-1');
    const t0 = Date.now();
    const page = await someone.get('/district');
    const ms = Date.now() - t0;
    assert.equal(page.status, 200);
    const { rows, total } = tableOf(page.body);
    assert.equal(rows.length, 200);
    assert.equal(total.name, '合计（200 个社区）');
    assert.equal(total.cells['房屋（套）'], String(2156 + 294 + 192));
    const json = JSON.parse((await someone.get('/api/v1/district')).body);
    assert.equal(json.total, 200);
    assert.deepEqual(json.items.map((x) => x.community_id), ids);
    // every one of them opens, the last as well as the first (more grants than the old 64)
    assert.equal((await someone.get(`/registry?community=${ids[199]}`)).status, 200);
    assert.equal(JSON.parse((await someone.get('/api/v1/communities?limit=1000')).body).total, 200);
    t.diagnostic(`GET /district with 200 communities: ${ms} ms`);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

// registry_api.test.mjs: the communities API (create, list, read, settings) and the register's
// JSON lists (units, owners) with who may see what: staff in full, the committee with names
// masked, a head only their own buildings, owners and the administrator nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, yuanli, SUITE } from './lib/server.mjs';
import { api, apisFor, tokenFor, chainHeads } from './lib/registry.mjs';

const MASKED = /^.\*+$/u;

describe('communities and register API', SUITE, () => {
  let srv;
  const t = {}; // bearer clients by user
  before(async () => {
    srv = await startServer();
    Object.assign(t, await apisFor(srv, ['admin', 'staff', 'committee', 'head', 'head2', 'owner']));
  });
  after(async () => { await srv?.stop(); });

  describe('communities API', () => {
    let admin;
    let staff;
    let committee;
    let other; // staff of a second community
    let newId;
    before(() => ({ admin, staff, committee } = t));

    test('the administrator creates a community: 201 {id}', async () => {
      const r = await admin.post('/api/v1/communities',
        { name: '桂花园', district: '雨花区', street: '圭塘街道', jurisdiction_id: 'guihua-yuan' });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(Object.keys(r.json), ['id']);
      assert.ok(Number.isInteger(r.json.id) && r.json.id > 1);
      newId = r.json.id;
      const g = await admin.get(`/api/v1/communities/${newId}`);
      assert.equal(g.status, 200, g.text);
      assert.equal(g.json.name, '桂花园');
      assert.equal(g.json.district, '雨花区');
      assert.equal(g.json.street, '圭塘街道');
      assert.equal(g.json.jurisdiction_id, 'guihua-yuan');
      assert.equal(g.json.units, 0);
    });

    test('a field of the wrong type is 422 naming that field and saying what it should be', async () => {
      const r = await admin.post('/api/v1/communities', { name: '错类型', district: 5 }, { headers: { 'accept-language': 'zh-CN' } });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.error.field, 'district');
      assert.match(r.json.error.message, /“区”应是一段文字/);
    });

    test('a name alone is enough (jurisdiction_id is optional)', async () => {
      const r = await admin.post('/api/v1/communities', { name: '幸福里' });
      assert.equal(r.status, 201, r.text);
      const g = await admin.get(`/api/v1/communities/${r.json.id}`);
      assert.equal(g.json.jurisdiction_id ?? null, null, 'no jurisdiction_id (absent or null)');
      assert.equal(g.json.name, '幸福里');
    });

    for (const who of ['staff', 'committee']) {
      test(`${who} may not create communities (403, nothing made)`, async () => {
        const before = (await admin.get('/api/v1/communities')).json.total;
        const r = await (who === 'staff' ? staff : committee).post('/api/v1/communities', { name: '偷偷建的' });
        assert.equal(r.status, 403, r.text);
        assert.equal(r.json.error.code, 'forbidden');
        assert.equal((await admin.get('/api/v1/communities')).json.total, before);
      });
    }

    test('without a token creating is 401', async () => {
      const r = await api(srv.url).post('/api/v1/communities', { name: 'x' });
      assert.equal(r.status, 401);
    });

    test('a missing or empty name is 422 naming the field', async () => {
      for (const body of [{ district: '雨花区' }, { name: '' }, { name: 7 }]) {
        const r = await admin.post('/api/v1/communities', body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(r.json.error.field, 'name');
        assert.ok(r.json.error.message);
      }
    });

    test('a malformed jurisdiction_id is 422 naming it', async () => {
      for (const jid of ['Has Caps', 'x', 'a'.repeat(65), '中南', 'semi;colon']) {
        const r = await admin.post('/api/v1/communities', { name: '某小区', jurisdiction_id: jid });
        assert.equal(r.status, 422, `${jid}: ${r.text}`);
        assert.equal(r.json.error.field, 'jurisdiction_id');
      }
    });

    test('a jurisdiction_id in use is 409 naming it', async () => {
      for (const jid of ['zhongnan', 'guihua-yuan']) {
        const r = await admin.post('/api/v1/communities', { name: '重名', jurisdiction_id: jid });
        assert.equal(r.status, 409, r.text);
        assert.equal(r.json.error.field, 'jurisdiction_id');
        assert.equal(r.json.error.code, 'jurisdiction_taken');
      }
    });

    test('malformed JSON is 400', async () => {
      const r = await admin.post('/api/v1/communities', '{"name":');
      assert.equal(r.status, 400, r.text);
    });

    test('the list shows the administrator every community, staff only their own', async () => {
      const all = await admin.get('/api/v1/communities');
      assert.equal(all.status, 200);
      assert.equal(all.json.total, all.json.items.length);
      assert.ok(all.json.items.some((c) => c.id === 1 && c.name === '中南家园'));
      assert.ok(all.json.items.some((c) => c.id === newId));
      const mine = await staff.get('/api/v1/communities');
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.json.items.map((c) => c.id), [1]);
      assert.equal(mine.json.total, 1);
      const c = mine.json.items[0];
      assert.equal(c.units, 2156);
      assert.equal(c.buildings, 49);
      assert.match(c.area_m2, /^\d+\.\d\d$/);
    });

    test('GET one community: its own people may, others 403, an unknown id 404', async () => {
      const r = await staff.get('/api/v1/communities/1');
      assert.equal(r.status, 200);
      assert.equal(r.json.name, '中南家园');
      assert.equal(r.json.settings.notice_days, 15);
      assert.equal((await staff.get(`/api/v1/communities/${newId}`)).status, 403);
      assert.equal((await staff.get('/api/v1/communities/999999')).status, 404);
      assert.equal((await staff.get('/api/v1/communities/abc')).status, 404);
    });

    test('staff of a second community see only it and are refused the first (403)', async () => {
      const add = await yuanli(['user', 'add', 'gh.staff', '--grant', `staff@${newId}`, '--db', srv.db],
        { env: { YUANLI_PASSWORD: 'gh-staff-pass-1' } });
      assert.equal(add.code, 0, add.stderr);
      other = api(srv.url, await tokenFor(srv, 'gh.staff'));
      const list = await other.get('/api/v1/communities');
      assert.deepEqual(list.json.items.map((c) => c.id), [newId]);
      assert.equal((await other.get('/api/v1/communities/1')).status, 403);
      const p = await other.patch('/api/v1/communities/1', { settings: { notice_days: 20 } });
      assert.equal(p.status, 403, p.text);
      assert.equal((await staff.get('/api/v1/communities/1')).json.settings.notice_days, 15);
      const own = await other.patch(`/api/v1/communities/${newId}`, { settings: { notice_days: 20 } });
      assert.equal(own.status, 200, own.text);
    });

    test('PATCH settings.notice_days: staff change it, the answer and later reads show it', async () => {
      const len = (await chainHeads(srv.url))[1].length;
      const r = await staff.patch('/api/v1/communities/1', { settings: { notice_days: 30 } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.settings.notice_days, 30);
      assert.equal((await committee.get('/api/v1/communities/1')).json.settings.notice_days, 30);
      assert.equal((await chainHeads(srv.url))[1].length, len + 1, 'one audit row for the change');
    });

    test('notice_days 1 and 90 are the inclusive bounds', async () => {
      for (const n of [1, 90]) {
        const r = await staff.patch('/api/v1/communities/1', { settings: { notice_days: n } });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.settings.notice_days, n);
      }
    });

    test('notice_days 0, 91, a string or a fraction is 422 naming settings.notice_days; nothing changes', async () => {
      await staff.patch('/api/v1/communities/1', { settings: { notice_days: 30 } });
      for (const v of [0, 91, -1, '20', 20.5, null]) {
        const r = await staff.patch('/api/v1/communities/1', { settings: { notice_days: v } });
        assert.equal(r.status, 422, `${JSON.stringify(v)}: ${r.text}`);
        assert.equal(r.json.error.field, 'settings.notice_days');
        assert.ok(r.json.error.message);
      }
      assert.equal((await staff.get('/api/v1/communities/1')).json.settings.notice_days, 30);
    });

    test('the notice_days message follows Accept-Language', async () => {
      const en = await staff.patch('/api/v1/communities/1', { settings: { notice_days: 91 } },
        { headers: { 'accept-language': 'en' } });
      assert.equal(en.json.error.message, 'notice_days must be from 1 to 90.');
      const zh = await staff.patch('/api/v1/communities/1', { settings: { notice_days: 91 } },
        { headers: { 'accept-language': 'zh-CN' } });
      assert.equal(zh.json.error.message, '公示天数应在 1 到 90 之间。');
    });

    test('an unknown setting is 422 naming settings; settings not an object too', async () => {
      for (const settings of [{ colour: 'red' }, { notice_days: 20, voting_days: 10 }, 5, 'x']) {
        const r = await staff.patch('/api/v1/communities/1', { settings });
        assert.equal(r.status, 422, `${JSON.stringify(settings)}: ${r.text}`);
        assert.equal(r.json.error.field, 'settings');
      }
      assert.equal((await staff.get('/api/v1/communities/1')).json.settings.notice_days, 30);
    });

    test('PATCH on an unknown community is 404; by the committee or a head 403', async () => {
      assert.equal((await staff.patch('/api/v1/communities/999999', { settings: { notice_days: 20 } })).status, 404);
      assert.equal((await committee.patch('/api/v1/communities/1', { settings: { notice_days: 20 } })).status, 403);
      assert.equal((await t.head.patch('/api/v1/communities/1', { settings: { notice_days: 20 } })).status, 403);
    });

    test('PATCH renames a community; an empty name is 422 naming name', async () => {
      const r = await staff.patch('/api/v1/communities/1', { name: '中南家园（东区）' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.name, '中南家园（东区）');
      assert.equal(r.json.settings.notice_days, 30, 'other settings kept');
      const bad = await staff.patch('/api/v1/communities/1', { name: '' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.error.field, 'name');
      assert.equal((await staff.patch('/api/v1/communities/1', { name: '中南家园' })).status, 200);
      assert.equal((await staff.get('/api/v1/communities/1')).json.name, '中南家园');
    });

    test('PATCH to a jurisdiction_id another community has is 409', async () => {
      const r = await staff.patch('/api/v1/communities/1', { jurisdiction_id: 'guihua-yuan' });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.error.field, 'jurisdiction_id');
      assert.equal((await staff.get('/api/v1/communities/1')).json.jurisdiction_id, 'zhongnan');
    });

  });

  describe('units and owners API', () => {

    /** Every unit of community 1 as `who` sees it (pages of 1000). */
    async function allUnits(who, query = '') {
      const items = [];
      for (let offset = 0; ; offset += 1000) {
        const r = await t[who].get(`/api/v1/communities/1/units?limit=1000&offset=${offset}${query}`);
        assert.equal(r.status, 200, r.text);
        items.push(...r.json.items);
        if (r.json.items.length < 1000) return { items, total: r.json.total };
      }
    }

    test('staff list every unit: 2,156, each with its owner and an exact area string', async () => {
      const { items, total } = await allUnits('staff');
      assert.equal(total, 2156);
      assert.equal(items.length, 2156);
      assert.equal(new Set(items.map((u) => u.id)).size, 2156);
      for (const u of items) {
        assert.equal(typeof u.area_m2, 'string');
        assert.match(u.area_m2, /^\d+\.\d\d$/, `unit ${u.id} area ${u.area_m2}`);
        assert.match(u.building, /^\d+栋$/);
        assert.match(u.stairwell, /^\d单元$/);
        assert.ok(['register', 'survey', 'contract'].includes(u.area_source));
        assert.ok(['delivered', 'unsold', 'undelivered'].includes(u.status));
        assert.ok(Number.isInteger(u.owner.id));
        assert.doesNotMatch(u.owner.name, /\*/);
      }
      const first = items[0];
      assert.deepEqual([first.building, first.stairwell, first.room, first.floor], ['1栋', '1单元', '101', 1]);
    });

    test('the default page is 100 units; limit and offset page through', async () => {
      const d = await t.staff.get('/api/v1/communities/1/units');
      assert.equal(d.json.items.length, 100);
      assert.equal(d.json.total, 2156);
      const a = await t.staff.get('/api/v1/communities/1/units?limit=20&offset=0');
      const b = await t.staff.get('/api/v1/communities/1/units?limit=10&offset=10');
      assert.deepEqual(b.json.items.map((u) => u.id), a.json.items.slice(10).map((u) => u.id));
    });

    test('building "3" and "3栋" mean the same: 48 units, all in 3栋', async () => {
      const a = await t.staff.get('/api/v1/communities/1/units?building=3&limit=1000');
      const b = await t.staff.get(`/api/v1/communities/1/units?building=${encodeURIComponent('3栋')}&limit=1000`);
      assert.equal(a.status, 200, a.text);
      assert.equal(a.json.total, 48);
      assert.deepEqual(a.json.items.map((u) => u.id), b.json.items.map((u) => u.id));
      assert.ok(a.json.items.every((u) => u.building === '3栋'));
    });

    test('building and stairwell together: "2" and "2单元" mean the same', async () => {
      const a = await t.staff.get('/api/v1/communities/1/units?building=1&stairwell=2');
      const b = await t.staff.get(`/api/v1/communities/1/units?building=1栋&stairwell=${encodeURIComponent('2单元')}`);
      assert.equal(a.json.total, 12);
      assert.deepEqual(a.json.items.map((u) => u.id), b.json.items.map((u) => u.id));
      assert.ok(a.json.items.every((u) => u.building === '1栋' && u.stairwell === '2单元'));
    });

    test('a building that does not exist matches nothing (200, empty)', async () => {
      for (const b of ['99', '楼A']) {
        const r = await t.staff.get(`/api/v1/communities/1/units?building=${encodeURIComponent(b)}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, { items: [], total: 0 });
      }
    });

    test('limit 0, 1001 or not a number is 422 naming limit; a negative offset 422', async () => {
      for (const q of ['limit=0', 'limit=1001', 'limit=ten', 'limit=-5']) {
        const r = await t.staff.get(`/api/v1/communities/1/units?${q}`);
        assert.equal(r.status, 422, `${q}: ${r.text}`);
        assert.equal(r.json.error.field, 'limit');
      }
      const o = await t.staff.get('/api/v1/communities/1/units?offset=-1');
      assert.equal(o.status, 422);
      assert.equal(o.json.error.field, 'offset');
      assert.equal((await t.staff.get('/api/v1/communities/1/units?limit=1000')).json.items.length, 1000);
      assert.equal((await t.staff.get('/api/v1/communities/1/owners?limit=1001')).status, 422);
    });

    test('staff see owners with full names, unit counts and summed areas', async () => {
      const units = (await allUnits('staff')).items;
      const owners = [];
      for (let offset = 0; ; offset += 1000) {
        const r = await t.staff.get(`/api/v1/communities/1/owners?limit=1000&offset=${offset}`);
        assert.equal(r.status, 200, r.text);
        owners.push(...r.json.items);
        if (r.json.items.length < 1000) break;
      }
      assert.equal(owners.length, 2044);
      for (const o of owners) {
        assert.deepEqual(Object.keys(o).sort(), ['area_m2', 'id', 'kind', 'name', 'owner_ref', 'units']);
        assert.doesNotMatch(o.name, /\*/);
        assert.match(o.area_m2, /^\d+\.\d\d$/);
      }
      // Every unit still held by the former work unit counts as one owner, with the sum of the areas.
      const wu = owners.filter((o) => o.kind === 'developer');
      assert.equal(wu.length, 1);
      const held = units.filter((u) => u.owner.id === wu[0].id);
      assert.equal(wu[0].units, held.length);
      assert.ok(held.length > 24, 'the whole of 49栋4单元 at least');
      const cents = held.reduce((s, u) => s + Math.round(Number(u.area_m2) * 100), 0);
      assert.equal(wu[0].area_m2, `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
      // The owner of 1栋1单元101 appears once, with the name shown on the unit.
      const u101 = units[0];
      const o101 = owners.find((o) => o.id === u101.owner.id);
      assert.equal(o101.name, u101.owner.name);
    });

    test('the committee sees the register with names masked (surname + *)', async () => {
      const o = await t.committee.get('/api/v1/communities/1/owners?limit=50');
      assert.equal(o.status, 200, o.text);
      assert.equal(o.json.total, 2044);
      const full = (await t.staff.get('/api/v1/communities/1/owners?limit=50')).json.items;
      o.json.items.forEach((m, i) => {
        assert.match(m.name, MASKED, m.name);
        assert.equal([...m.name][0], [...full[i].name][0], 'the surname is kept');
        assert.equal([...m.name].length, [...full[i].name].length);
      });
      const u = await t.committee.get('/api/v1/communities/1/units?building=1&limit=10');
      assert.equal(u.status, 200);
      assert.ok(u.json.items.every((x) => MASKED.test(x.owner.name)));
    });

    test('a head lists only the units of their own buildings (1栋–3栋), names in full', async () => {
      const r = await t.head.get('/api/v1/communities/1/units?limit=1000');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, 144);
      assert.equal(r.json.items.length, 144);
      assert.deepEqual([...new Set(r.json.items.map((u) => u.building))].sort(), ['1栋', '2栋', '3栋']);
      assert.ok(r.json.items.every((u) => !u.owner.name.includes('*')));
      const b3 = await t.head.get('/api/v1/communities/1/units?building=3');
      assert.equal(b3.json.total, 48);
      const b4 = await t.head.get('/api/v1/communities/1/units?building=4');
      assert.equal(b4.status, 200);
      assert.deepEqual(b4.json, { items: [], total: 0 });
    });

    test('a head of later buildings sees their units on the first page, not an empty list', async () => {
      const r = await t.head2.get('/api/v1/communities/1/units');
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.items.length > 0, 'head2 (4栋 onwards) gets an empty first page');
      assert.ok(r.json.items.every((u) => u.building !== '1栋'));
      // the total counts the head's own buildings, and a page that holds them all lists them all
      const all = await t.head2.get('/api/v1/communities/1/units?limit=1000');
      assert.equal(all.json.total, all.json.items.length);
      assert.equal(r.json.total, all.json.total);
    });

    test('a head is refused the owners list (403)', async () => {
      const r = await t.head.get('/api/v1/communities/1/owners');
      assert.equal(r.status, 403, r.text);
      assert.equal(r.json.error.code, 'forbidden');
    });

    test('an owner is refused both lists; so is the administrator (no register access)', async () => {
      for (const who of ['owner', 'admin']) {
        assert.equal((await t[who].get('/api/v1/communities/1/units')).status, 403, who);
        assert.equal((await t[who].get('/api/v1/communities/1/owners')).status, 403, who);
      }
    });

    test('without a token the lists are 401; an unknown community 404', async () => {
      assert.equal((await api(srv.url).get('/api/v1/communities/1/units')).status, 401);
      assert.equal((await api(srv.url).get('/api/v1/communities/1/owners')).status, 401);
      assert.equal((await t.staff.get('/api/v1/communities/999/units')).status, 404);
    });
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

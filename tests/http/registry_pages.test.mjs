// registry_pages.test.mjs: the register's pages — the filtered list, one unit (who may open
// which, names masked without personal-data rights), adding and editing units, residents,
// assigning heads — and the staff's upload-preview-confirm import.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, loggedIn, csrfOf, noticeOf, yuanli, SUITE } from './lib/server.mjs';
import { api, tokenFor, countsOf, chainHeads, gbk, multipart, mainOf, HEADER } from './lib/registry.mjs';

const MASKED = /^.\*+$/u;

/** The building ids on a page's building <select>, by name. */
function buildingIds(html) {
  const sel = /<select id="f-building" name="building(?:_id)?">([^]*?)<\/select>/.exec(html);
  assert.ok(sel, 'no building select');
  const out = {};
  for (const m of sel[1].matchAll(/<option value="(\d+)"[^>]*>(\d+栋)/g)) out[m[2]] = Number(m[1]);
  return out;
}

/** The rows of the register list: [{id, name (building+stairwell room), owner}]. */
function listRows(html) {
  return [...html.matchAll(/<tr><td[^>]*><a href="\/registry\/units\/(\d+)">([^<]+)<\/a><\/td><td[^>]*>-?\d+<\/td><td[^>]*>[\d.]+<\/td><td[^>]*>([^<]*)<\/td>/g)]
    .map((m) => ({ id: Number(m[1]), name: m[2], owner: m[3] }));
}

/** The unit page's owner name (before " (kind)"). */
function ownerOn(html) {
  const m = /<dt>业主<\/dt><dd>([^<]*) \(/.exec(html);
  assert.ok(m, 'no owner on the unit page');
  return m[1];
}

describe('register pages and the staff import', SUITE, () => {
  let srv;
  let staffApi;
  const c = {}; // signed-in clients by user
  before(async () => {
    srv = await startServer();
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
    const users = ['staff', 'head', 'owner', 'committee', 'admin'];
    const clients = await Promise.all(users.map((u) => loggedIn(srv.url, u)));
    users.forEach((u, i) => { c[u] = clients[i]; });
  });
  after(async () => { await srv?.stop(); });

  describe('register pages', () => {
    let ids; // building name → id
    let u101; // 1栋1单元101, the demo owner's unit (from the API)
    let u3; // a unit in 3栋
    let u4; // a unit in 4栋
    before(async () => {
      ids = buildingIds((await c.staff.get('/registry')).body);
      const unit = async (q) => (await staffApi.get(`/api/v1/communities/1/units?${q}&limit=1`)).json.items[0];
      u101 = await unit('building=1&stairwell=1');
      u3 = await unit('building=3&stairwell=2');
      u4 = await unit('building=4&stairwell=1');
    });

    async function staffPost(p, form, from = '/registry') {
      const csrf = csrfOf((await c.staff.get(from)).body);
      return c.staff.post(p, { ...form, csrf });
    }

    test('staff see the register: the summary, 49 buildings to pick, 2,156 units', async () => {
      const r = await c.staff.get('/registry');
      assert.equal(r.status, 200);
      assert.match(r.body, /中南家园：49 栋楼，2156 套房屋，\d+ 位业主/);
      assert.match(r.body, /<h2>共 2156 套<\/h2>/);
      assert.equal(Object.keys(ids).length, 49);
      assert.equal(listRows(r.body).length, 50, 'a page is 50 rows');
      assert.match(r.body, /href="\/registry\/import"/);
      assert.match(r.body, /href="\/registry\/units\/new"/);
    });

    test('the list filters by building, stairwell, status and search', async () => {
      let r = await c.staff.get(`/registry?building=${ids['3栋']}`);
      assert.match(r.body, /<h2>共 48 套<\/h2>/);
      assert.ok(listRows(r.body).every((x) => x.name.startsWith('3栋')));
      r = await c.staff.get(`/registry?building=${ids['1栋']}&stairwell=2`);
      assert.match(r.body, /<h2>共 12 套<\/h2>/);
      assert.ok(listRows(r.body).every((x) => x.name.startsWith('1栋2单元 ')));
      const same = await c.staff.get(`/registry?building=${ids['1栋']}&stairwell=${encodeURIComponent('2单元')}`);
      assert.deepEqual(listRows(same.body), listRows(r.body));
      r = await c.staff.get(`/registry?building=${ids['49栋']}&stairwell=4&status=undelivered`);
      const rows = listRows(r.body);
      assert.ok(rows.length > 0);
      assert.match(r.body, /<td[^>]*>已售未交付<\/td>/);
      assert.doesNotMatch(r.body, /<td[^>]*>(已交付|未出售)<\/td>/);
      r = await c.staff.get(`/registry?q=${encodeURIComponent(u101.owner.name)}`);
      assert.ok(listRows(r.body).some((x) => x.id === u101.id));
      assert.ok(listRows(r.body).every((x) => x.owner === u101.owner.name));
      r = await c.staff.get(`/registry?building=${ids['2栋']}&q=702`);
      assert.equal(r.status, 200);
      assert.match(r.body, /<h2>共 0 套<\/h2>/, '2栋 has six floors');
      assert.equal((await c.staff.get('/registry?stairwell=x')).status, 422);
    });

    test('the committee sees the list with names masked', async () => {
      const r = await c.committee.get(`/registry?building=${ids['1栋']}`);
      assert.equal(r.status, 200);
      const rows = listRows(r.body);
      assert.equal(rows.length, 48);
      assert.ok(rows.every((x) => MASKED.test(x.owner)), rows.map((x) => x.owner).join(' '));
    });

    test('a head sees only their buildings on the list (1栋–3栋), in full', async () => {
      const r = await c.head.get('/registry');
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(buildingIds(r.body)), ['1栋', '2栋', '3栋']);
      const rows = listRows(r.body);
      assert.equal(rows.length, 48);
      assert.ok(rows.every((x) => x.name.startsWith('1栋') && !x.owner.includes('*')));
      const other = await c.head.get(`/registry?building=${ids['4栋']}`);
      assert.equal(other.status, 200);
      assert.ok(listRows(other.body).every((x) => !x.name.startsWith('4栋')), '4栋 is not shown to this head');
      assert.doesNotMatch(r.body, /href="\/registry\/import"/);
    });

    test('an owner and the administrator are refused the register (403); anonymous goes to login', async () => {
      assert.equal((await c.owner.get('/registry')).status, 403);
      assert.equal((await c.admin.get('/registry')).status, 403);
      const anon = await client(srv.url).get('/registry');
      assert.equal(anon.status, 303);
      assert.equal(anon.headers.get('location'), '/login?next=%2Fregistry');
    });

    test('an owner opens their own unit (1栋1单元101) and gets 403 on any other', async () => {
      const r = await c.owner.get(`/registry/units/${u101.id}`);
      assert.equal(r.status, 200);
      assert.match(r.body, /<h1>1栋1单元 101室<\/h1>/);
      assert.match(r.body, new RegExp(`<dd>${u101.area_m2}</dd>`));
      assert.doesNotMatch(r.body, /\/edit"/, 'no edit button for an owner');
      for (const u of [u3, u4]) assert.equal((await c.owner.get(`/registry/units/${u.id}`)).status, 403);
    });

    test('an owner sees their own name in full on their own unit (it is their data, DOMAIN §8)', async () => {
      const r = await c.owner.get(`/registry/units/${u101.id}`);
      assert.equal(ownerOn(r.body), u101.owner.name);
    });

    test('a head opens units in 1栋–3栋 with names in full, and gets 403 in 4栋', async () => {
      const r = await c.head.get(`/registry/units/${u3.id}`);
      assert.equal(r.status, 200);
      assert.equal(ownerOn(r.body), u3.owner.name);
      assert.equal((await c.head.get(`/registry/units/${u4.id}`)).status, 403);
    });

    test('names are masked on a unit page for the committee, in full for staff', async () => {
      const m = await c.committee.get(`/registry/units/${u4.id}`);
      assert.equal(m.status, 200);
      assert.match(ownerOn(m.body), MASKED);
      assert.equal([...ownerOn(m.body)][0], [...u4.owner.name][0]);
      assert.doesNotMatch(m.body, new RegExp(u4.owner.name));
      const s = await c.staff.get(`/registry/units/${u4.id}`);
      assert.equal(ownerOn(s.body), u4.owner.name);
    });

    test('an unknown unit is 404; the administrator is refused a unit (403)', async () => {
      assert.equal((await c.staff.get('/registry/units/999999')).status, 404);
      assert.equal((await c.staff.get('/registry/units/abc')).status, 404);
      assert.equal((await c.admin.get(`/registry/units/${u4.id}`)).status, 403);
    });

    test('staff add a unit through the form: 303 to its page, which shows it', async () => {
      const page = await c.staff.get('/registry/units/new');
      assert.equal(page.status, 200);
      const r = await c.staff.post('/registry/units', {
        csrf: csrfOf(page.body), building: '50', stairwell: '1', floor: '3', room: '301', area_m2: '88.8',
        area_source: 'survey', owner_ref: 'N1', owner_name: '新业主', owner_kind: 'person', status: 'delivered',
      });
      assert.equal(r.status, 303, noticeOf(r.body));
      const m = /^\/registry\/units\/(\d+)\?saved=1$/.exec(r.headers.get('location'));
      assert.ok(m, r.headers.get('location'));
      const u = await c.staff.get(m[0]);
      assert.equal(u.status, 200);
      assert.match(u.body, /<h1>50栋1单元 301室<\/h1>/);
      assert.match(u.body, /<dd>88\.80<\/dd>/);
      assert.equal(ownerOn(u.body), '新业主');
      assert.equal(noticeOf(u.body), '已保存。');
      assert.match(u.body, /变更记录[^]*unit\.create · staff/);
      assert.equal((await countsOf(staffApi)).units, 2157);
      const found = listRows((await c.staff.get(`/registry?q=${encodeURIComponent('新业主')}`)).body);
      assert.deepEqual(found.map((x) => [x.name, x.owner]), [['50栋1单元 301', '新业主']]);
    });

    test('names typed into the form are escaped on the pages', async () => {
      const r = await staffPost('/registry/units', {
        building: '50', stairwell: '2', floor: '1', room: '101', area_m2: '50', area_source: 'register',
        owner_ref: 'E1', owner_name: '<i>王"&</i>', owner_kind: 'person', status: 'delivered',
      }, '/registry/units/new');
      assert.equal(r.status, 303, noticeOf(r.body));
      const page = await c.staff.get(r.headers.get('location'));
      assert.match(page.body, /<dd>&lt;i&gt;王(&quot;|&#34;)&amp;&lt;\/i&gt; \(/);
      assert.doesNotMatch(page.body, /<i>王/);
      const list = await c.staff.get(`/registry?q=${encodeURIComponent('<i>')}`);
      assert.match(list.body, /<td[^>]*>&lt;i&gt;王(&quot;|&#34;)&amp;&lt;\/i&gt;<\/td>/);
    });

    test('adding a unit that exists is 409 and changes nothing', async () => {
      const before = await chainHeads(srv.url);
      const r = await staffPost('/registry/units', {
        building: '1栋', stairwell: '1单元', floor: '1', room: '101', area_m2: '10', area_source: 'register',
        owner_ref: 'Q', owner_name: '冒名', owner_kind: 'person', status: 'delivered',
      }, '/registry/units/new');
      assert.equal(r.status, 409);
      assert.equal(noticeOf(r.body), '这套房屋已经登记过了（同一楼栋、单元、房号）。');
      assert.deepEqual(await chainHeads(srv.url), before);
      const u = (await staffApi.get('/api/v1/communities/1/units?building=1&stairwell=1&limit=1')).json.items[0];
      assert.equal(u.area_m2, u101.area_m2);
    });

    test('a bad area on the form is 422 naming the field, and keeps what was typed', async () => {
      for (const area of ['63.555', '-1', '1e3', '']) {
        const r = await staffPost('/registry/units', {
          building: '50', stairwell: '1', floor: '4', room: '401', area_m2: area, area_source: 'register',
          owner_ref: '', owner_name: '', owner_kind: 'person', status: 'delivered',
        }, '/registry/units/new');
        assert.equal(r.status, 422, area);
        assert.match(noticeOf(r.body), /^专有面积（平方米）: /, noticeOf(r.body));
        assert.match(r.body, new RegExp(`name="area_m2" type="text" value="${area.replace('.', '\\.')}"`));
      }
      const r = await staffPost('/registry/units', {
        building: '楼A', stairwell: '1', floor: '4', room: '401', area_m2: '50',
      }, '/registry/units/new');
      assert.equal(r.status, 422);
      assert.match(noticeOf(r.body), /^楼栋: /);
      assert.equal((await staffApi.get('/api/v1/communities/1/units?building=50&limit=1000')).json.total, 2);
    });

    test('only staff may add or edit units (a head 403)', async () => {
      assert.equal((await c.head.get('/registry/units/new')).status, 403);
      assert.equal((await c.head.get(`/registry/units/${u3.id}/edit`)).status, 403);
      const csrf = csrfOf((await c.head.get('/registry')).body);
      const r = await c.head.post(`/registry/units/${u3.id}`, { csrf, area_m2: '1.00', floor: '1' });
      assert.equal(r.status, 403);
      assert.equal((await c.committee.get('/registry/units/new')).status, 403);
    });

    test('staff change a unit\'s area: 303, the page shows it and its history has unit.update', async () => {
      const edit = await c.staff.get(`/registry/units/${u4.id}/edit`);
      assert.equal(edit.status, 200);
      assert.match(edit.body, new RegExp(`name="area_m2" type="text" value="${u4.area_m2.replace('.', '\\.')}"`));
      const form = { csrf: csrfOf(edit.body) };
      for (const m of mainOf(edit.body).matchAll(/<input (?:id="f-[^"]*" )?(?:type="hidden" )?name="([^"]+)"(?: type="\w+")? value="([^"]*)"/g))
        if (m[1] !== 'csrf') form[m[1]] = m[2];
      for (const m of edit.body.matchAll(/<select id="f-(\w+)" name="\w+">[^]*?<option value="(\w+)" selected>/g)) form[m[1]] = m[2];
      assert.equal(form.building, '4栋');
      assert.equal(form.room, u4.room);
      form.area_m2 = '99.99';
      form.building = '9'; // the unit's key is not editable: ignored
      const r = await c.staff.post(`/registry/units/${u4.id}`, form);
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), `/registry/units/${u4.id}?saved=1`);
      const page = await c.staff.get(`/registry/units/${u4.id}`);
      assert.match(page.body, /<h1>4栋1单元 /);
      assert.match(page.body, /<dd>99\.99<\/dd>/);
      assert.match(page.body, /<h2>变更记录<\/h2><ul class="history"><li><time>[^<]+<\/time> unit\.update · staff<\/li>/);
      assert.match(page.body, /unit\.create · demo/);
      const api4 = (await staffApi.get(`/api/v1/communities/1/units?building=4&stairwell=1&limit=1`)).json.items[0];
      assert.equal(api4.area_m2, '99.99');
    });

    test('a bad area on the edit form is 422 naming the field and changes nothing', async () => {
      const r = await staffPost(`/registry/units/${u3.id}`, {
        floor: String(u3.floor), area_m2: '12.345', area_source: 'register', owner_ref: u3.owner.owner_ref,
        owner_name: u3.owner.name, owner_kind: 'person', status: 'delivered',
      }, `/registry/units/${u3.id}/edit`);
      assert.equal(r.status, 422);
      assert.match(noticeOf(r.body), /^专有面积（平方米）: 面积应是/);
      const now = (await staffApi.get('/api/v1/communities/1/units?building=3&stairwell=2&limit=1')).json.items[0];
      assert.equal(now.area_m2, u3.area_m2);
    });

    test('staff add a resident: 303, listed on the page; masked with phone for the committee', async () => {
      const r = await staffPost(`/registry/units/${u4.id}/residents`, { name: '租客张三', phone: '13812345678', kind: 'tenant' },
        `/registry/units/${u4.id}`);
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), `/registry/units/${u4.id}?added=1`);
      const s = await c.staff.get(`/registry/units/${u4.id}?added=1`);
      assert.match(s.body, /<li>租客张三 · 租户 · 13812345678<\/li>/);
      assert.match(s.body, /resident\.add · staff/);
      const m = await c.committee.get(`/registry/units/${u4.id}`);
      assert.match(m.body, /<li>租\*\*\* · 租户 · 138\*\*\*\*5678<\/li>/);
      assert.doesNotMatch(m.body, /租客张三|13812345678/);
    });

    test('a resident with a bad phone or kind, or no name, is 422 and not added', async () => {
      for (const form of [{ name: '李四', phone: 'call me', kind: 'tenant' }, { name: '李四', kind: 'landlord' },
        { name: '', kind: 'owner' }]) {
        const r = await staffPost(`/registry/units/${u4.id}/residents`, form, `/registry/units/${u4.id}`);
        assert.equal(r.status, 422, JSON.stringify(form));
        assert.ok(noticeOf(r.body));
      }
      assert.doesNotMatch((await c.staff.get(`/registry/units/${u4.id}`)).body, /<li>李四/);
    });

    test('staff assign a head to a building; the head can then open its units', async () => {
      assert.equal((await c.head.get(`/registry/units/${u4.id}`)).status, 403);
      const r = await staffPost('/registry/heads', { head: 'head', building_id: String(ids['4栋']) });
      assert.equal(r.status, 303, noticeOf(r.body));
      assert.equal(r.headers.get('location'), '/registry');
      const head = c.head; // signed in before the assignment: it takes effect at once
      assert.equal((await head.get(`/registry/units/${u4.id}`)).status, 200);
      assert.ok('4栋' in buildingIds((await head.get('/registry')).body));
    });

    test('assigning a building to someone who is not a head is 422; an unknown building 422', async () => {
      for (const who of ['owner', 'staff', 'nobody-here']) {
        const r = await staffPost('/registry/heads', { head: who, building_id: String(ids['5栋']) });
        assert.equal(r.status, 422, who);
        assert.equal(noticeOf(r.body), '这个用户不是本社区的邻长。');
      }
      const r = await staffPost('/registry/heads', { head: 'head', building_id: '999999' });
      assert.equal(r.status, 422);
      const csrf = csrfOf((await c.head.get('/registry')).body);
      assert.equal((await c.head.post('/registry/heads', { csrf, head: 'head', building_id: String(ids['6栋']) })).status, 403);
    });

  });

  describe('import from the staff page', () => {
    let staff;
    before(() => { staff = c.staff; });

    async function upload(c, data, type = 'text/csv') {
      const csrf = csrfOf((await c.get('/registry/import')).body);
      const { body, contentType } = multipart({ csrf }, { name: 'file', filename: 'units.csv', type, data });
      return c.postRaw('/registry/import', body, contentType);
    }

    const GOOD = `${HEADER}\n` + [
      '60,1,1,101,60.10,register,P1,欧阳修,person,delivered',
      '60,1,1,102,60.20,register,P1,欧阳修,person,delivered',
      '60,1,2,201,70.00,survey,P2,司马光,person,delivered',
    ].join('\n') + '\n';

    test('the import page is for staff (a head 403)', async () => {
      const r = await staff.get('/registry/import');
      assert.equal(r.status, 200);
      assert.match(r.body, /enctype="multipart\/form-data"/);
      assert.match(r.body, /name="file" type="file"/);
      const head = c.head;
      assert.equal((await head.get('/registry/import')).status, 403);
      const csrf = csrfOf((await head.get('/registry')).body);
      const { body, contentType } = multipart({ csrf }, { name: 'file', filename: 'u.csv', type: 'text/csv', data: GOOD });
      assert.equal((await head.postRaw('/registry/import', body, contentType)).status, 403);
    });

    test('uploading a GBK file shows a preview with the counts and a confirm form; nothing imported yet', async () => {
      const units = (await countsOf(staffApi)).units;
      const r = await upload(staff, await gbk(GOOD));
      assert.equal(r.status, 200, noticeOf(r.body));
      assert.match(noticeOf(r.body), /^文件检查通过（(gb18030|GBK\/GB18030) 编码）：3 套房屋，2 位业主。其中新增 3 套、修改 0 套、不变 0 套。确认后导入。$/);
      assert.match(r.body, /<form method="post" action="\/registry\/import\/\d+">/);
      assert.equal((await countsOf(staffApi)).units, units, 'a preview imports nothing');
    });

    test('confirming imports: 303 to /registry/import?done=…, the units are there', async () => {
      const before = await countsOf(staffApi);
      const r = await upload(staff, GOOD);
      const action = /<form method="post" action="(\/registry\/import\/(\d+))">/.exec(r.body);
      const csrf = csrfOf(mainOf(r.body));
      const done = await staff.post(action[1], { csrf });
      assert.equal(done.status, 303, noticeOf(done.body));
      assert.equal(done.headers.get('location'), '/registry/import?done=3-0-0');
      const page = await staff.get(done.headers.get('location'));
      assert.equal(noticeOf(page.body), '导入完成：新增 3 套、修改 0 套、不变 0 套。');
      const after = await countsOf(staffApi);
      assert.equal(after.units, before.units + 3);
      assert.equal(after.owners, before.owners + 2);
      const names = (await staffApi.get('/api/v1/communities/1/units?building=60')).json.items.map((u) => u.owner.name);
      assert.deepEqual(names, ['欧阳修', '欧阳修', '司马光']);
      // the draft is gone once used
      assert.equal((await staff.post(action[1], { csrf })).status, 404);
    });

    test('a file with errors is a 422 page listing line, column and problem; nothing imported', async () => {
      const before = await countsOf(staffApi);
      const r = await upload(staff, 'building,stairwell,floor,room,area_m2\n61,1,1,101,50\n61,1,1,102,63.555\n楼A,1,1,103,50\n');
      assert.equal(r.status, 422);
      assert.equal(noticeOf(r.body), '文件里有 2 处问题，没有导入任何数据。请改正后重新上传：');
      assert.match(r.body, /<tr><td[^>]*>第 3 行<\/td><td[^>]*>area_m2<\/td><td[^>]*>面积应是大于 0 的数，最多两位小数，如 63.50<\/td><\/tr>/);
      assert.match(r.body, /<tr><td[^>]*>第 4 行<\/td><td[^>]*>building<\/td><td[^>]*>楼栋格式不认识，应写成“3”或“3栋”<\/td><\/tr>/);
      assert.doesNotMatch(r.body, /action="\/registry\/import\/\d+"/, 'no confirm form');
      assert.deepEqual(await countsOf(staffApi), before);
    });

    test('an upload without a file is 422', async () => {
      const csrf = csrfOf((await staff.get('/registry/import')).body);
      const { body, contentType } = multipart({ csrf });
      const r = await staff.postRaw('/registry/import', body, contentType);
      assert.equal(r.status, 422);
      assert.equal(noticeOf(r.body), '请选择一个 CSV 文件。');
    });

    test('a draft is its uploader\'s: another staff member gets 404, as does an unknown id', async () => {
      const add = await yuanli(['user', 'add', 'staff.b', '--grant', 'staff@1', '--db', srv.db],
        { env: { YUANLI_PASSWORD: 'staff-b-pass-1' } });
      assert.equal(add.code, 0, add.stderr);
      const other = await loggedIn(srv.url, 'staff.b', 'staff-b-pass-1');
      const r = await upload(staff, GOOD.replaceAll('60,', '62,'));
      const action = /action="(\/registry\/import\/\d+)"/.exec(r.body)[1];
      const csrf = csrfOf((await other.get('/registry/import')).body);
      const units = (await countsOf(staffApi)).units;
      assert.equal((await other.post(action, { csrf })).status, 404);
      assert.equal((await other.post('/registry/import/999999', { csrf })).status, 404);
      assert.equal((await countsOf(staffApi)).units, units);
      const mine = csrfOf((await staff.get('/registry/import')).body);
      assert.equal((await staff.post(action, { csrf: mine })).status, 303, 'still the uploader\'s to confirm');
      assert.equal((await countsOf(staffApi)).units, units + 3);
    });

    test('confirming needs the CSRF token', async () => {
      const r = await upload(staff, GOOD.replaceAll('60,', '63,'));
      const action = /action="(\/registry\/import\/\d+)"/.exec(r.body)[1];
      assert.equal((await staff.post(action, {})).status, 403);
    });

  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

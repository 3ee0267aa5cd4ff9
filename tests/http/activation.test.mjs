// activation.test.mjs: activation slips (one code and QR code per unit of a building) and
// claiming an account with a code — once only, hashed at rest, throttled per address, and
// refused after 30 days (a second server on the same database with YUANLI_NOW a month on).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  startServer, assertCleanStop, client, loggedIn, csrfOf, noticeOf, yuanli, sql, tempDir, freshDb, freshDemoDb, dropDb, SUITE,
} from './lib/server.mjs';
import { api, tokenFor, mainOf } from './lib/registry.mjs';

const CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;
const BAD_CODE = '激活码不对，或者已经用过、已经过期。请核对后再试，或到社区重新领取。';

/** The slips of a code sheet: [{unit: '1栋1单元 101', code}], and the number of QR codes. */
function slipsOf(html) {
  const slips = [...html.matchAll(/<section class="slip"><h2>中南家园 · ([^<]+)<\/h2>[^]*?<p class="code">([^<]+)<\/p>/g)]
    .map((m) => ({ unit: m[1], code: m[2] }));
  const qrs = (html.match(/<svg class="qr"[^>]*>/g) || []).length;
  return { slips, qrs, sections: (html.match(/<section class="slip">/g) || []).length };
}

/** How many activation_codes rows hold `text` anywhere in their hash. */
async function storedLike(db, text) {
  const out = await sql(db, `SELECT count(*) FROM activation_codes WHERE code_hash LIKE '%${text}%'`);
  return Number(out.trim());
}

let dir; // the database outlives the first server: the second runs on it a month later
let db;
let spare; // an unused code printed by the first server

describe('activation codes and claiming', SUITE, () => {
  let srv;
  let staff;
  let staffApi;
  let ids; // building name → id
  let sheet; // 1栋 as staff printed it
  let residentSheet; // 3栋, resident slips, as the head printed them
  before(async () => {
    dir = await tempDir('yuanli-activation-');
    db = await freshDemoDb(dir); // a copy of the run's demo (the same `yuanli demo`), or one made here
    srv = await startServer({ db });
    staff = await loggedIn(srv.url, 'staff');
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
    const page = await staff.get('/registry/codes');
    ids = {};
    for (const m of page.body.matchAll(/<option value="(\d+)">(\d+栋) \(\d+\)<\/option>/g)) ids[m[2]] = Number(m[1]);
  });
  after(async () => { await srv?.stop(); });

  async function print(c, building, role = 'owner') {
    const csrf = csrfOf((await c.get('/registry/codes')).body);
    return c.post('/registry/codes', { csrf, building_id: String(ids[building] ?? building), role });
  }

  /** Claims with a fresh visitor; resolves to {r, c}. */
  async function claim(code, user, { password = 'claim-pass-123', repeat = password, display = '新住户' } = {}) {
    const c = client(srv.url);
    const csrf = await c.csrf('/claim');
    const r = await c.post('/claim', { code, user, display_name: display, password, repeat, csrf });
    return { r, c };
  }

  test('the codes page lists every building for staff', async () => {
    const r = await staff.get('/registry/codes');
    assert.equal(r.status, 200);
    assert.equal(Object.keys(ids).length, 49);
    assert.match(r.body, /<option value="\d+">1栋 \(48\)<\/option>/);
  });

  test('staff print 1栋: one slip per unit (48), each with a code and an inline QR code', async () => {
    const r = await print(staff, '1栋');
    assert.equal(r.status, 200, noticeOf(r.body));
    assert.match(r.body, /<h1>1栋 激活码<\/h1>/);
    sheet = slipsOf(r.body);
    assert.equal(sheet.sections, 48);
    assert.equal(sheet.slips.length, 48);
    assert.equal(sheet.qrs, 48);
    for (const s of sheet.slips) assert.match(s.code, CODE);
    assert.equal(new Set(sheet.slips.map((s) => s.code)).size, 48, 'codes are all different');
    assert.equal(new Set(sheet.slips.map((s) => s.unit)).size, 48);
    assert.equal(sheet.slips[0].unit, '1栋1单元 101');
    assert.match(r.body, new RegExp(`/claim\\?code=${sheet.slips[0].code}|/claim`));
    spare = sheet.slips[47].code;
  });

  test('codes are never stored in clear (neither printed nor bare form, nor in the audit)', async () => {
    const forms = sheet.slips.flatMap(({ code }) => [code, code.replaceAll('-', ''), code.replaceAll('-', '').toLowerCase()]);
    const like = (col) => forms.map((f) => `${col} LIKE '%${f}%'`).join(' OR ');
    const out = await sql(db, `SELECT (SELECT count(*) FROM activation_codes WHERE ${like('code_hash')}), ` +
      `(SELECT count(*) FROM audit WHERE ${like('details')}), (SELECT count(*) FROM activation_codes)`);
    assert.equal(out.trim(), '0|0|48');
    // the query itself finds what is there: each code's row is found by its hash's start
    const h = (await sql(db, 'SELECT substr(code_hash, 1, 12) FROM activation_codes LIMIT 1')).trim();
    assert.equal(await storedLike(db, h), 1);
  });

  test('a head prints slips for their own building (200) and gets 403 for 4栋', async () => {
    const head = await loggedIn(srv.url, 'head');
    const page = await head.get('/registry/codes');
    assert.equal(page.status, 200);
    assert.deepEqual([...page.body.matchAll(/<option value="\d+">(\d+栋) /g)].map((m) => m[1]), ['1栋', '2栋', '3栋']);
    const ok = await print(head, '3栋', 'resident');
    assert.equal(ok.status, 200);
    residentSheet = slipsOf(ok.body);
    assert.equal(residentSheet.slips.length, 48);
    const r = await print(head, '4栋');
    assert.equal(r.status, 403);
    assert.equal(noticeOf(r.body), '您没有权限做这件事。');
  });

  test('owners, the committee and the administrator cannot print codes (403)', async () => {
    for (const who of ['owner', 'committee', 'admin']) {
      const c = await loggedIn(srv.url, who);
      assert.equal((await c.get('/registry/codes')).status, 403, who);
      const csrf = csrfOf((await c.get('/account')).body);
      assert.equal((await c.post('/registry/codes', { csrf, building_id: String(ids['1栋']), role: 'owner' })).status, 403, who);
    }
  });

  test('a bad role or building is refused (422 / 404)', async () => {
    assert.equal((await print(staff, '1栋', 'landlord')).status, 422);
    assert.equal((await print(staff, 'x')).status, 422);
    const r = await print(staff, 999999);
    assert.ok([403, 404].includes(r.status), `unknown building: ${r.status}`);
  });

  test('GET /claim?code=… prefills the code', async () => {
    const code = sheet.slips[1].code;
    const r = await client(srv.url).get(`/claim?code=${code}`);
    assert.equal(r.status, 200);
    assert.match(r.body, new RegExp(`name="code" type="text" value="${code}"`));
    assert.match(r.body, /name="password"/);
  });

  test('claiming with a good code: 303 to /?welcome=1, signed in as an owner who can open the unit', async () => {
    const slip = sheet.slips[1]; // 1栋1单元 102
    const { r, c } = await claim(slip.code, 'new.owner');
    assert.equal(r.status, 303, noticeOf(r.body));
    assert.equal(r.headers.get('location'), '/?welcome=1');
    assert.ok(c.jar.get('yl_s'), 'a session was started');
    const me = JSON.parse((await c.get('/api/v1/me')).body);
    assert.equal(me.user, 'new.owner');
    assert.deepEqual(me.roles, [{ role: 'owner', community_id: 1 }]);
    const unit = (await staffApi.get('/api/v1/communities/1/units?building=1&stairwell=1&limit=2')).json.items[1];
    assert.equal(`${unit.building}${unit.stairwell} ${unit.room}`, slip.unit);
    const page = await c.get(`/registry/units/${unit.id}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>1栋1单元 102室<\/h1>/);
    // and only that owner's units
    const far = (await staffApi.get('/api/v1/communities/1/units?building=4&limit=1')).json.items[0];
    assert.equal((await c.get(`/registry/units/${far.id}`)).status, 403);
    // the password chosen works for signing in later
    await loggedIn(srv.url, 'new.owner', 'claim-pass-123');
  });

  test('the code is accepted however it is typed (lower case, spaces, no dashes)', async () => {
    const typed = ` ${sheet.slips[2].code.replaceAll('-', ' ').toLowerCase()} `;
    const { r } = await claim(typed, 'new.owner2');
    assert.equal(r.status, 303, noticeOf(r.body));
  });

  test('the same code again is refused (422), with or without a new user name', async () => {
    for (const user of ['new.owner', 'someone.else']) {
      const { r, c } = await claim(sheet.slips[1].code, user);
      assert.equal(r.status, 422);
      assert.equal(noticeOf(r.body), BAD_CODE);
      assert.equal(c.jar.get('yl_s'), undefined);
    }
    const users = await sql(db, "SELECT count(*) FROM accounts WHERE name = 'someone.else'");
    assert.equal(users.trim(), '0');
  });

  test('a wrong code is refused (422) and keeps what was typed', async () => {
    const { r } = await claim('ABCD-EFGH-JKMN', 'guess.who');
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), BAD_CODE);
    assert.match(r.body, /name="code" type="text" value="ABCD-EFGH-JKMN"/);
    assert.equal((await claim('not a code at all', 'guess.who')).r.status, 422);
  });

  test('a mismatched repeat or a short password is 422 and does not use the code up', async () => {
    const code = sheet.slips[3].code;
    assert.equal((await claim(code, 'new.owner3', { repeat: 'something-else-1' })).r.status, 422);
    assert.equal((await claim(code, 'new.owner3', { password: 'short' })).r.status, 422);
    assert.equal((await claim(code, 'new.owner', {})).r.status, 409, 'a taken user name is a conflict');
    assert.equal((await claim(code, 'new.owner3')).r.status, 303, 'the code still works');
  });

  test('the claim needs the CSRF token', async () => {
    const c = client(srv.url);
    await c.get('/claim');
    const r = await c.post('/claim', { code: sheet.slips[4].code, user: 'no.csrf', password: 'claim-pass-123', repeat: 'claim-pass-123' });
    assert.equal(r.status, 403);
    assert.equal((await claim(sheet.slips[4].code, 'with.csrf')).r.status, 303);
  });

  test('a resident slip makes a resident of that unit, who can open it and no other', async () => {
    const slip = residentSheet.slips[0]; // 3栋1单元 101
    const { r, c } = await claim(slip.code, 'new.tenant', { display: '租户小王' });
    assert.equal(r.status, 303, noticeOf(r.body));
    assert.deepEqual(JSON.parse((await c.get('/api/v1/me')).body).roles, [{ role: 'resident', community_id: 1 }]);
    const unit = (await staffApi.get('/api/v1/communities/1/units?building=3&stairwell=1&limit=1')).json.items[0];
    assert.equal(`${unit.building}${unit.stairwell} ${unit.room}`, slip.unit);
    const page = await c.get(`/registry/units/${unit.id}`);
    assert.equal(page.status, 200);
    const staffView = await staff.get(`/registry/units/${unit.id}`);
    assert.match(staffView.body, /<li>租户小王 · 租户<\/li>/, 'listed among the residents');
    const next = (await staffApi.get('/api/v1/communities/1/units?building=3&stairwell=1&limit=2')).json.items[1];
    assert.equal((await c.get(`/registry/units/${next.id}`)).status, 403);
  });

  test('someone signed in claims a second unit with just the code', async () => {
    const c = await loggedIn(srv.url, 'new.owner', 'claim-pass-123');
    const page = await c.get('/claim');
    assert.doesNotMatch(page.body, /name="password"/, 'no account fields when signed in');
    const slip = sheet.slips[12]; // 1栋2单元 101
    const r = await c.post('/claim', { code: slip.code, csrf: csrfOf(page.body) });
    assert.equal(r.status, 303, noticeOf(r.body));
    const unit = (await staffApi.get('/api/v1/communities/1/units?building=1&stairwell=2&limit=1')).json.items[0];
    assert.equal(`${unit.building}${unit.stairwell} ${unit.room}`, slip.unit);
    assert.equal((await c.get(`/registry/units/${unit.id}`)).status, 200);
    assert.deepEqual(JSON.parse((await c.get('/api/v1/me')).body).roles, [{ role: 'owner', community_id: 1 }]);
  });

  test('printing 1栋 again voids the earlier, unused codes (as the page says)', async () => {
    assert.match((await staff.get('/registry/codes')).body, /重新生成后旧码作废/);
    const old = sheet.slips[5].code;
    const again = slipsOf((await print(staff, '1栋')).body);
    assert.equal(again.slips.length, 48);
    assert.equal((await claim(old, 'old.slip')).r.status, 422, 'an old slip no longer works');
    assert.equal((await claim(again.slips[5].code, 'new.slip')).r.status, 303);
    spare = again.slips[47].code;
  });

  test('claims leave audit rows (account.claim on the unit), codes.print on the building', async () => {
    const out = await sql(db, "SELECT action, count(*) FROM audit WHERE action IN ('account.claim', 'codes.print') GROUP BY action ORDER BY action");
    assert.match(out, /^account\.claim\|7$/m);
    assert.match(out, /^codes\.print\|3$/m);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('a month later: expiry and throttling', SUITE, () => {
  let srv;
  before(async () => {
    const later = Math.floor(Date.now() / 1000) + 31 * 86400;
    srv = await startServer({ db, env: { YUANLI_NOW: String(later) } });
  });
  after(async () => {
    const r = await srv?.stop();
    await rm(dir, { recursive: true, force: true });
    if (r?.code === 0) await dropDb(db);
  });

  async function claim(code, user) {
    const c = client(srv.url);
    const csrf = await c.csrf('/claim');
    return c.post('/claim', { code, user, display_name: '', password: 'claim-pass-123', repeat: 'claim-pass-123', csrf });
  }

  test('a code printed 31 days ago is refused (422); nothing is created', async () => {
    const r = await claim(spare, 'too.late');
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), BAD_CODE);
    const n = await sql(db, "SELECT count(*) FROM accounts WHERE name = 'too.late'");
    assert.equal(n.trim(), '0');
  });

  test('after 10 wrong codes from one address the 11th attempt is 429 with Retry-After, even a right one', async () => {
    // The expired code above was the first failure in this 15-minute window.
    for (let i = 2; i <= 10; i++) {
      const r = await claim(`WRNG-CDE${i % 10}-XXXX`.replace(/[01]/g, '2'), 'guesser');
      assert.equal(r.status, 422, `attempt ${i}`);
    }
    const r = await claim('WRNG-WRNG-WRNG', 'guesser');
    assert.equal(r.status, 429);
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 900, `Retry-After: ${r.headers.get('retry-after')}`);
    assert.match(noticeOf(r.body), /尝试次数太多，请在 \d+ 分钟后再试。/);
    // a fresh code printed now would work, but not from this address for now
    const staff = await loggedIn(srv.url, 'staff');
    const csrf = csrfOf((await staff.get('/registry/codes')).body);
    const sheet = await staff.post('/registry/codes', { csrf, building_id: '2', role: 'owner' });
    const code = /<p class="code">([^<]+)<\/p>/.exec(mainOf(sheet.body))[1];
    assert.equal((await claim(code, 'blocked.now')).status, 429);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

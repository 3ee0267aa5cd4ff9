// auth.test.mjs: the login form, CSRF, session cookies (flags, rotation), the ?next= redirect,
// and logout.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, assertCleanStop, client, login, loggedIn, csrfOf, noticeOf, sql, ON_PG, DEMO_PASSWORD, SUITE,
} from './lib/server.mjs';

const CSRF_ZH = '表单已过期或来源不明，请返回刷新页面后再提交。';
const FAILED_ZH = '用户名或密码不对，请再试一次。';

describe('login and logout', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('GET /login shows the form with a CSRF token and sets the HttpOnly pre-session cookie', async () => {
    const c = client(srv.url);
    const r = await c.get('/login');
    assert.equal(r.status, 200);
    assert.match(r.body, /<form method="post" action="\/login">/);
    assert.match(csrfOf(r.body), /^[0-9a-f]{64}$/);
    assert.match(r.body, /name="user"/);
    assert.match(r.body, /name="password" type="password"/);
    assert.match(r.body, /name="next" value="\/"/);
    const p = r.cookies.yl_p;
    assert.ok(p, 'no yl_p cookie');
    assert.equal(p.attrs.httponly, true);
    assert.equal(p.attrs.samesite, 'Lax');
    assert.equal(r.cookies.yl_s, undefined);
  });

  test('every form on a page carries the same CSRF token', async () => {
    const r = await client(srv.url).get('/login');
    const tokens = new Set([...r.body.matchAll(/name="csrf" value="([^"]+)"/g)].map((m) => m[1]));
    assert.equal(tokens.size, 1);
  });

  test('POST /login without a CSRF token is 403 with the CSRF message', async () => {
    const c = client(srv.url);
    await c.get('/login');
    const r = await c.post('/login', { user: 'owner', password: DEMO_PASSWORD });
    assert.equal(r.status, 403);
    assert.equal(noticeOf(r.body), CSRF_ZH);
    assert.equal(r.cookies.yl_s, undefined);
  });

  test('POST /login without any cookie is 403 even with a token from a page', async () => {
    const csrf = await client(srv.url).csrf('/login');
    const r = await client(srv.url).post('/login', { user: 'owner', password: DEMO_PASSWORD, csrf });
    assert.equal(r.status, 403);
    assert.equal(noticeOf(r.body), CSRF_ZH);
  });

  test("POST /login with another visitor's CSRF token is 403", async () => {
    const other = await client(srv.url).csrf('/login');
    const c = client(srv.url);
    await c.get('/login');
    const r = await c.post('/login', { user: 'owner', password: DEMO_PASSWORD, csrf: other });
    assert.equal(r.status, 403);
  });

  test('the CSRF message is in English for an English visitor', async () => {
    const c = client(srv.url, { headers: { 'accept-language': 'en' } });
    await c.get('/login');
    const r = await c.post('/login', { user: 'owner', password: DEMO_PASSWORD });
    assert.equal(r.status, 403);
    assert.match(noticeOf(r.body), /did not come from this site/);
  });

  test('a wrong password is 401, the page says so, and no session cookie is set', async () => {
    const c = client(srv.url);
    const r = await login(c, 'owner', 'not-the-password');
    assert.equal(r.status, 401);
    assert.equal(noticeOf(r.body), FAILED_ZH);
    assert.equal(r.cookies.yl_s, undefined);
    assert.match(r.body, /name="user" type="text" value="owner"/, 'the form keeps the user name');
    assert.doesNotMatch(r.body, /not-the-password/, 'the password is never echoed');
    assert.equal((await c.get('/account')).status, 303);
  });

  test('an unknown user name gets the same 401 answer as a wrong password', async () => {
    const r = await login(client(srv.url), 'no-such-person', 'whatever-123');
    assert.equal(r.status, 401);
    assert.equal(noticeOf(r.body), FAILED_ZH);
  });

  test('an empty user name is 422 with a "required" message', async () => {
    const r = await login(client(srv.url), '', 'whatever-123');
    assert.equal(r.status, 422);
    assert.match(noticeOf(r.body), /必须填写/);
  });

  test('the right password is a 303 to / with an HttpOnly SameSite=Lax session cookie', async () => {
    const c = client(srv.url);
    const r = await login(c, 'owner');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/');
    const s = r.cookies.yl_s;
    assert.ok(s, 'no yl_s cookie');
    assert.match(s.value, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(s.attrs.httponly, true);
    assert.equal(s.attrs.samesite, 'Lax');
    assert.equal(s.attrs.path, '/');
    assert.equal(s.attrs.secure, undefined, 'Secure only behind TLS');
    const home = await c.get('/');
    assert.match(home.body, /欢迎，/);
  });

  test('login follows a local next= path', async () => {
    const c = client(srv.url);
    const page = await c.get('/login?next=%2Faccount');
    assert.match(page.body, /name="next" value="\/account"/);
    const r = await c.post('/login', { user: 'owner', password: DEMO_PASSWORD, csrf: csrfOf(page.body), next: '/account' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/account');
  });

  for (const evil of ['//evil.com', '//evil.com/account', 'https://evil.com/', '/\\evil.com', 'evil.com', '/\tevil', ' //evil.com']) {
    test(`login with next=${JSON.stringify(evil)} redirects to "/" only`, async () => {
      const r = await login(client(srv.url), 'owner', DEMO_PASSWORD, evil);
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), '/');
    });
  }

  test('GET /login?next=//evil.com puts "/" in the form, not the foreign address', async () => {
    const r = await client(srv.url).get('/login?next=%2F%2Fevil.com');
    assert.equal(r.status, 200);
    assert.match(r.body, /name="next" value="\/"/);
    // the header's switches keep the page's own address (with its query) to come back to; no
    // field or link ever holds the foreign address itself
    assert.doesNotMatch(r.body, /value="\/\/evil|href="\/\/evil|https?:\/\/evil/);
  });

  test('markup in ?next= is escaped in the login form', async () => {
    const r = await client(srv.url).get('/login?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.body, /<script>alert/);
    assert.match(r.body, /name="next" value="\/&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });

  test('each login starts a new session; the one before it stops working', async () => {
    const c = client(srv.url);
    assert.equal((await login(c, 'owner')).status, 303);
    const first = c.jar.get('yl_s');
    assert.equal((await login(c, 'owner')).status, 303);
    const second = c.jar.get('yl_s');
    assert.ok(first && second);
    assert.notEqual(first, second);
    const old = await client(srv.url, { headers: { cookie: `yl_s=${first}` } }).get('/account');
    assert.equal(old.status, 303, 'the replaced session still works');
    const cur = await client(srv.url, { headers: { cookie: `yl_s=${second}` } }).get('/account');
    assert.equal(cur.status, 200);
  });

  test('a made-up session cookie is ignored (anonymous), not an error', async () => {
    const c = client(srv.url, { headers: { cookie: `yl_s=${'A'.repeat(43)}` } });
    const r = await c.get('/account');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login?next=%2Faccount');
    assert.equal((await c.get('/')).status, 200);
  });

  test('two sessions of one user are independent', async () => {
    const a = await loggedIn(srv.url, 'head');
    const b = await loggedIn(srv.url, 'head');
    assert.notEqual(a.jar.get('yl_s'), b.jar.get('yl_s'));
    assert.equal((await a.get('/account')).status, 200);
    assert.equal((await b.get('/account')).status, 200);
  });

  test('POST /logout with the CSRF token ends the session', async () => {
    const c = await loggedIn(srv.url, 'staff');
    const old = c.jar.get('yl_s');
    const page = await c.get('/account');
    assert.equal(page.status, 200);
    assert.match(page.body, /action="\/logout"/);
    const r = await c.post('/logout', { csrf: csrfOf(page.body) });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login?bye=1');
    assert.equal(r.cookies.yl_s?.attrs['max-age'], '0', 'the cookie is cleared');
    const again = await client(srv.url, { headers: { cookie: `yl_s=${old}` } }).get('/account');
    assert.equal(again.status, 303, 'the old cookie still opens /account');
    assert.equal(again.headers.get('location'), '/login?next=%2Faccount');
    const bye = await c.get('/login?bye=1');
    assert.match(noticeOf(bye.body), /您已退出/);
  });

  test('POST /logout without the CSRF token is 403 and the session lives on', async () => {
    const c = await loggedIn(srv.url, 'staff');
    const r = await c.post('/logout', {});
    assert.equal(r.status, 403);
    assert.equal((await c.get('/account')).status, 200);
  });

  test('POST /logout with the pre-login token is 403 (the token follows the session)', async () => {
    const c = client(srv.url);
    const before = await c.csrf('/login');
    assert.equal((await c.post('/login', { user: 'staff', password: DEMO_PASSWORD, csrf: before })).status, 303);
    const r = await c.post('/logout', { csrf: before });
    assert.equal(r.status, 403);
    assert.equal((await c.get('/account')).status, 200);
  });

  test('POST /logout when not logged in is refused', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    const r = await c.post('/logout', { csrf });
    assert.equal(r.status, 401);
  });

  test('the navigation offers "log in" to visitors and "log out" to members', async () => {
    const anon = await client(srv.url).get('/');
    assert.match(anon.body, /<a href="\/login">/);
    assert.doesNotMatch(anon.body, /action="\/logout"/);
    const c = await loggedIn(srv.url, 'owner');
    const home = await c.get('/');
    assert.match(home.body, /action="\/logout"/);
    assert.doesNotMatch(home.body, /<a href="\/login">/);
  });

  test('a phone keeps the primary sections in the header; 全部栏目 (/menu) lists every section the reader may open', async () => {
    const nav = (body) => body.match(/<nav aria-label="主导航">([^]*?)<\/nav>/)[1];
    const items = (html) => [...html.matchAll(/<li( class="(\w+)")?><a href="([^"]+)"/g)].map((m) => [m[3], m[2] ?? '']);
    const c = await loggedIn(srv.url, 'owner');
    const header = items(nav((await c.get('/')).body));
    // the owner's primary sections stay in the header on a phone (no class); the rest are "sub"
    // (hidden on a phone by the stylesheet), and the way to all of them is last
    const primary = header.filter(([, k]) => k === '').map(([href]) => href);
    assert.deepEqual(primary, ['/', '/problems', '/decisions', '/bills', '/notices']);
    assert.deepEqual(header.at(-1), ['/menu', 'all']);
    const sub = header.filter(([, k]) => k === 'sub').map(([href]) => href);
    assert.ok(sub.includes('/account') && sub.includes('/disclosures') && sub.includes('/dashboard'), sub.join(' '));
    // the menu page: every section of the header, primary or not, as a link in the page itself
    const menu = await c.get('/menu');
    assert.equal(menu.status, 200);
    const listed = [...menu.body.match(/<ul class="site-map">([^]*?)<\/ul>/)[1].matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(listed, header.filter(([href]) => href !== '/menu').map(([href]) => href));
    // a visitor's menu: what is public, and the way to log in; no finance, no registry
    const anon = await client(srv.url).get('/menu');
    assert.match(anon.body, /<ul class="site-map">[^]*<a href="\/login">/);
    assert.doesNotMatch(anon.body, /href="\/(finance|registry|bills)"/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('session lifetime', SUITE, () => {
  // Ageing a session by hand in the database (sessions.created_at / seen_at, UTC seconds) is
  // far quicker than restarting servers with a pinned clock, and the server reads both on
  // every request.
  const DAY = 24 * 3600;
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  const now = () => Math.floor(Date.now() / 1000);
  // (PostgreSQL waits for row locks by itself; the sqlite3 shell needs a busy timeout.)
  const age = (user, created, seen) => sql(srv.db,
    `${ON_PG ? '' : 'PRAGMA busy_timeout=5000; '}UPDATE sessions SET created_at = ${created}, seen_at = ${seen} ` +
    `WHERE account_id = (SELECT id FROM accounts WHERE name = '${user}')`);

  test('a session idle for six days still works, and using it marks it as seen', async () => {
    const c = await loggedIn(srv.url, 'staff');
    await age('staff', now() - 6 * DAY, now() - 6 * DAY);
    assert.equal((await c.get('/account')).status, 200);
    const seen = Number((await sql(srv.db,
      "SELECT max(seen_at) FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE name = 'staff')")).trim());
    assert.ok(seen >= now() - 60, 'seen_at was not refreshed');
  });

  test('a session idle for more than 7 days has ended', async () => {
    const c = await loggedIn(srv.url, 'head');
    await age('head', now() - 7 * DAY - 60, now() - 7 * DAY - 60);
    const r = await c.get('/account');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login?next=%2Faccount');
  });

  test('a session older than 30 days has ended, however recently used', async () => {
    const c = await loggedIn(srv.url, 'owner');
    await age('owner', now() - 30 * DAY - 60, now() - 60);
    assert.equal((await c.get('/account')).status, 303);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

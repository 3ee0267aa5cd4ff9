// users.test.mjs: permissions on the administrator's pages, and adding accounts and granting
// and revoking roles through them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, login, loggedIn, csrfOf, noticeOf, SUITE } from './lib/server.mjs';

/** The id in the grant form of the row whose user name is `name` on /admin/users. */
function userId(html, name) {
  const row = new RegExp(`<tr><td>${name.replace(/[.]/g, '\\.')}</td>[^]*?action="/admin/users/(\\d+)/roles"`).exec(html);
  assert.ok(row, `no row for ${name}`);
  return Number(row[1]);
}

describe('users and roles (administrator)', SUITE, () => {
  let srv;
  let admin;
  before(async () => {
    srv = await startServer();
    admin = await loggedIn(srv.url, 'admin');
  });
  after(async () => { await srv?.stop(); });

  async function adminPost(p, form) {
    const csrf = csrfOf((await admin.get('/admin/users')).body);
    return admin.post(p, { ...form, csrf });
  }

  test('anonymous GET /admin/users is a 303 to /login?next=%2Fadmin%2Fusers', async () => {
    const r = await client(srv.url).get('/admin/users');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login?next=%2Fadmin%2Fusers');
  });

  test('the login redirect keeps the query string of the page asked for', async () => {
    const r = await client(srv.url).get('/admin/users?offset=0');
    assert.equal(r.status, 303);
    const next = new URL(r.headers.get('location'), srv.url).searchParams.get('next');
    assert.equal(next, '/admin/users?offset=0');
  });

  test('logging in from the redirect lands on the page asked for', async () => {
    const c = client(srv.url);
    const loc = (await c.get('/admin/users')).headers.get('location');
    const page = await c.get(loc);
    const r = await c.post('/login', { user: 'admin', password: 'yuanli-demo', csrf: csrfOf(page.body), next: '/admin/users' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/admin/users');
    assert.equal((await c.get('/admin/users')).status, 200);
  });

  for (const who of ['owner', 'staff', 'head']) {
    test(`/admin/users as ${who} is a 403 page`, async () => {
      const c = await loggedIn(srv.url, who);
      const r = await c.get('/admin/users');
      assert.equal(r.status, 403);
      assert.match(r.headers.get('content-type'), /^text\/html/);
      assert.equal(noticeOf(r.body), '您没有权限做这件事。');
    });
  }

  test('a non-admin cannot add users either (403), even with a valid CSRF token', async () => {
    const c = await loggedIn(srv.url, 'staff');
    const csrf = csrfOf((await c.get('/account')).body);
    const r = await c.post('/admin/users', { user: 'sneaky', password: 'long-enough-1', csrf });
    assert.equal(r.status, 403);
    const list = await admin.get('/admin/users');
    assert.doesNotMatch(list.body, /<td>sneaky<\/td>/);
  });

  test('a non-admin cannot grant roles (403)', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const csrf = csrfOf((await c.get('/account')).body);
    const ownerId = userId((await admin.get('/admin/users?q=owner')).body, 'owner');
    const r = await c.post(`/admin/users/${ownerId}/roles`, { role: 'admin', community_id: '0', csrf });
    assert.equal(r.status, 403);
    const me = JSON.parse((await c.get('/api/v1/me')).body);
    assert.deepEqual(me.roles, [{ role: 'owner', community_id: 1 }]);
  });

  test('the navigation shows "users" only to the administrator', async () => {
    assert.match((await admin.get('/')).body, /<a href="\/admin\/users">/);
    const owner = await loggedIn(srv.url, 'owner');
    assert.doesNotMatch((await owner.get('/')).body, /href="\/admin\/users"/);
  });

  test('as admin, /admin/users is 200 and lists every account', async () => {
    const r = await admin.get('/admin/users');
    assert.equal(r.status, 200);
    for (const name of ['admin', 'staff', 'head', 'owner']) assert.match(r.body, new RegExp(`<tr><td>${name}</td>`));
    assert.match(r.body, /共 \d+ 个用户/);
    assert.match(r.body, /<td>李敏<\/td>/);
  });

  test('the admin adds a user, who can then log in (with no role yet)', async () => {
    const r = await adminPost('/admin/users', { user: 'wang.li', display_name: '王丽', password: 'correct-horse-1' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/admin/users?done=added');
    const list = await admin.get('/admin/users?done=added&q=wang.li');
    assert.match(list.body, /<tr><td>wang\.li<\/td><td>王丽<\/td>/);
    const c = await loggedIn(srv.url, 'wang.li', 'correct-horse-1');
    const me = JSON.parse((await c.get('/api/v1/me')).body);
    assert.equal(me.user, 'wang.li');
    assert.deepEqual(me.roles, []);
  });

  test('the admin grants a role: head in community 1', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles`, { role: 'head', community_id: '1' });
    assert.equal(r.status, 303);
    const c = await loggedIn(srv.url, 'wang.li', 'correct-horse-1');
    const me = JSON.parse((await c.get('/api/v1/me')).body);
    assert.deepEqual(me.roles, [{ role: 'head', community_id: 1 }]);
    const list = (await admin.get('/admin/users?q=wang.li')).body;
    assert.match(list, new RegExp(`action="/admin/users/${id}/roles/revoke"`));
  });

  test('granting a role held already changes nothing (303)', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles`, { role: 'head', community_id: '1' });
    assert.equal(r.status, 303);
  });

  test('the admin revokes the role', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles/revoke`, { role: 'head', community_id: '1' });
    assert.equal(r.status, 303);
    const c = await loggedIn(srv.url, 'wang.li', 'correct-horse-1');
    assert.deepEqual(JSON.parse((await c.get('/api/v1/me')).body).roles, []);
  });

  test('revoking a role not held is 404', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles/revoke`, { role: 'staff', community_id: '1' });
    assert.equal(r.status, 404);
  });

  test('an unknown role is 422 with a message', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles`, { role: 'emperor', community_id: '1' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '没有这个角色。');
  });

  test('a community role without a community, or admin inside one, is 422', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    let r = await adminPost(`/admin/users/${id}/roles`, { role: 'staff', community_id: '0' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '这个角色必须属于一个社区。');
    r = await adminPost(`/admin/users/${id}/roles`, { role: 'admin', community_id: '1' });
    assert.equal(r.status, 422);
  });

  test('an unknown community is 422', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles`, { role: 'staff', community_id: '999' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '没有这个社区。');
  });

  test('a non-numeric community is 422', async () => {
    const id = userId((await admin.get('/admin/users?q=wang.li')).body, 'wang.li');
    const r = await adminPost(`/admin/users/${id}/roles`, { role: 'staff', community_id: 'one' });
    assert.equal(r.status, 422);
  });

  test('granting to an account that does not exist is 404', async () => {
    for (const id of ['99999', 'abc', '0']) {
      const r = await adminPost(`/admin/users/${id}/roles`, { role: 'staff', community_id: '1' });
      assert.equal(r.status, 404, `id ${id}`);
    }
  });

  test('a duplicate user name is 409 with a message', async () => {
    const r = await adminPost('/admin/users', { user: 'wang.li', password: 'another-pass-1' });
    assert.equal(r.status, 409);
    assert.equal(noticeOf(r.body), '这个用户名已经有人用了。');
  });

  test('user names compare ignoring case: "STAFF" is a duplicate (409)', async () => {
    const r = await adminPost('/admin/users', { user: 'STAFF', password: 'another-pass-1' });
    assert.equal(r.status, 409);
  });

  test('a password under 8 characters is 422 with a message', async () => {
    const r = await adminPost('/admin/users', { user: 'shorty', password: 'short' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '密码至少要 8 个字符。');
    assert.doesNotMatch((await admin.get('/admin/users')).body, /<td>shorty<\/td>/);
  });

  test('8 Chinese characters are a long enough password (characters, not bytes)', async () => {
    assert.equal((await adminPost('/admin/users', { user: 'zhang8', password: '院里人的事院里人' })).status, 303);
    const r = await login(client(srv.url), 'zhang8', '院里人的事院里人');
    assert.equal(r.status, 303);
  });

  test('a bad user name is 422 with a message', async () => {
    for (const user of ['a', 'has space', '张三', 'x'.repeat(65), 'semi;colon']) {
      const r = await adminPost('/admin/users', { user, password: 'long-enough-1' });
      assert.equal(r.status, 422, `user ${JSON.stringify(user)}`);
      assert.ok(noticeOf(r.body), 'the page says what is wrong');
    }
  });

  test('a missing user name or password is 422', async () => {
    assert.equal((await adminPost('/admin/users', { password: 'long-enough-1' })).status, 422);
    assert.equal((await adminPost('/admin/users', { user: 'nopass' })).status, 422);
  });

  test('adding a user needs the CSRF token', async () => {
    const r = await admin.post('/admin/users', { user: 'nocsrf', password: 'long-enough-1' });
    assert.equal(r.status, 403);
    assert.doesNotMatch((await admin.get('/admin/users')).body, /<td>nocsrf<\/td>/);
  });

  test('names and display names are HTML-escaped on the list', async () => {
    assert.equal((await adminPost('/admin/users', { user: 'esc', display_name: '<b>"x"&</b>', password: 'long-enough-1' })).status, 303);
    const list = (await admin.get('/admin/users')).body;
    assert.match(list, /<td>&lt;b&gt;(&quot;|&#34;|")x(&quot;|&#34;|")&amp;&lt;\/b&gt;<\/td>/);
    assert.doesNotMatch(list, /<b>"x"/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

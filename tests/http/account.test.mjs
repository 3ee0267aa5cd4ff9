// account.test.mjs: my account page and changing my password (which ends my other sessions).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, login, loggedIn, csrfOf, noticeOf, yuanli, SUITE } from './lib/server.mjs';

describe('my account', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  async function changePassword(c, form) {
    const csrf = csrfOf((await c.get('/account')).body);
    return c.post('/account/password', { ...form, csrf });
  }

  test('anonymous GET /account is a 303 to /login?next=%2Faccount', async () => {
    const r = await client(srv.url).get('/account');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login?next=%2Faccount');
  });

  test('/account shows the name, display name, roles and the password form', async () => {
    const c = await loggedIn(srv.url, 'head');
    const r = await c.get('/account');
    assert.equal(r.status, 200);
    assert.match(r.body, /<dd>head<\/dd>/);
    assert.match(r.body, /<dd>王建国<\/dd>/);
    assert.match(r.body, /<li>邻长 · 中南家园<\/li>/);
    assert.match(r.body, /action="\/account\/password"/);
    for (const f of ['current', 'new', 'repeat']) assert.match(r.body, new RegExp(`name="${f}" type="password"`));
  });

  test('new and repeat that differ are 422 and the password stays', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const r = await changePassword(c, { current: 'yuanli-demo', new: 'new-secret-1', repeat: 'new-secret-2' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '两次输入的新密码不一样。');
    assert.equal((await login(client(srv.url), 'owner', 'yuanli-demo')).status, 303);
  });

  test('a wrong current password is 422', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const r = await changePassword(c, { current: 'not-it-at-all', new: 'new-secret-1', repeat: 'new-secret-1' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '当前密码不对。');
  });

  test('a new password under 8 characters is 422', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const r = await changePassword(c, { current: 'yuanli-demo', new: 'short', repeat: 'short' });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '密码至少要 8 个字符。');
  });

  test('a new password over 256 bytes is 422', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const long = 'x'.repeat(257);
    const r = await changePassword(c, { current: 'yuanli-demo', new: long, repeat: long });
    assert.equal(r.status, 422);
    assert.equal(noticeOf(r.body), '密码太长。');
  });

  test('changing the password needs the CSRF token', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const r = await c.post('/account/password', { current: 'yuanli-demo', new: 'new-secret-1', repeat: 'new-secret-1' });
    assert.equal(r.status, 403);
    assert.equal((await login(client(srv.url), 'owner', 'yuanli-demo')).status, 303);
  });

  test('changing the password: 303, old no longer logs in, new does, other sessions end, this one lives', async () => {
    const here = await loggedIn(srv.url, 'staff');
    const phone = await loggedIn(srv.url, 'staff');
    assert.equal((await phone.get('/account')).status, 200);
    const r = await changePassword(here, { current: 'yuanli-demo', new: '新的密码-2026', repeat: '新的密码-2026' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/account?saved=1');
    const saved = await here.get('/account?saved=1');
    assert.equal(saved.status, 200, 'the session that changed the password lives on');
    assert.match(noticeOf(saved.body), /密码已修改/);
    const other = await phone.get('/account');
    assert.equal(other.status, 303, 'the other session was not ended');
    assert.equal(other.headers.get('location'), '/login?next=%2Faccount');
    assert.equal((await login(client(srv.url), 'staff', 'yuanli-demo')).status, 401);
    assert.equal((await login(client(srv.url), 'staff', '新的密码-2026')).status, 303);
  });

  test('`yuanli user passwd` sets a new password and ends every session', async () => {
    const c = await loggedIn(srv.url, 'head');
    const r = await yuanli(['user', 'passwd', 'head', '--db', srv.db], { env: { YUANLI_PASSWORD: 'from-the-cli-1' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await c.get('/account')).status, 303);
    assert.equal((await login(client(srv.url), 'head', 'yuanli-demo')).status, 401);
    assert.equal((await login(client(srv.url), 'head', 'from-the-cli-1')).status, 303);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

// page_cache.test.mjs: a GET asked again by the same session within a second, the database
// unchanged, is answered from the thread's memory ("x-cache: hit", the same bytes); a write by
// this server or by another process, another session, another language, a second gone by, HEAD,
// If-None-Match and a cookie being set each make the page afresh; --no-page-cache turns it off;
// on PostgreSQL there is no cache at all. One event loop and one worker, so that the second ask
// meets the first one's thread.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, assertCleanStop, client, loggedIn, rawRequest, sql, ON_PG, SUITE } from './lib/server.mjs';
import { tokenFor, api } from './lib/registry.mjs';

const hit = (r) => r.headers.get('x-cache') === 'hit';
const notices = '/api/v1/communities/1/notices';

describe('the page cache', SUITE, () => {
  let srv;
  let staffApi;
  before(async () => {
    srv = await startServer({ threads: 1, workers: 1 });
    staffApi = api(srv.url, await tokenFor(srv, 'staff'));
  });
  after(async () => { if (srv) await assertCleanStop(srv); });

  // A published notice titled `title`, through the API (a write by this server).
  async function publish(title) {
    const d = await staffApi.post(notices, { title, body: '请留意' });
    assert.equal(d.status, 201, d.text);
    const p = await staffApi.post(`/api/v1/notices/${d.json.id}/publish`, {});
    assert.equal(p.status, 200, p.text);
    return d.json.id;
  }

  test('the same session asking again gets the same bytes from memory', { skip: ON_PG && 'no cache on PostgreSQL' }, async () => {
    const c = await loggedIn(srv.url, 'staff');
    const a = await c.get('/registry');
    const b = await c.get('/registry');
    assert.equal(a.status, 200);
    assert.equal(hit(a), false, 'the first ask is made');
    assert.equal(b.status, 200);
    assert.equal(hit(b), true, 'the second is from memory');
    assert.equal(b.body, a.body);
    for (const h of ['content-type', 'content-security-policy', 'cache-control', 'x-frame-options'])
      assert.equal(b.headers.get(h), a.headers.get(h), h);
    assert.equal(b.headers.get('cache-control'), 'no-store', 'browsers and proxies still keep nothing');
  });

  test('a page made on the worker pool is kept by the loop, and made afresh after a write', { skip: ON_PG && 'no cache on PostgreSQL' }, async () => {
    const c = await loggedIn(srv.url, 'committee');
    const a = await c.get('/finance/arrears');
    const b = await c.get('/finance/arrears');
    assert.equal(a.status, 200);
    assert.equal(hit(b), true);
    assert.equal(b.body, a.body);
    await sql(srv.db, "UPDATE owners SET name = name || '乙' WHERE community_id = 1");
    const after = await c.get('/finance/arrears');
    assert.equal(hit(after), false);
    // the page shows owners' names masked (吴***): one more character, one more star
    assert.notEqual(after.body, a.body);
  });

  test('another session, of the same person or another, never gets a kept page', async () => {
    const one = await loggedIn(srv.url, 'owner');
    const two = await loggedIn(srv.url, 'owner');
    const other = await loggedIn(srv.url, 'committee');
    const a = await one.get('/bills');
    await one.get('/bills');
    const b = await two.get('/bills');
    const c = await other.get('/bills');
    assert.equal(hit(b), false);
    assert.equal(hit(c), false);
    // each page carries its own session's CSRF token
    const token = (html) => /name="csrf" value="([^"]+)"/.exec(html)[1];
    assert.notEqual(token(b.body), token(a.body));
    assert.notEqual(token(c.body), token(a.body));
  });

  test('a write by this server makes the next ask afresh, with what was written', async () => {
    const c = await loggedIn(srv.url, 'owner');
    await c.get('/notices');
    const kept = await c.get('/notices');
    assert.equal(hit(kept), !ON_PG);
    await publish('缓存测试：小区停电通知');
    const after = await c.get('/notices');
    assert.equal(hit(after), false);
    assert.match(after.body, /缓存测试：小区停电通知/);
  });

  test('a write by another process makes the next ask afresh, with what was written', async () => {
    const id = await publish('缓存测试：原来的标题');
    const c = await loggedIn(srv.url, 'owner');
    await c.get('/notices');
    const kept = await c.get('/notices');
    assert.equal(hit(kept), !ON_PG);
    assert.match(kept.body, /缓存测试：原来的标题/);
    await sql(srv.db, `UPDATE notices SET title = '缓存测试：另一个进程改的标题' WHERE id = ${id}`);
    const after = await c.get('/notices');
    assert.equal(hit(after), false);
    assert.match(after.body, /缓存测试：另一个进程改的标题/);
  });

  test('after a second the page is made again', { skip: ON_PG && 'no cache on PostgreSQL' }, async () => {
    const c = await loggedIn(srv.url, 'staff');
    await c.get('/audit');
    assert.equal(hit(await c.get('/audit')), true);
    await sleep(1100);
    assert.equal(hit(await c.get('/audit')), false);
  });

  test('another language or text size is another page', async () => {
    const c = client(srv.url);
    await c.csrf('/notices'); // the pre-session cookie, as a browser keeps it
    const zh = await c.get('/notices');
    assert.match(zh.body, /<html lang="zh-CN"/);
    const r = await c.postForm('/prefs', { lang: 'en', next: '/notices' }, '/notices');
    assert.equal(r.status, 303);
    const en = await c.get('/notices');
    assert.equal(hit(en), false);
    assert.match(en.body, /<html lang="en"/);
    const large = await c.get('/notices', { headers: { cookie: `${[...c.jar].map(([k, v]) => `${k}=${v}`).join('; ')}; yl_large=1` } });
    assert.equal(hit(large), false);
    assert.match(large.body, /class="large"/);
  });

  test('a visitor without cookies: a page that sets one is never kept; one that sets none is shared', async () => {
    const a = await rawRequest(srv.url, '/notices');
    const b = await rawRequest(srv.url, '/notices');
    assert.ok(b.headerList.getSetCookie().length > 0, 'a new visitor is given a pre-session');
    assert.equal(b.headerList.get('x-cache'), null);
    assert.notEqual(b.body.toString(), a.body.toString(), 'each visitor has their own token');
    const path = '/api/v1/communities/1/dashboard';
    const j1 = await rawRequest(srv.url, path);
    const j2 = await rawRequest(srv.url, path);
    assert.equal(j1.status, 200);
    assert.equal(j2.headerList.get('x-cache'), ON_PG ? null : 'hit');
    assert.deepEqual(j2.body, j1.body);
  });

  test('HEAD, If-None-Match and the health check are always answered afresh', async () => {
    const c = await loggedIn(srv.url, 'staff');
    await c.get('/registry');
    assert.equal(hit(await c.request('HEAD', '/registry')), false);
    assert.equal(hit(await c.get('/registry', { headers: { 'if-none-match': '"x"' } })), false);
    await rawRequest(srv.url, '/healthz');
    const h = await rawRequest(srv.url, '/healthz');
    assert.equal(h.status, 200);
    assert.equal(h.headerList.get('x-cache'), null);
  });

  test('--no-page-cache makes every page afresh', async () => {
    const off = await startServer({ threads: 1, workers: 1, args: ['--no-page-cache'] });
    try {
      const c = await loggedIn(off.url, 'staff');
      for (let i = 0; i < 3; i++)
        assert.equal(hit(await c.get('/registry')), false);
    } finally {
      await assertCleanStop(off);
    }
  });
});

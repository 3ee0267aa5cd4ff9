// health.test.mjs: GET /healthz, and that answering it leaves the event loop's database
// connection usable (a health probe runs every few seconds in production).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, loggedIn, rawRequest, SUITE } from './lib/server.mjs';

describe('GET /healthz', SUITE, () => {
  let srv;
  // One event loop, so /healthz and the pages below share one database connection.
  before(async () => { srv = await startServer({ threads: 1 }); });
  after(async () => { await srv?.stop(); });

  test('answers 200 {"status":"ok"} with a JSON content type', async () => {
    const res = await fetch(`${srv.url}/healthz`, { headers: { connection: 'close' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('HEAD /healthz answers 200 with no body', async () => {
    const r = await rawRequest(srv.url, '/healthz', { method: 'HEAD' });
    assert.equal(r.status, 200);
    assert.equal(r.body.length, 0);
  });

  test('POST /healthz is 405', async () => {
    const r = await rawRequest(srv.url, '/healthz', { method: 'POST' });
    assert.equal(r.status, 405);
  });

  test('a session started after /healthz is recognised on the same event loop', async () => {
    assert.equal((await rawRequest(srv.url, '/healthz')).status, 200);
    const c = await loggedIn(srv.url, 'staff'); // the login runs on a worker thread
    const r = await c.get('/account');
    assert.equal(r.status, 200, `GET /account right after login answered ${r.status} → ${r.headers.get('location')}`);
  });

  test('a write on the event loop still succeeds after /healthz and a write elsewhere', async () => {
    const head = await loggedIn(srv.url, 'head');
    assert.equal((await rawRequest(srv.url, '/healthz')).status, 200);
    await loggedIn(srv.url, 'owner'); // a write by a worker's connection
    const r = await head.postForm('/prefs', { lang: 'en', next: '/' });
    assert.equal(r.status, 303, `POST /prefs answered ${r.status}; server said: ${srv.stderr().split('\n').filter((l) => /sql/.test(l)).join(' | ')}`);
  });

  test('/healthz keeps answering 200 after other traffic', async () => {
    for (let i = 0; i < 3; i++) {
      await client(srv.url).get('/');
      const r = await rawRequest(srv.url, '/healthz');
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(r.body.toString()), { status: 'ok' });
    }
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

// shutdown.test.mjs: SIGTERM stops the server gracefully — requests in flight (on the worker
// pool) still get their whole answers, the process exits 0 and says so, the database is sound.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { rm } from 'node:fs/promises';
import { startServer, assertCleanStop, client, csrfOf, sql, integrity, dropDb, SUITE } from './lib/server.mjs';

describe('graceful shutdown', SUITE, () => {
  test('requests in flight when SIGTERM arrives get complete answers; exit 0; database intact', async () => {
    // One worker, so the Argon2id logins queue up and are still running when the signal comes.
    const srv = await startServer({ threads: 2, workers: 1 });
    try {
      const n = 8;
      const clients = [];
      for (let i = 0; i < n; i++) {
        const c = client(srv.url);
        clients.push({ c, csrf: csrfOf((await c.get('/login')).body) });
      }
      // Half log in (303 + session written), half fail (401 + a whole page + a throttle row).
      const pending = clients.map(({ c, csrf }, i) => c.post('/login', i % 2 === 0
        ? { user: 'owner', password: 'yuanli-demo', csrf }
        : { user: `nobody${i}`, password: 'wrong-password', csrf }));
      // As soon as one answer is back the rest are queued behind it on the worker.
      let settled = 0;
      pending.forEach((p) => p.then(() => { settled++; }, () => { settled++; }));
      await Promise.race(pending);
      srv.proc.kill('SIGTERM');
      const inFlight = n - settled;
      const results = await Promise.all(pending);
      results.forEach((r, i) => {
        if (i % 2 === 0) {
          assert.equal(r.status, 303, `login ${i}`);
          assert.match(r.cookies.yl_s?.value ?? '', /^[A-Za-z0-9_-]{43}$/, `login ${i}: session cookie`);
        } else {
          assert.equal(r.status, 401, `failed login ${i}`);
          assert.match(r.body, /^<!doctype html>[^]*<\/html>\n$/, `failed login ${i}: whole page`);
        }
      });
      assert.ok(inFlight >= 2, `only ${inFlight} requests were still running at SIGTERM`);
      const stopped = await assertCleanStop(srv, { keep: true });
      assert.match(stopped.stderr, /yuanli: stopped cleanly/);
      assert.equal(await integrity(srv.db), 'ok');
      const sessions = Number((await sql(srv.db, 'SELECT count(*) FROM sessions')).trim());
      assert.ok(sessions >= n / 2, `only ${sessions} sessions were saved`);
      const failures = Number((await sql(srv.db, "SELECT count(*) FROM login_failures WHERE key LIKE 'a:nobody%'")).trim());
      assert.equal(failures, n / 2);
      await dropDb(srv.db);
    } finally {
      await srv.stop();
      await rm(srv.dir, { recursive: true, force: true });
    }
  });

  test('SIGINT stops the server cleanly too', async () => {
    const srv = await startServer();
    assert.equal((await client(srv.url).get('/')).status, 200);
    await assertCleanStop(srv, { signal: 'SIGINT' });
  });

  test('an idle keep-alive connection does not hold up shutdown', async () => {
    const srv = await startServer();
    const sock = net.connect(srv.port, srv.host);
    try {
      await new Promise((resolve, reject) => { sock.once('connect', resolve); sock.once('error', reject); });
      let closedAt = null;
      sock.on('close', () => { closedAt = Date.now(); });
      sock.on('error', () => {});
      // One whole response on a keep-alive connection, which then sits idle (as browsers do).
      const got = new Promise((resolve) => {
        let buf = '';
        sock.on('data', (d) => { buf += d; if (/\r\n0\r\n\r\n$|<\/html>\n$/.test(buf)) resolve(buf); });
      });
      sock.write(`GET / HTTP/1.1\r\nHost: ${srv.host}\r\nConnection: keep-alive\r\n\r\n`);
      assert.match(await got, /^HTTP\/1\.1 200/);
      const t0 = Date.now();
      const r = await assertCleanStop(srv);
      // The server's grace period is for requests still running, not for idle connections:
      // it should close them at once (and HTTP/1.1 lets it). Allow for ASan's exit work.
      assert.ok(r.ms < 5000, `shutdown took ${r.ms} ms with one idle keep-alive connection`);
      assert.ok(closedAt !== null && closedAt - t0 < 5000, 'the idle connection was not closed promptly');
    } finally {
      sock.destroy();
      await srv.stop();
    }
  });
});

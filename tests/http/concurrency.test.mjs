// concurrency.test.mjs: many requests at once over both event loops, clients that vanish while
// their slow job runs on the worker pool, and the connection limit.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, assertCleanStop, client, login, loggedIn, csrfOf, formEncode, rawRequest, SUITE } from './lib/server.mjs';

describe('concurrency', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer({ threads: 2, workers: 2 }); });
  after(async () => { await srv?.stop(); });

  test('200 concurrent GETs (pages, assets, API errors) all answer correctly', async () => {
    const paths = ['/', '/login', '/assets/app.css', '/nope', '/api/v1/me'];
    const want = [200, 200, 200, 404, 401];
    const rs = await Promise.all(Array.from({ length: 200 }, (_, i) => rawRequest(srv.url, paths[i % 5])));
    rs.forEach((r, i) => assert.equal(r.status, want[i % 5], `${paths[i % 5]} #${i}`));
  });

  test('concurrent logins of several users each get their own working session', async () => {
    const users = ['admin', 'staff', 'head', 'owner'];
    const clients = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const c = client(srv.url);
      const r = await login(c, users[i % 4]);
      assert.equal(r.status, 303, `login ${i}`);
      return c;
    }));
    assert.equal(new Set(clients.map((c) => c.jar.get('yl_s'))).size, 12);
    const mes = await Promise.all(clients.map((c) => c.get('/api/v1/me')));
    mes.forEach((r, i) => assert.equal(JSON.parse(r.body).user, users[i % 4]));
  });

  test('clients that disconnect while their login runs on the worker pool do not upset the server', async () => {
    const forms = [];
    for (let i = 0; i < 6; i++) {
      const c = client(srv.url);
      const page = await c.get('/login');
      forms.push({ cookie: `yl_p=${c.jar.get('yl_p')}`, body: formEncode({ user: 'owner', password: 'yuanli-demo', csrf: csrfOf(page.body) }) });
    }
    await Promise.all(forms.map(({ cookie, body }) => new Promise((resolve) => {
      const s = net.connect(srv.port, srv.host, () => {
        s.write(`POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
          `Cookie: ${cookie}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        // Gone before the Argon2id check can finish.
        setTimeout(() => { s.destroy(); resolve(); }, 5);
      });
      s.on('error', resolve);
    })));
    await sleep(700); // let the orphaned jobs finish on the workers
    const c = await loggedIn(srv.url, 'staff');
    assert.equal((await c.get('/account')).status, 200);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

/** A keep-alive connection that has had one answer (so the server has surely accepted it). */
async function heldConnection(srv) {
  const s = net.connect(srv.port, srv.host);
  s.on('error', () => {});
  await new Promise((resolve, reject) => { s.once('connect', resolve); s.once('error', reject); });
  const answered = new Promise((resolve) => {
    let buf = '';
    const onData = (d) => {
      buf += d;
      // The whole answer: a chunked body's last chunk, or a plain body's closing brace.
      if (/\r\n\r\n[^]*(\}|\r\n0\r\n\r\n)$/.test(buf)) { s.off('data', onData); resolve(buf); }
    };
    s.on('data', onData);
    s.once('close', () => resolve(buf));
  });
  s.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(await answered, /^HTTP\/1\.1 200/);
  return s;
}

describe('connection limit', SUITE, () => {
  test('over --max-connections a new connection is closed at once; the server serves again once others leave', async () => {
    const srv = await startServer({ threads: 1, args: ['--max-connections', '2'] });
    const held = [];
    try {
      held.push(await heldConnection(srv), await heldConnection(srv));
      const third = await rawRequest(srv.url, '/login').then((r) => r.status, (e) => e.code);
      assert.ok(third === 'ECONNRESET' || third === 'EPIPE', `the third connection got ${third}`);
      for (const s of held) s.destroy();
      held.length = 0;
      // The server counts a connection as gone when its loop sees the close: poll briefly.
      let status;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = await rawRequest(srv.url, '/login').then((r) => r.status, (e) => e.code);
        if (status !== 200) await sleep(100);
      }
      assert.equal(status, 200);
    } finally {
      for (const s of held) s.destroy();
      await assertCleanStop(srv);
    }
  });
});

// tls.test.mjs: HTTPS with --tls-cert/--tls-key — HTTP/2 by ALPN, HTTP/1.1 still served, and
// the session cookie marked Secure.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import https from 'node:https';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { startServer, assertCleanStop, csrfOf, tempDir, sh, formEncode, SUITE } from './lib/server.mjs';

/** An HTTP/2 session to the server; request() resolves to {status, headers, body}. */
function h2(url) {
  const session = http2.connect(url, { rejectUnauthorized: false });
  session.on('error', () => {});
  return {
    session,
    ready: new Promise((resolve, reject) => { session.once('connect', resolve); session.once('error', reject); }),
    request(p, { method = 'GET', headers = {}, body } = {}) {
      return new Promise((resolve, reject) => {
        const s = session.request({ ':method': method, ':path': p, ...headers });
        let status;
        let hdrs;
        const chunks = [];
        s.on('response', (h) => { status = h[':status']; hdrs = h; });
        s.on('data', (d) => chunks.push(d));
        s.on('end', () => resolve({ status, headers: hdrs, body: Buffer.concat(chunks).toString('utf8') }));
        s.on('error', reject);
        s.end(body);
      });
    },
    close: () => new Promise((resolve) => session.close(resolve)),
  };
}

describe('HTTPS and HTTP/2', SUITE, () => {
  let srv;
  let dir;
  before(async () => {
    dir = await tempDir('yuanli-tls-');
    await sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')]);
    srv = await startServer({ tls: true, args: ['--tls-cert', path.join(dir, 'c.pem'), '--tls-key', path.join(dir, 'k.pem')] });
  });
  after(async () => {
    await srv?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('the server announces https on start', async () => {
    assert.match(srv.stdout(), /serving https:\/\//);
    assert.match(srv.url, /^https:/);
  });

  test('after login over HTTP/2 the session cookie is marked Secure (and HttpOnly, SameSite=Lax)', async () => {
    const c = h2(srv.url);
    try {
      await c.ready;
      assert.equal(c.session.alpnProtocol, 'h2');
      const page = await c.request('/login');
      assert.equal(page.status, 200);
      const pre = [].concat(page.headers['set-cookie'] ?? []).find((l) => l.startsWith('yl_p='));
      assert.ok(pre, 'no pre-session cookie');
      assert.match(pre, /; Secure/);
      const cookie = pre.split(';')[0];
      const r = await c.request('/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: formEncode({ user: 'owner', password: 'yuanli-demo', csrf: csrfOf(page.body), next: '/account' }),
      });
      assert.equal(r.status, 303);
      assert.equal(r.headers.location, '/account');
      const s = [].concat(r.headers['set-cookie'] ?? []).find((l) => l.startsWith('yl_s='));
      assert.ok(s, 'no session cookie');
      assert.match(s, /; Secure/);
      assert.match(s, /; HttpOnly/);
      assert.match(s, /; SameSite=Lax/);
      const acc = await c.request('/account', { headers: { cookie: s.split(';')[0] } });
      assert.equal(acc.status, 200);
      assert.match(acc.body, /<dd>owner<\/dd>/);
    } finally {
      await c.close();
    }
  });

  test('GET /healthz works over HTTP/2 (ALPN h2) with the security headers', async () => {
    const c = h2(srv.url);
    try {
      await c.ready;
      assert.equal(c.session.alpnProtocol, 'h2');
      const r = await c.request('/healthz');
      assert.equal(r.status, 200);
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.deepEqual(JSON.parse(r.body), { status: 'ok' });
      assert.match(r.headers['content-security-policy'], /frame-ancestors 'none'/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    } finally {
      await c.close();
    }
  });

  test('several requests share one HTTP/2 connection', async () => {
    const c = h2(srv.url);
    try {
      await c.ready;
      const rs = await Promise.all(['/', '/login', '/assets/app.css', '/nope'].map((p) => c.request(p)));
      assert.deepEqual(rs.map((r) => r.status), [200, 200, 200, 404]);
    } finally {
      await c.close();
    }
  });

  test('HTTP/1.1 over TLS is still served', async () => {
    const r = await new Promise((resolve, reject) => {
      const req = https.request(`${srv.url}/login`, { rejectUnauthorized: false, agent: false, ALPNProtocols: ['http/1.1'] }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, alpn: res.socket?.alpnProtocol }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(r.status, 200);
    assert.match(r.headers['set-cookie']?.[0] ?? '', /; Secure/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

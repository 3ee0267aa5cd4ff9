// errors.test.mjs: how the server refuses — 404 and 405 (HTML and JSON), body limits (413 per
// route and h2o's global cap), malformed input (invalid UTF-8, bad percent-encoding: 400).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {
  startServer, assertCleanStop, client, loggedIn, noticeOf, rawRequest, csrfOf, SUITE,
} from './lib/server.mjs';

/** POSTs `size` bytes (Content-Length, or chunked when chunked is true) and resolves with the
 *  status as soon as an answer arrives; the server may stop reading and close early. With
 *  headersOnly, only the headers go out: a server that checks Content-Length answers at once
 *  (sending the body too would race its close and could end in a reset instead). */
function bigPost(base, p, size, { chunked = false, headersOnly = false } = {}) {
  const u = new URL(p, base);
  return new Promise((resolve, reject) => {
    let done = false;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (!chunked) headers['content-length'] = String(size);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers, agent: false }, (res) => {
      done = true;
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: res.statusCode, body: '' }));
    });
    req.on('error', (e) => { if (!done) reject(e); });
    if (headersOnly) { req.flushHeaders(); return; }
    const chunk = Buffer.alloc(256 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (!done && sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { req.once('drain', pump); return; }
      }
      if (!done) req.end();
    };
    pump();
  });
}

/** Sends `bytes` as-is over a fresh connection (for request lines node:http would re-encode);
 *  resolves to {status, body (Buffer, de-chunked)}. */
function rawBytes(srv, bytes) {
  return new Promise((resolve, reject) => {
    const s = net.connect(srv.port, srv.host, () => s.end(bytes));
    const chunks = [];
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => {
      const all = Buffer.concat(chunks);
      const sep = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, sep).toString('latin1');
      let rest = all.subarray(sep + 4);
      if (/\r\ntransfer-encoding: chunked/i.test(head)) {
        const parts = [];
        for (;;) {
          const eol = rest.indexOf('\r\n');
          const n = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
          if (!n) break;
          parts.push(rest.subarray(eol + 2, eol + 2 + n));
          rest = rest.subarray(eol + 2 + n + 2);
        }
        rest = Buffer.concat(parts);
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body: rest });
    });
  });
}

function isUtf8(buf) {
  try { new TextDecoder('utf-8', { fatal: true }).decode(buf); return true; } catch { return false; }
}

describe('errors and limits', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('an unknown path is a 404 HTML page with the message', async () => {
    const r = await client(srv.url).get('/no/such/thing');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.equal(noticeOf(r.body), '找不到这个页面或记录。');
    assert.match(r.body, /<a href="\/">返回首页<\/a>/);
  });

  test('an unknown path under /api/v1 is a 404 JSON envelope', async () => {
    const r = await rawRequest(srv.url, '/api/v1/no/such/thing');
    assert.equal(r.status, 404);
    assert.match(r.headers['content-type'], /^application\/json/);
    const j = JSON.parse(r.body.toString());
    assert.equal(j.error.code, 'not_found');
    assert.equal(typeof j.error.message, 'string');
  });

  test('a wrong method on a page is 405 with an Allow header', async () => {
    for (const [method, p] of [['PUT', '/login'], ['DELETE', '/'], ['PATCH', '/account'], ['GET', '/logout']]) {
      const r = await client(srv.url).request(method, p);
      assert.equal(r.status, 405, `${method} ${p}`);
      assert.ok(r.headers.get('allow'), `${method} ${p}: no Allow`);
      assert.match(r.headers.get('content-type'), /^text\/html/);
    }
  });

  test('a wrong method on the API is a 405 JSON envelope', async () => {
    const r = await rawRequest(srv.url, '/api/v1/me', { method: 'DELETE' });
    assert.equal(r.status, 405);
    assert.equal(JSON.parse(r.body.toString()).error.code, 'method_not_allowed');
  });

  test('an unsupported method (OPTIONS) is 405, not a crash', async () => {
    const r = await rawRequest(srv.url, '/login', { method: 'OPTIONS' });
    assert.equal(r.status, 405);
  });

  test('the 405 Allow header lists exactly the methods of that path', async () => {
    const cases = [
      ['PUT', '/', ['GET']],
      ['PUT', '/login', ['GET', 'POST']],
      ['PUT', '/logout', ['POST']],
      ['POST', '/api/v1/me', ['GET']],
      ['POST', '/healthz', ['GET']],
    ];
    for (const [method, p, want] of cases) {
      const r = await rawRequest(srv.url, p, { method });
      assert.equal(r.status, 405);
      const allow = (r.headers.allow ?? '').split(',').map((s) => s.trim()).filter((s) => s && s !== 'HEAD').sort();
      assert.deepEqual(allow, want, `${method} ${p}: Allow: ${r.headers.allow}`);
    }
  });

  test('POST /login with a 5 KB body (limit 4 KB) is 413 with a message naming the limit', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    const body = `csrf=${csrf}&user=owner&password=x&pad=${'a'.repeat(5 * 1024)}`;
    const r = await c.postRaw('/login', body);
    assert.equal(r.status, 413);
    assert.equal(noticeOf(r.body), '提交的内容太大（上限 4 KB）。');
    assert.equal(r.cookies.yl_s, undefined);
  });

  test('POST /login just under 4 KB is processed normally', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    const base = `csrf=${csrf}&user=owner&password=yuanli-demo&pad=`;
    const r = await c.postRaw('/login', base + 'a'.repeat(4096 - base.length));
    assert.equal(r.status, 303);
  });

  test('POST /logout with more than 1 KB is 413 (checked before anything else)', async () => {
    const c = await loggedIn(srv.url, 'staff');
    const csrf = csrfOf((await c.get('/account')).body);
    const r = await c.postRaw('/logout', `csrf=${csrf}&pad=${'a'.repeat(1100)}`);
    assert.equal(r.status, 413);
    assert.match(noticeOf(r.body), /1 KB/);
    assert.equal((await c.get('/account')).status, 200, 'the refused logout did not end the session');
    const anon = await client(srv.url).postRaw('/logout', 'a'.repeat(2000));
    assert.equal(anon.status, 413);
  });

  test('the 413 message follows the language (English)', async () => {
    const c = client(srv.url, { headers: { 'accept-language': 'en' } });
    const r = await c.postRaw('/prefs', `pad=${'a'.repeat(2048)}`);
    assert.equal(r.status, 413);
    assert.equal(noticeOf(r.body), 'What you sent is too large (limit 1 KB).');
  });

  test('a Content-Length over the 16 MB global cap is refused with 413 before the body is sent', async () => {
    const r = await bigPost(srv.url, '/login', 17 * 1024 * 1024, { headersOnly: true });
    assert.equal(r.status, 413);
  });

  test('a chunked body over the 16 MB global cap is refused with 413', async () => {
    // The server answers once 16 MB are in and closes while the client is still sending, so
    // the client's kernel may see a reset before it has read the answer: one retry for that.
    let r;
    for (let attempt = 0; attempt < 2 && !r; attempt++)
      r = await bigPost(srv.url, '/login', 17 * 1024 * 1024, { chunked: true }).catch((e) => {
        if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e;
        return undefined;
      });
    assert.equal(r?.status, 413);
  });

  test('POST /login with invalid UTF-8 in "user" is 400 naming the field', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    const r = await c.postRaw('/login', `user=%FF%FE&password=x&csrf=${csrf}`);
    assert.equal(r.status, 400);
    assert.equal(noticeOf(r.body), '“user”里有无法识别的字符（不是有效的 UTF-8）。');
  });

  test('the invalid-UTF-8 message names the field in English too', async () => {
    const c = client(srv.url, { headers: { 'accept-language': 'en' } });
    const csrf = await c.csrf('/login');
    const r = await c.postRaw('/login', `user=owner&password=%C3%28&csrf=${csrf}`);
    assert.equal(r.status, 400);
    assert.equal(noticeOf(r.body), '&quot;password&quot; contains characters that are not valid UTF-8.');
  });

  test('raw (not percent-encoded) invalid UTF-8 bytes in a form are 400 too', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    const body = Buffer.concat([Buffer.from('user='), Buffer.from([0xc0, 0xaf]), Buffer.from(`&password=x&csrf=${csrf}`)]);
    const r = await c.postRaw('/login', body);
    assert.equal(r.status, 400);
    assert.match(noticeOf(r.body), /“user”/);
  });

  test('GET /login?next=%C0%AF (an overlong "/") is 400 naming the parameter', async () => {
    const r = await client(srv.url).get('/login?next=%C0%AF');
    assert.equal(r.status, 400);
    assert.equal(noticeOf(r.body), '“next”里有无法识别的字符（不是有效的 UTF-8）。');
  });

  test('invalid UTF-8 in a path parameter is 400', async () => {
    const r = await client(srv.url).get('/assets/%FF%FE');
    assert.equal(r.status, 400);
    assert.match(noticeOf(r.body), /“path”/);
  });

  test('raw invalid UTF-8 bytes in the path are a 400 and never echoed into the page', async () => {
    const req = Buffer.concat([Buffer.from('GET /'), Buffer.from([0xff, 0xfe]),
      Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]);
    const r = await rawBytes(srv, req);
    assert.ok(isUtf8(r.body), 'the answer is not valid UTF-8: the path bytes were copied into the page');
    assert.equal(r.status, 400);
  });

  test('markup in the path is escaped on the 404 page', async () => {
    const r = await rawBytes(srv, Buffer.from('GET /x"><script>alert(1)</script> HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    assert.equal(r.status, 404);
    const html = r.body.toString('utf8');
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /value="\/x&quot;&gt;&lt;script&gt;/);
  });

  test('a broken percent-escape in a form is 400 (malformed), not 500', async () => {
    const c = client(srv.url);
    const csrf = await c.csrf('/login');
    for (const body of [`user=%G1&password=x&csrf=${csrf}`, `user=owner&password=x%&csrf=${csrf}`, `user=%4&csrf=${csrf}`]) {
      const r = await c.postRaw('/login', body);
      assert.equal(r.status, 400, body);
      assert.equal(noticeOf(r.body), '提交的表单格式不对。');
    }
  });

  test('a UTF-8 Chinese user name in a form is fine (401, not 400)', async () => {
    const c = client(srv.url);
    const r = await c.post('/login', { user: '张秀英', password: 'wrong-password', csrf: await c.csrf('/login') });
    assert.equal(r.status, 401);
    assert.match(r.body, /value="张秀英"/);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

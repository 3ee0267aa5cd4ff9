// headers.test.mjs: the security headers every answer carries, compression, and the static
// assets' caching. (/healthz has its own file: see health.test.mjs.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { startServer, assertCleanStop, client, rawRequest, loggedIn, SUITE } from './lib/server.mjs';

function assertSecurityHeaders(h, what) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no content-security-policy`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: CSP allows inline code`);
  assert.doesNotMatch(csp, /unsafe-eval/, `${what}: CSP allows eval`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP allows framing`);
  assert.match(csp, /(^|;)\s*(script-src|default-src) 'self'/, `${what}: CSP scripts not limited to self`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: x-content-type-options`);
  assert.ok(get('referrer-policy'), `${what}: no referrer-policy`);
  const server = get('server');
  assert.ok(server === null || server === undefined || !/\d/.test(server),
    `${what}: server header reveals a version: ${server}`);
}

describe('security headers, compression, assets', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('a page carries the security headers and no-store caching', async () => {
    const r = await client(srv.url).get('/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assertSecurityHeaders(r.headers, 'GET /');
    assert.match(r.headers.get('cache-control'), /no-store/);
  });

  test('a signed-in page carries the security headers', async () => {
    const c = await loggedIn(srv.url, 'staff');
    const r = await c.get('/account');
    assert.equal(r.status, 200);
    assertSecurityHeaders(r.headers, 'GET /account');
  });

  test('an HTML 404 carries the security headers', async () => {
    const r = await client(srv.url).get('/no/such/page');
    assert.equal(r.status, 404);
    assertSecurityHeaders(r.headers, '404 page');
  });

  test('a JSON error carries the security headers', async () => {
    const r = await client(srv.url).get('/api/v1/me');
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assertSecurityHeaders(r.headers, 'JSON 401');
  });

  test('a redirect carries the security headers', async () => {
    const r = await client(srv.url).get('/account');
    assert.equal(r.status, 303);
    assertSecurityHeaders(r.headers, '303');
  });

  test('a static asset carries the security headers', async () => {
    const r = await client(srv.url).get('/assets/app.css');
    assert.equal(r.status, 200);
    assertSecurityHeaders(r.headers, 'asset');
  });

  test('no response has a server header revealing a version', async () => {
    for (const p of ['/', '/login', '/assets/app.css', '/nope', '/api/v1/nope', '/api/v1/me']) {
      const r = await rawRequest(srv.url, p);
      const s = r.headers.server;
      assert.ok(s === undefined || !/\d|h2o/i.test(s), `${p}: server: ${s}`);
    }
  });

  test('pages reference scripts and styles as files, never inline', async () => {
    const r = await client(srv.url).get('/login');
    assert.doesNotMatch(r.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline <script> element');
    assert.doesNotMatch(r.body, /<style[\s>]/, 'inline <style> element');
    assert.doesNotMatch(r.body, /\son[a-z]+="/, 'inline event handler attribute');
    assert.doesNotMatch(r.body, /\sstyle="/, 'inline style attribute');
  });

  test('GET / with Accept-Encoding gzip is gzip-compressed and decodes to the page', async () => {
    const r = await rawRequest(srv.url, '/', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.match(r.headers.vary ?? '', /accept-encoding/i);
    const html = zlib.gunzipSync(r.body).toString('utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<\/html>\n$/);
  });

  test('GET / without Accept-Encoding is sent uncompressed', async () => {
    const r = await rawRequest(srv.url, '/');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.match(r.body.toString('utf8'), /^<!doctype html>/);
  });

  test('/assets/app.css has an ETag and a long immutable cache', async () => {
    const r = await rawRequest(srv.url, '/assets/app.css');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/css/);
    assert.match(r.headers.etag, /^(W\/)?"[^"]+"$/);
    assert.match(r.headers['cache-control'], /immutable/);
    assert.match(r.headers['cache-control'], /max-age=\d{6,}/);
    assert.ok(r.body.length > 0);
  });

  test('/assets/app.css with a matching If-None-Match answers 304 with no body', async () => {
    const first = await rawRequest(srv.url, '/assets/app.css');
    const r = await rawRequest(srv.url, '/assets/app.css', { headers: { 'if-none-match': first.headers.etag } });
    assert.equal(r.status, 304);
    assert.equal(r.body.length, 0);
    assert.equal(r.headers.etag, first.headers.etag);
  });

  test('/assets/app.css with a stale If-None-Match answers 200', async () => {
    const r = await rawRequest(srv.url, '/assets/app.css', { headers: { 'if-none-match': '"stale"' } });
    assert.equal(r.status, 200);
    assert.ok(r.body.length > 0);
  });

  test('the asset URLs a page links (with ?v=) are served', async () => {
    const page = (await client(srv.url).get('/')).body;
    const urls = [...page.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
    assert.ok(urls.length >= 2, 'page links its css and js');
    for (const u of urls) {
      const r = await rawRequest(srv.url, u);
      assert.equal(r.status, 200, u);
      assert.match(r.headers['cache-control'], /immutable/, u);
    }
  });

  test('an unknown asset is a 404', async () => {
    const r = await client(srv.url).get('/assets/nope.css');
    assert.equal(r.status, 404);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

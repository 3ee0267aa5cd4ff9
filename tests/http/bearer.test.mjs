// bearer.test.mjs: API authentication — bearer tokens from `yuanli token`, the JSON error
// envelope, cookies on the API, and where tokens are not accepted.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, loggedIn, yuanli, lastLine, rawRequest, SUITE } from './lib/server.mjs';

async function api(srv, p, { token, method = 'GET', headers = {} } = {}) {
  const h = { ...headers };
  if (token !== undefined) h.authorization = `Bearer ${token}`;
  const r = await rawRequest(srv.url, p, { method, headers: h });
  const text = r.body.toString('utf8');
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, headers: r.headerList, text, json };
}

function assertEnvelope(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(r.json && typeof r.json.error === 'object', `not an error envelope: ${r.text}`);
  assert.match(r.json.error.code, /^[a-z][a-z0-9_]*$/, 'code is snake_case');
  if (code) assert.equal(r.json.error.code, code);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
}

async function createToken(srv, user, name) {
  const r = await yuanli(['token', 'create', '--user', user, '--name', name, '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
  const tok = lastLine(r.stdout);
  assert.match(tok, /^[A-Za-z0-9_-]{43}$/, `last line is not a token alone: ${JSON.stringify(tok)}`);
  return { tok, stdout: r.stdout };
}

describe('bearer tokens and the API', SUITE, () => {
  let srv;
  let staffToken;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('`yuanli token create` prints the token alone on the last stdout line', async () => {
    const { tok, stdout } = await createToken(srv, 'staff', 't1');
    assert.match(stdout, /^token for staff \(t1\):\n/);
    staffToken = tok;
  });

  test('GET /api/v1/me with the token answers who it is and their roles', async () => {
    const r = await api(srv, '/api/v1/me', { token: staffToken });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.user, 'staff');
    assert.deepEqual(r.json.roles, [{ role: 'staff', community_id: 1 }]);
    assert.equal(r.json.display_name, '李敏');
  });

  test('the administrator token shows the installation-wide admin role (community 0)', async () => {
    const { tok } = await createToken(srv, 'admin', 'ops');
    const r = await api(srv, '/api/v1/me', { token: tok });
    assert.equal(r.status, 200);
    assert.equal(r.json.user, 'admin');
    assert.deepEqual(r.json.roles, [{ role: 'admin', community_id: 0 }]);
  });

  test('a wrong token is 401 with the JSON error envelope', async () => {
    const r = await api(srv, '/api/v1/me', { token: 'x'.repeat(43) });
    assertEnvelope(r, 401);
  });

  test('a garbage Authorization header is 401 with the envelope', async () => {
    for (const value of ['Bearer ', 'Bearer', 'Basic c3RhZmY6eXVhbmxpLWRlbW8=', `Bearer ${'é'.repeat(5)}`]) {
      const r = await api(srv, '/api/v1/me', { headers: { authorization: Buffer.from(value).toString('latin1') } });
      assertEnvelope(r, 401);
    }
  });

  test('no token at all is 401 with the envelope', async () => {
    const r = await api(srv, '/api/v1/me');
    assertEnvelope(r, 401, 'unauthenticated');
  });

  test('a 401 from the API says how to authenticate (WWW-Authenticate: Bearer)', async () => {
    const none = await api(srv, '/api/v1/me');
    const bad = await api(srv, '/api/v1/me', { token: 'x'.repeat(43) });
    for (const r of [none, bad]) {
      assert.equal(r.status, 401);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer\b/i,
        'RFC 9110 §15.5.2 / RFC 6750 §3: a 401 must carry WWW-Authenticate');
    }
  });

  test('the API error message follows Accept-Language', async () => {
    const r = await api(srv, '/api/v1/me', { headers: { 'accept-language': 'en' } });
    assertEnvelope(r, 401);
    assert.match(r.json.error.message, /log in/i);
  });

  test('`yuanli token revoke` makes the token 401', async () => {
    const { tok } = await createToken(srv, 'head', 'phone');
    assert.equal((await api(srv, '/api/v1/me', { token: tok })).status, 200);
    const r = await yuanli(['token', 'revoke', '--user', 'head', '--name', 'phone', '--db', srv.db]);
    assert.equal(r.code, 0, r.stderr);
    assertEnvelope(await api(srv, '/api/v1/me', { token: tok }), 401);
  });

  test('revoking a token that is not live exits non-zero', async () => {
    const r = await yuanli(['token', 'revoke', '--user', 'head', '--name', 'never-made', '--db', srv.db]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no live token/);
  });

  test('a token for an unknown user is refused', async () => {
    const r = await yuanli(['token', 'create', '--user', 'ghost', '--db', srv.db]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no user named 'ghost'/);
  });

  test('revoking one label leaves the same user\'s other tokens working', async () => {
    const a = await createToken(srv, 'owner', 'a');
    const b = await createToken(srv, 'owner', 'b');
    assert.equal((await yuanli(['token', 'revoke', '--user', 'owner', '--name', 'a', '--db', srv.db])).code, 0);
    assert.equal((await api(srv, '/api/v1/me', { token: a.tok })).status, 401);
    assert.equal((await api(srv, '/api/v1/me', { token: b.tok })).status, 200);
  });

  test('POST /api/v1/me is 405 with the envelope (bearer requests need no CSRF, but the method must exist)', async () => {
    const r = await api(srv, '/api/v1/me', { token: staffToken, method: 'POST' });
    assertEnvelope(r, 405, 'method_not_allowed');
  });

  test('a bearer token is not a login for pages', async () => {
    const r = await rawRequest(srv.url, '/account', { headers: { authorization: `Bearer ${staffToken}` } });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/login?next=%2Faccount');
  });

  test('the session cookie also authenticates the API', async () => {
    const c = await loggedIn(srv.url, 'owner');
    const r = await c.get('/api/v1/me');
    assert.equal(r.status, 200);
    const j = JSON.parse(r.body);
    assert.equal(j.user, 'owner');
    assert.deepEqual(j.roles, [{ role: 'owner', community_id: 1 }]);
  });

  test('an unknown API path is a 404 envelope, even for a valid token', async () => {
    assertEnvelope(await api(srv, '/api/v1/nothing-here', { token: staffToken }), 404, 'not_found');
  });

  test('a malformed query string on the API is a 400 envelope naming the parameter', async () => {
    const r = await api(srv, '/api/v1/me?x=%FF', { token: staffToken });
    assertEnvelope(r, 400, 'invalid_utf8');
    assert.equal(r.json.error.field, 'x');
  });

  test('revoking a label revokes every token with that label, and only those', async () => {
    const a = await createToken(srv, 'staff', 'dup');
    const b = await createToken(srv, 'staff', 'dup');
    assert.notEqual(a.tok, b.tok);
    assert.equal((await yuanli(['token', 'revoke', '--user', 'staff', '--name', 'dup', '--db', srv.db])).code, 0);
    assert.equal((await api(srv, '/api/v1/me', { token: a.tok })).status, 401);
    assert.equal((await api(srv, '/api/v1/me', { token: b.tok })).status, 401);
    assert.equal((await api(srv, '/api/v1/me', { token: staffToken })).status, 200, 'other labels untouched');
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

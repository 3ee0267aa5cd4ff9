// throttle.test.mjs: login throttling — five wrong passwords lock an account, twenty lock an
// address, for fifteen minutes. Every request here comes from 127.0.0.1, so each describe has
// its own server (and database).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import {
  startServer, assertCleanStop, client, login, noticeOf, tempDir, freshDemoDb, dropDb, DEMO_PASSWORD, SUITE,
} from './lib/server.mjs';

const THROTTLED_ZH = /^尝试次数太多，请在 \d+ 分钟后再试。$/;

function assertThrottled(r) {
  assert.equal(r.status, 429, `expected 429, got ${r.status}: ${noticeOf(r.body)}`);
  const ra = r.headers.get('retry-after');
  assert.match(ra ?? '', /^\d+$/, `Retry-After: ${ra}`);
  assert.ok(Number(ra) > 0 && Number(ra) <= 15 * 60, `Retry-After ${ra} outside (0, 900]`);
  assert.match(noticeOf(r.body), THROTTLED_ZH);
  assert.equal(r.cookies.yl_s, undefined, 'a throttled login must not start a session');
}

async function failTimes(name, n, srv) {
  for (let i = 0; i < n; i++) {
    const r = await login(client(srv.url), name, `wrong-password-${i}`);
    assert.equal(r.status, 401, `failure ${i + 1} for ${name}: ${r.status}`);
  }
}

describe('throttling per account', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('after 5 wrong passwords the 6th attempt is 429 with Retry-After, even with the right password', async () => {
    await failTimes('owner', 5, srv);
    assertThrottled(await login(client(srv.url), 'owner', DEMO_PASSWORD));
  });

  test('a locked account stays locked for a wrong password too', async () => {
    assertThrottled(await login(client(srv.url), 'owner', 'wrong-again'));
  });

  test('the English page gives the wait in minutes', async () => {
    const r = await login(client(srv.url, { headers: { 'accept-language': 'en' } }), 'owner', DEMO_PASSWORD);
    assert.equal(r.status, 429);
    assert.match(noticeOf(r.body), /^Too many attempts\. Please try again in 1[45] minutes\.$/);
  });

  test('the lock covers the account under any spelling of its name (names ignore case)', async () => {
    // "OWNER" logs in as owner (names compare case-insensitively), so it is the same account.
    assertThrottled(await login(client(srv.url), 'OWNER', DEMO_PASSWORD));
  });

  test('another account from the same address is not locked', async () => {
    const r = await login(client(srv.url), 'head', DEMO_PASSWORD);
    assert.equal(r.status, 303);
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('throttling per address', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('20 failures over several names lock the address: a new name gets 429, even with the right password', async () => {
    // Four names, five failures each: no account reaches its own limit before the address does.
    for (const name of ['nobody1', 'nobody2', 'nobody3', 'nobody4']) await failTimes(name, 5, srv);
    assertThrottled(await login(client(srv.url), 'staff', DEMO_PASSWORD));
  });

  test('an address under 20 failures was not locked (19 failures then a login works)', async () => {
    const fresh = await startServer();
    try {
      for (const name of ['nobody1', 'nobody2', 'nobody3']) await failTimes(name, 5, fresh);
      await failTimes('nobody4', 4, fresh);
      const r = await login(client(fresh.url), 'staff', DEMO_PASSWORD);
      assert.equal(r.status, 303);
    } finally {
      await fresh.stop();
    }
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

describe('throttling ends', SUITE, () => {
  test('the account lock ends fifteen minutes after the failures', async () => {
    const dir = await tempDir();
    // a copy of the run's demo: `yuanli demo` here took over a minute on a loaded CI machine
    const db = await freshDemoDb(dir);
    const now = Math.floor(Date.now() / 1000);
    let srv = await startServer({ db, env: { YUANLI_NOW: String(now) } });
    try {
      await failTimes('owner', 5, srv);
      assertThrottled(await login(client(srv.url), 'owner', DEMO_PASSWORD));
    } finally {
      await assertCleanStop(srv);
    }
    srv = await startServer({ db, env: { YUANLI_NOW: String(now + 15 * 60 + 1) } });
    try {
      const r = await login(client(srv.url), 'owner', DEMO_PASSWORD);
      assert.equal(r.status, 303);
    } finally {
      await assertCleanStop(srv);
    }
    await rm(dir, { recursive: true, force: true });
    await dropDb(db);
  });
});

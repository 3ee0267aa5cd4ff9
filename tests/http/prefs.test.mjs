// prefs.test.mjs: language (zh-CN first, English second) from Accept-Language, the yl_lang
// cookie or the account; 长辈模式 (large text) from yl_large or the account; POST /prefs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertCleanStop, client, loggedIn, htmlLang, noticeOf, SUITE } from './lib/server.mjs';

const isLarge = (html) => /<html lang="[^"]+" class="large">/.test(html);

describe('languages and large text', SUITE, () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv?.stop(); });

  test('without Accept-Language pages are zh-CN', async () => {
    const r = await client(srv.url).get('/login');
    assert.equal(htmlLang(r.body), 'zh-CN');
    assert.match(r.body, /<h1>登录<\/h1>/);
  });

  test('Accept-Language: en gives the English page', async () => {
    const r = await client(srv.url, { headers: { 'accept-language': 'en' } }).get('/login');
    assert.equal(htmlLang(r.body), 'en');
    assert.match(r.body, /<h1>Log in<\/h1>/);
  });

  test('Accept-Language picks the highest q among zh and en', async () => {
    const cases = [
      ['en-US,en;q=0.9', 'en'],
      ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
      ['zh;q=0.5, en;q=0.9', 'en'],
      ['fr-FR, en;q=0.5', 'en'],
      ['fr-FR, de', 'zh-CN'],
      ['*', 'zh-CN'],
    ];
    for (const [al, want] of cases) {
      const r = await client(srv.url, { headers: { 'accept-language': al } }).get('/');
      assert.equal(htmlLang(r.body), want, `Accept-Language: ${al}`);
    }
  });

  test('a language marked q=0 ("not acceptable", RFC 9110 §12.4.2) is never chosen', async () => {
    for (const al of ['en-GB;q=0', 'en;q=0, fr']) {
      const r = await client(srv.url, { headers: { 'accept-language': al } }).get('/');
      assert.equal(htmlLang(r.body), 'zh-CN', `Accept-Language: ${al}`);
    }
  });

  test('every page offers the language and large-text switches as plain forms', async () => {
    const r = await client(srv.url).get('/');
    assert.match(r.body, /<form class="switch" method="post" action="\/prefs">[^]*?name="lang" value="en"/);
    assert.match(r.body, /<form class="switch" method="post" action="\/prefs">[^]*?name="large" value="1"/);
  });

  test('POST /prefs lang=en sets the yl_lang cookie and the next page is English', async () => {
    const c = client(srv.url);
    const r = await c.postForm('/prefs', { lang: 'en', next: '/login' }, '/login');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/login');
    const k = r.cookies.yl_lang;
    assert.ok(k, 'no yl_lang cookie');
    assert.equal(k.value, 'en');
    assert.ok(Number(k.attrs['max-age']) >= 30 * 24 * 3600, 'the choice is remembered');
    assert.equal(k.attrs.path, '/');
    const page = await c.get('/login');
    assert.equal(htmlLang(page.body), 'en');
    assert.match(page.body, /name="lang" value="zh-CN"/, 'the switch now offers Chinese');
  });

  test('the yl_lang cookie wins over Accept-Language', async () => {
    const c = client(srv.url, { headers: { 'accept-language': 'en' } });
    await c.postForm('/prefs', { lang: 'zh-CN', next: '/' });
    assert.equal(htmlLang((await c.get('/')).body), 'zh-CN');
  });

  test('POST /prefs large=1 sets yl_large and pages get class="large"; large=0 turns it off', async () => {
    const c = client(srv.url);
    assert.equal(isLarge((await c.get('/')).body), false);
    const r = await c.postForm('/prefs', { large: '1', next: '/' });
    assert.equal(r.status, 303);
    assert.equal(r.cookies.yl_large?.value, '1');
    const page = (await c.get('/')).body;
    assert.ok(isLarge(page), 'no class="large" on <html>');
    assert.match(page, /name="large" value="0"[^]*?aria-pressed="true"/);
    await c.postForm('/prefs', { large: '0', next: '/' });
    assert.equal(isLarge((await c.get('/')).body), false);
  });

  test('POST /prefs without the CSRF token is 403 and changes nothing', async () => {
    const c = client(srv.url);
    await c.get('/');
    const r = await c.post('/prefs', { lang: 'en', next: '/' });
    assert.equal(r.status, 403);
    assert.equal(r.cookies.yl_lang, undefined);
  });

  test('POST /prefs with an unknown language is 422', async () => {
    const c = client(srv.url);
    const r = await c.postForm('/prefs', { lang: 'klingon', next: '/' });
    assert.equal(r.status, 422);
    assert.match(noticeOf(r.body), /语言/);
    assert.equal(r.cookies.yl_lang, undefined);
  });

  test('POST /prefs with large=2 is 422', async () => {
    const r = await client(srv.url).postForm('/prefs', { large: '2', next: '/' });
    assert.equal(r.status, 422);
  });

  test('POST /prefs never redirects off-site', async () => {
    const r = await client(srv.url).postForm('/prefs', { lang: 'en', next: '//evil.com/' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/');
  });

  test('signed-in choices are saved to the account and follow it to a fresh browser', async () => {
    const c = await loggedIn(srv.url, 'head');
    assert.equal((await c.postForm('/prefs', { lang: 'en', next: '/account' }, '/account')).status, 303);
    assert.equal((await c.postForm('/prefs', { large: '1', next: '/account' }, '/account')).status, 303);
    // A fresh client: no yl_lang / yl_large cookies, a Chinese browser.
    const d = await loggedIn(srv.url, 'head');
    assert.equal(d.jar.get('yl_lang'), undefined);
    const home = await d.get('/');
    assert.equal(htmlLang(home.body), 'en');
    assert.ok(isLarge(home.body), 'large text did not follow the account');
    assert.match(home.body, /Welcome, /);
    // The account page shows the saved choices as selected.
    const acc = (await d.get('/account')).body;
    assert.match(acc, /<option value="en" selected>/);
    assert.match(acc, /<select id="f-large" name="large"><option value="1" selected>/);
  });

  test("the account's language wins over the browser's cookie once signed in", async () => {
    const c = client(srv.url);
    await c.postForm('/prefs', { lang: 'zh-CN', next: '/' });
    const r = await c.postForm('/login', { user: 'head', password: 'yuanli-demo' }, '/login');
    assert.equal(r.status, 303);
    assert.equal(htmlLang((await c.get('/')).body), 'en');
  });

  test('the language of the API envelope follows the account too', async () => {
    const c = await loggedIn(srv.url, 'head');
    const r = await c.get('/api/v1/me');
    assert.equal(JSON.parse(r.body).language, 'en');
  });

  test('the server stops cleanly on SIGTERM (exit 0, no sanitizer report)', async () => {
    await assertCleanStop(srv);
  });
});

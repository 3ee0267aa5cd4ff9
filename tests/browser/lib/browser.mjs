// browser.mjs: what a browser test needs besides the server — Debian's Chromium launch options,
// a Chinese desktop context, screenshots, and the steps a person takes on every page (log in
// through the form, flip a header switch, measure sideways scrolling and target sizes).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../http/lib/server.mjs';

export const SHOTS = path.resolve(import.meta.dirname, '../../../build-san/screenshots');
mkdirSync(SHOTS, { recursive: true });

export const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
};

/** A resident's browser asks for Chinese. */
export const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' };

/** A resident's phone: 360 CSS px wide at deviceScaleFactor 2 (180 px then shows 200% zoom). */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: 'zh-CN' };

export function shotPath(name) { return path.join(SHOTS, name); }

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: shotPath(name), fullPage });
}

/** Logs in through the form on the page shown (/login), fields found by their visible labels. */
export async function logIn(page, base, user, password = DEMO_PASSWORD) {
  await page.getByLabel('用户名', { exact: true }).fill(user);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL(`${base}/`),
    page.getByRole('main').getByRole('button', { name: '登录', exact: true }).click(),
  ]);
}

export function isLarge(page) {
  return page.locator('html').evaluate((e) => e.classList.contains('large'));
}

/** Clicks a header switch (a plain form post that redirects back); resolves when the next page
 *  has loaded, wherever the redirect led. */
export async function clickSwitch(page, name) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    page.locator('header').getByRole('button', { name, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
}

/** Sideways scrolling of the page, or null when there is none. */
export async function overflow(page) {
  const m = await page.evaluate(() => {
    const s = document.scrollingElement;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > s.clientWidth + 0.5)
      .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`); // an SVG's className is no string
    return { scroll: s.scrollWidth, client: s.clientWidth, wide };
  });
  return m.scroll > m.client ? `scrollWidth ${m.scroll} > ${m.client} (${m.wide.join(', ')})` : null;
}

/** Visible buttons, inputs and selects in main lower than `min` px. */
export function shortControls(page, min) {
  return page.locator('main').evaluate((main, least) => [...main.querySelectorAll('button, input, select, textarea, a.btn')]
    .filter((e) => e.type !== 'hidden')
    .map((e) => {
      const r = e.getBoundingClientRect();
      return { what: `${e.tagName.toLowerCase()}#${e.id || e.name || e.textContent.trim()}`, h: Math.round(r.height), w: Math.round(r.width) };
    })
    .filter((c) => c.w > 0 && c.h < least), min);
}

export function assertNoProblems(problems, what) {
  assert.deepEqual(problems, [], what);
}

/**
 * People of a test: as(user, contextOptions, fn) runs fn(page) in a browser context of its own,
 * signed in as user — through the login form the first time, with the saved cookies after.
 */
export function people(browser, base) {
  const sessions = {};
  return async function as(user, options, fn) {
    const context = await browser.newContext({ ...options, storageState: sessions[user] });
    const page = await context.newPage();
    try {
      if (!sessions[user]) {
        await page.goto(`${base}/login`);
        await logIn(page, base, user);
        sessions[user] = await context.storageState();
      }
      return await fn(page);
    } finally {
      await context.close();
    }
  };
}

/** The page's main landmark. */
export function main(page) { return page.getByRole('main'); }

/** Clicks a button in main and waits for the page the form leads to. */
export async function submit(page, name) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }),
    main(page).getByRole('button', { name, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
}

// issue 11: dashboard
/** Runs fn(page) in a context of its own (the Chinese desktop, with options over it), closed after. */
export async function withPage(browser, options, fn) {
  const context = await browser.newContext({ ...DESKTOP, ...options });
  const page = await context.newPage();
  try {
    return await fn(page);
  } finally {
    await context.close();
  }
}

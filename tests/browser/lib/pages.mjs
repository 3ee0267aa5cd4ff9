// pages.mjs: the pages a resident sees, listed from the server's own route table (`yuanli routes`)
// — every public HTML page and every page the demo owner may read — with their {parameters}
// filled by demo rows the owner may see, and the checks the accessibility test runs on each: axe
// (WCAG 2.1 A and AA) and the 长辈模式 measurements of DOMAIN.md §7.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import { sql, YUANLI_BIN } from '../../http/lib/server.mjs';

// Routes that answer a file, not a page (photos, scans, vouchers, attachments, exports, assets,
// Open311 documents, the health check): nothing there for axe to read.
const NOT_A_PAGE = /\{name\}|\{file\}|\/(photos|inspection-photos|attachments)\/\{id\}|\/voucher$|\/scan$|\.(csv|xlsx)$|^\/healthz$/;

/** GET page patterns, split into those anybody may read and those the owner may read signed in. */
export function residentRoutes() {
  const table = JSON.parse(execFileSync(YUANLI_BIN, ['routes'], { encoding: 'utf8' }));
  const pages = table.routes.filter((r) => r.method === 'GET' && !r.pattern.startsWith('/api/')
    && !NOT_A_PAGE.test(r.pattern));
  return {
    public: pages.filter((r) => r.perm === 'public').map((r) => r.pattern),
    owner: pages.filter((r) => r.perm === 'signed_in'
      || (r.perm !== 'public' && table.permissions[r.perm].owner !== 'none')).map((r) => r.pattern),
  };
}

async function one(db, query) {
  const v = (await sql(db, query)).trim();
  assert.ok(v !== '', `no demo row for: ${query}`);
  return v;
}

/** fill(pattern) → a path, with demo rows the owner may see: the owner's own unit, receipt and problem,
 *  the announced decision (its result, roll and print) or the open one (to vote), the plan, the
 *  work underway, a confirmed volunteer, an activity, a wish, a stationed unit, a disclosed month
 *  and the current whole-compound notice. A pattern with a parameter not known here fails. */
export async function samples(db) {
  const owner = "(SELECT id FROM accounts WHERE name = 'owner')";
  const unit = await one(db, `SELECT min(u.id) FROM units u JOIN owner_accounts oa ON oa.owner_id = u.owner_id
    WHERE oa.account_id = ${owner}`);
  const v = {
    unit,
    receipt: await one(db, `SELECT min(id) FROM payments WHERE unit_id = ${unit} AND reverses_id IS NULL`),
    announced: await one(db, "SELECT min(id) FROM decisions WHERE community_id = 1 AND state = 'announced'"),
    open: await one(db, "SELECT min(id) FROM decisions WHERE community_id = 1 AND state = 'open'"),
    problem: await one(db, `SELECT min(id) FROM problems WHERE community_id = 1 AND reporter_id = ${owner}`),
    plan: await one(db, 'SELECT min(id) FROM plans WHERE community_id = 1'),
    work: await one(db, "SELECT min(id) FROM works WHERE community_id = 1 AND state = 'underway'"),
    volunteer: await one(db, "SELECT min(id) FROM volunteers WHERE community_id = 1 AND state = 'confirmed'"),
    activity: await one(db, 'SELECT min(id) FROM activities WHERE community_id = 1'),
    wish: await one(db, 'SELECT min(id) FROM wishes WHERE community_id = 1'),
    stationed: await one(db, "SELECT min(id) FROM stationed_units WHERE community_id = 1 AND state = 'confirmed'"),
    notice: await one(db, `SELECT min(n.id) FROM notices n WHERE n.community_id = 1 AND n.state = 'published'
      AND n.title = '停水通知'`),
    period: await one(db, "SELECT max(first_month) FROM disclosures WHERE community_id = 1"),
  };
  const ids = [
    ['/registry/units/', v.unit], ['/receipts/', v.receipt], ['/decisions/{id}/vote', v.open],
    ['/decisions/{id}/paper', v.open], ['/decisions/', v.announced], ['/problems/', v.problem], ['/plans/', v.plan], ['/works/', v.work],
    ['/volunteers/', v.volunteer], ['/activities/', v.activity], ['/wishes/', v.wish], ['/stationed/', v.stationed],
    ['/notices/', v.notice],
  ];
  const period = `${v.period.slice(0, 4)}-${v.period.slice(4)}`;
  return (pattern) => pattern.replace(/\{(\w+)\}/g, (_, name) => {
    if (name === 'cid') return '1';
    if (name === 'period') return period;
    const hit = name === 'id' && ids.find(([p]) => pattern.startsWith(p) || pattern === p);
    assert.ok(hit, `no sample for {${name}} in ${pattern}: add one to tests/browser/lib/pages.mjs`);
    return hit[1];
  });
}

export const WCAG21AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const axeCore = createRequire(import.meta.url)('axe-core');

/** Loads axe-core into every page of the context as it opens (an init script, which the pages'
 *  CSP does not apply to). AxeBuilder would inject its 500 kB twice per check and finish in a
 *  blank page of its own: three to four times slower, past the CI budget for sixty-odd pages. */
export function axeReady(context) {
  return context.addInitScript({ content: axeCore.source });
}

/** axe's violations on the page shown (its context made axeReady), one line each: rule, page,
 *  element. The builder's own source is a no-op, axe being there already. */
export async function axeViolations(page, where) {
  const r = await new AxeBuilder({ page, axeSource: 'void 0' }).withTags(WCAG21AA)
    .options({ resultTypes: ['violations'] }).setLegacyMode(true).analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} on ${where}: ${n.target.join(' ')} — ${v.help}`));
}

/**
 * DOMAIN.md §7 in 长辈模式 on the page shown: body text ≥ 18 px and no text smaller, the largest
 * text (h1) ≥ 30 px, targets ≥ 60 × 60 px — links, buttons and form controls in the header, nav
 * and main (a radio or checkbox by its label). A link inside a sentence (text of its own next to it
 * in the same element) is exempt, as WCAG 2.5.5 exempts inline targets; so is what is hidden or
 * off-screen until focused (the skip link).
 */
export function largeTextProblems(page, where) {
  return page.evaluate((w) => {
    const out = [];
    const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > 0; };
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent || e.name || '').trim().slice(0, 30)}"`;
    const body = parseFloat(getComputedStyle(document.body).fontSize);
    if (body < 18) out.push(`${w}: body text ${body}px < 18px`);
    const h1 = document.querySelector('main h1');
    const big = h1 ? parseFloat(getComputedStyle(h1).fontSize) : 0;
    if (big < 30) out.push(`${w}: h1 ${big}px < 30px`);
    for (const e of document.body.querySelectorAll('*')) {
      const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (!own || !shown(e) || e.closest('svg')) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < 18) out.push(`${w}: text ${size}px < 18px: ${name(e)}`);
    }
    const inSentence = (a) => [...a.parentElement.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    for (const e of document.querySelectorAll('header a, header button, nav a, nav button, main a, main button, main input, main select, main textarea')) {
      if (e.type === 'hidden' || !shown(e)) continue;
      if (e.tagName === 'A' && inSentence(e)) continue;
      const box = (e.type === 'radio' || e.type === 'checkbox') && e.closest('label') ? e.closest('label') : e;
      const r = box.getBoundingClientRect();
      if (r.width < 59.5 || r.height < 59.5)
        out.push(`${w}: target ${Math.round(r.width)} × ${Math.round(r.height)} px < 60 × 60: ${name(box)}`);
    }
    return out;
  }, where);
}

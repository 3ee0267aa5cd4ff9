// books.mjs: helpers for the committee's books tests (issue 10: expenses, income, disclosures) — a
// committee member made with the CLI and a bearer token, an expense posted as multipart with its
// voucher, one number from SQL, and the first worksheet's XML out of an XLSX (a zip read with
// node:zlib, so no spreadsheet library is needed).
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { yuanli, sql } from './server.mjs';
import { tokenFor } from './registry.mjs';
import { multipartBody, png } from './problems.mjs';

/** A committee member of community cid named login (password yuanli-demo); resolves to a token. */
export async function member(srv, login, cid) {
  const r = await yuanli(['user', 'add', login, '--grant', `committee@${cid}`, '--db', srv.db],
    { env: { YUANLI_PASSWORD: 'yuanli-demo' } });
  assert.equal(r.code, 0, r.stderr);
  return tokenFor(srv, login);
}

/** A small clean PNG for a voucher. */
export const VOUCHER = { name: 'voucher', filename: '发票.png', type: 'image/png', data: png(8, 6, { metadata: false }) };

/** POST /api/v1/communities/{cid}/expenses as multipart; fields are sent as given. */
export function postExpense(a, cid, fields, files = [VOUCHER]) {
  const { body, contentType } = multipartBody(fields, files);
  return a.request('POST', `/api/v1/communities/${cid}/expenses`, { body, headers: { 'content-type': contentType } });
}

/** One integer from SQL (a count or a sum; NULL reads 0). */
export async function num(db, query) {
  const t = (await sql(db, query)).trim();
  return t === '' ? 0 : Number(t);
}

/** Fen as the API writes yuan: 12345 → "123.45". */
export function yuan(fen) {
  const s = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${s}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** The text of one entry of a zip (stored or deflated), found through the central directory. */
export function zipEntry(buf, name) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip');
  let p = buf.readUInt32LE(eocd + 16);
  const n = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entry = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    if (entry === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8');
    }
    p += 46 + nameLen + extra + comment;
  }
  assert.fail(`no ${name} in the zip`);
}

/**
 * SQL that adds the lines of journal entry `entry` of community cid into the journal's month sums
 * (schema/019), as store_ledger_post does for the lines it posts: for tests that write their
 * entries with SQL. The balances and sums the books show are read from those, and `yuanli audit
 * verify` holds them to the lines. (WHERE before GROUP BY also keeps SQLite from reading the ON
 * CONFLICT as the join's ON.)
 */
export function addToMonthSums(cid, entry) {
  return 'INSERT INTO journal_month_sums (community_id, account, month, kind, debit, credit) ' +
    'SELECT e.community_id, l.account, e.month, e.kind, sum(l.debit), sum(l.credit) FROM journal_entries e ' +
    `JOIN journal_lines l ON l.community_id = e.community_id AND l.entry_id = e.id WHERE e.community_id = ${cid} ` +
    `AND e.id = ${entry} GROUP BY e.community_id, l.account, e.month, e.kind ` +
    'ON CONFLICT (community_id, account, month, kind) DO UPDATE SET debit = journal_month_sums.debit + excluded.debit, ' +
    'credit = journal_month_sums.credit + excluded.credit';
}

/** SQL that makes community cid's month sums again from its journal lines (as the migration did). */
export function remakeMonthSums(cid) {
  return `DELETE FROM journal_month_sums WHERE community_id = ${cid}; ` +
    'INSERT INTO journal_month_sums (community_id, account, month, kind, debit, credit) ' +
    'SELECT e.community_id, l.account, e.month, e.kind, sum(l.debit), sum(l.credit) FROM journal_entries e ' +
    `JOIN journal_lines l ON l.community_id = e.community_id AND l.entry_id = e.id WHERE e.community_id = ${cid} ` +
    'GROUP BY e.community_id, l.account, e.month, e.kind';
}

/**
 * The month (YYYYMM) of UTC seconds t in Beijing time, as period.c's month_of: t + 8 h read as a
 * UTC date (Beijing keeps no daylight saving).
 */
export function monthOf(t) {
  const d = new Date((t + 8 * 3600) * 1000);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

/**
 * SQL that adds the allocations of payment `payment` of community cid, paid at `paidAt` (UTC s),
 * into the fee collections (schema/022) by their bill's first month and the payment's month, as
 * write_payment does for the allocations it writes: for tests that write theirs with SQL. The
 * collection rate is read from those, and `yuanli audit verify` holds them to the allocations.
 */
export function addToCollections(cid, payment, paidAt) {
  return 'INSERT INTO fee_collections (community_id, bill_month, paid_month, amount) ' +
    `SELECT pa.community_id, b.first_month, ${monthOf(paidAt)}, sum(pa.amount) FROM payment_allocations pa ` +
    'JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id ' +
    `WHERE pa.community_id = ${cid} AND pa.payment_id = ${payment} GROUP BY pa.community_id, b.first_month ` +
    'ON CONFLICT (community_id, bill_month, paid_month) DO UPDATE SET amount = fee_collections.amount + excluded.amount';
}

/**
 * The fee collections (schema/022) of community cid recomputed from its allocations, rows
 * "bill_month|paid_month|amount" in order: the months in JS (monthOf), so the comparison with the
 * kept rows does not share the SQL that fills them.
 */
export async function collectionsOf(db, cid) {
  const rows = (await sql(db, 'SELECT b.first_month, p.paid_at, pa.amount FROM payment_allocations pa ' +
    'JOIN bills b ON b.community_id = pa.community_id AND b.id = pa.bill_id ' +
    `JOIN payments p ON p.community_id = pa.community_id AND p.id = pa.payment_id WHERE pa.community_id = ${cid}`)).trim();
  const sums = new Map();
  for (const l of rows.split('\n').filter(Boolean)) {
    const [bill, paidAt, amount] = l.split('|').map(Number);
    const k = `${bill}|${monthOf(paidAt)}`;
    sums.set(k, (sums.get(k) || 0) + amount);
  }
  return [...sums].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}|${v}`);
}

/** The kept fee collections of community cid, rows "bill_month|paid_month|amount" in order. */
export async function keptCollections(db, cid) {
  return (await sql(db, 'SELECT bill_month, paid_month, amount FROM fee_collections ' +
    `WHERE community_id = ${cid} ORDER BY bill_month, paid_month`)).trim().split('\n').filter(Boolean);
}

/**
 * Takes community 1's demo books back to before any payment (all: before any bill as well): the
 * fee and payment tests were written against a compound whose only finance data is their own.
 * Deleted child rows first; journal entries of the kinds removed, and the month sums made again
 * from the lines that stay, the fee collections with the allocations (none stay, so none are
 * made again); the months the demo's disclosures closed are opened again. Receipt numbers go on from where the demo left them: a
 * number never repeats, and the audit rows of the demo's payments stay (the ids are reused). A test database is a copy, so nothing else sees it.
 */
export async function clearBooks(db, { bills = false } = {}) {
  const kinds = bills ? "'payment', 'reversal', 'billing'" : "'payment', 'reversal'";
  await sql(db, [
    'DELETE FROM payment_allocations WHERE community_id = 1',
    'DELETE FROM fee_collections WHERE community_id = 1',
    'UPDATE payments SET reverses_id = NULL WHERE community_id = 1',
    'DELETE FROM payments WHERE community_id = 1',
    // what a bill has been paid is kept on it (schema/020): with its allocations gone, nothing
    ...(bills ? ['DELETE FROM bill_lines WHERE community_id = 1', 'DELETE FROM bills WHERE community_id = 1',
      'DELETE FROM billing_run_lines WHERE community_id = 1', 'DELETE FROM billing_runs WHERE community_id = 1']
      : ['UPDATE bills SET paid = 0 WHERE community_id = 1']),
    `DELETE FROM journal_lines WHERE community_id = 1 AND entry_id IN (SELECT id FROM journal_entries WHERE community_id = 1 AND kind IN (${kinds}))`,
    `DELETE FROM journal_entries WHERE community_id = 1 AND kind IN (${kinds})`,
    remakeMonthSums(1),
    'DELETE FROM disclosures WHERE community_id = 1',
  ].join('; ') + ';');
}

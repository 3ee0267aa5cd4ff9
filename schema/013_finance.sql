-- 013_finance.sql: the owners' committee's books (自治物业, issue 10) — fee schedules linked to a
-- passed owners' decision, billing runs and bills by area, exemptions, payments with receipt
-- numbers and their allocation to bills, other income, expenses with vouchers and a second
-- member's approval, the double-entry journal underneath all of them, and the published monthly
-- disclosures that close their months. Money is integer fen, area integer hundredths of m²,
-- months are written YYYYMM (202611), time is UTC seconds. Nothing here is ever deleted or
-- rewritten: a mistake is put right by a counter-entry with a reason.

-- Expenses above this need a second committee member's approval, and the disclosure lists them
-- one by one with their payee (DOMAIN.md §5); 100000 fen = 1000 yuan. disclosure_months: 1
-- (monthly, the default) or 3 (quarterly, the longest the local rules allow).
ALTER TABLE communities ADD COLUMN finance_threshold INTEGER NOT NULL DEFAULT 100000;
ALTER TABLE communities ADD COLUMN disclosure_months INTEGER NOT NULL DEFAULT 1;

-- The journal: every movement of money is one entry whose lines balance (Σ debit = Σ credit,
-- checked by core/ledger.c before the insert and by the tests over the whole table). month is
-- the local month the entry belongs to (a published disclosure closes it). ref_type/ref_id:
-- the billing run, payment, income or expense that made it.
CREATE TABLE journal_entries (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	month        INTEGER NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('opening', 'billing', 'payment', 'reversal', 'income', 'expense')),
	ref_type     TEXT NOT NULL DEFAULT '',
	ref_id       INTEGER NOT NULL DEFAULT 0,
	memo         TEXT NOT NULL DEFAULT '',
	created_by   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX journal_entries_by_month ON journal_entries(community_id, month, id);

-- account: a name from core/ledger.h's chart (cash, bank, receivable, fee_income, …). Exactly
-- one of debit and credit is non-zero.
CREATE TABLE journal_lines (
	community_id INTEGER NOT NULL,
	entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
	position     INTEGER NOT NULL,
	account      TEXT NOT NULL,
	debit        INTEGER NOT NULL DEFAULT 0 CHECK (debit >= 0),
	credit       INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
	CHECK ((debit = 0) <> (credit = 0)),
	PRIMARY KEY (community_id, entry_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX journal_lines_by_account ON journal_lines(community_id, account, entry_id);

-- A fee standard: price per m² of a unit's own area per month, effective from a month until the
-- next schedule's month, only with a passed owners' decision behind it (DOMAIN.md §5).
CREATE TABLE fee_schedules (
	id             INTEGER PRIMARY KEY,
	community_id   INTEGER NOT NULL REFERENCES communities(id),
	decision_id    INTEGER NOT NULL REFERENCES decisions(id),
	price          INTEGER NOT NULL CHECK (price >= 0),
	effective_from INTEGER NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	created_by     INTEGER NOT NULL REFERENCES accounts(id),
	created_at     INTEGER NOT NULL,
	UNIQUE (community_id, effective_from)
) STRICT;

-- Fixed items of a schedule, per unit per month (卫生费 5.00 元/户/月).
CREATE TABLE fee_items (
	community_id INTEGER NOT NULL,
	schedule_id  INTEGER NOT NULL REFERENCES fee_schedules(id),
	position     INTEGER NOT NULL,
	name         TEXT NOT NULL,
	amount       INTEGER NOT NULL CHECK (amount > 0),
	PRIMARY KEY (community_id, schedule_id, position)
) STRICT, WITHOUT ROWID;

-- An exemption or discount for one unit over months (last_month NULL: until ended): either a
-- percentage of the bill (1–100) or a fixed amount per month, always with a reason. Ending one
-- sets last_month (audited); nothing else changes.
CREATE TABLE fee_exemptions (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	first_month  INTEGER NOT NULL,
	last_month   INTEGER,
	percent      INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
	amount       INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
	reason       TEXT NOT NULL,
	created_by   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL,
	CHECK ((percent = 0) <> (amount = 0))
) STRICT;
CREATE INDEX fee_exemptions_by_unit ON fee_exemptions(community_id, unit_id, first_month);

-- A billing run over first_month and the months after it (1, 3 or 12). Running a period again
-- bills only units that have no bill for those months yet (none: refused), so a run is
-- idempotent and a unit registered later can still be billed.
CREATE TABLE billing_runs (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	first_month  INTEGER NOT NULL,
	months       INTEGER NOT NULL CHECK (months IN (1, 3, 12)),
	bills        INTEGER NOT NULL,
	total        INTEGER NOT NULL,
	entry_id     INTEGER REFERENCES journal_entries(id),
	created_by   INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX billing_runs_by_period ON billing_runs(community_id, first_month, id);

-- One unit's bill: area × Σ(price of each month) rounded half up to the fen (area_fee), fixed
-- items (fixed_fee), exemptions taken off (relief, never more than the bill), total = area_fee +
-- fixed_fee − relief. price_months: the sum of the monthly prices, so the page can say
-- "63.50 m² × 0.45 元 × 3 个月".
CREATE TABLE bills (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	run_id       INTEGER NOT NULL REFERENCES billing_runs(id),
	first_month  INTEGER NOT NULL,
	last_month   INTEGER NOT NULL,
	area         INTEGER NOT NULL,
	price_months INTEGER NOT NULL,
	area_fee     INTEGER NOT NULL,
	fixed_fee    INTEGER NOT NULL,
	relief       INTEGER NOT NULL,
	total        INTEGER NOT NULL CHECK (total >= 0),
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX bills_by_unit ON bills(community_id, unit_id, first_month);
CREATE INDEX bills_by_period ON bills(community_id, first_month, id);

-- The lines of a bill beyond the area fee: each fixed item and each exemption (amount negative,
-- with its reason).
CREATE TABLE bill_lines (
	community_id INTEGER NOT NULL,
	bill_id      INTEGER NOT NULL REFERENCES bills(id),
	position     INTEGER NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('fixed', 'exemption')),
	label        TEXT NOT NULL,
	amount       INTEGER NOT NULL,
	PRIMARY KEY (community_id, bill_id, position)
) STRICT, WITHOUT ROWID;

-- Receipt numbers, one sequence per community and year: "2026-000123" never repeats (the
-- UNIQUE below holds it even if the counter were wrong).
CREATE TABLE receipt_counters (
	community_id INTEGER NOT NULL REFERENCES communities(id),
	year         INTEGER NOT NULL,
	last         INTEGER NOT NULL,
	PRIMARY KEY (community_id, year)
) STRICT, WITHOUT ROWID;

-- A payment of fees by or for a unit, recorded by the committee. amount < 0 only for a reversal
-- (冲正), which names the payment it reverses (once) and a reason, and gets its own number.
-- payer: who handed it over, for the receipt (never public). paid_at: when the money came.
CREATE TABLE payments (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	receipt_no   TEXT NOT NULL,
	amount       INTEGER NOT NULL CHECK (amount <> 0),
	method       TEXT NOT NULL CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
	reference    TEXT NOT NULL DEFAULT '',
	payer        TEXT NOT NULL DEFAULT '',
	paid_at      INTEGER NOT NULL,
	reverses_id  INTEGER REFERENCES payments(id),
	reason       TEXT NOT NULL DEFAULT '',
	entry_id     INTEGER REFERENCES journal_entries(id),
	recorded_by  INTEGER NOT NULL REFERENCES accounts(id),
	recorded_at  INTEGER NOT NULL,
	UNIQUE (community_id, receipt_no)
) STRICT;
CREATE INDEX payments_by_unit ON payments(community_id, unit_id, id);
CREATE INDEX payments_by_time ON payments(community_id, paid_at, id);
CREATE UNIQUE INDEX payments_reversed ON payments(community_id, reverses_id) WHERE reverses_id IS NOT NULL;

-- Which bills a payment paid (oldest unpaid first); a reversal's rows are the negatives of the
-- payment's. A bill's unpaid rest = total − Σ allocations: derived, never stored.
CREATE TABLE payment_allocations (
	community_id INTEGER NOT NULL,
	payment_id   INTEGER NOT NULL REFERENCES payments(id),
	bill_id      INTEGER NOT NULL REFERENCES bills(id),
	amount       INTEGER NOT NULL,
	PRIMARY KEY (community_id, payment_id, bill_id)
) STRICT, WITHOUT ROWID;
-- amount in the index: what a bill has been paid is read from the index alone. Without it SQLite
-- (3.40, no statistics) walks the whole table's primary key for each bill, which made the arrears
-- of 2,156 units take seconds.
CREATE INDEX payment_allocations_by_bill ON payment_allocations(community_id, bill_id, amount);

-- Income other than fees: shared income (公共收益: parking, advertising, rent of common parts)
-- and other. source: what it was for, in words.
CREATE TABLE incomes (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	category     TEXT NOT NULL,
	amount       INTEGER NOT NULL CHECK (amount > 0),
	source       TEXT NOT NULL,
	method       TEXT NOT NULL CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
	reference    TEXT NOT NULL DEFAULT '',
	received_at  INTEGER NOT NULL,
	entry_id     INTEGER REFERENCES journal_entries(id),
	recorded_by  INTEGER NOT NULL REFERENCES accounts(id),
	recorded_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX incomes_by_time ON incomes(community_id, received_at, id);

-- An expense: pending until a second committee member approves it when it is above the
-- threshold (approved at once otherwise); only an approved expense is in the journal. voucher:
-- the receipt or invoice photo (store/files.c name, metadata stripped), required.
CREATE TABLE expenses (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	amount       INTEGER NOT NULL CHECK (amount > 0),
	category     TEXT NOT NULL,
	payee        TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	method       TEXT NOT NULL CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
	spent_at     INTEGER NOT NULL,
	voucher      TEXT NOT NULL,
	voucher_mime TEXT NOT NULL,
	state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
	recorded_by  INTEGER NOT NULL REFERENCES accounts(id),
	recorded_at  INTEGER NOT NULL,
	decided_by   INTEGER REFERENCES accounts(id),
	decided_at   INTEGER,
	decision_note TEXT NOT NULL DEFAULT '',
	entry_id     INTEGER REFERENCES journal_entries(id),
	-- the second pair of eyes: an expense below the threshold is approved at its recording
	-- (decided_by NULL); above it, never by the member who recorded it
	CHECK (decided_by IS NULL OR decided_by <> recorded_by)
) STRICT;
CREATE INDEX expenses_by_time ON expenses(community_id, spent_at, id);
CREATE INDEX expenses_by_state ON expenses(community_id, state, id);

-- A published disclosure (财务公开) of first_month and the months after it: publishing closes
-- those months — no entry may be dated in them afterwards — so the figures computed from the
-- journal never change. audit_head: the audit chain's head hash at publication, printed.
CREATE TABLE disclosures (
	community_id INTEGER NOT NULL REFERENCES communities(id),
	first_month  INTEGER NOT NULL,
	months       INTEGER NOT NULL CHECK (months IN (1, 3)),
	published_by INTEGER NOT NULL REFERENCES accounts(id),
	published_at INTEGER NOT NULL,
	audit_head   TEXT NOT NULL,
	PRIMARY KEY (community_id, first_month)
) STRICT, WITHOUT ROWID;

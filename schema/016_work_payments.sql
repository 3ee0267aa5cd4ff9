-- 016_work_payments.sql: money paid on the renovation's works (issue 11) — each payment against a
-- work (an approved plan item being built): advance (预付款), progress (进度款), final (结算款),
-- retention (质保金), or a correction (冲正) that reverses one earlier payment. The total paid on
-- a work (corrections included) never exceeds its item's cost: features/work_payments.c checks it
-- with core/work_pay.c under the community's lock, since the cost lives in the plan's version.
-- Rows are only ever inserted: a wrong payment is corrected, never updated or deleted, so what
-- was paid and when stays readable, like the fee payments' reversals (013_finance.sql).
--
-- paid_on: the Beijing day it was paid, as UTC seconds of that day's start (as works' dates).
-- amount: fen, > 0; < 0 only for a correction, which is the negative of the payment it names in
-- corrects_id — once (the UNIQUE), and only a correction names one. reference: the invoice or
-- transfer number (required). note: a correction's reason (required there), otherwise optional.
CREATE TABLE work_payments (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	work_id      INTEGER NOT NULL REFERENCES works(id),
	paid_on      INTEGER NOT NULL,
	amount       INTEGER NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('advance', 'progress', 'final', 'retention', 'correction')),
	reference    TEXT NOT NULL CHECK (reference <> ''),
	note         TEXT NOT NULL DEFAULT '',
	corrects_id  INTEGER REFERENCES work_payments(id),
	recorded_by  INTEGER NOT NULL REFERENCES accounts(id),
	created_at   INTEGER NOT NULL,
	UNIQUE (community_id, corrects_id),
	CHECK ((kind = 'correction' AND corrects_id IS NOT NULL AND amount < 0 AND note <> '')
	       OR (kind <> 'correction' AND corrects_id IS NULL AND amount > 0))
) STRICT;
CREATE INDEX work_payments_by_work ON work_payments(community_id, work_id, id);

-- 009_problems.sql: the problem list (问题清单) — departments, categories, problems, their
-- events (every transition: who, when, why), photos, "me too" supports, heads' lists, Open311
-- API keys, and a full-text index over the text. Every table leads with community_id.

-- A city department or utility (园林, 水务, 供电 …) as this community knows it.
CREATE TABLE departments (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	name         TEXT NOT NULL,
	name_en      TEXT NOT NULL DEFAULT '',
	UNIQUE (community_id, name)
) STRICT;

-- Which department a `department` account speaks for, in that community (one each).
CREATE TABLE department_accounts (
	community_id  INTEGER NOT NULL,
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	department_id INTEGER NOT NULL REFERENCES departments(id),
	PRIMARY KEY (community_id, account_id)
) STRICT, WITHOUT ROWID;

-- code is the Open311 service_code.
CREATE TABLE problem_categories (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL REFERENCES communities(id),
	code          TEXT NOT NULL,
	name          TEXT NOT NULL,
	name_en       TEXT NOT NULL DEFAULT '',
	department_id INTEGER REFERENCES departments(id),
	sla_days      INTEGER NOT NULL CHECK (sla_days BETWEEN 1 AND 365),
	sort_key      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (community_id, code)
) STRICT;

-- A head's batch of verified problems, sent up to the community.
CREATE TABLE problem_lists (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	head_id      INTEGER NOT NULL REFERENCES accounts(id),
	title        TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX problem_lists_by_community ON problem_lists(community_id, id);

-- state is core/problem.c's name; the columns after it are the facts the workflow needs
-- (kept on the row so a list page is one query), the history is in problem_events.
CREATE TABLE problems (
	id               INTEGER PRIMARY KEY,
	community_id     INTEGER NOT NULL REFERENCES communities(id),
	category_id      INTEGER NOT NULL REFERENCES problem_categories(id),
	description      TEXT NOT NULL,
	building_id      INTEGER REFERENCES buildings(id),
	stairwell_id     INTEGER REFERENCES stairwells(id),
	place            TEXT NOT NULL DEFAULT '',      -- a named place: "北门", "3栋前的下水道"
	urgent           INTEGER NOT NULL DEFAULT 0,
	state            TEXT NOT NULL,
	channel          TEXT NOT NULL CHECK (channel IN ('web', 'paper', 'proxy', 'open311')),
	reporter_id      INTEGER REFERENCES accounts(id), -- NULL: reported on paper or through Open311
	reporter_name    TEXT NOT NULL DEFAULT '',
	reporter_contact TEXT NOT NULL DEFAULT '',      -- personal: shown only with PERSONAL_DATA
	entered_by       INTEGER REFERENCES accounts(id),
	department_id    INTEGER REFERENCES departments(id),
	due_at           INTEGER,
	resolved_at      INTEGER,
	merged_into      INTEGER,
	list_id          INTEGER REFERENCES problem_lists(id),
	rating           INTEGER,
	supports         INTEGER NOT NULL DEFAULT 0,
	photos           INTEGER NOT NULL DEFAULT 0,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
) STRICT;
-- Every column a list can be filtered by, so counting a filtered list reads only this index.
CREATE INDEX problems_filter ON problems(community_id, state, category_id, building_id, department_id, due_at,
	reporter_id, list_id, created_at);
CREATE INDEX problems_by_category ON problems(community_id, category_id, id);
CREATE INDEX problems_by_building ON problems(community_id, building_id, id);
CREATE INDEX problems_by_department ON problems(community_id, department_id, state, id);
CREATE INDEX problems_by_due ON problems(community_id, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX problems_by_list ON problems(community_id, list_id) WHERE list_id IS NOT NULL;
CREATE INDEX problems_by_created ON problems(community_id, created_at, id);
CREATE INDEX problems_by_reporter ON problems(community_id, reporter_id) WHERE reporter_id IS NOT NULL;

CREATE TABLE problem_events (
	id            INTEGER PRIMARY KEY,
	community_id  INTEGER NOT NULL,
	problem_id    INTEGER NOT NULL REFERENCES problems(id),
	at            INTEGER NOT NULL,
	actor_id      INTEGER NOT NULL,      -- 0: an Open311 client (its key's name is actor_name)
	actor_name    TEXT NOT NULL,
	action        TEXT NOT NULL,         -- 'report' or core/problem.c's action names
	from_state    TEXT NOT NULL DEFAULT '',
	to_state      TEXT NOT NULL,
	channel       TEXT NOT NULL,
	note          TEXT NOT NULL DEFAULT '',
	department_id INTEGER,
	due_at        INTEGER,
	rating        INTEGER,
	merge_into    INTEGER
) STRICT;
CREATE INDEX problem_events_by_problem ON problem_events(community_id, problem_id, id);

-- file is store/files.c's content-addressed name; the bytes live outside any served folder.
CREATE TABLE problem_photos (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL,
	problem_id   INTEGER NOT NULL REFERENCES problems(id),
	event_id     INTEGER REFERENCES problem_events(id),
	file         TEXT NOT NULL,
	mime         TEXT NOT NULL,
	bytes        INTEGER NOT NULL,
	width        INTEGER NOT NULL,
	height       INTEGER NOT NULL,
	account_id   INTEGER NOT NULL,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX problem_photos_by_problem ON problem_photos(community_id, problem_id, id);

CREATE TABLE problem_supports (
	community_id INTEGER NOT NULL,
	problem_id   INTEGER NOT NULL REFERENCES problems(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	at           INTEGER NOT NULL,
	PRIMARY KEY (community_id, problem_id, account_id)
) STRICT, WITHOUT ROWID;

-- Open311 api_key: only the hash is kept; a key belongs to one community.
CREATE TABLE open311_keys (
	id           INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES communities(id),
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	created_at   INTEGER NOT NULL,
	revoked_at   INTEGER
) STRICT;

-- Trigram full-text index: works for Chinese without a word segmenter (any 3 characters);
-- shorter queries fall back to a substring scan within the community (store/problems.c). The
-- community is a column of the index ("#17#"), so a search reads only that community's entries:
-- on a district of 2,000,000 problems, matching first and filtering by community afterwards took
-- 62 ms for a common word, this 1–2 ms. Contentless: the text itself stays in problems.
CREATE VIRTUAL TABLE problems_fts USING fts5(cid, description, place, content='', tokenize='trigram');
CREATE TRIGGER problems_fts_ins AFTER INSERT ON problems BEGIN
	INSERT INTO problems_fts(rowid, cid, description, place)
	VALUES (new.id, '#' || new.community_id || '#', new.description, new.place);
END;
CREATE TRIGGER problems_fts_del AFTER DELETE ON problems BEGIN
	INSERT INTO problems_fts(problems_fts, rowid, cid, description, place)
	VALUES ('delete', old.id, '#' || old.community_id || '#', old.description, old.place);
END;
CREATE TRIGGER problems_fts_upd AFTER UPDATE OF description, place ON problems BEGIN
	INSERT INTO problems_fts(problems_fts, rowid, cid, description, place)
	VALUES ('delete', old.id, '#' || old.community_id || '#', old.description, old.place);
	INSERT INTO problems_fts(rowid, cid, description, place)
	VALUES (new.id, '#' || new.community_id || '#', new.description, new.place);
END;

-- Communities that exist before this migration get the ten default categories; new ones get
-- them from store_community_create (store/problems.c holds the same list).
INSERT INTO problem_categories (community_id, code, name, name_en, sla_days, sort_key)
SELECT c.id, v.column1, v.column2, v.column3, v.column4, v.column5 FROM communities c, (VALUES
	('drainage', '排水', 'Drainage', 7, 10), ('roads', '道路', 'Roads and paths', 15, 20),
	('greening', '绿化/树木', 'Greening and trees', 15, 30), ('lighting', '照明', 'Lighting', 7, 40),
	('walls_roofs', '墙体/屋面', 'Walls and roofs', 30, 50), ('pipes', '管线', 'Pipes and cables', 15, 60),
	('parking', '停车', 'Parking', 15, 70), ('sanitation', '环境卫生', 'Sanitation', 7, 80),
	('safety', '安全隐患', 'Safety hazards', 3, 90), ('other', '其他', 'Other', 15, 100)) v;

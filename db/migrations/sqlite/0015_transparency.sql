-- +goose Up
-- The transparency hub (issue 13): the shared schema of faculty pages, news
-- tags, institutional pages, procurement records with their monthly
-- summaries (สขร.1), the Q&A channel and the ITA/OIT hub. The areas add
-- their own columns and seed data in the migrations that follow.
--
-- Every content table carries the shared columns of content.Meta (lang …
-- prev_status), so status, trash, takedown, revisions and review work for
-- it as for news.

-- Faculty pages: /units/{slug}, with a short description.
ALTER TABLE units ADD COLUMN slug TEXT NOT NULL DEFAULT '' CHECK (length(slug) <= 60);
ALTER TABLE units ADD COLUMN description_th TEXT NOT NULL DEFAULT '' CHECK (length(description_th) <= 4000);
ALTER TABLE units ADD COLUMN description_en TEXT NOT NULL DEFAULT '' CHECK (length(description_en) <= 4000);
UPDATE units SET slug = lower(code);
CREATE UNIQUE INDEX units_slug ON units(slug) WHERE slug <> '';

-- Tags on news, kept by central PR. The slug is the ?tag= value.
CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 60),
  name_th    TEXT NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  name_en    TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
  sort       INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE news_tags (
  news_id INTEGER NOT NULL REFERENCES news(id) ON DELETE CASCADE,
  tag_id  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (news_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX news_tags_tag ON news_tags(tag_id, news_id);
INSERT INTO tags (slug, name_th, name_en, sort, created_at) VALUES
  ('participation', 'การมีส่วนร่วม', 'Public participation', 1, 0),
  ('no-gift', 'No Gift Policy', 'No Gift Policy', 2, 0),
  ('ethics', 'จริยธรรม', 'Ethics', 3, 0);

-- Institutional pages (about, executives, contact, policies, e-Service…):
-- one row per language; the slug is the permalink, shared by both languages.
CREATE TABLE pages (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 60),
  section     TEXT NOT NULL DEFAULT 'other'
              CHECK (section IN ('about','structure','executives','contact','policy','privacy','cookies','security','accessibility','eservice','other')),
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',   -- sanitised HTML
  body_text   TEXT NOT NULL DEFAULT '',
  menu_sort   INTEGER NOT NULL DEFAULT 0, -- central PR orders the menu
  in_menu     INTEGER NOT NULL DEFAULT 1 CHECK (in_menu IN (0, 1)),
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  status_at   INTEGER NOT NULL DEFAULT 0,
  status_ref  TEXT NOT NULL DEFAULT '',
  prev_status TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX pages_slug ON pages(slug, lang);
CREATE INDEX pages_live ON pages(status, lang, menu_sort);
CREATE INDEX pages_trash ON pages(status_at) WHERE status = 'trashed';

-- Procurement records. Money is in satang (integer), dates unix ms.
CREATE TABLE procurements (
  id              INTEGER PRIMARY KEY,
  egp_no          TEXT NOT NULL DEFAULT '' CHECK (egp_no = '' OR (length(egp_no) = 11 AND egp_no NOT GLOB '*[^0-9]*')),
  title           TEXT NOT NULL,
  method          TEXT NOT NULL CHECK (method IN ('e-bidding','e-market','selection','specific')),
  proc_kind       TEXT NOT NULL CHECK (proc_kind IN ('buy','hire','rent','consultant','design')),
  budget          INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
  ref_price       INTEGER NOT NULL DEFAULT 0 CHECK (ref_price >= 0),
  ref_price_date  INTEGER NOT NULL DEFAULT 0,
  tor_date        INTEGER NOT NULL DEFAULT 0,
  winner          TEXT NOT NULL DEFAULT '',
  winner_tax_id   TEXT NOT NULL DEFAULT '',
  agreed_price    INTEGER NOT NULL DEFAULT 0 CHECK (agreed_price >= 0),
  reason          TEXT NOT NULL DEFAULT '',
  egp_contract_no TEXT NOT NULL DEFAULT '' CHECK (egp_contract_no = '' OR (length(egp_contract_no) = 12 AND egp_contract_no NOT GLOB '*[^0-9]*')),
  contract_no     TEXT NOT NULL DEFAULT '',
  contract_date   INTEGER NOT NULL DEFAULT 0,  -- 0: none yet; else the month of its สขร.1
  contract_amount INTEGER NOT NULL DEFAULT 0 CHECK (contract_amount >= 0),
  proc_status     TEXT NOT NULL DEFAULT 'planned'
                  CHECK (proc_status IN ('planned','announced','awarded','contracted','cancelled')),
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  status_at   INTEGER NOT NULL DEFAULT 0,
  status_ref  TEXT NOT NULL DEFAULT '',
  prev_status TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX procurements_month ON procurements(contract_date, unit_id);
CREATE INDEX procurements_live ON procurements(status, lang, start_at, end_at);
CREATE INDEX procurements_trash ON procurements(status_at) WHERE status = 'trashed';
CREATE UNIQUE INDEX procurements_egp ON procurements(egp_no) WHERE egp_no <> '' AND status <> 'trashed';

-- Bidders and their prices, in the order they are listed.
CREATE TABLE procurement_bidders (
  procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  tax_id         TEXT NOT NULL DEFAULT '' CHECK (tax_id = '' OR (length(tax_id) = 13 AND tax_id NOT GLOB '*[^0-9]*')),
  price          INTEGER NOT NULL CHECK (price >= 0),
  PRIMARY KEY (procurement_id, position)
) WITHOUT ROWID;

-- A record's announcements: notices in the procurement category.
CREATE TABLE procurement_notices (
  procurement_id INTEGER NOT NULL REFERENCES procurements(id) ON DELETE CASCADE,
  notice_id      INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
  PRIMARY KEY (procurement_id, notice_id)
) WITHOUT ROWID;
CREATE INDEX procurement_notices_notice ON procurement_notices(notice_id);

-- A published monthly summary (สขร.1) of the whole university; state
-- 'none' is the explicit "no procurement this month". month is the
-- calendar month (1–12) inside the B.E. fiscal year fy.
CREATE TABLE procurement_months (
  fy           INTEGER NOT NULL CHECK (fy BETWEEN 2500 AND 2700),
  month        INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  state        TEXT NOT NULL CHECK (state IN ('published','none')),
  note         TEXT NOT NULL DEFAULT '',
  published_at INTEGER NOT NULL,
  published_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  published_by_name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (fy, month)
) WITHOUT ROWID;

-- Q&A: visitors' questions and staff answers. The asker's name and e-mail
-- are personal data: never shown, blanked after the retention period.
CREATE TABLE questions (
  id           INTEGER PRIMARY KEY,
  asker_name   TEXT NOT NULL DEFAULT '' CHECK (length(asker_name) <= 400),
  asker_email  TEXT NOT NULL DEFAULT '' CHECK (length(asker_email) <= 254),
  question     TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 12000),
  answer       TEXT NOT NULL DEFAULT '',   -- sanitised HTML
  answer_text  TEXT NOT NULL DEFAULT '',
  asked_at     INTEGER NOT NULL,
  consent_at   INTEGER NOT NULL,           -- the PDPA consent the asker gave
  answered_at  INTEGER NOT NULL DEFAULT 0,
  purged_at    INTEGER NOT NULL DEFAULT 0, -- personal data deleted
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'draft'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  status_at   INTEGER NOT NULL DEFAULT 0,
  status_ref  TEXT NOT NULL DEFAULT '',
  prev_status TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX questions_live ON questions(status, lang, start_at, end_at);
CREATE INDEX questions_asked ON questions(asked_at) WHERE purged_at = 0;
CREATE INDEX questions_trash ON questions(status_at) WHERE status = 'trashed';

-- ITA/OIT: per B.E. fiscal year (1 Oct–30 Sep), its items and their evidence.
CREATE TABLE ita_years (
  fy          INTEGER PRIMARY KEY CHECK (fy BETWEEN 2500 AND 2700),
  copied_from INTEGER,
  created_at  INTEGER NOT NULL
);
-- An item's permalink is /ita/{fy}/{code}: the code never changes once the
-- item was published (published_at <> 0).
CREATE TABLE ita_items (
  id             INTEGER PRIMARY KEY,
  fy             INTEGER NOT NULL REFERENCES ita_years(fy),
  code           TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 12),
  title_th       TEXT NOT NULL,
  title_en       TEXT NOT NULL DEFAULT '',
  requirement_th TEXT NOT NULL DEFAULT '', -- what must be shown
  requirement_en TEXT NOT NULL DEFAULT '',
  span           TEXT NOT NULL DEFAULT 'current' CHECK (span IN ('current','previous','first_half')),
  nothing_th     TEXT NOT NULL DEFAULT '', -- "nothing to report" statement
  nothing_en     TEXT NOT NULL DEFAULT '',
  published_at   INTEGER NOT NULL DEFAULT 0,
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  status_at   INTEGER NOT NULL DEFAULT 0,
  status_ref  TEXT NOT NULL DEFAULT '',
  prev_status TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id), -- the responsible unit
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ita_items_code ON ita_items(fy, code);
CREATE INDEX ita_items_trash ON ita_items(status_at) WHERE status = 'trashed';

-- Evidence of an item. source says what ref names: a page id, a notice id,
-- a news id, a tag slug (its news inside the item's span, automatically),
-- or nothing (every news of the span, the procurement summaries, the Q&A
-- page); 'url' is an external link in url.
CREATE TABLE ita_evidence (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES ita_items(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  source   TEXT NOT NULL CHECK (source IN ('page','notice','news','news_tag','news_all','procurement_months','procurement_year','qa','url')),
  ref      TEXT NOT NULL DEFAULT '' CHECK (length(ref) <= 60),
  url      TEXT NOT NULL DEFAULT '' CHECK (length(url) <= 2000),
  label_th TEXT NOT NULL DEFAULT '' CHECK (length(label_th) <= 400),
  label_en TEXT NOT NULL DEFAULT '' CHECK (length(label_en) <= 400)
);
CREATE INDEX ita_evidence_item ON ita_evidence(item_id, position);

-- Takedowns reach the new kinds' files too.
CREATE TABLE takedown_files_new (
  item_table TEXT    NOT NULL CHECK (item_table IN ('news','videos','banners','notices','pages','procurements','questions','ita_items')),
  item_id    INTEGER NOT NULL,
  file_key   TEXT    NOT NULL,
  PRIMARY KEY (item_table, item_id, file_key)
) WITHOUT ROWID;
INSERT INTO takedown_files_new (item_table, item_id, file_key) SELECT item_table, item_id, file_key FROM takedown_files;
DROP TABLE takedown_files;
ALTER TABLE takedown_files_new RENAME TO takedown_files;
CREATE INDEX takedown_files_key ON takedown_files(file_key);

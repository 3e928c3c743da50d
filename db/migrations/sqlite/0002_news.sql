-- +goose Up
-- Activity news, photos, upload batches and the persistent job queue.

CREATE TABLE news (
  id             INTEGER PRIMARY KEY,
  lang           TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  news_type      TEXT NOT NULL,
  headline       TEXT NOT NULL,
  body           TEXT NOT NULL DEFAULT '',   -- sanitised HTML: the only copy ever rendered
  body_text      TEXT NOT NULL DEFAULT '',   -- plain text of body, for search and leads
  sort           INTEGER NOT NULL DEFAULT 1, -- display order: 1 shows first
  photos_per_row INTEGER NOT NULL DEFAULT 4,
  start_at       INTEGER NOT NULL,           -- unix ms
  end_at         INTEGER NOT NULL,           -- unix ms, end date 23:59:59.999 Asia/Bangkok
  status         TEXT NOT NULL DEFAULT 'published'
                 CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note    TEXT NOT NULL DEFAULT '',   -- review comment or takedown reason
  main_photo_id  INTEGER,
  unit_id        INTEGER NOT NULL REFERENCES units(id),
  author_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name    TEXT NOT NULL DEFAULT '',   -- "Post by", kept if the account goes
  views          INTEGER NOT NULL DEFAULT 0,
  form_token     TEXT UNIQUE,                -- one item per submitted form, even if sent twice
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  trashed_at     INTEGER
);
CREATE INDEX news_unit ON news(unit_id, created_at);
CREATE INDEX news_live ON news(status, lang, start_at, end_at);
CREATE INDEX news_created ON news(created_at);

-- Photos of a news item's gallery. While a news form is not yet saved the
-- photos belong to its draft token; saving attaches them to the news.
CREATE TABLE photos (
  id           INTEGER PRIMARY KEY,
  news_id      INTEGER REFERENCES news(id) ON DELETE CASCADE,
  draft_token  TEXT,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  position     INTEGER NOT NULL DEFAULT 0,
  caption      TEXT NOT NULL DEFAULT '',
  file_key     TEXT NOT NULL,   -- fitted 800x600 JPEG in the media store
  thumb_key    TEXT NOT NULL,   -- 400x300 card thumbnail
  width        INTEGER NOT NULL,
  height       INTEGER NOT NULL,
  batch_id     TEXT NOT NULL DEFAULT '',
  source_index INTEGER NOT NULL DEFAULT 0, -- order within its upload batch
  created_at   INTEGER NOT NULL,
  CHECK (news_id IS NOT NULL OR draft_token IS NOT NULL)
);
CREATE INDEX photos_news ON photos(news_id, position);
CREATE INDEX photos_draft ON photos(draft_token);
CREATE INDEX photos_file ON photos(file_key);
CREATE INDEX photos_thumb ON photos(thumb_key);
-- A retried job never adds the same photo twice.
CREATE UNIQUE INDEX photos_batch_item ON photos(batch_id, source_index) WHERE batch_id <> '';

-- Images uploaded into a news body by the editor.
CREATE TABLE body_images (
  id         INTEGER PRIMARY KEY,
  file_key   TEXT NOT NULL,
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX body_images_file ON body_images(file_key);

-- One upload (single photos or a ZIP) and its processing progress.
CREATE TABLE upload_batches (
  id          TEXT PRIMARY KEY,
  user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  news_id     INTEGER REFERENCES news(id) ON DELETE CASCADE,
  draft_token TEXT,
  total       INTEGER NOT NULL DEFAULT 0,  -- photos to process (known after a ZIP is opened)
  processed   INTEGER NOT NULL DEFAULT 0,  -- photos finished, stored or refused
  base        INTEGER NOT NULL DEFAULT 0,  -- gallery position of the batch's first photo
  staging     TEXT NOT NULL DEFAULT '',    -- staging directory of the uploaded files
  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
  problems    TEXT NOT NULL DEFAULT '[]', -- JSON list of {name, key, args}
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Persistent work queue: survives restarts; a worker claims a job with a
-- lease so two servers never run the same one.
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  batch_id    TEXT NOT NULL DEFAULT '',
  payload     TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','running','done','failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER NOT NULL DEFAULT 0,
  error       TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX jobs_claim ON jobs(state, id);
CREATE INDEX jobs_batch ON jobs(batch_id);

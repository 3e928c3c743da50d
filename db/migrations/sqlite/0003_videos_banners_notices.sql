-- +goose Up
-- NPU Channel videos, homepage banners and PR notices. Every table carries
-- the shared columns of content.Meta (lang … updated_at).

CREATE TABLE videos (
  id          INTEGER PRIMARY KEY,
  programme   TEXT NOT NULL,               -- npu-news, 3-minutes, npu-talks
  title       TEXT NOT NULL,
  youtube_id  TEXT NOT NULL CHECK (length(youtube_id) = 11),
  description TEXT NOT NULL DEFAULT '',
  poster_key  TEXT NOT NULL DEFAULT '',    -- uploaded poster in the media store; '' = generated
  views       INTEGER NOT NULL DEFAULT 0,
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX videos_live ON videos(status, lang, start_at, end_at);

-- Where banners can show. The main site now; more later.
CREATE TABLE placements (
  code    TEXT PRIMARY KEY,
  name_th TEXT NOT NULL,
  name_en TEXT NOT NULL DEFAULT ''
);
INSERT INTO placements (code, name_th, name_en) VALUES ('main', 'หน้าแรกเว็บไซต์หลัก', 'Main site homepage');

CREATE TABLE banners (
  id          INTEGER PRIMARY KEY,
  placement   TEXT NOT NULL REFERENCES placements(code),
  title       TEXT NOT NULL DEFAULT '',    -- alt text
  link_url    TEXT NOT NULL DEFAULT '',
  image_key   TEXT NOT NULL,               -- exactly 1000x300 JPEG in the media store
  src_width   INTEGER NOT NULL DEFAULT 0,
  src_height  INTEGER NOT NULL DEFAULT 0,
  clicks      INTEGER NOT NULL DEFAULT 0,
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX banners_live ON banners(placement, status, lang, start_at, end_at);
CREATE INDEX banners_image ON banners(image_key);

CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  category    TEXT NOT NULL,
  headline    TEXT NOT NULL,
  summary     TEXT NOT NULL DEFAULT '',
  file_key    TEXT NOT NULL DEFAULT '',    -- checked PDF in the media store
  file_name   TEXT NOT NULL DEFAULT '',    -- the uploader's (Thai) file name, for downloads
  file_size   INTEGER NOT NULL DEFAULT 0,
  link_url    TEXT NOT NULL DEFAULT '',
  new_days    INTEGER NOT NULL DEFAULT 1,
  reads       INTEGER NOT NULL DEFAULT 1,
  lang        TEXT NOT NULL DEFAULT 'th' CHECK (lang IN ('th','en')),
  sort        INTEGER NOT NULL DEFAULT 1,
  start_at    INTEGER NOT NULL,
  end_at      INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'published'
              CHECK (status IN ('draft','pending','returned','published','takendown','trashed')),
  status_note TEXT NOT NULL DEFAULT '',
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  author_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  author_name TEXT NOT NULL DEFAULT '',
  form_token  TEXT UNIQUE,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK ((file_key = '') <> (link_url = ''))   -- exactly one attachment
);
CREATE INDEX notices_live ON notices(status, lang, category, start_at, end_at);
CREATE INDEX notices_file ON notices(file_key);

-- Files processed before their form is saved (a banner's crop preview, a
-- notice's PDF): the form refers to them by key, and only its uploader may.
CREATE TABLE pending_files (
  file_key   TEXT NOT NULL,
  kind       TEXT NOT NULL,                -- banner, notice
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  info       TEXT NOT NULL DEFAULT '{}',   -- JSON: original name, size, source dimensions
  created_at INTEGER NOT NULL,
  PRIMARY KEY (file_key, kind, user_id)
);

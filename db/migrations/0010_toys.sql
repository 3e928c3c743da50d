-- A throwaway content kind.
CREATE TABLE toys (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL DEFAULT '',
  image_key   TEXT NOT NULL DEFAULT '',
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
CREATE INDEX toys_image ON toys(image_key);

-- takedown_files lists the kinds' tables in a CHECK: let toys in.
CREATE TABLE takedown_files_new (
  item_table TEXT    NOT NULL CHECK (item_table IN ('news','videos','banners','notices','toys')),
  item_id    INTEGER NOT NULL,
  file_key   TEXT    NOT NULL,
  PRIMARY KEY (item_table, item_id, file_key)
) WITHOUT ROWID;
INSERT INTO takedown_files_new SELECT item_table, item_id, file_key FROM takedown_files;
DROP TABLE takedown_files;
ALTER TABLE takedown_files_new RENAME TO takedown_files;
CREATE INDEX takedown_files_key ON takedown_files(file_key);

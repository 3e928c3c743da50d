-- +goose Up
-- The daily featured-news pick (ข่าวเด่น) and its tally per unit.

-- Up to six picks a day: slots 1–6 and one row per (day, slot) make the
-- database refuse a seventh, also when two admins pick at the same moment.
-- The unit and headline are copied at pick time, so later edits, unit
-- renames or a deleted news item never rewrite the award's history.
CREATE TABLE featured_picks (
  id         INTEGER PRIMARY KEY,
  day        TEXT NOT NULL,                       -- Asia/Bangkok date, YYYY-MM-DD
  slot       INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 6),
  news_id    INTEGER REFERENCES news(id) ON DELETE SET NULL,
  unit_id    INTEGER NOT NULL,
  unit_name  TEXT NOT NULL,
  headline   TEXT NOT NULL,
  picked_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  picked_at  INTEGER NOT NULL,
  UNIQUE (day, slot),
  UNIQUE (day, news_id)
);
CREATE INDEX featured_picks_news ON featured_picks(news_id);

-- What the daily job recorded: picks per unit per day.
CREATE TABLE featured_tally (
  day       TEXT NOT NULL,
  unit_id   INTEGER NOT NULL,
  unit_name TEXT NOT NULL,
  picks     INTEGER NOT NULL,
  PRIMARY KEY (day, unit_id)
);

-- Days the tally job has closed, so it can catch up after downtime.
CREATE TABLE tally_days (
  day    TEXT PRIMARY KEY,
  ran_at INTEGER NOT NULL
);

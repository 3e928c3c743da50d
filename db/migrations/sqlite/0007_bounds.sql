-- +goose Up
-- Bounds (issue 10): heal a database an older version let numbers run out
-- of range in. A notice created with an initial read count near 2^63
-- overflowed on its next read; SQLite stored the sum as a REAL that no longer
-- scans as an integer, and every page listing the notice failed. Counters
-- now saturate at 2^53 - 1 (content.MaxCount) and forms accept only sane
-- ranges; this clamps what is already stored into the same ranges. Text in a
-- number column (a hand edit) becomes the range's low end. Forward-only.

UPDATE news SET views = CASE
    WHEN typeof(views) NOT IN ('integer', 'real') THEN 0
    WHEN views < 0 THEN 0
    WHEN views > 9007199254740991 THEN 9007199254740991
    ELSE CAST(views AS INTEGER) END
  WHERE typeof(views) <> 'integer' OR views < 0 OR views > 9007199254740991;

UPDATE videos SET views = CASE
    WHEN typeof(views) NOT IN ('integer', 'real') THEN 0
    WHEN views < 0 THEN 0
    WHEN views > 9007199254740991 THEN 9007199254740991
    ELSE CAST(views AS INTEGER) END
  WHERE typeof(views) <> 'integer' OR views < 0 OR views > 9007199254740991;

UPDATE notices SET reads = CASE
    WHEN typeof(reads) NOT IN ('integer', 'real') THEN 0
    WHEN reads < 0 THEN 0
    WHEN reads > 9007199254740991 THEN 9007199254740991
    ELSE CAST(reads AS INTEGER) END
  WHERE typeof(reads) <> 'integer' OR reads < 0 OR reads > 9007199254740991;

UPDATE banners SET clicks = CASE
    WHEN typeof(clicks) NOT IN ('integer', 'real') THEN 0
    WHEN clicks < 0 THEN 0
    WHEN clicks > 9007199254740991 THEN 9007199254740991
    ELSE CAST(clicks AS INTEGER) END
  WHERE typeof(clicks) <> 'integer' OR clicks < 0 OR clicks > 9007199254740991;

UPDATE news SET sort = CASE
    WHEN typeof(sort) NOT IN ('integer', 'real') THEN 1
    WHEN sort < 1 THEN 1
    WHEN sort > 9999 THEN 9999
    ELSE CAST(sort AS INTEGER) END
  WHERE typeof(sort) <> 'integer' OR sort < 1 OR sort > 9999;

UPDATE videos SET sort = CASE
    WHEN typeof(sort) NOT IN ('integer', 'real') THEN 1
    WHEN sort < 1 THEN 1
    WHEN sort > 9999 THEN 9999
    ELSE CAST(sort AS INTEGER) END
  WHERE typeof(sort) <> 'integer' OR sort < 1 OR sort > 9999;

UPDATE banners SET sort = CASE
    WHEN typeof(sort) NOT IN ('integer', 'real') THEN 1
    WHEN sort < 1 THEN 1
    WHEN sort > 9999 THEN 9999
    ELSE CAST(sort AS INTEGER) END
  WHERE typeof(sort) <> 'integer' OR sort < 1 OR sort > 9999;

UPDATE notices SET sort = CASE
    WHEN typeof(sort) NOT IN ('integer', 'real') THEN 1
    WHEN sort < 1 THEN 1
    WHEN sort > 9999 THEN 9999
    ELSE CAST(sort AS INTEGER) END
  WHERE typeof(sort) <> 'integer' OR sort < 1 OR sort > 9999;

UPDATE news SET photos_per_row = CASE
    WHEN typeof(photos_per_row) NOT IN ('integer', 'real') THEN 4
    WHEN photos_per_row < 1 THEN 1
    WHEN photos_per_row > 6 THEN 6
    ELSE CAST(photos_per_row AS INTEGER) END
  WHERE typeof(photos_per_row) <> 'integer' OR photos_per_row < 1 OR photos_per_row > 6;

UPDATE notices SET new_days = CASE
    WHEN typeof(new_days) NOT IN ('integer', 'real') THEN 1
    WHEN new_days < 0 THEN 0
    WHEN new_days > 60 THEN 60
    ELSE CAST(new_days AS INTEGER) END
  WHERE typeof(new_days) <> 'integer' OR new_days < 0 OR new_days > 60;

UPDATE units SET sort = CASE
    WHEN typeof(sort) NOT IN ('integer', 'real') THEN 0
    WHEN sort < 0 THEN 0
    WHEN sort > 9999 THEN 9999
    ELSE CAST(sort AS INTEGER) END
  WHERE typeof(sort) <> 'integer' OR sort < 0 OR sort > 9999;

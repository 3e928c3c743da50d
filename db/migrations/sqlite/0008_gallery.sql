-- +goose Up
-- Gallery positions are unique per gallery; an upload reserves a block of
-- positions for its photos; a photo uploaded again is recognised.

-- Positions reserved by a batch: base .. base + slots - 1, one per photo in
-- arrival order. Batches queued before this migration reserved none (0).
ALTER TABLE upload_batches ADD COLUMN slots INTEGER NOT NULL DEFAULT 0;

-- SHA-256 (hex) of the bytes uploaded for the photo, '' when not known.
ALTER TABLE photos ADD COLUMN source_hash TEXT NOT NULL DEFAULT '';

-- Concurrent uploads used to share positions. Renumber every gallery
-- 0, 1, 2, ... in its current display order (position, then id), which is
-- deterministic and keeps what visitors saw.
UPDATE photos SET position = r.rn
FROM (SELECT id, row_number() OVER (PARTITION BY news_id ORDER BY position, id) - 1 AS rn
      FROM photos WHERE news_id IS NOT NULL) AS r
WHERE photos.id = r.id;

UPDATE photos SET position = r.rn
FROM (SELECT id, row_number() OVER (PARTITION BY draft_token ORDER BY position, id) - 1 AS rn
      FROM photos WHERE news_id IS NULL) AS r
WHERE photos.id = r.id;

DROP INDEX photos_news;
CREATE UNIQUE INDEX photos_news_position ON photos(news_id, position) WHERE news_id IS NOT NULL;
CREATE UNIQUE INDEX photos_draft_position ON photos(draft_token, position) WHERE news_id IS NULL;
CREATE INDEX photos_source ON photos(source_hash) WHERE source_hash <> '';

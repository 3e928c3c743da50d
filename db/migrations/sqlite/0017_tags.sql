-- +goose Up
-- A news item's tags as one text column too (its slugs, sorted, joined by
-- spaces), so revisions keep, compare and restore them like every other
-- field; news_tags stays the index the ?tag= filter and the ITA hub read.
ALTER TABLE news ADD COLUMN tags_text TEXT NOT NULL DEFAULT '' CHECK (length(tags_text) <= 2000);

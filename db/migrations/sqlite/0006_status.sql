-- +goose Up
-- Takedown (Computer Crime Act s.15) and the trash: when an item's status
-- last changed, the complaint reference of a takedown, and the status to go
-- back to when a takedown is lifted or a trashed item is restored.
ALTER TABLE news    ADD COLUMN status_at   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE news    ADD COLUMN status_ref  TEXT    NOT NULL DEFAULT '';
ALTER TABLE news    ADD COLUMN prev_status TEXT    NOT NULL DEFAULT '';
ALTER TABLE videos  ADD COLUMN status_at   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos  ADD COLUMN status_ref  TEXT    NOT NULL DEFAULT '';
ALTER TABLE videos  ADD COLUMN prev_status TEXT    NOT NULL DEFAULT '';
ALTER TABLE banners ADD COLUMN status_at   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE banners ADD COLUMN status_ref  TEXT    NOT NULL DEFAULT '';
ALTER TABLE banners ADD COLUMN prev_status TEXT    NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN status_at   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notices ADD COLUMN status_ref  TEXT    NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN prev_status TEXT    NOT NULL DEFAULT '';
CREATE INDEX news_trash    ON news(status_at)    WHERE status = 'trashed';
CREATE INDEX videos_trash  ON videos(status_at)  WHERE status = 'trashed';
CREATE INDEX banners_trash ON banners(status_at) WHERE status = 'trashed';
CREATE INDEX notices_trash ON notices(status_at) WHERE status = 'trashed';

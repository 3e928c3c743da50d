-- +goose Up
-- Procurement records keep their bidders and linked announcements as text
-- too (bidders_json: a JSON list; notices_text: notice ids joined by
-- spaces), so revisions keep, compare and restore them like every other
-- field; procurement_bidders and procurement_notices stay what pages and
-- the ITA hub read.
ALTER TABLE procurements ADD COLUMN bidders_json TEXT NOT NULL DEFAULT '[]' CHECK (length(bidders_json) <= 40000);
ALTER TABLE procurements ADD COLUMN notices_text TEXT NOT NULL DEFAULT '' CHECK (length(notices_text) <= 2000);

-- +goose Up
-- Uploads are staged in the media storage under their batch id, no longer
-- in a directory the database names: the staging path of a batch goes.
-- (Photo jobs queued before this change still name their file by path; the
-- workers map it to its key in the staging area.)
ALTER TABLE upload_batches DROP COLUMN staging;

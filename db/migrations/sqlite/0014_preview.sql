-- +goose Up
-- Preview links (issue 12): an expiring, revocable link that shows an
-- unpublished item to someone without an account (a dean who approves a
-- story). Only the SHA-256 of the random token is kept: the link itself is
-- shown once, to its maker. kind is the item's registry name, ref its id.
CREATE TABLE preview_links (
  id              INTEGER PRIMARY KEY,
  token_hash      TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL,
  ref             TEXT NOT NULL,
  created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_by_name TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  revoked_at      INTEGER NOT NULL DEFAULT 0,
  revoked_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX preview_links_item ON preview_links(kind, ref, expires_at);
CREATE INDEX preview_links_expires ON preview_links(expires_at);

-- +goose Up
-- The editorial loop (issue 12): review per unit, reviewers, and a revision
-- of every save of every content kind.

-- Central PR turns review on per unit: its authors submit instead of
-- publishing, and edits of its live items wait as pending revisions.
ALTER TABLE units ADD COLUMN review INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1));

-- Users who review a unit's items besides central PR (a faculty's head of PR).
CREATE TABLE unit_reviewers (
  unit_id    INTEGER NOT NULL REFERENCES units(id),
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX unit_reviewers_user ON unit_reviewers(user_id);

-- One row per save of an item of a registered kind (kind = its registry
-- name, ref = its id, or a page's slug). data is JSON: the item's columns
-- and, for news, its photos' order and captions. A pending revision is an
-- edit of a live item that waits for review; the item keeps its live
-- content until it is approved. form is the posted form of a pending or
-- returned revision, so its author can go on editing it.
CREATE TABLE revisions (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  ref        TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'saved'
             CHECK (state IN ('saved', 'pending', 'approved', 'returned', 'superseded')),
  reason     TEXT NOT NULL DEFAULT 'save'
             CHECK (reason IN ('save', 'create', 'restore', 'approve', 'submit', 'migrate')),
  data       TEXT NOT NULL,
  form       TEXT NOT NULL DEFAULT '',
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  user_name  TEXT NOT NULL DEFAULT '',
  comment    TEXT NOT NULL DEFAULT '',
  form_token TEXT,
  restored_from INTEGER,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX revisions_item ON revisions(kind, ref, id);
-- A form saved twice (a double click, a retried request) keeps one revision;
-- a create and a later edit that reuse a token are two.
CREATE UNIQUE INDEX revisions_token ON revisions(kind, ref, form_token, (reason = 'create')) WHERE form_token IS NOT NULL;
CREATE INDEX revisions_pending ON revisions(state, created_at) WHERE state = 'pending';

-- Files a pending revision names that the live item does not (a new banner
-- image waiting for review): the media sweep keeps them while it waits.
CREATE TABLE revision_files (
  revision_id INTEGER NOT NULL REFERENCES revisions(id) ON DELETE CASCADE,
  file_key    TEXT NOT NULL,
  PRIMARY KEY (revision_id, file_key)
);
CREATE INDEX revision_files_key ON revision_files(file_key);

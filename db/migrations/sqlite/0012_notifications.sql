-- +goose Up
-- Notifications (issue 12): staff are told when an item they care about is
-- submitted, returned, approved, published or taken down; the admin header
-- shows how many are unread. E-mail of the same goes through the job queue.

-- One row per recipient of one event. A recipient only ever reads their own.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('submitted', 'returned', 'approved', 'published', 'takendown')),
  kind       TEXT NOT NULL CHECK (length(kind) <= 40),
  ref        TEXT NOT NULL CHECK (length(ref) <= 100),
  title      TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 300),
  link       TEXT NOT NULL DEFAULT '' CHECK (length(link) <= 500),
  actor_name TEXT NOT NULL DEFAULT '' CHECK (length(actor_name) <= 100),
  comment    TEXT NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
-- A user's list, newest first.
CREATE INDEX notifications_user ON notifications(user_id, id);
-- The header's unread count: one small index range per admin page.
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- Where a user's notifications are e-mailed (optional).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254);

-- A job that failed for a reason that may pass (a mail server that answered
-- 451, or was down) waits before it is tried again.
ALTER TABLE jobs ADD COLUMN run_after INTEGER NOT NULL DEFAULT 0;

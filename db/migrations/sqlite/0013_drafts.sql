-- +goose Up
-- Nobody loses work (issue 12): autosaved drafts of the admin's forms, the
-- markers of expired sessions, and the forms posted into an expired session.

-- The autosaved state of one form of one user: form is the page's path
-- (/admin/news/new, /admin/news/12/edit) and token the form's form_token for
-- a new item (one draft per open "new" tab), empty for an edit. vals is a
-- JSON object of field name to its list of values. source is 'autosave', or
-- 'stash' for a form that was posted into an expired session. Another "new"
-- page is offered only a closed draft (its page was left without saving)
-- or one untouched for an hour (a tab that crashed), never a live tab's.
CREATE TABLE form_drafts (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  form     TEXT NOT NULL,
  token    TEXT NOT NULL DEFAULT '',
  vals     TEXT NOT NULL,
  source   TEXT NOT NULL DEFAULT 'autosave' CHECK (source IN ('autosave', 'stash')),
  closed   INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)), -- its page was left unsaved
  saved_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, form, token)
);
CREATE INDEX form_drafts_saved ON form_drafts(saved_at);

-- A session that expired (idle or too old) leaves this marker for a day:
-- whose it was, so a form posted into it can be kept for that user. It
-- authenticates nothing; logout and revocation leave none.
CREATE TABLE session_tombstones (
  id         TEXT PRIMARY KEY,   -- the session's id (hex SHA-256 of its token)
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expired_at INTEGER NOT NULL
);
CREATE INDEX session_tombstones_expired ON session_tombstones(expired_at);

-- A form posted into an expired session, kept for a day until its user logs
-- in again (resume id = the SHA-256 of the random id in the login link).
-- It never performs the original action: at login it becomes the user's
-- draft of the form page it came from.
CREATE TABLE form_stashes (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  form       TEXT NOT NULL,      -- the form page to go back to
  token      TEXT NOT NULL DEFAULT '',
  vals       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX form_stashes_created ON form_stashes(created_at);

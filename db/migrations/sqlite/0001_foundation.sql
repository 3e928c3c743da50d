-- +goose Up
-- Foundation: settings, units, users, sessions, login throttling, action log.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE units (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name_th    TEXT NOT NULL,
  name_en    TEXT NOT NULL DEFAULT '',
  kind       TEXT NOT NULL DEFAULT 'office' CHECK (kind IN ('faculty','college','institute','office')),
  sort       INTEGER NOT NULL DEFAULT 0,
  retired_at INTEGER,             -- unix ms; NULL = active. Retired units keep their history.
  created_at INTEGER NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  citizen_id    TEXT NOT NULL UNIQUE,  -- personal data: shown masked outside user management
  name          TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  role          TEXT NOT NULL CHECK (role IN ('central','unit','admissions','hr','procurement')),
  active        INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  last_login_at INTEGER
);
CREATE INDEX users_unit ON users(unit_id);

-- Extra notice categories granted to a user beyond their role's defaults.
CREATE TABLE user_grants (
  user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  PRIMARY KEY (user_id, category)
);

-- Server-side sessions: the cookie carries only a random token; the row holds
-- its SHA-256, so a leaked database copy cannot be replayed as a cookie.
CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,      -- hex SHA-256 of the cookie token
  user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
  data       TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL,
  ip         TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_last_seen ON sessions(last_seen);

-- Failed-login counters, one row per key ("acct:<citizen id>" or "ip:<address>").
CREATE TABLE login_throttle (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE action_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  user_name TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  item_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_log_at ON action_log(at);

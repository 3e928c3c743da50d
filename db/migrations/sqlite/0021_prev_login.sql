-- +goose Up
-- The dashboard's "last login" is the login before this one: at each login
-- last_login_at moves to prev_login_at (issue 14, admin polish). NULL until
-- a user has logged in twice.
ALTER TABLE users ADD COLUMN prev_login_at INTEGER;

-- +goose Up
-- Placeholder for faculty pages (issue 13); the area's branch fills it in.
SELECT 1;

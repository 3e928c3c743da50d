-- +goose Up
-- Placeholder for institutional pages (issue 13); the area's branch fills it in.
SELECT 1;

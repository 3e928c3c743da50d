-- +goose Up
-- Placeholder for procurement records (issue 13); the area's branch fills it in.
SELECT 1;

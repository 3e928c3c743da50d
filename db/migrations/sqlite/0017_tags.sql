-- +goose Up
-- Placeholder for news tags (issue 13); the area's branch fills it in.
SELECT 1;

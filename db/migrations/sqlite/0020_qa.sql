-- +goose Up
-- Placeholder for the Q&A channel (issue 13); the area's branch fills it in.
SELECT 1;

-- +goose Up
-- Placeholder for the ITA/OIT hub (issue 13); the area's branch fills it in.
SELECT 1;

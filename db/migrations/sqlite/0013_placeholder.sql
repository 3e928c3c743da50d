-- +goose Up
-- Placeholder on the preview branch only, so that 0014 applies (numbers are
-- consecutive). DROP this file when merging: the real 0013 comes from another branch.
SELECT 1;

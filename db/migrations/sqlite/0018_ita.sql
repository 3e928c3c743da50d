-- +goose Up
-- The ITA/OIT hub (issue 13, area ita). The items, their years and
-- evidence are in 0015; the FY 2569 list and the current year are added in
-- Go at every start (content/ita.go: the responsible units exist only
-- after the first run).
--
-- evidence_text is the item's evidence list as the save wrote it, one JSON
-- object a line: a revision is a snapshot of the item's row, so this column
-- is how revisions see, compare and restore the evidence rows.
ALTER TABLE ita_items ADD COLUMN evidence_text TEXT NOT NULL DEFAULT '' CHECK (length(evidence_text) <= 200000);
CREATE INDEX ita_items_year ON ita_items(fy, status, sort);

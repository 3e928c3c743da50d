-- +goose Up
-- Files withdrawn by a takedown (Computer Crime Act s.15). A complaint is
-- about the picture or the document, not about one row that shows it: the
-- files an item had when it was taken down answer 410 everywhere, whatever
-- else (another item, a draft, a body, a fresh upload of the same bytes:
-- keys are content hashes) refers to them, until that takedown is lifted.
-- item_table is the item's content table (news, videos, banners, notices).
-- No foreign key: the rows outlive edits of the item (a photo removed
-- after the takedown stays withdrawn) and are removed when it is lifted.
CREATE TABLE takedown_files (
  item_table TEXT    NOT NULL CHECK (item_table IN ('news','videos','banners','notices')),
  item_id    INTEGER NOT NULL,
  file_key   TEXT    NOT NULL,
  PRIMARY KEY (item_table, item_id, file_key)
) WITHOUT ROWID;
CREATE INDEX takedown_files_key ON takedown_files(file_key);

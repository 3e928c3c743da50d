-- +goose Up
-- Site search over news, videos and notices (content/search*.go; SPEC §4).
--
-- search_fts is an FTS4 index of code-point chunks that the application
-- makes (Thai has no spaces between words; the driver has no FTS5; see
-- content/search_text.go). It is contentless: it keeps only the index, not
-- the token text, which would be many times the size of the articles. Its
-- docids are ordered by language then start time (content/search_index.go),
-- so FTS itself yields a language's public items newest first and a search
-- does not sort. Its DDL is repeated in content/search_index.go for the
-- rebuild.
CREATE VIRTUAL TABLE search_fts USING fts4(grams, content="", tokenize=simple, order=DESC);
-- Merge the small segments that single saves write a little at a time, so
-- queries keep reading few b-trees and no save pays for a big merge.
INSERT INTO search_fts (search_fts) VALUES ('automerge=8');

-- One row per document of search_fts. A contentless FTS4 table cannot delete
-- a document, so when an item's text changes (or the item is deleted) its
-- row is kept with status 'dead' and every search leaves it out; the
-- application rebuilds the index when dead rows pile up
-- (content.Store.EnsureSearchIndex).
CREATE TABLE search_docs (
  docid     INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('news','video','notice')),
  item_id   INTEGER NOT NULL,
  lang      TEXT NOT NULL,
  status    TEXT NOT NULL,               -- the item's status, or 'dead'
  start_at  INTEGER NOT NULL,
  end_at    INTEGER NOT NULL,
  grams_sum INTEGER NOT NULL             -- hash of the indexed text: a save that keeps it writes no new document
);
CREATE UNIQUE INDEX search_docs_item ON search_docs(kind, item_id) WHERE status <> 'dead';
-- What a search must leave out: small, and read whole for every search.
CREATE INDEX search_docs_hidden ON search_docs(docid) WHERE status <> 'published';

-- The publishing state may change without the text (review, take down,
-- trash), and rows may be deleted, by any code: keep search_docs in step.
-- Text, language and start change only through the save paths, which
-- reindex.
-- +goose StatementBegin
CREATE TRIGGER news_search_status AFTER UPDATE OF status ON news BEGIN
  UPDATE search_docs SET status = NEW.status WHERE kind = 'news' AND item_id = NEW.id AND status <> 'dead';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER videos_search_status AFTER UPDATE OF status ON videos BEGIN
  UPDATE search_docs SET status = NEW.status WHERE kind = 'video' AND item_id = NEW.id AND status <> 'dead';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notices_search_status AFTER UPDATE OF status ON notices BEGIN
  UPDATE search_docs SET status = NEW.status WHERE kind = 'notice' AND item_id = NEW.id AND status <> 'dead';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER news_search_gone AFTER DELETE ON news BEGIN
  UPDATE search_docs SET status = 'dead' WHERE kind = 'news' AND item_id = OLD.id AND status <> 'dead';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER videos_search_gone AFTER DELETE ON videos BEGIN
  UPDATE search_docs SET status = 'dead' WHERE kind = 'video' AND item_id = OLD.id AND status <> 'dead';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER notices_search_gone AFTER DELETE ON notices BEGIN
  UPDATE search_docs SET status = 'dead' WHERE kind = 'notice' AND item_id = OLD.id AND status <> 'dead';
END;
-- +goose StatementEnd

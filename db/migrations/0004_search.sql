-- Site search over news, videos and notices (content/search*.go; SPEC §4).
--
-- search_fts is an FTS4 index of character trigrams that the application
-- makes (Thai has no spaces between words; the driver has no FTS5). It is
-- contentless: it keeps only the index, not the token text, which would be
-- ten times the size of the articles. A contentless FTS4 table cannot delete
-- a row, so saving an item writes a new document under a new docid and the
-- old one is dead: it has no search_docs row and no query returns it. The
-- application rebuilds the index when dead documents pile up (see
-- content.EnsureSearchIndex). Its DDL is repeated in content/search_index.go
-- for that rebuild.
CREATE VIRTUAL TABLE search_fts USING fts4(grams, content="", tokenize=simple);

-- One row per indexed item: what a search filters and orders on, without
-- opening the items. AUTOINCREMENT because a docid must never be reused
-- while a dead document of that docid is still in search_fts.
CREATE TABLE search_docs (
  docid    INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT NOT NULL CHECK (kind IN ('news','video','notice')),
  item_id  INTEGER NOT NULL,
  lang     TEXT NOT NULL,
  status   TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at   INTEGER NOT NULL,
  grams_sum INTEGER NOT NULL,  -- hash of the indexed tokens: a save that leaves the text alone writes no new document
  UNIQUE (kind, item_id)
);
CREATE INDEX search_docs_public ON search_docs(status, lang, start_at);

-- Publishing state and window may change without the text (review, take
-- down, trash, a later extension): keep search_docs in step whatever code
-- makes the change. Text changes go through the save paths, which reindex.
CREATE TRIGGER news_search_meta AFTER UPDATE OF lang, status, start_at, end_at ON news BEGIN
  UPDATE search_docs SET lang = NEW.lang, status = NEW.status, start_at = NEW.start_at, end_at = NEW.end_at
   WHERE kind = 'news' AND item_id = NEW.id;
END;
CREATE TRIGGER videos_search_meta AFTER UPDATE OF lang, status, start_at, end_at ON videos BEGIN
  UPDATE search_docs SET lang = NEW.lang, status = NEW.status, start_at = NEW.start_at, end_at = NEW.end_at
   WHERE kind = 'video' AND item_id = NEW.id;
END;
CREATE TRIGGER notices_search_meta AFTER UPDATE OF lang, status, start_at, end_at ON notices BEGIN
  UPDATE search_docs SET lang = NEW.lang, status = NEW.status, start_at = NEW.start_at, end_at = NEW.end_at
   WHERE kind = 'notice' AND item_id = NEW.id;
END;
CREATE TRIGGER news_search_gone AFTER DELETE ON news BEGIN
  DELETE FROM search_docs WHERE kind = 'news' AND item_id = OLD.id;
END;
CREATE TRIGGER videos_search_gone AFTER DELETE ON videos BEGIN
  DELETE FROM search_docs WHERE kind = 'video' AND item_id = OLD.id;
END;
CREATE TRIGGER notices_search_gone AFTER DELETE ON notices BEGIN
  DELETE FROM search_docs WHERE kind = 'notice' AND item_id = OLD.id;
END;

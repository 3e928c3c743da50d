-- +goose Up
-- The Q&A channel (issue 13, area qa). The questions table is in 0015.
--
-- The inbox lists new questions oldest first.
CREATE INDEX questions_inbox ON questions(status, asked_at);

-- Central PR sets how long askers' names and e-mails are kept (days,
-- 30–3650) in settings 'qa.retention_days'; until then the default of 365
-- days applies (content.DefaultRetentionDays: no row is seeded, as tests
-- count the settings rows), and a daily job blanks them afterwards.

-- Published Q&A are in the site search: search_docs must accept the kind.
-- Its CHECK lists the kinds, so the table is made again with a longer list
-- (the transparency hub's searchable kinds too), keeping every document
-- and docid; the triggers that name it are dropped first and made again.
DROP TRIGGER news_search_status;
DROP TRIGGER videos_search_status;
DROP TRIGGER notices_search_status;
DROP TRIGGER news_search_gone;
DROP TRIGGER videos_search_gone;
DROP TRIGGER notices_search_gone;
CREATE TABLE search_docs_new (
  docid     INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('news','video','notice','page','pages','qa','procurement','procurements','ita')),
  item_id   INTEGER NOT NULL,
  lang      TEXT NOT NULL,
  status    TEXT NOT NULL,
  start_at  INTEGER NOT NULL,
  end_at    INTEGER NOT NULL,
  grams_sum INTEGER NOT NULL
);
INSERT INTO search_docs_new (docid, kind, item_id, lang, status, start_at, end_at, grams_sum)
  SELECT docid, kind, item_id, lang, status, start_at, end_at, grams_sum FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_new RENAME TO search_docs;
CREATE UNIQUE INDEX search_docs_item ON search_docs(kind, item_id) WHERE status <> 'dead';
CREATE INDEX search_docs_hidden ON search_docs(docid) WHERE status <> 'published';
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
CREATE TRIGGER questions_search_status AFTER UPDATE OF status ON questions BEGIN
  UPDATE search_docs SET status = NEW.status WHERE kind = 'qa' AND item_id = NEW.id AND status <> 'dead';
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
-- +goose StatementBegin
CREATE TRIGGER questions_search_gone AFTER DELETE ON questions BEGIN
  UPDATE search_docs SET status = 'dead' WHERE kind = 'qa' AND item_id = OLD.id AND status <> 'dead';
END;
-- +goose StatementEnd

-- +goose Up
-- Institutional pages (issue 13): the pages table of 0015 becomes a content
-- kind of its own (content.PageKind) and takes over the footer pages that
-- were kept in settings as page.<slug>.<lang>.
--
-- Structured fields of the contact page, bounded like every other field.
ALTER TABLE pages ADD COLUMN address      TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 1000);
ALTER TABLE pages ADD COLUMN phone        TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 100);
ALTER TABLE pages ADD COLUMN email        TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254);
ALTER TABLE pages ADD COLUMN map_url      TEXT NOT NULL DEFAULT '' CHECK (length(map_url) <= 2000);
ALTER TABLE pages ADD COLUMN facebook_url TEXT NOT NULL DEFAULT '' CHECK (length(facebook_url) <= 2000);
ALTER TABLE pages ADD COLUMN line_url     TEXT NOT NULL DEFAULT '' CHECK (length(line_url) <= 2000);
ALTER TABLE pages ADD COLUMN youtube_url  TEXT NOT NULL DEFAULT '' CHECK (length(youtube_url) <= 2000);
ALTER TABLE pages ADD COLUMN x_url        TEXT NOT NULL DEFAULT '' CHECK (length(x_url) <= 2000);
ALTER TABLE pages ADD COLUMN tiktok_url   TEXT NOT NULL DEFAULT '' CHECK (length(tiktok_url) <= 2000);
-- The executives page's people and the e-Service page's links, as JSON
-- arrays in the row itself, so that a revision (a snapshot of the row)
-- keeps them and restoring or approving one brings them back.
--   people: [{"name","role","photo","phone","email"}]  links: [{"title","url"}]
ALTER TABLE pages ADD COLUMN people TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(people) AND length(people) <= 100000);
ALTER TABLE pages ADD COLUMN links  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links) AND length(links) <= 100000);

-- The people of a page, one row each in order, kept in step with
-- pages.people by the triggers below whatever writes the row (a save, a
-- restored revision, an approved change): the media sweep, the trash and
-- takedowns find the photos here (content.PageKind's Files).
CREATE TABLE page_people (
  page_id   INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL DEFAULT '',
  role      TEXT NOT NULL DEFAULT '',
  photo_key TEXT NOT NULL DEFAULT '',
  phone     TEXT NOT NULL DEFAULT '',
  email     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (page_id, position)
) WITHOUT ROWID;
CREATE INDEX page_people_photo ON page_people(photo_key) WHERE photo_key <> '';

-- +goose StatementBegin
CREATE TRIGGER pages_people_insert AFTER INSERT ON pages BEGIN
  INSERT INTO page_people (page_id, position, name, role, photo_key, phone, email)
  SELECT NEW.id, CAST(j.key AS INTEGER),
         coalesce(json_extract(j.value, '$.name'), ''), coalesce(json_extract(j.value, '$.role'), ''),
         coalesce(json_extract(j.value, '$.photo'), ''), coalesce(json_extract(j.value, '$.phone'), ''),
         coalesce(json_extract(j.value, '$.email'), '')
  FROM json_each(NEW.people) j;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER pages_people_update AFTER UPDATE OF people ON pages BEGIN
  DELETE FROM page_people WHERE page_id = NEW.id;
  INSERT INTO page_people (page_id, position, name, role, photo_key, phone, email)
  SELECT NEW.id, CAST(j.key AS INTEGER),
         coalesce(json_extract(j.value, '$.name'), ''), coalesce(json_extract(j.value, '$.role'), ''),
         coalesce(json_extract(j.value, '$.photo'), ''), coalesce(json_extract(j.value, '$.phone'), ''),
         coalesce(json_extract(j.value, '$.email'), '')
  FROM json_each(NEW.people) j;
END;
-- +goose StatementEnd

-- The footer pages kept in settings (page.privacy.th = {"Title", "Body",
-- "Updated"}) move into pages, for the central PR unit (or the first unit
-- when there is no 'pr'). A fresh install has neither units nor such rows:
-- its pages are added at start (content.EnsureDefaults). body_text is
-- filled in at start too (it needs the HTML-to-text of package richtext).
INSERT INTO pages (slug, section, title, body, body_text, menu_sort, in_menu, lang, sort, start_at, end_at, status,
                   unit_id, author_name, created_at, updated_at)
SELECT substr(s.key, 6, length(s.key) - 8),
       CASE substr(s.key, 6, length(s.key) - 8) WHEN 'privacy' THEN 'privacy' WHEN 'cookies' THEN 'cookies' ELSE 'other' END,
       coalesce(nullif(trim(json_extract(s.value, '$.Title')), ''), substr(s.key, 6, length(s.key) - 8)),
       coalesce(json_extract(s.value, '$.Body'), ''), '',
       CASE substr(s.key, 6, length(s.key) - 8) WHEN 'privacy' THEN 60 WHEN 'cookies' THEN 70 ELSE 200 END,
       1, substr(s.key, -2), 1, 0, 253402300799999, 'published',
       coalesce((SELECT id FROM units WHERE code = 'pr'), (SELECT min(id) FROM units)), '',
       coalesce(json_extract(s.value, '$.Updated'), 0), coalesce(json_extract(s.value, '$.Updated'), 0)
FROM settings s
WHERE (s.key GLOB 'page.?*.th' OR s.key GLOB 'page.?*.en')
  AND json_valid(s.value)
  AND EXISTS (SELECT 1 FROM units);

-- Their revisions follow them: the ref becomes the page's id and the
-- stored JSON value becomes the title and body columns.
UPDATE revisions
SET data = json_object('fields', json_object(
      'title', coalesce(json_extract(json_extract(data, '$.fields.value'), '$.Title'), ''),
      'body', coalesce(json_extract(json_extract(data, '$.fields.value'), '$.Body'), ''))),
    ref = (SELECT CAST(p.id AS TEXT) FROM pages p WHERE 'page.' || p.slug || '.' || p.lang = revisions.ref)
WHERE kind = 'page' AND ref LIKE 'page.%'
  AND EXISTS (SELECT 1 FROM pages p WHERE 'page.' || p.slug || '.' || p.lang = revisions.ref);

DELETE FROM settings
WHERE key LIKE 'page.%'
  AND EXISTS (SELECT 1 FROM pages p WHERE 'page.' || p.slug || '.' || p.lang = settings.key);

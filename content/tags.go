package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
)

// Tags on news (issue 13): central PR keeps the list ("การมีส่วนร่วม",
// "No Gift Policy", "จริยธรรม"); authors tick them on the news form; the
// public news page links them to /news?tag={slug}, the news list, feeds and
// API filter by them, and the ITA hub finds a fiscal year's evidence by
// them. A news item's tags are the news_tags rows and, for revisions, the
// same slugs in news.tags_text.

// Tag is one tag of the list.
type Tag struct {
	ID     int64
	Slug   string // the ?tag= value
	NameTH string
	NameEN string
	Sort   int
	Uses   int // how many news items carry it (any state)
}

// Name is the tag's name in lang, falling back to Thai.
func (t Tag) Name(lang string) string {
	if lang == "en" && t.NameEN != "" {
		return t.NameEN
	}
	return t.NameTH
}

// Tag limits.
const (
	MaxTagName  = 200
	MaxTagSort  = 9999
	MaxNewsTags = 20 // tags on one news item
	MaxTags     = 500
)

var tagSlugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)

// ValidTagSlug reports whether s can be a tag's slug.
func ValidTagSlug(s string) bool { return tagSlugRE.MatchString(s) }

// cleanTagSlugs sorts the slugs, drops blanks, malformed ones and repeats.
func cleanTagSlugs(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); ValidTagSlug(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// TagInput is what the tag form submits.
type TagInput struct {
	Slug, NameTH, NameEN string
	Sort                 int
}

func (in *TagInput) validate() error {
	fe := newsroom.FieldErrors{}
	in.Slug, in.NameTH, in.NameEN = strings.TrimSpace(in.Slug), strings.TrimSpace(in.NameTH), strings.TrimSpace(in.NameEN)
	if !ValidTagSlug(in.Slug) {
		fe.Add("slug", "err.tag_slug")
	}
	if n := utf8.RuneCountInString(in.NameTH); n == 0 || n > MaxTagName {
		fe.Add("name_th", "err.required")
	}
	if utf8.RuneCountInString(in.NameEN) > MaxTagName {
		fe.Add("name_en", "err.too_long")
	}
	if in.Sort < 0 || in.Sort > MaxTagSort {
		fe.Add("sort", "err.tag_sort")
	}
	return fe.Err()
}

const tagCols = `t.id, t.slug, t.name_th, t.name_en, t.sort, (SELECT count(*) FROM news_tags nt WHERE nt.tag_id = t.id)`

func scanTag(r interface{ Scan(...any) error }) (Tag, error) {
	var t Tag
	err := r.Scan(&t.ID, &t.Slug, &t.NameTH, &t.NameEN, &t.Sort, &t.Uses)
	return t, err
}

// Tags lists every tag in display order.
func (s *Store) Tags(ctx context.Context) ([]Tag, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+tagCols+` FROM tags t ORDER BY t.sort, t.id LIMIT ?`, MaxTags)
	if err != nil {
		return nil, fmt.Errorf("content: tags: %w", err)
	}
	defer rows.Close()
	var out []Tag
	for rows.Next() {
		t, err := scanTag(rows)
		if err != nil {
			return nil, fmt.Errorf("content: tags: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tag returns one tag.
func (s *Store) Tag(ctx context.Context, id int64) (Tag, error) {
	t, err := scanTag(s.db.R.QueryRowContext(ctx, `SELECT `+tagCols+` FROM tags t WHERE t.id = ?`, id))
	if err != nil {
		return Tag{}, notFound(fmt.Sprintf("tag %d", id), err)
	}
	return t, nil
}

// TagBySlug returns the tag at slug (ErrNotFound for none).
func (s *Store) TagBySlug(ctx context.Context, slug string) (Tag, error) {
	if !ValidTagSlug(slug) {
		return Tag{}, fmt.Errorf("content: tag %q: %w", slug, ErrNotFound)
	}
	t, err := scanTag(s.db.R.QueryRowContext(ctx, `SELECT `+tagCols+` FROM tags t WHERE t.slug = ?`, slug))
	if err != nil {
		return Tag{}, notFound(fmt.Sprintf("tag %q", slug), err)
	}
	return t, nil
}

// SaveTag creates (id 0) or updates a tag. A new slug is written into the
// tags_text of the news that carry it.
func (s *Store) SaveTag(ctx context.Context, id int64, in TagInput, now time.Time) (int64, error) {
	if err := in.validate(); err != nil {
		return 0, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tags WHERE slug = ? AND id <> ?`, in.Slug, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return newsroom.FieldErrors{"slug": "err.tag_slug_taken"}
		}
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tags`).Scan(&n); err != nil {
				return err
			}
			if n >= MaxTags {
				return newsroom.FieldErrors{"slug": "err.too_many_tags"}
			}
			return tx.QueryRowContext(ctx, `INSERT INTO tags (slug, name_th, name_en, sort, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				in.Slug, in.NameTH, in.NameEN, in.Sort, ms(now)).Scan(&id)
		}
		res, err := tx.ExecContext(ctx, `UPDATE tags SET slug = ?, name_th = ?, name_en = ?, sort = ? WHERE id = ?`, in.Slug, in.NameTH, in.NameEN, in.Sort, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("tag %d: %w", id, ErrNotFound)
		}
		return retextTagged(ctx, tx, id)
	})
	if err != nil {
		return 0, fmt.Errorf("content: save tag: %w", err)
	}
	s.changed(ctx)
	return id, nil
}

// DeleteTag removes a tag from the list and from every news item.
func (s *Store) DeleteTag(ctx context.Context, id int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ids, err := taggedNews(ctx, tx, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("tag %d: %w", id, ErrNotFound)
		}
		for _, nid := range ids {
			if err := setTagsText(ctx, tx, nid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: delete tag: %w", err)
	}
	s.changed(ctx)
	return nil
}

func taggedNews(ctx context.Context, tx *sql.Tx, tag int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT news_id FROM news_tags WHERE tag_id = ?`, tag)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// retextTagged rewrites tags_text of the news carrying tag (after a rename).
func retextTagged(ctx context.Context, tx *sql.Tx, tag int64) error {
	ids, err := taggedNews(ctx, tx, tag)
	for _, id := range ids {
		if err == nil {
			err = setTagsText(ctx, tx, id)
		}
	}
	return err
}

// setTagsText writes a news item's tags_text from its news_tags rows.
func setTagsText(ctx context.Context, tx *sql.Tx, news int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT t.slug FROM news_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.news_id = ? ORDER BY t.slug`, news)
	if err != nil {
		return err
	}
	var slugs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		slugs = append(slugs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE news SET tags_text = ? WHERE id = ?`, strings.Join(slugs, " "), news)
	return err
}

// writeNewsTags sets a news item's tags to slugs (unknown ones ignored: a
// tag deleted while the form was open) and its tags_text.
func writeNewsTags(ctx context.Context, tx *sql.Tx, news int64, slugs []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM news_tags WHERE news_id = ?`, news); err != nil {
		return err
	}
	for _, slug := range cleanTagSlugs(slugs) {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM tags WHERE slug = ?`, slug).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO news_tags (news_id, tag_id) VALUES (?, ?)`, news, id); err != nil {
			return err
		}
	}
	return setTagsText(ctx, tx, news)
}

// syncNewsTags makes news_tags follow tags_text (a restored revision).
func syncNewsTags(ctx context.Context, tx *sql.Tx, news int64) error {
	var text string
	if err := tx.QueryRowContext(ctx, `SELECT tags_text FROM news WHERE id = ?`, news).Scan(&text); err != nil {
		return err
	}
	return writeNewsTags(ctx, tx, news, strings.Fields(text))
}

// TagNews sets a news item's tags outside the form (the demo, imports); it
// keeps no revision.
func (s *Store) TagNews(ctx context.Context, news int64, slugs []string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return writeNewsTags(ctx, tx, news, slugs) })
	if err != nil {
		return fmt.Errorf("content: tag news %d: %w", news, err)
	}
	s.changed(ctx)
	return nil
}

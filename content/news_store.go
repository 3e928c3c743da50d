package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

const newsCols = metaCols + `, x.news_type, x.headline, x.body, x.body_text, x.photos_per_row,
	coalesce(x.main_photo_id, 0), coalesce(mp.thumb_key, ''), coalesce(mp.file_key, ''), x.views,
	(SELECT count(*) FROM photos p WHERE p.news_id = x.id), x.tags_text`

const newsFrom = ` FROM news x JOIN units u ON u.id = x.unit_id LEFT JOIN photos mp ON mp.id = x.main_photo_id`

func scanNews(r interface{ Scan(...any) error }) (News, error) {
	var n News
	var typ, tags string
	err := scanWith(r, &n.Meta, &typ, &n.Headline, &n.Body, &n.BodyText, bounded{&n.PhotosPerRow, 1, MaxPhotosPerRow},
		&n.MainPhotoID, &n.MainThumb, &n.MainFile, count{&n.Views}, &n.PhotoCount, &tags)
	n.Type, n.Tags = NewsType(typ), strings.Fields(tags)
	return n, err
}

// News returns one news item, whatever its state.
func (s *Store) News(ctx context.Context, id int64) (News, error) {
	n, err := scanNews(s.db.R.QueryRowContext(ctx, `SELECT `+newsCols+newsFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return News{}, notFound(fmt.Sprintf("news %d", id), err)
	}
	return n, nil
}

// Author is who saves a news item.
type Author struct {
	UserID int64
	Name   string
}

// CreateNews saves a new item and attaches the photos uploaded under its
// draft token. A second submission of the same form (same FormToken) returns
// the item the first one made instead of making another.
func (s *Store) CreateNews(ctx context.Context, in NewsInput, by Author, now time.Time) (News, error) {
	if err := s.validate(ctx, "news", 0, in.UnitID, in.Validate); err != nil {
		return News{}, err
	}
	if in.By == (Author{}) {
		in.By = by
	}
	id, err := s.saveItem(ctx, NewsKind, 0, in.MetaInput, now, func(tx *sql.Tx) (int64, error) {
		id, err := insertRow(ctx, tx, "news", []string{"news_type", "headline", "body", "body_text", "photos_per_row"},
			[]any{string(in.Type), in.Headline, in.Body, bodyText(in.Body), in.PhotosPerRow}, in.MetaInput, by, now)
		if err != nil {
			return 0, err
		}
		if in.DraftToken != "" {
			if err := attachDraft(ctx, tx, id, in.DraftToken, in.UnitID); err != nil {
				return 0, err
			}
		}
		if err := writeNewsTags(ctx, tx, id, in.Tags); err != nil {
			return 0, err
		}
		if err := s.indexRow(ctx, tx, "news", id); err != nil {
			return 0, err
		}
		return id, setMainPhoto(ctx, tx, id, in.MainPhotoID)
	})
	if err != nil {
		return News{}, fmt.Errorf("content: create news: %w", err)
	}
	return s.News(ctx, id)
}

// UpdateNews saves changes to an existing item. Its unit may change only if
// the caller allowed it (central PR); the handler checks that.
func (s *Store) UpdateNews(ctx context.Context, id int64, in NewsInput, now time.Time) error {
	if err := s.validate(ctx, "news", id, in.UnitID, in.Validate); err != nil {
		return err
	}
	_, err := s.saveItem(ctx, NewsKind, id, in.MetaInput, now, func(tx *sql.Tx) (int64, error) {
		err := updateRow(ctx, tx, "news", id, []string{"news_type", "headline", "body", "body_text", "photos_per_row"},
			[]any{string(in.Type), in.Headline, in.Body, bodyText(in.Body), in.PhotosPerRow}, in.MetaInput, now)
		if err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET unit_id = ? WHERE news_id = ?`, in.UnitID, id); err != nil {
			return 0, err
		}
		if err := writeNewsTags(ctx, tx, id, in.Tags); err != nil {
			return 0, err
		}
		if err := s.indexRow(ctx, tx, "news", id); err != nil {
			return 0, err
		}
		return id, setMainPhoto(ctx, tx, id, in.MainPhotoID)
	})
	if err != nil {
		return fmt.Errorf("content: update news %d: %w", id, err)
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// attachDraft moves the photos uploaded before the first save onto the news
// and its unit (central PR may pick the unit after uploading). The draft
// token is a 128-bit secret of one form, so it cannot be guessed.
func attachDraft(ctx context.Context, tx *sql.Tx, newsID int64, token string, unitID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE photos SET news_id = ?, unit_id = ?, draft_token = NULL WHERE draft_token = ? AND news_id IS NULL`,
		newsID, unitID, token); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE upload_batches SET news_id = ?, unit_id = ?, draft_token = NULL WHERE draft_token = ?`, newsID, unitID, token)
	return err
}

// setMainPhoto makes photoID the main photo when it belongs to the news;
// otherwise it keeps the current one if still there, else the first photo.
func setMainPhoto(ctx context.Context, tx *sql.Tx, newsID, photoID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE news SET main_photo_id = coalesce(
		(SELECT id FROM photos WHERE id = ? AND news_id = ?),
		(SELECT id FROM photos WHERE id = news.main_photo_id AND news_id = news.id),
		(SELECT id FROM photos WHERE news_id = news.id ORDER BY position, id LIMIT 1))
		WHERE id = ?`, photoID, newsID, newsID)
	return err
}

// DeleteNews removes an item with its photos; stored files go once nothing
// else refers to them.
func (s *Store) DeleteNews(ctx context.Context, id int64) error {
	var keys []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT file_key, thumb_key FROM photos WHERE news_id = ?`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f, t string
			if err := rows.Scan(&f, &t); err != nil {
				rows.Close()
				return err
			}
			keys = append(keys, f, t)
		}
		rows.Close()
		var body string
		if err := tx.QueryRowContext(ctx, `SELECT body FROM news WHERE id = ?`, id).Scan(&body); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE news_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM news WHERE id = ?`, id); err != nil {
			return err
		}
		// The images of its body go too, unless another body or a footer
		// page shows them; their upload rows are what keeps the files. An
		// upload of the last day may belong to a form still being filled.
		recent := ms(time.Now().Add(-24 * time.Hour))
		for _, k := range imagesOf(body) {
			_, err := tx.ExecContext(ctx, `DELETE FROM body_images WHERE file_key = ? AND created_at < ?
				AND NOT EXISTS (SELECT 1 FROM news WHERE `+contains("body", "?")+`)
				AND NOT EXISTS (SELECT 1 FROM settings WHERE `+contains("value", "?")+`)`, k, recent, "/media/"+k, "/media/"+k)
			if err != nil {
				return err
			}
			keys = append(keys, k)
		}
		if err := forgetRevisions(ctx, tx, NewsKind, id); err != nil {
			return err
		}
		return s.unindexRow(ctx, tx, "news", id)
	})
	if err != nil {
		return fmt.Errorf("content: delete news %d: %w", id, err)
	}
	s.deleteUnreferenced(ctx, keys)
	return nil
}

// NewsFilter selects news for the admin list.
type NewsFilter struct {
	ListFilter
	Type NewsType
	Q    string
}

// ListNews returns one page of the admin list, newest first, and the total.
func (s *Store) ListNews(ctx context.Context, f NewsFilter) ([]News, int, error) {
	conds, args := f.where()
	if f.Type != "" {
		conds, args = append(conds, "x.news_type = ?"), append(args, string(f.Type))
	}
	if strings.TrimSpace(f.Q) != "" {
		conds = append(conds, `(x.headline LIKE ? ESCAPE '\' OR x.body_text LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(f.Q), likeArg(f.Q))
	}
	return queryList(ctx, s, "news", newsCols, newsFrom, conds, args, "x.created_at DESC, x.id DESC", f.limit(), f.Offset, scanNews)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// LiveNews lists published news inside their window at now, in lang, by
// display order then newest: the public list and (later) the homepage.
func (s *Store) LiveNews(ctx context.Context, lang Lang, now time.Time, limit, offset int) ([]News, int, error) {
	return liveQuery(ctx, s, "news", newsCols, newsFrom, scanNews, lang, now, "", "", limit, offset)
}

// PublicNews returns an item a visitor may see at now: published and
// started (expired items stay reachable), not taken down or trashed.
func (s *Store) PublicNews(ctx context.Context, id int64, now time.Time) (News, error) {
	return visibleAt[News](now)(s.News(ctx, id))
}

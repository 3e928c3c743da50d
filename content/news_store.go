package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

const newsCols = `n.id, n.lang, n.news_type, n.headline, n.body, n.body_text, n.sort, n.photos_per_row,
	n.start_at, n.end_at, n.status, n.status_note, coalesce(n.main_photo_id, 0), coalesce(mp.thumb_key, ''), coalesce(mp.file_key, ''),
	n.unit_id, u.name_th, u.name_en, coalesce(n.author_id, 0), n.author_name, n.views,
	(SELECT count(*) FROM photos p WHERE p.news_id = n.id), n.created_at, n.updated_at`

const newsFrom = ` FROM news n JOIN units u ON u.id = n.unit_id LEFT JOIN photos mp ON mp.id = n.main_photo_id`

func scanNews(r interface{ Scan(...any) error }) (News, error) {
	var n News
	var start, end, created, updated int64
	var lang, typ, status string
	err := r.Scan(&n.ID, &lang, &typ, &n.Headline, &n.Body, &n.BodyText, &n.Sort, &n.PhotosPerRow,
		&start, &end, &status, &n.StatusNote, &n.MainPhotoID, &n.MainThumb, &n.MainFile,
		&n.UnitID, &n.UnitName, &n.UnitNameEN, &n.AuthorID, &n.AuthorName, &n.Views, &n.PhotoCount, &created, &updated)
	n.Lang, n.Type, n.Status = Lang(lang), NewsType(typ), Status(status)
	n.Window = Window{Start: fromMS(start), End: fromMS(end)}
	n.CreatedAt, n.UpdatedAt = fromMS(created), fromMS(updated)
	return n, err
}

// News returns one news item, whatever its state.
func (s *Store) News(ctx context.Context, id int64) (News, error) {
	n, err := scanNews(s.db.R.QueryRowContext(ctx, `SELECT `+newsCols+newsFrom+` WHERE n.id = ?`, id))
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
	if err := in.Validate(); err != nil {
		return News{}, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if in.FormToken != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM news WHERE form_token = ?`, in.FormToken).Scan(&id)
			if err == nil {
				return nil // a double submit: the first one won
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO news (lang, news_type, headline, body, body_text, sort, photos_per_row,
			start_at, end_at, status, unit_id, author_id, author_name, form_token, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(in.Lang), string(in.Type), in.Headline, in.Body, bodyText(in.Body), in.Sort, in.PhotosPerRow,
			ms(in.Start), ms(in.End), string(publishStatus(in.Publish)), in.UnitID, nullInt(by.UserID), by.Name,
			nullString(in.FormToken), ms(now), ms(now))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if in.DraftToken != "" {
			if err := attachDraft(ctx, tx, id, in.DraftToken, in.UnitID); err != nil {
				return err
			}
		}
		return setMainPhoto(ctx, tx, id, in.MainPhotoID)
	})
	if err != nil {
		return News{}, fmt.Errorf("content: create news: %w", err)
	}
	return s.News(ctx, id)
}

// UpdateNews saves changes to an existing item. Its unit may change only if
// the caller allowed it (central PR); the handler checks that.
func (s *Store) UpdateNews(ctx context.Context, id int64, in NewsInput, now time.Time) error {
	if err := in.Validate(); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE news SET lang = ?, news_type = ?, headline = ?, body = ?, body_text = ?, sort = ?,
			photos_per_row = ?, start_at = ?, end_at = ?, status = ?, unit_id = ?, updated_at = ? WHERE id = ? AND status <> 'trashed'`,
			string(in.Lang), string(in.Type), in.Headline, in.Body, bodyText(in.Body), in.Sort, in.PhotosPerRow,
			ms(in.Start), ms(in.End), string(publishStatus(in.Publish)), in.UnitID, ms(now), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET unit_id = ? WHERE news_id = ?`, in.UnitID, id); err != nil {
			return err
		}
		return setMainPhoto(ctx, tx, id, in.MainPhotoID)
	})
	if err != nil {
		return fmt.Errorf("content: update news %d: %w", id, err)
	}
	return nil
}

func publishStatus(publish bool) Status {
	if publish {
		return Published
	}
	return Draft
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// attachDraft moves the photos uploaded before the first save onto the news.
// Only photos of the same unit move: a token guessed from another unit
// attaches nothing.
func attachDraft(ctx context.Context, tx *sql.Tx, newsID int64, token string, unitID int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE photos SET news_id = ?, draft_token = NULL WHERE draft_token = ? AND unit_id = ? AND news_id IS NULL`,
		newsID, token, unitID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE upload_batches SET news_id = ?, draft_token = NULL WHERE draft_token = ? AND unit_id = ?`, newsID, token, unitID)
	return err
}

// setMainPhoto makes photoID the main photo when it belongs to the news;
// otherwise it keeps the current one if still there, else the first photo.
func setMainPhoto(ctx context.Context, tx *sql.Tx, newsID, photoID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE news SET main_photo_id = coalesce(
		(SELECT id FROM photos WHERE id = ?1 AND news_id = ?2),
		(SELECT id FROM photos WHERE id = news.main_photo_id AND news_id = news.id),
		(SELECT id FROM photos WHERE news_id = news.id ORDER BY position, id LIMIT 1))
		WHERE id = ?2`, photoID, newsID)
	return err
}

// DeleteNews removes an item with its photos; stored files go once nothing
// else refers to them.
func (s *Store) DeleteNews(ctx context.Context, id int64) error {
	var keys []string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
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
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE news_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM news WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: delete news %d: %w", id, err)
	}
	s.deleteUnreferenced(ctx, keys)
	return nil
}

// NewsFilter selects news for the admin list.
type NewsFilter struct {
	ScopeUnit int64 // 0: every unit (central PR); else only this unit (unit PR)
	Unit      int64
	Type      NewsType
	Lang      Lang
	State     string // live, scheduled, expired, or a Status; "" = all but trashed
	Q         string
	Limit     int
	Offset    int
	Now       time.Time
}

func (f NewsFilter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.ScopeUnit != 0 {
		add("n.unit_id = ?", f.ScopeUnit)
	}
	if f.Unit != 0 {
		add("n.unit_id = ?", f.Unit)
	}
	if f.Type != "" {
		add("n.news_type = ?", string(f.Type))
	}
	if f.Lang != "" {
		add("n.lang = ?", string(f.Lang))
	}
	now := ms(f.Now)
	switch f.State {
	case "":
		add("n.status <> 'trashed'")
	case string(Live):
		add("n.status = 'published' AND n.start_at <= ? AND n.end_at >= ?", now, now)
	case string(Scheduled):
		add("n.status = 'published' AND n.start_at > ?", now)
	case string(Expired):
		add("n.status = 'published' AND n.end_at < ?", now)
	default:
		add("n.status = ?", f.State)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		like := "%" + likeEscaper.Replace(q) + "%"
		add(`(n.headline LIKE ? ESCAPE '\' OR n.body_text LIKE ? ESCAPE '\')`, like, like)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListNews returns one page of the admin list, newest first, and the total.
func (s *Store) ListNews(ctx context.Context, f NewsFilter) ([]News, int, error) {
	where, args := f.where()
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM news n`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("content: count news: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+newsCols+newsFrom+where+` ORDER BY n.created_at DESC, n.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("content: list news: %w", err)
	}
	defer rows.Close()
	var out []News
	for rows.Next() {
		n, err := scanNews(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("content: list news: %w", err)
		}
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// LiveNews lists published news inside their window at now, in lang, by
// display order then newest: the public list and (later) the homepage.
func (s *Store) LiveNews(ctx context.Context, lang Lang, now time.Time, limit, offset int) ([]News, int, error) {
	where := ` WHERE n.status = 'published' AND n.lang = ? AND n.start_at <= ? AND n.end_at >= ?`
	args := []any{string(lang), ms(now), ms(now)}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM news n`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("content: count live news: %w", err)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+newsCols+newsFrom+where+` ORDER BY n.sort, n.start_at DESC, n.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("content: live news: %w", err)
	}
	defer rows.Close()
	var out []News
	for rows.Next() {
		n, err := scanNews(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, n)
	}
	return out, total, rows.Err()
}

// PublicNews returns an item a visitor may see at now: published and
// started (expired items stay reachable), not taken down or trashed.
func (s *Store) PublicNews(ctx context.Context, id int64, now time.Time) (News, error) {
	n, err := s.News(ctx, id)
	if err != nil {
		return News{}, err
	}
	if n.Status != Published || n.Window.State(now) == Scheduled {
		return News{}, fmt.Errorf("content: news %d not public: %w", id, ErrNotFound)
	}
	return n, nil
}

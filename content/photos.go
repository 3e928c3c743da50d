package content

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Photo is one photo of a gallery.
type Photo struct {
	ID       int64
	NewsID   int64
	UnitID   int64
	Position int
	Caption  string
	FileKey  string
	ThumbKey string
	Width    int
	Height   int
}

// Gallery names a set of photos: a saved news item, or the draft token of a
// news form not yet saved.
type Gallery struct {
	NewsID     int64
	DraftToken string
}

func (g Gallery) where() (string, any) {
	if g.NewsID != 0 {
		return "news_id = ?", g.NewsID
	}
	return "draft_token = ? AND news_id IS NULL", g.DraftToken
}

// Valid reports whether g names something.
func (g Gallery) Valid() bool { return g.NewsID != 0 || len(g.DraftToken) >= 16 }

// MaxCaption is the longest photo caption in runes.
const MaxCaption = 300

const photoCols = `id, coalesce(news_id, 0), unit_id, position, caption, file_key, thumb_key, width, height`

func scanPhoto(r interface{ Scan(...any) error }) (Photo, error) {
	var p Photo
	err := r.Scan(&p.ID, &p.NewsID, &p.UnitID, &p.Position, &p.Caption, &p.FileKey, &p.ThumbKey, &p.Width, &p.Height)
	return p, err
}

// Photos lists a gallery in display order.
func (s *Store) Photos(ctx context.Context, g Gallery) ([]Photo, error) {
	cond, arg := g.where()
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+photoCols+` FROM photos WHERE `+cond+` ORDER BY position, id`, arg)
	if err != nil {
		return nil, fmt.Errorf("content: photos: %w", err)
	}
	defer rows.Close()
	var out []Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Photo returns one photo.
func (s *Store) Photo(ctx context.Context, id int64) (Photo, error) {
	p, err := scanPhoto(s.db.R.QueryRowContext(ctx, `SELECT `+photoCols+` FROM photos WHERE id = ?`, id))
	if err != nil {
		return Photo{}, notFound(fmt.Sprintf("photo %d", id), err)
	}
	return p, nil
}

// DraftUnit returns the unit a draft gallery's photos belong to (0 if none).
func (s *Store) DraftUnit(ctx context.Context, token string) (int64, error) {
	var unit int64
	err := s.db.R.QueryRowContext(ctx, `SELECT coalesce(max(unit_id), 0) FROM photos WHERE draft_token = ? AND news_id IS NULL`, token).Scan(&unit)
	return unit, err
}

// SetCaption changes a photo's caption.
func (s *Store) SetCaption(ctx context.Context, id int64, caption string) error {
	caption = strings.Join(strings.Fields(caption), " ")
	if utf8.RuneCountInString(caption) > MaxCaption {
		return fieldErr("caption", "err.too_long")
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE photos SET caption = ? WHERE id = ?`, caption, id); err != nil {
		return fmt.Errorf("content: caption of photo %d: %w", id, err)
	}
	s.changed(ctx)
	return nil
}

// SetMain makes a photo its news item's main photo (the green check).
func (s *Store) SetMain(ctx context.Context, p Photo) error {
	if p.NewsID == 0 {
		return nil // drafts choose their main photo on save
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return setMainPhoto(ctx, tx, p.NewsID, p.ID) })
}

// Reorder puts a gallery's photos in the given order; ids not in the gallery
// are ignored and photos missing from ids keep their relative order after.
func (s *Store) Reorder(ctx context.Context, g Gallery, ids []int64) error {
	current, err := s.Photos(ctx, g)
	if err != nil {
		return err
	}
	pos := map[int64]int{}
	for i, id := range ids {
		if _, seen := pos[id]; !seen {
			pos[id] = i
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		next := len(ids)
		for _, p := range current {
			np, ok := pos[p.ID]
			if !ok {
				np = next
				next++
			}
			if _, err := tx.ExecContext(ctx, `UPDATE photos SET position = ? WHERE id = ?`, np, p.ID); err != nil {
				return fmt.Errorf("content: reorder: %w", err)
			}
		}
		return nil
	})
}

// DeletePhoto removes a photo (the red bin); a main photo is replaced by the
// first remaining one, and its files go once nothing refers to them.
func (s *Store) DeletePhoto(ctx context.Context, p Photo) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE id = ?`, p.ID); err != nil {
			return err
		}
		if p.NewsID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE news SET main_photo_id = NULL WHERE id = ? AND main_photo_id = ?`, p.NewsID, p.ID); err != nil {
				return err
			}
			return setMainPhoto(ctx, tx, p.NewsID, 0)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: delete photo %d: %w", p.ID, err)
	}
	s.deleteUnreferenced(ctx, []string{p.FileKey, p.ThumbKey})
	return nil
}

// PurgeDrafts deletes photos of forms never saved, older than age.
func (s *Store) PurgeDrafts(ctx context.Context, now time.Time, age time.Duration) error {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+photoCols+` FROM photos WHERE news_id IS NULL AND created_at < ?`, ms(now.Add(-age)))
	if err != nil {
		return err
	}
	var old []Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			rows.Close()
			return err
		}
		old = append(old, p)
	}
	rows.Close()
	for _, p := range old {
		if err := s.DeletePhoto(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

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

// whereIn is where() with the columns of table (an alias), for joins.
func (g Gallery) whereIn(table string) (string, any) {
	if g.NewsID != 0 {
		return table + ".news_id = ?", g.NewsID
	}
	return table + ".draft_token = ? AND " + table + ".news_id IS NULL", g.DraftToken
}

// Valid reports whether g names something.
func (g Gallery) Valid() bool { return g.NewsID != 0 || len(g.DraftToken) >= 16 }

// MaxCaption is the longest photo caption in runes.
const MaxCaption = 300

// photoCols and photoFrom read photos with the unit that owns them now: a
// saved item's photos belong to the item's unit, whatever unit_id says (it
// is a copy, written when the photo was added), so moving an item to
// another unit moves its photos at once. A draft's photos belong to the
// uploader's unit.
const photoCols = `photos.id, coalesce(photos.news_id, 0), coalesce(pn.unit_id, photos.unit_id), photos.position, photos.caption,
	photos.file_key, photos.thumb_key, photos.width, photos.height`

const photoFrom = ` FROM photos LEFT JOIN news pn ON pn.id = photos.news_id`

func scanPhoto(r interface{ Scan(...any) error }) (Photo, error) {
	var p Photo
	err := r.Scan(&p.ID, &p.NewsID, &p.UnitID, &p.Position, &p.Caption, &p.FileKey, &p.ThumbKey, &p.Width, &p.Height)
	return p, err
}

// Photos lists a gallery in display order.
func (s *Store) Photos(ctx context.Context, g Gallery) ([]Photo, error) {
	cond, arg := g.whereIn("photos")
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+photoCols+photoFrom+` WHERE `+cond+` ORDER BY photos.position, photos.id`, arg)
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
	p, err := scanPhoto(s.db.R.QueryRowContext(ctx, `SELECT `+photoCols+photoFrom+` WHERE photos.id = ?`, id))
	if err != nil {
		return Photo{}, notFound(fmt.Sprintf("photo %d", id), err)
	}
	return p, nil
}

// DraftUnit returns the unit a draft gallery belongs to: the unit of its
// first upload (0 if none), counting uploads still processing.
func (s *Store) DraftUnit(ctx context.Context, token string) (int64, error) {
	var unit int64
	err := s.db.R.QueryRowContext(ctx, `SELECT coalesce(
		(SELECT unit_id FROM upload_batches WHERE draft_token = ? AND news_id IS NULL ORDER BY created_at, id LIMIT 1),
		(SELECT unit_id FROM photos WHERE draft_token = ? AND news_id IS NULL ORDER BY id LIMIT 1), 0)`, token, token).Scan(&unit)
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
// The photos swap the positions they hold among themselves, so positions
// stay unique and the blocks reserved by uploads still processing stay free.
func (s *Store) Reorder(ctx context.Context, g Gallery, ids []int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cond, arg := g.where()
		rows, err := tx.QueryContext(ctx, `SELECT id, position FROM photos WHERE `+cond+` ORDER BY position, id`, arg)
		if err != nil {
			return err
		}
		var current []int64
		var positions []int
		for rows.Next() {
			var id int64
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				rows.Close()
				return err
			}
			current, positions = append(current, id), append(positions, pos)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		in := map[int64]bool{}
		for _, id := range current {
			in[id] = true
		}
		order := make([]int64, 0, len(current))
		placed := map[int64]bool{}
		for _, id := range ids {
			if in[id] && !placed[id] {
				order, placed[id] = append(order, id), true
			}
		}
		for _, id := range current {
			if !placed[id] {
				order = append(order, id)
			}
		}
		// Two steps, because a unique index is checked row by row: first
		// out of the way (negative), then into place.
		for i, id := range order {
			if _, err := tx.ExecContext(ctx, `UPDATE photos SET position = ? WHERE id = ?`, -1-i, id); err != nil {
				return err
			}
		}
		for i, id := range order {
			if _, err := tx.ExecContext(ctx, `UPDATE photos SET position = ? WHERE id = ?`, positions[i], id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: reorder: %w", err)
	}
	return nil
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
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+photoCols+photoFrom+` WHERE photos.news_id IS NULL AND photos.created_at < ?`, ms(now.Add(-age)))
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

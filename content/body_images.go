package content

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"time"

	"newsroom/media"
)

// SaveBodyImage stores an image inserted into a news body, resized like a
// gallery photo, and returns its media key. Images in bodies always live on
// our own store: visitors' browsers never call another host.
func (s *Store) SaveBodyImage(ctx context.Context, r io.Reader, unitID int64, now time.Time) (string, error) {
	ph, err := s.processNow(ctx, r)
	if err != nil {
		return "", err
	}
	key := media.Key(ph.Full, ".jpg")
	if err := s.files.Put(ctx, key, ph.Full); err != nil {
		return "", err
	}
	if _, err := s.db.W.ExecContext(ctx, `INSERT INTO body_images (file_key, unit_id, created_at) VALUES (?, ?, ?)`, key, unitID, ms(now)); err != nil {
		return "", fmt.Errorf("content: body image: %w", err)
	}
	return key, nil
}

// AddPhoto processes one photo at once and appends it to a gallery; the
// demo seeder and tools use it (uploads go through the job queue instead).
func (s *Store) AddPhoto(ctx context.Context, g Gallery, unitID int64, r io.Reader, name string, now time.Time) (Photo, error) {
	ph, err := s.processNow(ctx, r)
	if err != nil {
		return Photo{}, err
	}
	full, thumb := media.Key(ph.Full, ".jpg"), media.Key(ph.Thumb, ".jpg")
	if err := s.files.Put(ctx, full, ph.Full); err != nil {
		return Photo{}, err
	}
	if err := s.files.Put(ctx, thumb, ph.Thumb); err != nil {
		return Photo{}, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		pos, err := nextPosition(ctx, tx, g)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO photos (news_id, draft_token, unit_id, position, caption, file_key, thumb_key, width, height, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, nullInt(g.NewsID), nullString(g.DraftToken), unitID, pos, captionFromName(name),
			full, thumb, ph.Width, ph.Height, ms(now)).Scan(&id)
		if err != nil {
			return err
		}
		if g.NewsID != 0 {
			return setMainPhoto(ctx, tx, g.NewsID, 0)
		}
		return nil
	})
	if err != nil {
		return Photo{}, fmt.Errorf("content: add photo: %w", err)
	}
	return s.Photo(ctx, id)
}

// processNow runs the photo pipeline in the caller's goroutine, waiting for
// a free slot so at most media.Workers() photos are decoded at once.
func (s *Store) processNow(ctx context.Context, r io.Reader) (media.Photo, error) {
	select {
	case s.sync <- struct{}{}:
	case <-ctx.Done():
		return media.Photo{}, ctx.Err()
	}
	defer func() { <-s.sync }()
	return media.ProcessPhoto(r, media.DefaultPhotoLimits)
}

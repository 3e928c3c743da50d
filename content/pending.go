package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"newsroom/media"
)

// PendingFile is a file processed before its form is saved: a banner's
// cropped image (shown as a preview) or a notice's checked PDF.
type PendingFile struct {
	Key    string `json:"key"`
	Name   string `json:"name,omitempty"` // the uploader's file name
	Size   int64  `json:"size,omitempty"`
	Width  int    `json:"width,omitempty"` // source dimensions, for the crop preview
	Height int    `json:"height,omitempty"`
}

// StorePending stores a processed file under its content key and records it
// for its uploader, who may then name it in a form.
func (s *Store) StorePending(ctx context.Context, kind string, userID int64, data []byte, ext string, f PendingFile, now time.Time) (PendingFile, error) {
	f.Key = media.Key(data, ext)
	if f.Size == 0 {
		f.Size = int64(len(data))
	}
	if err := s.files.Put(ctx, f.Key, data); err != nil {
		return f, err
	}
	return f, s.AddPending(ctx, kind, userID, f, now)
}

// AddPending records a processed file for its uploader.
func (s *Store) AddPending(ctx context.Context, kind string, userID int64, f PendingFile, now time.Time) error {
	info, _ := json.Marshal(f)
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO pending_files (file_key, kind, user_id, info, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (file_key, kind, user_id) DO UPDATE SET info = excluded.info, created_at = excluded.created_at`,
		f.Key, kind, userID, string(info), ms(now))
	if err != nil {
		return fmt.Errorf("content: pending %s: %w", kind, err)
	}
	return nil
}

// pending returns a pending file of this kind uploaded by userID, inside tx.
func pending(ctx context.Context, tx *sql.Tx, kind string, userID int64, key string) (PendingFile, bool, error) {
	var info string
	err := tx.QueryRowContext(ctx, `SELECT info FROM pending_files WHERE file_key = ? AND kind = ? AND user_id = ?`, key, kind, userID).Scan(&info)
	if errors.Is(err, sql.ErrNoRows) {
		return PendingFile{}, false, nil
	} else if err != nil {
		return PendingFile{}, false, err
	}
	var f PendingFile
	json.Unmarshal([]byte(info), &f)
	f.Key = key
	return f, true, nil
}

// PurgePending forgets pending files older than age; the sweeper then
// deletes the files nothing uses.
func (s *Store) PurgePending(ctx context.Context, now time.Time, age time.Duration) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM pending_files WHERE created_at < ?`, ms(now.Add(-age)))
	return err
}

// Pending returns a file this user uploaded for a form not yet saved.
func (s *Store) Pending(ctx context.Context, kind string, userID int64, key string) (PendingFile, bool, error) {
	var info string
	err := s.db.R.QueryRowContext(ctx, `SELECT info FROM pending_files WHERE file_key = ? AND kind = ? AND user_id = ?`, key, kind, userID).Scan(&info)
	if errors.Is(err, sql.ErrNoRows) {
		return PendingFile{}, false, nil
	} else if err != nil {
		return PendingFile{}, false, fmt.Errorf("content: pending %s: %w", kind, err)
	}
	var f PendingFile
	json.Unmarshal([]byte(info), &f)
	f.Key = key
	return f, true, nil
}

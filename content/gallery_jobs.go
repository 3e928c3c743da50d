package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"newsroom/media"
)

// runPhotoJob processes one photo: fit, thumbnail, store, and add it to the
// gallery its batch belongs to now (the form may have been saved meanwhile).
// A photo the user must fix is reported, not retried.
func (s *Store) runPhotoJob(ctx context.Context, j media.Job) error {
	var p photoJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return media.Permanent(err)
	}
	ph, err := processStaged(p)
	var fe *media.FileError
	if errors.As(err, &fe) {
		return s.finishItem(ctx, j, true, Problem{Name: p.Name, Key: fe.Key, Args: fe.Args})
	} else if err != nil {
		return err
	}
	fullKey, thumbKey := media.Key(ph.Full, ".jpg"), media.Key(ph.Thumb, ".jpg")
	if err := s.files.Put(ctx, fullKey, ph.Full); err != nil {
		return err
	}
	if err := s.files.Put(ctx, thumbKey, ph.Thumb); err != nil {
		return err
	}
	caption := captionFromName(p.Name)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var newsID sql.NullInt64
		var draft sql.NullString
		var unit int64
		err := tx.QueryRowContext(ctx, `SELECT news_id, draft_token, unit_id FROM upload_batches WHERE id = ?`, j.BatchID).Scan(&newsID, &draft, &unit)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the news was deleted while its photos were processing
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO photos (news_id, draft_token, unit_id, position, caption, file_key, thumb_key,
			width, height, batch_id, source_index, created_at)
			SELECT ?1, ?2, ?3, b.base + ?10, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM upload_batches b WHERE b.id = ?9
			ON CONFLICT (batch_id, source_index) WHERE batch_id <> '' DO NOTHING`,
			newsID, draft, unit, caption, fullKey, thumbKey, ph.Width, ph.Height, j.BatchID, p.Index, ms(time.Now()))
		if err != nil {
			return err
		}
		if newsID.Valid {
			return setMainPhoto(ctx, tx, newsID.Int64, 0)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: add photo: %w", err)
	}
	return s.finishItem(ctx, j, true)
}

// processStaged runs the photo pipeline on a staged file or a ZIP entry.
func processStaged(p photoJob) (media.Photo, error) {
	f, err := os.Open(p.Path)
	if err != nil {
		return media.Photo{}, err
	}
	defer f.Close()
	var r io.Reader = f
	if p.Entry >= 0 {
		st, err := f.Stat()
		if err != nil {
			return media.Photo{}, err
		}
		photos, _, err := media.ReadZip(f, st.Size(), media.DefaultZipLimits, isImage)
		if err != nil {
			return media.Photo{}, err
		}
		if p.Entry >= len(photos) {
			return media.Photo{}, media.Permanent(fmt.Errorf("zip entry %d gone", p.Entry))
		}
		rc, err := photos[p.Entry].Open()
		if err != nil {
			return media.Photo{}, err
		}
		defer rc.Close()
		r = rc
	}
	return media.ProcessPhoto(r, media.DefaultPhotoLimits)
}

// captionFromName turns "ภาพกิจกรรม_01.JPG" into "ภาพกิจกรรม_01".
func captionFromName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if r := []rune(base); len(r) > MaxCaption {
		base = string(r[:MaxCaption])
	}
	return strings.TrimSpace(base)
}

// finishItem counts a finished photo (counted) and records problems, then
// closes the batch when no job of it is left.
func (s *Store) finishItem(ctx context.Context, j media.Job, counted bool, probs ...Problem) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if counted {
			if _, err := tx.ExecContext(ctx, `UPDATE upload_batches SET processed = processed + 1, state = 'running', updated_at = ? WHERE id = ?`,
				ms(time.Now()), j.BatchID); err != nil {
				return err
			}
		}
		return addProblems(ctx, tx, j.BatchID, probs...)
	})
	if err != nil {
		return fmt.Errorf("content: batch %s: %w", j.BatchID, err)
	}
	return s.maybeFinishBatch(ctx, j)
}

func addProblems(ctx context.Context, tx *sql.Tx, batch string, probs ...Problem) error {
	if len(probs) == 0 {
		return nil
	}
	var cur string
	if err := tx.QueryRowContext(ctx, `SELECT problems FROM upload_batches WHERE id = ?`, batch).Scan(&cur); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	}
	var list []Problem
	json.Unmarshal([]byte(cur), &list)
	list = append(list, probs...)
	b, _ := json.Marshal(list)
	_, err := tx.ExecContext(ctx, `UPDATE upload_batches SET problems = ? WHERE id = ?`, string(b), batch)
	return err
}

// maybeFinishBatch marks the batch done and clears its staging files once no
// other job of the batch is queued or running.
func (s *Store) maybeFinishBatch(ctx context.Context, j media.Job) error {
	var left int
	if err := s.db.W.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE batch_id = ? AND id <> ? AND state IN ('queued','running')`,
		j.BatchID, j.ID).Scan(&left); err != nil {
		return err
	}
	if left > 0 {
		return nil
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE upload_batches SET state = 'done', updated_at = ? WHERE id = ?`, ms(time.Now()), j.BatchID); err != nil {
		return err
	}
	s.RemoveBatch(j.BatchID)
	return nil
}

// failJob reports a photo whose processing failed for good (not the user's
// fault: a disk error, a crash) and moves on.
func (s *Store) failJob(ctx context.Context, j media.Job, err error) {
	var name string
	var p photoJob
	if json.Unmarshal(j.Payload, &p) == nil {
		name = p.Name
	}
	s.log.Error("photo job failed", "job", j.ID, "batch", j.BatchID, "err", err)
	if ferr := s.finishItem(ctx, j, j.Kind == jobPhoto, Problem{Name: name, Key: "media.failed"}); ferr != nil {
		s.log.Error("photo job: record failure", "err", ferr)
	}
}

// UploadProgress reports a batch for the progress bar.
func (s *Store) UploadProgress(ctx context.Context, id string) (Progress, error) {
	p := Progress{ID: id}
	var probs string
	var news sql.NullInt64
	var draft sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT state, total, processed, problems, unit_id, news_id, draft_token FROM upload_batches WHERE id = ?`, id).
		Scan(&p.State, &p.Total, &p.Processed, &probs, &p.UnitID, &news, &draft)
	if err != nil {
		return p, notFound("upload "+id, err)
	}
	p.NewsID, p.Draft = news.Int64, draft.String
	json.Unmarshal([]byte(probs), &p.Problems)
	if p.Problems == nil {
		p.Problems = []Problem{}
	}
	return p, nil
}

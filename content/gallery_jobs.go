package content

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"newsroom/jobs"
	"newsroom/media"
)

// runPhotoJob processes one photo: fit, thumbnail, store, and add it to the
// gallery its batch belongs to now (the form may have been saved meanwhile),
// at the position its batch reserved for it. A photo already in that
// gallery (the same upload bytes or the same stored photo) is not added
// again; the user is told. A photo the user must fix is reported, not
// retried.
func (s *Store) runPhotoJob(ctx context.Context, j jobs.Job) error {
	var p photoJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	ph, hash, err := s.processStaged(ctx, j, p)
	var fe *media.FileError
	if errors.As(err, &fe) {
		return s.finishItem(ctx, j, Problem{Name: p.Name, Key: fe.Key, Args: fe.Args})
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
	var dup bool
	err = s.tx(ctx, func(tx *sql.Tx) error {
		dup = false
		var newsID sql.NullInt64
		var draft sql.NullString
		var unit int64
		var base, slots int
		err := tx.QueryRowContext(ctx, `SELECT b.news_id, b.draft_token, coalesce(n.unit_id, b.unit_id), b.base, b.slots
			FROM upload_batches b LEFT JOIN news n ON n.id = b.news_id WHERE b.id = ?`, j.BatchID).Scan(&newsID, &draft, &unit, &base, &slots)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the news was deleted while its photos were processing
		} else if err != nil {
			return err
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM photos WHERE batch_id = ? AND source_index = ?`, j.BatchID, p.Index).Scan(&done); err != nil || done > 0 {
			return err // a retried job whose photo is in already
		}
		g := Gallery{NewsID: newsID.Int64, DraftToken: draft.String}
		cond, arg := g.where()
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM photos WHERE `+cond+` AND (file_key = ? OR source_hash = ?)`,
			arg, fullKey, hash).Scan(&have); err != nil {
			return err
		}
		if have > 0 {
			dup = true
			return addProblems(ctx, tx, j.BatchID, Problem{Name: p.Name, Key: "upload.duplicate"})
		}
		pos := base + p.Index
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM photos WHERE `+cond+` AND position = ?`, arg, pos).Scan(&taken); err != nil {
			return err
		}
		if p.Index < 0 || p.Index >= slots || taken > 0 {
			// No reservation (a job of an older version) or its place was
			// taken: append after everything else.
			if pos, err = nextPosition(ctx, tx, g); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO photos (news_id, draft_token, unit_id, position, caption, file_key, thumb_key,
			width, height, batch_id, source_index, source_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullInt(g.NewsID), nullString(g.DraftToken), unit, pos, caption, fullKey, thumbKey, ph.Width, ph.Height, j.BatchID, p.Index, hash, ms(time.Now()))
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
	if dup {
		// Files stored for nothing (when only the upload's hash matched) are
		// left to the orphan sweep: deleting them now could race with
		// another upload of the same photo into another gallery.
		return nil
	}
	s.changed(ctx)
	return nil
}

// processStaged runs the photo pipeline on a staged file or a ZIP entry,
// read through the staging area with the job's context, and returns the
// SHA-256 of the uploaded bytes too. A staged file that is gone fails the
// job for good: the user is told to upload the photo again.
func (s *Store) processStaged(ctx context.Context, j jobs.Job, p photoJob) (media.Photo, string, error) {
	r, err := s.openStagedPhoto(ctx, j, p)
	if errors.Is(err, fs.ErrNotExist) {
		return media.Photo{}, "", jobs.Permanent(err)
	} else if err != nil {
		return media.Photo{}, "", err
	}
	defer r.Close()
	h := sha256.New()
	tee := io.TeeReader(r, h)
	ph, err := media.ProcessPhoto(tee, media.DefaultPhotoLimits)
	if err != nil {
		return ph, "", err
	}
	// The decoder may stop before the end (bytes after the image): hash all
	// of it, within the size the pipeline accepted.
	if _, err := io.Copy(io.Discard, io.LimitReader(tee, media.DefaultPhotoLimits.MaxBytes)); err != nil {
		return ph, "", err
	}
	return ph, hex.EncodeToString(h.Sum(nil)), nil
}

// openStagedPhoto opens the bytes of a job's photo.
func (s *Store) openStagedPhoto(ctx context.Context, j jobs.Job, p photoJob) (io.ReadCloser, error) {
	key, legacy := p.Staged, false
	if key == "" {
		var ok bool
		if key, ok = legacyStagedKey(j.BatchID, p.Path); !ok {
			return nil, jobs.Permanent(fmt.Errorf("photo job %d: staged file %q is not in batch %s", j.ID, p.Path, j.BatchID))
		}
		legacy = true
	}
	obj, err := s.files.OpenStaged(ctx, key)
	if err != nil {
		return nil, err
	}
	var rc io.ReadCloser
	switch {
	case p.Zip != nil:
		rc, err = media.OpenZipEntry(obj, *p.Zip, media.DefaultZipLimits)
	case legacy && p.Entry >= 0:
		// A job of an older version knows only the photo's number: list
		// the ZIP again, as that version did for every photo.
		var photos []media.ZipPhoto
		photos, _, err = media.ReadZip(obj, obj.Size(), media.DefaultZipLimits, isImage)
		switch {
		case err != nil:
		case p.Entry >= len(photos):
			err = jobs.Permanent(fmt.Errorf("zip entry %d gone", p.Entry))
		default:
			rc, err = photos[p.Entry].Open()
		}
	default:
		rc = io.NopCloser(io.NewSectionReader(obj, 0, obj.Size()))
	}
	if err != nil {
		obj.Close()
		return nil, err
	}
	return closeBoth{rc, obj}, nil
}

// closeBoth reads from an entry of a staged object and closes both.
type closeBoth struct {
	io.ReadCloser
	obj io.Closer
}

func (c closeBoth) Close() error { return errors.Join(c.ReadCloser.Close(), c.obj.Close()) }

// captionFromName turns "ภาพกิจกรรม_01.JPG" into "ภาพกิจกรรม_01".
func captionFromName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if r := []rune(base); len(r) > MaxCaption {
		base = string(r[:MaxCaption])
	}
	return strings.TrimSpace(base)
}

// finishItem records problems of a job; the job's settling counts it.
func (s *Store) finishItem(ctx context.Context, j jobs.Job, probs ...Problem) error {
	if len(probs) == 0 {
		return nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error { return addProblems(ctx, tx, j.BatchID, probs...) })
	if err != nil {
		return fmt.Errorf("content: batch %s: %w", j.BatchID, err)
	}
	return nil
}

// addProblems adds problems to a batch's list, each once (a retried job
// reports the same problem again).
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
	for _, p := range probs {
		if !slices.ContainsFunc(list, func(q Problem) bool { return q.Name == p.Name && q.Key == p.Key }) {
			list = append(list, p)
		}
	}
	b, _ := json.Marshal(list)
	_, err := tx.ExecContext(ctx, `UPDATE upload_batches SET problems = ? WHERE id = ?`, string(b), batch)
	return err
}

// settleJob runs in the transaction that marks a job of the pipeline done
// or failed: it counts a photo as processed and, when no job of the batch
// is left queued or running, closes the batch and (after the commit)
// removes its staging files. Two last jobs settling at the same moment are
// two transactions in turn on the one writer, so exactly the second closes
// the batch: it can never stay "running" with nothing left to do.
func (s *Store) settleJob(ctx context.Context, tx *sql.Tx, j jobs.Job, state string) (func(), error) {
	now := ms(time.Now())
	if j.Kind == jobPhoto {
		if _, err := tx.ExecContext(ctx, `UPDATE upload_batches SET processed = CASE WHEN processed < total THEN processed + 1 ELSE total END, updated_at = ? WHERE id = ?`, now, j.BatchID); err != nil {
			return nil, err
		}
	}
	closed, err := closeBatchIfDone(ctx, tx, j.BatchID, now)
	if err != nil || !closed {
		return nil, err
	}
	ctx = context.WithoutCancel(ctx)
	return func() { s.RemoveBatch(ctx, j.BatchID) }, nil
}

// closeBatchIfDone marks a batch done when no job of it is queued or
// running, and says whether it is finished (also when its row is gone).
func closeBatchIfDone(ctx context.Context, tx *sql.Tx, batch string, now int64) (bool, error) {
	var left int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE batch_id = ? AND state IN ('queued','running')`, batch).Scan(&left); err != nil {
		return false, err
	}
	state := "done"
	if left > 0 {
		state = "running"
	}
	if _, err := tx.ExecContext(ctx, `UPDATE upload_batches SET state = ?, updated_at = ? WHERE id = ? AND state IN ('queued','running')`,
		state, now, batch); err != nil {
		return false, err
	}
	return left == 0, nil
}

// failJob reports a photo whose processing failed for good (not the user's
// fault: a disk error, a crash) and moves on; settling counts it.
func (s *Store) failJob(ctx context.Context, j jobs.Job, err error) {
	var name string
	var p photoJob
	if json.Unmarshal(j.Payload, &p) == nil {
		name = p.Name
	}
	s.log.Error("photo job failed", "job", j.ID, "batch", j.BatchID, "err", err)
	if ferr := s.finishItem(ctx, j, Problem{Name: name, Key: "media.failed"}); ferr != nil {
		s.log.Error("photo job: record failure", "err", ferr)
	}
}

// UploadProgress reports a batch for the progress bar.
func (s *Store) UploadProgress(ctx context.Context, id string) (Progress, error) {
	p := Progress{ID: id}
	var probs string
	var news sql.NullInt64
	var draft sql.NullString
	// The unit is the news item's now (central may have moved it during the
	// upload), the uploader's for a form not saved yet.
	err := s.db.R.QueryRowContext(ctx, `SELECT b.state, b.total, b.processed, b.problems, coalesce(n.unit_id, b.unit_id), b.news_id, b.draft_token
		FROM upload_batches b LEFT JOIN news n ON n.id = b.news_id WHERE b.id = ?`, id).
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

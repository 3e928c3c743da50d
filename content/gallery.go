package content

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"newsroom/media"
)

// Job kinds of the photo pipeline.
const (
	jobZip   = "news.zip"
	jobPhoto = "news.photo"
)

// StagedFile is one uploaded file waiting in a batch's staging directory.
type StagedFile struct {
	Path string // inside the batch's staging directory
	Name string // the name on the user's computer: the default caption
}

// Uploader is who uploads, and for which unit.
type Uploader struct {
	UserID int64
	UnitID int64
}

// Problem is a file of an upload that could not be used, for the user.
type Problem struct {
	Name string `json:"name"`
	Key  string `json:"key"` // message key
	Args []any  `json:"args,omitempty"`
}

// Progress is an upload batch's state for the progress bar.
type Progress struct {
	ID        string    `json:"id"`
	State     string    `json:"state"`
	Total     int       `json:"total"`
	Processed int       `json:"processed"`
	Problems  []Problem `json:"problems"`
	UnitID    int64     `json:"-"`
	NewsID    int64     `json:"news_id,omitempty"`
	Draft     string    `json:"-"`
}

// NewBatch makes an empty staging directory for an upload and returns its id.
// The caller writes the files there, then calls StartUpload, or RemoveBatch
// when the upload broke off (nothing else was written).
func (s *Store) NewBatch() (id, dir string, err error) {
	b := make([]byte, 16)
	rand.Read(b)
	id = hex.EncodeToString(b)
	dir = filepath.Join(s.Staging, id)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", "", fmt.Errorf("content: staging: %w", err)
	}
	return id, dir, nil
}

// RemoveBatch deletes a batch's staging directory.
func (s *Store) RemoveBatch(id string) { os.RemoveAll(filepath.Join(s.Staging, id)) }

type zipJob struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Index int    `json:"index"` // file number within the batch
}

type photoJob struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Entry int    `json:"entry"` // photo number inside the ZIP, -1 for a plain file
	Index int    `json:"index"` // source order within the batch
}

// indexStride separates the photos of different files of one batch, so a
// ZIP's photos keep their natural order and stay after the file before it.
const indexStride = 100000

// StartUpload records the batch and queues its files: photos go straight to
// the workers, a ZIP is opened by a job of its own which then queues its
// photos. Everything is in one transaction: a failure queues nothing.
func (s *Store) StartUpload(ctx context.Context, batch string, g Gallery, by Uploader, files []StagedFile, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		plain := 0
		kinds := make([]bool, len(files))
		for i, f := range files {
			kinds[i] = isZipFile(f.Path)
			if !kinds[i] {
				plain++
			}
		}
		cond, arg := g.where()
		var base int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position), -1) + 1 FROM photos WHERE `+cond, arg).Scan(&base); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO upload_batches (id, user_id, unit_id, news_id, draft_token, total, base, staging, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch, nullInt(by.UserID), by.UnitID, nullInt(g.NewsID), nullString(g.DraftToken),
			plain, base, filepath.Join(s.Staging, batch), ms(now), ms(now))
		if err != nil {
			return err
		}
		for i, f := range files {
			if kinds[i] {
				err = s.queue.EnqueueTx(ctx, tx, jobZip, batch, zipJob{Path: f.Path, Name: f.Name, Index: i})
			} else {
				err = s.queue.EnqueueTx(ctx, tx, jobPhoto, batch, photoJob{Path: f.Path, Name: f.Name, Entry: -1, Index: i * indexStride})
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: start upload: %w", err)
	}
	s.queue.Wake()
	return nil
}

func isZipFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return n == 4 && string(head) == "PK\x03\x04"
}

// RegisterJobs tells the queue how to run the photo pipeline's jobs.
func (s *Store) RegisterJobs(q *media.Queue) {
	q.Handle(jobZip, s.runZipJob, s.failJob)
	q.Handle(jobPhoto, s.runPhotoJob, s.failJob)
}

func isImage(head []byte) bool {
	_, ok := media.Sniff(head)
	return ok
}

// runZipJob opens an uploaded ZIP and queues one job per photo in it. A bad
// archive (corrupt, bomb, nested) is reported as a whole and adds nothing.
func (s *Store) runZipJob(ctx context.Context, j media.Job) error {
	var p zipJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return media.Permanent(err)
	}
	photos, skipped, err := openZip(p.Path)
	var fe *media.FileError
	if errors.As(err, &fe) {
		return s.finishItem(ctx, j, false, append([]Problem{{Name: p.Name, Key: fe.Key, Args: fe.Args}}, skipped...)...)
	} else if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE upload_batches SET total = total + ?, state = 'running' WHERE id = ?`, len(photos), j.BatchID); err != nil {
			return err
		}
		if err := addProblems(ctx, tx, j.BatchID, skipped...); err != nil {
			return err
		}
		for i, ph := range photos {
			job := photoJob{Path: p.Path, Name: ph.Name, Entry: i, Index: p.Index*indexStride + i}
			if err := s.queue.EnqueueTx(ctx, tx, jobPhoto, j.BatchID, job); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.queue.Wake()
	return s.maybeFinishBatch(ctx, j)
}

// openZip lists the photos of a staged ZIP and reports the other entries.
func openZip(path string) ([]media.ZipPhoto, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	photos, skipped, err := media.ReadZip(f, st.Size(), media.DefaultZipLimits, isImage)
	var probs []Problem
	for _, sk := range skipped {
		probs = append(probs, Problem{Name: sk.Path, Key: sk.Reason, Args: sk.Args})
	}
	return photos, probs, err
}

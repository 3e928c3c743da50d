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
	"strings"
	"time"

	"newsroom/jobs"
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

// RemoveBatch deletes a batch's staging directory. An id that is not one
// plain name inside the staging directory removes nothing.
func (s *Store) RemoveBatch(id string) {
	if id == "" || !filepath.IsLocal(id) || strings.ContainsAny(id, `/\`) {
		return
	}
	os.RemoveAll(filepath.Join(s.Staging, id))
}

// zipJob is the job that opened a ZIP in the background. Uploads now list
// their ZIPs when they are queued (to reserve their photos' positions); the
// kind stays for jobs queued by an older version.
type zipJob struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Index int    `json:"index"` // file number within the batch
}

type photoJob struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Entry int    `json:"entry"` // photo number inside the ZIP, -1 for a plain file
	Index int    `json:"index"` // offset in the batch's block of gallery positions (arrival order)
}

// indexStride separated the photos of different files of one batch in
// jobs queued by an older version (see runZipJob).
const indexStride = 100000

// plannedPhoto is one photo an upload will add, in arrival order.
type plannedPhoto struct {
	path, name string
	entry      int
}

// planUpload lists the photos of the staged files in arrival order: a plain
// file is one photo (checked by its worker), a ZIP its photos in natural
// name order. What a ZIP holds besides photos, and a ZIP refused as a
// whole, are problems for the user. It reads at most 512 bytes of each ZIP
// entry, before any transaction.
func planUpload(files []StagedFile) ([]plannedPhoto, []Problem, error) {
	var out []plannedPhoto
	var probs []Problem
	for _, f := range files {
		if !isZipFile(f.Path) {
			out = append(out, plannedPhoto{path: f.Path, name: f.Name, entry: -1})
			continue
		}
		photos, skipped, err := openZip(f.Path)
		probs = append(probs, skipped...)
		var fe *media.FileError
		if errors.As(err, &fe) {
			probs = append(probs, Problem{Name: f.Name, Key: fe.Key, Args: fe.Args})
			continue
		} else if err != nil {
			return nil, nil, err
		}
		for i, ph := range photos {
			out = append(out, plannedPhoto{path: f.Path, name: ph.Name, entry: i})
		}
	}
	return out, probs, nil
}

// nextPosition is the first gallery position after every photo of g and
// every block still reserved by one of its uploads, inside tx.
func nextPosition(ctx context.Context, tx *sql.Tx, g Gallery) (int, error) {
	cond, arg := g.where()
	var next int
	err := tx.QueryRowContext(ctx, `SELECT max(
		(SELECT coalesce(max(position), -1) + 1 FROM photos WHERE `+cond+`),
		(SELECT coalesce(max(base + slots), 0) FROM upload_batches WHERE state IN ('queued','running') AND `+cond+`))`, arg, arg).Scan(&next)
	return next, err
}

// StartUpload records the batch and queues one job per photo. The batch
// reserves a block of gallery positions, one per photo in arrival order, in
// the same transaction, so concurrent uploads into one gallery never share
// positions or interleave: each upload's photos stay together. A failure
// queues nothing.
func (s *Store) StartUpload(ctx context.Context, batch string, g Gallery, by Uploader, files []StagedFile, now time.Time) error {
	photos, probs, err := planUpload(files)
	if err != nil {
		return fmt.Errorf("content: start upload: %w", err)
	}
	state := "queued"
	if len(photos) == 0 {
		state = "done" // nothing to process: the problems say why
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		base, err := nextPosition(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO upload_batches (id, user_id, unit_id, news_id, draft_token, total, base, slots, staging, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch, nullInt(by.UserID), by.UnitID, nullInt(g.NewsID), nullString(g.DraftToken),
			len(photos), base, len(photos), filepath.Join(s.Staging, batch), state, ms(now), ms(now))
		if err != nil {
			return err
		}
		if err := addProblems(ctx, tx, batch, probs...); err != nil {
			return err
		}
		for i, ph := range photos {
			if err := s.queue.EnqueueTx(ctx, tx, jobPhoto, batch, photoJob{Path: ph.path, Name: ph.name, Entry: ph.entry, Index: i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: start upload: %w", err)
	}
	if len(photos) == 0 {
		s.RemoveBatch(batch)
		return nil
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
func (s *Store) RegisterJobs(q *jobs.Queue) {
	q.Handle(jobZip, s.runZipJob, s.failJob)
	q.Handle(jobPhoto, s.runPhotoJob, s.failJob)
	q.Settle(jobZip, s.settleJob)
	q.Settle(jobPhoto, s.settleJob)
}

func isImage(head []byte) bool {
	_, ok := media.Sniff(head)
	return ok
}

// runZipJob opens a ZIP queued by an older version and queues one job per
// photo in it. Its batch reserved no positions, so its photos are appended
// to the gallery. A bad archive is reported as a whole and adds nothing.
func (s *Store) runZipJob(ctx context.Context, j jobs.Job) error {
	var p zipJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(err)
	}
	photos, skipped, err := openZip(p.Path)
	var fe *media.FileError
	if errors.As(err, &fe) {
		return s.finishItem(ctx, j, append([]Problem{{Name: p.Name, Key: fe.Key, Args: fe.Args}}, skipped...)...)
	} else if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE batch_id = ? AND kind = ? AND json_extract(payload, '$.path') = ?`,
			j.BatchID, jobPhoto, p.Path).Scan(&n)
		if err != nil || n > 0 {
			return err // a retry of a job that had queued its photos already
		}
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
	return nil
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

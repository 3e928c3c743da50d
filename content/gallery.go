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
	"io/fs"
	"strconv"
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

// StagedFile is one uploaded file waiting in the staging area of the
// media storage.
type StagedFile struct {
	Key  string // in the staging area, under the batch's id
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

// NewBatch returns the id of a new upload batch. The caller stages the
// files with Stage, then calls StartUpload, or RemoveBatch when the upload
// broke off (nothing else was written).
func (s *Store) NewBatch() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Stage streams the index-th file of an upload into the batch's staging
// area. Errors of r (a request cut off or over its size limit) come back
// wrapped.
func (s *Store) Stage(ctx context.Context, batch string, index int, name string, r io.Reader) (StagedFile, error) {
	key, _, err := s.files.PutStaged(ctx, batch, strconv.Itoa(index), r)
	if err != nil {
		return StagedFile{}, fmt.Errorf("content: stage upload: %w", err)
	}
	return StagedFile{Key: key, Name: name}, nil
}

// RemoveBatch deletes what a batch staged.
func (s *Store) RemoveBatch(ctx context.Context, id string) {
	if err := s.files.DeleteStaged(ctx, id); err != nil {
		s.log.Error("upload: remove staged files", "batch", id, "err", err)
	}
}

// zipJob is the job that opened a ZIP in the background. Uploads now list
// their ZIPs when they are queued (to reserve their photos' positions); the
// kind stays for jobs queued by an older version, which name the ZIP by
// its path in the staging directory.
type zipJob struct {
	Path  string `json:"path"`
	Name  string `json:"name"`
	Index int    `json:"index"` // file number within the batch
}

// photoJob is one photo to process. Its file is read through the staging
// area of the media storage: Staged is the key of the uploaded file, and
// for a photo inside a ZIP, Zip says where it lies in the archive, so the
// worker reads the photo's bytes without the ZIP's central directory (that
// was read once, when the batch was queued).
type photoJob struct {
	Staged string          `json:"staged,omitempty"`
	Zip    *media.ZipEntry `json:"zip,omitempty"` // nil for a plain file
	Name   string          `json:"name"`
	Index  int             `json:"index"` // offset in the batch's block of gallery positions (arrival order)

	// Jobs queued by a version that staged uploads as local files carry
	// the file's path and the photo's number inside the ZIP (-1 for a
	// plain file) instead; see legacyStagedKey.
	Path  string `json:"path,omitempty"`
	Entry int    `json:"entry,omitempty"`
}

// indexStride separated the photos of different files of one batch in
// jobs queued by an older version (see runZipJob).
const indexStride = 100000

// plannedPhoto is one photo an upload will add, in arrival order.
type plannedPhoto struct {
	key, name string
	zip       *media.ZipEntry
}

// planUpload lists the photos of the staged files in arrival order: a plain
// file is one photo (checked by its worker), a ZIP its photos in natural
// name order. What a ZIP holds besides photos, and a ZIP refused as a
// whole, are problems for the user. It reads each ZIP's central directory
// (the only time it is read) and at most 512 bytes of each entry, before
// any transaction.
func (s *Store) planUpload(ctx context.Context, files []StagedFile) ([]plannedPhoto, []Problem, error) {
	var out []plannedPhoto
	var probs []Problem
	for _, f := range files {
		photos, skipped, isZip, err := s.openZip(ctx, f.Key)
		if err == nil && !isZip {
			out = append(out, plannedPhoto{key: f.Key, name: f.Name})
			continue
		}
		probs = append(probs, skipped...)
		var fe *media.FileError
		if errors.As(err, &fe) {
			probs = append(probs, Problem{Name: f.Name, Key: fe.Key, Args: fe.Args})
			continue
		} else if err != nil {
			return nil, nil, err
		}
		for _, ph := range photos {
			e := ph.Entry()
			out = append(out, plannedPhoto{key: f.Key, name: ph.Name, zip: &e})
		}
	}
	return out, probs, nil
}

// nextPosition is the first gallery position after every photo of g and
// every block still reserved by one of its uploads, inside tx.
func nextPosition(ctx context.Context, tx *sql.Tx, g Gallery) (int, error) {
	cond, arg := g.where()
	var after, reserved int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(max(position), -1) + 1 FROM photos WHERE `+cond+`),
		(SELECT coalesce(max(base + slots), 0) FROM upload_batches WHERE state IN ('queued','running') AND `+cond+`)`, arg, arg).Scan(&after, &reserved)
	return max(after, reserved), err
}

// StartUpload records the batch and queues one job per photo. The batch
// reserves a block of gallery positions, one per photo in arrival order, in
// the same transaction, so concurrent uploads into one gallery never share
// positions or interleave: each upload's photos stay together. A failure
// queues nothing.
func (s *Store) StartUpload(ctx context.Context, batch string, g Gallery, by Uploader, files []StagedFile, now time.Time) error {
	photos, probs, err := s.planUpload(ctx, files)
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
		_, err = tx.ExecContext(ctx, `INSERT INTO upload_batches (id, user_id, unit_id, news_id, draft_token, total, base, slots, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, batch, nullInt(by.UserID), by.UnitID, nullInt(g.NewsID), nullString(g.DraftToken),
			len(photos), base, len(photos), state, ms(now), ms(now))
		if err != nil {
			return err
		}
		if err := addProblems(ctx, tx, batch, probs...); err != nil {
			return err
		}
		for i, ph := range photos {
			if err := s.queue.EnqueueTx(ctx, tx, jobPhoto, batch, photoJob{Staged: ph.key, Zip: ph.zip, Name: ph.name, Index: i}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: start upload: %w", err)
	}
	if len(photos) == 0 {
		s.RemoveBatch(ctx, batch)
		return nil
	}
	s.queue.Wake()
	return nil
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
	key, ok := legacyStagedKey(j.BatchID, p.Path)
	if !ok {
		return jobs.Permanent(fmt.Errorf("zip job %d: staged file %q is not in batch %s", j.ID, p.Path, j.BatchID))
	}
	photos, skipped, _, err := s.openZip(ctx, key)
	var fe *media.FileError
	if errors.As(err, &fe) {
		return s.finishItem(ctx, j, append([]Problem{{Name: p.Name, Key: fe.Key, Args: fe.Args}}, skipped...)...)
	} else if errors.Is(err, fs.ErrNotExist) {
		return jobs.Permanent(err) // the user is told the upload failed
	} else if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		queued, err := batchQueued(ctx, tx, j.BatchID, key)
		if err != nil || queued {
			return err // a retry of a job that had queued its photos already
		}
		if _, err := tx.ExecContext(ctx, `UPDATE upload_batches SET total = total + ?, state = 'running' WHERE id = ?`, len(photos), j.BatchID); err != nil {
			return err
		}
		if err := addProblems(ctx, tx, j.BatchID, skipped...); err != nil {
			return err
		}
		for i, ph := range photos {
			e := ph.Entry()
			job := photoJob{Staged: key, Zip: &e, Name: ph.Name, Index: p.Index*indexStride + i}
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

// batchQueued reports whether a photo job of the staged file key is queued
// in batch already, inside tx. The payloads are read here rather than
// matched in SQL, which has no portable way into JSON.
func batchQueued(ctx context.Context, tx *sql.Tx, batch, key string) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT payload FROM jobs WHERE batch_id = ? AND kind = ?`, batch, jobPhoto)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&payload); err != nil {
			return false, err
		}
		var p photoJob
		if json.Unmarshal(payload, &p) != nil {
			continue
		}
		if old, _ := legacyStagedKey(batch, p.Path); p.Staged == key || old == key {
			return true, nil // queued by this version, or by the old one before an upgrade
		}
	}
	return false, rows.Err()
}

// legacyStagedKey turns the staging path a job of an older version names
// (".../staging/<batch>/<n>") into the key of the same file in the staging
// area, where LocalStorage keeps it. Only the path's last two elements are
// read, and the first of them must be the job's batch; nothing is opened
// by path.
func legacyStagedKey(batch, path string) (string, bool) {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '\\' })
	if len(parts) < 2 || parts[len(parts)-2] != batch {
		return "", false
	}
	key := media.StagedKey(batch, parts[len(parts)-1])
	if _, _, ok := media.SplitStagedKey(key); !ok {
		return "", false
	}
	return key, true
}

// openZip lists the photos of a staged file when it is a ZIP (by its first
// bytes) and reports the other entries; isZip is false for any other file.
func (s *Store) openZip(ctx context.Context, key string) (photos []media.ZipPhoto, probs []Problem, isZip bool, err error) {
	obj, err := s.files.OpenStaged(ctx, key)
	if err != nil {
		return nil, nil, false, err
	}
	defer obj.Close()
	head := make([]byte, 4)
	if n, _ := obj.ReadAt(head, 0); n < 4 || string(head) != "PK\x03\x04" {
		return nil, nil, false, nil
	}
	photos, skipped, err := media.ReadZip(obj, obj.Size(), media.DefaultZipLimits, isImage)
	for _, sk := range skipped {
		probs = append(probs, Problem{Name: sk.Path, Key: sk.Reason, Args: sk.Args})
	}
	return photos, probs, true, err
}

package content

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"newsroom/media"
)

// stage stages files into a new batch, as the upload handler does.
func (f *fixture) stage(t *testing.T, files map[string][]byte, order []string) (string, []StagedFile) {
	t.Helper()
	batch := f.store.NewBatch()
	var out []StagedFile
	for i, name := range order {
		sf, err := f.store.Stage(context.Background(), batch, i, name, bytes.NewReader(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, sf)
	}
	return batch, out
}

// stagedLeft counts the staged objects of batch.
func (f *fixture) stagedLeft(t *testing.T, batch string) int {
	t.Helper()
	n := 0
	err := f.files.WalkStaged(context.Background(), func(o media.StagedInfo) error {
		if o.Batch == batch {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) upload(t *testing.T, g Gallery, unit int64, files map[string][]byte, order ...string) Progress {
	t.Helper()
	ctx := context.Background()
	batch, staged := f.stage(t, files, order)
	if err := f.store.StartUpload(ctx, batch, g, Uploader{UnitID: unit}, staged, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := f.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := f.store.UploadProgress(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if f.stagedLeft(t, batch) != 0 {
		t.Errorf("staged files of batch %s left behind", batch)
	}
	return p
}

type zipEntry struct {
	name  string
	data  []byte
	cp874 bool
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.cp874 {
			enc, err := charmap.Windows874.NewEncoder().String(e.name)
			if err != nil {
				t.Fatal(err)
			}
			h.Name, h.NonUTF8 = enc, true
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(e.data)
	}
	w.Close()
	return b.Bytes()
}

func TestUploadZipIntoDraftThenSave(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	g := Gallery{DraftToken: "draft-token-0123456789"}
	jpg := func(w int) []byte { return jpegBytes(t, w, 300) }
	z := makeZip(t,
		zipEntry{name: "ภาพกิจกรรม 10.jpg", data: jpg(410), cp874: true},
		zipEntry{name: "ภาพกิจกรรม 2.jpg", data: jpg(420), cp874: true},
		zipEntry{name: "งาน/ภาพกิจกรรม 1.jpg", data: jpg(430)},
		zipEntry{name: "__MACOSX/._ภาพกิจกรรม 1.jpg", data: []byte("junk")},
		zipEntry{name: "clip.mov", data: []byte("\x00\x00\x00\x14ftypqt  not a photo")},
		zipEntry{name: "รายงาน.docx", data: []byte("PK\x03\x04 not really")},
	)
	p := f.upload(t, g, f.unitA, map[string][]byte{"ภาพ.zip": z, "single.jpg": jpg(500)}, "single.jpg", "ภาพ.zip")
	if p.State != "done" || p.Total != 4 || p.Processed != 4 {
		t.Fatalf("progress %+v", p)
	}
	var skippedNames []string
	for _, pr := range p.Problems {
		skippedNames = append(skippedNames, pr.Name)
	}
	if len(p.Problems) != 2 || !strings.Contains(strings.Join(skippedNames, "|"), "clip.mov") || !strings.Contains(strings.Join(skippedNames, "|"), "รายงาน.docx") {
		t.Fatalf("problems: %+v", p.Problems)
	}
	photos, _ := f.store.Photos(ctx, g)
	var caps []string
	for _, ph := range photos {
		caps = append(caps, ph.Caption)
	}
	want := "single|ภาพกิจกรรม 1|ภาพกิจกรรม 2|ภาพกิจกรรม 10"
	if strings.Join(caps, "|") != want {
		t.Fatalf("order/captions %q, want %q", strings.Join(caps, "|"), want)
	}
	in := validNews(f.unitA, time.Now())
	in.DraftToken, in.MainPhotoID = g.DraftToken, photos[2].ID
	n, err := f.store.CreateNews(ctx, in, Author{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if n.PhotoCount != 4 || n.MainPhotoID != photos[2].ID {
		t.Fatalf("saved news: %d photos, main %d (want %d)", n.PhotoCount, n.MainPhotoID, photos[2].ID)
	}
	if left, _ := f.store.Photos(ctx, g); len(left) != 0 {
		t.Fatal("draft still holds photos after save")
	}
}

func TestBadUploadsAddNothing(t *testing.T) {
	good := jpegBytes(t, 300, 200)
	truncatedZip := makeZip(t, zipEntry{name: "a.jpg", data: good})
	truncatedZip = truncatedZip[:len(truncatedZip)/2]
	nested := makeZip(t, zipEntry{name: "inner.zip", data: makeZip(t, zipEntry{name: "a.jpg", data: good})}, zipEntry{name: "b.jpg", data: good})
	cases := []struct {
		name string
		file []byte
		key  string
	}{
		{"corrupt jpeg", good[:len(good)/3], "media.corrupt"},
		{"html named jpg", []byte("<!doctype html><html><script>alert(1)</script></html>"), "media.not_image"},
		{"empty file", nil, "media.empty"},
		{"truncated zip", truncatedZip, "media.zip_corrupt"},
		{"nested zip", nested, "media.zip_nested"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			g := Gallery{DraftToken: "draft-token-0123456789"}
			p := f.upload(t, g, f.unitA, map[string][]byte{"ภาพ.jpg": tc.file}, "ภาพ.jpg")
			if len(p.Problems) != 1 || p.Problems[0].Key != tc.key || p.Problems[0].Name != "ภาพ.jpg" {
				t.Fatalf("problems %+v, want one %s", p.Problems, tc.key)
			}
			if photos, _ := f.store.Photos(context.Background(), g); len(photos) != 0 {
				t.Fatalf("%d photos added from a bad upload", len(photos))
			}
			var files int
			f.files.Walk(func(string, os.FileInfo) error { files++; return nil })
			if files != 0 {
				t.Fatalf("%d media files written for a bad upload", files)
			}
		})
	}
}

func TestPhotoJobRetryDoesNotDuplicate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	g := Gallery{DraftToken: "draft-token-0123456789"}
	f.upload(t, g, f.unitA, map[string][]byte{"a.jpg": jpegBytes(t, 300, 200)}, "a.jpg")
	// A server died after storing the photo but before marking the job done:
	// the job runs again after its lease.
	if _, err := f.db.W.Exec(`UPDATE jobs SET state = 'queued' WHERE kind = ?`, jobPhoto); err != nil {
		t.Fatal(err)
	}
	if err := f.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if photos, _ := f.store.Photos(ctx, g); len(photos) != 1 {
		t.Fatalf("%d photos after a retried job", len(photos))
	}
}

func TestSaveWhileProcessingAttachesLatePhotos(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	g := Gallery{DraftToken: "draft-token-0123456789"}
	batch, staged := f.stage(t, map[string][]byte{"a.jpg": jpegBytes(t, 300, 200)}, []string{"a.jpg"})
	if err := f.store.StartUpload(ctx, batch, g, Uploader{UnitID: f.unitA}, staged, time.Now()); err != nil {
		t.Fatal(err)
	}
	in := validNews(f.unitA, time.Now())
	in.DraftToken = g.DraftToken
	n, err := f.store.CreateNews(ctx, in, Author{}, time.Now()) // saved before the worker ran
	if err != nil {
		t.Fatal(err)
	}
	if err := f.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, n.ID)
	if n.PhotoCount != 1 || n.MainPhotoID == 0 {
		t.Fatalf("late photo not attached: %d photos, main %d", n.PhotoCount, n.MainPhotoID)
	}
}

func TestPhotoManagerAndFileCleanup(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	a, _ := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	b, _ := f.store.CreateNews(ctx, validNews(f.unitB, now), Author{}, now)
	same := jpegBytes(t, 320, 240)
	pa1, err := f.store.AddPhoto(ctx, Gallery{NewsID: a.ID}, f.unitA, bytes.NewReader(same), "one.jpg", now)
	if err != nil {
		t.Fatal(err)
	}
	pa2, _ := f.store.AddPhoto(ctx, Gallery{NewsID: a.ID}, f.unitA, bytes.NewReader(jpegBytes(t, 330, 240)), "two.jpg", now)
	pb, _ := f.store.AddPhoto(ctx, Gallery{NewsID: b.ID}, f.unitB, bytes.NewReader(same), "same.jpg", now)
	if pa1.FileKey != pb.FileKey {
		t.Fatal("identical photos should share one stored file")
	}
	if err := f.store.Reorder(ctx, Gallery{NewsID: a.ID}, []int64{pa2.ID, pa1.ID, 999}); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetMain(ctx, pa2); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetCaption(ctx, pa2.ID, "  ผู้บริหาร   ลงนาม "); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetCaption(ctx, pa2.ID, strings.Repeat("ก", MaxCaption+1)); err == nil {
		t.Fatal("long caption accepted")
	}
	photos, _ := f.store.Photos(ctx, Gallery{NewsID: a.ID})
	n, _ := f.store.News(ctx, a.ID)
	if photos[0].ID != pa2.ID || photos[0].Caption != "ผู้บริหาร ลงนาม" || n.MainPhotoID != pa2.ID {
		t.Fatalf("manager state: %+v main %d", photos, n.MainPhotoID)
	}
	// Deleting the main photo promotes the next one.
	if err := f.store.DeletePhoto(ctx, photos[0]); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, a.ID)
	if n.MainPhotoID != pa1.ID {
		t.Fatalf("main after delete: %d, want %d", n.MainPhotoID, pa1.ID)
	}
	exists := func(key string) bool {
		r, _, err := f.files.Open(key)
		if err == nil {
			r.Close()
		}
		return err == nil
	}
	if exists(pa2.FileKey) {
		t.Error("deleted photo's file kept")
	}
	// Deleting news A keeps the file still used by news B.
	if err := f.store.DeleteNews(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if !exists(pb.FileKey) || !exists(pb.ThumbKey) {
		t.Fatal("a file still used by another news item was deleted")
	}
	f.store.DeleteNews(ctx, b.ID)
	if exists(pb.FileKey) {
		t.Fatal("file kept after the last reference went")
	}
}

func TestSweepOrphans(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	n, _ := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	kept, err := f.store.AddPhoto(ctx, Gallery{NewsID: n.ID}, f.unitA, bytes.NewReader(jpegBytes(t, 300, 200)), "a.jpg", now)
	if err != nil {
		t.Fatal(err)
	}
	orphan := jpegBytes(t, 310, 200)
	key := "ab/cd/abcdabcdabcdabcdabcdabcdabcdabcd.jpg"
	if err := f.files.Put(ctx, key, orphan); err != nil {
		t.Fatal(err)
	}
	// Young orphans stay (their row may be on the way); old ones go.
	if got, _ := f.store.SweepOrphans(ctx, f.files, now); got != 0 {
		t.Fatalf("swept %d young files", got)
	}
	got, err := f.store.SweepOrphans(ctx, f.files, now.Add(25*time.Hour))
	if err != nil || got != 1 {
		t.Fatalf("swept %d (%v), want the one orphan", got, err)
	}
	for _, k := range []string{kept.FileKey, kept.ThumbKey} {
		r, _, err := f.files.Open(k)
		if err != nil {
			t.Fatalf("referenced file %s swept", k)
		}
		r.Close()
	}
}

package content

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/jobs"
	"newsroom/media"
)

type fixture struct {
	store *Store
	db    *db.DB
	files *media.LocalStorage
	queue *jobs.Queue
	unitA int64
	unitB int64
	dir   string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	d, err := db.Open(context.Background(), dbtest.Target(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	files, err := media.NewLocalStorage(filepath.Join(dir, "media"), filepath.Join(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	q := jobs.NewQueue(d, 2, log)
	s := NewStore(d, files, q, log)
	s.RegisterJobs(q)
	f := &fixture{store: s, db: d, files: files, queue: q, dir: dir}
	for i, code := range []string{"science", "education"} {
		var id int64
		err := d.W.QueryRow(`INSERT INTO units (code, name_th, name_en, kind, created_at) VALUES (?, ?, ?, 'faculty', 0) RETURNING id`, code, "คณะ "+code, code).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.unitA = id
		} else {
			f.unitB = id
		}
	}
	return f
}

// jpegBytes makes a w×h JPEG with a gradient.
func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func validNews(unit int64, now time.Time) NewsInput {
	return NewsInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: now, End: DefaultEnd(now, 1), UnitID: unit, Publish: true},
		Type: Activity, Headline: "คณะวิทยาศาสตร์จัดกิจกรรม", Body: "<p>เนื้อหา</p>", PhotosPerRow: 4}
}

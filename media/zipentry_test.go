package media

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"hash/crc32"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestZipPhotoOpen(t *testing.T) {
	good := zipTJPEG(70000)
	short := zipTLiar(t, "short.jpg", 5000, 3000) // declares more than it holds
	short.raw.crc = 0                             // no CRC, so only the length can tell
	badCRC := zipTEntry{name: "crc.jpg", raw: &zipTRaw{method: zip.Store, data: good[:1000],
		crc: crc32.ChecksumIEEE(good[:1000]) + 1, compressed: 1000, size: 1000}}
	tests := []struct {
		name  string
		entry zipTEntry
		want  []byte // content, or nil when key is set
		key   string
		early bool // the problem shows in the first 512 bytes, so ReadZip finds it
	}{
		{"deflated", zipTEntry{name: "a.jpg", data: good}, good, "", false},
		{"stored", zipTEntry{name: "a.jpg", data: good, store: true}, good, "", false},
		{"tiny", zipTEntry{name: "a.jpg", data: good[:3]}, good[:3], "", false},
		// The ratio looks harmless (100 bytes declared), the data is 5 MB.
		{"data longer than declared", zipTLiar(t, "liar.jpg", 100, 5<<20), nil, "media.zip_bomb", true},
		{"data longer than declared, past the head", zipTLiar(t, "liar.jpg", 600, 5<<20), nil, "media.zip_bomb", false},
		{"data shorter than declared", short, nil, "media.zip_corrupt_entry", false},
		{"bad CRC", badCRC, nil, "media.zip_corrupt_entry", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := zipTBuild(t, tt.entry)
			photos, _, err := zipTRead(t, data, ZipLimits{})
			if tt.early {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Key != tt.key {
					t.Fatalf("ReadZip err = %v, want %s", err, tt.key)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadZip: %v", err)
			}
			if len(photos) != 1 {
				t.Fatalf("photos = %v", zipTPaths(photos))
			}
			rc, err := photos[0].Open()
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if tt.key == "" {
				if err != nil || !bytes.Equal(got, tt.want) {
					t.Fatalf("read %d bytes, %v; want %d bytes", len(got), err, len(tt.want))
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Key != tt.key {
				t.Fatalf("read err = %v, want %s", err, tt.key)
			}
			if int64(len(got)) > photos[0].Size {
				t.Errorf("read %d bytes, more than the declared %d", len(got), photos[0].Size)
			}
		})
	}
}

func TestZipPhotoOpenZeroValue(t *testing.T) {
	if _, err := (ZipPhoto{Path: "x.jpg"}).Open(); err == nil {
		t.Fatal("Open of a zero ZipPhoto succeeded")
	}
}

// TestReadZipBounded checks that listing reads no more than the heads and
// the directory, and that reading a photo streams: memory does not grow
// with entry size.
func TestReadZipBounded(t *testing.T) {
	big := zipTJPEG(31 << 20) // just over MaxEntry: skipped, never read
	mid := zipTJPEG(20 << 20)
	data := zipTBuild(t,
		zipTEntry{name: "big.jpg", data: big, store: true},
		zipTEntry{name: "mid.jpg", data: mid, store: true},
		zipTEntry{name: "empty.txt"},
	)
	counter := &zipTCountingReader{r: bytes.NewReader(data)}
	var heads []int
	isImage := func(h []byte) bool { heads = append(heads, len(h)); return zipLooksLikeImage(h) }

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	photos, skipped, err := ReadZip(counter, int64(len(data)), ZipLimits{}, isImage)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("ReadZip allocated %d bytes", alloc)
	}
	if counter.n > 1<<20 {
		t.Errorf("ReadZip read %d bytes of a %d-byte archive", counter.n, len(data))
	}
	for _, n := range heads {
		if n > 512 {
			t.Errorf("isImage got %d bytes", n)
		}
	}
	if len(photos) != 1 || len(skipped) != 2 || skipped[0].Reason != "media.zip_too_large_entry" {
		t.Fatalf("photos %v, skipped %v", zipTPaths(photos), skipped)
	}

	runtime.GC()
	runtime.ReadMemStats(&before)
	rc, err := photos[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	rc.Close()
	runtime.ReadMemStats(&after)
	if err != nil || n != int64(len(mid)) {
		t.Fatalf("read %d bytes, %v", n, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("reading a 20 MB photo allocated %d bytes", alloc)
	}
}

type zipTCountingReader struct {
	r *bytes.Reader
	n int
}

func (c *zipTCountingReader) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += n
	return n, err
}

// TestReadZipSourceErrors: a failing disk is an internal error, not the
// user's corrupt zip.
func TestReadZipSourceErrors(t *testing.T) {
	data := zipTBuild(t, zipTEntry{name: "a.jpg", data: zipTJPEG(100)})
	boom := errors.New("disk on fire")
	_, _, err := ReadZip(zipTFailingReader{boom}, int64(len(data)), ZipLimits{}, nil)
	var fe *FileError
	if errors.As(err, &fe) || !errors.Is(err, boom) {
		t.Fatalf("err = %v, want a wrapped disk error", err)
	}
}

type zipTFailingReader struct{ err error }

func (f zipTFailingReader) ReadAt([]byte, int64) (int, error) { return 0, f.err }

func TestZipSizeText(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1000, "1000 B"}, {1024, "1 KB"}, {1536, "1.5 KB"},
		{30 << 20, "30 MB"}, {30<<20 + 1, "30.1 MB"}, {1 << 30, "1 GB"}, {1<<30 + 1, "1.1 GB"},
	}
	for _, tt := range tests {
		if got := zipSizeText(tt.n); got != tt.want {
			t.Errorf("zipSizeText(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestZipDirectoryBudget: an archive of thousands of tiny entries is refused
// after reading a bounded part of its central directory, before archive/zip
// allocates an entry for each.
func TestZipDirectoryBudget(t *testing.T) {
	many := make([]zipTEntry, 5000)
	for i := range many {
		many[i] = zipTEntry{name: strings.Repeat("folder/", 12) + "x.txt", store: true}
	}
	data := zipTBuild(t, many...)
	counter := &zipTCountingReader{r: bytes.NewReader(data)}
	_, _, err := ReadZip(counter, int64(len(data)), ZipLimits{MaxEntries: 10}, nil)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Key != "media.zip_too_many_entries" {
		t.Fatalf("err = %v, want media.zip_too_many_entries", err)
	}
	if limit := zipDirBase + 10*zipDirPerEntry; counter.n > limit {
		t.Errorf("read %d bytes of a %d-byte archive, budget %d", counter.n, len(data), limit)
	}
}

// TestReadZipWithSniff uses the package's own sniffer, as the upload code
// does, and opens the photos concurrently, as the worker pool does.
func TestReadZipWithSniff(t *testing.T) {
	var entries []zipTEntry
	for _, n := range []string{"b/3.jpg", "a/1.jpg", "a/2.jpg", "a/10.jpg"} {
		entries = append(entries, zipTEntry{name: n, data: zipTJPEG(40000)})
	}
	entries = append(entries, zipTEntry{name: "page.jpg", data: []byte("<html><body>hi</body></html>")})
	data := zipTBuild(t, entries...)
	isImage := func(h []byte) bool { _, ok := Sniff(h); return ok }
	photos, skipped, err := ReadZip(bytes.NewReader(data), int64(len(data)), ZipLimits{}, isImage)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := zipTPaths(photos), []string{"a/1.jpg", "a/2.jpg", "a/10.jpg", "b/3.jpg"}; !reflect.DeepEqual(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
	if len(skipped) != 1 || skipped[0].Path != "page.jpg" {
		t.Errorf("skipped %v", skipped)
	}
	errs := make(chan error, len(photos))
	for _, p := range photos {
		go func() {
			rc, err := p.Open()
			if err == nil {
				var got []byte
				got, err = io.ReadAll(rc)
				rc.Close()
				if err == nil && !bytes.Equal(got, zipTJPEG(40000)) {
					err = errors.New(p.Path + ": wrong content")
				}
			}
			errs <- err
		}()
	}
	for range photos {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A photo is read again from its ZipEntry (through JSON, as a job payload
// carries it) without the central directory: every read lies inside the
// entry's own compressed data, and the bytes are the photo's.
func TestOpenZipEntryReadsOnlyItsData(t *testing.T) {
	entries := []zipTEntry{
		{name: "a/1.jpg", data: zipTJPEG(70000)},
		{name: "a/2.jpg", data: zipTJPEG(30000), store: true},
		{name: "notes.txt", data: []byte("not a photo")},
		{name: "a/3.jpg", data: zipTJPEG(3)},
	}
	data := zipTBuild(t, entries...)
	photos, _, err := ReadZip(bytes.NewReader(data), int64(len(data)), ZipLimits{}, nil)
	if err != nil || len(photos) != 3 {
		t.Fatalf("ReadZip: %d photos, %v", len(photos), err)
	}
	for _, p := range photos {
		b, err := json.Marshal(p.Entry())
		if err != nil {
			t.Fatal(err)
		}
		var e ZipEntry
		if err := json.Unmarshal(b, &e); err != nil || e != p.Entry() {
			t.Fatalf("entry %s through JSON: %+v, %v", p.Path, e, err)
		}
		src := &zipTRangeReader{r: bytes.NewReader(data), lo: e.Offset, hi: e.Offset + e.Compressed}
		rc, err := OpenZipEntry(src, e, ZipLimits{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		want := entries[slices.IndexFunc(entries, func(z zipTEntry) bool { return z.name == p.Path })].data
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes, %v; want %d bytes", p.Path, len(got), err, len(want))
		}
		if src.outside > 0 {
			t.Errorf("%s: %d reads outside the entry's data", p.Path, src.outside)
		}
	}
}

// OpenZipEntry refuses what a tampered payload could ask for, and keeps a
// failing disk apart from a broken upload.
func TestOpenZipEntryRefusals(t *testing.T) {
	good := zipTJPEG(1000)
	data := zipTBuild(t, zipTEntry{name: "a.jpg", data: good})
	photos, _, err := ReadZip(bytes.NewReader(data), int64(len(data)), ZipLimits{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := photos[0].Entry()
	boom := errors.New("disk on fire")
	tests := []struct {
		name string
		ra   io.ReaderAt
		edit func(*ZipEntry)
		key  string // FileError key, or "" for the disk error
	}{
		{"negative offset", bytes.NewReader(data), func(e *ZipEntry) { e.Offset = -1 }, "media.zip_corrupt_entry"},
		{"unknown method", bytes.NewReader(data), func(e *ZipEntry) { e.Method = 99 }, "media.zip_unsupported_method"},
		{"wrong offset", bytes.NewReader(data), func(e *ZipEntry) { e.Offset += 7 }, "media.zip_corrupt_entry"},
		{"size understated", bytes.NewReader(data), func(e *ZipEntry) { e.Size = 10 }, "media.zip_bomb"},
		{"wrong CRC", bytes.NewReader(data), func(e *ZipEntry) { e.CRC32++ }, "media.zip_corrupt_entry"},
		{"disk error", zipTFailingReader{boom}, func(*ZipEntry) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e
			tt.edit(&e)
			rc, err := OpenZipEntry(tt.ra, e, ZipLimits{})
			if err == nil {
				_, err = io.ReadAll(rc)
				rc.Close()
			}
			var fe *FileError
			switch {
			case tt.key == "" && (errors.As(err, &fe) || !errors.Is(err, boom)):
				t.Errorf("err = %v; want the disk error, not the user's", err)
			case tt.key != "" && (!errors.As(err, &fe) || fe.Key != tt.key):
				t.Errorf("err = %v; want %s", err, tt.key)
			}
		})
	}
}

// zipTRangeReader counts reads that reach outside [lo, hi).
type zipTRangeReader struct {
	r       *bytes.Reader
	lo, hi  int64
	outside int
}

func (z *zipTRangeReader) ReadAt(p []byte, off int64) (int, error) {
	if off < z.lo || off+int64(len(p)) > z.hi {
		z.outside++
	}
	return z.r.ReadAt(p, off)
}

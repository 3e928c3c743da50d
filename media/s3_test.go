package media_test

// The storage conformance table: every Store implementation (the local
// directories and S3 on a real server, see package s3test) must behave the
// same for everything the site does with its files.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"newsroom/media"
	"newsroom/media/s3test"
)

type backend struct {
	name string
	open func(t *testing.T) media.Store
}

func backends() []backend {
	return []backend{
		{"local", func(t *testing.T) media.Store {
			s, err := media.OpenStorage(context.Background(), "", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"s3", func(t *testing.T) media.Store {
			u := s3test.Start(t)
			s, err := media.OpenStorage(context.Background(), u, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	}
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestStorageConformance(t *testing.T) {
	ctx := context.Background()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			small := []byte("a small photo")
			smallKey := media.Key(small, ".jpg")
			// Bigger than the S3 reader's first windows, so reads cross them.
			big := randomBytes(t, 3<<20+123)
			bigKey := media.Key(big, ".pdf")

			t.Run("put and open", func(t *testing.T) {
				for _, c := range []struct {
					key  string
					data []byte
				}{{smallKey, small}, {bigKey, big}} {
					if err := s.Put(ctx, c.key, c.data); err != nil {
						t.Fatal(err)
					}
					f, size, err := s.Open(c.key)
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(f)
					f.Close()
					if err != nil {
						t.Fatal(err)
					}
					if size != int64(len(c.data)) || !bytes.Equal(got, c.data) {
						t.Fatalf("%s: read %d bytes (size %d), want %d, equal %v", c.key, len(got), size, len(c.data), bytes.Equal(got, c.data))
					}
				}
			})

			t.Run("put twice is harmless", func(t *testing.T) {
				if err := s.Put(ctx, smallKey, small); err != nil {
					t.Fatal(err)
				}
			})

			t.Run("seek and read", func(t *testing.T) {
				f, _, err := s.Open(bigKey)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				for _, c := range []struct{ off, n int64 }{
					{0, 10}, {1<<20 - 5, 10}, {int64(len(big)) - 7, 7}, {5, 2 << 20}, {100, 1}, {3 << 20, 123},
				} {
					if _, err := f.Seek(c.off, io.SeekStart); err != nil {
						t.Fatal(err)
					}
					got := make([]byte, c.n)
					if _, err := io.ReadFull(f, got); err != nil {
						t.Fatalf("read %d at %d: %v", c.n, c.off, err)
					}
					if !bytes.Equal(got, big[c.off:c.off+c.n]) {
						t.Fatalf("read %d at %d: wrong bytes", c.n, c.off)
					}
				}
				end, err := f.Seek(0, io.SeekEnd)
				if err != nil || end != int64(len(big)) {
					t.Fatalf("seek end = %d, %v", end, err)
				}
				if n, err := f.Read(make([]byte, 10)); n != 0 || err != io.EOF {
					t.Fatalf("read at end = %d, %v; want 0, EOF", n, err)
				}
			})

			t.Run("range requests through ServeContent", func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					f, _, err := s.Open(bigKey)
					if err != nil {
						http.NotFound(w, r)
						return
					}
					defer f.Close()
					w.Header().Set("Content-Type", "application/pdf")
					http.ServeContent(w, r, "", time.Time{}, f)
				}))
				defer srv.Close()
				req, _ := http.NewRequest("GET", srv.URL, nil)
				req.Header.Set("Range", "bytes=2000000-2000099")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(got, big[2000000:2000100]) {
					t.Fatalf("range: status %d, %d bytes, equal %v", resp.StatusCode, len(got), bytes.Equal(got, big[2000000:2000100]))
				}
				if cr := resp.Header.Get("Content-Range"); cr != fmt.Sprintf("bytes 2000000-2000099/%d", len(big)) {
					t.Fatalf("Content-Range %q", cr)
				}
			})

			t.Run("walk", func(t *testing.T) {
				seen := map[string]int64{}
				err := s.Walk(func(key string, info fs.FileInfo) error {
					seen[key] = info.Size()
					if time.Since(info.ModTime()) > time.Hour || info.ModTime().After(time.Now().Add(time.Hour)) {
						t.Errorf("%s: modified %v", key, info.ModTime())
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if seen[smallKey] != int64(len(small)) || seen[bigKey] != int64(len(big)) || len(seen) != 2 {
					t.Fatalf("walk saw %v", seen)
				}
				stop := errors.New("stop")
				if err := s.Walk(func(string, fs.FileInfo) error { return stop }); !errors.Is(err, stop) {
					t.Fatalf("walk stopped with %v, want fn's error", err)
				}
			})

			t.Run("missing and bad keys", func(t *testing.T) {
				missing := media.Key([]byte("never stored"), ".jpg")
				for _, key := range []string{missing, "../../etc/passwd", "ab/cd/x.jpg", ""} {
					if _, _, err := s.Open(key); !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("Open(%q) = %v, want fs.ErrNotExist", key, err)
					}
				}
				for _, key := range []string{"../x.jpg", "ab/cd/x.jpg", "staging/a/b"} {
					if err := s.Put(ctx, key, small); err == nil {
						t.Errorf("Put(%q) succeeded", key)
					}
					if err := s.Delete(ctx, key); err == nil {
						t.Errorf("Delete(%q) succeeded", key)
					}
				}
				if err := s.Delete(ctx, missing); err != nil {
					t.Errorf("Delete of a missing key: %v", err)
				}
			})

			t.Run("concurrent puts of one key", func(t *testing.T) {
				data := randomBytes(t, 200<<10)
				key := media.Key(data, ".png")
				var wg sync.WaitGroup
				errs := make([]error, 8)
				for i := range errs {
					wg.Add(1)
					go func() {
						defer wg.Done()
						errs[i] = s.Put(ctx, key, data)
					}()
				}
				wg.Wait()
				if err := errors.Join(errs...); err != nil {
					t.Fatal(err)
				}
				f, _, err := s.Open(key)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(f)
				f.Close()
				if !bytes.Equal(got, data) {
					t.Fatal("concurrent puts left other bytes")
				}
				if err := s.Delete(ctx, key); err != nil {
					t.Fatal(err)
				}
			})

			t.Run("delete", func(t *testing.T) {
				if err := s.Delete(ctx, smallKey); err != nil {
					t.Fatal(err)
				}
				if _, _, err := s.Open(smallKey); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("open after delete: %v", err)
				}
			})

			t.Run("staging", func(t *testing.T) {
				var zbuf bytes.Buffer
				zw := zip.NewWriter(&zbuf)
				entry := randomBytes(t, 1<<20+77)
				for _, name := range []string{"a.jpg", "b.jpg"} {
					w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
					w.Write(entry)
				}
				zw.Close()
				batch := "b1"
				key, n, err := s.PutStaged(ctx, batch, "0", bytes.NewReader(zbuf.Bytes()))
				if err != nil || key != "b1/0" || n != int64(zbuf.Len()) {
					t.Fatalf("PutStaged = %q, %d, %v", key, n, err)
				}
				if _, _, err := s.PutStaged(ctx, batch, "0", bytes.NewReader(small)); err == nil {
					t.Fatal("a second PutStaged of one name succeeded")
				}
				if _, _, err := s.PutStaged(ctx, batch, "1", bytes.NewReader(small)); err != nil {
					t.Fatal(err)
				}
				if _, _, err := s.PutStaged(ctx, "b2", "0", bytes.NewReader(small)); err != nil {
					t.Fatal(err)
				}
				obj, err := s.OpenStaged(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				if obj.Size() != int64(zbuf.Len()) {
					t.Fatalf("size %d, want %d", obj.Size(), zbuf.Len())
				}
				zr, err := zip.NewReader(obj, obj.Size())
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range zr.File {
					rc, err := f.Open()
					if err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(rc)
					rc.Close()
					if err != nil || !bytes.Equal(got, entry) {
						t.Fatalf("zip entry %s read in place: %v, equal %v", f.Name, err, bytes.Equal(got, entry))
					}
				}
				tail := make([]byte, 10)
				if n, err := obj.ReadAt(tail, obj.Size()-5); n != 5 || err != io.EOF {
					t.Fatalf("ReadAt past the end = %d, %v; want 5, EOF", n, err)
				}
				obj.Close()

				var walked []string
				err = s.WalkStaged(ctx, func(o media.StagedInfo) error {
					walked = append(walked, o.Batch+"|"+o.Key)
					if o.Modified.IsZero() {
						t.Errorf("%s: no modification time", o.Key)
					}
					return nil
				})
				sort.Strings(walked)
				if err != nil || fmt.Sprint(walked) != "[b1|b1/0 b1|b1/1 b2|b2/0]" {
					t.Fatalf("WalkStaged = %v, %v", walked, err)
				}
				if err := s.DeleteStaged(ctx, batch); err != nil {
					t.Fatal(err)
				}
				if _, err := s.OpenStaged(ctx, key); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("OpenStaged after DeleteStaged: %v", err)
				}
				if err := s.DeleteStaged(ctx, batch); err != nil {
					t.Fatalf("DeleteStaged of an empty batch: %v", err)
				}
				walked = nil
				s.WalkStaged(ctx, func(o media.StagedInfo) error { walked = append(walked, o.Key); return nil })
				if fmt.Sprint(walked) != "[b2/0]" {
					t.Fatalf("after delete, WalkStaged = %v", walked)
				}
				for _, k := range []string{"../x", "b1/../../x", "b1", "", "b1/a/b"} {
					if _, err := s.OpenStaged(ctx, k); !errors.Is(err, fs.ErrNotExist) {
						t.Errorf("OpenStaged(%q) = %v, want fs.ErrNotExist", k, err)
					}
				}
				for _, b := range []string{"..", "", "a/b"} {
					if err := s.DeleteStaged(ctx, b); err == nil {
						t.Errorf("DeleteStaged(%q) succeeded", b)
					}
					if _, _, err := s.PutStaged(ctx, b, "0", bytes.NewReader(small)); err == nil {
						t.Errorf("PutStaged(%q) succeeded", b)
					}
				}
			})

			t.Run("staging stops on reader errors", func(t *testing.T) {
				boom := errors.New("client went away")
				r := io.MultiReader(bytes.NewReader(small), errReader{boom})
				if _, _, err := s.PutStaged(ctx, "b3", "0", r); !errors.Is(err, boom) {
					t.Fatalf("PutStaged = %v, want the reader's error", err)
				}
				if _, err := s.OpenStaged(ctx, "b3/0"); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("a failed PutStaged left an object: %v", err)
				}
			})

			t.Run("sweep temp", func(t *testing.T) {
				if _, err := s.SweepTemp(time.Now(), time.Hour); err != nil {
					t.Fatal(err)
				}
				// Nothing stored is ever taken for litter.
				if _, _, err := s.Open(bigKey); err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// The local layout is today's: dataDir/media and dataDir/staging.
func TestOpenStorageLocalLayout(t *testing.T) {
	dir := t.TempDir()
	s, err := media.OpenStorage(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	key := media.Key([]byte("x"), ".jpg")
	if err := s.Put(context.Background(), key, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := filepath.Glob(filepath.Join(dir, "media", key)); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "media", filepath.FromSlash(key))); len(m) != 1 {
		t.Fatalf("%s not under dataDir/media", key)
	}
	if _, _, err := s.PutStaged(context.Background(), "b", "0", bytes.NewReader([]byte("y"))); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "staging", "b", "0")); len(m) != 1 {
		t.Fatal("staged file not under dataDir/staging")
	}
}

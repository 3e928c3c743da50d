package media

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"
	"unicode/utf8"

	"newsroom/bench/fuzz/tally"
)

// FuzzReadZip: whatever the bytes, ReadZip and reading its photos neither
// panic nor hang, every error is a *FileError, and every path is clean,
// valid UTF-8 and in natural order.
func FuzzReadZip(f *testing.F) {
	f.Add(zipTBuild(f,
		zipTEntry{name: "a/img2.jpg", data: zipTJPEG(200)},
		zipTEntry{name: "a/img10.jpg", data: zipTJPEG(100), store: true},
		zipTEntry{name: "__MACOSX/._x.jpg", data: zipTJPEG(20)},
		zipTEntry{name: "clip.mov", data: zipTMOV}))
	f.Add(zipTBuild(f, zipTEntry{name: zipTCP874(f, "ภาพ 1.jpg"), nonUTF8: true, data: zipTJPEG(50)}))
	f.Add(zipTBuild(f, zipTEntry{name: "../../x.jpg", data: zipTPNG}, zipTEntry{name: "d/"}))
	f.Add(zipTBuild(f, zipTEntry{name: "in.zip", data: zipTBuild(f, zipTEntry{name: "x.jpg", data: zipTJPEG(10)})}))
	f.Add(zipTBuild(f, zipTLiar(f, "liar.jpg", 100, 3000)))
	f.Add(zipTBuild(f, zipTEntry{name: "u.jpg", data: zipTJPEG(30), extra: zipTUnicodeExtra("u.jpg", "ภาพ.jpg")}))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte{})
	// Found by the fuzzer: a header offset that points before the archive.
	f.Add([]byte("PK\x01\x0200000000000000000\x00\x00\x0000\x00\x00\t\x00\x00\x00\x00\x00000000000\x00\x00\x00000000000PK\x05\x06000000\x01\x007\x00\x00\x001000\x00\x00"))

	lim := ZipLimits{MaxEntries: 50, MaxPhotos: 20, MaxEntry: 1 << 20, MaxTotal: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		tally.Count()
		photos, skipped, err := ReadZip(bytes.NewReader(data), int64(len(data)), lim, nil)
		zipTFileErr(t, err)
		for _, s := range skipped {
			zipTCheckFuzzPath(t, s.Path)
		}
		for i, p := range photos {
			zipTCheckFuzzPath(t, p.Path)
			if i > 0 && !NaturalLess(photos[i-1].Path, p.Path) && photos[i-1].Path != p.Path {
				t.Errorf("%q listed before %q", photos[i-1].Path, p.Path)
			}
			rc, err := p.Open()
			if err != nil {
				zipTFileErr(t, err)
				continue
			}
			n, err := io.Copy(io.Discard, rc)
			rc.Close()
			zipTFileErr(t, err)
			if n > p.Size {
				t.Errorf("%q: read %d bytes, declared %d", p.Path, n, p.Size)
			}
		}
		// The order is a total order on whatever names came out.
		paths := zipTPaths(photos)
		if !slices.IsSortedFunc(paths, zipNaturalCompare) {
			t.Errorf("not sorted: %q", paths)
		}
	})
}

func zipTFileErr(t *testing.T, err error) {
	t.Helper()
	var fe *FileError
	if err != nil && !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FileError", err, err)
	}
}

func zipTCheckFuzzPath(t *testing.T, p string) {
	t.Helper()
	if !utf8.ValidString(p) {
		t.Errorf("path %q is not UTF-8", p)
	}
	zipTCheckClean(t, p)
}

// FuzzZipNaturalLess: the comparison is antisymmetric and consistent with
// equality, for any two strings.
func FuzzZipNaturalLess(f *testing.F) {
	f.Add("img2.jpg", "img10.jpg")
	f.Add("ภาพ ๒", "ภาพ 10")
	f.Add("a/b", "a b")
	f.Fuzz(func(t *testing.T, a, b string) {
		tally.Count()
		ab, ba := zipNaturalCompare(a, b), zipNaturalCompare(b, a)
		if ab != -ba || (ab == 0) != (a == b) {
			t.Errorf("compare(%q, %q) = %d, reverse %d", a, b, ab, ba)
		}
	})
}

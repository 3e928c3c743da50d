package media

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"reflect"
	"strings"
	"testing"

	"newsroom"

	"golang.org/x/text/encoding/charmap"
)

// zipTEntry describes one entry of a test archive.
type zipTEntry struct {
	name    string
	data    []byte
	store   bool   // Store instead of Deflate
	nonUTF8 bool   // raw name bytes, no UTF-8 flag
	extra   []byte // extra fields, as written
	flags   uint16 // extra flags

	// raw, when set, is written as is with these declared sizes and CRC.
	raw *zipTRaw
}

type zipTRaw struct {
	data             []byte
	method           uint16
	crc              uint32
	compressed, size uint64
	flags            uint16
}

// zipTBuild writes a zip archive of entries in memory.
func zipTBuild(t testing.TB, entries ...zipTEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw != nil {
			h := &zip.FileHeader{Name: e.name, Method: e.raw.method, CRC32: e.raw.crc,
				CompressedSize64: e.raw.compressed, UncompressedSize64: e.raw.size,
				NonUTF8: e.nonUTF8, Flags: e.raw.flags, Extra: e.extra}
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(e.raw.data); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, NonUTF8: e.nonUTF8, Extra: e.extra, Flags: e.flags}
		if e.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipTJPEG is enough of a JPEG for a magic-number check.
func zipTJPEG(n int) []byte {
	b := make([]byte, max(n, 16))
	copy(b, "\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	for i := 11; i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	return b
}

var (
	zipTPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	zipTMOV = []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ")
)

func zipTCP874(t testing.TB, s string) string {
	t.Helper()
	b, err := charmap.Windows874.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipTDocx builds something shaped like a Word document.
func zipTDocx(t testing.TB) []byte {
	return zipTBuild(t,
		zipTEntry{name: "[Content_Types].xml", data: []byte("<Types/>")},
		zipTEntry{name: "word/document.xml", data: []byte("<w:document/>")})
}

func zipTRead(t testing.TB, data []byte, lim ZipLimits) ([]ZipPhoto, []ZipSkip, error) {
	t.Helper()
	return ReadZip(bytes.NewReader(data), int64(len(data)), lim, nil)
}

func zipTPaths(photos []ZipPhoto) []string {
	var out []string
	for _, p := range photos {
		out = append(out, p.Path)
	}
	return out
}

func TestReadZipPhotos(t *testing.T) {
	thai := func(s string) zipTEntry {
		return zipTEntry{name: zipTCP874(t, s), nonUTF8: true, data: zipTJPEG(300)}
	}
	tests := []struct {
		name    string
		entries []zipTEntry
		lim     ZipLimits
		paths   []string
		names   []string
		skipped []ZipSkip
	}{{
		name: "any depth, junk ignored, natural order",
		entries: []zipTEntry{
			{name: "trip/"},
			{name: "trip/img10.jpg", data: zipTJPEG(500)},
			{name: "trip/img2.jpg", data: zipTJPEG(500)},
			{name: "img1.jpg", data: zipTJPEG(500), store: true},
			{name: "trip/sub/deeper/IMG3.PNG", data: zipTPNG},
			{name: "__MACOSX/trip/._img2.jpg", data: zipTJPEG(100)},
			{name: ".DS_Store", data: []byte("Bud1")},
			{name: "trip/.hidden.jpg", data: zipTJPEG(100)},
			{name: "Thumbs.db", data: []byte("\xd0\xcf\x11\xe0")},
			{name: "trip/desktop.ini", data: []byte("[.ShellClassInfo]")},
			{name: "trip/clip.mov", data: zipTMOV},
			{name: "notes.docx", data: zipTDocx(t)},
			{name: "photo-by-name-only.jpg", data: []byte("<!doctype html><p>not a photo")},
		},
		paths: []string{"img1.jpg", "trip/img2.jpg", "trip/img10.jpg", "trip/sub/deeper/IMG3.PNG"},
		names: []string{"img1.jpg", "img2.jpg", "img10.jpg", "IMG3.PNG"},
		skipped: []ZipSkip{
			{Path: "notes.docx", Reason: "media.zip_not_image"},
			{Path: "photo-by-name-only.jpg", Reason: "media.zip_not_image"},
			{Path: "trip/clip.mov", Reason: "media.zip_not_image"},
		},
	}, {
		name: "Windows-874 names without the UTF-8 flag",
		entries: []zipTEntry{
			thai("กิจกรรม/ภาพกิจกรรม 10.jpg"),
			thai("กิจกรรม/ภาพกิจกรรม 2.jpg"),
			thai("กิจกรรม/ภาพกิจกรรม 1.jpg"),
			{name: zipTCP874(t, "กิจกรรม/กำหนดการ.docx"), nonUTF8: true, data: zipTDocx(t)},
		},
		paths: []string{"กิจกรรม/ภาพกิจกรรม 1.jpg", "กิจกรรม/ภาพกิจกรรม 2.jpg", "กิจกรรม/ภาพกิจกรรม 10.jpg"},
		names: []string{"ภาพกิจกรรม 1.jpg", "ภาพกิจกรรม 2.jpg", "ภาพกิจกรรม 10.jpg"},
		skipped: []ZipSkip{
			{Path: "กิจกรรม/กำหนดการ.docx", Reason: "media.zip_not_image"},
		},
	}, {
		name: "UTF-8 with and without the flag, Thai digits",
		entries: []zipTEntry{
			{name: "ภาพ ๑๐.jpg", data: zipTJPEG(100)},               // flag set by archive/zip
			{name: "ภาพ ๒.jpg", data: zipTJPEG(100), nonUTF8: true}, // macOS style
		},
		paths: []string{"ภาพ ๒.jpg", "ภาพ ๑๐.jpg"},
		names: []string{"ภาพ ๒.jpg", "ภาพ ๑๐.jpg"},
	}, {
		name: "Info-ZIP Unicode Path extra field wins over the raw name",
		entries: []zipTEntry{{
			name: "\x80\x81.jpg", nonUTF8: true, data: zipTJPEG(100),
			extra: zipTUnicodeExtra("\x80\x81.jpg", "ภาพหมู่.jpg"),
		}, {
			name: "stale.jpg", data: zipTJPEG(100),
			extra: zipTUnicodeExtra("renamed since.jpg", "ผิด.jpg"),
		}},
		paths: []string{"stale.jpg", "ภาพหมู่.jpg"},
		names: []string{"stale.jpg", "ภาพหมู่.jpg"},
	}, {
		name: "unsafe names are cleaned",
		entries: []zipTEntry{
			{name: "../../x.jpg", data: zipTJPEG(100)},
			{name: "/etc/y.jpg", data: zipTJPEG(100)},
			{name: `C:\photos\z.jpg`, data: zipTJPEG(100)},
			{name: `a\..\..\..\w.jpg`, data: zipTJPEG(100)},
			{name: "bad\x00\nname.jpg", data: zipTJPEG(100)},
			{name: "../", data: nil},
		},
		paths: []string{"badname.jpg", "etc/y.jpg", "photos/z.jpg", "w.jpg", "x.jpg"},
		names: []string{"badname.jpg", "y.jpg", "z.jpg", "w.jpg", "x.jpg"},
	}, {
		name: "entries too large or unreadable are skipped",
		lim:  ZipLimits{MaxEntry: 1000},
		entries: []zipTEntry{
			{name: "big.jpg", data: zipTJPEG(1500)},
			{name: "ok.jpg", data: zipTJPEG(1000)},
			{name: "lzma.jpg", raw: &zipTRaw{method: 14, data: []byte("xx"), compressed: 2, size: 2}},
		},
		paths: []string{"ok.jpg"},
		names: []string{"ok.jpg"},
		skipped: []ZipSkip{
			{Path: "big.jpg", Reason: "media.zip_too_large_entry", Args: []any{"1.5 KB", "1000 B"}},
			{Path: "lzma.jpg", Reason: "media.zip_unsupported_method"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := zipTBuild(t, tt.entries...)
			photos, skipped, err := zipTRead(t, data, tt.lim)
			if err != nil {
				t.Fatalf("ReadZip: %v", err)
			}
			if got := zipTPaths(photos); !reflect.DeepEqual(got, tt.paths) {
				t.Errorf("paths\n got %q\nwant %q", got, tt.paths)
			}
			var names []string
			for _, p := range photos {
				names = append(names, p.Name)
			}
			if !reflect.DeepEqual(names, tt.names) {
				t.Errorf("names\n got %q\nwant %q", names, tt.names)
			}
			if !reflect.DeepEqual(skipped, tt.skipped) {
				t.Errorf("skipped\n got %#v\nwant %#v", skipped, tt.skipped)
			}
			for _, p := range photos {
				zipTCheckClean(t, p.Path)
			}
		})
	}
}

func zipTCheckClean(t testing.TB, p string) {
	t.Helper()
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) || strings.Contains(p, "//") {
		t.Errorf("path %q is not clean", p)
	}
	for _, c := range strings.Split(p, "/") {
		if c == ".." || c == "." {
			t.Errorf("path %q has a %q component", p, c)
		}
	}
}

// zipTUnicodeExtra builds an Info-ZIP Unicode Path extra field for raw.
func zipTUnicodeExtra(raw, name string) []byte {
	b := []byte{0x75, 0x70, 0, 0, 1, 0, 0, 0, 0}
	n := 5 + len(name)
	b[2], b[3] = byte(n), byte(n>>8)
	c := crc32.ChecksumIEEE([]byte(raw))
	b[5], b[6], b[7], b[8] = byte(c), byte(c>>8), byte(c>>16), byte(c>>24)
	return append(b, name...)
}

// zipTBomb is a real bomb: size bytes of zeros, deflated. It is built from
// one flushed block repeated, so the test never compresses gigabytes.
func zipTBomb(t testing.TB, name string, size int64) []byte {
	t.Helper()
	const chunk = 1 << 20
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	if _, err := fw.Write(make([]byte, chunk)); err != nil {
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	var stream bytes.Buffer
	crc := crc32.NewIEEE()
	zeros := make([]byte, chunk)
	for range size / chunk {
		stream.Write(block.Bytes())
		crc.Write(zeros)
	}
	stream.Write([]byte{0x03, 0x00}) // final empty fixed-Huffman block
	return zipTBuild(t,
		zipTEntry{name: "ok.jpg", data: zipTJPEG(100)},
		zipTEntry{name: name, raw: &zipTRaw{method: zip.Deflate, data: stream.Bytes(),
			crc: crc.Sum32(), compressed: uint64(stream.Len()), size: uint64(size / chunk * chunk)}})
}

func TestZipBombIsReal(t *testing.T) {
	// The bomb the tests use decompresses to what it declares.
	data := zipTBomb(t, "zeros.bin", 8<<20)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[1].Open()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, rc)
	if err != nil || n != 8<<20 {
		t.Fatalf("bomb decompressed to %d bytes, %v", n, err)
	}
}

func TestReadZipErrors(t *testing.T) {
	photo := zipTEntry{name: "ok.jpg", data: zipTJPEG(600)}
	valid := zipTBuild(t, photo, zipTEntry{name: "two.jpg", data: zipTJPEG(600)})
	nested := zipTBuild(t, photo)
	many := make([]zipTEntry, 3000)
	for i := range many {
		many[i] = zipTEntry{name: strings.Repeat("long-folder-name/", 6) + "x.txt", store: true}
	}
	tests := []struct {
		name string
		data []byte
		lim  ZipLimits
		key  string
		args []any
	}{
		{"empty input", nil, ZipLimits{}, "media.zip_corrupt", nil},
		{"random bytes", bytes.Repeat([]byte{0x13, 0x37, 0xca, 0xfe, 0x99}, 400), ZipLimits{}, "media.zip_corrupt", nil},
		{"an HTML page", []byte("<!DOCTYPE html><html><body>404 Not Found</body></html>"), ZipLimits{}, "media.zip_corrupt", nil},
		{"truncated", valid[:len(valid)/2], ZipLimits{}, "media.zip_corrupt", nil},
		{"truncated inside the directory", valid[:len(valid)-30], ZipLimits{}, "media.zip_corrupt", nil},
		{"entries claim more bytes than the archive has",
			zipTBuild(t, photo, zipTEntry{name: "liar.jpg", raw: &zipTRaw{method: zip.Store, data: zipTJPEG(100), compressed: 50 << 20, size: 50 << 20}}),
			ZipLimits{}, "media.zip_corrupt", nil},
		{"nested zip", zipTBuild(t, photo, zipTEntry{name: "more/photos.zip", data: nested}), ZipLimits{}, "media.zip_nested", []any{"more/photos.zip"}},
		{"nested zip named like a photo", zipTBuild(t, photo, zipTEntry{name: zipTCP874(t, "ภาพ.jpg"), nonUTF8: true, data: nested}), ZipLimits{}, "media.zip_nested", []any{"ภาพ.jpg"}},
		{"nested rar", zipTBuild(t, photo, zipTEntry{name: "a.rar", data: []byte("Rar!\x1a\x07\x01\x00rest")}), ZipLimits{}, "media.zip_nested", []any{"a.rar"}},
		{"nested 7z", zipTBuild(t, photo, zipTEntry{name: "a.7z", data: []byte("7z\xbc\xaf\x27\x1c\x00\x04rest")}), ZipLimits{}, "media.zip_nested", []any{"a.7z"}},
		{"nested tar.gz", zipTBuild(t, photo, zipTEntry{name: "a.tgz", data: []byte("\x1f\x8b\x08\x00rest")}), ZipLimits{}, "media.zip_nested", []any{"a.tgz"}},
		{"2 GB of zeros", zipTBomb(t, "zeros.bin", 2<<30), ZipLimits{}, "media.zip_bomb", []any{"zeros.bin"}},
		{"300 MB of zeros named like a photo", zipTBomb(t, "IMG_0001.JPG", 300<<20), ZipLimits{}, "media.zip_bomb", []any{"IMG_0001.JPG"}},
		{"declared size smaller than the data", zipTBuild(t, photo, zipTLiar(t, "liar.jpg", 100, 5<<20)), ZipLimits{}, "media.zip_bomb", []any{"liar.jpg"}},
		{"encrypted", zipTBuild(t, photo, zipTEntry{name: "secret.jpg", raw: &zipTRaw{method: zip.Store, flags: 1, data: []byte("garbage-garbage"), compressed: 15, size: 3}}),
			ZipLimits{}, "media.zip_encrypted", []any{"secret.jpg"}},
		{"too many entries", zipTBuild(t, zipTEntry{name: "d/"}, photo, zipTEntry{name: ".DS_Store"}, zipTEntry{name: "x.txt"}),
			ZipLimits{MaxEntries: 3}, "media.zip_too_many_entries", []any{3}},
		{"central directory over budget", zipTBuild(t, many...), ZipLimits{MaxEntries: 10}, "media.zip_too_many_entries", []any{10}},
		{"too many photos", zipTBuild(t, photo, zipTEntry{name: "b.jpg", data: zipTJPEG(10)}, zipTEntry{name: "c.jpg", data: zipTJPEG(10)}),
			ZipLimits{MaxPhotos: 2}, "media.zip_too_many_photos", []any{3, 2}},
		{"too large in total", valid, ZipLimits{MaxTotal: 1000}, "media.zip_too_large", []any{"1.2 KB", "1000 B"}},
		{"no photos", zipTBuild(t, zipTEntry{name: "a.mov", data: zipTMOV}, zipTEntry{name: "__MACOSX/._a.jpg", data: zipTJPEG(100)}),
			ZipLimits{}, "media.zip_empty", nil},
		{"only folders", zipTBuild(t, zipTEntry{name: "a/"}, zipTEntry{name: "a/b/"}), ZipLimits{}, "media.zip_empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			photos, _, err := zipTRead(t, tt.data, tt.lim)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v (%d photos), want *FileError %s", err, len(photos), tt.key)
			}
			if fe.Key != tt.key || !reflect.DeepEqual(fe.Args, tt.args) {
				t.Errorf("err = %s %#v, want %s %#v", fe.Key, fe.Args, tt.key, tt.args)
			}
			if !errors.Is(err, newsroom.ErrInvalid) {
				t.Error("not newsroom.ErrInvalid")
			}
			if photos != nil {
				t.Errorf("photos = %v, want none on error", zipTPaths(photos))
			}
		})
	}
}

func TestReadZipEmptyKeepsSkipped(t *testing.T) {
	data := zipTBuild(t, zipTEntry{name: "talk.mov", data: zipTMOV}, zipTEntry{name: "ข่าว.docx", data: zipTDocx(t)})
	_, skipped, err := zipTRead(t, data, ZipLimits{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Key != "media.zip_empty" {
		t.Fatalf("err = %v, want media.zip_empty", err)
	}
	want := []ZipSkip{{Path: "talk.mov", Reason: "media.zip_not_image"}, {Path: "ข่าว.docx", Reason: "media.zip_not_image"}}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped = %#v, want %#v", skipped, want)
	}
}

// zipTLiar is an entry whose header declares size bytes while its deflate
// stream holds real bytes: a JPEG start, then zeros.
func zipTLiar(t testing.TB, name string, size, real int) zipTEntry {
	t.Helper()
	content := make([]byte, real)
	copy(content, zipTJPEG(16))
	var c bytes.Buffer
	fw, _ := flate.NewWriter(&c, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	return zipTEntry{name: name, raw: &zipTRaw{method: zip.Deflate, data: c.Bytes(),
		crc: crc32.ChecksumIEEE(content[:min(size, real)]), compressed: uint64(c.Len()), size: uint64(size)}}
}

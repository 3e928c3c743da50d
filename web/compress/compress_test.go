package compress

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept string
		want   Encoding
	}{
		{"", Identity},
		{"identity", Identity},
		{"br", Brotli},
		{"gzip", Gzip},
		{"x-gzip", Gzip},
		{"GZIP", Gzip},
		{"gzip, deflate, br, zstd", Brotli}, // Chromium
		{"gzip, deflate, br", Brotli},       // Firefox, Safari
		{"gzip, deflate", Gzip},             // curl --compressed without br, Go's client
		{"deflate", Identity},
		{"br;q=0.5, gzip;q=0.8", Gzip},
		{"br;q=0.8, gzip;q=0.5", Brotli},
		{"br;q=0.5, gzip;q=0.5", Brotli}, // a tie: Brotli
		{"br;q=0, gzip", Gzip},
		{"gzip;q=0, br;q=0", Identity},
		{"gzip;q=0", Identity},
		{"br;q=0.000", Identity},
		{"br;q=1.000", Brotli},
		{"br;q=1.001, gzip", Gzip}, // malformed q: not acceptable
		{"br;q=2, gzip", Gzip},
		{"br;q=abc, gzip", Gzip},
		{"br;q=, gzip", Gzip},
		{"br ; q = 0.3 , gzip ; q = 0.2", Brotli},
		{"*", Brotli},
		{"*;q=0", Identity},
		{"*;q=0, gzip", Gzip},
		{"gzip;q=0, *", Brotli},
		{"br;q=0, *;q=0.5", Gzip},
		{"identity;q=0", Identity}, // nothing else offered: identity anyway
		{"br;level=5;q=0.9", Brotli},
		{",,, ;;, gzip", Gzip},
		{"brotli, gzipx", Identity},
		{strings.Repeat(" ", 2000) + "br", Identity}, // past the bound: not read
	} {
		if got := Negotiate(tc.accept); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.accept, got, tc.want)
		}
	}
}

func TestNegotiateDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Negotiate("gzip, deflate, br;q=0.9, zstd") }); n != 0 {
		t.Fatalf("Negotiate allocates %v times", n)
	}
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8":           true,
		"text/css; charset=utf-8":            true,
		"text/javascript; charset=utf-8":     true,
		"application/javascript":             true,
		"application/json; charset=utf-8":    true,
		"application/rss+xml; charset=utf-8": true,
		"application/atom+xml":               true,
		"application/xml":                    true,
		"image/svg+xml":                      true,
		"text/csv; charset=utf-8":            true,
		"text/plain; charset=utf-8":          true,
		"text/event-stream":                  false,
		"image/jpeg":                         false,
		"image/webp":                         false,
		"font/woff2":                         false,
		"application/pdf":                    false,
		"application/zip":                    false,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": false,
		"application/octet-stream": false,
		"":                         false,
	} {
		if got := Compressible(ct); got != want {
			t.Errorf("Compressible(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	body := []byte(strings.Repeat("<p>ข่าวมหาวิทยาลัยนครพนม news</p>\n", 200))
	for _, e := range []Encoding{Identity, Gzip, Brotli} {
		enc := Encode(e, body)
		if got := decode(t, e, enc); !bytes.Equal(got, body) {
			t.Fatalf("%q: decoded body differs", e)
		}
		if e != Identity && len(enc) >= len(body)/4 {
			t.Errorf("%q: %d bytes from %d", e, len(enc), len(body))
		}
	}
}

func decode(t testing.TB, e Encoding, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch e {
	case Gzip:
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case Brotli:
		r = brotli.NewReader(r)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzNegotiate: any header value gives one of the three codings, never a
// panic, and a coding refused with q=0 is never chosen.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "br", "gzip, deflate, br, zstd", "br;q=0, gzip;q=0.5", "*;q=0", "gzip;q=1.000", "br;q=0.;q=1", ";,=;q"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Negotiate(s)
		if e > Brotli {
			t.Fatalf("Negotiate(%q) = %d", s, e)
		}
		if e != Identity && len(s) < maxAccept/2 {
			if again := Negotiate(s + "," + e.String() + ";q=0"); again == e {
				t.Fatalf("Negotiate(%q + %s;q=0) still chose %s", s, e, e)
			}
		}
	})
}

// BenchmarkBrotliQuality measures what each Brotli quality costs on a saved
// page (NEWSROOM_PAGE=file; default: a synthetic page) and prints the sizes:
//
//	NEWSROOM_PAGE=/tmp/home.html go test ./web/compress -run '^$' -bench BrotliQuality
func BenchmarkBrotliQuality(b *testing.B) {
	page := []byte(strings.Repeat("<article class=card><a href=/news/123><h3>ข่าวกิจกรรมคณะวิทยาศาสตร์</h3></a></article>\n", 300))
	if f := os.Getenv("NEWSROOM_PAGE"); f != "" {
		var err error
		if page, err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []int{1, 4, 5, 6, 7, 8, 9, 10, 11} {
		b.Run("br-q"+itoa(q), func(b *testing.B) {
			var n int
			for b.Loop() {
				n = len(EncodeLevel(Brotli, page, 0, q))
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
	for _, l := range []int{1, 6, 9} {
		b.Run("gzip-"+itoa(l), func(b *testing.B) {
			var n int
			for b.Loop() {
				n = len(EncodeLevel(Gzip, page, l, 0))
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}

func itoa(n int) string {
	if n >= 10 {
		return string(rune('0'+n/10)) + string(rune('0'+n%10))
	}
	return string(rune('0' + n))
}

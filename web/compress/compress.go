// Package compress chooses a response's content coding from the request's
// Accept-Encoding and compresses bodies with gzip (klauspost/compress) and
// Brotli (andybalholm/brotli). The page cache and the assets use it to keep
// compressed copies made once; web's Gzip middleware uses it for answers made
// per request.
package compress

import (
	"bytes"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// Encoding is a content coding we can send.
type Encoding uint8

const (
	Identity Encoding = iota
	Gzip
	Brotli
)

// String is the coding's token in Content-Encoding ("" for identity).
func (e Encoding) String() string {
	switch e {
	case Gzip:
		return "gzip"
	case Brotli:
		return "br"
	}
	return ""
}

// MinSize is the smallest body worth compressing: below it the coding's
// header and the extra answer headers eat most of the gain.
const MinSize = 1024

// maxAccept bounds how much of an Accept-Encoding header is read; real
// browsers send about 25 bytes.
const maxAccept = 1024

// Negotiate picks the coding for an Accept-Encoding value: the acceptable
// coding (q > 0, given by name or by "*") with the highest q, Brotli on a
// tie; identity when neither is acceptable. It does not allocate.
func Negotiate(accept string) Encoding {
	qBr, qGz := qualities(accept)
	switch {
	case qBr > 0 && qBr >= qGz:
		return Brotli
	case qGz > 0:
		return Gzip
	}
	return Identity
}

// AcceptsGzip reports whether gzip is acceptable (q > 0) to the client,
// whatever it prefers; answers compressed per request use gzip only.
func AcceptsGzip(accept string) bool {
	_, qGz := qualities(accept)
	return qGz > 0
}

// qualities returns the q (in thousandths) of Brotli and gzip.
func qualities(accept string) (qBr, qGz int) {
	if accept == "" {
		return 0, 0
	}
	if len(accept) > maxAccept {
		accept = accept[:maxAccept]
	}
	qStar := -1
	qBr, qGz = -1, -1 // -1: not named
	for accept != "" {
		var item string
		item, accept, _ = strings.Cut(accept, ",")
		name, params, _ := strings.Cut(item, ";")
		name = strings.TrimSpace(name)
		q := 1000
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			k, v, ok := strings.Cut(p, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				q = parseQ(strings.TrimSpace(v))
			}
		}
		switch {
		case strings.EqualFold(name, "br"):
			qBr = q
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			qGz = q
		case name == "*":
			qStar = q
		}
	}
	if qBr < 0 {
		qBr = max(qStar, 0)
	}
	if qGz < 0 {
		qGz = max(qStar, 0)
	}
	return qBr, qGz
}

// parseQ reads a qvalue ("0", "0.5", "1", "1.000") in thousandths; anything
// malformed counts as 0 (not acceptable), the safe reading.
func parseQ(s string) int {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0
	}
	q := int(s[0]-'0') * 1000
	if len(s) > 1 {
		if s[1] != '.' {
			return 0
		}
		scale := 100
		for _, c := range s[2:] {
			if c < '0' || c > '9' {
				return 0
			}
			q += int(c-'0') * scale
			scale /= 10
		}
	}
	if q > 1000 {
		return 0
	}
	return q
}

// Compressible reports whether a Content-Type is text worth compressing:
// HTML, CSS, JavaScript, JSON, XML (feeds, sitemaps), SVG, CSV and plain
// text. Images, fonts, PDFs, spreadsheets and archives are not (they are
// compressed already); nor is an event stream, which must flow as written.
func Compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.ToLower(strings.TrimSpace(ct))
	switch {
	case ct == "text/event-stream":
		return false
	case strings.HasPrefix(ct, "text/"):
		return true
	case ct == "application/json", ct == "application/javascript", ct == "application/xml",
		ct == "image/svg+xml", ct == "application/manifest+json":
		return true
	case strings.HasPrefix(ct, "application/") && (strings.HasSuffix(ct, "+xml") || strings.HasSuffix(ct, "+json")):
		return true
	}
	return false
}

// BrotliQuality is the Brotli quality of cached pages' copies. A page's
// copy is made again after every content change, and the requests that
// want it wait while it is made, so it must be cheap: on the 31 KB homepage
// of bench/site (BenchmarkBrotliQuality, 2 busy cores) quality 6 gives
// 4,467 bytes in about 2.8 ms, 9 gives 4,420 in 20 ms and 11 gives 4,084
// in 59 ms; 6 is within 1% of 9 at a seventh of the cost, and 11 saves
// 380 bytes for 20 times the CPU.
const BrotliQuality = 6

// AssetBrotliQuality is the Brotli quality of the assets' copies: made once
// per process for a handful of files that browsers then keep for a year,
// so the smallest is worth its cost.
const AssetBrotliQuality = 11

// GzipLevel is the gzip level of copies made once and kept.
const GzipLevel = gzip.BestCompression

// Encode returns b in coding e (b itself for identity). Copies made with it
// are meant to be kept: it uses the slow, small settings.
func Encode(e Encoding, b []byte) []byte {
	return EncodeLevel(e, b, GzipLevel, BrotliQuality)
}

// EncodeLevel is Encode at the given gzip level and Brotli quality.
func EncodeLevel(e Encoding, b []byte, gzLevel, brQuality int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	switch e {
	case Gzip:
		w, err := gzip.NewWriterLevel(&buf, gzLevel)
		if err != nil {
			panic(err) // a constant level out of range: a programming error
		}
		w.Write(b)
		w.Close()
	case Brotli:
		w := brotli.NewWriterLevel(&buf, brQuality)
		w.Write(b)
		w.Close()
	default:
		return b
	}
	return buf.Bytes()
}

// gzipWriters recycles the streaming gzip writers of answers compressed per
// request (each holds about 1 MB of tables at level 6).
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// GetGzipWriter takes a pooled gzip writer; give it back with PutGzipWriter
// after Close.
func GetGzipWriter() *gzip.Writer { return gzipWriters.Get().(*gzip.Writer) }

// PutGzipWriter returns a closed writer to the pool.
func PutGzipWriter(w *gzip.Writer) { gzipWriters.Put(w) }

// ETagMatch reports whether an If-None-Match value names tag: the tag
// itself (the usual case), "*", or a comma-separated list holding it, weak
// or not (If-None-Match compares weakly).
func ETagMatch(header, tag string) bool {
	if header == tag || header == "*" {
		return true
	}
	tag = strings.TrimPrefix(tag, "W/")
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == tag {
			return true
		}
	}
	return false
}

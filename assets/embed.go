// Package assets serves the site's own CSS, JavaScript, images and fonts and
// the vendored editor (Quill) from the binary. Every URL carries a content
// hash (?v=…) so browsers and proxies may cache the files for a year; a
// changed file gets a new URL. The stylesheets' own references (the fonts in
// fonts.css) are rewritten to hashed URLs too, so a font is cached for a
// year like the stylesheet that names it. Text files (CSS, JavaScript, SVG,
// JSON, text) are sent gzip- or Brotli-compressed to clients that accept it,
// each copy made once per process on its first request.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"newsroom/web/compress"
)

//go:embed css js fonts vendor img
var files embed.FS

// Assets is the embedded file set with a content hash per file.
type Assets struct {
	files map[string]*file
}

// file is one asset, its header values made once, and its compressed
// copies, made on first use.
type file struct {
	body                            []byte
	hash                            string
	etag, contentType, length, vary []string
	compressible                    bool
	gz, br                          lazyCopy
}

type lazyCopy struct {
	once                   sync.Once
	body                   []byte
	etag, length, encoding []string
}

// The files never change while the process runs, so every Assets (one per
// app; tests start many) shares one table and its compressed copies.
var table = sync.OnceValues(load)

// New hashes every embedded file once.
func New() (*Assets, error) {
	t, err := table()
	if err != nil {
		return nil, err
	}
	return &Assets{files: t}, nil
}

// cssURL finds url(...) references in a stylesheet.
var cssURL = regexp.MustCompile(`url\(\s*(['"]?)([^'")\s]+)(['"]?)\s*\)`)

func load() (map[string]*file, error) {
	t := map[string]*file{}
	var css []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		t[p] = &file{body: b}
		if path.Ext(p) == ".css" {
			css = append(css, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p, f := range t {
		if path.Ext(p) != ".css" {
			f.finish(p)
		}
	}
	// Stylesheets last: their relative references become the referenced
	// files' hashed URLs, and their own hash covers that.
	sort.Strings(css)
	for _, p := range css {
		f := t[p]
		f.body = cssURL.ReplaceAllFunc(f.body, func(m []byte) []byte {
			sub := cssURL.FindSubmatch(m)
			ref := string(sub[2])
			if strings.Contains(ref, ":") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "#") {
				return m // data:, absolute and fragment references stay
			}
			target, ok := t[path.Join(path.Dir(p), ref)]
			if !ok || target.hash == "" {
				return m
			}
			return []byte("url(" + "/assets/" + path.Join(path.Dir(p), ref) + "?v=" + target.hash + ")")
		})
		f.finish(p)
	}
	return t, nil
}

// finish hashes a file's final body and makes its header values.
func (f *file) finish(name string) {
	h := sha256.Sum256(f.body)
	f.hash = hex.EncodeToString(h[:])[:12]
	f.etag = []string{`"` + f.hash + `"`}
	f.length = []string{strconv.Itoa(len(f.body))}
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".woff2":
		ct = "font/woff2"
	case ".svg":
		ct = "image/svg+xml"
	}
	if ct != "" {
		f.contentType = []string{ct}
	}
	// woff2, images and the like are compressed already.
	f.compressible = len(f.body) >= compress.MinSize && compress.Compressible(ct)
	if f.compressible {
		f.vary = []string{"Accept-Encoding"}
	}
}

// URL returns the public URL of an asset ("css/site.css" → "/assets/css/site.css?v=…").
// An unknown name panics at template execution, which tests catch.
func (a *Assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		panic("assets: no such file " + name)
	}
	return "/assets/" + name + "?v=" + f.hash
}

// Compressions counts the compressed copies made in this process (tests).
func Compressions() int64 { return compressions.Load() }

var compressions atomic.Int64

var (
	immutable = []string{"public, max-age=31536000, immutable"}
	shortLife = []string{"public, max-age=300"}
)

// ServeHTTP serves /assets/<name>. The type comes from the extension of our
// own file names, never from anything a user chose. A URL with the file's
// hash may be kept for a year; without it (an old page's URL, a hand-typed
// one), five minutes.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/assets/")
	f, ok := a.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	if f.contentType != nil {
		h["Content-Type"] = f.contentType
	}
	if r.URL.Query().Get("v") == f.hash {
		h["Cache-Control"] = immutable
	} else {
		h["Cache-Control"] = shortLife
	}
	body, etag, length := f.body, f.etag, f.length
	if f.compressible {
		h["Vary"] = f.vary
		var accept string
		if v := r.Header["Accept-Encoding"]; len(v) > 0 {
			accept = v[0]
		}
		var c *lazyCopy
		switch enc := compress.Negotiate(accept); enc {
		case compress.Brotli:
			c = f.copy(&f.br, enc)
		case compress.Gzip:
			c = f.copy(&f.gz, enc)
		}
		if c != nil {
			h["Content-Encoding"] = c.encoding
			body, etag, length = c.body, c.etag, c.length
		}
	}
	h["Etag"] = etag
	if m := r.Header["If-None-Match"]; len(m) > 0 && compress.ETagMatch(m[0], etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = length
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Write(body)
}

// copy makes the file's copy in coding enc once.
func (f *file) copy(c *lazyCopy, enc compress.Encoding) *lazyCopy {
	c.once.Do(func() {
		c.body = compress.EncodeLevel(enc, f.body, compress.GzipLevel, compress.AssetBrotliQuality)
		compressions.Add(1)
		c.etag = []string{`"` + f.hash + "-" + enc.String() + `"`}
		c.length = []string{strconv.Itoa(len(c.body))}
		c.encoding = []string{enc.String()}
	})
	return c
}

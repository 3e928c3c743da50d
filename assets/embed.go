// Package assets serves the site's own CSS, JavaScript, images and fonts and
// the vendored editor (Quill) from the binary. Every URL carries a content
// hash (?v=…) so browsers and proxies may cache the files for a year; a
// changed file gets a new URL.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed css js fonts vendor img
var files embed.FS

// Assets is the embedded file set with a content hash per file.
type Assets struct {
	fs     fs.FS
	hashes map[string]string
}

// New hashes every embedded file once.
func New() (*Assets, error) {
	a := &Assets{fs: files, hashes: map[string]string{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(h[:])[:12]
		return nil
	})
	return a, err
}

// URL returns the public URL of an asset ("css/site.css" → "/assets/css/site.css?v=…").
// An unknown name panics at template execution, which tests catch.
func (a *Assets) URL(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic("assets: no such file " + name)
	}
	return "/assets/" + name + "?v=" + h
}

// ServeHTTP serves /assets/<name>. The type comes from the extension of our
// own file names, never from anything a user chose.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/assets/")
	h, ok := a.hashes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := files.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	switch path.Ext(name) {
	case ".woff2":
		w.Header().Set("Content-Type", "font/woff2")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	etag := `"` + h + `"`
	w.Header().Set("ETag", etag)
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(b)
}

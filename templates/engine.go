// Package templates parses the html/template files embedded in the binary and
// renders them with the helpers every page needs: t for the Thai/English
// catalog, Buddhist-Era dates, hashed asset URLs.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"newsroom"
	"newsroom/kind"
	"newsroom/roles"
)

//go:embed layout partials admin public
var files embed.FS

// Engine holds one parsed template set per page.
type Engine struct {
	pages map[string]*template.Template
}

// AssetURLer gives the cache-busting URL of an asset.
type AssetURLer interface{ URL(name string) string }

// New parses every page under admin/ and public/ with the layouts and
// partials. A template error fails here, at start, not on a visitor's request.
func New(assets AssetURLer) (*Engine, error) {
	funcs := template.FuncMap{
		"t":         T,
		"tf":        Tf,
		"date":      Date,
		"shortdate": ShortDate,
		"datetime":  DateTime,
		"asset":     assets.URL,
		"mask":      roles.MaskCitizenID,
		"year":      func() int { return time.Now().In(newsroom.Bangkok).Year() + 543 },
		"has":       func(list []roles.Category, c roles.Category) bool { return contains(list, c) },
		"add":       func(a, b int) int { return a + b },
		"list":      func(xs ...string) []string { return xs },
		"waited":    Waited,
		"hasID":     func(list []int64, id int64) bool { return slices.Contains(list, id) },
		"dict":      dict,
		"sections":  adminSections,
		"monthname": MonthName,
		"isodate":   func(t time.Time) string { return t.In(newsroom.Bangkok).Format("2006-01-02") },
		"isotime":   func(t time.Time) string { return t.In(newsroom.Bangkok).Format(time.RFC3339) },
		"fielderr":  fieldErr,
	}
	base := template.New("").Funcs(funcs)
	for _, dir := range []string{"layout", "partials"} {
		if _, err := base.ParseFS(files, dir+"/*.html"); err != nil {
			return nil, fmt.Errorf("templates: parse %s: %w", dir, err)
		}
	}
	e := &Engine{pages: map[string]*template.Template{}}
	for _, dir := range []string{"admin", "public"} {
		names, err := fs.Glob(files, dir+"/*.html")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			set, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := set.ParseFS(files, n); err != nil {
				return nil, fmt.Errorf("templates: parse %s: %w", n, err)
			}
			name := strings.TrimSuffix(n, path.Ext(n))
			e.pages[name] = set.Lookup(path.Base(n))
		}
	}
	return e, nil
}

// Has reports whether a page exists, e.g. "admin/users".
func (e *Engine) Has(page string) bool { _, ok := e.pages[page]; return ok }

// Render executes page into a buffer first, so a template error never sends
// half a page, then writes it.
func (e *Engine) Render(w io.Writer, page string, data any) error {
	t, ok := e.pages[page]
	if !ok {
		return fmt.Errorf("templates: no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("templates: render %s: %w", page, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// fieldErr returns the translated message for a field, or "".
func fieldErr(lang string, errs newsroom.FieldErrors, field string) string {
	if errs == nil || errs[field] == "" {
		return ""
	}
	return T(lang, errs[field])
}

// dict builds a map from key, value pairs, to pass several values to a
// shared template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("templates: dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("templates: dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// adminSections are the content kinds with an admin section of their own
// (news, videos, banners, notices), in the registry's order: the admin
// menu lists them.
func adminSections() []*kind.Kind {
	var out []*kind.Kind
	for _, k := range kind.All() {
		if k.Section != "" && k.Edit != "" {
			out = append(out, k)
		}
	}
	return out
}

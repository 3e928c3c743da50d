package main

import (
	"bytes"
	"image/jpeg"
	"io"
	"math"
	"strings"
	"testing"
)

// TestDemoContentLooksReal: the README's start command seeds news whose
// main photos are all different pictures (no two byte-identical, none
// near-uniform), videos with their own posters, titles, descriptions and
// IDs, and banners with their own pictures.
func TestDemoContentLooksReal(t *testing.T) {
	ta := newDemoApp(t)
	if !strings.Contains(ta.out.String(), "demo:") {
		t.Fatalf("demo seeding did not finish:\n%s", ta.out)
	}
	read := func(key string) []byte {
		f, _, err := ta.files.Open(key)
		if err != nil {
			t.Fatalf("media %s: %v", key, err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	distinct := func(what, q string, wantAtLeast int, picture bool) {
		t.Helper()
		rows, err := ta.db.R.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := map[string]string{}
		n := 0
		for rows.Next() {
			var name, key string
			if err := rows.Scan(&name, &key); err != nil {
				t.Fatal(err)
			}
			n++
			if key == "" {
				t.Errorf("%s %q has none", what, name)
				continue
			}
			if other, dup := seen[key]; dup {
				t.Errorf("%s of %q is the same as of %q", what, name, other)
			}
			seen[key] = name
			if picture {
				if std := lumaStd(t, read(key)); std < 25 {
					t.Errorf("%s of %q is near-uniform: luminance std %.1f", what, name, std)
				}
			}
		}
		if n < wantAtLeast {
			t.Errorf("%d rows of %s, want at least %d", n, what, wantAtLeast)
		}
	}
	// Media keys are content hashes: the same key is the same bytes.
	distinct("main photo", `SELECT n.headline, p.file_key FROM news n JOIN photos p ON p.id = n.main_photo_id`, 20, true)
	distinct("poster", `SELECT title, poster_key FROM videos`, 8, true)
	distinct("YouTube ID", `SELECT title, youtube_id FROM videos`, 8, false)
	distinct("description", `SELECT title, description FROM videos`, 8, false)
	distinct("banner", `SELECT title, image_key FROM banners`, 5, true)
}

func lumaStd(t *testing.T, data []byte) float64 {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	var sum, sq float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := 0.299*float64(r>>8) + 0.587*float64(g>>8) + 0.114*float64(bl>>8)
			sum += l
			sq += l * l
		}
	}
	n := float64(b.Dx() * b.Dy())
	return math.Sqrt(sq/n - (sum/n)*(sum/n))
}

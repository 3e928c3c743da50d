package demo

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"testing"

	"newsroom/content"
	"newsroom/media"
)

// pixelStats is the standard deviation of an image's luminance and the
// share of its pixels in its most common colour (quantised to 32 levels).
func pixelStats(t testing.TB, data []byte) (std, topShare float64) {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	var sum, sq float64
	counts := map[[3]uint32]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := 0.299*float64(r>>8) + 0.587*float64(g>>8) + 0.114*float64(bl>>8)
			sum += l
			sq += l * l
			counts[[3]uint32{r >> 11, g >> 11, bl >> 11}]++
		}
	}
	n := float64(b.Dx() * b.Dy())
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	mean := sum / n
	return math.Sqrt(sq/n - mean*mean), float64(top) / n
}

// notUniform fails for a picture that is near one colour: a flat fill, a
// faint gradient or noise around one colour.
func notUniform(t *testing.T, what string, data []byte) {
	t.Helper()
	std, top := pixelStats(t, data)
	if std < 25 || top > 0.4 {
		t.Errorf("%s looks uniform: luminance std %.1f (want ≥ 25), %.0f%% of pixels one colour (want ≤ 40%%)", what, std, top*100)
	}
}

// TestScenesVariedAndDeterministic: every scene's variants are different
// pictures, none near-uniform, each the same bytes for the same seed, and
// their card thumbnails stay small (the homepage's weight).
func TestScenesVariedAndDeterministic(t *testing.T) {
	seen := map[string]string{}
	pool := photoPool()
	var thumbs int
	for _, name := range sceneNames {
		if len(pool[name]) != photoVariants {
			t.Fatalf("scene %s: %d variants", name, len(pool[name]))
		}
		for v, b := range pool[name] {
			what := name + " variant " + string(rune('0'+v))
			if other, dup := seen[string(b)]; dup {
				t.Errorf("%s is byte-identical to %s", what, other)
			}
			seen[string(b)] = what
			notUniform(t, what, b)
			p, err := media.ProcessPhoto(bytes.NewReader(b), media.DefaultPhotoLimits)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if p.Width != 800 || p.Height != 600 || p.ThumbWidth != 400 || p.ThumbHeight != 300 {
				t.Errorf("%s: %dx%d, thumb %dx%d", what, p.Width, p.Height, p.ThumbWidth, p.ThumbHeight)
			}
			if len(p.Thumb) > 30<<10 || len(p.Full) > 120<<10 {
				t.Errorf("%s: thumbnail %d bytes (want ≤ 30 KB), full %d bytes (want ≤ 120 KB)", what, len(p.Thumb), len(p.Full))
			}
			thumbs += len(p.Thumb)
		}
	}
	t.Logf("mean 400×300 thumbnail: %.1f KB", float64(thumbs)/float64(len(seen))/1024)
	for _, name := range sceneNames[:3] {
		if !bytes.Equal(photoJPEG(name, 42, 400, 300), photoJPEG(name, 42, 400, 300)) {
			t.Errorf("scene %s: the same seed drew different bytes", name)
		}
		small := photoJPEG(name, 42, 400, 300)
		if img, err := jpeg.Decode(bytes.NewReader(small)); err != nil || img.Bounds() != image.Rect(0, 0, 400, 300) {
			t.Errorf("scene %s at 400×300: %v", name, err)
		}
		notUniform(t, name+" at 400×300", small)
	}
}

// TestGalleriesFitTheirStories: each story gets a main photo no other
// story has, of its theme's first scenes, and a gallery of its theme.
func TestGalleriesFitTheirStories(t *testing.T) {
	g := newGallery()
	pool := photoPool()
	sceneOf := map[string]string{}
	for name, vs := range pool {
		for _, b := range vs {
			sceneOf[string(b)] = name
		}
	}
	mains := map[string]int{}
	item := 0
	for round := 0; round < 5; round++ {
		for _, typ := range content.NewsTypes {
			theme := themes[typ]
			if len(theme) == 0 {
				t.Fatalf("news type %s has no theme", typ)
			}
			ph := g.photos(theme, item, 6)
			if len(ph) != 6 {
				t.Fatalf("%d photos", len(ph))
			}
			if prev, dup := mains[string(ph[0])]; dup {
				t.Errorf("story %d has the main photo of story %d", item, prev)
			}
			mains[string(ph[0])] = item
			scenesSeen := map[string]bool{}
			for _, p := range ph {
				s := sceneOf[string(p)]
				scenesSeen[s] = true
				if !contains(theme, s) {
					t.Errorf("story %d (%s): a %s photo, not of its theme %v", item, typ, s, theme)
				}
			}
			if len(scenesSeen) < 3 {
				t.Errorf("story %d (%s): gallery of only %d scenes", item, typ, len(scenesSeen))
			}
			item++
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestPostersAndBannersDistinct: each demo video has its own poster, title,
// description and ID of YouTube's form; each banner its own picture.
func TestPostersAndBannersDistinct(t *testing.T) {
	seen := map[string]bool{}
	check := func(what, s string) {
		if seen[s] {
			t.Errorf("%s %q is not distinct", what, s)
		}
		seen[s] = true
	}
	type vid struct {
		prog               content.Programme
		title, desc, id, s string
	}
	var vids []vid
	for _, v := range demoVideos {
		vids = append(vids, vid{v.prog, v.title, v.desc, v.id, v.scene})
	}
	for _, v := range englishVideos {
		vids = append(vids, vid{v.prog, v.title, v.desc, v.id, v.scene})
	}
	progs := map[content.Programme]int{}
	for i, v := range vids {
		check("title", v.title)
		check("description", v.desc)
		check("YouTube ID", v.id)
		if len(v.id) != 11 || !youtubeID.MatchString(v.id) {
			t.Errorf("video %d: ID %q is not of YouTube's form", i, v.id)
		}
		p := posterJPEG(v.s, uint64(500+i), v.prog)
		check("poster", string(p))
		notUniform(t, "poster of "+v.title, p)
		progs[v.prog]++
	}
	for _, p := range content.Programmes {
		if progs[p] < 2 {
			t.Errorf("programme %s has %d demo videos, want at least 2", p, progs[p])
		}
	}
	for i, b := range append(append([]struct {
		title  string
		design bannerDesign
	}{}, demoBanners...), englishBanners...) {
		check("banner title", b.title)
		img := bannerImage(b.design, uint64(700+i))
		check("banner", string(img))
		notUniform(t, "banner "+b.title, img)
	}
}

package demo

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
	"regexp"
	"sync"

	"newsroom/content"
)

// The demo's photos are drawn, not shipped: a pool of scenes, a few
// variants of each, drawn once per process and shared by the galleries.

// photoVariants is how many different pictures of each scene the pool holds.
const photoVariants = 4

var (
	poolOnce sync.Once
	pool     map[string][][]byte // scene name → variants (800×600 JPEGs)
)

// photoPool draws every scene's variants, on every CPU.
func photoPool() map[string][][]byte {
	poolOnce.Do(func() {
		pool = map[string][][]byte{}
		type job struct {
			name string
			v    int
		}
		jobs := make(chan job)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, n := range sceneNames {
			pool[n] = make([][]byte, photoVariants)
		}
		for w := 0; w < 2; w++ {
			wg.Go(func() {
				for j := range jobs {
					b := photoJPEG(j.name, uint64(1000+j.v*37+len(j.name)), 800, 600)
					mu.Lock()
					pool[j.name][j.v] = b
					mu.Unlock()
				}
			})
		}
		for _, n := range sceneNames {
			for v := 0; v < photoVariants; v++ {
				jobs <- job{n, v}
			}
		}
		close(jobs)
		wg.Wait()
	})
	return pool
}

// themes are the scenes that fit each kind of news, the most telling first.
var themes = map[content.NewsType][]string{
	content.MOU:         {"signing", "group", "ceremony", "meeting", "campus"},
	content.Achievement: {"group", "ceremony", "sports", "lab", "campus"},
	content.Activity:    {"planting", "mekong", "group", "sports", "campus"},
	content.Research:    {"lab", "planting", "meeting", "classroom", "campus"},
	content.Campaign:    {"campus", "group", "classroom", "mekong", "planting"},
	content.Policy:      {"meeting", "ceremony", "classroom", "campus", "group"},
}

// gallery picks the photos of one news item: a main photo no other item
// has (used records the ones taken), then the theme's other scenes.
type gallery struct{ used map[[2]int]bool }

func newGallery() *gallery { return &gallery{used: map[[2]int]bool{}} }

// photos returns n photos for a story of the theme (scene names, the
// most telling first), item numbering the stories.
func (g *gallery) photos(theme []string, item, n int) [][]byte {
	p := photoPool()
	idx := func(name string) int {
		for i, s := range sceneNames {
			if s == name {
				return i
			}
		}
		return 0
	}
	var out [][]byte
	// The main photo: the first scene of the theme with a variant not yet
	// a main photo.
	mainScene := 0
find:
	for k := range theme {
		for v := 0; v < photoVariants; v++ {
			key := [2]int{idx(theme[k]), (v + item) % photoVariants}
			if !g.used[key] {
				g.used[key] = true
				out = append(out, p[theme[k]][key[1]])
				mainScene = k
				break find
			}
		}
	}
	for i := 1; len(out) < n; i++ {
		name := theme[(mainScene+i)%len(theme)]
		out = append(out, p[name][(item+i)%photoVariants])
	}
	return out
}

// posterJPEG draws a video's 400×225 poster: its scene under a dark band
// with the programme's name, as the channel's own thumbnails have.
func posterJPEG(sceneName string, seed uint64, prog content.Programme) []byte {
	const w, h = 400, 225
	c := newCanvas(w, h, seed)
	scenes[sceneName](c)
	label := map[content.Programme]string{content.NPUNews: "NPU NEWS", content.ThreeMinutes: "3 MINUTES@NPU", content.NPUTalks: "NPU TALKS"}[prog]
	tag := map[content.Programme]rgb{content.NPUNews: hex(0x6b1f7a), content.ThreeMinutes: hex(0xd8572a), content.NPUTalks: hex(0x1f4e9c)}[prog]
	for y := h * 2 / 3; y < h; y++ {
		c.rectA(0, float64(y), w, float64(y+1), hex(0x000000), 0.55*float64(y-h*2/3)/float64(h/3))
	}
	size := 20.0
	lw := labelWidth(label, size)
	c.rect(12, h-44, 12+lw+20, h-14, tag)
	c.label(label, 22, h-40, size, hex(0xffffff))
	c.finish(2)
	var buf bytes.Buffer
	jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

// bannerDesign is one campaign banner: a scene on the right, a coloured
// panel with its Latin lettering on the left (the Thai title is the
// banner's title and alt text: the Go fonts have no Thai).
type bannerDesign struct {
	scene           string
	panel, accent   rgb
	title, subtitle string
}

// bannerImage draws a 1000×300 banner (the size the pipeline keeps) as a JPEG.
func bannerImage(d bannerDesign, seed uint64) []byte {
	const w, h = 1000, 300
	c := newCanvas(w, h, seed)
	// The scene, drawn small at 4:3, enlarged softly (a photo's shallow
	// depth of field, and fewer bytes behind the lettering) and cut to the
	// banner's height.
	sc := newCanvas(320, 240, seed+1)
	scenes[d.scene](sc)
	draw.Draw(c.img, image.Rect(440, 0, w, h), enlarge(sc.img, 560, 420), image.Pt(0, 60), draw.Src)
	c.vgrad(0, 0, 560, h, d.panel.shade(1.1), d.panel.shade(0.8))
	c.poly([]pt{{520, 0}, {600, 0}, {520, h}, {440, h}}, d.panel.shade(0.95))
	c.poly([]pt{{600, 0}, {612, 0}, {532, h}, {520, h}}, d.accent)
	for i := 0; i < 5; i++ { // soft circles for depth
		c.ellipse(c.rnd(0, 450), c.rnd(0, h), c.rnd(30, 90), c.rnd(30, 90), d.panel.shade(1.25), 0.12)
	}
	size := 52.0
	for labelWidth(d.title, size) > 470 && size > 24 {
		size -= 2
	}
	c.rect(40, 70, 110, 78, d.accent)
	c.label(d.title, 40, 95, size, hex(0xffffff))
	c.label(d.subtitle, 40, 105+size, 22, d.accent.shade(1.3))
	c.finish(0)
	var buf bytes.Buffer
	jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 92})
	return buf.Bytes()
}

// youtubeID is the form of a YouTube video ID.
var youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)

// enlarge scales an image up to w×h, bilinearly.
func enlarge(src *image.RGBA, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	for y := 0; y < h; y++ {
		fy := max(0, (float64(y)+0.5)*float64(sh)/float64(h)-0.5)
		y0 := min(int(fy), sh-1)
		y1, ty := min(y0+1, sh-1), fy-float64(y0)
		for x := 0; x < w; x++ {
			fx := max(0, (float64(x)+0.5)*float64(sw)/float64(w)-0.5)
			x0 := min(int(fx), sw-1)
			x1, tx := min(x0+1, sw-1), fx-float64(x0)
			for k := 0; k < 4; k++ {
				a := float64(src.Pix[y0*src.Stride+x0*4+k])*(1-tx) + float64(src.Pix[y0*src.Stride+x1*4+k])*tx
				b := float64(src.Pix[y1*src.Stride+x0*4+k])*(1-tx) + float64(src.Pix[y1*src.Stride+x1*4+k])*tx
				dst.Pix[y*dst.Stride+x*4+k] = uint8(a*(1-ty) + b*ty + 0.5)
			}
		}
	}
	return dst
}

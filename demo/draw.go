package demo

// Drawing primitives for the demo's generated pictures: plain shapes with
// soft edges, gradients, value noise and film grain, on an RGBA canvas, with
// only the standard library (and the Go fonts of golang.org/x/image for the
// Latin lettering of posters and banners). Everything is deterministic for
// a seed: the same seed draws the same bytes.

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// rgb is a colour with components 0–255.
type rgb struct{ r, g, b float64 }

func hex(v uint32) rgb { return rgb{float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v & 255)} }

// mix returns a + (b−a)·t.
func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// shade darkens (f < 1) or lightens (f > 1) a colour.
func (c rgb) shade(f float64) rgb {
	if f > 1 {
		return mix(c, rgb{255, 255, 255}, f-1)
	}
	return rgb{c.r * f, c.g * f, c.b * f}
}

type pt struct{ x, y float64 }

// canvas is an image being drawn, with its random source.
type canvas struct {
	img  *image.RGBA
	w, h int
	r    *rand.Rand
}

func newCanvas(w, h int, seed uint64) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: w, h: h, r: rand.New(rand.NewPCG(seed, 0x6e7075))}
}

// rnd is a uniform number in [a, b).
func (c *canvas) rnd(a, b float64) float64 { return a + (b-a)*c.r.Float64() }

// pick is one of the colours, at random.
func (c *canvas) pick(cs ...rgb) rgb { return cs[c.r.IntN(len(cs))] }

// blend paints colour col over pixel (x, y) with opacity a.
func (c *canvas) blend(x, y int, col rgb, a float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || a <= 0 {
		return
	}
	if a > 1 {
		a = 1
	}
	i := y*c.img.Stride + x*4
	p := c.img.Pix[i : i+4 : i+4]
	p[0] = uint8(float64(p[0]) + (clamp(col.r)-float64(p[0]))*a + 0.5)
	p[1] = uint8(float64(p[1]) + (clamp(col.g)-float64(p[1]))*a + 0.5)
	p[2] = uint8(float64(p[2]) + (clamp(col.b)-float64(p[2]))*a + 0.5)
	p[3] = 255
}

func clamp(v float64) float64 { return max(0, min(255, v)) }

// rect fills [x0,x1)×[y0,y1) with anti-aliased edges.
func (c *canvas) rect(x0, y0, x1, y1 float64, col rgb) { c.rectA(x0, y0, x1, y1, col, 1) }

func (c *canvas) rectA(x0, y0, x1, y1 float64, col rgb, alpha float64) {
	ix0, iy0 := int(math.Floor(x0)), int(math.Floor(y0))
	ix1, iy1 := int(math.Ceil(x1)), int(math.Ceil(y1))
	for y := max(iy0, 0); y < min(iy1, c.h); y++ {
		cy := min(float64(y+1), y1) - max(float64(y), y0)
		for x := max(ix0, 0); x < min(ix1, c.w); x++ {
			cx := min(float64(x+1), x1) - max(float64(x), x0)
			c.blend(x, y, col, alpha*cx*cy)
		}
	}
}

// vgrad fills a rectangle with a vertical gradient from top to bottom.
func (c *canvas) vgrad(x0, y0, x1, y1 float64, top, bottom rgb) {
	for y := max(int(y0), 0); y < min(int(math.Ceil(y1)), c.h); y++ {
		t := (float64(y) - y0) / max(1, y1-y0)
		c.rect(x0, float64(y), x1, float64(y+1), mix(top, bottom, t))
	}
}

// ellipse fills an ellipse with a one-pixel soft edge, at opacity alpha.
func (c *canvas) ellipse(cx, cy, rx, ry float64, col rgb, alpha float64) {
	if rx <= 0 || ry <= 0 {
		return
	}
	for y := max(int(cy-ry-1), 0); y <= min(int(cy+ry+1), c.h-1); y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		if dy*dy > 1.2 {
			continue
		}
		for x := max(int(cx-rx-1), 0); x <= min(int(cx+rx+1), c.w-1); x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			d := math.Sqrt(dx*dx+dy*dy) - 1 // <0 inside, in radii
			edge := -d * min(rx, ry)        // distance inside, in pixels
			if edge > -0.5 {
				c.blend(x, y, col, alpha*min(1, edge+0.5))
			}
		}
	}
}

// glow paints a radial falloff (a light, a sun's halo).
func (c *canvas) glow(cx, cy, radius float64, col rgb, alpha float64) {
	for y := max(int(cy-radius), 0); y < min(int(cy+radius), c.h); y++ {
		for x := max(int(cx-radius), 0); x < min(int(cx+radius), c.w); x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy) / radius
			if d < 1 {
				c.blend(x, y, col, alpha*(1-d)*(1-d))
			}
		}
	}
}

// poly fills a polygon (even-odd) with 4× vertical supersampling.
func (c *canvas) poly(pts []pt, col rgb) { c.polyA(pts, col, 1) }

func (c *canvas) polyA(pts []pt, col rgb, alpha float64) {
	miny, maxy := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		miny, maxy = min(miny, p.y), max(maxy, p.y)
	}
	const sub = 4
	cover := make([]float64, c.w+1)
	for y := max(int(miny), 0); y <= min(int(maxy), c.h-1); y++ {
		clear(cover)
		lo, hi := c.w, 0
		for s := 0; s < sub; s++ {
			sy := float64(y) + (float64(s)+0.5)/sub
			var xs []float64
			for i := range pts {
				a, b := pts[i], pts[(i+1)%len(pts)]
				if (a.y <= sy) != (b.y <= sy) {
					xs = append(xs, a.x+(sy-a.y)*(b.x-a.x)/(b.y-a.y))
				}
			}
			sortFloats(xs)
			for i := 0; i+1 < len(xs); i += 2 {
				x0, x1 := max(xs[i], 0), min(xs[i+1], float64(c.w))
				for x := int(x0); x < int(math.Ceil(x1)) && x < c.w; x++ {
					cov := min(float64(x+1), x1) - max(float64(x), x0)
					if cov > 0 {
						cover[x] += cov / sub
						lo, hi = min(lo, x), max(hi, x)
					}
				}
			}
		}
		for x := lo; x <= hi; x++ {
			c.blend(x, y, col, alpha*cover[x])
		}
	}
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// line draws a thick line segment.
func (c *canvas) line(a, b pt, width float64, col rgb) {
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*width/2, dx/l*width/2
	c.poly([]pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}, col)
}

// cloud is a cluster of soft white ellipses.
func (c *canvas) cloud(cx, cy, size float64) {
	for i := 0; i < 7; i++ {
		ox, oy := c.rnd(-1.4, 1.4)*size, c.rnd(-0.35, 0.25)*size
		r := size * c.rnd(0.45, 0.8)
		c.ellipse(cx+ox, cy+oy+r*0.1, r*1.05, r*0.62, rgb{205, 214, 228}, 0.35)
		c.ellipse(cx+ox, cy+oy, r, r*0.6, rgb{250, 251, 253}, 0.8)
	}
}

// tree is a round-canopied tree standing at (x, base).
func (c *canvas) tree(x, base, size float64, leaf rgb) {
	c.rect(x-size*0.07, base-size*0.9, x+size*0.07, base, hex(0x5b4030))
	for i := 0; i < 6; i++ {
		ox, oy := c.rnd(-0.45, 0.45)*size, c.rnd(-0.35, 0.2)*size
		r := size * c.rnd(0.35, 0.55)
		c.ellipse(x+ox, base-size*1.15+oy, r, r*0.9, leaf.shade(c.rnd(0.75, 1.05)), 1)
	}
	c.ellipse(x-size*0.15, base-size*1.35, size*0.25, size*0.2, leaf.shade(1.15), 0.6)
}

// Skin tones, hair and clothes of the people in the pictures.
var (
	skins   = []rgb{hex(0xe8c3a0), hex(0xd9a97f), hex(0xc98f66), hex(0xb27a55), hex(0xf0cfb0), hex(0x9c6744)}
	hairs   = []rgb{hex(0x1b1512), hex(0x2a1f1a), hex(0x3b2a20), hex(0x141414), hex(0x4a3526)}
	shirts  = []rgb{hex(0xf4f4f2), hex(0xf4f4f2), hex(0x6b1f7a), hex(0x1f4e9c), hex(0xe9b824), hex(0x2f7d4f), hex(0xd8572a), hex(0x8fb8de), hex(0xc23b4b)}
	bottoms = []rgb{hex(0x1d1d24), hex(0x1d1d24), hex(0x2b3550), hex(0x3b3b3b), hex(0x4a4038)}
)

// person is a standing figure, feet at (x, base), height hgt, facing the
// viewer (back: seen from behind).
type person struct {
	skin, hair, shirt, bottom rgb
	skirt, back               bool
}

func (c *canvas) randomPerson() person {
	return person{skin: c.pick(skins...), hair: c.pick(hairs...), shirt: c.pick(shirts...), bottom: c.pick(bottoms...), skirt: c.r.IntN(2) == 0}
}

// stand draws a standing person; arms: 0 down, 1 one raised, 2 holding
// something in front.
func (c *canvas) stand(p person, x, base, hgt float64, arms int) {
	u := hgt / 8 // a head's height
	legTop := base - 3.6*u
	if p.skirt {
		c.poly([]pt{{x - 0.75*u, legTop - 0.2*u}, {x + 0.75*u, legTop - 0.2*u}, {x + 0.95*u, base - 1.7*u}, {x - 0.95*u, base - 1.7*u}}, p.bottom)
		c.rect(x-0.55*u, base-1.7*u, x-0.25*u, base-0.15*u, p.skin.shade(0.9))
		c.rect(x+0.25*u, base-1.7*u, x+0.55*u, base-0.15*u, p.skin.shade(0.9))
	} else {
		c.rect(x-0.75*u, legTop-0.2*u, x-0.05*u, base-0.15*u, p.bottom)
		c.rect(x+0.05*u, legTop-0.2*u, x+0.75*u, base-0.15*u, p.bottom.shade(0.85))
	}
	c.ellipse(x-0.45*u, base-0.1*u, 0.42*u, 0.17*u, hex(0x151515), 1)
	c.ellipse(x+0.45*u, base-0.1*u, 0.42*u, 0.17*u, hex(0x151515), 1)
	// torso, shoulders wider than the waist
	top := base - 6.7*u
	c.poly([]pt{{x - 1.05*u, top + 0.25*u}, {x + 1.05*u, top + 0.25*u}, {x + 0.85*u, legTop}, {x - 0.85*u, legTop}}, p.shirt)
	c.ellipse(x-0.95*u, top+0.45*u, 0.3*u, 0.3*u, p.shirt, 1)
	c.ellipse(x+0.95*u, top+0.45*u, 0.3*u, 0.3*u, p.shirt, 1)
	c.rectA(x+0.3*u, top+0.3*u, x+0.85*u, legTop, p.shirt.shade(0.82), 0.6) // shading on one side
	// arms
	sl, sr := pt{x - 1.05*u, top + 0.5*u}, pt{x + 1.05*u, top + 0.5*u}
	switch arms {
	case 1:
		c.line(sl, pt{x - 1.3*u, legTop + 0.2*u}, 0.42*u, p.shirt.shade(0.92))
		c.line(sr, pt{x + 1.7*u, top - 1.3*u}, 0.42*u, p.shirt.shade(0.92))
		c.ellipse(x+1.75*u, top-1.45*u, 0.24*u, 0.24*u, p.skin, 1)
	case 2:
		c.line(sl, pt{x - 0.5*u, legTop - 0.9*u}, 0.42*u, p.shirt.shade(0.92))
		c.line(sr, pt{x + 0.5*u, legTop - 0.9*u}, 0.42*u, p.shirt.shade(0.92))
		c.ellipse(x, legTop-0.9*u, 0.5*u, 0.22*u, p.skin, 1)
	default:
		c.line(sl, pt{x - 1.3*u, legTop + 0.3*u}, 0.42*u, p.shirt.shade(0.92))
		c.line(sr, pt{x + 1.3*u, legTop + 0.3*u}, 0.42*u, p.shirt.shade(0.92))
		c.ellipse(x-1.32*u, legTop+0.45*u, 0.22*u, 0.24*u, p.skin, 1)
		c.ellipse(x+1.32*u, legTop+0.45*u, 0.22*u, 0.24*u, p.skin, 1)
	}
	c.head(p, x, top-0.55*u, u)
}

// head draws a head of height u centred at (x, cy), with hair, and a
// collar.
func (c *canvas) head(p person, x, cy, u float64) {
	c.rect(x-0.2*u, cy+0.3*u, x+0.2*u, cy+0.62*u, p.skin.shade(0.85)) // neck
	if p.back {
		c.ellipse(x, cy, 0.43*u, 0.52*u, p.hair, 1)
		return
	}
	c.ellipse(x, cy-0.05*u, 0.46*u, 0.5*u, p.hair, 1)
	c.ellipse(x, cy+0.06*u, 0.38*u, 0.46*u, p.skin, 1)
	c.ellipse(x, cy-0.3*u, 0.42*u, 0.22*u, p.hair, 1) // fringe
	if u > 9 {
		c.ellipse(x-0.14*u, cy+0.05*u, 0.05*u, 0.04*u, hex(0x2a1d16), 1)
		c.ellipse(x+0.14*u, cy+0.05*u, 0.05*u, 0.04*u, hex(0x2a1d16), 1)
		c.rectA(x-0.1*u, cy+0.26*u, x+0.1*u, cy+0.29*u, hex(0x8a4a3a), 0.7)
	}
}

// seatedBack is one seated person seen from behind (an audience, a class):
// head and shoulders, u the head's height.
func (c *canvas) seatedBack(x, y, u float64, shirt, hair rgb) {
	c.ellipse(x, y+1.1*u, 1.1*u, 0.75*u, shirt, 1)
	c.rect(x-1.1*u, y+1.1*u, x+1.1*u, y+2.2*u, shirt)
	c.ellipse(x, y, 0.45*u, 0.55*u, hair, 1)
}

// flagTH draws the Thai flag (red, white, blue double, white, red).
func (c *canvas) flagTH(x, y, w float64) {
	h := w * 2 / 3
	bands := []struct {
		from, to float64
		col      rgb
	}{{0, 1, hex(0xa51931)}, {1, 2, hex(0xf4f5f8)}, {2, 4, hex(0x2d2a4a)}, {4, 5, hex(0xf4f5f8)}, {5, 6, hex(0xa51931)}}
	for _, b := range bands {
		for i := 0; i < int(w); i++ {
			wave := math.Sin(float64(i)/w*math.Pi*2) * h * 0.05
			c.rect(x+float64(i), y+b.from*h/6+wave, x+float64(i)+1, y+b.to*h/6+wave, b.col.shade(1-0.12*math.Sin(float64(i)/w*math.Pi*2)))
		}
	}
}

// textBars stands for lines of text seen from afar (a banner, a board).
func (c *canvas) textBars(x, y, w, lineH float64, lines int, col rgb, alpha float64) {
	for l := 0; l < lines; l++ {
		lw := w * c.rnd(0.55, 1)
		if l == 0 {
			lw = w
		}
		cx := x + (w-lw)/2
		for cx < x+(w+lw)/2 {
			ww := lineH * c.rnd(0.8, 3.2)
			c.rectA(cx, y+float64(l)*lineH*1.8, min(cx+ww, x+(w+lw)/2), y+float64(l)*lineH*1.8+lineH, col, alpha)
			cx += ww + lineH*0.5
		}
	}
}

// valueNoise is smooth noise in [0,1) on a grid of cell pixels.
type valueNoise struct {
	grid       []float64
	gw, gh     int
	cell       float64
	seedOffset uint64
}

func newValueNoise(c *canvas, cell float64) *valueNoise {
	gw, gh := int(float64(c.w)/cell)+2, int(float64(c.h)/cell)+2
	v := &valueNoise{grid: make([]float64, gw*gh), gw: gw, gh: gh, cell: cell}
	for i := range v.grid {
		v.grid[i] = c.r.Float64()
	}
	return v
}

func (v *valueNoise) at(x, y float64) float64 {
	fx, fy := x/v.cell, y/v.cell
	ix, iy := int(fx), int(fy)
	tx, ty := fx-float64(ix), fy-float64(iy)
	tx, ty = tx*tx*(3-2*tx), ty*ty*(3-2*ty)
	g := func(i, j int) float64 { return v.grid[min(j, v.gh-1)*v.gw+min(i, v.gw-1)] }
	a := g(ix, iy) + (g(ix+1, iy)-g(ix, iy))*tx
	b := g(ix, iy+1) + (g(ix+1, iy+1)-g(ix, iy+1))*tx
	return a + (b-a)*ty
}

// texture varies the brightness of a region with smooth noise (grass,
// earth, walls, water), strength 0–1.
func (c *canvas) texture(x0, y0, x1, y1, cell, strength float64) {
	n := newValueNoise(c, cell)
	for y := max(int(y0), 0); y < min(int(y1), c.h); y++ {
		for x := max(int(x0), 0); x < min(int(x1), c.w); x++ {
			f := 1 + (n.at(float64(x), float64(y))-0.5)*strength
			i := y*c.img.Stride + x*4
			for k := 0; k < 3; k++ {
				c.img.Pix[i+k] = uint8(clamp(float64(c.img.Pix[i+k]) * f))
			}
		}
	}
}

// finish gives the picture a camera's look: a soft vignette and a little
// grain (amount: ± levels). Grain is what a JPEG spends its bytes on, so it
// stays small.
func (c *canvas) finish(grain float64) {
	cx, cy := float64(c.w)/2, float64(c.h)/2
	vig := 0.22 / (cx*cx + cy*cy) // darkening at the corners: 22%
	state := c.r.Uint64() | 1
	for y := 0; y < c.h; y++ {
		dy2 := (float64(y) - cy) * (float64(y) - cy)
		for x := 0; x < c.w; x++ {
			dx := float64(x) - cx
			f := 1 - vig*(dx*dx+dy2)
			state ^= state << 13
			state ^= state >> 7
			state ^= state << 17
			g := (float64(state&1023)/1023 - 0.5) * 2 * grain
			i := y*c.img.Stride + x*4
			for k := 0; k < 3; k++ {
				c.img.Pix[i+k] = uint8(clamp(float64(c.img.Pix[i+k])*f + g))
			}
		}
	}
}

var (
	boldOnce sync.Once
	boldFont *opentype.Font
)

// label writes Latin text in Go Bold with its top-left corner at (x, y),
// size in pixels; it returns the text's width. The Go fonts have no Thai:
// Thai titles stay in the items' titles and alt text.
func (c *canvas) label(s string, x, y, size float64, col rgb) float64 {
	boldOnce.Do(func() { boldFont, _ = opentype.Parse(gobold.TTF) })
	if boldFont == nil {
		return 0
	}
	face, err := opentype.NewFace(boldFont, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return 0
	}
	defer face.Close()
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(color.RGBA{uint8(col.r), uint8(col.g), uint8(col.b), 255}), Face: face,
		Dot: fixed.P(int(x), int(y+size*0.8))}
	w := d.MeasureString(s)
	d.DrawString(s)
	return float64(w.Round())
}

// labelWidth measures text as label would write it.
func labelWidth(s string, size float64) float64 {
	boldOnce.Do(func() { boldFont, _ = opentype.Parse(gobold.TTF) })
	if boldFont == nil {
		return 0
	}
	face, err := opentype.NewFace(boldFont, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return 0
	}
	defer face.Close()
	return float64(font.MeasureString(face, s).Round())
}

// pickF is one of the numbers, at random.
func (c *canvas) pickF(xs ...float64) float64 { return xs[c.r.IntN(len(xs))] }

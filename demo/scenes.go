package demo

import (
	"bytes"
	"image/jpeg"
	"math"
)

// The scenes of the demo's photos: what a university's PR office
// photographs. Each draws on the whole canvas in proportion to its size, so
// it reads at 800×600 and as a 400×300 card.

type scene func(c *canvas)

var scenes = map[string]scene{
	"campus":    sceneCampus,
	"ceremony":  sceneCeremony,
	"sports":    sceneSports,
	"lab":       sceneLab,
	"planting":  scenePlanting,
	"classroom": sceneClassroom,
	"mekong":    sceneMekong,
	"group":     sceneGroup,
	"signing":   sceneSigning,
	"meeting":   sceneMeeting,
}

// sceneNames in a fixed order (map order is random).
var sceneNames = []string{"campus", "ceremony", "sports", "lab", "planting", "classroom", "mekong", "group", "signing", "meeting"}

// sky paints a daytime sky down to horizon with a few clouds.
func (c *canvas) sky(horizon float64) {
	W := float64(c.w)
	c.vgrad(0, 0, W, horizon, hex(0x4a86c8).shade(c.rnd(0.9, 1.05)), hex(0xc9def0))
	for i, n := 0, 2+c.r.IntN(3); i < n; i++ {
		c.cloud(c.rnd(0, W), c.rnd(0.08, 0.45)*horizon, W*c.rnd(0.04, 0.08))
	}
}

func sceneCampus(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	horizon := H * c.rnd(0.55, 0.62)
	c.sky(horizon)
	// distant trees
	for x := -20.0; x < W+20; x += W * 0.05 {
		c.ellipse(x, horizon-H*0.02, W*c.rnd(0.03, 0.05), H*c.rnd(0.04, 0.08), hex(0x4f7a4a).shade(c.rnd(0.8, 1)), 1)
	}
	c.vgrad(0, horizon, W, H, hex(0x6aa04f), hex(0x3f7a35))
	c.texture(0, horizon, W, H, W*0.03, 0.25)
	// the building: a long block with a tiered Thai roof over its centre
	bx0, bx1 := W*c.rnd(0.08, 0.18), W*c.rnd(0.82, 0.92)
	top := horizon - H*c.rnd(0.24, 0.3)
	wall := c.pick(hex(0xefe6d6), hex(0xe9e4dc), hex(0xf2ead8), hex(0xe2d6c4))
	c.rect(bx0, top, bx1, horizon+H*0.02, wall)
	c.rectA(bx0, top, bx1, top+H*0.015, wall.shade(0.7), 1)
	floors := 3 + c.r.IntN(2)
	fh := (horizon - top) / float64(floors)
	cols := 10 + c.r.IntN(6)
	cw := (bx1 - bx0) / float64(cols)
	glass := c.pick(hex(0x6f8fa8), hex(0x5a7890), hex(0x7d97a6))
	for f := 0; f < floors; f++ {
		for k := 0; k < cols; k++ {
			x := bx0 + float64(k)*cw
			y := top + float64(f)*fh
			c.rect(x+cw*0.22, y+fh*0.25, x+cw*0.78, y+fh*0.8, glass.shade(c.rnd(0.85, 1.15)))
			c.rectA(x+cw*0.22, y+fh*0.25, x+cw*0.78, y+fh*0.35, hex(0xffffff), 0.25)
		}
		c.rect(bx0, top+float64(f+1)*fh-fh*0.06, bx1, top+float64(f+1)*fh, wall.shade(0.88))
	}
	// centre portico and roof
	mid := (bx0 + bx1) / 2
	pw := (bx1 - bx0) * 0.26
	c.rect(mid-pw/2, top-H*0.02, mid+pw/2, horizon+H*0.02, wall.shade(1.05))
	for k := 0; k <= 4; k++ {
		x := mid - pw/2 + pw*float64(k)/4
		c.rect(x-pw*0.025, top+fh*0.4, x+pw*0.025, horizon+H*0.02, hex(0xfbf8f2))
	}
	roof := c.pick(hex(0xb5472f), hex(0x9c3b2a), hex(0x2f5f8a))
	for tier := 0; tier < 3; tier++ {
		tw := pw * (1.2 - 0.25*float64(tier))
		ty := top - H*0.02 - float64(tier)*H*0.045
		c.poly([]pt{{mid - tw/2, ty}, {mid + tw/2, ty}, {mid + tw*0.3, ty - H*0.06}, {mid - tw*0.3, ty - H*0.06}}, roof.shade(1-0.08*float64(tier)))
	}
	c.poly([]pt{{mid - pw*0.18, top - H*0.11}, {mid + pw*0.18, top - H*0.11}, {mid, top - H*0.22}}, roof.shade(0.85))
	c.rect(mid-pw*0.02, top-H*0.26, mid+pw*0.02, top-H*0.2, hex(0xd8b04a))
	// steps and path
	c.poly([]pt{{mid - pw*0.45, horizon + H*0.02}, {mid + pw*0.45, horizon + H*0.02}, {mid + pw*1.3, H}, {mid - pw*1.3, H}}, hex(0xc9c2b4))
	c.texture(mid-pw*1.3, horizon, mid+pw*1.3, H, W*0.01, 0.12)
	// flagpole
	fx := c.pickF(bx0-W*0.04, bx1+W*0.04, mid-pw*0.8)
	c.rect(fx-1.5, horizon-H*0.45, fx+1.5, horizon+H*0.05, hex(0xd9d9d9))
	c.flagTH(fx+2, horizon-H*0.45, W*0.09)
	// trees in front and people walking
	for i, n := 0, 2+c.r.IntN(3); i < n; i++ {
		x := c.pickF(c.rnd(0, bx0+W*0.05), c.rnd(bx1-W*0.05, W))
		c.tree(x, horizon+H*c.rnd(0.08, 0.2), H*c.rnd(0.16, 0.24), hex(0x3d7a3a))
	}
	for i, n := 0, 3+c.r.IntN(5); i < n; i++ {
		y := horizon + H*c.rnd(0.12, 0.38)
		c.stand(c.randomPerson(), c.rnd(W*0.1, W*0.9), y, H*0.13*(y/H), 0)
	}
}

func sceneCeremony(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	c.vgrad(0, 0, W, H, hex(0x3a2431), hex(0x1d1418))
	c.texture(0, 0, W, H*0.6, W*0.05, 0.2)
	// the stage backdrop: a purple banner with a gold border and lettering
	by0, by1 := H*0.08, H*0.42
	banner := c.pick(hex(0x5b1a6b), hex(0x6b1f7a), hex(0x1f3f7a), hex(0x7a1f2f))
	c.rect(W*0.08, by0, W*0.92, by1, banner)
	c.rectA(W*0.08, by0, W*0.92, by1, hex(0xffffff), 0)
	c.vgrad(W*0.08, by0, W*0.92, by1, banner.shade(1.1), banner.shade(0.8))
	gold := hex(0xd9b24a)
	c.rect(W*0.08, by0, W*0.92, by0+H*0.012, gold)
	c.rect(W*0.08, by1-H*0.012, W*0.92, by1, gold)
	c.ellipse(W*0.18, (by0+by1)/2, H*0.08, H*0.08, gold, 1)
	c.ellipse(W*0.18, (by0+by1)/2, H*0.06, H*0.06, banner.shade(0.9), 1)
	c.textBars(W*0.3, by0+H*0.07, W*0.55, H*0.035, 3, hex(0xf6e7b8), 0.95)
	// stage floor and flowers
	c.vgrad(0, by1, W, H*0.55, hex(0x6d4a34), hex(0x4a3122))
	c.rect(0, H*0.55, W, H*0.57, hex(0x2b1c14))
	for x := W * 0.05; x < W*0.95; x += W * 0.03 {
		c.ellipse(x, H*0.545, W*0.02, H*0.025, c.pick(hex(0xf2c230), hex(0xe88a1a), hex(0xf5f0e0)), 1)
		c.ellipse(x+W*0.01, H*0.56, W*0.018, H*0.012, hex(0x3c7a3a), 1)
	}
	// podium and speakers
	c.rect(W*0.7, H*0.3, W*0.82, H*0.54, hex(0x7a5236))
	c.ellipse(W*0.76, H*0.37, W*0.025, W*0.025, gold, 1)
	for i, n := 0, 2+c.r.IntN(3); i < n; i++ {
		p := c.randomPerson()
		p.shirt = c.pick(hex(0x1d1d24), hex(0xf4f4f2), hex(0x6b1f7a), hex(0x2b3550))
		c.stand(p, W*(0.3+0.1*float64(i)), H*0.53, H*0.24, c.r.IntN(3))
	}
	c.glow(W*c.rnd(0.3, 0.6), H*0.25, W*0.35, hex(0xfff1c8), 0.25)
	// the audience, rows seen from behind, nearer rows larger
	for row := 0; row < 4; row++ {
		y := H * (0.6 + 0.1*float64(row))
		u := H * (0.035 + 0.012*float64(row))
		for x := -u * c.rnd(0, 2); x < W+u; x += u * 2.3 {
			c.seatedBack(x+c.rnd(-u*0.2, u*0.2), y, u, c.pick(hex(0xf4f4f2), hex(0xf4f4f2), hex(0x1d1d24), hex(0x6b1f7a), hex(0x2b3550)), c.pick(hairs...))
		}
	}
}

func sceneSports(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	horizon := H * 0.32
	c.sky(horizon)
	// stands with spectators, then trees
	for x := -10.0; x < W; x += W * 0.06 {
		c.ellipse(x, horizon-H*0.03, W*0.05, H*0.07, hex(0x446b3d).shade(c.rnd(0.8, 1.1)), 1)
	}
	c.rect(0, horizon-H*0.02, W, horizon+H*0.08, hex(0x8a8f99))
	for y := horizon; y < horizon+H*0.08; y += H * 0.018 {
		for x := c.rnd(0, 6); x < W; x += c.rnd(5, 11) {
			c.rect(x, y, x+W*0.006, y+H*0.011, c.pick(shirts...))
		}
	}
	// the field, mown in stripes
	c.vgrad(0, horizon+H*0.08, W, H, hex(0x5aa64a), hex(0x3d8a36))
	stripes := 8
	for k := 0; k < stripes; k += 2 {
		x0 := W * float64(k) / float64(stripes)
		c.polyA([]pt{{x0 * 0.9, horizon + H*0.08}, {(x0 + W/float64(stripes)) * 0.9, horizon + H*0.08}, {(x0 + W/float64(stripes)) * 1.3, H}, {x0 * 1.3, H}}, hex(0xffffff), 0.06)
	}
	c.texture(0, horizon+H*0.08, W, H, W*0.02, 0.15)
	white := hex(0xf2f2f2)
	c.line(pt{0, H * 0.55}, pt{W, H * 0.52}, H*0.006, white)
	c.ellipse(W*0.5, H*0.55, W*0.18, H*0.07, white, 1)
	c.ellipse(W*0.5, H*0.55, W*0.175, H*0.063, hex(0x4c9a42), 1)
	// goal
	gx := c.pickF(W*0.08, W*0.78)
	c.rect(gx, horizon+H*0.05, gx+W*0.14, horizon+H*0.06, white)
	c.rect(gx, horizon+H*0.05, gx+W*0.005, horizon+H*0.17, white)
	c.rect(gx+W*0.135, horizon+H*0.05, gx+W*0.14, horizon+H*0.17, white)
	// two teams
	teams := [][2]rgb{{hex(0x6b1f7a), hex(0xf4f4f2)}, {hex(0xe9b824), hex(0x1d1d24)}, {hex(0xc23b4b), hex(0xf4f4f2)}, {hex(0x1f4e9c), hex(0x1d1d24)}}
	a, b := c.r.IntN(4), 0
	b = (a + 1 + c.r.IntN(3)) % 4
	for i, n := 0, 5+c.r.IntN(5); i < n; i++ {
		y := H * c.rnd(0.5, 0.95)
		t := teams[a]
		if i%2 == 1 {
			t = teams[b]
		}
		p := c.randomPerson()
		p.shirt, p.bottom, p.skirt = t[0], t[1], false
		c.stand(p, c.rnd(W*0.05, W*0.95), y, H*0.3*(y/H), c.r.IntN(2))
	}
	bx, byy := c.rnd(W*0.2, W*0.8), H*c.rnd(0.6, 0.85)
	c.ellipse(bx, byy, H*0.018, H*0.018, white, 1)
	c.ellipse(bx+H*0.004, byy+H*0.004, H*0.007, H*0.007, hex(0x222222), 1)
}

func sceneLab(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	wall := c.pick(hex(0xdfe7ea), hex(0xe6ece4), hex(0xe9e5dc))
	c.vgrad(0, 0, W, H*0.6, wall.shade(1.05), wall.shade(0.9))
	c.texture(0, 0, W, H*0.6, W*0.06, 0.08)
	// shelves with bottles
	for s := 0; s < 2; s++ {
		y := H * (0.16 + 0.18*float64(s))
		c.rect(W*0.05, y, W*0.95, y+H*0.015, hex(0xb8a48a))
		for x := W*0.06 + c.rnd(0, 20); x < W*0.92; x += W * c.rnd(0.03, 0.06) {
			bh := H * c.rnd(0.06, 0.12)
			col := c.pick(hex(0x8a5a2b), hex(0x3f6f9a), hex(0xeeeeee), hex(0x4f8a4a), hex(0xb03a2e))
			c.rectA(x, y-bh, x+W*0.022, y, col, 0.85)
			c.rect(x+W*0.006, y-bh-H*0.015, x+W*0.016, y-bh, hex(0x333333))
		}
	}
	// window glow
	c.glow(W*0.85, H*0.1, W*0.4, hex(0xffffff), 0.3)
	// the bench
	c.vgrad(0, H*0.6, W, H*0.66, hex(0x2d2f33), hex(0x1f2124))
	c.vgrad(0, H*0.66, W, H, hex(0x9aa3a8), hex(0x6d757a))
	for x := W * 0.02; x < W; x += W * 0.24 {
		c.rect(x, H*0.7, x+W*0.22, H*0.97, hex(0xa7b0b5))
		c.rect(x+W*0.09, H*0.74, x+W*0.13, H*0.755, hex(0x5a6166))
	}
	// glassware on the bench
	liquids := []rgb{hex(0x3fa0d8), hex(0xe0533a), hex(0x58b560), hex(0xf0c33c), hex(0x9b59b6)}
	for x := W * c.rnd(0.04, 0.1); x < W*0.92; x += W * c.rnd(0.08, 0.14) {
		base := H * 0.62
		liq := c.pick(liquids...)
		switch c.r.IntN(3) {
		case 0: // beaker
			bw, bh := W*c.rnd(0.04, 0.07), H*c.rnd(0.1, 0.16)
			c.rectA(x, base-bh, x+bw, base, hex(0xeaf4f8), 0.35)
			c.rectA(x, base-bh*c.rnd(0.3, 0.7), x+bw, base, liq, 0.75)
			c.rectA(x+bw*0.1, base-bh, x+bw*0.2, base, hex(0xffffff), 0.5)
		case 1: // conical flask
			fw, fh := W*c.rnd(0.05, 0.08), H*c.rnd(0.12, 0.18)
			c.polyA([]pt{{x, base}, {x + fw, base}, {x + fw*0.6, base - fh*0.6}, {x + fw*0.6, base - fh}, {x + fw*0.4, base - fh}, {x + fw*0.4, base - fh*0.6}}, hex(0xeaf4f8), 0.4)
			c.polyA([]pt{{x, base}, {x + fw, base}, {x + fw*0.8, base - fh*0.3}, {x + fw*0.2, base - fh*0.3}}, liq, 0.8)
		default: // a rack of test tubes
			for k := 0; k < 4+c.r.IntN(3); k++ {
				tx := x + float64(k)*W*0.014
				c.rectA(tx, base-H*0.13, tx+W*0.009, base-H*0.02, hex(0xeaf4f8), 0.45)
				c.rectA(tx, base-H*c.rnd(0.06, 0.1), tx+W*0.009, base-H*0.02, c.pick(liquids...), 0.8)
			}
			c.rect(x-W*0.005, base-H*0.05, x+W*0.1, base-H*0.035, hex(0x5a6e80))
			c.rect(x-W*0.005, base-H*0.02, x+W*0.1, base, hex(0x5a6e80))
		}
	}
	// a researcher in a lab coat
	if c.r.IntN(3) > 0 {
		p := c.randomPerson()
		p.shirt, p.bottom = hex(0xf7f7f5), hex(0x2b3550)
		x := c.rnd(W*0.2, W*0.8)
		c.stand(p, x, H*1.05, H*0.75, 2)
		c.rectA(x-H*0.02, H*0.26, x+H*0.07, H*0.29, hex(0x9fd0ff), 0.6) // goggles on the forehead
	}
}

func scenePlanting(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	horizon := H * c.rnd(0.3, 0.4)
	c.sky(horizon)
	for x := -10.0; x < W; x += W * 0.07 {
		c.tree(x+c.rnd(-10, 10), horizon+H*0.02, H*c.rnd(0.08, 0.14), hex(0x4a7a3f))
	}
	c.vgrad(0, horizon, W, H, hex(0x8fae5a), hex(0x6e8c44))
	c.texture(0, horizon, W, H, W*0.025, 0.25)
	// freshly dug earth in rows, each with a sapling
	for row := 0; row < 3; row++ {
		y := horizon + (H-horizon)*(0.25+0.25*float64(row))
		s := 0.5 + 0.5*float64(row)
		for x := c.rnd(0, W*0.1); x < W; x += W * 0.16 * s {
			c.ellipse(x, y, W*0.04*s, H*0.018*s, hex(0x6b4a2e), 1)
			c.rect(x-1.5*s, y-H*0.07*s, x+1.5*s, y, hex(0x5b4030))
			for k := 0; k < 5; k++ {
				c.ellipse(x+c.rnd(-8, 8)*s, y-H*c.rnd(0.05, 0.09)*s, W*0.012*s, H*0.01*s, hex(0x3f8a3a).shade(c.rnd(0.8, 1.2)), 1)
			}
		}
	}
	// volunteers in matching shirts, some holding shovels
	vol := c.pick(hex(0xe9b824), hex(0x2f7d4f), hex(0x1f4e9c), hex(0xd8572a), hex(0x6b1f7a))
	for i, n := 0, 4+c.r.IntN(5); i < n; i++ {
		y := horizon + (H-horizon)*c.rnd(0.3, 1.05)
		p := c.randomPerson()
		p.shirt, p.skirt = vol, false
		x := c.rnd(W*0.05, W*0.95)
		hgt := H * 0.42 * (y / H)
		c.stand(p, x, y, hgt, c.r.IntN(3))
		if c.r.IntN(2) == 0 {
			c.line(pt{x + hgt*0.2, y - hgt*0.55}, pt{x + hgt*0.35, y}, hgt*0.025, hex(0x8a6a45))
			c.poly([]pt{{x + hgt*0.3, y - hgt*0.08}, {x + hgt*0.42, y - hgt*0.08}, {x + hgt*0.38, y + hgt*0.02}}, hex(0x888c90))
		}
	}
}

func sceneClassroom(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	wall := c.pick(hex(0xe8e2d0), hex(0xdde6e0), hex(0xe9dccb))
	c.vgrad(0, 0, W, H*0.7, wall, wall.shade(0.85))
	c.texture(0, 0, W, H*0.7, W*0.06, 0.08)
	// windows on one side
	for k := 0; k < 2; k++ {
		x := W * (0.02 + 0.1*float64(k))
		c.rect(x, H*0.1, x+W*0.08, H*0.45, hex(0xcfe6f5))
		c.glow(x+W*0.04, H*0.25, W*0.15, hex(0xffffff), 0.35)
		c.rect(x+W*0.038, H*0.1, x+W*0.042, H*0.45, hex(0xf0f0f0))
	}
	// the whiteboard with writing and a diagram
	bx0, bx1 := W*0.28, W*0.9
	c.rect(bx0-4, H*0.08, bx1+4, H*0.5, hex(0x9aa0a6))
	c.rect(bx0, H*0.09, bx1, H*0.49, hex(0xf8f9fa))
	ink := c.pick(hex(0x1f4e9c), hex(0x222222), hex(0xb03a2e))
	c.textBars(bx0+W*0.03, H*0.13, (bx1-bx0)*0.5, H*0.014, 6, ink, 0.8)
	ox, oy := bx0+(bx1-bx0)*0.62, H*0.42
	c.line(pt{ox, oy}, pt{ox + W*0.2, oy}, 2, ink)
	c.line(pt{ox, oy}, pt{ox, oy - H*0.26}, 2, ink)
	prev := pt{ox, oy - H*0.02}
	for k := 1; k <= 8; k++ {
		p := pt{ox + W*0.024*float64(k), oy - H*0.02 - H*0.2*math.Pow(float64(k)/8, c.rnd(1.3, 2.2))}
		c.line(prev, p, 2.5, hex(0xb03a2e))
		prev = p
	}
	// floor, the lecturer and the students' backs over their desks
	c.vgrad(0, H*0.7, W, H, hex(0xb8a07e), hex(0x8c7556))
	lect := c.randomPerson()
	lect.shirt = c.pick(hex(0x2b3550), hex(0x6b1f7a), hex(0xf4f4f2), hex(0x8fb8de))
	c.stand(lect, W*c.rnd(0.2, 0.3), H*0.72, H*0.5, 1)
	for row := 0; row < 3; row++ {
		y := H * (0.58 + 0.13*float64(row))
		u := H * (0.045 + 0.015*float64(row))
		for x := c.rnd(0, u*2); x < W+u; x += u * 3.2 {
			c.seatedBack(x, y, u, c.pick(hex(0xf4f4f2), hex(0xf4f4f2), hex(0xf4f4f2), hex(0x8fb8de)), c.pick(hairs...))
		}
		c.rect(0, y+u*1.9, W, y+u*2.3, hex(0x7a5a3a))
	}
}

func sceneMekong(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	horizon := H * c.rnd(0.45, 0.52)
	warm := c.pick(hex(0xf6a24a), hex(0xf28c3a), hex(0xf7b65e))
	c.vgrad(0, 0, W, horizon*0.6, hex(0x3c3670), hex(0xb0607a))
	c.vgrad(0, horizon*0.6, W, horizon, hex(0xb0607a), warm)
	sx := W * c.rnd(0.3, 0.7)
	sy := horizon - H*c.rnd(0.04, 0.12)
	c.glow(sx, sy, W*0.35, hex(0xffd27a), 0.5)
	c.ellipse(sx, sy, H*0.05, H*0.05, hex(0xfff0c0), 1)
	for i := 0; i < 3; i++ {
		c.ellipse(c.rnd(0, W), c.rnd(0.1, 0.35)*H, W*c.rnd(0.1, 0.2), H*0.012, hex(0xf4b08a), 0.5)
	}
	// the far bank: layered hills of Laos
	for layer := 0; layer < 3; layer++ {
		col := mix(hex(0x5a3f6a), hex(0x2a2040), float64(layer)/2)
		pts := []pt{{0, horizon}}
		amp := H * (0.05 - 0.012*float64(layer))
		ph := c.rnd(0, 6)
		for x := 0.0; x <= W; x += W / 40 {
			pts = append(pts, pt{x, horizon - amp*(1+math.Sin(x/W*6+ph)*0.5+math.Sin(x/W*17+ph*2)*0.2) + float64(layer)*H*0.012})
		}
		pts = append(pts, pt{W, horizon})
		c.poly(pts, col)
	}
	// the river with the sun's path on it
	c.vgrad(0, horizon, W, H*0.82, hex(0x8a5a6e), hex(0x3a3050))
	for y := horizon + 2; y < H*0.82; y += c.rnd(2, 5) {
		w := W * 0.08 * (1 + (y-horizon)/(H*0.3))
		x := sx + c.rnd(-w, w)
		c.rectA(x-w*c.rnd(0.1, 0.5), y, x+w*c.rnd(0.1, 0.5), y+1.5, hex(0xffd890), c.rnd(0.3, 0.8))
		c.rectA(c.rnd(0, W), y, c.rnd(0, W), y+1, hex(0xd89aa0), 0.15)
	}
	// a long-tail boat
	bx := c.rnd(W*0.1, W*0.7)
	by := horizon + H*c.rnd(0.06, 0.15)
	c.poly([]pt{{bx, by}, {bx + W*0.14, by}, {bx + W*0.16, by - H*0.015}, {bx + W*0.02, by + H*0.012}}, hex(0x1e1826))
	c.stand(person{skin: hex(0x1e1826), hair: hex(0x1e1826), shirt: hex(0x1e1826), bottom: hex(0x1e1826), back: true}, bx+W*0.12, by, H*0.06, 0)
	// the promenade in front, with a rail and people watching
	c.vgrad(0, H*0.82, W, H, hex(0x2a2228), hex(0x141014))
	c.rect(0, H*0.8, W, H*0.815, hex(0x1a1418))
	for x := 0.0; x < W; x += W * 0.04 {
		c.rect(x, H*0.8, x+W*0.006, H*0.86, hex(0x1a1418))
	}
	for i, n := 0, 2+c.r.IntN(4); i < n; i++ {
		sil := person{skin: hex(0x120e12), hair: hex(0x120e12), shirt: hex(0x1a1418), bottom: hex(0x120e12), skirt: c.r.IntN(2) == 0, back: true}
		c.stand(sil, c.rnd(W*0.05, W*0.95), H*c.rnd(0.92, 1.0), H*c.rnd(0.3, 0.4), c.r.IntN(2))
	}
}

func sceneGroup(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	// a backdrop: the building's wall or a banner
	if c.r.IntN(2) == 0 {
		c.sky(H * 0.35)
		wall := c.pick(hex(0xefe6d6), hex(0xe2d6c4))
		c.rect(0, H*0.12, W, H*0.7, wall)
		for x := W * 0.03; x < W; x += W * 0.12 {
			c.rect(x, H*0.18, x+W*0.07, H*0.38, hex(0x6f8fa8))
		}
	} else {
		banner := c.pick(hex(0x6b1f7a), hex(0x1f3f7a), hex(0x2f6d4f))
		c.vgrad(0, 0, W, H*0.7, banner.shade(1.1), banner.shade(0.75))
		c.rect(0, H*0.05, W, H*0.06, hex(0xd9b24a))
		c.textBars(W*0.15, H*0.1, W*0.7, H*0.035, 2, hex(0xf6e7b8), 0.9)
	}
	c.vgrad(0, H*0.7, W, H, hex(0xa89a86), hex(0x7a6e60))
	shirtSet := []rgb{c.pick(shirts...), hex(0xf4f4f2), c.pick(shirts...)}
	rows := 2 + c.r.IntN(2)
	for row := 0; row < rows; row++ {
		n := 6 + c.r.IntN(4) - row
		hgt := H * (0.55 + 0.1*float64(row))
		base := H*(0.8+0.1*float64(row)) + hgt*0.35
		span := W * 0.9
		for k := 0; k < n; k++ {
			p := c.randomPerson()
			p.shirt = c.pick(shirtSet...)
			x := W*0.05 + span*(float64(k)+0.5)/float64(n) + c.rnd(-6, 6)
			c.stand(p, x, base, hgt*c.rnd(0.92, 1.05), 0)
		}
	}
	if c.r.IntN(2) == 0 { // a trophy held in the middle
		x, y := W*0.5, H*0.62
		c.poly([]pt{{x - W*0.03, y - H*0.08}, {x + W*0.03, y - H*0.08}, {x + W*0.012, y}, {x - W*0.012, y}}, hex(0xe0b53a))
		c.rect(x-W*0.02, y, x+W*0.02, y+H*0.03, hex(0x6b4a2e))
		c.glow(x, y-H*0.06, W*0.06, hex(0xfff3b0), 0.5)
	}
}

func sceneSigning(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	banner := c.pick(hex(0x6b1f7a), hex(0x1f3f7a), hex(0x5b1a3b))
	c.vgrad(0, 0, W, H*0.55, banner.shade(1.1), banner.shade(0.8))
	c.rect(0, H*0.03, W, H*0.045, hex(0xd9b24a))
	c.textBars(W*0.12, H*0.09, W*0.76, H*0.04, 3, hex(0xf6e7b8), 0.95)
	c.rect(0, H*0.55, W, H, hex(0x4a3a30))
	// people standing behind the table
	for k := 0; k < 4+c.r.IntN(3); k++ {
		p := c.randomPerson()
		p.shirt = c.pick(hex(0x1d1d24), hex(0x2b3550), hex(0xf4f4f2), hex(0x6b1f7a))
		c.stand(p, W*(0.1+0.16*float64(k)+c.rnd(-0.02, 0.02)), H*0.82, H*0.5, 0)
	}
	// the two signatories, seated, then the table with its cloth, the
	// flag and their folders
	for _, x := range []float64{W * 0.3, W * 0.7} {
		p := c.randomPerson()
		p.shirt = c.pick(hex(0x1d1d24), hex(0x2b3550), hex(0x3b3b3b))
		c.poly([]pt{{x - W*0.085, H * 0.53}, {x + W*0.085, H * 0.53}, {x + W*0.1, H * 0.66}, {x - W*0.1, H * 0.66}}, p.shirt)
		c.ellipse(x-W*0.08, H*0.55, W*0.03, H*0.03, p.shirt, 1)
		c.ellipse(x+W*0.08, H*0.55, W*0.03, H*0.03, p.shirt, 1)
		c.poly([]pt{{x - W*0.025, H * 0.53}, {x + W*0.025, H * 0.53}, {x, H * 0.58}}, hex(0xf4f4f2))
		c.head(p, x, H*0.45, H*0.13)
	}
	c.rect(W*0.05, H*0.64, W*0.95, H*0.68, hex(0xf7f5f0))
	c.vgrad(W*0.05, H*0.68, W*0.95, H, hex(0xe8e2f0), hex(0xc9bedb))
	for x := W * 0.05; x < W*0.95; x += W * 0.05 {
		c.rectA(x, H*0.68, x+W*0.01, H, hex(0xffffff), 0.25)
	}
	c.rect(W*0.495, H*0.47, W*0.5, H*0.64, hex(0xcccccc))
	c.flagTH(W*0.5, H*0.47, W*0.05)
	for _, x := range []float64{W * 0.3, W * 0.7} {
		c.rect(x-W*0.07, H*0.625, x+W*0.07, H*0.65, c.pick(hex(0x1f3f7a), hex(0x7a1f2f), hex(0x2f5f3f)))
		c.rect(x-W*0.05, H*0.62, x+W*0.05, H*0.635, hex(0xfafafa))
		c.line(pt{x + W*0.02, H * 0.63}, pt{x + W*0.05, H * 0.6}, 3, hex(0x222222))
	}
}

func sceneMeeting(c *canvas) {
	W, H := float64(c.w), float64(c.h)
	wall := c.pick(hex(0xd9d2c4), hex(0xcfd6dc), hex(0xe2d8c8))
	c.vgrad(0, 0, W, H*0.55, wall.shade(1.05), wall.shade(0.85))
	c.texture(0, 0, W, H*0.55, W*0.06, 0.06)
	// the projector screen with a bar chart
	c.rect(W*0.3, H*0.06, W*0.7, H*0.38, hex(0xf7f7f7))
	c.rect(W*0.3, H*0.06, W*0.7, H*0.09, c.pick(hex(0x6b1f7a), hex(0x1f4e9c)))
	for k := 0; k < 6; k++ {
		bh := H * c.rnd(0.05, 0.22)
		x := W*0.34 + float64(k)*W*0.055
		c.rect(x, H*0.35-bh, x+W*0.035, H*0.35, c.pick(hex(0x1f4e9c), hex(0xe9b824), hex(0x2f7d4f), hex(0xc23b4b)))
	}
	c.glow(W*0.5, H*0.2, W*0.3, hex(0xffffff), 0.15)
	c.vgrad(0, H*0.55, W, H, hex(0x6a5a4a), hex(0x4a3e34))
	// a long table seen in perspective, people on both sides
	c.poly([]pt{{W * 0.42, H * 0.5}, {W * 0.58, H * 0.5}, {W * 0.85, H}, {W * 0.15, H}}, hex(0x7a5232))
	c.polyA([]pt{{W * 0.44, H * 0.5}, {W * 0.5, H * 0.5}, {W * 0.4, H}, {W * 0.25, H}}, hex(0xffffff), 0.08)
	for k := 0; k < 4; k++ {
		t := 0.2 + 0.22*float64(k)
		y := H * (0.5 + 0.45*t)
		u := H * (0.04 + 0.08*t)
		for _, side := range []float64{-1, 1} {
			x := W*0.5 + side*(W*0.08+W*0.35*t+u*0.8)
			p := c.randomPerson()
			p.shirt = c.pick(hex(0xf4f4f2), hex(0x1d1d24), hex(0x6b1f7a), hex(0x8fb8de), hex(0x2b3550))
			c.ellipse(x, y+u*0.9, u*1.1, u*0.9, p.shirt, 1)
			c.rect(x-u*1.1, y+u*0.9, x+u*1.1, y+u*2.5, p.shirt)
			c.head(p, x, y, u)
			c.rect(W*0.5+side*(W*0.06+W*0.33*t)-u*0.5, y+u*0.9, W*0.5+side*(W*0.06+W*0.33*t)+u*0.5, y+u*1.1, hex(0xfafafa))
		}
	}
}

// photoJPEG draws the scene at w×h for seed and encodes it as a camera
// would (quality 90; the photo pipeline re-encodes it as it does uploads).
func photoJPEG(name string, seed uint64, w, h int) []byte {
	c := newCanvas(w, h, seed)
	scenes[name](c)
	c.finish(1)
	var buf bytes.Buffer
	jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 90})
	return buf.Bytes()
}

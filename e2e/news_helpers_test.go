package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/text/encoding/charmap"
)

// Sizes of the camera photos in the test ZIP, and the box the server must
// fit them in.
const (
	cameraW, cameraH = 1600, 1200
	storedW, storedH = 800, 600
)

// photoZip describes the ZIP that a PR officer copies off the office PC.
type photoZip struct {
	Path     string   // the file on disk
	Captions []string // the photos' names without extension, in natural order
	NotPhoto string   // the name of the entry that is not a photo
	Size     int64
}

// photoName is the Thai file name of photo i (1-based), without extension.
func photoName(i int) string { return fmt.Sprintf("ภาพกิจกรรม %d", i) }

// makeThaiPhotoZip writes into dir a ZIP as Thai Windows makes it: entry
// names in Windows-874 without the UTF-8 flag, inside a folder, in the
// byte order of the names ("1", "10", "11", …, "2"), with a video that is
// not a photo and the resource-fork junk that macOS adds. Every photo is a
// 1600×1200 JPEG with EXIF that holds a GPS position. It runs while the
// browser starts, so it returns errors instead of stopping the test.
func makeThaiPhotoZip(dir string, n int) (photoZip, error) {
	const folder = "งานลงนาม MOU/"
	z := photoZip{Path: filepath.Join(dir, "ภาพกิจกรรม MOU.zip"), NotPhoto: "คลิป.mov"}

	photos := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			photos[i], errs[i] = cameraJPEG(i + 1)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return z, err
	}

	type entry struct {
		name string
		data []byte
	}
	var entries []entry
	for i := range n {
		z.Captions = append(z.Captions, photoName(i+1))
		entries = append(entries, entry{folder + photoName(i+1) + ".jpg", photos[i]})
	}
	entries = append(entries, entry{folder + z.NotPhoto, []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  not really a video")})
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	entries = append([]entry{{folder, nil}}, entries...)
	entries = append(entries, entry{"__MACOSX/._x", []byte("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")})

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		name, err := charmap.Windows874.NewEncoder().String(e.name)
		if err != nil {
			return z, fmt.Errorf("encode %q in Windows-874: %w", e.name, err)
		}
		if strings.ContainsFunc(e.name, func(r rune) bool { return r >= utf8.RuneSelf }) && utf8.ValidString(name) {
			return z, fmt.Errorf("the Windows-874 name of %q is valid UTF-8, so it would not test the decoding", e.name)
		}
		h := &zip.FileHeader{Name: name, NonUTF8: true, Method: zip.Store, Modified: time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return z, fmt.Errorf("zip %q: %w", e.name, err)
		}
		if _, err := w.Write(e.data); err != nil {
			return z, fmt.Errorf("zip %q: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return z, fmt.Errorf("zip: %w", err)
	}
	z.Size = int64(buf.Len())
	return z, os.WriteFile(z.Path, buf.Bytes(), 0o644)
}

// photoColour is the background colour of photo i (1-based): 30 hues around
// the colour wheel, so every photo can be told from its neighbours even
// after JPEG and resizing.
func photoColour(i int) color.RGBA {
	h := float64((i-1)%30) * 12 // degrees
	x := func(n float64) uint8 {
		k := n + h/60
		for k >= 6 {
			k -= 6
		}
		v := 1 - max(0, min(k, 4-k, 1))
		return uint8(40 + v*180)
	}
	return color.RGBA{x(5), x(3), x(1), 255}
}

// cameraJPEG draws photo i: its colour, its number in large seven-segment
// digits, and EXIF with a GPS position and a camera named "E2E GPS Camera".
func cameraJPEG(i int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, cameraW, cameraH))
	bg := photoColour(i)
	for p := 0; p < len(img.Pix); p += 4 {
		img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = bg.R, bg.G, bg.B, 255
	}
	drawNumber(img, i, 400, 300, 240, color.RGBA{255, 255, 255, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 70}); err != nil {
		return nil, fmt.Errorf("encode photo %d: %w", i, err)
	}
	b := buf.Bytes()
	// The encoder writes SOI and then the tables; the camera's APP1 goes
	// straight after SOI.
	return slices.Concat(b[:2], exifAPP1(), b[2:]), nil
}

// segments of a seven-segment digit: a, b, c, d, e, f, g.
var sevenSegments = [10]string{"abcdef", "bc", "abdeg", "abcdg", "bcfg", "acdfg", "acdefg", "abc", "abcdefg", "abcdfg"}

// drawNumber draws n at (x, y) with digits h pixels high.
func drawNumber(img *image.RGBA, n, x, y, h int, c color.RGBA) {
	w, s := h/2, h/10 // digit width, stroke
	for _, d := range fmt.Sprint(n) {
		for _, seg := range sevenSegments[d-'0'] {
			var r image.Rectangle
			switch seg {
			case 'a':
				r = image.Rect(x, y, x+w, y+s)
			case 'b':
				r = image.Rect(x+w-s, y, x+w, y+h/2)
			case 'c':
				r = image.Rect(x+w-s, y+h/2, x+w, y+h)
			case 'd':
				r = image.Rect(x, y+h-s, x+w, y+h)
			case 'e':
				r = image.Rect(x, y+h/2, x+s, y+h)
			case 'f':
				r = image.Rect(x, y, x+s, y+h/2)
			case 'g':
				r = image.Rect(x, y+h/2-s/2, x+w, y+h/2+s/2)
			}
			for py := r.Min.Y; py < r.Max.Y; py++ {
				for px := r.Min.X; px < r.Max.X; px++ {
					img.SetRGBA(px, py, c)
				}
			}
		}
		x += w + s*2
	}
}

// exifAPP1 is a camera's EXIF segment: IFD0 with Make, Orientation 1 (as
// taken) and a pointer to a GPS IFD with a latitude.
func exifAPP1() []byte {
	be := binary.BigEndian
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	entry := func(tag, typ uint16, count, value uint32) []byte {
		b := make([]byte, 12)
		be.PutUint16(b, tag)
		be.PutUint16(b[2:], typ)
		be.PutUint32(b[4:], count)
		be.PutUint32(b[8:], value)
		return b
	}
	const (
		ascii, short, long, rational = 2, 3, 4, 5
		ifd0                         = 8
		makeAt                       = ifd0 + 2 + 3*12 + 4  // 50
		camera                       = "E2E GPS Camera\x00" // 15 bytes, padded to 16
		gpsAt                        = makeAt + 16          // 66
		gpsData                      = gpsAt + 2 + 2*12 + 4 // 96
		shortOne                     = 1 << 16              // a SHORT value sits in the high half, big-endian
	)
	tiff = append(tiff, 0, 3)
	tiff = append(tiff, entry(0x010f, ascii, uint32(len(camera)), makeAt)...)
	tiff = append(tiff, entry(0x0112, short, 1, shortOne)...)
	tiff = append(tiff, entry(0x8825, long, 1, gpsAt)...)
	tiff = append(tiff, 0, 0, 0, 0)
	tiff = append(tiff, camera+"\x00"...)
	tiff = append(tiff, 0, 2)
	tiff = append(tiff, entry(0x0001, ascii, 2, 'N'<<24)...)
	tiff = append(tiff, entry(0x0002, rational, 3, gpsData)...)
	tiff = append(tiff, 0, 0, 0, 0)
	for _, v := range []uint32{13, 1, 45, 1, 2, 1} { // 13° 45' 2" N
		tiff = be.AppendUint32(tiff, v)
	}
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1, 0, 0}
	be.PutUint16(seg[2:], uint16(2+len(payload)))
	return append(seg, payload...)
}

// jpegHeaderSegments returns the marker segments of a JPEG before its image
// data (SOS), each with its marker and length: where EXIF, XMP, IPTC and
// comments live. The compressed image data after SOS is left out, because
// its bytes may spell anything.
func jpegHeaderSegments(b []byte) ([][]byte, error) {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return nil, fmt.Errorf("not a JPEG: starts % x", b[:min(len(b), 4)])
	}
	var segs [][]byte
	for i := 2; ; {
		if i+4 > len(b) || b[i] != 0xff {
			return nil, fmt.Errorf("bad marker at byte %d", i)
		}
		m := b[i+1]
		if m == 0xff { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if i+2+n > len(b) {
			return nil, fmt.Errorf("segment %02x at byte %d runs past the end", m, i)
		}
		segs = append(segs, b[i:i+2+n])
		if m == 0xda { // SOS: the image data follows
			return segs, nil
		}
		i += 2 + n
	}
}

// checkStoredPhoto fetches a photo the public page links to and checks what
// the issue promises: a JPEG within 800×600 with no EXIF and no GPS. It
// returns the decoded image.
func checkStoredPhoto(t *testing.T, path string) image.Image {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(site.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "image/jpeg" {
		t.Errorf("GET %s: Content-Type %q, want image/jpeg", path, ct)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if format != "jpeg" || cfg.Width > storedW || cfg.Height > storedH {
		t.Errorf("GET %s: %s %d×%d; want a JPEG within %d×%d", path, format, cfg.Width, cfg.Height, storedW, storedH)
	}
	segs, err := jpegHeaderSegments(b)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
	}
	for _, s := range segs {
		if s[1] == 0xe1 && bytes.HasPrefix(s[4:], []byte("Exif")) {
			t.Errorf("GET %s: the file keeps an EXIF APP1 segment (%d bytes)", path, len(s))
		}
		if bytes.Contains(s, []byte("GPS")) {
			t.Errorf("GET %s: the marker segment %02x holds %q", path, s[1], "GPS")
		}
	}
	if bytes.Contains(b, []byte("Exif\x00\x00")) {
		t.Errorf("GET %s: the file holds an EXIF header", path)
	}
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET %s: decode: %v", path, err)
	}
	t.Logf("GET %s: %d bytes, %s %d×%d, %d header segments", path, len(b), format, cfg.Width, cfg.Height, len(segs))
	return img
}

// whichPhoto tells which of the n test photos img is, by the colour of its
// top-left corner, where no digit is drawn.
func whichPhoto(img image.Image, n int) int {
	b := img.Bounds()
	var r, g, bl, k int
	for y := b.Min.Y + 5; y < b.Min.Y+25; y++ {
		for x := b.Min.X + 5; x < b.Min.X+25; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			r, g, bl, k = r+int(c.R), g+int(c.G), bl+int(c.B), k+1
		}
	}
	r, g, bl = r/k, g/k, bl/k
	best, bestD := 0, 1<<30
	for i := 1; i <= n; i++ {
		c := photoColour(i)
		d := sq(r-int(c.R)) + sq(g-int(c.G)) + sq(bl-int(c.B))
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

func sq(x int) int { return x * x }

// requestLog collects the URL of every request that a tab makes.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

// watchRequests records the requests of the tab from now on.
func watchRequests(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	l := &requestLog{}
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			l.mu.Lock()
			l.urls = append(l.urls, ev.Request.URL)
			l.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("listen for requests: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable network events: %v", err)
	}
	return l
}

// checkLocal fails for each request that went to another host than the
// test server, and returns how many requests there were.
func (l *requestLog) checkLocal(t *testing.T, who string) int {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, raw := range l.urls {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			t.Errorf("%s: request to an unreadable URL %q", who, raw)
		case u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about":
		case u.Scheme != "http" || u.Host != site.Host:
			t.Errorf("%s: the page requested %s; only %s may be asked", who, raw, site.Host)
		}
	}
	return len(l.urls)
}

// fetchProbeJS wraps window.fetch and watches #upload-status, so that the
// test can tell when the form's background calls are done and see every
// state the progress bars went through. news-form.js looks fetch up at each
// call, so the wrapper sees its calls.
const fetchProbeJS = `(() => {
	if (window.__e2e) return true;
	const e = window.__e2e = {inflight: 0, quietSince: performance.now(), states: [], bars: [], failed: []};
	const real = window.fetch;
	window.fetch = function (input, init) {
		const url = String(input && input.url || input);
		e.inflight++;
		e.quietSince = Infinity;
		const p = real.apply(this, arguments);
		p.then(r => {
			if (!r.ok) e.failed.push(r.status + " " + url);
			if (url.includes("/admin/uploads/")) return r.clone().json().then(j => { e.states.push(j.state); });
		}).catch(err => { e.failed.push(String(err) + " " + url); }).finally(() => {
			if (--e.inflight === 0) e.quietSince = performance.now();
		});
		return p;
	};
	const st = document.getElementById("upload-status");
	const snap = () => {
		const up = document.getElementById("upload-bar"), pr = document.getElementById("proc-bar");
		const lb = st.querySelector("[data-proc-label]");
		e.bars.push({up: up.value, procShown: !pr.hidden && !st.hidden, procMax: pr.max, procValue: pr.value,
			label: lb.hidden ? "" : lb.textContent.trim()});
	};
	new MutationObserver(snap).observe(st, {attributes: true, childList: true, subtree: true, characterData: true});
	return true;
})()`

// fetchIdleJS is true when the form has had no fetch in flight for 300 ms.
const fetchIdleJS = `window.__e2e.inflight === 0 && performance.now() - window.__e2e.quietSince > 300`

// barState is one snapshot of the upload status.
type barState struct {
	Up        float64 `json:"up"`
	ProcShown bool    `json:"procShown"`
	ProcMax   float64 `json:"procMax"`
	ProcValue float64 `json:"procValue"`
	Label     string  `json:"label"`
}

// waitFor polls the JavaScript expression until it is truthy, for at most
// limit, and fails the test with what on timeout.
func waitFor(t *testing.T, ctx context.Context, what, expr string, limit time.Duration) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	deadline := time.Now().Add(limit)
	for {
		_, err := chromedp.Run(sctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(time.Until(deadline))))
		// A poll started while the previous page's document was still
		// going loses its execution context: poll again in the new one.
		if err != nil && strings.Contains(err.Error(), "Cannot find context with specified id") && time.Until(deadline) > 100*time.Millisecond {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if err != nil {
			t.Fatalf("wait until %s: %v%s", what, err, pageState(ctx))
		}
		return
	}
}

// centre scrolls the element to the middle of the viewport, clear of the
// sticky top bar and the sticky form buttons, so that a click lands on it.
func centre(css string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const e = document.querySelector(` + jsString(css) + `);
		if (!e) throw new Error("no element " + ` + jsString(css) + `);
		e.scrollIntoView({block: "center", inline: "center"});
	})()`)
}

// gridPhoto is one photo of the admin's photo manager.
type gridPhoto struct {
	ID      string `json:"id"`
	Caption string `json:"caption"`
	Thumb   string `json:"thumb"`
	Main    bool   `json:"main"`
}

// readGrid returns the photo manager's photos in their order.
func readGrid(t *testing.T, ctx context.Context) []gridPhoto {
	t.Helper()
	return get(t, ctx, "read the photo grid", chromedp.Evaluate[[]gridPhoto](`[...document.querySelectorAll("#photo-grid li.photo")].map(li => ({
		id: li.dataset.id || "",
		caption: (li.querySelector("input") || {}).value || "",
		thumb: (li.querySelector("img") || {getAttribute: () => ""}).getAttribute("src") || "",
		main: li.classList.contains("is-main"),
	}))`))
}

func captionsOf(ps []gridPhoto) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Caption
	}
	return out
}

// galleryLink is one link of the public gallery.
type galleryLink struct {
	Href  string `json:"href"`
	Thumb string `json:"thumb"`
	Alt   string `json:"alt"`
}

func readGallery(t *testing.T, ctx context.Context) []galleryLink {
	t.Helper()
	return get(t, ctx, "read the gallery", chromedp.Evaluate[[]galleryLink](`[...document.querySelectorAll("ul.gallery a")].map(a => {
		const img = a.querySelector("img");
		return {href: a.getAttribute("href") || "", thumb: img ? img.getAttribute("src") || "" : "", alt: img ? img.alt : ""};
	})`))
}

// saveFullScreenshot is screenshot for a page longer than the viewport: the
// whole page, in the test's temp dir and $E2E_ARTIFACTS.
func saveFullScreenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png := get(t, ctx, "screenshot", chromedp.FullScreenshot(80))
	file := filepath.Join(t.TempDir(), name+".jpg")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("E2E_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			_ = os.WriteFile(filepath.Join(dir, name+".jpg"), png, 0o644)
		}
	}
	return file
}

// typeText types s into the focused element, key by key, as puppeteer
// does: a keyDown that carries the text, then a keyUp, so that a page that
// handles a key itself (Quill and Enter) cancels its text as with a real
// keyboard. A letter outside ASCII goes as a key that only produces its
// text, as with a Thai keyboard layout: chromedp's kb table maps some code
// points to special keys (U+0E02, the Thai letter ข, is
// "AudioBassBoostToggle" there), so chromedp.KeyEvent and SendKeys drop them.
func typeText(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, r := range s {
			keys := kb.EncodeUnidentified(r)
			if r < utf8.RuneSelf {
				keys = kb.Encode(r)
			}
			down, up := *keys[0], *keys[len(keys)-1]
			if len(keys) == 3 { // keyDown, char, keyUp
				down.Text, down.UnmodifiedText = keys[1].Text, keys[1].UnmodifiedText
			}
			for _, k := range []input.DispatchKeyEventParams{down, up} {
				if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, k); err != nil {
					return fmt.Errorf("type %q: %w", r, err)
				}
			}
		}
		return nil
	})
}

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Texts of the NPU Channel, banner and notice pages that the journeys of
// issue 4 look for.
const (
	noticeSavedFlash = "บันทึกข่าวประชาสัมพันธ์แล้ว"
	bannerSavedFlash = "บันทึก Banner แล้ว"
	videoSavedFlash  = "บันทึกวิดีโอแล้ว"
	notPDFText       = "ไม่ใช่ PDF"
	linkErrorText    = "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://"
	youtubeErrorText = "ต้องเป็นลิงก์วิดีโอ YouTube"
	jobsCategoryText = "ข่าวรับสมัครงาน"
)

// readCountRE reads "อ่าน 12 ครั้ง", the read count of a notice.
var readCountRE = regexp.MustCompile(`อ่าน (\d+) ครั้ง`)

// readCount returns the read count that s shows, or -1.
func readCount(s string) int {
	m := readCountRE.FindStringSubmatch(s)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// bangkok is Asia/Bangkok: UTC+7 all year, Thailand has no daylight saving.
var bangkok = time.FixedZone("Asia/Bangkok", 7*60*60)

// bangkokDate is the day `days` days after now's day in Bangkok, as an
// <input type=date> holds it.
func bangkokDate(now time.Time, days int) string {
	return now.In(bangkok).AddDate(0, 0, days).Format("2006-01-02")
}

var thaiMonthNames = [...]string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}

// thaiDate is how the Thai pages print the day of a YYYY-MM-DD value:
// "12 มิถุนายน 2561", in the Buddhist Era.
func thaiDate(day string) string {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return "bad date " + day
	}
	return fmt.Sprintf("%d %s %d", d.Day(), thaiMonthNames[d.Month()-1], d.Year()+543)
}

// demoLogin returns the first demo login the server printed for role.
func demoLogin(t *testing.T, role string) account {
	t.Helper()
	for _, d := range site.Demo {
		if d.Role == role {
			return d
		}
	}
	t.Fatalf("the server printed no demo login for the role %q", role)
	return account{}
}

// setDate sets a date input as a date picker does: the value, then the
// input and change events. It fails when the input refuses the value.
func setDate(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(() => {
		const e = document.querySelector(` + jsString(css) + `);
		if (!e) throw new Error("no element " + ` + jsString(css) + `);
		e.value = ` + jsString(value) + `;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
		if (e.value !== ` + jsString(value) + `) throw new Error("the input holds " + JSON.stringify(e.value));
	})()`)
}

// minimalPDF is a small valid one-page PDF that prints marker (ASCII,
// without parentheses or backslashes): the header, five objects, an xref
// table with the objects' real offsets, the trailer, startxref and %%EOF.
func minimalPDF(marker string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") // the binary comment that marks a binary file
	stream := "BT /F1 18 Tf 72 760 Td (" + marker + ") Tj ET"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off) // each entry is exactly 20 bytes
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// checkPDFOffsets checks what minimalPDF promises, so that a refusal by the
// server is the server's: startxref and every xref entry point where they
// should.
func checkPDFOffsets(pdf []byte) error {
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		return fmt.Errorf("no startxref … %%%%EOF at the end")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[xref:], []byte("xref\n")) {
		return fmt.Errorf("startxref %d does not point at the xref table", xref)
	}
	entries := regexp.MustCompile(`(?m)^(\d{10}) 00000 n $`).FindAllSubmatch(pdf[xref:], -1)
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			return fmt.Errorf("xref entry %d (%d) does not point at %q", i+1, off, want)
		}
	}
	if len(entries) != 5 {
		return fmt.Errorf("%d xref entries in use, want 5", len(entries))
	}
	return nil
}

// bannerPNG draws a w×h PNG: three vertical bands (blue, orange, green) on
// a frame, like a banner made in an office program.
func bannerPNG(w, h int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	bands := []color.NRGBA{{30, 60, 150, 255}, {240, 140, 20, 255}, {20, 150, 70, 255}}
	for y := range h {
		for x := range w {
			c := bands[min(x*3/w, 2)]
			if x < 8 || y < 8 || x >= w-8 || y >= h-8 {
				c = color.NRGBA{20, 20, 20, 255}
			}
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode a %d×%d PNG: %w", w, h, err)
	}
	return buf.Bytes(), nil
}

// rfc5987 percent-encodes s as an RFC 5987 ext-value's value-chars: every
// byte but the attr-chars, with upper-case hex digits.
func rfc5987(s string) string {
	const attrChars = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attrChars, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// phoneUserAgent is what Safari on an iPhone sends.
const phoneUserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 " +
	"(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

// userAgent makes the tab send ua as its User-Agent.
func userAgent(ua string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua})
		return err
	})
}

// httpGetAs fetches the site's path with Go's client under the User-Agent
// ua, as the phone's browser does when it opens a file, and returns the
// response with its body read.
func httpGetAs(t *testing.T, path, ua string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, site.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", ua)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp, body
}

// uploadProbeJS counts the calls that file-field.js makes to
// /admin/files/, so that the test can tell when an upload it started is
// over. It returns the count so far. file-field.js looks fetch up at each
// call, so the wrapper sees its calls.
const uploadProbeJS = `(() => {
	if (!window.__e2eUploads) {
		const u = window.__e2eUploads = {started: 0};
		const real = window.fetch;
		window.fetch = function (input) {
			if (String(input && input.url || input).includes("/admin/files/")) u.started++;
			return real.apply(this, arguments);
		};
	}
	return window.__e2eUploads.started;
})()`

// fileField is what an upload-at-once field of a form shows.
type fileField struct {
	Key     string `json:"key"`     // the hidden input's value
	Note    string `json:"note"`    // [data-note]
	Error   string `json:"error"`   // [data-error]
	Preview string `json:"preview"` // the src of the preview when it is shown
	Busy    bool   `json:"busy"`
}

// uploadTo chooses the file in the field [data-upload=kind], as a person
// does with the file dialog, waits until its upload is over and returns
// what the field shows.
func uploadTo(t *testing.T, ctx context.Context, kind, path string) fileField {
	t.Helper()
	box := `[data-upload=` + kind + `]`
	n := get(t, ctx, "install the upload probe", chromedp.Evaluate[int](uploadProbeJS))
	do(t, ctx, "choose "+path+" in the "+kind+" field",
		chromedp.SetUploadFiles(chromedp.CSS(box+` input[type=file]`), []string{path}, chromedp.NodeReady))
	waitFor(t, ctx, "the "+kind+" upload is over",
		fmt.Sprintf(`window.__e2eUploads.started > %d && !document.querySelector(%s).classList.contains("busy")`, n, jsString(box)),
		10*time.Second)
	return readFileField(t, ctx, kind)
}

// readFileField reads the field [data-upload=kind].
func readFileField(t *testing.T, ctx context.Context, kind string) fileField {
	t.Helper()
	return get(t, ctx, "read the "+kind+" field", chromedp.Evaluate[fileField](`(() => {
		const box = document.querySelector(`+jsString(`[data-upload=`+kind+`]`)+`);
		const hidden = box.closest("form").querySelector("input[name=" + box.dataset.target + "]");
		const note = box.querySelector("[data-note]"), err = box.querySelector("[data-error]");
		const img = box.querySelector("img.upload-preview");
		const shown = img && !img.hidden && img.getClientRects().length > 0 && img.offsetWidth > 0;
		return {key: hidden.value, note: note ? note.textContent.trim() : "", error: err ? err.textContent.trim() : "",
			preview: shown ? img.getAttribute("src") : "", busy: box.classList.contains("busy")};
	})()`))
}

// imageSize is what an <img> shows: its source's natural size and whether
// it is on screen.
type imageSize struct {
	Src     string `json:"src"`
	Width   int    `json:"w"`
	Height  int    `json:"h"`
	Visible bool   `json:"visible"`
}

// loadedImage waits until the first img that matches css has loaded, and
// returns its natural size.
func loadedImage(t *testing.T, ctx context.Context, css string) imageSize {
	t.Helper()
	do(t, ctx, "scroll to "+css, centre(css))
	waitFor(t, ctx, css+" has loaded",
		`(() => { const i = document.querySelector(`+jsString(css)+`); return i && i.complete && i.naturalWidth > 0; })()`,
		5*time.Second)
	return get(t, ctx, "measure "+css, chromedp.Evaluate[imageSize](`(() => {
		const i = document.querySelector(`+jsString(css)+`);
		return {src: i.getAttribute("src"), w: i.naturalWidth, h: i.naturalHeight,
			visible: !i.hidden && i.getClientRects().length > 0 && i.offsetWidth > 0 && getComputedStyle(i).visibility !== "hidden"};
	})()`))
}

// fieldError is the message under the form field of the input css, and
// whether the field is marked invalid.
type fieldError struct {
	Invalid bool   `json:"invalid"`
	Message string `json:"message"`
}

func readFieldError(t *testing.T, ctx context.Context, css string) fieldError {
	t.Helper()
	return get(t, ctx, "read the error of "+css, chromedp.Evaluate[fieldError](`(() => {
		const f = document.querySelector(`+jsString(css)+`).closest(".field");
		const p = f.querySelector("p.err");
		return {invalid: f.classList.contains("invalid"), message: p ? p.textContent.trim() : ""};
	})()`))
}

// listRow is a row of an admin list.
type listRow struct {
	Found  bool     `json:"found"`
	Cells  []string `json:"cells"`  // the visible text of each cell
	Links  []string `json:"links"`  // the hrefs in the row, in order
	Badges []string `json:"badges"` // "class: text" of each .badge
}

// findRow returns the first row of table.list whose text holds s.
func findRow(t *testing.T, ctx context.Context, s string) listRow {
	t.Helper()
	return get(t, ctx, "find the row of "+s, chromedp.Evaluate[listRow](`(() => {
		const tr = [...document.querySelectorAll("table.list tbody tr")].find(tr => tr.textContent.includes(`+jsString(s)+`));
		if (!tr) return {found: false, cells: [], links: [], badges: []};
		return {found: true, cells: [...tr.cells].map(td => td.innerText.trim()),
			links: [...tr.querySelectorAll("a[href]")].map(a => a.getAttribute("href")),
			badges: [...tr.querySelectorAll(".badge")].map(b => b.className + ": " + b.textContent.trim())};
	})()`))
}

// hrefLike returns the first of hrefs that matches re, or "".
func hrefLike(hrefs []string, re string) string {
	r := regexp.MustCompile(re)
	for _, h := range hrefs {
		if r.MatchString(h) {
			return h
		}
	}
	return ""
}

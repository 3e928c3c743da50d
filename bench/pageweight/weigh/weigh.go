// Package weigh measures what a page costs a phone visitor in headless
// Chromium: the bytes transferred on a first view (fresh profile, empty
// cache) by type, on a repeat view in the same tab, the page's height, the
// top of an element, and the cumulative layout shift after scrolling slowly
// to the bottom so lazy images load. bench/pageweight prints it as a table;
// e2e/pageweight_test.go checks the same figures against the targets.
package weigh

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Types are the columns bytes are split into.
var Types = []string{"html", "css", "js", "font", "image", "other"}

// Options of a measurement.
type Options struct {
	Chromium string  // browser path; default $CHROMIUM or /usr/bin/chromium
	Width    int64   // viewport, CSS pixels (default 390)
	Height   int64   // (default 844)
	DPR      float64 // device scale factor (default 1)
	// Anchor is the id of an element whose top offset is reported ("" none).
	Anchor string
	// Timeout bounds one page's whole measurement (default 2 minutes).
	Timeout time.Duration
	// CPUSlowdown runs the page's CPU this many times slower (0 or 1: as
	// is), to see a busy phone's layout shifts on a fast machine.
	CPUSlowdown float64
	// Latency, when set, delays every response by at least this much (a
	// distant phone connection).
	Latency time.Duration
}

// Result is one page's figures.
type Result struct {
	URL      string
	DPR      float64
	First    Bytes    // first view: fresh profile, nothing cached
	Repeat   Bytes    // the same URL again in the same tab
	Scrolled Bytes    // what scrolling to the bottom loaded after the first view (lazy images)
	Height   int64    // document.documentElement.scrollHeight at the viewport width
	Top      float64  // top of Options.Anchor in the document, -1 when absent
	CLS      float64  // cumulative layout shift, first view through the scroll
	Shifts   []string // each shift counted in CLS: its score, time and the elements that moved
	Requests int      // requests of the first view
	Files    []File   // the first view's requests, largest first
}

// File is one request of a view.
type File struct {
	URL   string
	Type  string
	Bytes int64
}

// Bytes are bytes transferred (Network.loadingFinished encodedDataLength:
// headers and body as sent, after compression) by type.
type Bytes map[string]int64

// Total is the sum over all types.
func (b Bytes) Total() int64 {
	var n int64
	for _, v := range b {
		n += v
	}
	return n
}

func typeOf(t network.ResourceType) string {
	switch t {
	case network.ResourceTypeDocument:
		return "html"
	case network.ResourceTypeStylesheet:
		return "css"
	case network.ResourceTypeScript:
		return "js"
	case network.ResourceTypeFont:
		return "font"
	case network.ResourceTypeImage:
		return "image"
	}
	return "other"
}

// ChromiumPath finds the browser: o.Chromium, $CHROMIUM, else Debian's
// /usr/bin/chromium.
func ChromiumPath(p string) (string, error) {
	if p == "" {
		p = os.Getenv("CHROMIUM")
	}
	if p == "" {
		p = "/usr/bin/chromium"
	}
	return exec.LookPath(p)
}

// traffic follows a tab's requests: bytes by type and the requests in flight.
type traffic struct {
	mu       sync.Mutex
	kind     map[network.RequestID]string
	url      map[network.RequestID]string
	files    []File
	inflight map[network.RequestID]bool
	bytes    Bytes
	requests int
	last     time.Time // last request start or end
}

func newTraffic() *traffic {
	return &traffic{kind: map[network.RequestID]string{}, url: map[network.RequestID]string{}, inflight: map[network.RequestID]bool{}, bytes: Bytes{}, last: time.Now()}
}

func (tr *traffic) event(ev any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if strings.HasPrefix(ev.Request.URL, "data:") {
			return
		}
		tr.kind[ev.RequestID] = typeOf(ev.Type)
		tr.url[ev.RequestID] = ev.Request.URL
		tr.inflight[ev.RequestID] = true
		tr.requests++
		tr.last = time.Now()
	case *network.EventLoadingFinished:
		if k, ok := tr.kind[ev.RequestID]; ok {
			tr.bytes[k] += int64(ev.EncodedDataLength)
			tr.files = append(tr.files, File{URL: tr.url[ev.RequestID], Type: k, Bytes: int64(ev.EncodedDataLength)})
		}
		delete(tr.inflight, ev.RequestID)
		tr.last = time.Now()
	case *network.EventLoadingFailed:
		delete(tr.inflight, ev.RequestID)
		tr.last = time.Now()
	}
}

// take returns the bytes and requests so far and starts counting afresh.
func (tr *traffic) take() (Bytes, int) {
	b, n, _ := tr.takeFiles()
	return b, n
}

func (tr *traffic) takeFiles() (Bytes, int, []File) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	b, n, f := tr.bytes, tr.requests, tr.files
	tr.bytes, tr.requests, tr.files = Bytes{}, 0, nil
	sort.SliceStable(f, func(i, j int) bool { return f[i].Bytes > f[j].Bytes })
	return b, n, f
}

// quiet waits until no request has been in flight for half a second.
func (tr *traffic) quiet(ctx context.Context) error {
	for {
		tr.mu.Lock()
		idle := len(tr.inflight) == 0 && time.Since(tr.last) > 500*time.Millisecond
		tr.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the network did not go quiet: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Measure loads each URL in its own fresh browser (no cache, no cookies).
func Measure(ctx context.Context, urls []string, o Options) ([]Result, error) {
	var out []Result
	for _, u := range urls {
		r, err := measure(ctx, u, o)
		if err != nil {
			return out, fmt.Errorf("%s: %w", u, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// scrollJS scrolls to the bottom a half screen at a time, waiting for each
// step's images, then waits for every image still loading.
const scrollJS = `(async () => {
	const pause = ms => new Promise(r => setTimeout(r, ms));
	const pending = () => Promise.all([...document.images].filter(i => !i.complete)
		.map(i => new Promise(r => { i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true}); })));
	for (let y = 0; y <= document.documentElement.scrollHeight; y += Math.max(window.innerHeight / 2, 100)) {
		window.scrollTo(0, y);
		await pause(120);
	}
	window.scrollTo(0, document.documentElement.scrollHeight);
	await Promise.race([pending(), pause(10000)]);
	await document.fonts.ready;
	await pause(300);
	window.scrollTo(0, 0);
	return true;
})()`

// clsJS sums the layout shifts since the page started (buffered entries),
// those right after input excluded, as the metric defines.
// Each shift is also described by the elements that moved (tag, id,
// class, old and new rectangle), so a failure says what to fix.
const clsJS = `new Promise(resolve => {
	let cls = 0; const what = [];
	const name = n => !n ? '?' : n.nodeType !== 1 ? (n.parentElement ? name(n.parentElement) + '>#text' : '#text') :
		n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\s+/).join('.') : '');
	const rect = r => Math.round(r.x) + ',' + Math.round(r.y) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height);
	const add = e => {
		if (e.hadRecentInput) return;
		cls += e.value;
		what.push(e.value.toFixed(4) + ' at ' + Math.round(e.startTime) + ' ms: ' +
			(e.sources || []).map(s => name(s.node) + ' ' + rect(s.previousRect) + ' -> ' + rect(s.currentRect)).join('; '));
	};
	const po = new PerformanceObserver(list => list.getEntries().forEach(add));
	po.observe({type: 'layout-shift', buffered: true});
	setTimeout(() => { po.takeRecords().forEach(add); po.disconnect(); resolve({cls, what}); }, 300);
})`

func measure(parent context.Context, url string, o Options) (Result, error) {
	if o.Width == 0 {
		o.Width, o.Height = 390, 844
	}
	if o.DPR == 0 {
		o.DPR = 1
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	res := Result{URL: url, DPR: o.DPR, Top: -1}
	path, err := ChromiumPath(o.Chromium)
	if err != nil {
		return res, err
	}
	profile, err := os.MkdirTemp("", "pageweight-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(int(o.Width), int(o.Height)),
	)
	ctx, cancel := context.WithTimeout(parent, o.Timeout)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer func() {
		cctx, c := context.WithTimeout(bctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		c()
		cancelBrowser()
	}()
	if err := chromedp.Do(bctx); err != nil {
		return res, fmt.Errorf("start Chromium: %w", err)
	}
	tr := newTraffic()
	if err := chromedp.Listen(bctx, tr.event); err != nil {
		return res, err
	}
	if _, err := chromedp.Call(bctx, network.Enable, network.EnableParams{}); err != nil {
		return res, err
	}
	mobile := func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: o.Width, Height: o.Height, DeviceScaleFactor: o.DPR, Mobile: true})
		return err
	}
	load := func(u string) error {
		if err := chromedp.Do(bctx, chromedp.Navigate(u)); err != nil {
			return err
		}
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`new Promise(r => document.readyState === 'complete' ? r(true) : addEventListener('load', () => r(true)))`, chromedp.EvalAwaitPromise)); err != nil {
			return err
		}
		return tr.quiet(bctx)
	}
	if err := chromedp.Do(bctx, chromedp.Func(mobile)); err != nil {
		return res, fmt.Errorf("emulate the phone: %w", err)
	}
	if o.Latency > 0 {
		if _, err := chromedp.Call(bctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Latency: float64(o.Latency.Milliseconds()), DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return res, fmt.Errorf("throttle the network: %w", err)
		}
	}
	if o.CPUSlowdown > 1 {
		if _, err := chromedp.Call(bctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: o.CPUSlowdown}); err != nil {
			return res, fmt.Errorf("slow the CPU: %w", err)
		}
	}
	// First view.
	if err := load(url); err != nil {
		return res, fmt.Errorf("first view: %w", err)
	}
	res.First, res.Requests, res.Files = tr.takeFiles()
	// Scroll to the bottom, slowly, then read the page.
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](scrollJS, chromedp.EvalAwaitPromise)); err != nil {
		return res, fmt.Errorf("scroll: %w", err)
	}
	if err := tr.quiet(bctx); err != nil {
		return res, err
	}
	res.Scrolled, _ = tr.take()
	shift, err := chromedp.Run(bctx, chromedp.Evaluate[struct {
		CLS  float64  `json:"cls"`
		What []string `json:"what"`
	}](clsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return res, fmt.Errorf("layout shift: %w", err)
	}
	res.CLS, res.Shifts = shift.CLS, shift.What
	if res.Height, err = chromedp.Run(bctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`)); err != nil {
		return res, err
	}
	if o.Anchor != "" {
		js := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return e ? e.getBoundingClientRect().top + window.scrollY : -1; })()`, o.Anchor)
		if res.Top, err = chromedp.Run(bctx, chromedp.Evaluate[float64](js)); err != nil {
			return res, err
		}
	}
	// Repeat view: leave the page, then come back in the same tab as a
	// visitor following a link would (the page revalidates; assets come
	// from the browser's cache).
	if err := load("about:blank"); err != nil {
		return res, err
	}
	tr.take()
	if err := load(url); err != nil {
		return res, fmt.Errorf("repeat view: %w", err)
	}
	res.Repeat, _ = tr.take()
	return res, nil
}

// Target is a limit a result must meet.
type Target struct {
	Name  string
	Value func(Result) float64
	Max   float64
	Less  bool // strictly below Max
	Unit  string
}

// ByteTargets of issue 14 for the homepage at DPR 1: first view <= 100 KB
// (102,400 bytes), repeat view <= 15 KB.
func ByteTargets() []Target {
	return []Target{
		{Name: "first view", Value: func(r Result) float64 { return float64(r.First.Total()) }, Max: 100 * 1024, Unit: "B"},
		{Name: "repeat view", Value: func(r Result) float64 { return float64(r.Repeat.Total()) }, Max: 15 * 1024, Unit: "B"},
	}
}

// ShiftTarget: no layout shift (CLS < 0.01), on every page measured.
func ShiftTarget() []Target {
	return []Target{{Name: "layout shift", Value: func(r Result) float64 { return r.CLS }, Max: 0.01, Less: true}}
}

// HeightTargets of the homepage at 390 px: the notices within four screens
// (top <= 3,400 px) and the whole page <= 5,000 px.
func HeightTargets() []Target {
	return []Target{
		{Name: "height", Value: func(r Result) float64 { return float64(r.Height) }, Max: 5000, Unit: "px"},
		{Name: "notices top", Value: func(r Result) float64 { return r.Top }, Max: 3400, Unit: "px"},
	}
}

// Misses lists the targets r misses ("first view 123456 B > 102400 B").
func Misses(r Result, targets []Target) []string {
	var out []string
	for _, t := range targets {
		v := t.Value(r)
		bad := v > t.Max || (t.Less && v >= t.Max)
		if t.Name == "notices top" && v < 0 {
			bad = true // the anchor is missing
		}
		if bad {
			op := ">"
			if t.Less {
				op = ">="
			}
			out = append(out, fmt.Sprintf("%s %s %s %s %s", t.Name, num(v), t.Unit, op, num(t.Max)+" "+t.Unit))
		}
	}
	return out
}

func num(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.4f", v)
}

// Table formats results as a text table: KB (1,024 bytes) by type.
func Table(rs []Result, names []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %-4s %8s", "page", "dpr", "first")
	for _, t := range Types {
		fmt.Fprintf(&b, " %6s", t)
	}
	fmt.Fprintf(&b, " %7s %8s %7s %7s %7s %5s\n", "repeat", "scrolled", "height", "notices", "cls", "reqs")
	for i, r := range rs {
		name := fmt.Sprint(i)
		if i < len(names) {
			name = names[i]
		}
		fmt.Fprintf(&b, "%-6s %-4g %7.1fK", name, r.DPR, kb(r.First.Total()))
		for _, t := range Types {
			fmt.Fprintf(&b, " %5.1fK", kb(r.First[t]))
		}
		top := "-"
		if r.Top >= 0 {
			top = fmt.Sprintf("%.0f", r.Top)
		}
		fmt.Fprintf(&b, " %6.1fK %7.1fK %7d %7s %7.4f %5d\n", kb(r.Repeat.Total()), kb(r.Scrolled.Total()), r.Height, top, r.CLS, r.Requests)
	}
	return b.String()
}

func kb(n int64) float64 { return float64(n) / 1024 }

// Detail lists the repeat view's bytes by type, for a report.
func Detail(b Bytes) string {
	var parts []string
	keys := make([]string, 0, len(b))
	for k := range b {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, b[k]))
	}
	return strings.Join(parts, ", ")
}

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	// testTimeout bounds one test: its browser dies when it runs out.
	testTimeout = 60 * time.Second
	// stepTimeout bounds one step, so that a missing element fails the test
	// with the step's name instead of waiting for testTimeout.
	stepTimeout = 15 * time.Second
)

// chromiumPath finds the browser: $CHROMIUM, else Debian's /usr/bin/chromium.
func chromiumPath() (string, error) {
	p := os.Getenv("CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	return exec.LookPath(p)
}

// newBrowser starts a headless Chromium for t with a fresh profile and returns
// the context of its first tab. Without Chromium the test skips, or fails
// under CI=true. The browser closes when the test ends or after testTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	return newBrowserFor(t, testTimeout)
}

// newBrowserFor is newBrowser for a test that needs longer than testTimeout
// (the accessibility sweep visits every page).
func newBrowserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing (%v): the browser tests must run in CI; "+
				"install it with `apt-get install -y chromium` or set CHROMIUM to the browser's path", err)
		}
		t.Skipf("skipping browser test: Chromium is missing (%v); install it with `apt-get install -y chromium` or set CHROMIUM", err)
	}

	profile := t.TempDir() // made before the clean-up below, so removed after the browser has closed
	var output syncBuffer
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root, where Chromium's sandbox refuses to start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&output),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), limit)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("chromium output (without D-Bus noise):\n%s", browserLog(output.String()))
		}
		cctx, cancel := context.WithTimeout(bctx, 10*time.Second)
		_ = chromedp.Cancel(cctx) // close the browser gracefully before its profile is removed
		cancel()
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil { // starts the browser and opens the first tab
		t.Fatalf("start Chromium %s: %v\n%s", path, err, browserLog(output.String()))
	}
	return bctx
}

// newSession opens a tab in a new browser context of the browser of parent:
// its own cookies, as a second person at another computer.
func newSession(t *testing.T, parent context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a second browser session: %v", err)
	}
	return ctx
}

// do runs the steps and stops the test with what was being done on failure.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatalf("%s: %v%s", what, err, pageState(ctx))
	}
}

// get runs one action that returns a value, as do does.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v%s", what, err, pageState(ctx))
	}
	return v
}

// load runs steps that cause one page load (a link, a form) and returns the
// HTTP response of the new document.
func load(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) *network.Response {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v%s", what, err, pageState(ctx))
	}
	return resp
}

// open navigates to the site's path and returns the response.
func open(t *testing.T, ctx context.Context, path string) *network.Response {
	t.Helper()
	return get(t, ctx, "open "+path, chromedp.NavigateResponse(site.URL+path))
}

// pageState describes where the tab is, for failure messages.
func pageState(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	loc, err := chromedp.Run(sctx, chromedp.Location())
	if err != nil {
		return ""
	}
	text, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(text) > 1500 {
		text = text[:1500] + "…"
	}
	return fmt.Sprintf("\n  page: %s\n  text: %s", loc, strings.ReplaceAll(text, "\n", "\n        "))
}

// pagePath returns the path of the tab's current URL.
func pagePath(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc := get(t, ctx, "read location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// text returns the visible text of the first element that matches css.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return strings.TrimSpace(get(t, ctx, "read "+css, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible)))
}

// exists reports whether an element matches css now, without waiting.
func exists(t *testing.T, ctx context.Context, css string) bool {
	t.Helper()
	return get(t, ctx, "look for "+css, chromedp.Evaluate[bool](`document.querySelector(`+jsString(css)+`) !== null`))
}

// fill replaces the value of an input as a person would: clear, then type.
func fill(css, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Clear(chromedp.CSS(css)),
		chromedp.SendKeys(chromedp.CSS(css), value),
	)
}

// screenshot saves the viewport as name.png in the test's temp dir, and in
// $E2E_ARTIFACTS when that is set, and returns the first path.
func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png := get(t, ctx, "screenshot", chromedp.CaptureScreenshot())
	file := filepath.Join(t.TempDir(), name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("E2E_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		}
	}
	return file
}

// browserLog is the browser's output minus the D-Bus complaints of a
// machine without a desktop, at most the last 40 lines.
func browserLog(out string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if line != "" && !strings.Contains(line, "dbus") {
			keep = append(keep, line)
		}
	}
	if len(keep) > 40 {
		keep = keep[len(keep)-40:]
	}
	return strings.Join(keep, "\n")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// syncBuffer collects the browser's output from its copy goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

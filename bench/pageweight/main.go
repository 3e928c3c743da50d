// Command pageweight measures the homepage and one news page of a demo site
// as a phone sees them (headless Chromium, 390×844): bytes transferred on a
// first and a repeat view by type, page height, the top of the homepage's
// notices, and layout shift; it prints a table and exits 1 when a target of
// issue 14 is missed. See README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"newsroom/bench/pageweight/weigh"
)

func main() {
	base := flag.String("base", "", "measure this running site instead of building and starting a demo server")
	dpr3 := flag.Bool("dpr3", true, "also measure at device scale factor 3 (reported, no target)")
	slow := flag.Float64("slow", 1, "run the pages' CPU this many times slower (a busy phone)")
	latency := flag.Duration("latency", 0, "throttle every request to at least this latency (e.g. 150ms)")
	flag.Parse()
	if err := run(*base, *dpr3, weigh.Options{CPUSlowdown: *slow, Latency: *latency}); err != nil {
		fmt.Fprintln(os.Stderr, "pageweight:", err)
		os.Exit(2)
	}
}

func run(base string, dpr3 bool, o weigh.Options) error {
	ctx := context.Background()
	if base == "" {
		stop, url, err := startDemo()
		if err != nil {
			return err
		}
		defer stop()
		base = url
	}
	news, err := firstNewsLink(base)
	if err != nil {
		return err
	}
	names := []string{"home", "news"}
	urls := []string{base + "/", base + news}
	var all []weigh.Result
	scales := []float64{1}
	if dpr3 {
		scales = append(scales, 3)
	}
	for _, dpr := range scales {
		o.DPR, o.Anchor = dpr, "notices-h"
		rs, err := weigh.Measure(ctx, urls, o)
		if err != nil {
			return err
		}
		all = append(all, rs...)
	}
	var labels []string
	for range scales {
		labels = append(labels, names...)
	}
	fmt.Printf("%s/ and %s at 390x844 (KB = 1,024 bytes transferred, headers included; first view: fresh profile, before scrolling;\n", base, news)
	fmt.Printf("scrolled: what scrolling to the bottom loaded after it; repeat: the same tab navigating back to the page)\n\n")
	fmt.Print(weigh.Table(all, labels))
	for i, r := range all[:2] {
		fmt.Printf("\n%s first view (DPR 1), largest requests:\n", names[i])
		for j, f := range r.Files {
			if j == 10 {
				break
			}
			fmt.Printf("  %7d B  %-5s %s\n", f.Bytes, f.Type, strings.TrimPrefix(f.URL, base))
		}
	}
	for i, r := range all {
		for _, s := range r.Shifts {
			fmt.Printf("%s (DPR %g) shift %s\n", labels[i], r.DPR, s)
		}
	}
	var misses []string
	home, detail := all[0], all[1]
	for _, m := range weigh.Misses(home, append(append(weigh.ByteTargets(), weigh.ShiftTarget()...), weigh.HeightTargets()...)) {
		misses = append(misses, "home: "+m)
	}
	for _, m := range weigh.Misses(detail, weigh.ShiftTarget()) {
		misses = append(misses, "news: "+m)
	}
	fmt.Println()
	fmt.Println("targets (home at DPR 1): first view <= 100 KB, repeat view <= 15 KB, height <= 5000 px, notices top <= 3400 px, CLS < 0.01 (news page too)")
	if len(misses) > 0 {
		fmt.Println("MISSED:")
		for _, m := range misses {
			fmt.Println("  " + m)
		}
		os.Exit(1)
	}
	fmt.Println("all targets met")
	return nil
}

var newsLink = regexp.MustCompile(`href="(/news/[0-9]+)"`)

// firstNewsLink is the first news page the homepage links to.
func firstNewsLink(base string) (string, error) {
	res, err := http.Get(base + "/")
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return "", err
	}
	m := newsLink.FindSubmatch(b)
	if m == nil {
		return "", fmt.Errorf("no /news/{id} link on %s/", base)
	}
	return string(m[1]), nil
}

// startDemo builds the server and starts it with the demo content on a
// fresh data directory and a free port.
func startDemo() (stop func(), url string, err error) {
	dir, err := os.MkdirTemp("", "pageweight-site-")
	if err != nil {
		return nil, "", err
	}
	bin := filepath.Join(dir, "newsroom")
	fmt.Fprintln(os.Stderr, "building the server")
	build := exec.Command("go", "build", "-o", bin, "newsroom/cmd/newsroom")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		return nil, "", fmt.Errorf("go build: %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	addr := l.Addr().String()
	l.Close()
	url = "http://" + addr
	cmd := exec.Command(bin)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSROOM_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "NEWSROOM_ADDR="+addr, "NEWSROOM_BASE_URL="+url, "NEWSROOM_DATA="+filepath.Join(dir, "data"),
		"NEWSROOM_DEMO=1", "NEWSROOM_LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		os.RemoveAll(dir)
	}
	fmt.Fprintln(os.Stderr, "starting the demo site on", url)
	for i := 0; i < 1200; i++ {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return stop, url, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	return nil, "", fmt.Errorf("the demo server did not answer on %s within 2 minutes", url)
}

// Command gen fills a newsroom data directory with the data set of the
// public-site load benchmark (issue 5): 10,000 activity news items with a
// main photo each, 2,000 notices, 500 videos and 3 banners, of which only a
// few dozen are live now, the rest spread over the last two years.
//
// The data directory must have been initialised by the server first (run
// `newsroom serve` on it once: that creates the schema, the unit list and
// the central admin). bench/site/run.sh does both steps.
//
//	go run ./bench/site/gen -data bench/out/site-data
//
// Everything goes through the content store's own methods (CreateNews,
// AddPhoto, SaveNotice, SaveVideo, SaveBanner), so rows, search index, media
// files and content version are exactly what the admin would have made.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"newsroom/content"
	"newsroom/db"
	"newsroom/demo"
	"newsroom/media"
	"newsroom/roles"
)

type config struct {
	data                          string
	news, notices, videos         int
	liveNews, liveNotices, liveVd int
	photos                        int
	seed                          uint64
}

func main() {
	var c config
	flag.StringVar(&c.data, "data", "", "data directory, initialised by `newsroom serve` (required)")
	flag.IntVar(&c.news, "news", 10000, "activity news items")
	flag.IntVar(&c.notices, "notices", 2000, "notices")
	flag.IntVar(&c.videos, "videos", 500, "videos")
	flag.IntVar(&c.liveNews, "live-news", 40, "Thai news items live now (plus one English one per 1,000 items; Thai items are 19 in 20)")
	flag.IntVar(&c.liveNotices, "live-notices", 30, "notices live now")
	flag.IntVar(&c.liveVd, "live-videos", 12, "videos live now")
	flag.IntVar(&c.photos, "photos", 20, "distinct photos, reused across the news items")
	flag.Uint64Var(&c.seed, "seed", 5, "random seed: the same seed makes the same texts")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the generation to this file")
	flag.Parse()
	if c.data == "" {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(ctx, c, os.Stdout); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// gen holds what every item needs.
type gen struct {
	cfg    config
	store  *content.Store
	units  []roles.Unit
	by     content.Author
	byID   int64
	now    time.Time
	photos [][]byte
	out    io.Writer
}

func run(ctx context.Context, c config, out io.Writer) error {
	began := time.Now()
	d, err := db.Open(ctx, filepath.Join(c.data, "newsroom.db"))
	if err != nil {
		return err
	}
	defer d.Close()
	users := roles.NewStore(d, roles.DefaultHashParams)
	units, err := users.Units(ctx, false)
	if err != nil {
		return err
	}
	list, err := users.Users(ctx)
	if err != nil {
		return err
	}
	var admin *roles.User
	for i := range list {
		if list[i].Role == roles.Central && list[i].Active {
			admin = &list[i]
			break
		}
	}
	if len(units) == 0 || admin == nil {
		return errors.New(c.data + " is not initialised: run `newsroom serve` on it once first (it makes the units and the admin)")
	}
	var have int
	if err := d.R.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM news) + (SELECT count(*) FROM notices) + (SELECT count(*) FROM videos)`).
		Scan(&have); err != nil {
		return err
	}
	if have > 0 {
		return fmt.Errorf("%s already holds %d items: use a new data directory", c.data, have)
	}
	files, err := media.NewLocalStorage(filepath.Join(c.data, "media"), filepath.Join(c.data, "staging"))
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	g := &gen{cfg: c, units: units, by: content.Author{UserID: admin.ID, Name: admin.Name}, byID: admin.ID, now: time.Now(), out: out,
		store: content.NewStore(d, files, nil, log)}
	for i := range c.photos {
		g.photos = append(g.photos, photo(i+1, 800, 600))
	}
	steps := []struct {
		name string
		n    int
		fn   func(context.Context, int) error
	}{
		{"banners", 3, g.banner},
		{"news", c.news, g.newsItem},
		{"notices", c.notices, g.notice},
		{"videos", c.videos, g.video},
	}
	for _, s := range steps {
		t := time.Now()
		if err := parallel(ctx, s.n, 2*runtime.NumCPU(), s.fn, func(done int) {
			fmt.Fprintf(out, "  %s: %d/%d (%.0fs)\n", s.name, done, s.n, time.Since(t).Seconds())
		}); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(out, "%d %s in %.1fs\n", s.n, s.name, time.Since(t).Seconds())
	}
	var live [4]int
	for i, t := range []string{"news", "notices", "videos", "banners"} {
		q := `SELECT count(*) FROM ` + t + ` WHERE status = 'published' AND start_at <= ?1 AND end_at >= ?1`
		if err := d.R.QueryRowContext(ctx, q, time.Now().UnixMilli()).Scan(&live[i]); err != nil {
			return err
		}
	}
	var mediaFiles int
	files.Walk(func(string, os.FileInfo) error { mediaFiles++; return nil })
	fmt.Fprintf(out, "done in %s: %d news, %d notices, %d videos, 3 banners; live now: %d news, %d notices, %d videos, %d banners; %d media files\n",
		time.Since(began).Round(100*time.Millisecond), c.news, c.notices, c.videos, live[0], live[1], live[2], live[3], mediaFiles)
	return nil
}

// parallel runs fn(ctx, i) for i in [0, n) on workers goroutines, stopping
// at the first error, and reports progress every tenth.
func parallel(ctx context.Context, n, workers int, fn func(context.Context, int) error, progress func(int)) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next, done atomic.Int64
	step := int64(max(n/10, 1))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				if err := fn(ctx, int(i)); err != nil {
					cancel(fmt.Errorf("item %d: %w", i, err))
					return
				}
				if d := done.Add(1); d%step == 0 && d < int64(n) {
					progress(int(d))
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// rng is item i's own random source: the data set does not depend on how
// the workers interleave.
func (g *gen) rng(kind uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.seed, kind<<32|uint64(i)))
}

// live reports whether item i of n is one of the k spread evenly among them.
func live(i, n, k int) bool { return n > 0 && (i*k)%n < k }

// liveWindow starts up to `back` before now and ends 6–12 months ahead, so
// the live set (and the page cache's next boundary) stays the same for
// months after the data set is made.
func (g *gen) liveWindow(r *rand.Rand, back time.Duration) (time.Time, time.Time) {
	start := g.now.Add(-time.Duration(r.Int64N(int64(back))))
	return start, g.now.AddDate(0, 0, 180+r.IntN(185))
}

// pastStart is an instant between minDays and 730 days ago.
func (g *gen) pastStart(r *rand.Rand, minDays int) time.Time {
	span := time.Duration(730-minDays) * 24 * time.Hour
	return g.now.Add(-time.Duration(minDays)*24*time.Hour - time.Duration(r.Int64N(int64(span))))
}

func (g *gen) meta(lang content.Lang, start, end time.Time, unit int64) content.MetaInput {
	return content.MetaInput{Lang: lang, Sort: 1, Start: start, End: end, UnitID: unit, Publish: true}
}

// newsItem i: English every 20th, live for every (news/live)th Thai one and
// every 1000th English one; a live item has a gallery of 8 photos, the
// others their main photo only.
func (g *gen) newsItem(ctx context.Context, i int) error {
	r := g.rng(1, i)
	unit := g.units[r.IntN(len(g.units))]
	lang, headline, body := content.Thai, thHeadline(r, unit.NameTH), thBody(r, unit.NameTH, 600)
	if i%20 == 7 {
		lang, headline, body = content.English, enHeadline(r, unit.NameEN), enBody(r, unit.NameEN, 900)
	}
	isLive := (lang == content.Thai && live(i, g.cfg.news, g.cfg.liveNews)) || (lang == content.English && i%1000 == 7)
	var start, end time.Time
	if isLive {
		start, end = g.liveWindow(r, 72*time.Hour)
	} else {
		start = g.pastStart(r, 9)
		end = content.DefaultEnd(start, r.IntN(7))
	}
	in := content.NewsInput{MetaInput: g.meta(lang, start, end, unit.ID), Type: content.NewsTypes[r.IntN(len(content.NewsTypes))],
		Headline: headline, Body: body, PhotosPerRow: 4}
	item, err := g.store.CreateNews(ctx, in, g.by, start)
	if err != nil {
		return err
	}
	n := 1
	if isLive {
		n = 8
	}
	first := r.IntN(len(g.photos))
	for p := range n {
		img := g.photos[(first+p)%len(g.photos)]
		name := fmt.Sprintf("ภาพกิจกรรม %d.jpg", p+1)
		if _, err := g.store.AddPhoto(ctx, content.Gallery{NewsID: item.ID}, unit.ID, bytes.NewReader(img), name, start); err != nil {
			return err
		}
	}
	return nil
}

// notice i: categories in turn, three in five with a PDF (each its own, so
// concurrent saves never share a pending upload), the rest a link.
func (g *gen) notice(ctx context.Context, i int) error {
	r := g.rng(2, i)
	cat := roles.AllCategories[i%len(roles.AllCategories)]
	unit := g.units[r.IntN(len(g.units))]
	var start, end time.Time
	if live(i, g.cfg.notices, g.cfg.liveNotices) {
		start, end = g.liveWindow(r, 10*24*time.Hour)
	} else {
		start = g.pastStart(r, 31)
		end = start.AddDate(0, 0, 7+r.IntN(24))
	}
	headline := fmt.Sprintf("%s ที่ %d/%d", pick(r, noticeHeads[string(cat)]), 100+i, start.Year()+543)
	in := content.NoticeInput{MetaInput: g.meta(content.Thai, start, end, unit.ID), Category: cat, Headline: headline,
		Summary: "รายละเอียดตามไฟล์แนบ ผู้สนใจสามารถสอบถามเพิ่มเติมได้ที่" + unit.NameTH, NewDays: 7, Reads: int64(r.IntN(3000))}
	if i%5 < 3 {
		f, err := g.store.StorePending(ctx, "notice", g.byID, demo.PDF(fmt.Sprintf("NPU notice %d", i)), ".pdf",
			content.PendingFile{Name: headline + ".pdf"}, g.now)
		if err != nil {
			return err
		}
		in.FileKey = f.Key
	} else {
		in.LinkURL = fmt.Sprintf("https://www.npu.ac.th/notices/%d", i)
	}
	_, err := g.store.SaveNotice(ctx, content.Notice{}, in, g.by, start)
	return err
}

// video i: programmes in turn, the generated poster.
func (g *gen) video(ctx context.Context, i int) error {
	r := g.rng(3, i)
	prog := content.Programmes[i%len(content.Programmes)]
	var start, end time.Time
	if live(i, g.cfg.videos, g.cfg.liveVd) {
		start, end = g.liveWindow(r, 48*time.Hour)
	} else {
		start = g.pastStart(r, 9)
		end = content.DefaultEnd(start, content.VideoDays)
	}
	in := content.VideoInput{MetaInput: g.meta(content.Thai, start, end, g.units[0].ID), Programme: prog,
		Title:       pick(r, videoHeads[string(prog)]) + " " + pick(r, thTopics),
		Link:        "https://youtu.be/" + youtubeID(r),
		Description: "รายการจากงานประชาสัมพันธ์ มหาวิทยาลัยนครพนม ว่าด้วย" + pick(r, thTopics)}
	_, err := g.store.SaveVideo(ctx, content.Video{}, in, g.by, start)
	return err
}

// banner i: a 2000×600 picture cropped by the banner pipeline, live for a year.
func (g *gen) banner(ctx context.Context, i int) error {
	img, w, h, err := media.ProcessBanner(bytes.NewReader(photo(1000+i, 2000, 600)), media.DefaultPhotoLimits,
		content.BannerWidth, content.BannerHeight)
	if err != nil {
		return err
	}
	f, err := g.store.StorePending(ctx, "banner", g.byID, img, ".jpg", content.PendingFile{Width: w, Height: h}, g.now)
	if err != nil {
		return err
	}
	in := content.BannerInput{MetaInput: g.meta(content.Thai, g.now.Add(-time.Hour), g.now.AddDate(1, 0, 0), g.units[0].ID),
		Placement: "main", Title: fmt.Sprintf("มหาวิทยาลัยนครพนม NPU Open House %d", i+1), LinkURL: "https://www.npu.ac.th/", ImageKey: f.Key}
	in.Sort = i + 1
	_, err = g.store.SaveBanner(ctx, content.Banner{}, in, g.by, g.now)
	return err
}

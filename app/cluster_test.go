package app_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/app"
	"newsroom/app/apptest"
	"newsroom/content"
	"newsroom/db/dbtest"
	"newsroom/roles"
)

// Several instances, one truth (issue 15): two instances of the app on one
// PostgreSQL database, as two servers of a cluster behind a load balancer.

// Two instances start their background jobs at the same moment: each job
// that must run once across the cluster (the daily featured tally, the
// purges, the sweeps) is run by exactly one of them, and the tally's work
// is done.
func TestClusterDailyJobsRunOnce(t *testing.T) {
	dbtest.RequirePostgres(t)
	a, b := apptest.StartPair(t)
	yesterday := content.DayOf(time.Now()).Add(-1)
	unit := a.UnitID(t, "science")
	for slot := range 3 {
		if _, err := a.DB.W.Exec(`INSERT INTO featured_picks (day, slot, unit_id, unit_name, headline, picked_at) VALUES (?, ?, ?, 'คณะวิทยาศาสตร์', 'ข่าวเด่น', ?)`,
			string(yesterday), slot+1, unit, time.Now().UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}

	type answer struct {
		instance *app.App
		ran      bool
	}
	var mu sync.Mutex
	answers := map[string][]answer{}
	app.SetLeaseAnswered(func(inst *app.App, name string, ran bool) {
		mu.Lock()
		answers[name] = append(answers[name], answer{inst, ran})
		mu.Unlock()
	})
	defer app.SetLeaseAnswered(nil)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, inst := range []*apptest.App{a, b} {
		for _, j := range inst.Jobs() {
			wg.Go(func() {
				if err := j.Fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
					t.Errorf("%s: %v", j.Name, err)
				}
			})
		}
	}
	once := []string{"featured-tally", "trash-purge", "media-sweep", "upload-sweep", "job-purge", "notification-purge", "qa-purge", "draft-photo-purge", "form-draft-purge", "traffic-purge"}
	both := func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, name := range once {
			if len(answers[name]) < 2 {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(30 * time.Second); !both(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			break
		}
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, name := range once {
		ran := 0
		for _, ans := range answers[name] {
			if ans.ran {
				ran++
			}
		}
		if len(answers[name]) != 2 || ran != 1 {
			t.Errorf("%s: %d instances asked, %d ran it; want both asked, one ran", name, len(answers[name]), ran)
		}
	}
	var runs int
	if err := a.DB.R.QueryRow(`SELECT runs FROM job_leases WHERE name = 'featured-tally'`).Scan(&runs); err != nil || runs != 1 {
		t.Errorf("featured-tally lease taken %d times (%v); want once", runs, err)
	}
	var picks int
	if err := b.DB.R.QueryRow(`SELECT picks FROM featured_tally WHERE day = ? AND unit_id = ?`, string(yesterday), unit).Scan(&picks); err != nil || picks != 3 {
		t.Errorf("yesterday's tally: %d picks (%v); want 3", picks, err)
	}
}

// A takedown on instance A reaches instance B's page cache within a second:
// B cached the news page, A takes the news down, and B answers 410 at its
// next request within the second (PostgreSQL NOTIFY; B's fallback re-read of
// the version is ten seconds away while it listens).
func TestClusterTakedownReachesOtherCacheWithinASecond(t *testing.T) {
	dbtest.RequirePostgres(t)
	a, b := apptest.StartPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for _, j := range b.Jobs() {
		if j.Name == "content-listen" {
			wg.Go(func() { j.Fn(ctx) })
		}
	}
	// B listens before anything changes (were it not yet listening, it
	// would read the version afresh when it starts to).
	listenerPID(t, a, 0)

	admin := a.Admin(t)
	created := admin.Post("/admin/news/new", "/admin/news", apptest.NewsForm("ข่าวที่จะถูกระงับ"))
	apptest.WantRedirect(t, created, "/admin/news/", "publish on A")
	id := strings.TrimSuffix(strings.TrimPrefix(created.Header.Get("Location"), "/admin/news/"), "/edit")
	visitor := b.Browser(t)
	for range 2 { // the second answer comes from B's cache
		p := visitor.Get("/news/" + id)
		apptest.WantStatus(t, p, http.StatusOK, "the news on B")
		if p.Header.Get("Etag") == "" {
			t.Fatal("B's page cache did not keep the news page")
		}
	}
	apptest.WantRedirect(t, admin.Post("/admin/news", "/admin/news/"+id+"/takedown", url.Values{"reason": {"ร้องเรียนละเมิดสิทธิ"}}), "/admin/news/", "take down on A")
	// The requirement itself: B answers 410 within one second.
	status := 0
	start := time.Now()
	for deadline := start.Add(time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if status = visitor.Get("/news/" + id).Status; status == http.StatusGone {
			t.Logf("B answered 410 %v after the takedown on A returned", time.Since(start).Round(time.Millisecond))
			return
		}
	}
	t.Fatalf("B still answers %d a second after the takedown on A; want 410", status)
}

// Sessions, CSRF keys and login throttles live in the shared database: a
// login through A is a session on B, a form token from A's page is good
// on B, and failures counted on A lock the account on B too.
func TestClusterSessionsCSRFAndThrottlesAreShared(t *testing.T) {
	dbtest.RequirePostgres(t)
	a, b := apptest.StartPair(t)
	onA := a.Admin(t)
	onB := &apptest.Browser{T: t, C: onA.C, Base: b.Srv.URL} // the same cookies, sent to B
	if p := onB.Get("/admin/"); p.Status != http.StatusOK {
		t.Fatalf("A's session on B: status %d, want the dashboard", p.Status)
	}
	token := onA.CSRF("/admin/news/new")
	form := apptest.NewsForm("ข่าวที่ส่งผ่านอีกเครื่อง")
	form.Set("action", "draft")
	form.Set("csrf", "not-the-token")
	apptest.WantStatus(t, onB.PostRaw("/admin/news", form, nil), http.StatusForbidden, "a forged token on B")
	form.Set("csrf", token)
	apptest.WantRedirect(t, onB.PostRaw("/admin/news", form, nil), "/admin/news/", "A's form token on B")

	free := roles.DefaultThrottlePolicy.Account.Free
	onlyA := a.Browser(t)
	for range free + 1 {
		apptest.WantStatus(t, onlyA.Login(a.AdminID, "wrong password!"), http.StatusUnauthorized, "wrong password on A")
	}
	apptest.WantStatus(t, b.Browser(t).Login(a.AdminID, a.AdminPW), http.StatusTooManyRequests, "the right password on B after A's failures")
}

// listenerPID waits until the database has one content listener other
// than the backend pid not, and returns its backend's pid.
func listenerPID(t *testing.T, ta *apptest.App, not int) int {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var pids []int
		rows, err := ta.DB.R.Query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()
			AND application_name = 'newsroom-listen' AND query LIKE 'LISTEN%'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var pid int
			rows.Scan(&pid)
			pids = append(pids, pid)
		}
		rows.Close()
		if len(pids) == 1 && pids[0] != not {
			return pids[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no content listener (other than %d) listening: %v", not, pids)
		}
	}
}

// B's listener loses its connection (the server ends its backend): it
// connects again by itself, and a change on A made after that reaches B
// at once again.
func TestClusterListenerReconnects(t *testing.T) {
	dbtest.RequirePostgres(t)
	a, b := apptest.StartPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for _, j := range b.Jobs() {
		if j.Name == "content-listen" {
			wg.Go(func() { j.Fn(ctx) })
		}
	}
	first := listenerPID(t, a, 0)
	if _, err := a.DB.W.Exec(`SELECT pg_terminate_backend(?)`, first); err != nil {
		t.Fatal(err)
	}
	listenerPID(t, a, first)
	before := b.Content.Version(ctx) // read now: the fallback waits 10 s
	a.Content.Changed(ctx)
	for deadline := time.Now().Add(time.Second); b.Content.Version(ctx) == before; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("B's version still %s a second after a change on A", before)
		}
	}
}

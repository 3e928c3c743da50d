package notify_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/jobs"
	"newsroom/notify"
	"newsroom/roles"
)

var t0 = time.Date(2026, 12, 4, 10, 42, 0, 0, time.UTC)

// world is a real database with the people of a faculty under review: the
// faculty of science has an author and two reviewers (one disabled), the
// faculty of education has an author and no reviewer, and central PR has
// two active admins and a disabled one.
type world struct {
	db     *db.DB
	users  *roles.Store
	queue  *jobs.Queue
	sci    int64
	edu    int64
	ids    map[string]int64 // by short name
	byID   map[int64]string
	logBuf *strings.Builder
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbtest.Target(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	w := &world{db: d, users: roles.NewStore(d, roles.TestHashParams), ids: map[string]int64{}, byID: map[int64]string{},
		logBuf: &strings.Builder{}}
	w.queue = jobs.NewQueue(d, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	unit := func(code string) int64 {
		u, err := w.users.CreateUnit(ctx, roles.Unit{Code: code, NameTH: "หน่วย " + code, NameEN: "Unit " + code, Kind: "faculty"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	w.sci, w.edu = unit("sci"), unit("edu")
	pr := unit("pr")
	n := 0
	user := func(name string, unitID int64, role roles.Role, email string, active bool) {
		n++
		u, err := w.users.CreateUser(ctx, roles.UserInput{CitizenID: cid(fmt.Sprintf("3%011d", n)), Name: name, Email: email,
			UnitID: unitID, Role: role, Password: "รหัสผ่านยาวพอ"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if !active {
			if err := w.users.SetActive(ctx, u.ID, false, t0); err != nil {
				t.Fatal(err)
			}
		}
		w.ids[name], w.byID[u.ID] = u.ID, name
	}
	user("central1", pr, roles.Central, "central1@npu.ac.th", true)
	user("central2", pr, roles.Central, "", true)
	user("central-off", pr, roles.Central, "off@npu.ac.th", false)
	user("sci-author", w.sci, roles.UnitPR, "author@npu.ac.th", true)
	user("sci-head", w.sci, roles.UnitPR, "head@npu.ac.th", true)
	user("sci-head-off", w.sci, roles.UnitPR, "headoff@npu.ac.th", false)
	user("sci-author-off", w.sci, roles.UnitPR, "gone@npu.ac.th", true)
	user("edu-author", w.edu, roles.UnitPR, "edu@npu.ac.th", true)
	for _, r := range []string{"sci-head", "sci-head-off"} {
		if _, err := d.W.Exec(`INSERT INTO unit_reviewers (unit_id, user_id, created_at) VALUES (?, ?, ?)`, w.sci, w.ids[r], t0.UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}
	// An author disabled after writing (the other way round SetActive
	// refuses nothing here: they are not central).
	if err := w.users.SetActive(ctx, w.ids["sci-author-off"], false, t0); err != nil {
		t.Fatal(err)
	}
	return w
}

// cid makes a valid citizen ID from a 12-digit prefix.
func cid(first12 string) string { return first12 + string(roles.CitizenIDCheckDigit(first12)) }

func (w *world) notifier(smtp *notify.SMTPConfig) *notify.Notifier {
	n := notify.New(w.db, w.queue, notify.Options{SMTP: smtp, BaseURL: "https://news.npu.ac.th/", Now: func() time.Time { return t0 },
		Log: slog.New(slog.NewTextHandler(w.logBuf, nil)), Backoff: func(int) time.Duration { return 0 }})
	n.RegisterJobs(w.queue)
	return n
}

// recipients are the names of everyone with a notification, sorted.
func (w *world) recipients(t *testing.T) []string {
	t.Helper()
	rows, err := w.db.R.Query(`SELECT user_id FROM notifications ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		out = append(out, w.byID[id])
	}
	slices.Sort(out)
	return out
}

// Each action reaches exactly the people the editorial loop names: never
// the actor, never a disabled user; a unit without reviewers is reviewed
// by central PR.
func TestRecipients(t *testing.T) {
	for _, tc := range []struct {
		name   string
		action notify.Action
		unit   string
		author string
		actor  string
		want   []string
	}{
		{"submitted to the unit's reviewers", notify.Submitted, "sci", "sci-author", "sci-author", []string{"sci-head"}},
		{"submitted in a unit without reviewers goes to central", notify.Submitted, "edu", "edu-author", "edu-author", []string{"central1", "central2"}},
		{"submitted by a central admin: not to themself", notify.Submitted, "edu", "central1", "central1", []string{"central2"}},
		{"returned to the author", notify.Returned, "sci", "sci-author", "sci-head", []string{"sci-author"}},
		{"approved to the author", notify.Approved, "edu", "edu-author", "central2", []string{"edu-author"}},
		{"approved by the author (a reviewer's own item): nobody", notify.Approved, "sci", "sci-head", "sci-head", nil},
		{"published by someone else: author and reviewers", notify.Published, "sci", "sci-author", "central1", []string{"sci-author", "sci-head"}},
		{"published by the author: the reviewers", notify.Published, "sci", "sci-author", "sci-author", []string{"sci-head"}},
		{"published by a reviewer: the author", notify.Published, "sci", "sci-author", "sci-head", []string{"sci-author"}},
		{"published in a unit without reviewers by its author: nobody", notify.Published, "edu", "edu-author", "edu-author", nil},
		{"taken down: author and reviewers", notify.TakenDown, "sci", "sci-author", "central1", []string{"sci-author", "sci-head"}},
		{"taken down, disabled author: reviewers only", notify.TakenDown, "sci", "sci-author-off", "central1", []string{"sci-head"}},
		{"returned to a disabled author: nobody", notify.Returned, "sci", "sci-author-off", "sci-head", nil},
		{"unknown author", notify.Returned, "sci", "", "sci-head", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			n := w.notifier(nil)
			unit := map[string]int64{"sci": w.sci, "edu": w.edu}[tc.unit]
			ev := notify.Event{Action: tc.action, Kind: "news", Ref: "5", Title: "ข่าวทดสอบ", Link: "/admin/news/5/edit",
				UnitID: unit, AuthorID: w.ids[tc.author], ActorID: w.ids[tc.actor], ActorName: tc.actor}
			if err := n.Notify(context.Background(), ev); err != nil {
				t.Fatal(err)
			}
			if got := w.recipients(t); !slices.Equal(got, tc.want) {
				t.Errorf("notified %v; want %v", got, tc.want)
			}
		})
	}
}

// E-mail is queued only when SMTP is on, one job per recipient with an
// address; the notification keeps the event's texts, bounded, and a link
// leaving the site is dropped.
func TestNotifyQueuesMailAndBoundsTexts(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	ev := notify.Event{Action: notify.Submitted, Kind: "news", Ref: "5", Title: strings.Repeat("ก", 400), Link: "//evil.example/x",
		UnitID: w.edu, AuthorID: w.ids["edu-author"], ActorID: w.ids["edu-author"], ActorName: "edu-author", Comment: "ช่วยดูด้วย"}
	if err := w.notifier(nil).Notify(ctx, ev); err != nil {
		t.Fatal(err)
	}
	cfg, err := notify.ParseSMTPURL("smtp://127.0.0.1:2525?from=newsroom@npu.ac.th&tls=none")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.notifier(cfg).Notify(ctx, ev); err != nil {
		t.Fatal(err)
	}
	var notes, jobsN int
	w.db.R.QueryRow(`SELECT count(*) FROM notifications`).Scan(&notes)
	w.db.R.QueryRow(`SELECT count(*) FROM jobs WHERE kind = ?`, notify.MailJob).Scan(&jobsN)
	// Central1 and central2 twice; only central1 has an address, and only
	// the second notifier mails.
	if notes != 4 || jobsN != 1 {
		t.Errorf("%d notifications, %d mail jobs; want 4 and 1", notes, jobsN)
	}
	list, total, err := w.notifier(nil).List(ctx, w.ids["central1"], 10, 0)
	if err != nil || total != 2 || len(list) != 2 {
		t.Fatalf("list: %v %d %v", list, total, err)
	}
	if got := []rune(list[0].Title); len(got) != 300 || list[0].Link != "" || list[0].Comment != "ช่วยดูด้วย" || list[0].Read {
		t.Errorf("kept title of %d runes, link %q, comment %q, read %v", len(got), list[0].Link, list[0].Comment, list[0].Read)
	}
	if err := w.notifier(nil).Notify(ctx, notify.Event{Action: "deleted"}); err == nil {
		t.Error("an unknown action was accepted")
	}
}

// A user only ever reads and marks their own notifications; the unread
// count is capped.
func TestInboxIsPerUser(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	n := w.notifier(nil)
	for i := range 3 {
		ev := notify.Event{Action: notify.Returned, Kind: "news", Ref: fmt.Sprint(i), Title: fmt.Sprint("ข่าว ", i),
			UnitID: w.sci, AuthorID: w.ids["sci-author"], ActorID: w.ids["sci-head"]}
		if err := n.Notify(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	ev := notify.Event{Action: notify.Approved, Kind: "news", Ref: "9", UnitID: w.edu, AuthorID: w.ids["edu-author"], ActorID: w.ids["central1"]}
	if err := n.Notify(ctx, ev); err != nil {
		t.Fatal(err)
	}
	author, edu := w.ids["sci-author"], w.ids["edu-author"]
	unread := func(id int64) int {
		c, err := n.Unread(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if unread(author) != 3 || unread(edu) != 1 {
		t.Fatalf("unread %d and %d; want 3 and 1", unread(author), unread(edu))
	}
	list, _, _ := n.List(ctx, author, 2, 0)
	if len(list) != 2 || list[0].Ref != "2" || list[1].Ref != "1" {
		t.Fatalf("first page %+v; want refs 2, 1 (newest first)", list)
	}
	eduList, _, _ := n.List(ctx, edu, 10, 0)
	// Marking another user's notification read does nothing.
	if err := n.MarkRead(ctx, author, []int64{list[0].ID, eduList[0].ID}); err != nil {
		t.Fatal(err)
	}
	if unread(author) != 2 || unread(edu) != 1 {
		t.Fatalf("after marking one: unread %d and %d; want 2 and 1", unread(author), unread(edu))
	}
	if err := n.MarkAllRead(ctx, author); err != nil {
		t.Fatal(err)
	}
	if unread(author) != 0 || unread(edu) != 1 {
		t.Fatalf("after marking all: unread %d and %d; want 0 and 1", unread(author), unread(edu))
	}
	for range notify.UnreadCap + 5 {
		if err := n.Notify(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if c := unread(edu); c != notify.UnreadCap {
		t.Errorf("unread count %d; want it capped at %d", c, notify.UnreadCap)
	}
}

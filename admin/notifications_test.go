package admin_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"newsroom/demo"
	"newsroom/notify"
	"newsroom/roles"
)

// unreadBadge is the header's count of unread notifications.
var unreadBadge = regexp.MustCompile(`id="unread-count"[^>]*>([^<]+)<`)

func unreadIn(body string) string {
	if m := unreadBadge.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func (ta *testApp) userID(t *testing.T, r roles.Role) int64 {
	t.Helper()
	u, err := ta.users.UserByCitizenID(context.Background(), demoID(r))
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// The header shows each user the count of their own unread notifications
// (and the public site never asks); the notifications page lists only the
// user's own, newest first, marks them read, and "mark all read" clears
// the rest.
func TestNotificationsHeaderAndPage(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	var calls atomic.Int64
	count := ta.app.Web.Unread
	ta.app.Web.Unread = func(ctx context.Context, id int64) (int, error) { calls.Add(1); return count(ctx, id) }

	author, hr := ta.userID(t, roles.UnitPR), ta.userID(t, roles.HR)
	adminUser, _ := ta.users.UserByCitizenID(ctx, ta.adminID)
	notifyOf := func(to int64, title string) {
		t.Helper()
		err := ta.app.Notify.Notify(ctx, notify.Event{Action: notify.Returned, Kind: "news", Ref: "7", Title: title, Link: "/admin/news/7/edit",
			AuthorID: to, ActorID: adminUser.ID, ActorName: adminUser.Name, Comment: "แก้คำผิดย่อหน้าแรก"})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, title := range []string{"ข่าวแรก", "ข่าวสอง", "ข่าวสาม"} {
		notifyOf(author, title)
	}
	notifyOf(hr, "ประกาศของงานบุคคล")

	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	if got := unreadIn(unitPR.get("/admin/").body); got != "3" {
		t.Fatalf("the header's count is %q; want 3", got)
	}
	before := calls.Load()
	for _, path := range []string{"/", "/news", "/en/"} {
		wantStatus(t, unitPR.get(path), http.StatusOK, "public page "+path)
	}
	if n := calls.Load() - before; n != 0 {
		t.Errorf("the public site counted notifications %d times", n)
	}
	if n := calls.Load(); n > 2 { // the login's dashboard and the /admin/ above
		t.Errorf("%d unread counts for two admin pages", n)
	}

	p := unitPR.get("/admin/notifications")
	wantStatus(t, p, http.StatusOK, "notifications page")
	if strings.Contains(p.body, "ประกาศของงานบุคคล") {
		t.Error("the page shows another user's notification")
	}
	first, second, third := strings.Index(p.body, "ข่าวสาม"), strings.Index(p.body, "ข่าวสอง"), strings.Index(p.body, "ข่าวแรก")
	if first < 0 || !(first < second && second < third) {
		t.Errorf("not newest first: %d %d %d", first, second, third)
	}
	for _, want := range []string{`class="unread"`, `href="/admin/news/7/edit"`, "แก้คำผิดย่อหน้าแรก", adminUser.Name, "ส่งกลับแก้ไข"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(p.body, `class="unread"`); n != 3 {
		t.Errorf("%d rows marked unread; want 3", n)
	}
	if got := unreadIn(p.body); got != "" {
		t.Errorf("the header still counts %q on the page that read them", got)
	}
	if p := unitPR.get("/admin/notifications"); strings.Contains(p.body, `class="unread"`) || unreadIn(p.body) != "" {
		t.Error("opened again, the notifications are still unread")
	}

	hrB := ta.browser(t)
	hrB.mustLogin(demoID(roles.HR), demo.Password)
	if got := unreadIn(hrB.get("/admin/").body); got != "1" {
		t.Errorf("HR's count is %q after the unit PR read theirs; want 1", got)
	}

	// Mark all read, without opening them.
	notifyOf(author, "ข่าวสี่")
	notifyOf(author, "ข่าวห้า")
	if got := unreadIn(unitPR.get("/admin/").body); got != "2" {
		t.Fatalf("count %q; want 2", got)
	}
	wantRedirect(t, unitPR.post("/admin/notifications", "/admin/notifications/read", url.Values{}), "/admin/notifications", "mark all read")
	if got := unreadIn(unitPR.get("/admin/").body); got != "" {
		t.Errorf("count %q after marking all read", got)
	}
	if got := unreadIn(hrB.get("/admin/").body); got != "1" {
		t.Errorf("HR's count is %q after the unit PR marked all theirs read; want 1", got)
	}
	// Without a CSRF token the POST is refused.
	resp := unitPR.postRaw("/admin/notifications/read", url.Values{}, nil)
	if resp.status != http.StatusForbidden {
		t.Errorf("mark all read without a CSRF token: %d", resp.status)
	}
}

// testMailbox is a real SMTP server (go-smtp) on a loopback port that keeps
// what it receives.
type testMailbox struct {
	mu  sync.Mutex
	got []struct {
		to   string
		data []byte
	}
}

type testMailSession struct {
	box *testMailbox
	to  string
}

func (s *testMailSession) Mail(string, *smtp.MailOptions) error      { return nil }
func (s *testMailSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *testMailSession) Reset()                                    {}
func (s *testMailSession) Logout() error                             { return nil }
func (s *testMailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.box.mu.Lock()
	s.box.got = append(s.box.got, struct {
		to   string
		data []byte
	}{s.to, b})
	s.box.mu.Unlock()
	return err
}

func startMailbox(t *testing.T) (*testMailbox, string) {
	box := &testMailbox{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &testMailSession{box: box}, nil }))
	srv.Domain, srv.ReadTimeout, srv.WriteTimeout = "localhost", 30*time.Second, 30*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return box, l.Addr().String()
}

// Central PR gives a unit's PR an e-mail address on the user form; when
// central PR takes down that user's news, the author finds the takedown
// with its reason among their notifications, and the e-mail job delivers
// it to a real SMTP server with a Thai subject.
func TestTakedownNotifiesAuthor(t *testing.T) {
	box, addr := startMailbox(t)
	ta := newTestApp(t, func(c *Config) {
		cfg, err := notify.ParseSMTPURL("smtp://" + addr + "?from=newsroom@npu.ac.th&tls=none")
		if err != nil {
			t.Fatal(err)
		}
		c.SMTP = cfg
	})
	ctx := context.Background()
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	authorID := ta.userID(t, roles.UnitPR)
	author, _ := ta.users.User(ctx, authorID)
	edit := "/admin/users/" + itoa(authorID) + "/edit"
	form := url.Values{"name": {author.Name}, "unit_id": {itoa(author.UnitID)}, "role": {string(author.Role)}, "email": {"not-an-address"}}
	p := admin.post(edit, "/admin/users/"+itoa(authorID), form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "a malformed e-mail address")
	if !strings.Contains(p.body, "รูปแบบอีเมลไม่ถูกต้อง") || !strings.Contains(p.body, `value="not-an-address"`) {
		t.Error("the user form does not say what is wrong with the address, beside what was typed")
	}
	form.Set("email", "nok.sci@npu.ac.th")
	wantRedirect(t, admin.post(edit, "/admin/users/"+itoa(authorID), form), "/admin/users", "save the user's e-mail")
	if p := admin.get(edit); !strings.Contains(p.body, `value="nok.sci@npu.ac.th"`) {
		t.Error("the user form does not show the saved address")
	}

	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	headline := "คณะวิทยาศาสตร์จัดค่ายเยาวชน"
	created := unitPR.post("/admin/news/new", "/admin/news", newsForm(headline))
	wantRedirect(t, created, "/admin/news/", "create news")
	id := regexp.MustCompile(`/admin/news/(\d+)`).FindStringSubmatch(created.header.Get("Location"))[1]

	reason := "ภาพมีข้อมูลส่วนบุคคลของนักเรียน"
	down := admin.post("/admin/news/"+id+"/takedown", "/admin/news/"+id+"/takedown", url.Values{"reason": {reason}})
	wantRedirect(t, down, "/admin/news/"+id, "take down")

	if got := unreadIn(unitPR.get("/admin/").body); got != "1" {
		t.Fatalf("the author's count is %q after the takedown; want 1", got)
	}
	p = unitPR.get("/admin/notifications")
	for _, want := range []string{headline, reason, `href="/admin/news/` + id + `/edit"`, "ระงับการเผยแพร่"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the author's notification lacks %q", want)
		}
	}
	if got := unreadIn(admin.get("/admin/").body); got != "" {
		t.Errorf("the admin who took it down was notified too (%q)", got)
	}

	if err := ta.app.MailQueue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if len(box.got) != 1 || box.got[0].to != "nok.sci@npu.ac.th" {
		t.Fatalf("the mail server received %d messages (%v); want 1 to the author", len(box.got), box.got)
	}
	m, err := mail.ReadMessage(bytes.NewReader(box.got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if want := "[ข่าวประชาสัมพันธ์] ระงับการเผยแพร่: " + headline; err != nil || subject != want {
		t.Errorf("subject %q (%v); want %q", subject, err, want)
	}
	raw, _ := io.ReadAll(m.Body)
	body, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
	for _, want := range []string{"ระงับการเผยแพร่ข่าวกิจกรรม “" + headline + "”", reason, ta.cfg.BaseURL + "/admin/news/" + id + "/edit", "took down the activity news"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the e-mail lacks %q:\n%s", want, body)
		}
	}
}

package public_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"html"
	"math/bits"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
)

var (
	qaTokenRe     = regexp.MustCompile(`name="token" value="([^"]+)"`)
	qaChallengeRe = regexp.MustCompile(`data-pow-challenge="([0-9a-f]+)" data-pow-bits="([0-9]+)"`)
)

// qaForm opens the Q&A page at path as a visitor and returns the form's
// token, challenge and proof-of-work bits.
func qaForm(t *testing.T, b *browser, path string) (token, challenge string, nbits int) {
	t.Helper()
	p := b.get(path)
	if p.status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, p.status)
	}
	m, c := qaTokenRe.FindStringSubmatch(p.body), qaChallengeRe.FindStringSubmatch(p.body)
	if m == nil || c == nil {
		t.Fatalf("no form token on %s", path)
	}
	n, _ := strconv.Atoi(c[2])
	return html.UnescapeString(m[1]), c[1], n
}

// solvePow finds the nonce pow.js would.
func solvePow(challenge string, n int) string {
	for i := 0; ; i++ {
		s := strconv.Itoa(i)
		sum := sha256.Sum256([]byte(challenge + ":" + s))
		z := 0
		for _, x := range sum {
			if x != 0 {
				z += bits.LeadingZeros8(x)
				break
			}
			z += 8
		}
		if z >= n {
			return s
		}
	}
}

// qaAsk fills the form as a person with JavaScript would (pow) or without.
func qaAsk(t *testing.T, b *browser, path string, pow bool, fields url.Values, hdr map[string]string) page {
	t.Helper()
	tok, ch, n := qaForm(t, b, path)
	f := url.Values{"token": {tok}, "question": {"หอพักนักศึกษาจองได้เมื่อใด"}, "consent": {"yes"}}
	if pow {
		f.Set("pow", solvePow(ch, n))
	}
	for k, v := range fields {
		f[k] = v
	}
	return b.postRaw(path, f, hdr)
}

func qaCount(t *testing.T, ta *testApp) int {
	t.Helper()
	var n int
	if err := ta.db.R.QueryRow(`SELECT count(*) FROM questions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A visitor asks with JavaScript (proof of work) and without; neither gets
// a cookie; the form page is never stored by caches; the thank-you page
// (after a 303) echoes nothing personal; the question waits unpublished
// with the asker's data.
func TestQAAsk(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	for _, path := range []string{"/qa", "/en/qa"} {
		p := b.get(path)
		if p.status != 200 || p.header.Get("Set-Cookie") != "" || !strings.Contains(p.header.Get("Cache-Control"), "no-store") {
			t.Fatalf("GET %s: %d cookie %q cache %q", path, p.status, p.header.Get("Set-Cookie"), p.header.Get("Cache-Control"))
		}
		if !strings.Contains(p.body, `/pages/privacy`) || !strings.Contains(p.body, `name="consent"`) || !strings.Contains(p.body, "365") {
			t.Errorf("%s: the consent text (retention, privacy page) is missing", path)
		}
	}
	// Two visits get two different tokens: one cached page would share one.
	if a, _, _ := qaForm(t, b, "/qa"); a == func() string { x, _, _ := qaForm(t, b, "/qa"); return x }() {
		t.Fatal("two visits of /qa got the same form token")
	}
	for _, c := range []struct {
		path, lang string
		pow        bool
	}{{"/qa", "th", true}, {"/en/qa", "en", false}} {
		email := "asker-" + c.lang + "@example.org"
		p := qaAsk(t, b, c.path, c.pow, url.Values{"name": {"นาง ผู้ถาม"}, "email": {email}}, nil)
		wantRedirect(t, p, strings.TrimSuffix(c.path, "/qa")+"/qa/thanks", "ask "+c.path)
		if p.header.Get("Set-Cookie") != "" || strings.Contains(p.header.Get("Location"), "example.org") {
			t.Fatalf("ask: cookie %q location %q", p.header.Get("Set-Cookie"), p.header.Get("Location"))
		}
		th := b.get(p.header.Get("Location"))
		if th.status != 200 || strings.Contains(th.body, email) || strings.Contains(th.body, "ผู้ถาม") || th.header.Get("Set-Cookie") != "" {
			t.Fatalf("thank-you page: %d, echoes the asker's data or sets a cookie", th.status)
		}
		var name, lang, status string
		if err := ta.db.R.QueryRow(`SELECT asker_name, lang, status FROM questions WHERE asker_email = ?`, email).Scan(&name, &lang, &status); err != nil {
			t.Fatalf("question of %s not stored: %v", email, err)
		}
		if name != "นาง ผู้ถาม" || lang != c.lang || status != "draft" {
			t.Fatalf("stored %q %q %q", name, lang, status)
		}
	}
}

// Refused forms: a filled honeypot is thanked and dropped; a missing or
// forged token is the CSRF refusal; an expired form, a wrong proof of work
// and bad fields show the form again with what was typed; nothing is stored.
func TestQARefusals(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	refusal := templates.T("th", "error.csrf.title")
	long := strings.Repeat("ก", content.MaxQuestion+1)
	cases := []struct {
		name   string
		form   func(tok, ch string, n int) url.Values
		before func()
		status int
		want   string // in the answer
	}{
		{"honeypot", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"ซื้อยาถูก"}, "consent": {"yes"}, "website": {"http://spam.example"}}
		}, nil, http.StatusSeeOther, ""},
		{"no token", func(string, string, int) url.Values {
			return url.Values{"question": {"คำถามไม่มีโทเคน"}, "consent": {"yes"}}
		}, nil, http.StatusForbidden, refusal},
		{"forged token", func(tok, ch string, n int) url.Values {
			i := strings.LastIndexByte(tok, '.')
			forged := strconv.FormatInt(time.Now().Unix(), 10) + tok[strings.IndexByte(tok, '.'):i] + ".AAAA" + tok[i+5:]
			return url.Values{"token": {forged}, "question": {"คำถามปลอม"}, "consent": {"yes"}}
		}, nil, http.StatusForbidden, refusal},
		{"token of another time", func(tok, ch string, n int) url.Values {
			_, rest, _ := strings.Cut(tok, ".")
			return url.Values{"token": {"1." + rest}, "question": {"คำถามแก้เวลา"}, "consent": {"yes"}}
		}, nil, http.StatusForbidden, refusal},
		{"expired", func(tok, ch string, n int) url.Values {
			ta.clock.Add(4 * time.Hour)
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"คำถามค้างนาน"}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, "คำถามค้างนาน"},
		{"wrong proof of work", func(tok, ch string, n int) url.Values {
			nonce, _ := strconv.Atoi(solvePow(ch, n))
			for powOK(ch, strconv.Itoa(nonce), n) {
				nonce++
			}
			return url.Values{"token": {tok}, "pow": {strconv.Itoa(nonce)}, "question": {"คำถามงานไม่ครบ"}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, templates.T("th", "qa.err_pow")},
		{"no consent", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"คำถามไม่ยินยอม"}, "email": {"keep@example.org"}}
		}, nil, http.StatusUnprocessableEntity, "keep@example.org"},
		{"bad e-mail", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"คำถามอีเมลผิด"}, "email": {"nobody-at-example"}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, templates.T("th", "qa.err_email")},
		{"question too long", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {long}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, templates.T("th", "err.too_long")},
		{"empty question", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"   "}, "name": {"ชื่อที่พิมพ์ไว้"}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, "ชื่อที่พิมพ์ไว้"},
		{"name too long", func(tok, ch string, n int) url.Values {
			return url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"คำถามชื่อยาว"}, "name": {strings.Repeat("ช", 101)}, "consent": {"yes"}}
		}, nil, http.StatusUnprocessableEntity, templates.T("th", "err.too_long")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok, ch, n := qaForm(t, b, "/qa")
			p := b.postRaw("/qa", c.form(tok, ch, n), nil)
			if p.status != c.status || (c.want != "" && !strings.Contains(p.body, c.want)) {
				t.Fatalf("status %d, want %d with %q; body %.400s", p.status, c.status, c.want, p.body)
			}
			if p.header.Get("Set-Cookie") != "" {
				t.Fatal("a refusal set a cookie")
			}
			if n := qaCount(t, ta); n != 0 {
				t.Fatalf("%d questions stored", n)
			}
		})
	}
}

func powOK(ch, nonce string, n int) bool {
	sum := sha256.Sum256([]byte(ch + ":" + nonce))
	z := 0
	for _, x := range sum {
		if x != 0 {
			z += bits.LeadingZeros8(x)
			break
		}
		z += 8
	}
	return z >= n
}

// A form is used once: sent again it makes no second question.
func TestQAFormUsedOnce(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	tok, ch, n := qaForm(t, b, "/qa")
	f := url.Values{"token": {tok}, "pow": {solvePow(ch, n)}, "question": {"คำถามกดสองครั้ง"}, "consent": {"yes"}}
	for i := 0; i < 2; i++ {
		wantRedirect(t, b.postRaw("/qa", f, nil), "/qa/thanks", "send "+strconv.Itoa(i))
	}
	if n := qaCount(t, ta); n != 1 {
		t.Fatalf("%d questions, want 1", n)
	}
}

// Per address and hour: few questions without the proof of work, a few
// more with it; another address is not held back; the next hour opens again.
func TestQAThrottle(t *testing.T) {
	ta := newTestApp(t, func(c *Config) { c.TrustedProxies = []string{"127.0.0.1"} })
	b := ta.browser(t)
	from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	ask := func(ip string, pow bool, i int) page {
		return qaAsk(t, b, "/qa", pow, url.Values{"question": {"คำถามข้อที่ " + strconv.Itoa(i) + " จาก " + ip}}, from(ip))
	}
	const noPow, withPow = 2, 6 // public/qa.go: qaLimitNoPow, qaLimitPow
	for i := 0; i < noPow; i++ {
		wantRedirect(t, ask("203.0.113.7", false, i), "/qa/thanks", "without JavaScript")
	}
	if p := ask("203.0.113.7", false, 99); p.status != http.StatusTooManyRequests || !strings.Contains(p.body, "คำถามข้อที่ 99") {
		t.Fatalf("over the limit without the proof of work: %d (want 429 keeping the question)", p.status)
	}
	for i := noPow; i < withPow; i++ {
		wantRedirect(t, ask("203.0.113.7", true, i), "/qa/thanks", "with the proof of work")
	}
	if p := ask("203.0.113.7", true, 100); p.status != http.StatusTooManyRequests {
		t.Fatalf("over the limit with the proof of work: %d, want 429", p.status)
	}
	wantRedirect(t, ask("198.51.100.9", false, 0), "/qa/thanks", "another address")
	if n := qaCount(t, ta); n != withPow+1 {
		t.Fatalf("%d questions stored, want %d", n, withPow+1)
	}
	ta.clock.Add(time.Hour + time.Minute)
	wantRedirect(t, ask("203.0.113.7", false, 200), "/qa/thanks", "the next hour")
}

// The asker's e-mail and name never reach anything public (pages, lists,
// search, feeds, API, sitemap) once the question is answered and published,
// nor the legal traffic log or its export: the form posts, so they are in
// no address.
func TestQAPersonalDataStaysPrivate(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	const email, name = "zq7.private.asker@example.net", "ปริศนา ไม่เปิดเผย"
	wantRedirect(t, qaAsk(t, b, "/qa", true, url.Values{"name": {name}, "email": {email},
		"question": {"ห้องสมุดเปิดวันเสาร์หรือไม่"}}, nil), "/qa/thanks", "ask")
	ctx := context.Background()
	var id int64
	if err := ta.db.R.QueryRow(`SELECT id FROM questions WHERE asker_email = ?`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	q, err := ta.content.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	central, err := ta.users.UserByCitizenID(ctx, demoID(roles.Central))
	if err != nil {
		t.Fatal(err)
	}
	now := ta.clock.Now()
	in := content.QuestionInput{MetaInput: content.MetaInput{Lang: q.Lang, Sort: 1, Start: q.Window.Start, End: q.Window.End, UnitID: q.UnitID, Publish: true},
		Question: q.Question, Answer: "<p>ห้องสมุดเปิดวันเสาร์ 9.00–16.00 น.</p>"}
	if _, err := ta.content.SaveQuestion(ctx, q, in, content.Author{UserID: central.ID, Name: central.Name}, now); err != nil {
		t.Fatal(err)
	}
	paths := []string{"/", "/en/", "/qa", "/qa?q=ห้องสมุด", "/qa/" + itoa(id), "/qa/thanks", "/search?q=ห้องสมุด",
		"/news", "/notices", "/videos", "/news/rss.xml", "/news/atom.xml", "/notices/rss.xml", "/videos/rss.xml",
		"/api/v1/news", "/api/v1/notices", "/api/v1/videos", "/api/v1/featured", "/sitemap.xml", "/robots.txt", "/en/qa"}
	found := 0
	for _, path := range paths {
		p := b.get(path)
		if strings.Contains(p.body, email) || strings.Contains(p.body, name) {
			t.Errorf("%s shows the asker's data", path)
		}
		if strings.Contains(p.body, "ห้องสมุดเปิดวันเสาร์") {
			found++
		}
	}
	if found < 3 { // the list, the permalink, the site search
		t.Fatalf("the published question shows on %d pages, want at least 3", found)
	}
	for _, sm := range regexp.MustCompile(`<loc>[^<]*(/sitemap/[^<]+)</loc>`).FindAllStringSubmatch(b.get("/sitemap.xml").body, -1) {
		if p := b.get(sm[1]); strings.Contains(p.body, email) {
			t.Errorf("%s shows the asker's e-mail", sm[1])
		}
	}
	// The traffic log: the POST is recorded (the law), its body is not.
	var out string
	for i := 0; i < 200 && !strings.Contains(out, "POST,/qa,303"); i++ {
		if err := ta.traffic.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := ta.traffic.Export(ctx, &buf, time.Now().Add(-time.Hour), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		out = buf.String()
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out, "POST,/qa,303") {
		t.Fatalf("the question's POST is not in the traffic log:\n%.2000s", out)
	}
	for _, secret := range []string{email, url.QueryEscape(email), name, url.QueryEscape(name), "ห้องสมุดเปิดวันเสาร์หรือไม่"} {
		if strings.Contains(out, secret) {
			t.Errorf("the traffic export holds %q", secret)
		}
	}
}

package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/audit"
	"newsroom/templates"
)

var (
	tagRE      = regexp.MustCompile(`(?s)<[^>]*>`)
	codeInText = regexp.MustCompile(`\b[a-z]+\.[a-z_]+\b`)
)

// visibleText is a page's text without its tags (attributes hold codes as
// values; those are not shown).
func visibleText(body string) string { return html.UnescapeString(tagRE.ReplaceAllString(body, " ")) }

// TestActionLogShowsLabels records one action of every code and reads the
// action log in Thai and English: each shows its label, and no code is
// printed as it is.
func TestActionLogShowsLabels(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	codes := templates.ActionCodes()
	for i, c := range codes {
		kind, _, _ := strings.Cut(c, ".")
		a := audit.Action{At: ta.clock.Now(), UserName: "ทดสอบ", Action: c, Kind: kind, ItemID: int64(i + 1), Detail: "รายละเอียด", IP: "192.0.2.1"}
		if err := ta.actions.Record(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	for _, lang := range []string{"th", "en"} {
		b.get("/admin/lang/" + lang)
		seen := map[string]bool{}
		for page := 1; page <= len(codes)/50+2; page++ {
			p := b.get(fmt.Sprintf("/admin/actions?page=%d", page))
			wantStatus(t, p, 200, "action log")
			text := visibleText(p.body)
			for _, m := range codeInText.FindAllString(text, -1) {
				t.Errorf("%s, page %d: the action log prints the code %q", lang, page, m)
			}
			for _, c := range codes {
				if strings.Contains(text, templates.ActionLabel(lang, c)) {
					seen[c] = true
				}
			}
		}
		for _, c := range codes {
			if !seen[c] {
				t.Errorf("%s: the action log never shows %q as %q", lang, c, templates.ActionLabel(lang, c))
			}
		}
		if !strings.Contains(visibleText(b.get("/admin/actions?action=news.").body), templates.ActionLabel(lang, "news.takedown")) {
			t.Errorf("%s: the news filter does not show news.takedown", lang)
		}
	}
}

// TestVideoListNamesProgrammes: a video without a poster of its own shows
// its programme's name in the list, never its code (3-minutes).
func TestVideoListNamesProgrammes(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	form := windowForm(url.Values{"programme": {"3-minutes"}, "title": {"สามนาทีกับมหาวิทยาลัย"}, "link": {"https://youtu.be/dQw4w9WgXcQ"}})
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", form), "/admin/videos", "save video")
	for _, lang := range []string{"th", "en"} {
		b.get("/admin/lang/" + lang)
		text := visibleText(b.get("/admin/videos").body)
		if strings.Contains(text, "3-minutes") || !strings.Contains(text, "3 MINUTES@NPU") {
			t.Errorf("%s: the video list prints the programme's code or lacks its name", lang)
		}
	}
}

// TestEnglishFooterYear: the English site's footer shows the Gregorian
// year, the Thai site's the Buddhist Era.
func TestEnglishFooterYear(t *testing.T) {
	ta := newTestApp(t)
	v := ta.browser(t)
	ce := time.Now().In(newsroom.Bangkok).Year()
	if body := v.get("/en/").body; !strings.Contains(body, fmt.Sprintf("© %d ", ce)) {
		t.Errorf("the English footer does not show © %d", ce)
	}
	if body := v.get("/").body; !strings.Contains(body, fmt.Sprintf("© %d ", ce+543)) {
		t.Errorf("the Thai footer does not show © %d", ce+543)
	}
}

package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Texts of the featured desk that Khun Ploy's morning looks for.
const (
	pickButton = "เลือกเป็นข่าวเด่น"
	upLabel    = "เลื่อนขึ้น"
	downLabel  = "เลื่อนลง"
	maxPicks   = 6
	// testMark is in the headline of every story the other journeys post;
	// Khun Ploy picks the demo's real-looking news, not those.
	testMark = "ทดสอบ"
)

// deskCard is a candidate of the featured desk.
type deskCard struct {
	ID       string `json:"id"` // the news id: what its pick form posts, or its link's
	Href     string `json:"href"`
	Headline string `json:"headline"`
	Img      string `json:"img"`
	Meta     string `json:"meta"` // unit · posted time · type
	Lead     string `json:"lead"`
	Criteria int    `json:"criteria"` // checkboxes in <details class=criteria>
	Picked   bool   `json:"picked"`
	Button   string `json:"button"`
	Disabled bool   `json:"disabled"`
}

// deskPick is a row of the day's picks.
type deskPick struct {
	ID       string `json:"id"`
	Slot     string `json:"slot"`
	Headline string `json:"headline"`
	Unit     string `json:"unit"`
	Up       string `json:"up"`   // the ↑ button's aria-label, "" when missing or disabled
	Down     string `json:"down"` // the ↓ button's aria-label
}

// desk is what /admin/featured shows.
type desk struct {
	Day     string     `json:"day"`
	Heading string     `json:"heading"`
	Message string     `json:"message"`
	Picks   []deskPick `json:"picks"`
	Cards   []deskCard `json:"cards"`
}

func readDesk(t *testing.T, ctx context.Context) desk {
	t.Helper()
	return get(t, ctx, "read the featured desk", chromedp.Evaluate[desk](`(() => {
		const txt = (root, css) => { const e = root.querySelector(css); return e ? e.textContent.trim() : ""; };
		const list = document.querySelector("#pick-list");
		const label = b => b && !b.disabled ? b.getAttribute("aria-label") || "" : "";
		return {
			day: list ? list.dataset.day || "" : "",
			heading: txt(document, "#picks-h"),
			message: txt(document, ".flash.error"),
			picks: list ? [...list.querySelectorAll(":scope > li")].map(li => {
				const pt = li.querySelector(".pick-title");
				return {id: li.dataset.id || "", slot: txt(li, ".slot"),
					headline: pt && pt.firstChild ? pt.firstChild.textContent.trim() : "", unit: txt(li, ".pick-title small"),
					up: label(li.querySelector("button[name=dir][value=up]")), down: label(li.querySelector("button[name=dir][value=down]"))};
			}) : [],
			cards: [...document.querySelectorAll(".desk-card")].map(c => {
				const a = c.querySelector("h3 a"), img = c.querySelector("img");
				const f = c.querySelector("form[action='/admin/featured/pick']");
				const b = f && f.querySelector("button"), id = f && f.querySelector("input[name=news_id]");
				const href = a ? a.getAttribute("href") : "";
				return {id: id ? id.value : href.replace(/^\/news\//, ""), href: href, headline: a ? a.textContent.trim() : "",
					img: img ? img.getAttribute("src") : "", meta: txt(c, ".meta"), lead: txt(c, ".lead"),
					criteria: c.querySelectorAll("details.criteria input[type=checkbox]").length,
					picked: c.classList.contains("picked"), button: b ? b.textContent.trim() : "", disabled: !b || b.disabled};
			}),
		};
	})()`))
}

func pickHeadlines(ps []deskPick) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Headline
	}
	return out
}

// checkSlots fails unless the picks are numbered 1, 2, … in order.
func checkSlots(t *testing.T, d desk, after string) {
	t.Helper()
	for i, p := range d.Picks {
		if p.Slot != fmt.Sprint(i+1) {
			t.Errorf("after %s, pick %d %q shows slot %q", after, i+1, p.Headline, p.Slot)
		}
	}
}

// TestKhunPloysMorning is the acceptance journey of issue 6: Khun Ploy,
// central PR, opens the featured desk, picks six of the news posted
// yesterday and today, reorders them, sees them lead the homepage's featured
// block at once, then opens the fiscal-year report and downloads its CSV.
func TestKhunPloysMorning(t *testing.T) {
	t.Parallel()
	began := time.Now()
	browser := newBrowser(t)
	ploy := browser
	logInOK(t, ploy, site.Admin.ID, site.Admin.Password)

	// 1. The desk, from the menu.
	if !exists(t, ploy, `nav#sidenav a[href="/admin/featured"]`) {
		t.Errorf("central PR's menu has no link to /admin/featured")
		open(t, ploy, "/admin/featured")
	} else {
		load(t, ploy, "open the featured desk from the menu",
			chromedp.Click(chromedp.CSS(`nav#sidenav a[href="/admin/featured"]`), chromedp.NodeVisible))
	}
	if p := pagePath(t, ploy); p != "/admin/featured" {
		t.Fatalf("the menu's featured desk link led to %s", p)
	}
	d := readDesk(t, ploy)
	now := time.Now()
	today, yesterday := bangkokDate(now, 0), bangkokDate(now, -1)
	if d.Day != today {
		t.Errorf("the desk opens on %q; want today in Bangkok, %s", d.Day, today)
	}
	if len(d.Cards) == 0 {
		t.Fatalf("the desk shows no candidate (.desk-card); the demo posts news today and yesterday%s", pageState(ploy))
	}
	posted := regexp.MustCompile(`^([^·]+) · .*(` + regexp.QuoteMeta(thaiDate(today)) + `|` + regexp.QuoteMeta(thaiDate(yesterday)) + `)`)
	for _, c := range d.Cards {
		if !regexp.MustCompile(`^/news/\d+$`).MatchString(c.Href) || c.Headline == "" || !strings.HasPrefix(c.Img, "/media/") ||
			c.Lead == "" || c.Criteria == 0 || !posted.MatchString(c.Meta) {
			t.Errorf("candidate %+v: want a link to the story, its headline, main photo, lead, the criteria checklist, "+
				"and its unit and posted time (%s or %s)", c, thaiDate(today), thaiDate(yesterday))
		}
	}
	// The checklist is there to tick while reading.
	do(t, ploy, "open the first card's criteria and tick one",
		centre(".desk-card details.criteria summary"),
		chromedp.Click(chromedp.CSS(".desk-card details.criteria summary"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(".desk-card details.criteria input[type=checkbox]"), chromedp.NodeVisible))
	if !get(t, ploy, "read the tick", chromedp.Evaluate[bool](`document.querySelector(".desk-card details.criteria").open &&
		document.querySelector(".desk-card details.criteria input[type=checkbox]").checked`)) {
		t.Errorf("the first card's criteria checklist did not open or did not take a tick")
	}

	// 2. Pick up to six, one click each; every click reloads the desk.
	start := len(d.Picks)
	if start > 0 {
		t.Logf("the desk already has %d picks for today: %q", start, pickHeadlines(d.Picks))
	}
	var picked []string
	for len(d.Picks) < maxPicks {
		i := slices.IndexFunc(d.Cards, func(c deskCard) bool {
			return !c.Picked && !c.Disabled && c.Button == pickButton && !strings.Contains(c.Headline, testMark)
		})
		if i < 0 {
			break
		}
		c := d.Cards[i]
		before := len(d.Picks)
		sel := `.desk-card form[action="/admin/featured/pick"]:has(input[name=news_id][value="` + c.ID + `"]) button`
		resp := load(t, ploy, "pick "+c.Headline, centre(sel), chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		if resp.Status != 200 || pagePath(t, ploy) != "/admin/featured" {
			t.Fatalf("pick %q: status %d at %s; want the desk again%s", c.Headline, resp.Status, pagePath(t, ploy), pageState(ploy))
		}
		d = readDesk(t, ploy)
		if d.Message != "" {
			t.Fatalf("pick %q: the desk says %q", c.Headline, d.Message)
		}
		if len(d.Picks) != before+1 || d.Picks[len(d.Picks)-1].Headline != c.Headline {
			t.Fatalf("after picking %q the picks are %q; want it added at the end", c.Headline, pickHeadlines(d.Picks))
		}
		if j := slices.IndexFunc(d.Cards, func(x deskCard) bool { return x.ID == c.ID }); j < 0 || !d.Cards[j].Picked {
			t.Errorf("after picking %q its card is not marked picked", c.Headline)
		}
		picked = append(picked, c.Headline)
	}
	if len(d.Picks) < maxPicks {
		t.Errorf("the desk offered only %d candidates to pick; picked %d, want %d (the demo posts enough every day)",
			len(picked), len(d.Picks), maxPicks)
	}
	if len(d.Picks) == 0 {
		t.Fatalf("nothing was picked%s", pageState(ploy))
	}
	if want := fmt.Sprintf("%d/%d", len(d.Picks), maxPicks); !strings.Contains(d.Heading, want) {
		t.Errorf("the picks' heading reads %q; want %s", d.Heading, want)
	}
	checkSlots(t, d, "picking")
	if len(d.Picks) == maxPicks {
		for _, c := range d.Cards {
			if !c.Picked && !c.Disabled {
				t.Errorf("with %d picks, the card %q can still be picked", maxPicks, c.Headline)
			}
		}
	}
	t.Logf("picked %d: %q", len(picked), picked)

	// 3. Reorder: the first one down, the last one up.
	order := pickHeadlines(d.Picks)
	if len(order) >= 2 {
		first, last := d.Picks[0], d.Picks[len(d.Picks)-1]
		if first.Up != "" || !strings.HasPrefix(first.Down, downLabel) || !strings.HasPrefix(last.Up, upLabel) {
			t.Errorf("move buttons: the first pick has ↑ %q and ↓ %q, the last ↑ %q; want the first without ↑, labels %s…/%s…",
				first.Up, first.Down, last.Up, upLabel, downLabel)
		}
		resp := load(t, ploy, "move the first pick down",
			chromedp.Click(chromedp.CSS(`#pick-list > li:first-child button[name=dir][value=down]`), chromedp.NodeVisible))
		if resp.Status != 200 {
			t.Fatalf("move down: status %d%s", resp.Status, pageState(ploy))
		}
		want := slices.Clone(order)
		want[0], want[1] = want[1], want[0]
		d = readDesk(t, ploy)
		if got := pickHeadlines(d.Picks); !slices.Equal(got, want) {
			t.Errorf("after ↓ on the first pick the order is %q; want %q", got, want)
		}
		if len(order) >= 3 {
			load(t, ploy, "move the last pick up",
				chromedp.Click(chromedp.CSS(`#pick-list > li:last-child button[name=dir][value=up]`), chromedp.NodeVisible))
			k := len(want) - 1
			want[k], want[k-1] = want[k-1], want[k]
			d = readDesk(t, ploy)
			if got := pickHeadlines(d.Picks); !slices.Equal(got, want) {
				t.Errorf("after ↑ on the last pick the order is %q; want %q", got, want)
			}
		}
		checkSlots(t, d, "reordering")
		order = pickHeadlines(d.Picks)
	}
	t.Logf("order: %q", order)

	// 4. The homepage, at a visitor's computer: today's picks lead, in order.
	visitor := newSession(t, browser)
	if resp := open(t, visitor, "/"); resp.Status != 200 {
		t.Fatalf("/: status %d", resp.Status)
	}
	cards := get(t, visitor, "read the featured block", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("section.featured :is(.lead-story, .row-story) .story-title")].map(e => e.textContent.trim())`))
	if len(cards) == 0 {
		t.Fatalf("the homepage has no featured cards%s", pageState(visitor))
	}
	// Thai picks lead the Thai homepage, English ones the English homepage.
	var thOrder, enOrder []string
	for _, h := range order {
		if regexp.MustCompile(`\p{Thai}`).MatchString(h) {
			thOrder = append(thOrder, h)
		} else {
			enOrder = append(enOrder, h)
		}
	}
	if len(thOrder) > 0 && cards[0] != thOrder[0] {
		t.Errorf("the homepage's first featured story is %q; want the first Thai pick %q", cards[0], thOrder[0])
	}
	if k := min(len(cards), len(thOrder)); !slices.Equal(cards[:k], thOrder[:k]) {
		t.Errorf("the homepage's featured block begins %q; want today's Thai picks in order %q", cards[:k], thOrder[:k])
	}
	t.Logf("homepage featured: %q", cards)
	if len(enOrder) > 0 {
		open(t, visitor, "/en/")
		en := get(t, visitor, "read the English featured block", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll("section.featured :is(.lead-story, .row-story) .story-title")].map(e => e.textContent.trim())`))
		if k := min(len(en), len(enOrder)); k == 0 || !slices.Equal(en[:k], enOrder[:k]) {
			t.Errorf("the English homepage's featured block begins %q; want today's English picks in order %q", en, enOrder)
		}
	}

	// 5. The fiscal-year report, chosen in the form.
	load(t, ploy, "open the reports from the menu", chromedp.Click(chromedp.CSS(`nav#sidenav a[href^="/admin/reports"]`), chromedp.NodeVisible))
	do(t, ploy, "choose the fiscal year", chromedp.SetValue(chromedp.CSS("select#kind"), "fy"))
	load(t, ploy, "show the report", chromedp.Click(chromedp.CSS(`form[action="/admin/reports"] button[type=submit]`), chromedp.NodeVisible))
	loc := get(t, ploy, "read location", chromedp.Location())
	if !strings.Contains(loc, "kind=fy") {
		t.Errorf("the report form led to %s; want kind=fy", loc)
	}
	type report struct {
		Bars   int        `json:"bars"`
		Labels []string   `json:"labels"`
		Font   string     `json:"font"`
		Rows   [][]string `json:"rows"`
		CSV    string     `json:"csv"`
		Print  bool       `json:"print"`
	}
	r := get(t, ploy, "read the report", chromedp.Evaluate[report](`(() => {
		const svg = document.querySelector("figure.chart svg");
		const a = document.querySelector("a[href^='/admin/reports.csv']");
		return {bars: svg ? svg.querySelectorAll("rect").length : 0,
			labels: svg ? [...svg.querySelectorAll("text[text-anchor=end]")].map(e => e.textContent.trim()) : [],
			font: svg ? svg.getAttribute("font-family") || "" : "",
			rows: [...document.querySelectorAll("table.list tbody tr")].map(tr => [...tr.cells].map(td => td.textContent.trim())),
			csv: a ? a.getAttribute("href") : "", print: !!document.querySelector("[data-print]")};
	})()`))
	empty := len(r.Rows) == 1 && len(r.Rows[0]) == 1
	t.Logf("report: %d bars, %d table rows, labels %q, CSV %s", r.Bars, len(r.Rows), r.Labels, r.CSV)
	switch {
	case empty:
		// The tally counts past days only; a fiscal year that began today has none.
		t.Logf("NOTE: the fiscal-year report is empty: %q", r.Rows)
	case r.Bars == 0 || len(r.Labels) != r.Bars:
		t.Errorf("the report has %d table rows but its SVG chart has %d bars and %d labels", len(r.Rows), r.Bars, len(r.Labels))
	case !strings.Contains(r.Font, "Sarabun"):
		t.Errorf("the chart's font-family is %q; want our Sarabun", r.Font)
	}
	if !r.Print {
		t.Errorf("the report has no print button ([data-print])")
	}
	if !strings.HasPrefix(r.CSV, "/admin/reports.csv?") || !strings.Contains(r.CSV, "kind=fy") {
		t.Fatalf("the report's CSV link is %q; want /admin/reports.csv?…kind=fy", r.CSV)
	}
	t.Logf("report: %s", screenshot(t, ploy, "khun-ploy-report"))

	// 6. The CSV, downloaded with Khun Ploy's session.
	cookies, err := chromedp.Call(ploy, network.GetCookies, network.GetCookiesParams{URLs: []string{site.URL + "/admin/"}})
	if err != nil || len(cookies.Cookies) == 0 {
		t.Fatalf("read the browser's cookies: %v (%d cookies)", err, len(cookies.Cookies))
	}
	status, header, body := fetchWithCookies(t, r.CSV, cookies.Cookies)
	ct, params, _ := mime.ParseMediaType(header.Get("Content-Type"))
	if status != 200 || ct != "text/csv" {
		t.Fatalf("GET %s: status %d, Content-Type %q; want 200 text/csv", r.CSV, status, header.Get("Content-Type"))
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
		t.Errorf("GET %s: charset %q; want utf-8", r.CSV, cs)
	}
	if cd := header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, ".csv") {
		t.Errorf("GET %s: Content-Disposition %q; want an attachment named *.csv", r.CSV, cd)
	}
	if !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		t.Errorf("GET %s: the CSV starts % x; want the UTF-8 BOM ef bb bf, for Excel", r.CSV, body[:min(len(body), 3)])
	}
	if !utf8.Valid(body) {
		t.Errorf("GET %s: the CSV is not valid UTF-8", r.CSV)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: not CSV: %v\n%s", r.CSV, err, body)
	}
	if len(recs) == 0 || !slices.ContainsFunc(recs[0], func(s string) bool { return strings.Contains(s, "หน่วยงาน") }) {
		t.Errorf("GET %s: the header row %q has no Thai column หน่วยงาน", r.CSV, recs[:min(len(recs), 1)])
	}
	if !empty {
		if len(recs)-1 != len(r.Rows) {
			t.Errorf("GET %s: %d data rows; the report's table has %d", r.CSV, len(recs)-1, len(r.Rows))
		}
		if unit := r.Rows[0][1]; !strings.Contains(string(body), unit) {
			t.Errorf("GET %s: the CSV does not name %q, the report's first unit", r.CSV, unit)
		}
	}
	t.Logf("CSV: %d bytes, %d records, header %q", len(body), len(recs), recs[0])
	// Without the session, no report.
	if status, header, _ := fetchWithCookies(t, r.CSV, nil); status == 200 && strings.HasPrefix(header.Get("Content-Type"), "text/csv") {
		t.Errorf("GET %s without a session gave the CSV", r.CSV)
	}
	t.Logf("morning done in %v", time.Since(began).Round(time.Millisecond))
}

// fetchWithCookies GETs the site's path with Go's client and the browser's
// cookies, without following redirects, and returns the status, the
// header and the body.
func fetchWithCookies(t *testing.T, path string, cookies []*network.Cookie) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, site.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header, body
}

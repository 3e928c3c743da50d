package e2e

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsroom/content"
	"newsroom/templates"
)

// Issue 13, the ITA/OIT hub: central PR opens the current fiscal year's hub
// and sees O4 satisfied by this year's news, O20 by a news item tagged
// "No Gift Policy" inside the year and O11 flagged for every month over
// without a procurement summary (สขร.1); once the summaries are there the
// flag clears; the URL list has one URL per code, each answering 200.

// itaRow is an item's row of the admin year page.
type itaRow struct {
	State   string   `json:"state"`
	Reasons []string `json:"reasons"`
	Fix     []string `json:"fix"`
}

func readITARows(t *testing.T, ctx context.Context) map[string]itaRow {
	t.Helper()
	return get(t, ctx, "read the items' status", chromedp.Evaluate[map[string]itaRow](`(() => {
		const out = {};
		for (const tr of document.querySelectorAll("tr[data-code]")) {
			out[tr.dataset.code] = {state: tr.dataset.state,
				reasons: [...tr.querySelectorAll(".ita-reasons li")].map(li => li.textContent.trim()),
				fix: [...tr.querySelectorAll(".ita-reasons a")].map(a => a.getAttribute("href"))};
		}
		return out;
	})()`))
}

// itaDB opens the server's database for the test's set-up.
func itaDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir(t), "newsroom.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestCentralPRChecksITAHub(t *testing.T) {
	now := time.Now()
	fy := content.FiscalYear(now)
	y := strconv.Itoa(fy)
	db := itaDB(t)

	// Set-up: no news carries the No Gift Policy tag yet, and no month of
	// this year has a summary; the newest live news of the year is the one
	// central PR will tag.
	start, end := content.FiscalYearRange(fy)
	var newsID int64
	var headline string
	if err := db.QueryRow(`SELECT id, headline FROM news WHERE status = 'published' AND lang = 'th' AND start_at >= ? AND start_at < ? AND start_at <= ?
		ORDER BY start_at DESC LIMIT 1`, start.UnixMilli(), end.UnixMilli(), now.UnixMilli()).Scan(&newsID, &headline); err != nil {
		t.Fatalf("no live news of FY %d in the demo content: %v", fy, err)
	}
	for _, q := range []string{`DELETE FROM news_tags WHERE tag_id = (SELECT id FROM tags WHERE slug = 'no-gift')`,
		`UPDATE news SET tags_text = trim(replace(' ' || tags_text || ' ', ' no-gift ', ' ')) WHERE ' ' || tags_text || ' ' LIKE '% no-gift %'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`DELETE FROM procurement_months WHERE fy = ?`, fy); err != nil {
		t.Fatal(err)
	}
	var past []int
	for _, m := range content.FiscalMonths {
		if _, mEnd := content.FiscalMonthRange(fy, m); !mEnd.After(now) {
			past = append(past, m)
		}
	}

	ctx := newBrowser(t)
	central := demoLogin(t, "central")
	logInOK(t, ctx, central.ID, central.Password)
	open(t, ctx, "/admin/ita")
	load(t, ctx, "open FY "+y, chromedp.Click(chromedp.CSS(`a[href="/admin/ita/`+y+`"]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin/ita/"+y {
		t.Fatalf("the hub's link leads to %s", p)
	}
	rows := readITARows(t, ctx)
	if len(rows) != 26 {
		t.Errorf("FY %s shows %d items, want the 26 copied from 2569", y, len(rows))
	}
	if r := rows["O4"]; r.State != "ok" {
		t.Errorf("O4 (this year's news): %+v, want ok", r)
	}
	if r := rows["O20"]; r.State == "ok" {
		t.Errorf("O20 with no news tagged No Gift Policy: %+v, want flagged", r)
	}

	// Central PR tags this year's newest news "No Gift Policy" on its form.
	open(t, ctx, "/admin/news/"+strconv.FormatInt(newsID, 10)+"/edit")
	do(t, ctx, "tick No Gift Policy", chromedp.Click(chromedp.CSS(`input[name="tags"][value="no-gift"]`), chromedp.NodeVisible))
	load(t, ctx, "save the news", chromedp.Click(chromedp.CSS(`button[name="action"][value="publish"]`), chromedp.NodeVisible))
	open(t, ctx, "/admin/ita/"+y)
	rows = readITARows(t, ctx)
	if r := rows["O20"]; r.State != "ok" {
		t.Errorf("O20 (news tagged No Gift Policy in the year): %+v, want ok", r)
	}
	o11 := rows["O11"]
	if len(past) == 0 {
		t.Logf("no month of FY %s is over yet: O11 cannot be flagged", y)
	} else {
		if o11.State != "partial" || len(o11.Reasons) != 1 {
			t.Fatalf("O11 with %d months over and no summary: %+v", len(past), o11)
		}
		for _, m := range past {
			if !strings.Contains(o11.Reasons[0], templates.MonthName("th", m)) {
				t.Errorf("O11's reason %q does not name %s", o11.Reasons[0], templates.MonthName("th", m))
			}
		}
		for _, href := range o11.Fix {
			if href != "/admin/procurement/months/"+y {
				t.Errorf("O11's fix link %s, want the procurement months of %s", href, y)
			}
		}
	}
	// The item's public page lists the tagged news.
	open(t, ctx, "/ita/"+y+"/O20")
	if got := text(t, ctx, "ul.ita-evidence"); !strings.Contains(got, headline) {
		t.Errorf("/ita/%s/O20 lists %q, want the tagged news %q", y, got, headline)
	}

	// O11's fix link leads to the procurement months, where each month
	// over is published: its สขร.1, or "no procurement this month".
	if len(past) > 0 {
		open(t, ctx, "/admin/ita/"+y)
		load(t, ctx, "follow O11's fix link", chromedp.Click(chromedp.CSS(`tr[data-code="O11"] .ita-reasons a`), chromedp.NodeVisible))
		for i := 0; exists(t, ctx, "tr.flag"); i++ {
			if i > len(past) {
				t.Fatalf("months stay flagged after %d publications", i)
			}
			load(t, ctx, "publish a flagged month", chromedp.Click(chromedp.CSS(`tr.flag form button`), chromedp.NodeVisible))
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM procurement_months WHERE fy = ?`, fy).Scan(&n); err != nil || n != len(past) {
			t.Errorf("%d months published (%v), want %d", n, err, len(past))
		}
	}
	open(t, ctx, "/admin/ita/"+y)
	if r := readITARows(t, ctx)["O11"]; r.State != "ok" || len(r.Reasons) != 0 {
		t.Errorf("O11 after the summaries: %+v, want ok", r)
	}

	// The URL list: the page to copy from and the CSV agree, one URL per
	// code, and each answers 200 to a visitor.
	open(t, ctx, "/admin/ita/"+y+"/urls")
	listed := get(t, ctx, "read the URL table", chromedp.Evaluate[[][]string](`[...document.querySelectorAll("#ita-url-table tbody tr")].map(tr =>
		[tr.querySelector("th").textContent.trim(), tr.querySelector("a").getAttribute("href")])`))
	csvText := get(t, ctx, "download the CSV", chromedp.Evaluate[string](`fetch("/admin/ita/`+y+`/urls.csv", {credentials: "same-origin"})
		.then(r => r.arrayBuffer()).then(b => new TextDecoder("utf-8", {ignoreBOM: true}).decode(b))`,
		chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(csvText, "\ufeff") {
		t.Errorf("the CSV has no BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff"))).ReadAll()
	if err != nil || len(recs) != len(listed)+1 || len(listed) != len(rows) {
		t.Fatalf("CSV of %d rows (%v), page of %d URLs, %d items", len(recs), err, len(listed), len(rows))
	}
	seen := map[string]bool{}
	for i, r := range recs[1:] {
		code, link := r[0], r[2]
		if seen[code] || listed[i][0] != code || listed[i][1] != link {
			t.Errorf("row %d: CSV %s %s, page %v", i, code, link, listed[i])
		}
		seen[code] = true
		if want := site.URL + "/ita/" + y + "/" + code; link != want {
			t.Errorf("%s: %s, want %s", code, link, want)
		}
		res, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s answered %d", link, res.StatusCode)
		}
	}
}

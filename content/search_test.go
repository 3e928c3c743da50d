package content

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

var searchNow = time.Date(2025, 6, 12, 10, 0, 0, 0, newsroom.Bangkok)

const day = 24 * time.Hour

// searchFixture adds items for the search tests.
type searchFixture struct {
	*fixture
	t *testing.T
}

func newSearchFixture(t *testing.T) searchFixture {
	return searchFixture{fixture: newFixture(t), t: t}
}

func (sf searchFixture) meta(lang Lang, start time.Time, publish bool) MetaInput {
	return MetaInput{Lang: lang, Sort: 1, Start: start, End: start.Add(30 * day), UnitID: sf.unitA, Publish: publish}
}

func (sf searchFixture) news(lang Lang, start time.Time, headline, body string, publish bool) int64 {
	sf.t.Helper()
	in := validNews(sf.unitA, start)
	in.MetaInput = sf.meta(lang, start, publish)
	in.Headline, in.Body = headline, "<p>"+body+"</p>"
	n, err := sf.store.CreateNews(context.Background(), in, Author{Name: "t"}, searchNow)
	if err != nil {
		sf.t.Fatal(err)
	}
	return n.ID
}

func (sf searchFixture) notice(lang Lang, start time.Time, headline, summary string) int64 {
	sf.t.Helper()
	id, err := sf.store.SaveNotice(context.Background(), Notice{}, NoticeInput{MetaInput: sf.meta(lang, start, true),
		Category: roles.Scholarship, Headline: headline, Summary: summary, LinkURL: "https://www.npu.ac.th/x", NewDays: 1},
		Author{Name: "t"}, searchNow)
	if err != nil {
		sf.t.Fatal(err)
	}
	return id
}

func (sf searchFixture) video(lang Lang, start time.Time, title, desc string) int64 {
	sf.t.Helper()
	id, err := sf.store.SaveVideo(context.Background(), Video{}, VideoInput{MetaInput: sf.meta(lang, start, true),
		Programme: NPUTalks, Title: title, Link: "https://youtu.be/dQw4w9WgXcQ", Description: desc}, Author{Name: "t"}, searchNow)
	if err != nil {
		sf.t.Fatal(err)
	}
	return id
}

// titles searches and returns the hits' titles and the total.
func (sf searchFixture) titles(q string, lang Lang, limit, offset int) ([]string, int) {
	sf.t.Helper()
	hits, total, err := sf.store.Search(context.Background(), q, lang, searchNow, limit, offset)
	if err != nil {
		sf.t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out, total
}

func TestSearch(t *testing.T) {
	sf := newSearchFixture(t)
	now := searchNow
	sf.news(Thai, now.Add(-3*day), "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา", "รายละเอียดการสมัครรับทุน", true)
	sf.news(Thai, now.Add(-4*day), "คณะวิทยาศาสตร์จัดกิจกรรม", "นักศึกษาที่ได้รับทุนการศึกษาประจำปีร่วมกิจกรรมปลูกต้นไม้ริมแม่น้ำโขง", true)
	sf.notice(Thai, now.Add(-1*day), "ประกาศรับสมัครงาน", "ตำแหน่งนักวิชาการ พร้อมทุนการศึกษาต่อ")
	sf.video(Thai, now.Add(-5*day), "NPU Talks ตอนที่ 5", "สัมภาษณ์ผู้ได้รับทุนการศึกษาจากต่างประเทศ")
	sf.news(Thai, now.Add(-400*day), "ข่าวเก่าทุนการศึกษาปีที่แล้ว", "หมดเขตแล้ว", true) // expired: still found
	sf.news(Thai, now.Add(-2*day), "ร่างข่าวทุนการศึกษาลับ", "ยังไม่เผยแพร่", false)     // draft
	sf.news(Thai, now.Add(day), "ข่าวล่วงหน้าทุนการศึกษาอนาคต", "ยังไม่ถึงเวลา", true)   // scheduled
	trashed := sf.news(Thai, now.Add(-2*day), "ข่าวถูกลบทุนการศึกษา", "ในถังขยะ", true)
	sf.news(English, now.Add(-2*day), "University Opens Scholarship Applications", "Students may apply for the Mekong scholarship until June.", true)
	sf.news(English, now.Add(-6*day), "Robotics club wins award", "The ROBOTICS team of the Faculty of Engineering won gold.", true)
	sf.news(English, now.Add(-7*day), "AI lab opens", "A new laboratory for machine learning.", true)
	sf.news(Thai, now.Add(-8*day), "ข่าวสัตว์น้ำ abcx", "พบปลา ybcd ในแม่น้ำ", true) // "abcd" is in neither place
	if _, err := sf.db.W.Exec(`UPDATE news SET status = 'trashed' WHERE id = ?`, trashed); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		q     string
		lang  Lang
		want  []string
		total int
	}{
		{"Thai word inside sentences, newest first, expired included", "ทุนการศึกษา", Thai,
			[]string{"ประกาศรับสมัครงาน", "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา", "คณะวิทยาศาสตร์จัดกิจกรรม", "NPU Talks ตอนที่ 5", "ข่าวเก่าทุนการศึกษาปีที่แล้ว"}, 5},
		{"Thai word not present", "ไดโนเสาร์", Thai, nil, 0},
		{"Thai word of four code points", "ต้นไม้", Thai, []string{"คณะวิทยาศาสตร์จัดกิจกรรม"}, 1},
		{"English ignores case", "SCHOLARSHIP", English, []string{"University Opens Scholarship Applications"}, 1},
		{"English inside a word", "botic", English, []string{"Robotics club wins award"}, 1},
		{"English item not in Thai", "scholarship", Thai, nil, 0},
		{"Thai item not in English", "ทุนการศึกษา", English, nil, 0},
		{"all words must match", "ทุนการศึกษา สมัคร", Thai, []string{"ประกาศรับสมัครงาน", "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา"}, 2},
		{"words in any order and punctuation", `"สมัคร"—ทุนการศึกษา!`, Thai, []string{"ประกาศรับสมัครงาน", "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา"}, 2},
		{"one word missing", "ทุนการศึกษา ไดโนเสาร์", Thai, nil, 0},
		{"notice by summary", "นักวิชาการ", Thai, []string{"ประกาศรับสมัครงาน"}, 1},
		{"video by description", "สัมภาษณ์", Thai, []string{"NPU Talks ตอนที่ 5"}, 1},
		{"two letters: titles only", "ปี", Thai, []string{"ข่าวเก่าทุนการศึกษาปีที่แล้ว"}, 1},
		{"two letters English", "ai", English, []string{"AI lab opens"}, 1},
		{"two letters not in a title", "ng", English, nil, 0},
		{"pieces in two places are no match", "abcd", Thai, nil, 0},
		{"empty", " -- ", Thai, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sf := sf
			sf.t = t
			got, total := sf.titles(tc.q, tc.lang, 20, 0)
			if !slices.Equal(got, tc.want) || total != tc.total {
				t.Fatalf("Search(%q) = %q, %d; want %q, %d", tc.q, got, total, tc.want, tc.total)
			}
		})
	}
	for _, q := range []string{"ลับ", "อนาคต", "ถังขยะ", "ร่างข่าว", "ข่าวล่วงหน้า", "ข่าวถูกลบ"} {
		if got, _ := sf.titles(q, Thai, 20, 0); got != nil {
			t.Errorf("hidden item found by %q: %q", q, got)
		}
	}

	t.Run("pages", func(t *testing.T) {
		sf := sf
		sf.t = t
		all, _ := sf.titles("ทุนการศึกษา", Thai, 20, 0)
		for _, tc := range []struct{ limit, offset, n int }{{2, 0, 2}, {2, 2, 2}, {2, 4, 1}, {2, 10, 0}, {3, 3, 2}} {
			got, total := sf.titles("ทุนการศึกษา", Thai, tc.limit, tc.offset)
			if len(got) != tc.n || total != 5 || (tc.n > 0 && !slices.Equal(got, all[tc.offset:tc.offset+tc.n])) {
				t.Errorf("limit %d offset %d: %q, %d", tc.limit, tc.offset, got, total)
			}
		}
	})

	t.Run("hit fields", func(t *testing.T) {
		hits, _, err := sf.store.Search(context.Background(), "ทุนการศึกษา", Thai, now, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]SearchHit{}
		for _, h := range hits {
			byTitle[h.Title] = h
		}
		if h := byTitle["มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา"]; h.Snippet != "" || h.Kind != "news" || h.Category != "activity" || !h.When.Equal(now.Add(-3*day)) {
			t.Errorf("title-only hit: %+v", h)
		}
		if h := byTitle["คณะวิทยาศาสตร์จัดกิจกรรม"]; !strings.Contains(h.Snippet, "ทุนการศึกษา") {
			t.Errorf("body hit snippet %q", h.Snippet)
		}
		if h := byTitle["ประกาศรับสมัครงาน"]; h.Kind != "notice" || h.Category != "scholarship" || h.ID == 0 {
			t.Errorf("notice hit %+v", h)
		}
		if h := byTitle["NPU Talks ตอนที่ 5"]; h.Kind != "video" || h.Category != "npu-talks" {
			t.Errorf("video hit %+v", h)
		}
	})

	t.Run("status changed by other code", func(t *testing.T) {
		sf := sf
		sf.t = t
		for _, st := range []string{"takendown", "published"} {
			if _, err := sf.db.W.Exec(`UPDATE videos SET status = ?`, st); err != nil {
				t.Fatal(err)
			}
			got, _ := sf.titles("สัมภาษณ์", Thai, 20, 0)
			if (st == "published") != (len(got) == 1) {
				t.Errorf("video %s: %q", st, got)
			}
		}
	})
}

func TestSearchFollowsEdits(t *testing.T) {
	sf := newSearchFixture(t)
	ctx := context.Background()
	id := sf.news(Thai, searchNow.Add(-day), "ข่าวเรื่องแมวน้ำ", "เนื้อหา", true)
	nid := sf.notice(Thai, searchNow.Add(-day), "ประกาศเรื่องนกกระจอก", "สรุป")
	find := func(q string) int { _, n := sf.titles(q, Thai, 20, 0); return n }
	if find("แมวน้ำ") != 1 || find("นกกระจอก") != 1 {
		t.Fatal("new items not found")
	}

	in := validNews(sf.unitA, searchNow.Add(-day))
	in.MetaInput = sf.meta(Thai, searchNow.Add(-day), true)
	in.Headline, in.Body = "ข่าวเรื่องนกยูง", "<p>เนื้อหา</p>"
	if err := sf.store.UpdateNews(ctx, id, in, searchNow); err != nil {
		t.Fatal(err)
	}
	if find("นกยูง") != 1 || find("แมวน้ำ") != 0 {
		t.Errorf("after edit: new word %d, old word %d", find("นกยูง"), find("แมวน้ำ"))
	}
	// A save that keeps the text (here: a new end date) writes no new document.
	in.End = searchNow.Add(60 * day)
	if err := sf.store.UpdateNews(ctx, id, in, searchNow); err != nil {
		t.Fatal(err)
	}
	var docs, dead int
	sf.db.R.QueryRow(`SELECT count(*), count(*) FILTER (WHERE status = 'dead') FROM search_docs`).Scan(&docs, &dead)
	wantDocs, wantDead := 3, 1 // FTS4 keeps the replaced document, dead
	if sf.db.IsPostgres() {
		wantDocs, wantDead = 2, 0 // pg_trgm: one row per item
	}
	if docs != wantDocs || dead != wantDead || find("นกยูง") != 1 {
		t.Errorf("after a date-only edit: %d docs, %d dead, found %d", docs, dead, find("นกยูง"))
	}
	// A new start moves the item in the index's order.
	in.Start = searchNow.Add(-10 * day)
	if err := sf.store.UpdateNews(ctx, id, in, searchNow); err != nil {
		t.Fatal(err)
	}
	if hits, _, _ := sf.store.Search(ctx, "นกยูง", Thai, searchNow, 20, 0); len(hits) != 1 || !hits[0].When.Equal(in.Start) {
		t.Errorf("after a new start: %+v", hits)
	}

	if err := sf.store.DeleteNews(ctx, id); err != nil {
		t.Fatal(err)
	}
	n, err := sf.store.Notice(ctx, nid)
	if err != nil {
		t.Fatal(err)
	}
	if err := sf.store.DeleteNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	if find("นกยูง") != 0 || find("นกกระจอก") != 0 {
		t.Error("deleted items still found")
	}
}

func TestSearchIndexRebuild(t *testing.T) {
	sf := newSearchFixture(t)
	ctx := context.Background()
	sf.news(Thai, searchNow.Add(-day), "ข่าวเรื่องแมวน้ำ", "เนื้อหา", true)
	if n, err := sf.store.EnsureSearchIndex(ctx); err != nil || n != 0 {
		t.Fatalf("EnsureSearchIndex on a current index = %d, %v", n, err)
	}
	// A row written by a script, around the save paths.
	if _, err := sf.db.W.Exec(`INSERT INTO notices (category, headline, summary, link_url, lang, start_at, end_at, unit_id, created_at, updated_at)
		VALUES ('jobs', 'รับสมัครพนักงานขับรถ', '', 'https://www.npu.ac.th/', 'th', ?, ?, ?, 0, 0)`,
		ms(searchNow.Add(-day)), ms(searchNow.Add(day)), sf.unitA); err != nil {
		t.Fatal(err)
	}
	if _, n := sf.titles("พนักงานขับรถ", Thai, 20, 0); n != 0 {
		t.Fatal("unindexed row found")
	}
	if n, err := sf.store.EnsureSearchIndex(ctx); err != nil || n != 2 {
		t.Fatalf("EnsureSearchIndex = %d, %v; want 2", n, err)
	}
	for _, q := range []string{"พนักงานขับรถ", "แมวน้ำ"} {
		if _, n := sf.titles(q, Thai, 20, 0); n != 1 {
			t.Errorf("%q after rebuild: %d", q, n)
		}
	}

	// Banners are not searched.
	err := sf.db.Tx(ctx, func(tx *sql.Tx) error { return sf.store.indexRow(ctx, tx, "banners", 1) })
	if err != nil {
		t.Error(err)
	}
}

package content

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

// itaNow is in FY 2570, its third month: October and November are over.
var itaNow = time.Date(2026, time.December, 4, 12, 0, 0, 0, newsroom.Bangkok)

type itaFixture struct {
	*fixture
	ctx context.Context
	by  Author
}

func newITAFixture(t *testing.T) *itaFixture {
	t.Helper()
	f := &itaFixture{fixture: newFixture(t), ctx: context.Background(), by: Author{Name: "central"}}
	if err := f.store.EnsureDefaults(f.ctx, itaNow); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *itaFixture) news(t *testing.T, start time.Time, publish bool, tags ...string) int64 {
	t.Helper()
	in := validNews(f.unitA, start)
	in.Publish = publish
	n, err := f.store.CreateNews(f.ctx, in, f.by, start)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range tags {
		if _, err := f.db.W.Exec(`INSERT INTO news_tags (news_id, tag_id) SELECT ?, id FROM tags WHERE slug = ?`, n.ID, tag); err != nil {
			t.Fatal(err)
		}
	}
	return n.ID
}

func (f *itaFixture) notice(t *testing.T, start time.Time) int64 {
	t.Helper()
	id, err := f.store.SaveNotice(f.ctx, Notice{}, NoticeInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: start, End: DefaultEnd(start, 30),
		UnitID: f.unitA, Publish: true}, Category: roles.Announcement, Headline: "ประกาศ", LinkURL: "https://example.org/a.pdf"}, f.by, start)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *itaFixture) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := f.db.W.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func (f *itaFixture) item(t *testing.T, fy int, code string) ITAItem {
	t.Helper()
	it, err := f.store.PublicITAItem(f.ctx, fy, code, itaNow)
	if err != nil {
		t.Fatalf("item %d/%s: %v", fy, code, err)
	}
	return it
}

func TestITADefaults(t *testing.T) {
	f := newITAFixture(t)
	years, err := f.store.ITAYears(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 2 || years[0].FY != 2570 || years[0].CopiedFrom != 2569 || years[1].FY != 2569 {
		t.Fatalf("years %+v, want 2570 (copied from 2569) and 2569", years)
	}
	for _, y := range years {
		if y.Items != 26 {
			t.Errorf("FY %d has %d items, want 26", y.FY, y.Items)
		}
	}
	// Spans, evidence and publication come along.
	for _, tc := range []struct {
		code, span string
		sources    []string
	}{
		{"O1", SpanCurrent, []string{EvPage, EvPage}},
		{"O3", SpanCurrent, []string{EvPage, EvQA}},
		{"O4", SpanCurrent, []string{EvNewsAll}},
		{"O11", SpanCurrent, []string{EvProcurementMonths}},
		{"O12", SpanPrevious, []string{EvProcurementYear}},
		{"O20", SpanCurrent, []string{EvNewsTag}},
		{"O22", SpanFirstHalf, nil},
		{"O8", SpanCurrent, nil},
	} {
		it := f.item(t, 2570, tc.code)
		var got []string
		for _, e := range it.Evidence {
			got = append(got, e.Source)
		}
		if it.Span != tc.span || len(got) != len(tc.sources) || !it.CodeLocked() || it.Status != Published {
			t.Errorf("%s: span %s evidence %v published %v, want %s %v published", tc.code, it.Span, got, it.PublishedAt, tc.span, tc.sources)
		}
		for i := range got {
			if got[i] != tc.sources[i] {
				t.Errorf("%s evidence %d: %s, want %s", tc.code, i, got[i], tc.sources[i])
			}
		}
	}
	// Idempotent: a second start adds nothing, even after an item went.
	if err := f.store.Trash(f.ctx, ITAKind, f.item(t, 2570, "O26").ID, itaNow); err != nil {
		t.Fatal(err)
	}
	if err := f.store.EnsureDefaults(f.ctx, itaNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if years, _ := f.store.ITAYears(f.ctx); len(years) != 2 || years[0].Items != 25 {
		t.Errorf("after a second start: %+v", years)
	}
	// On 1 October the next year opens by itself, as a copy.
	if opened, err := f.store.EnsureITAYear(f.ctx, time.Date(2027, time.October, 1, 0, 0, 1, 0, newsroom.Bangkok)); err != nil || !opened {
		t.Fatalf("1 Oct 2027: opened %v, %v", opened, err)
	}
	items, err := f.store.ITAItems(f.ctx, 2571, true, false)
	if err != nil || len(items) != 25 {
		t.Fatalf("FY 2571: %d items, %v", len(items), err)
	}
}

func TestITAYearCopy(t *testing.T) {
	f := newITAFixture(t)
	o1 := f.item(t, 2570, "O1")
	// A draft of 2570 stays a draft; its code is not fixed in the copy.
	f.exec(t, `UPDATE ita_items SET status = 'draft', published_at = 0 WHERE id = ?`, f.item(t, 2570, "O2").ID)
	later := itaNow.Add(48 * time.Hour)
	if err := f.store.OpenITAYear(f.ctx, 2571, 2570, f.by, later); err != nil {
		t.Fatal(err)
	}
	items, err := f.store.ITAItems(f.ctx, 2571, false, false)
	if err != nil || len(items) != 26 {
		t.Fatalf("copy: %d items, %v", len(items), err)
	}
	for _, it := range items {
		switch it.Code {
		case "O1":
			if len(it.Evidence) != len(o1.Evidence) || it.Evidence[0].Ref != o1.Evidence[0].Ref || it.ID == o1.ID {
				t.Errorf("O1 copied with evidence %+v, want %+v", it.Evidence, o1.Evidence)
			}
			if !it.PublishedAt.Equal(later) {
				t.Errorf("O1 copy published at %v, want the copy's time %v (not the old one)", it.PublishedAt, later)
			}
		case "O2":
			if it.Status != Draft || it.CodeLocked() {
				t.Errorf("O2 copy: %s locked %v, want a draft, code free", it.Status, it.CodeLocked())
			}
		}
	}
	if err := f.store.OpenITAYear(f.ctx, 2571, 2570, f.by, later); !errors.Is(err, ErrConflict) {
		t.Errorf("opening 2571 again: %v, want conflict", err)
	}
	var fe newsroom.FieldErrors
	if err := f.store.OpenITAYear(f.ctx, 2572, 2590, f.by, later); !errors.As(err, &fe) || fe["from"] == "" {
		t.Errorf("copying a year never opened: %v", err)
	}
	if err := f.store.OpenITAYear(f.ctx, 2572, 0, f.by, later); err != nil {
		t.Errorf("an empty year: %v", err)
	}
}

func TestITACheck(t *testing.T) {
	f := newITAFixture(t)
	inside := time.Date(2026, time.November, 10, 9, 0, 0, 0, newsroom.Bangkok) // FY 2570
	before := time.Date(2026, time.May, 10, 9, 0, 0, 0, newsroom.Bangkok)      // FY 2569
	newsIn := f.news(t, inside, true, "no-gift")
	newsOut := f.news(t, before, true, "ethics")
	draft := f.news(t, inside, false, "participation")
	noticeIn, noticeOut := f.notice(t, inside), f.notice(t, before)
	// 'about' is one of the default pages every installation has (content/pages.go).
	f.exec(t, `INSERT INTO pages (slug, title, status, start_at, end_at, unit_id, created_at, updated_at) VALUES ('hidden', 'ร่าง', 'draft', 0, 0, ?, 0, 0)`, f.unitA)

	item := func(span, nothing string, ev ...ITAEvidence) ITAItem {
		return ITAItem{FY: 2570, Code: "T", Span: span, NothingTH: nothing, Evidence: ev}
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, tc := range []struct {
		name    string
		it      ITAItem
		state   string
		reasons int
		links   int
		nothing bool
	}{
		{"tag with news inside the span", item(SpanCurrent, "", ev(EvNewsTag, "no-gift")), ITAOK, 0, 1, false},
		{"tag with news only outside the span", item(SpanCurrent, "", ev(EvNewsTag, "ethics")), ITAMissing, 1, 0, false},
		{"the same tag in the previous year's span", item(SpanPrevious, "", ev(EvNewsTag, "ethics")), ITAOK, 0, 1, false},
		{"tag of a draft only", item(SpanCurrent, "", ev(EvNewsTag, "participation")), ITAMissing, 1, 0, false},
		{"unknown tag", item(SpanCurrent, "", ev(EvNewsTag, "nope")), ITAMissing, 1, 0, false},
		{"news inside", item(SpanCurrent, "", ev(EvNews, id(newsIn))), ITAOK, 0, 1, false},
		{"news outside", item(SpanCurrent, "", ev(EvNews, id(newsOut))), ITAOutside, 1, 1, false},
		{"news not published", item(SpanCurrent, "", ev(EvNews, id(draft))), ITAMissing, 1, 0, false},
		{"notice inside", item(SpanCurrent, "", ev(EvNotice, id(noticeIn))), ITAOK, 0, 1, false},
		{"notice outside the window", item(SpanCurrent, "", ev(EvNotice, id(noticeOut))), ITAOutside, 1, 1, false},
		{"notice inside the first half", item(SpanFirstHalf, "", ev(EvNotice, id(noticeIn))), ITAOK, 0, 1, false},
		{"notice missing", item(SpanCurrent, "", ev(EvNotice, "999999")), ITAMissing, 1, 0, false},
		{"every news of the year", item(SpanCurrent, "", ev(EvNewsAll, "")), ITAOK, 0, 1, false},
		{"every news of the first half of 2571", ITAItem{FY: 2571, Span: SpanFirstHalf, Evidence: []ITAEvidence{ev(EvNewsAll, "")}}, ITAMissing, 1, 0, false},
		{"procurement months: Oct and Nov missing", item(SpanCurrent, "", ev(EvProcurementMonths, "")), ITAPartial, 1, 1, false},
		{"procurement year 2569: 12 months missing", item(SpanPrevious, "", ev(EvProcurementYear, "")), ITAPartial, 1, 1, false},
		{"page published", item(SpanCurrent, "", ev(EvPage, "about")), ITAOK, 0, 1, false},
		{"page draft", item(SpanCurrent, "", ev(EvPage, "hidden")), ITAMissing, 1, 0, false},
		{"Q&A with nothing published", item(SpanCurrent, "", ev(EvQA, "")), ITAMissing, 1, 0, false},
		{"external link", item(SpanCurrent, "", ITAEvidence{Source: EvURL, URL: "https://example.org/x"}), ITAOK, 0, 1, false},
		{"no evidence", item(SpanCurrent, ""), ITAMissing, 1, 0, false},
		{"nothing to report", item(SpanCurrent, "ไม่มีเรื่องร้องเรียน"), ITAOK, 0, 0, true},
		{"nothing to report, the tag found none", item(SpanCurrent, "ไม่มี", ev(EvNewsTag, "ethics")), ITAOK, 0, 0, true},
		{"one good, one missing", item(SpanCurrent, "", ev(EvPage, "about"), ev(EvQA, "")), ITAMissing, 1, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chk, err := f.store.CheckITA(f.ctx, tc.it, "th", itaNow)
			if err != nil {
				t.Fatal(err)
			}
			if chk.State != tc.state || len(chk.Reasons) != tc.reasons || len(chk.Links) != tc.links || chk.Nothing != tc.nothing {
				t.Errorf("state %s, %d reasons %+v, %d links, nothing %v; want %s, %d, %d, %v",
					chk.State, len(chk.Reasons), chk.Reasons, len(chk.Links), chk.Nothing, tc.state, tc.reasons, tc.links, tc.nothing)
			}
		})
	}

	// The months' flags clear as summaries are published; a month not over
	// yet (December) is never flagged.
	o11 := f.item(t, 2570, "O11")
	check := func() ITACheck {
		chk, err := f.store.CheckITA(f.ctx, o11, "th", itaNow)
		if err != nil {
			t.Fatal(err)
		}
		return chk
	}
	months := func(chk ITACheck) []MonthYear {
		if len(chk.Reasons) != 1 {
			return nil
		}
		return chk.Reasons[0].MonthsIn("th")
	}
	if chk := check(); chk.State != ITAPartial || len(months(chk)) != 2 || months(chk)[0] != (MonthYear{10, 2569}) || months(chk)[1] != (MonthYear{11, 2569}) {
		t.Fatalf("O11 before: %+v", chk)
	}
	if chk, _ := f.store.CheckITA(f.ctx, item(SpanPrevious, "", ev(EvProcurementYear, "")), "en", itaNow); len(chk.Reasons) != 1 ||
		len(chk.Reasons[0].Months) != 12 || chk.Reasons[0].MonthsIn("en")[0] != (MonthYear{10, 2025}) {
		t.Fatalf("the 2569 roll-up: %+v", chk)
	}
	f.exec(t, `INSERT INTO procurement_months (fy, month, state, published_at) VALUES (2570, 10, 'published', 0)`)
	if chk := check(); chk.State != ITAPartial || len(months(chk)) != 1 || months(chk)[0].Month != 11 || chk.Reasons[0].Fix != "/admin/procurement/months/2570" {
		t.Fatalf("O11 with October: %+v", chk)
	}
	f.exec(t, `INSERT INTO procurement_months (fy, month, state, published_at) VALUES (2570, 11, 'none', 0)`)
	if chk := check(); chk.State != ITAOK || len(chk.Reasons) != 0 || chk.Links[0].URL != "/procurement/2570" {
		t.Fatalf("O11 with October and November: %+v", chk)
	}
	// Q&A: one published answer is enough.
	f.exec(t, `INSERT INTO questions (question, asked_at, consent_at, start_at, end_at, status, unit_id, created_at, updated_at)
		VALUES ('ถาม', 0, 0, 0, 0, 'published', ?, 0, 0)`, f.unitA)
	if chk, _ := f.store.CheckITA(f.ctx, item(SpanCurrent, "", ev(EvQA, "")), "en", itaNow); chk.State != ITAOK || chk.Links[0].URL != "/en/qa" {
		t.Errorf("Q&A with an answer: %+v", chk)
	}
	// The news of O4's year, linked as that year's news list.
	chk, _ := f.store.CheckITA(f.ctx, f.item(t, 2570, "O4"), "th", itaNow)
	if chk.State != ITAOK || chk.Links[0].URL != "/news?fy=2570" {
		t.Errorf("O4: %+v", chk)
	}
}

func itaInput(f *itaFixture, code string, publish bool, evs ...ITAEvidence) ITAItemInput {
	return ITAItemInput{MetaInput: MetaInput{Sort: 30, UnitID: f.unitA, Publish: publish}, FY: 2570, Code: code,
		TitleTH: "รายการทดสอบ", Span: SpanCurrent, Evidence: evs}
}

func TestITACodeFixedOncePublished(t *testing.T) {
	f := newITAFixture(t)
	id, err := f.store.SaveITAItem(f.ctx, ITAItem{}, itaInput(f, "X1", false), f.by, itaNow)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := f.store.ITAItem(f.ctx, id)
	if it.CodeLocked() {
		t.Fatal("a draft's code is locked")
	}
	// A draft may be renamed.
	if _, err := f.store.SaveITAItem(f.ctx, it, itaInput(f, "X2", true), f.by, itaNow); err != nil {
		t.Fatal(err)
	}
	it, _ = f.store.ITAItem(f.ctx, id)
	if it.Code != "X2" || !it.PublishedAt.Equal(itaNow) {
		t.Fatalf("after publishing: code %s published %v", it.Code, it.PublishedAt)
	}
	for _, tc := range []struct {
		name, code, field, key string
	}{
		{"renamed after publication", "X3", "code", "err.ita_code_locked"},
		{"not a URL segment", "X 3", "code", "err.ita_code"},
		{"another item's code", "O1", "code", "err.ita_code_locked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.store.SaveITAItem(f.ctx, it, itaInput(f, tc.code, true), f.by, itaNow.Add(time.Hour))
			var fe newsroom.FieldErrors
			if !errors.As(err, &fe) || fe[tc.field] != tc.key {
				t.Errorf("%v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
	// A new item cannot take a code of the year.
	var fe newsroom.FieldErrors
	if _, err := f.store.SaveITAItem(f.ctx, ITAItem{}, itaInput(f, "O1", true), f.by, itaNow); !errors.As(err, &fe) || fe["code"] != "err.ita_code_taken" {
		t.Errorf("a second O1: %v", err)
	}
	// Unpublishing and publishing again keeps the first publication.
	if _, err := f.store.SaveITAItem(f.ctx, it, itaInput(f, "X2", false), f.by, itaNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	it, _ = f.store.ITAItem(f.ctx, id)
	if !it.PublishedAt.Equal(itaNow) {
		t.Errorf("published_at moved to %v", it.PublishedAt)
	}
}

func TestITAEvidenceValidationAndRevisions(t *testing.T) {
	f := newITAFixture(t)
	bad := []struct {
		ev    ITAEvidence
		field string
	}{
		{ITAEvidence{Source: EvURL, URL: "javascript:alert(1)"}, "ev_url_0"},
		{ITAEvidence{Source: EvURL}, "ev_url_0"},
		{ITAEvidence{Source: EvNotice, Ref: "x"}, "ev_ref_0"},
		{ITAEvidence{Source: EvPage, Ref: "../x"}, "ev_ref_0"},
		{ITAEvidence{Source: "file"}, "ev_source_0"},
	}
	for _, b := range bad {
		var fe newsroom.FieldErrors
		if _, err := f.store.SaveITAItem(f.ctx, ITAItem{}, itaInput(f, "V1", true, b.ev), f.by, itaNow); !errors.As(err, &fe) || fe[b.field] == "" {
			t.Errorf("%+v: %v, want an error on %s", b.ev, err, b.field)
		}
	}
	// Revisions carry the evidence: restoring the first brings its rows back.
	id, err := f.store.SaveITAItem(f.ctx, ITAItem{}, itaInput(f, "V1", true, ev(EvPage, "about"), ITAEvidence{Source: EvURL, URL: "https://example.org/a"}), f.by, itaNow)
	if err != nil {
		t.Fatal(err)
	}
	it, _ := f.store.ITAItem(f.ctx, id)
	if _, err := f.store.SaveITAItem(f.ctx, it, itaInput(f, "V1", true, ev(EvQA, "")), f.by, itaNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if it, _ = f.store.ITAItem(f.ctx, id); len(it.Evidence) != 1 || it.Evidence[0].Source != EvQA {
		t.Fatalf("after the second save: %+v", it.Evidence)
	}
	revs, err := f.store.Revisions(f.ctx, ITAKind, strconv.FormatInt(id, 10))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %d, %v", len(revs), err)
	}
	first := revs[len(revs)-1]
	if first.ID > revs[0].ID {
		first = revs[0]
	}
	if _, err := f.store.RestoreRevision(f.ctx, ITAKind, id, first.ID, MetaInput{By: f.by}, itaNow.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	it, _ = f.store.ITAItem(f.ctx, id)
	if len(it.Evidence) != 2 || it.Evidence[0].Ref != "about" || it.Evidence[1].URL != "https://example.org/a" {
		t.Errorf("restored evidence: %+v", it.Evidence)
	}
}

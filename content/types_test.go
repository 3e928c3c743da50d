package content

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

func meta(unit int64, now time.Time) MetaInput {
	return MetaInput{Lang: Thai, Sort: 1, Start: now, End: DefaultEnd(now, VideoDays), UnitID: unit, Publish: true}
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	var fe newsroom.FieldErrors
	if field == "" {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if !errors.As(err, &fe) || fe[field] != key {
		t.Fatalf("got %v, want %s=%s", err, field, key)
	}
}

func TestVideoValidation(t *testing.T) {
	now := time.Now()
	tests := []struct {
		link, field, key string
	}{
		{"https://youtu.be/dQw4w9WgXcQ?si=abcdef", "", ""},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "", ""},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ", "", ""},
		{"https://music.youtube.com/watch?v=dQw4w9WgXcQ&list=RDxx", "", ""},
		{"https://www.youtube.com/live/dQw4w9WgXcQ?feature=share", "", ""},
		{"https://vimeo.com/123456789", "link", "err.youtube"},
		{"https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "link", "err.youtube"},
		{"https://www.youtube.com/playlist?list=PL1234567890", "link", "err.youtube"},
		{"https://youtu.be/dQw4w9WgXc", "link", "err.youtube"},
		{"https://youtu.be/dQw4w9WgXcQQ", "link", "err.youtube"},
		{"javascript:alert('dQw4w9WgXcQ')", "link", "err.youtube"},
		{"", "link", "err.required"},
	}
	for _, tc := range tests {
		t.Run(tc.link, func(t *testing.T) {
			in := VideoInput{MetaInput: meta(1, now), Programme: ThreeMinutes, Title: "3 นาทีกับ มนพ.", Link: tc.link}
			err := in.Validate()
			wantField(t, err, tc.field, tc.key)
			if err == nil && in.youtubeID != "dQw4w9WgXcQ" {
				t.Fatalf("id %q", in.youtubeID)
			}
		})
	}
}

func TestVideoStoreKeepsOnlyTheID(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := VideoInput{MetaInput: meta(f.unitA, now), Programme: NPUNews, Title: "ข่าว มนพ.", Link: "youtu.be/dQw4w9WgXcQ?si=x"}
	id, err := f.store.SaveVideo(ctx, Video{}, in, Author{Name: "ชัย"}, now)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := f.store.Video(ctx, id)
	if v.YouTubeID != "dQw4w9WgXcQ" || v.EmbedURL() != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" {
		t.Fatalf("video %+v", v)
	}
	live, total, err := f.store.LiveVideos(ctx, Thai, NPUNews, now.Add(time.Minute), 10, 0)
	if err != nil || total != 1 || live[0].ID != v.ID {
		t.Fatalf("live videos %v %d %v", live, total, err)
	}
	if _, total, _ := f.store.LiveVideos(ctx, Thai, NPUTalks, now.Add(time.Minute), 10, 0); total != 0 {
		t.Fatal("programme filter ignored")
	}
}

func TestCleanLink(t *testing.T) {
	for raw, want := range map[string]string{
		"https://reg.npu.ac.th/open-house": "",
		"  http://npu.ac.th  ":             "",
		"":                                 "",
		"javascript:alert(1)":              "err.link",
		"JavaScript:alert(1)":              "err.link",
		"data:text/html,x":                 "err.link",
		"/relative":                        "err.link",
		"ftp://npu.ac.th/x":                "err.link",
		"https://user:pw@npu.ac.th/":       "err.link",
		"https:///nohost":                  "err.link",
	} {
		if _, got := CleanLink(raw, false); got != want {
			t.Errorf("CleanLink(%q) = %q, want %q", raw, got, want)
		}
	}
	if _, got := CleanLink("", true); got != "err.required" {
		t.Errorf("required empty link: %q", got)
	}
}

func TestBannerNeedsItsOwnCrop(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	var uid1, uid2 int64
	for i, cid := range []string{"1101700203450", "0000000000019"} {
		var id int64
		err := f.db.W.QueryRow(`INSERT INTO users (citizen_id, name, unit_id, role, password_hash, created_at, updated_at) VALUES (?, 'x', ?, 'central', 'x', 0, 0) RETURNING id`, cid, f.unitA).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			uid1 = id
		} else {
			uid2 = id
		}
	}
	key := "aa/bb/aabbaabbaabbaabbaabbaabbaabbaabb.jpg"
	if err := f.store.AddPending(ctx, "banner", uid1, PendingFile{Key: key, Width: 2000, Height: 600}, now); err != nil {
		t.Fatal(err)
	}
	in := BannerInput{MetaInput: meta(f.unitA, now), Placement: "main", LinkURL: "https://npu.ac.th/openhouse", ImageKey: key}
	// Another user cannot use this user's crop (or any other key).
	_, err := f.store.SaveBanner(ctx, Banner{}, in, Author{UserID: uid2}, now)
	wantField(t, err, "image", "err.banner_image")
	id, err := f.store.SaveBanner(ctx, Banner{}, in, Author{UserID: uid1}, now)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := f.store.Banner(ctx, id)
	if b.ImageKey != key || b.SrcWidth != 2000 || b.SrcHeight != 600 {
		t.Fatalf("banner %+v", b)
	}
	// Editing keeps the current image without a new upload.
	in.LinkURL = "javascript:alert(1)"
	_, err = f.store.SaveBanner(ctx, b, in, Author{UserID: uid2}, now)
	wantField(t, err, "link_url", "err.link")
	in.LinkURL = ""
	if _, err := f.store.SaveBanner(ctx, b, in, Author{UserID: uid2}, now); err != nil {
		t.Fatal(err)
	}
	live, _ := f.store.LiveBanners(ctx, "main", Thai, now.Add(time.Minute))
	if len(live) != 1 {
		t.Fatalf("live banners %d", len(live))
	}
}

func TestNoticeValidation(t *testing.T) {
	now := time.Now()
	base := func() NoticeInput {
		return NoticeInput{MetaInput: meta(1, now), Category: roles.Jobs, Headline: "ประกาศรับสมัครพนักงาน", LinkURL: "https://npu.ac.th/jobs", NewDays: 1, Reads: 1}
	}
	tests := []struct {
		name   string
		mutate func(*NoticeInput)
		field  string
		key    string
	}{
		{"link ok", func(*NoticeInput) {}, "", ""},
		{"file ok", func(in *NoticeInput) { in.LinkURL, in.FileKey = "", "aa/bb/x.pdf" }, "", ""},
		{"both", func(in *NoticeInput) { in.FileKey = "aa/bb/x.pdf" }, "attachment", "err.attach_both"},
		{"neither", func(in *NoticeInput) { in.LinkURL = "" }, "attachment", "err.attach_none"},
		{"javascript link", func(in *NoticeInput) { in.LinkURL = "javascript:alert(1)" }, "link_url", "err.link"},
		{"bad category", func(in *NoticeInput) { in.Category = "gossip" }, "category", "err.choose"},
		{"end before start", func(in *NoticeInput) { in.End = now.AddDate(0, 0, -1) }, "end", "err.end_before_start"},
		{"negative reads", func(in *NoticeInput) { in.Reads = -5 }, "reads", "err.reads"},
		{"NEW for a year", func(in *NoticeInput) { in.NewDays = 365 }, "new_days", "err.new_days"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.mutate(&in)
			wantField(t, in.Validate(), tc.field, tc.key)
		})
	}
}

func TestNoticeNewBadgeAndCategories(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	start := time.Date(2026, 6, 12, 10, 0, 0, 0, newsroom.Bangkok)
	mk := func(cat roles.Category, days int) Notice {
		in := NoticeInput{MetaInput: meta(f.unitA, start), Category: cat, Headline: "ประกาศ " + string(cat), LinkURL: "https://npu.ac.th/x", NewDays: days, Reads: 7}
		in.End = start.AddDate(0, 0, 30)
		id, err := f.store.SaveNotice(ctx, Notice{}, in, Author{}, start)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := f.store.Notice(ctx, id)
		return n
	}
	jobs := mk(roles.Jobs, 2)
	mk(roles.Procure, 1)
	if jobs.Reads != 7 {
		t.Fatalf("initial reads %d", jobs.Reads)
	}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{start, true},
		{time.Date(2026, 6, 13, 23, 59, 0, 0, newsroom.Bangkok), true},
		{time.Date(2026, 6, 14, 0, 0, 0, 0, newsroom.Bangkok), false},
	} {
		if got := jobs.IsNew(tc.at); got != tc.want {
			t.Errorf("IsNew(%s) = %v", tc.at, got)
		}
	}
	_, hr, _ := f.store.ListNotices(ctx, NoticeFilter{ListFilter: ListFilter{Now: start}, Categories: []roles.Category{roles.Jobs}})
	_, none, _ := f.store.ListNotices(ctx, NoticeFilter{ListFilter: ListFilter{Now: start}})
	_, forged, _ := f.store.ListNotices(ctx, NoticeFilter{ListFilter: ListFilter{Now: start}, Categories: []roles.Category{roles.Jobs}, Category: roles.Procure})
	if hr != 1 || none != 0 || forged != 0 {
		t.Fatalf("HR sees %d, nobody %d, forged filter %d", hr, none, forged)
	}
}

func TestArchiveKeepsExpiredNoticesByFiscalMonth(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, newsroom.Bangkok)
	var ids []int64
	// One procurement summary on the 5th of each month from Sep 2025 to Dec 2025, long expired.
	for _, m := range []time.Month{9, 10, 11, 12} {
		start := time.Date(2025, m, 5, 10, 0, 0, 0, newsroom.Bangkok)
		in := NoticeInput{MetaInput: meta(f.unitA, start), Category: roles.Procure, Headline: "สรุปผลการจัดซื้อจัดจ้าง " + m.String(),
			LinkURL: "https://npu.ac.th/p", NewDays: 1}
		in.End = start.AddDate(0, 0, 10)
		id, err := f.store.SaveNotice(ctx, Notice{}, in, Author{}, start)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	future := NoticeInput{MetaInput: meta(f.unitA, now.AddDate(0, 0, 3)), Category: roles.Procure, Headline: "ยังไม่ถึงเวลา", LinkURL: "https://npu.ac.th/p"}
	future.End = now.AddDate(0, 0, 10)
	f.store.SaveNotice(ctx, Notice{}, future, Author{}, now)

	from, to := FiscalYearRange(2569)
	all, next, err := f.store.ArchiveNotices(ctx, Archive{Lang: Thai, From: from, To: to, Column: "category", Value: string(roles.Procure), Limit: 2}, now)
	if err != nil || len(all) != 2 || all[0].ID != ids[3] || all[1].ID != ids[2] || next.ID == 0 {
		t.Fatalf("first page %v next %+v err %v", all, next, err)
	}
	rest, next2, _ := f.store.ArchiveNotices(ctx, Archive{Lang: Thai, From: from, To: to, Column: "category", Value: string(roles.Procure), Limit: 2, After: next}, now)
	if len(rest) != 1 || rest[0].ID != ids[1] || next2.ID != 0 {
		t.Fatalf("second page %v next %+v (FY 2569 has Oct–Dec only)", rest, next2)
	}
	mf, mt := FiscalMonthRange(2569, 11)
	nov, _, _ := f.store.ArchiveNotices(ctx, Archive{Lang: Thai, From: mf, To: mt, Limit: 10}, now)
	if len(nov) != 1 || nov[0].ID != ids[2] {
		t.Fatalf("November: %v", nov)
	}
	if live, total, _ := f.store.LiveNotices(ctx, Thai, "", now, 10, 0); total != 0 || len(live) != 0 {
		t.Fatal("expired notices are still in the current list")
	}
	years, _ := f.store.FiscalYears(ctx, NoticeKind, now)
	if len(years) != 3 || years[0] != 2570 || years[2] != 2568 {
		t.Fatalf("fiscal years %v", years)
	}
}

package content

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"newsroom"
)

// live reports whether visitors see the news item at now: its page, the
// public list and search.
func (f *fixture) newsIsPublic(t *testing.T, id int64, headline string, now time.Time) bool {
	t.Helper()
	ctx := context.Background()
	_, err := f.store.PublicNews(ctx, id, now)
	page := err == nil
	list, _, err := f.store.LiveNews(ctx, Thai, now, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	inList := false
	for _, n := range list {
		inList = inList || (n.ID == id && n.Headline == headline)
	}
	if page != inList {
		t.Fatalf("page visible %v but in list %v", page, inList)
	}
	return page
}

func TestReviewSubmitReturnResubmitApprove(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	author := Author{UserID: 0, Name: "ผู้เขียน"}
	reviewer := Author{Name: "หัวหน้า"}

	in := validNews(f.unitA, now)
	in.Review, in.By = true, author
	n, err := f.store.CreateNews(ctx, in, author, now)
	if err != nil {
		t.Fatal(err)
	}
	if n.Status != Pending {
		t.Fatalf("status after submit = %s, want pending", n.Status)
	}
	if f.newsIsPublic(t, n.ID, n.Headline, now) {
		t.Fatal("a submitted item is public")
	}
	if _, err := f.store.Return(ctx, NewsKind, n.ID, ReturnInput{Comment: "  "}, reviewer, now); !isField(err, "comment") {
		t.Fatalf("return without comment: %v", err)
	}
	out, err := f.store.Return(ctx, NewsKind, n.ID, ReturnInput{Comment: "แก้ชื่อคณะ"}, reviewer, now)
	if err != nil || out != SentBack {
		t.Fatalf("return: %v %v", out, err)
	}
	got, _ := f.store.News(ctx, n.ID)
	if got.Status != Returned || got.StatusNote != "แก้ชื่อคณะ" {
		t.Fatalf("after return: %s %q", got.Status, got.StatusNote)
	}
	if f.newsIsPublic(t, n.ID, n.Headline, now) {
		t.Fatal("a returned item is public")
	}
	in.Headline = "คณะวิทยาศาสตร์จัดงานวันเด็ก"
	if err := f.store.UpdateNews(ctx, n.ID, in, now); err != nil {
		t.Fatal(err)
	}
	if got, _ = f.store.News(ctx, n.ID); got.Status != Pending {
		t.Fatalf("resubmitted status = %s", got.Status)
	}
	if out, err = f.store.Approve(ctx, NewsKind, n.ID, reviewer, now); err != nil || out != Approved {
		t.Fatalf("approve: %v %v", out, err)
	}
	if !f.newsIsPublic(t, n.ID, in.Headline, now) {
		t.Fatal("an approved item is not public")
	}
	if _, err := f.store.Approve(ctx, NewsKind, n.ID, reviewer, now); !errors.Is(err, newsroom.ErrConflict) {
		t.Fatalf("second approve: %v, want conflict", err)
	}
	revs, err := f.store.Revisions(ctx, NewsKind, ref(n.ID))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions = %d (%v), want create and resubmit", len(revs), err)
	}
}

func TestPendingChangeKeepsLiveVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now)
	n, err := f.store.CreateNews(ctx, in, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	hits, _, _ := f.store.Search(ctx, "วันเด็ก", Thai, now, 10, 0)
	if len(hits) != 0 {
		t.Fatal("search finds the words before they are written")
	}
	edit := in
	edit.Review, edit.Headline, edit.Body = true, "ข่าวแก้ไขวันเด็ก", "<p>วันเด็กแห่งชาติ</p>"
	if err := f.store.UpdateNews(ctx, n.ID, edit, now); err != nil {
		t.Fatal(err)
	}
	if !f.newsIsPublic(t, n.ID, in.Headline, now) {
		t.Fatal("the live version left the site while its change waits")
	}
	if hits, _, _ = f.store.Search(ctx, "วันเด็ก", Thai, now, 10, 0); len(hits) != 0 {
		t.Fatal("search finds the pending change's words")
	}
	pend, ok, err := f.store.PendingRevision(ctx, NewsKind, n.ID)
	if err != nil || !ok || pend.Data.Fields["headline"] != edit.Headline {
		t.Fatalf("pending revision: %v %v %v", ok, err, pend.Data.Fields["headline"])
	}
	if pend.Form != nil {
		t.Fatalf("a store caller without a form keeps a form: %v", pend.Form)
	}
	if _, err := f.store.Return(ctx, NewsKind, n.ID, ReturnInput{Comment: "ยังไม่ได้"}, Author{Name: "r"}, now); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.store.PendingRevision(ctx, NewsKind, n.ID); !ok {
		t.Fatal("a returned change is gone: its author cannot go on")
	}
	if err := f.store.UpdateNews(ctx, n.ID, edit, now); err != nil { // resubmit
		t.Fatal(err)
	}
	out, err := f.store.Approve(ctx, NewsKind, n.ID, Author{Name: "r"}, now)
	if err != nil || out != ChangeApplied {
		t.Fatalf("approve change: %v %v", out, err)
	}
	if !f.newsIsPublic(t, n.ID, edit.Headline, now) {
		t.Fatal("the approved change is not live")
	}
	if hits, _, _ = f.store.Search(ctx, "วันเด็ก", Thai, now, 10, 0); len(hits) != 1 {
		t.Fatalf("search after approval: %d hits", len(hits))
	}
	if _, ok, _ := f.store.PendingRevision(ctx, NewsKind, n.ID); ok {
		t.Fatal("the approved change still waits")
	}
}

func TestEditConflictAndRetry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now)
	n, err := f.store.CreateNews(ctx, in, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	base, err := f.store.LatestRevision(ctx, NewsKind, n.ID)
	if err != nil || base == 0 {
		t.Fatalf("no revision after create: %d %v", base, err)
	}
	first, second := in, in
	first.Base, first.CheckBase, first.FormToken, first.Headline = base, true, "tok-first-000000", "แก้โดยคนแรก"
	second.Base, second.CheckBase, second.FormToken, second.Headline = base, true, "tok-second-00000", "แก้โดยคนที่สอง"
	if err := f.store.UpdateNews(ctx, n.ID, first, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.UpdateNews(ctx, n.ID, first, now); err != nil { // the same form again
		t.Fatalf("a retried save is refused: %v", err)
	}
	err = f.store.UpdateNews(ctx, n.ID, second, now)
	var ce *ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, newsroom.ErrConflict) {
		t.Fatalf("second editor: %v, want a conflict", err)
	}
	if ce.Theirs.Data.Fields["headline"] != first.Headline || ce.Mine.Fields["headline"] != second.Headline {
		t.Fatalf("conflict shows %v / %v", ce.Theirs.Data.Fields["headline"], ce.Mine.Fields["headline"])
	}
	if got, _ := f.store.News(ctx, n.ID); got.Headline != first.Headline {
		t.Fatalf("the conflicting save wrote: %q", got.Headline)
	}
	revs, _ := f.store.Revisions(ctx, NewsKind, ref(n.ID))
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2 (create, one save)", len(revs))
	}
	// Choosing to keep mine: the form now carries the latest revision.
	second.Base = revs[0].ID
	if err := f.store.UpdateNews(ctx, n.ID, second, now); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRevision(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	vin := VideoInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: now, End: DefaultEnd(now, 3), UnitID: f.unitA, Publish: true},
		Programme: "npu-news", Title: "ข่าวประจำสัปดาห์", Link: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}
	id, err := f.store.SaveVideo(ctx, Video{}, vin, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := f.store.Video(ctx, id)
	vin.Title = "ข่าวประจำสัปดาห์ที่แก้แล้ว"
	if _, err := f.store.SaveVideo(ctx, v, vin, Author{Name: "b"}, now); err != nil {
		t.Fatal(err)
	}
	revs, _ := f.store.Revisions(ctx, VideoKind, ref(id))
	if len(revs) != 2 {
		t.Fatalf("%d revisions", len(revs))
	}
	oldest := revs[1]
	pending, err := f.store.RestoreRevision(ctx, VideoKind, id, oldest.ID, MetaInput{By: Author{Name: "c"}}, now)
	if err != nil || pending {
		t.Fatalf("restore: %v %v", pending, err)
	}
	v, _ = f.store.Video(ctx, id)
	if v.Title != "ข่าวประจำสัปดาห์" || v.Status != Published {
		t.Fatalf("restored title %q status %s", v.Title, v.Status)
	}
	revs, _ = f.store.Revisions(ctx, VideoKind, ref(id))
	if len(revs) != 3 || revs[0].Reason != "restore" || revs[0].RestoredFrom != oldest.ID {
		t.Fatalf("restore is not a new revision: %+v", revs[0])
	}
	// Where review applies, a restore of a live item waits for review.
	pending, err = f.store.RestoreRevision(ctx, VideoKind, id, revs[1].ID, MetaInput{Review: true, By: Author{Name: "c"}}, now)
	if err != nil || !pending {
		t.Fatalf("restore under review: %v %v", pending, err)
	}
	if v, _ = f.store.Video(ctx, id); v.Title != "ข่าวประจำสัปดาห์" {
		t.Fatalf("a restore under review changed the live item: %q", v.Title)
	}
}

func TestInboxAndMyItems(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	var uid int64
	if err := f.db.W.QueryRow(`INSERT INTO users (citizen_id, name, unit_id, role, password_hash, created_at, updated_at)
		VALUES ('1101700230705', 'ผู้เขียน', ?, 'unit', 'x', 0, 0) RETURNING id`, f.unitA).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	me := Author{UserID: uid, Name: "ผู้เขียน"}
	mk := func(unit int64, review, publish bool, title string) int64 {
		in := validNews(unit, now)
		in.Review, in.Publish, in.Headline, in.By = review, publish, title, me
		n, err := f.store.CreateNews(ctx, in, me, now)
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	sub := mk(f.unitA, true, true, "ส่งตรวจ")
	mk(f.unitA, false, false, "ร่าง")
	liveID := mk(f.unitA, false, true, "เผยแพร่แล้ว")
	other := mk(f.unitB, true, true, "ของอีกหน่วย")
	in := validNews(f.unitA, now)
	in.Review, in.Headline, in.By = true, "แก้ข่าวที่เผยแพร่", me
	if err := f.store.UpdateNews(ctx, liveID, in, now); err != nil {
		t.Fatal(err)
	}
	inbox, err := f.store.ReviewInbox(ctx, []int64{f.unitA})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range inbox {
		got[strconv.FormatInt(it.ID, 10)] = it.State
	}
	if len(inbox) != 2 || got[ref(sub)] != "pending" || got[ref(liveID)] != "change" {
		t.Fatalf("unit A inbox = %v", got)
	}
	all, _ := f.store.ReviewInbox(ctx, nil)
	if len(all) != 3 {
		t.Fatalf("central inbox has %d, want 3 (with %d)", len(all), other)
	}
	if none, _ := f.store.ReviewInbox(ctx, []int64{}); len(none) != 0 {
		t.Fatalf("a user reviewing no unit sees %d", len(none))
	}
	mine, err := f.store.MyItems(ctx, uid, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine["draft"]) != 1 || len(mine["pending"]) != 3 || len(mine["live"]) != 1 {
		t.Fatalf("my items: draft %d pending %d live %d", len(mine["draft"]), len(mine["pending"]), len(mine["live"]))
	}
}

func isField(err error, field string) bool {
	var fe newsroom.FieldErrors
	return errors.As(err, &fe) && fe[field] != ""
}

func TestPurgeForgetsRevisions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	n, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Trash(ctx, NewsKind, n.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PurgeTrash(ctx, now.AddDate(0, 0, TrashDays+1)); err != nil {
		t.Fatal(err)
	}
	if revs, _ := f.store.Revisions(ctx, NewsKind, ref(n.ID)); len(revs) != 0 {
		t.Fatalf("a purged item keeps %d revisions: a new item under its id would inherit them", len(revs))
	}
}

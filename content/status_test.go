package content

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"newsroom/kind"
)

// The status changes, step by step: which transitions are allowed, what
// status an item comes back with, and that the takedown's reason and
// reference are kept through the trash.
func TestStatusTransitions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	down := TakedownInput{Reason: "ร้องเรียนเรื่องภาพ", Reference: "ที่ 12/2569"}
	type step struct {
		name string
		do   func(id int64) error
		err  error  // nil, ErrConflict, ErrNotFound, ErrInvalid
		want Status // status after the step
	}
	takeDown := func(in TakedownInput) func(int64) error {
		return func(id int64) error { return f.store.TakeDown(ctx, NewsKind, id, in, now) }
	}
	reinstate := func(id int64) error { return f.store.Reinstate(ctx, NewsKind, id, now) }
	trash := func(id int64) error { return f.store.Trash(ctx, NewsKind, id, now) }
	restore := func(id int64) error { return f.store.Restore(ctx, NewsKind, id, now) }
	for _, tc := range []struct {
		name    string
		publish bool
		steps   []step
	}{
		{"published: down and back", true, []step{
			{"reinstate a live item", reinstate, ErrConflict, Published},
			{"take down without a reason", takeDown(TakedownInput{Reason: " "}), ErrInvalid, Published},
			{"take down with a 501-character reason", takeDown(TakedownInput{Reason: strings.Repeat("ก", MaxReason+1)}), ErrInvalid, Published},
			{"take down", takeDown(down), nil, TakenDown},
			{"take down twice", takeDown(down), ErrConflict, TakenDown},
			{"reinstate", reinstate, nil, Published},
		}},
		{"draft: down and back stays a draft", false, []step{
			{"take down", takeDown(down), nil, TakenDown},
			{"reinstate", reinstate, nil, Draft},
		}},
		{"trash and restore", true, []step{
			{"restore a live item", restore, ErrConflict, Published},
			{"trash", trash, nil, Trashed},
			{"trash twice", trash, ErrNotFound, Trashed},
			{"take down a trashed item", takeDown(down), nil, TakenDown},
		}},
		{"a takedown survives the trash", true, []step{
			{"take down", takeDown(down), nil, TakenDown},
			{"trash", trash, nil, Trashed},
			{"reinstate from the trash", reinstate, ErrConflict, Trashed},
			{"restore", restore, nil, TakenDown},
			{"reinstate", reinstate, nil, Published},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validNews(f.unitA, now)
			in.Publish = tc.publish
			n, err := f.store.CreateNews(ctx, in, Author{}, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.steps {
				err := s.do(n.ID)
				if (s.err == nil) != (err == nil) || (s.err != nil && !errors.Is(err, s.err)) {
					t.Fatalf("%s: error %v, want %v", s.name, err, s.err)
				}
				got, err := f.store.News(ctx, n.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Status != s.want {
					t.Fatalf("%s: status %s, want %s", s.name, got.Status, s.want)
				}
				if got.Status == TakenDown && (got.StatusNote != down.Reason || got.StatusRef != down.Reference) {
					t.Fatalf("%s: taken down with %q (%q), want %q (%q)", s.name, got.StatusNote, got.StatusRef, down.Reason, down.Reference)
				}
			}
		})
	}
	if err := f.store.TakeDown(ctx, &kind.Kind{Name: "users", Table: "users"}, 1, down, now); err == nil {
		t.Error("a table without a status was accepted")
	}
	if err := f.store.TakeDown(ctx, &kind.Kind{Name: "x", Table: "settings", Title: "key", Features: kind.Takedown}, 1, down, now); err == nil {
		t.Error("an unregistered kind was accepted")
	}
	if err := f.store.Trash(ctx, NewsKind, 99999, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("trash a missing item: %v", err)
	}
}

// Editing a taken-down item saves the edit but keeps it down.
func TestEditKeepsTakedown(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	n, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.TakeDown(ctx, NewsKind, n.ID, TakedownInput{Reason: "x"}, now); err != nil {
		t.Fatal(err)
	}
	in := validNews(f.unitA, now)
	in.Headline = "แก้ไขแล้ว"
	if err := f.store.UpdateNews(ctx, n.ID, in, now); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.News(ctx, n.ID)
	if got.Status != TakenDown || got.Headline != "แก้ไขแล้ว" {
		t.Fatalf("after an edit: %s %q; want taken down with the new headline", got.Status, got.Headline)
	}
	if _, err := f.store.PublicNews(ctx, n.ID, now); !errors.Is(err, ErrGone) {
		t.Errorf("public read of taken-down news: %v, want ErrGone", err)
	}
}

// PurgeTrash deletes items trashed more than TrashDays ago, with their
// files, and nothing else.
func TestPurgeTrash(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	mk := func() (News, Photo) {
		n, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.store.AddPhoto(ctx, Gallery{NewsID: n.ID}, f.unitA, bytes.NewReader(jpegBytes(t, 300+int(n.ID), 200)), "a.jpg", now)
		if err != nil {
			t.Fatal(err)
		}
		return n, p
	}
	old, oldPhoto := mk()
	recent, recentPhoto := mk()
	live, livePhoto := mk()
	if err := f.store.Trash(ctx, NewsKind, old.ID, now.AddDate(0, 0, -TrashDays-1)); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Trash(ctx, NewsKind, recent.ID, now.AddDate(0, 0, -TrashDays+1)); err != nil {
		t.Fatal(err)
	}
	n, err := f.store.PurgeTrash(ctx, now)
	if err != nil || n != 1 {
		t.Fatalf("PurgeTrash = %d, %v; want 1 item", n, err)
	}
	exists := func(key string) bool {
		r, _, err := f.files.Open(key)
		if err == nil {
			r.Close()
		}
		return err == nil
	}
	// (Thumbnails of these plain test images can be the same file, kept
	// while another photo uses it.)
	thumbShared := oldPhoto.ThumbKey == recentPhoto.ThumbKey || oldPhoto.ThumbKey == livePhoto.ThumbKey
	if _, err := f.store.News(ctx, old.ID); !errors.Is(err, ErrNotFound) || exists(oldPhoto.FileKey) || exists(oldPhoto.ThumbKey) != thumbShared {
		t.Errorf("the item trashed %d days ago, or its photo, is still there", TrashDays+1)
	}
	for _, k := range []struct {
		n News
		p Photo
	}{{recent, recentPhoto}, {live, livePhoto}} {
		if _, err := f.store.News(ctx, k.n.ID); err != nil || !exists(k.p.FileKey) {
			t.Errorf("news %d (or its photo) went: %v", k.n.ID, err)
		}
	}
	if n, err := f.store.PurgeTrash(ctx, now); err != nil || n != 0 {
		t.Errorf("a second purge: %d, %v", n, err)
	}
}

// A complaint is often about one picture: the images in a taken-down
// story's body stop being served everywhere, also where another live story
// or a footer page shows the same file, until the takedown is lifted. The
// trash is softer: a trashed story's image stays while something visible
// shows it.
func TestBodyImagesOfAHiddenStoryAreWithdrawn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	img := func(w int) string {
		key, err := f.store.SaveBodyImage(ctx, bytes.NewReader(jpegBytes(t, w, 200)), f.unitA, now)
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	own, shared, onPage := img(301), img(302), img(303)
	story := func(keys ...string) News {
		in := validNews(f.unitA, now)
		in.Body = "<p>ภาพกิจกรรม</p>"
		for _, k := range keys {
			in.Body += `<p><img src="/media/` + k + `" alt="ภาพ"></p>`
		}
		n, err := f.store.CreateNews(ctx, in, Author{}, now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	complained := story(own, shared, onPage)
	story(shared)
	if _, err := f.store.SavePage(ctx, Page{}, validPage(f.unitA, "about-us", `<p><img src="/media/`+onPage+`" alt=""></p>`), Author{}, now); err != nil {
		t.Fatal(err)
	}
	withdrawn := func(key string) bool {
		t.Helper()
		w, err := f.store.Withdrawn(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	want := func(step string, wants map[string]bool) {
		t.Helper()
		for k, w := range wants {
			if got := withdrawn(k); got != w {
				t.Errorf("%s: %s withdrawn = %v, want %v", step, k, got, w)
			}
		}
	}
	want("live", map[string]bool{own: false, shared: false, onPage: false})
	if err := f.store.TakeDown(ctx, NewsKind, complained.ID, TakedownInput{Reason: "ภาพละเมิดสิทธิ"}, now); err != nil {
		t.Fatal(err)
	}
	want("taken down", map[string]bool{own: true, shared: true, onPage: true})
	// Removing the image from the taken-down story does not give it back.
	in := validNews(f.unitA, now)
	in.Body = "<p>แก้ไขแล้ว</p>"
	if err := f.store.UpdateNews(ctx, complained.ID, in, now); err != nil {
		t.Fatal(err)
	}
	want("edited while down", map[string]bool{own: true, shared: true, onPage: true})
	// Nor does a trip through the trash.
	if err := f.store.Trash(ctx, NewsKind, complained.ID, now); err != nil {
		t.Fatal(err)
	}
	want("trashed while down", map[string]bool{own: true, shared: true, onPage: true})
	if err := f.store.Restore(ctx, NewsKind, complained.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Reinstate(ctx, NewsKind, complained.ID, now); err != nil {
		t.Fatal(err)
	}
	want("lifted", map[string]bool{own: false, shared: false, onPage: false})

	trashed := story(own, shared, onPage)
	if err := f.store.Trash(ctx, NewsKind, trashed.ID, now); err != nil {
		t.Fatal(err)
	}
	want("trashed", map[string]bool{own: true, shared: false, onPage: false})
}

// An item trashed while taken down is not purged: that would end its
// takedown without anyone lifting it.
func TestPurgeTrashKeepsTakedowns(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	old := now.AddDate(0, 0, -TrashDays-1)
	n, err := f.store.CreateNews(ctx, validNews(f.unitA, old), Author{}, old)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.store.AddPhoto(ctx, Gallery{NewsID: n.ID}, f.unitA, bytes.NewReader(jpegBytes(t, 321, 200)), "a.jpg", old)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.TakeDown(ctx, NewsKind, n.ID, TakedownInput{Reason: "x"}, old); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Trash(ctx, NewsKind, n.ID, old); err != nil {
		t.Fatal(err)
	}
	if got, err := f.store.PurgeTrash(ctx, now); err != nil || got != 0 {
		t.Fatalf("PurgeTrash = %d, %v; want 0", got, err)
	}
	if _, err := f.store.News(ctx, n.ID); err != nil {
		t.Fatalf("the taken-down item went: %v", err)
	}
	if w, _ := f.store.Withdrawn(ctx, p.FileKey); !w {
		t.Error("the photo of an item trashed while down is served")
	}
	files, err := f.store.FileUses(ctx, NewsKind, n.ID)
	if err != nil || len(files) == 0 || files[0].Key == "" {
		t.Fatalf("FileUses = %+v, %v", files, err)
	}
}

// When the trash is purged, a story's body images go with it, unless
// another story shows them or an upload of the last day may be waiting for
// its form.
func TestPurgeTrashTakesBodyImages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	old := now.AddDate(0, 0, -TrashDays-2)
	img := func(w int, at time.Time) string {
		key, err := f.store.SaveBodyImage(ctx, bytes.NewReader(jpegBytes(t, w, 200)), f.unitA, at)
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	own, shared, reused := img(311, old), img(312, old), img(313, old)
	img(313, now) // the same picture uploaded again today, for a form not saved yet
	story := func(keys ...string) News {
		in := validNews(f.unitA, old)
		for _, k := range keys {
			in.Body += `<p><img src="/media/` + k + `" alt=""></p>`
		}
		n, err := f.store.CreateNews(ctx, in, Author{}, old)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	gone := story(own, shared, reused)
	story(shared)
	if err := f.store.Trash(ctx, NewsKind, gone.ID, old); err != nil {
		t.Fatal(err)
	}
	if n, err := f.store.PurgeTrash(ctx, now); err != nil || n != 1 {
		t.Fatalf("PurgeTrash = %d, %v", n, err)
	}
	exists := func(key string) bool {
		r, _, err := f.files.Open(key)
		if err == nil {
			r.Close()
		}
		return err == nil
	}
	if exists(own) {
		t.Error("the purged story's own body image is still stored")
	}
	if !exists(shared) {
		t.Error("an image another story shows was deleted")
	}
	if !exists(reused) {
		t.Error("an image uploaded again today was deleted")
	}
}

// A photo removed from an item while it is taken down stays withdrawn, and
// stays stored: lifting the takedown serves it again wherever it is used.
func TestTakedownKeepsARemovedPhoto(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	n, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.store.AddPhoto(ctx, Gallery{NewsID: n.ID}, f.unitA, bytes.NewReader(jpegBytes(t, 331, 200)), "a.jpg", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.TakeDown(ctx, NewsKind, n.ID, TakedownInput{Reason: "x"}, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.DeletePhoto(ctx, p); err != nil {
		t.Fatal(err)
	}
	if w, _ := f.store.Withdrawn(ctx, p.FileKey); !w {
		t.Error("a photo removed after the takedown is served")
	}
	r, _, err := f.files.Open(p.FileKey)
	if err != nil {
		t.Fatalf("the photo's file was deleted while its takedown stands: %v", err)
	}
	r.Close()
	if err := f.store.Reinstate(ctx, NewsKind, n.ID, now); err != nil {
		t.Fatal(err)
	}
	if w, _ := f.store.Withdrawn(ctx, p.FileKey); w {
		t.Error("still withdrawn after the takedown was lifted")
	}
}

package content

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom"
)

func TestTagInputValidation(t *testing.T) {
	tests := []struct {
		name    string
		in      TagInput
		wantErr string // field, "" for none
	}{
		{"ok", TagInput{Slug: "open-data", NameTH: "ข้อมูลเปิด"}, ""},
		{"digits", TagInput{Slug: "2570", NameTH: "ปี"}, ""},
		{"longest", TagInput{Slug: strings.Repeat("a", 60), NameTH: strings.Repeat("ก", MaxTagName), Sort: MaxTagSort}, ""},
		{"upper case", TagInput{Slug: "Open", NameTH: "x"}, "slug"},
		{"Thai slug", TagInput{Slug: "ข้อมูล", NameTH: "x"}, "slug"},
		{"leading dash", TagInput{Slug: "-x", NameTH: "x"}, "slug"},
		{"empty slug", TagInput{NameTH: "x"}, "slug"},
		{"too long slug", TagInput{Slug: strings.Repeat("a", 61), NameTH: "x"}, "slug"},
		{"no name", TagInput{Slug: "x", NameTH: "  "}, "name_th"},
		{"long name", TagInput{Slug: "x", NameTH: strings.Repeat("ก", MaxTagName+1)}, "name_th"},
		{"long English", TagInput{Slug: "x", NameTH: "x", NameEN: strings.Repeat("a", MaxTagName+1)}, "name_en"},
		{"negative order", TagInput{Slug: "x", NameTH: "x", Sort: -1}, "sort"},
		{"huge order", TagInput{Slug: "x", NameTH: "x", Sort: MaxTagSort + 1}, "sort"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.validate()
			var fe newsroom.FieldErrors
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if !errors.As(err, &fe) || fe[tc.wantErr] == "" {
				t.Fatalf("err %v, want one on %s", err, tc.wantErr)
			}
		})
	}
}

// A news item's tags are saved with it, kept in its revisions, restored
// with an older revision, renamed and removed with the tag list; unknown
// slugs are ignored.
func TestNewsTagsSaveRestoreRenameDelete(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now)
	in.Tags = []string{"no-gift", "ethics", "no-gift", "not-a-tag", "BAD"}
	n, err := f.store.CreateNews(ctx, in, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ethics", "no-gift"}; !slices.Equal(n.Tags, want) {
		t.Fatalf("tags %v, want %v", n.Tags, want)
	}
	in.Tags = []string{"participation"}
	if err := f.store.UpdateNews(ctx, n.ID, in, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, n.ID)
	if !slices.Equal(n.Tags, []string{"participation"}) {
		t.Fatalf("updated tags %v", n.Tags)
	}
	// The filter reads news_tags, not the text.
	noGift, _ := f.store.TagBySlug(ctx, "no-gift")
	list, total, err := f.store.LiveNewsTagged(ctx, Thai, noGift.ID, 0, now.Add(time.Hour), 10, 0)
	if err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("no-gift lists %d after untagging (%v)", total, err)
	}
	revs, err := f.store.Revisions(ctx, NewsKind, ref(n.ID))
	if err != nil || len(revs) != 2 {
		t.Fatalf("%d revisions, %v", len(revs), err)
	}
	if _, err := f.store.RestoreRevision(ctx, NewsKind, n.ID, revs[1].ID, MetaInput{By: Author{Name: "c"}}, now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, n.ID)
	if !slices.Equal(n.Tags, []string{"ethics", "no-gift"}) {
		t.Fatalf("restored tags %v", n.Tags)
	}
	list, total, _ = f.store.LiveNewsTagged(ctx, Thai, noGift.ID, 0, now.Add(time.Hour), 10, 0)
	if total != 1 || list[0].ID != n.ID {
		t.Fatalf("restored news not listed under no-gift: %d", total)
	}
	// Renaming the slug follows into the item; deleting takes it off.
	if _, err := f.store.SaveTag(ctx, noGift.ID, TagInput{Slug: "no-gift-policy", NameTH: "No Gift Policy"}, now); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, n.ID)
	if !slices.Equal(n.Tags, []string{"ethics", "no-gift-policy"}) {
		t.Fatalf("after rename %v", n.Tags)
	}
	if _, err := f.store.SaveTag(ctx, 0, TagInput{Slug: "ethics", NameTH: "ซ้ำ"}, now); err == nil {
		t.Fatal("a taken slug was accepted")
	}
	ethics, _ := f.store.TagBySlug(ctx, "ethics")
	if ethics.Uses != 1 {
		t.Errorf("ethics uses %d", ethics.Uses)
	}
	if err := f.store.DeleteTag(ctx, ethics.ID); err != nil {
		t.Fatal(err)
	}
	n, _ = f.store.News(ctx, n.ID)
	if !slices.Equal(n.Tags, []string{"no-gift-policy"}) {
		t.Fatalf("after delete %v", n.Tags)
	}
	if err := f.store.DeleteTag(ctx, ethics.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	// Too many tags is a field error.
	in.Tags = nil
	for i := range MaxNewsTags + 1 {
		in.Tags = append(in.Tags, "t"+strings.Repeat("x", i))
	}
	if err := in.Validate(); err == nil {
		t.Error("21 tags accepted")
	}
}

// A change of a live item's tags waits for review like any other field: the
// live item keeps its tags (and its place in the tag's list) until the
// change is approved, then carries the new ones.
func TestNewsTagsPendingChange(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now)
	in.Tags = []string{"ethics"}
	n, err := f.store.CreateNews(ctx, in, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	ethics, _ := f.store.TagBySlug(ctx, "ethics")
	noGift, _ := f.store.TagBySlug(ctx, "no-gift")
	listed := func(tag int64) bool {
		list, _, err := f.store.LiveNewsTagged(ctx, Thai, tag, 0, now.Add(time.Hour), 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(list) == 1 && list[0].ID == n.ID
	}
	edit := in
	edit.Review, edit.Tags = true, []string{"no-gift"}
	if err := f.store.UpdateNews(ctx, n.ID, edit, now); err != nil {
		t.Fatal(err)
	}
	live, _ := f.store.News(ctx, n.ID)
	if !slices.Equal(live.Tags, []string{"ethics"}) || !listed(ethics.ID) || listed(noGift.ID) {
		t.Fatalf("the pending change's tags reached the live item: %v", live.Tags)
	}
	pend, ok, err := f.store.PendingRevision(ctx, NewsKind, n.ID)
	if err != nil || !ok || pend.Data.Fields["tags_text"] != "no-gift" {
		t.Fatalf("pending revision tags: %v %v %v", ok, err, pend.Data.Fields["tags_text"])
	}
	if out, err := f.store.Approve(ctx, NewsKind, n.ID, Author{Name: "r"}, now); err != nil || out != ChangeApplied {
		t.Fatalf("approve: %v %v", out, err)
	}
	live, _ = f.store.News(ctx, n.ID)
	if !slices.Equal(live.Tags, []string{"no-gift"}) || listed(ethics.ID) || !listed(noGift.ID) {
		t.Fatalf("the approved change's tags: %v", live.Tags)
	}
}

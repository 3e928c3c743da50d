package content

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A tag change to a live news item that goes to review leaves the live item,
// and the tag lists it appears in, alone until a reviewer approves it; the
// pending revision carries the new tags, and approval applies them.
func TestNewsTagsWaitForReview(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now)
	in.Tags = []string{"participation"}
	n, err := f.store.CreateNews(ctx, in, Author{Name: "a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	lists := func(slug string) bool {
		tag, err := f.store.TagBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := f.store.LiveNewsTagged(ctx, Thai, tag.ID, 0, now.Add(time.Hour), 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(got) == 1 && got[0].ID == n.ID
	}
	steps := []struct {
		name     string
		do       func() error
		wantTags []string
		listedBy string // the tag whose list shows the item
		hiddenBy string // a tag whose list does not
	}{
		{"created", func() error { return nil }, []string{"participation"}, "participation", "no-gift"},
		{"change sent to review", func() error {
			edit := in
			edit.Review, edit.Tags = true, []string{"no-gift"}
			if err := f.store.UpdateNews(ctx, n.ID, edit, now); err != nil {
				return err
			}
			pend, ok, err := f.store.PendingRevision(ctx, NewsKind, n.ID)
			if err != nil || !ok || pend.Data.Fields["tags_text"] != "no-gift" {
				t.Errorf("pending revision: ok=%v err=%v tags_text=%q", ok, err, pend.Data.Fields["tags_text"])
			}
			return nil
		}, []string{"participation"}, "participation", "no-gift"},
		{"change approved", func() error {
			out, err := f.store.Approve(ctx, NewsKind, n.ID, Author{Name: "r"}, now)
			if err == nil && out != ChangeApplied {
				t.Errorf("approve outcome %q", out)
			}
			return err
		}, []string{"no-gift"}, "no-gift", "participation"},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		live, err := f.store.News(ctx, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(live.Tags, st.wantTags) {
			t.Errorf("%s: live tags %v, want %v", st.name, live.Tags, st.wantTags)
		}
		if !lists(st.listedBy) {
			t.Errorf("%s: not in the %s list", st.name, st.listedBy)
		}
		if lists(st.hiddenBy) {
			t.Errorf("%s: in the %s list", st.name, st.hiddenBy)
		}
	}
}

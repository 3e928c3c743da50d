package content

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom"
)

// previewFixture is a fixture with a user (the links' maker) and a draft
// news item of unit A, made 60 days before now.
func previewFixture(t *testing.T, now time.Time) (*fixture, Author, int64) {
	t.Helper()
	f := newFixture(t)
	var uid int64
	if err := f.db.W.QueryRow(`INSERT INTO users (citizen_id, name, unit_id, role, password_hash, created_at, updated_at)
		VALUES ('1101700203450', 'ผู้เขียน', ?, 'unit', 'x', 0, 0) RETURNING id`, f.unitA).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	in := validNews(f.unitA, now)
	in.Publish = false
	n, err := f.store.CreateNews(context.Background(), in, Author{}, now.AddDate(0, 0, -60)) // made before any of its links
	if err != nil {
		t.Fatal(err)
	}
	return f, Author{UserID: uid, Name: "ผู้เขียน"}, n.ID
}

// A link works from its making until the last instant before it expires,
// then answers expired; only the token's hash is stored, never the token.
func TestPreviewLinkExpires(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, newsroom.Bangkok)
	f, by, id := previewFixture(t, now)
	l, err := f.store.CreatePreviewLink(ctx, NewsKind, id, PreviewDefaultHours, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if !ValidPreviewToken(l.Token) || l.Path() != "/preview/"+l.Token {
		t.Fatalf("token %q, path %q", l.Token, l.Path())
	}
	if raw, err := base64.RawURLEncoding.DecodeString(l.Token); err != nil || len(raw)*8 < 128 {
		t.Fatalf("token %q carries %d bits (%v), want at least 128", l.Token, len(raw)*8, err)
	}
	if want := now.Add(72 * time.Hour); !l.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want %v", l.ExpiresAt, want)
	}
	// The row holds the hash; no column holds the token.
	var hash, kindName, ref, name string
	var createdBy int64
	if err := f.db.R.QueryRow(`SELECT token_hash, kind, ref, created_by, created_by_name FROM preview_links WHERE id = ?`, l.ID).
		Scan(&hash, &kindName, &ref, &createdBy, &name); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(l.Token))
	if hash != hex.EncodeToString(sum[:]) || kindName != "news" || ref != strconv.FormatInt(id, 10) || createdBy != by.UserID || name != by.Name {
		t.Fatalf("row: hash %q kind %q ref %q by %d %q", hash, kindName, ref, createdBy, name)
	}
	var holds int
	f.db.R.QueryRow(`SELECT count(*) FROM preview_links WHERE token_hash = ?1 OR kind = ?1 OR ref = ?1 OR created_by_name = ?1`, l.Token).Scan(&holds)
	if holds != 0 {
		t.Fatal("the token is stored in preview_links")
	}

	for _, tc := range []struct {
		name string
		at   time.Time
		want error // nil: opens the item
	}{
		{"at once", now, nil},
		{"a day later", now.Add(24 * time.Hour), nil},
		{"the last millisecond", now.Add(72*time.Hour - time.Millisecond), nil},
		{"at expiry", now.Add(72 * time.Hour), ErrPreviewExpired},
		{"a week later", now.Add(7 * 24 * time.Hour), ErrPreviewExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.store.ResolvePreview(ctx, l.Token, tc.at)
			if tc.want == nil {
				if err != nil || got.Kind != "news" || got.ItemID() != id || got.KindOf() != NewsKind {
					t.Fatalf("resolve: %+v, %v; want news %d", got, err, id)
				}
				if links, _ := f.store.PreviewLinks(ctx, NewsKind, id, tc.at); len(links) != 1 || links[0].ID != l.ID || links[0].Token != "" {
					t.Fatalf("active links %+v, want the one, without its token", links)
				}
				return
			}
			if !errors.Is(err, tc.want) || !errors.Is(err, ErrNotFound) {
				t.Fatalf("resolve: %v, want %v (a not-found)", err, tc.want)
			}
			if links, _ := f.store.PreviewLinks(ctx, NewsKind, id, tc.at); len(links) != 0 {
				t.Fatalf("an expired link is listed as active: %+v", links)
			}
		})
	}
}

// Revoking ends a link at once; a second revoke is a conflict, and an
// item cannot revoke another item's link.
func TestPreviewLinkRevoke(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, newsroom.Bangkok)
	f, by, id := previewFixture(t, now)
	other, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	if err != nil {
		t.Fatal(err)
	}
	l, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now)
	if err != nil {
		t.Fatal(err)
	}
	keep, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.RevokePreviewLink(ctx, NewsKind, other.ID, l.ID, by, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke through another item: %v, want not found", err)
	}
	if _, err := f.store.RevokePreviewLink(ctx, VideoKind, id, l.ID, by, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("revoke through another kind: %v, want not found", err)
	}
	if _, err := f.store.ResolvePreview(ctx, l.Token, now); err != nil {
		t.Fatalf("a failed revoke ended the link: %v", err)
	}
	r, err := f.store.RevokePreviewLink(ctx, NewsKind, id, l.ID, by, now.Add(time.Minute))
	if err != nil || r.RevokedAt.IsZero() || r.RevokedBy != by.UserID {
		t.Fatalf("revoke: %+v, %v", r, err)
	}
	if _, err := f.store.ResolvePreview(ctx, l.Token, now.Add(time.Minute)); !errors.Is(err, ErrPreviewRevoked) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("resolve a revoked link: %v, want revoked", err)
	}
	if _, err := f.store.RevokePreviewLink(ctx, NewsKind, id, l.ID, by, now.Add(time.Minute)); !errors.Is(err, newsroom.ErrConflict) {
		t.Fatalf("second revoke: %v, want conflict", err)
	}
	if _, err := f.store.RevokePreviewLink(ctx, NewsKind, id, keep.ID, by, now.Add(2*time.Hour)); !errors.Is(err, newsroom.ErrConflict) {
		t.Fatalf("revoke an expired link: %v, want conflict", err)
	}
	if links, _ := f.store.PreviewLinks(ctx, NewsKind, id, now.Add(time.Minute)); len(links) != 1 || links[0].ID != keep.ID {
		t.Fatalf("active links after the revoke: %+v, want only the other one", links)
	}
}

// A link lives 1 to 720 hours; anything else is the hours field's message.
func TestPreviewLinkHours(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, newsroom.Bangkok)
	f, by, id := previewFixture(t, now)
	for _, tc := range []struct {
		hours int
		ok    bool
	}{{-1, false}, {0, false}, {1, true}, {72, true}, {720, true}, {721, false}, {1 << 40, false}} {
		t.Run(strconv.Itoa(tc.hours), func(t *testing.T) {
			l, err := f.store.CreatePreviewLink(ctx, NewsKind, id, tc.hours, by, now)
			if !tc.ok {
				var fe newsroom.FieldErrors
				if !errors.As(err, &fe) || fe["hours"] != "preview.err_hours" {
					t.Fatalf("hours %d: %v, want the hours field's message", tc.hours, err)
				}
				return
			}
			if err != nil || !l.ExpiresAt.Equal(now.Add(time.Duration(tc.hours)*time.Hour)) {
				t.Fatalf("hours %d: %+v, %v", tc.hours, l, err)
			}
		})
	}
}

// A trashed item gets no link (and its links open nothing once it is gone
// for good), a taken-down one neither; an item has at most MaxPreviewLinks
// active links; unknown and malformed tokens are not found.
func TestPreviewLinkRefusals(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, newsroom.Bangkok)
	f, by, id := previewFixture(t, now)

	for i := range MaxPreviewLinks {
		if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now); err != nil {
			t.Fatalf("link %d: %v", i+1, err)
		}
	}
	var fe newsroom.FieldErrors
	if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now); !errors.As(err, &fe) || fe["hours"] != "preview.err_too_many" {
		t.Fatalf("link %d: %v, want too many", MaxPreviewLinks+1, err)
	}
	if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now.Add(time.Hour)); err != nil {
		t.Fatalf("once the others expired: %v", err)
	}

	if err := f.store.Trash(ctx, NewsKind, id, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a trashed item: %v, want not found", err)
	}
	if err := f.store.Restore(ctx, NewsKind, id, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.TakeDown(ctx, NewsKind, id, TakedownInput{Reason: "คำร้อง"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now); !errors.Is(err, newsroom.ErrGone) {
		t.Fatalf("a taken-down item: %v, want gone", err)
	}
	if _, err := f.store.CreatePreviewLink(ctx, NewsKind, id+1000, 1, by, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a missing item: %v, want not found", err)
	}
	if _, err := f.store.CreatePreviewLink(ctx, PageKind, id+1000, 1, by, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a missing page: %v, want not found", err)
	}

	unknown := strings.Repeat("A", PreviewTokenLen)
	for _, tok := range []string{"", unknown, unknown[1:], unknown + "A", strings.Repeat("é", PreviewTokenLen/2), strings.Repeat("+", PreviewTokenLen)} {
		_, err := f.store.ResolvePreview(ctx, tok, now)
		if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrPreviewExpired) || errors.Is(err, ErrPreviewRevoked) {
			t.Fatalf("token %q: %v, want plain not found", tok, err)
		}
	}
}

// The purge deletes links long expired or revoked and the links of items
// purged from the trash; a link never opens an item made after it under a
// reused id.
func TestPurgePreviewLinks(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, newsroom.Bangkok)
	f, by, id := previewFixture(t, now)
	old, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now.AddDate(0, 0, -PreviewKeepDays-1))
	if err != nil {
		t.Fatal(err)
	}
	recent, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	revokedOld, err := f.store.CreatePreviewLink(ctx, NewsKind, id, PreviewMaxHours, by, now.AddDate(0, 0, -PreviewKeepDays-2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.RevokePreviewLink(ctx, NewsKind, id, revokedOld.ID, by, now.AddDate(0, 0, -PreviewKeepDays-1)); err != nil {
		t.Fatal(err)
	}
	live, err := f.store.CreatePreviewLink(ctx, NewsKind, id, 1, by, now)
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.store.PurgePreviewLinks(ctx, now)
	if err != nil || n != 2 {
		t.Fatalf("purge: %d, %v; want 2", n, err)
	}
	left := func() []int64 {
		ids, err := queryColumn[int64](ctx, f.store, `SELECT id FROM preview_links ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := left(); len(got) != 2 || got[0] != recent.ID || got[1] != live.ID {
		t.Fatalf("left %v, want %d and %d (not %d, %d)", got, recent.ID, live.ID, old.ID, revokedOld.ID)
	}

	// The item goes for good: its links go with it.
	if err := f.store.purge(ctx, NewsKind, id); err != nil {
		t.Fatal(err)
	}
	if got := left(); len(got) != 0 {
		t.Fatalf("links of a purged item left: %v", got)
	}

	// A link left behind by an item deleted some other way never opens a
	// newer item given the same id, and the purge takes it.
	in := validNews(f.unitA, now)
	in.Publish = false
	first, err := f.store.CreateNews(ctx, in, Author{}, now)
	if err != nil {
		t.Fatal(err)
	}
	stale, err := f.store.CreatePreviewLink(ctx, NewsKind, first.ID, 72, by, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.W.Exec(`DELETE FROM news WHERE id = ?`, first.ID); err != nil {
		t.Fatal(err)
	}
	if f.db.IsPostgres() {
		// PostgreSQL never gives an id again by itself (SQLite does, after
		// the newest row is deleted); a restored or moved database can.
		if _, err := f.db.W.Exec(`SELECT setval(pg_get_serial_sequence('news', 'id'), ?, false)`, first.ID); err != nil {
			t.Fatal(err)
		}
	}
	again, err := f.store.CreateNews(ctx, in, Author{}, now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID {
		t.Fatalf("the new item got id %d, not the deleted %d: the test needs the id given again", again.ID, first.ID)
	}
	if _, err := f.store.ResolvePreview(ctx, stale.Token, now.Add(2*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a link of a deleted item opens the item given its id: %v", err)
	}
	if n, err := f.store.PurgePreviewLinks(ctx, now.Add(2*time.Minute)); err != nil || n != 1 {
		t.Fatalf("purge of the stale link: %d, %v; want 1", n, err)
	}
	if got := left(); len(got) != 0 {
		t.Fatalf("the stale link is left: %v", got)
	}
}

// FuzzValidPreviewToken: whatever a URL carries, a token judged valid is
// exactly what the maker gives out (URL-safe base64 of PreviewTokenBytes).
func FuzzValidPreviewToken(f *testing.F) {
	f.Add(strings.Repeat("A", PreviewTokenLen))
	f.Add("abc")
	f.Add(strings.Repeat("_-", PreviewTokenLen/2))
	f.Add(strings.Repeat("=", PreviewTokenLen))
	tok, _ := newPreviewToken()
	f.Add(tok)
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidPreviewToken(s) {
			return
		}
		raw, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || len(raw) != PreviewTokenBytes {
			t.Fatalf("%q is valid but decodes to %d bytes (%v)", s, len(raw), err)
		}
	})
}

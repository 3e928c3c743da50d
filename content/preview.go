package content

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"newsroom"
	"newsroom/kind"
)

// Preview links (issue 12): anyone who may edit an item can make an
// expiring, revocable link that shows the item, whatever its status, to
// someone without an account (a dean who must approve a story). The token
// is random (PreviewTokenBytes bytes, URL-safe base64); only its SHA-256 is
// kept, so the link is shown once, to its maker, and a copy of the
// database opens no preview. A link names its item by kind and ref (the
// item's id), like revisions do.

// Bounds of a preview link.
const (
	// PreviewDefaultHours is how long a new link works unless asked
	// otherwise; PreviewMaxHours is the longest (30 days).
	PreviewDefaultHours = 72
	PreviewMaxHours     = 720
	// MaxPreviewLinks is how many links of one item may be active at once.
	MaxPreviewLinks = 20
	// PreviewTokenBytes is the token's randomness (192 bits);
	// PreviewTokenLen its length in URL-safe base64.
	PreviewTokenBytes = 24
	PreviewTokenLen   = 32
	// PreviewKeepDays is how long an expired or revoked link's row is kept
	// before the daily purge deletes it.
	PreviewKeepDays = 30
)

var (
	// ErrPreviewExpired and ErrPreviewRevoked are why a known token no
	// longer opens its item. Both are ErrNotFound: a visitor is told the
	// same for an unknown, expired or revoked link.
	ErrPreviewExpired = fmt.Errorf("preview link expired: %w", ErrNotFound)
	ErrPreviewRevoked = fmt.Errorf("preview link revoked: %w", ErrNotFound)
)

// PreviewLink is one preview link of an item.
type PreviewLink struct {
	ID            int64
	Kind          string // the item's kind, by registry name
	Ref           string // the item's id
	CreatedBy     int64  // 0 once the user is deleted
	CreatedByName string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	RevokedAt     time.Time // zero while not revoked
	RevokedBy     int64
	// Token is the link's secret, set by CreatePreviewLink and by
	// ResolvePreview (the token it was given). It is never stored: a
	// link's maker sees it once.
	Token string
}

// KindOf is the link's item kind (nil when the name is unknown).
func (l PreviewLink) KindOf() *kind.Kind { return kind.ByName(l.Kind) }

// ItemID is the link's item id (0 when ref is not an id).
func (l PreviewLink) ItemID() int64 {
	id, err := strconv.ParseInt(l.Ref, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// Active reports whether the link opens its item at now.
func (l PreviewLink) Active(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}

// Path is the link's path on the site; it needs the token, so a listed
// link has none.
func (l PreviewLink) Path() string {
	if l.Token == "" {
		return ""
	}
	return "/preview/" + l.Token
}

// ValidPreviewToken reports whether s has the form of a token (length and
// alphabet), so malformed ones cost no lookup.
func ValidPreviewToken(s string) bool {
	if len(s) != PreviewTokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// hashPreviewToken is what the table keeps of a token.
func hashPreviewToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newPreviewToken() (string, error) {
	b := make([]byte, PreviewTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("content: preview token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// previewKind checks k is a registered kind with a publishing status and
// items by id: the kinds that have preview links.
func previewKind(k *kind.Kind) error {
	if !kind.Registered(k) || !k.Has(kind.Status) || k.Rows != "" {
		return fmt.Errorf("content: %v has no preview links: %w", k, ErrNotFound)
	}
	return nil
}

// ValidatePreviewHours checks a link's lifetime: 1 to PreviewMaxHours.
func ValidatePreviewHours(hours int) error {
	if hours < 1 || hours > PreviewMaxHours {
		return newsroom.FieldErrors{"hours": "preview.err_hours"}
	}
	return nil
}

const previewCols = `id, kind, ref, coalesce(created_by, 0), created_by_name, created_at, expires_at, revoked_at, coalesce(revoked_by, 0)`

func scanPreviewLink(r interface{ Scan(...any) error }) (PreviewLink, error) {
	var l PreviewLink
	var created, expires, revoked int64
	if err := r.Scan(&l.ID, &l.Kind, &l.Ref, &l.CreatedBy, &l.CreatedByName, &created, &expires, &revoked, &l.RevokedBy); err != nil {
		return PreviewLink{}, err
	}
	l.CreatedAt, l.ExpiresAt = fromMS(created), fromMS(expires)
	if revoked != 0 {
		l.RevokedAt = fromMS(revoked)
	}
	return l, nil
}

// CreatePreviewLink makes a link to the item id of k that works for hours
// from now, made by by. The returned link carries its token, which is not
// kept. A missing or trashed item is ErrNotFound; a taken-down one is
// ErrGone (its preview would answer 410); hours out of range, or
// MaxPreviewLinks links already active, are field errors on "hours".
func (s *Store) CreatePreviewLink(ctx context.Context, k *kind.Kind, id int64, hours int, by Author, now time.Time) (PreviewLink, error) {
	if err := previewKind(k); err != nil {
		return PreviewLink{}, err
	}
	if err := ValidatePreviewHours(hours); err != nil {
		return PreviewLink{}, err
	}
	token, err := newPreviewToken()
	if err != nil {
		return PreviewLink{}, err
	}
	ref := strconv.FormatInt(id, 10)
	l := PreviewLink{Kind: k.Name, Ref: ref, CreatedBy: by.UserID, CreatedByName: by.Name,
		CreatedAt: fromMS(ms(now)), ExpiresAt: fromMS(ms(now.Add(time.Duration(hours) * time.Hour))), Token: token}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM `+k.Table+` WHERE id = ?`, id).Scan(&status)
		if err != nil {
			return notFound(fmt.Sprintf("%s %d", k.Name, id), err)
		}
		switch Status(status) {
		case Trashed:
			return fmt.Errorf("%s %d is in the trash: %w", k.Name, id, ErrNotFound)
		case TakenDown:
			return fmt.Errorf("%s %d is taken down: %w", k.Name, id, newsroom.ErrGone)
		}
		var active int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM preview_links WHERE kind = ? AND ref = ? AND revoked_at = 0 AND expires_at > ?`,
			k.Name, ref, ms(now)).Scan(&active); err != nil {
			return err
		}
		if active >= MaxPreviewLinks {
			return newsroom.FieldErrors{"hours": "preview.err_too_many"}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO preview_links (token_hash, kind, ref, created_by, created_by_name, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			hashPreviewToken(token), k.Name, ref, nullInt(by.UserID), by.Name, ms(l.CreatedAt), ms(l.ExpiresAt)).Scan(&l.ID)
	})
	if err != nil {
		var fe newsroom.FieldErrors
		if errors.As(err, &fe) {
			return PreviewLink{}, fe
		}
		return PreviewLink{}, fmt.Errorf("content: preview link of %s %d: %w", k.Name, id, err)
	}
	return l, nil
}

// PreviewLinks lists the item's links active at now, the one expiring
// last first.
func (s *Store) PreviewLinks(ctx context.Context, k *kind.Kind, id int64, now time.Time) ([]PreviewLink, error) {
	if err := previewKind(k); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+previewCols+` FROM preview_links
		WHERE kind = ? AND ref = ? AND revoked_at = 0 AND expires_at > ? ORDER BY expires_at DESC, id DESC LIMIT ?`,
		k.Name, strconv.FormatInt(id, 10), ms(now), MaxPreviewLinks)
	if err != nil {
		return nil, fmt.Errorf("content: preview links of %s %d: %w", k.Name, id, err)
	}
	defer rows.Close()
	var out []PreviewLink
	for rows.Next() {
		l, err := scanPreviewLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RevokePreviewLink ends the link linkID of the item id of k at once. A
// link of another item is ErrNotFound; one already revoked or expired is
// ErrConflict (a second click).
func (s *Store) RevokePreviewLink(ctx context.Context, k *kind.Kind, id, linkID int64, by Author, now time.Time) (PreviewLink, error) {
	if err := previewKind(k); err != nil {
		return PreviewLink{}, err
	}
	var l PreviewLink
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = scanPreviewLink(tx.QueryRowContext(ctx, `SELECT `+previewCols+` FROM preview_links WHERE id = ? AND kind = ? AND ref = ?`,
			linkID, k.Name, strconv.FormatInt(id, 10)))
		if err != nil {
			return notFound(fmt.Sprintf("preview link %d", linkID), err)
		}
		if !l.Active(now) {
			return newsroom.ErrConflict
		}
		l.RevokedAt, l.RevokedBy = fromMS(ms(now)), by.UserID
		_, err = tx.ExecContext(ctx, `UPDATE preview_links SET revoked_at = ?, revoked_by = ? WHERE id = ?`, ms(now), nullInt(by.UserID), linkID)
		return err
	})
	if err != nil {
		return PreviewLink{}, fmt.Errorf("content: revoke preview link %d of %s %d: %w", linkID, k.Name, id, err)
	}
	return l, nil
}

// ResolvePreview finds the link of token at now. An unknown or malformed
// token, or one whose item is gone, is ErrNotFound; an expired one
// ErrPreviewExpired and a revoked one ErrPreviewRevoked (both ErrNotFound
// too). The item itself may have any status: the caller decides what a
// trashed or taken-down item shows.
func (s *Store) ResolvePreview(ctx context.Context, token string, now time.Time) (PreviewLink, error) {
	if !ValidPreviewToken(token) {
		return PreviewLink{}, fmt.Errorf("content: malformed preview token: %w", ErrNotFound)
	}
	l, err := scanPreviewLink(s.db.R.QueryRowContext(ctx, `SELECT `+previewCols+` FROM preview_links WHERE token_hash = ?`, hashPreviewToken(token)))
	if err != nil {
		return PreviewLink{}, notFound("preview link", err)
	}
	switch {
	case !l.RevokedAt.IsZero():
		return PreviewLink{}, ErrPreviewRevoked
	case !now.Before(l.ExpiresAt):
		return PreviewLink{}, ErrPreviewExpired
	}
	k := l.KindOf()
	if err := previewKind(k); err != nil || l.ItemID() == 0 {
		return PreviewLink{}, fmt.Errorf("content: preview link %d names no item: %w", l.ID, ErrNotFound)
	}
	// The item must still be the one the link was made for: ids of purged
	// items can be given again to new ones.
	var created int64
	err = s.db.R.QueryRowContext(ctx, `SELECT created_at FROM `+k.Table+` WHERE id = ?`, l.ItemID()).Scan(&created)
	if err != nil {
		return PreviewLink{}, notFound(fmt.Sprintf("preview link %d: %s %s", l.ID, l.Kind, l.Ref), err)
	}
	if created > ms(l.CreatedAt) {
		return PreviewLink{}, fmt.Errorf("content: preview link %d is older than %s %s: %w", l.ID, l.Kind, l.Ref, ErrNotFound)
	}
	l.Token = token
	return l, nil
}

// forgetPreviewLinks deletes the item's links when the item is deleted for
// good (forgetRevisions calls it in the same transaction).
func forgetPreviewLinks(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM preview_links WHERE kind = ? AND ref = ?`, k.Name, strconv.FormatInt(id, 10))
	return err
}

// PurgePreviewLinks deletes the links expired or revoked more than
// PreviewKeepDays before now, and any link whose item is gone (an item
// deleted for good takes its links with it, see forgetPreviewLinks), or
// whose id now names a newer item. It returns how many went.
func (s *Store) PurgePreviewLinks(ctx context.Context, now time.Time) (int64, error) {
	cut := ms(now.AddDate(0, 0, -PreviewKeepDays))
	res, err := s.db.W.ExecContext(ctx, `DELETE FROM preview_links WHERE expires_at < ? OR (revoked_at <> 0 AND revoked_at < ?)`, cut, cut)
	if err != nil {
		return 0, fmt.Errorf("content: purge preview links: %w", err)
	}
	n, _ := res.RowsAffected()
	for _, k := range kind.With(kind.Status) {
		if k.Rows != "" {
			continue
		}
		res, err := s.db.W.ExecContext(ctx, `DELETE FROM preview_links WHERE kind = ?
			AND NOT EXISTS (SELECT 1 FROM `+k.Table+` x WHERE x.id = CAST(preview_links.ref AS BIGINT) AND x.created_at <= preview_links.created_at)`, k.Name)
		if err != nil {
			return n, fmt.Errorf("content: purge preview links of %s: %w", k.Name, err)
		}
		m, _ := res.RowsAffected()
		n += m
	}
	return n, nil
}

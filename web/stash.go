package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/securecookie"

	"newsroom"
	"newsroom/db"
	"newsroom/templates"
)

// Nobody loses work: the autosaved drafts of the admin's forms, and the
// forms posted into an expired session, kept server-side for their user.
//
// A draft is keyed by (user, form page path, form token): the form token is
// the hidden form_token of a form for a new item, fresh for every page
// load, so two open "new news" tabs keep two drafts and never overwrite each
// other; an edit form has no token (one draft per user and item). Opening a
// "new" form again finds the newest draft of that path whatever its token
// (the closed tab's); the page then adopts it under its own token.

// Bounds of a draft: what a form of the admin can hold, with room to spare
// (a news body is at most content's body limit; the rest are short fields).
const (
	MaxDraftBytes  = 512 << 10 // the JSON of the values
	MaxDraftFields = 200       // distinct field names
	MaxDraftValues = 2000      // values over all fields
	MaxFieldName   = 100       // bytes of a field's name
	MaxFormPath    = 300       // bytes of the form page's path
	MaxFormToken   = 100       // bytes of a form token
	DraftDays      = 30        // a draft untouched this long is purged
	MaxUserDrafts  = 100       // a user's drafts; the oldest go first
	StashAge       = 24 * time.Hour
	MaxUserStashes = 20 // a user's stashes; the oldest go first
)

// Draft sources: typed and autosaved, or posted into an expired session.
const (
	SourceAutosave = "autosave"
	SourceStash    = "stash"
)

// ErrDraftTooLarge is a draft over one of the bounds.
var ErrDraftTooLarge = errors.New("web: draft too large")

// FormDraft is one saved state of a form.
type FormDraft struct {
	Form, Token string
	Values      url.Values
	Source      string
	SavedAt     time.Time
}

// FormDrafts keeps drafts and stashes in the database.
type FormDrafts struct {
	db  *db.DB
	now func() time.Time
}

// NewFormDrafts returns the store over d; now is the clock (nil: time.Now).
func NewFormDrafts(d *db.DB, now func() time.Time) *FormDrafts {
	if now == nil {
		now = time.Now
	}
	return &FormDrafts{db: d, now: now}
}

// CleanFormPath checks that p is the path of an admin page a form can live
// on: under /admin/, no query, no "//", no backslash or control character,
// not the login or logout page, at most MaxFormPath bytes.
func CleanFormPath(p string) (string, bool) {
	if len(p) > MaxFormPath || !strings.HasPrefix(p, "/admin/") || strings.Contains(p, "//") ||
		strings.ContainsAny(p, "?#\\") || strings.Contains(p, "/..") || !utf8.ValidString(p) {
		return "", false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	if _, err := url.PathUnescape(p); err != nil {
		return "", false
	}
	if strings.HasPrefix(p, "/admin/login") || strings.HasPrefix(p, "/admin/logout") || strings.HasPrefix(p, "/admin/drafts") {
		return "", false
	}
	return p, true
}

// cleanToken bounds a form token: valid UTF-8 without control characters,
// at most MaxFormToken bytes.
func cleanToken(t string) (string, bool) {
	if len(t) > MaxFormToken || !utf8.ValidString(t) {
		return "", false
	}
	for _, r := range t {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	return t, true
}

// neverKept are fields a draft never keeps: the CSRF token is the page's
// own, and the form token names the page's own form.
var neverKept = map[string]bool{"csrf": true, "form_token": true}

// DraftValues bounds and cleans vals for a draft: without the CSRF token
// and form token, every name and value valid UTF-8, within the bounds.
// It returns the JSON kept.
func DraftValues(vals url.Values) (string, error) {
	kept := url.Values{}
	n := 0
	for k, vs := range vals {
		if neverKept[k] {
			continue
		}
		if k == "" || len(k) > MaxFieldName || !utf8.ValidString(k) {
			return "", fmt.Errorf("%w: field name", ErrDraftTooLarge)
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return "", fmt.Errorf("%w: field %q is not UTF-8", ErrDraftTooLarge, k)
			}
		}
		n += len(vs)
		kept[k] = vs
	}
	if len(kept) > MaxDraftFields || n > MaxDraftValues {
		return "", fmt.Errorf("%w: %d fields, %d values", ErrDraftTooLarge, len(kept), n)
	}
	b, err := json.Marshal(kept)
	if err != nil {
		return "", err
	}
	if len(b) > MaxDraftBytes {
		return "", fmt.Errorf("%w: %d bytes", ErrDraftTooLarge, len(b))
	}
	return string(b), nil
}

// ParseDraftValues reads a draft's JSON (a browser's post, or the
// database): an object of field name to a list of strings.
func ParseDraftValues(s string) (url.Values, error) {
	if len(s) > MaxDraftBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrDraftTooLarge, len(s))
	}
	vals := url.Values{}
	if err := json.Unmarshal([]byte(s), &vals); err != nil {
		return nil, fmt.Errorf("web: draft values: %w", err)
	}
	return vals, nil
}

// Save stores vals as uid's draft of form (token: the form token of a new
// item's form, else ""), replacing the one there, and returns when it was
// saved. adopt, when not empty and not token, is the token of the draft the
// page restored from: it goes, so the draft lives on under the page's token.
// closed says the page was left (the script's last save as it goes): only
// then, or after LiveDraftAge, is the draft offered to another "new" page.
func (f *FormDrafts) Save(ctx context.Context, uid int64, form, token, adopt string, vals url.Values, source string, closed bool) (time.Time, error) {
	form, ok := CleanFormPath(form)
	if !ok {
		return time.Time{}, fmt.Errorf("web: draft form path: %w", newsroom.ErrNotFound)
	}
	tok, ok := cleanToken(token)
	ad, ok2 := cleanToken(adopt)
	if !ok || !ok2 {
		return time.Time{}, fmt.Errorf("web: draft token: %w", newsroom.ErrNotFound)
	}
	data, err := DraftValues(vals)
	if err != nil {
		return time.Time{}, err
	}
	now := f.now()
	err = f.db.Tx(ctx, func(tx *sql.Tx) error {
		c := 0
		if closed {
			c = 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO form_drafts (user_id, form, token, vals, source, closed, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, form, token) DO UPDATE SET vals = excluded.vals, source = excluded.source, closed = excluded.closed, saved_at = excluded.saved_at`,
			uid, form, tok, data, source, c, now.UnixMilli()); err != nil {
			return err
		}
		if ad != "" && ad != tok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM form_drafts WHERE user_id = ? AND form = ? AND token = ?`, uid, form, ad); err != nil {
				return err
			}
		}
		// A user's drafts are bounded: the oldest beyond MaxUserDrafts go.
		_, err := tx.ExecContext(ctx, `DELETE FROM form_drafts WHERE user_id = ? AND saved_at < (
			SELECT saved_at FROM form_drafts WHERE user_id = ? ORDER BY saved_at DESC LIMIT 1 OFFSET ?)`, uid, uid, MaxUserDrafts-1)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("web: save draft: %w", err)
	}
	return now, nil
}

// LiveDraftAge is how long a draft that was not closed may still belong to
// an open page.
const LiveDraftAge = time.Hour

// Find returns uid's draft of form: the one of token, else (for a new
// item's form, token != "") the newest of any token. None is ErrNotFound.
func (f *FormDrafts) Find(ctx context.Context, uid int64, form, token string) (FormDraft, error) {
	d := FormDraft{Form: form}
	var data string
	var at int64
	err := f.db.R.QueryRowContext(ctx, `SELECT token, vals, source, saved_at FROM form_drafts WHERE user_id = ? AND form = ? AND token = ?`,
		uid, form, token).Scan(&d.Token, &data, &d.Source, &at)
	if errors.Is(err, sql.ErrNoRows) && token != "" {
		// Another page's draft only when that page is gone: it was left
		// (closed), or it has not saved for LiveDraftAge (a crash).
		err = f.db.R.QueryRowContext(ctx, `SELECT token, vals, source, saved_at FROM form_drafts WHERE user_id = ? AND form = ?
			AND (closed = 1 OR saved_at < ?) ORDER BY saved_at DESC LIMIT 1`, uid, form, f.now().Add(-LiveDraftAge).UnixMilli()).
			Scan(&d.Token, &data, &d.Source, &at)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("web: draft: %w", newsroom.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("web: draft: %w", err)
	}
	d.SavedAt = time.UnixMilli(at)
	d.Values, err = ParseDraftValues(data)
	return d, err
}

// Delete removes uid's draft of form and token (a save succeeded, or the
// user discarded it).
func (f *FormDrafts) Delete(ctx context.Context, uid int64, form, token string) error {
	if _, err := f.db.W.ExecContext(ctx, `DELETE FROM form_drafts WHERE user_id = ? AND form = ? AND token = ?`, uid, form, token); err != nil {
		return fmt.Errorf("web: delete draft: %w", err)
	}
	return nil
}

// Stash keeps vals, posted into uid's expired session from the form page
// form, for StashAge, and returns the random id the login link carries
// (the database keeps only its hash).
func (f *FormDrafts) Stash(ctx context.Context, uid int64, form string, vals url.Values) (string, error) {
	form, ok := CleanFormPath(form)
	if !ok {
		return "", fmt.Errorf("web: stash form path: %w", newsroom.ErrNotFound)
	}
	tok, _ := cleanToken(vals.Get("form_token"))
	data, err := DraftValues(vals)
	if err != nil {
		return "", err
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	err = f.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO form_stashes (id, user_id, form, token, vals, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			stashKey(id), uid, form, tok, data, f.now().UnixMilli()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM form_stashes WHERE user_id = ? AND created_at < (
			SELECT created_at FROM form_stashes WHERE user_id = ? ORDER BY created_at DESC LIMIT 1 OFFSET ?)`, uid, uid, MaxUserStashes-1)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("web: stash form: %w", err)
	}
	return id, nil
}

func stashKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// Resume turns uid's stash id into uid's draft of its form page (source
// "stash") and returns that page. A stash of another user, an expired one
// or an unknown id is ErrNotFound and stays where it is: only its own user
// ever gets it back. It never performs the action that was posted.
func (f *FormDrafts) Resume(ctx context.Context, uid int64, id string) (string, error) {
	if id == "" || len(id) > 100 {
		return "", fmt.Errorf("web: stash: %w", newsroom.ErrNotFound)
	}
	var form, tok, data string
	var at int64
	key := stashKey(id)
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT form, token, vals, created_at FROM form_stashes WHERE id = ? AND user_id = ? AND created_at >= ?`,
			key, uid, f.now().Add(-StashAge).UnixMilli()).Scan(&form, &tok, &data, &at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO form_drafts (user_id, form, token, vals, source, closed, saved_at) VALUES (?, ?, ?, ?, ?, 1, ?)
			ON CONFLICT (user_id, form, token) DO UPDATE SET vals = excluded.vals, source = excluded.source, closed = 1, saved_at = excluded.saved_at`,
			uid, form, tok, data, SourceStash, at); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM form_stashes WHERE id = ?`, key)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("web: stash: %w", newsroom.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("web: resume stash: %w", err)
	}
	return form, nil
}

// Purge deletes drafts untouched for DraftDays and stashes older than
// StashAge; a daily job calls it.
func (f *FormDrafts) Purge(ctx context.Context) error {
	now := f.now()
	if _, err := f.db.W.ExecContext(ctx, `DELETE FROM form_drafts WHERE saved_at < ?`, now.AddDate(0, 0, -DraftDays).UnixMilli()); err != nil {
		return fmt.Errorf("web: purge drafts: %w", err)
	}
	if _, err := f.db.W.ExecContext(ctx, `DELETE FROM form_stashes WHERE created_at < ?`, now.Add(-StashAge).UnixMilli()); err != nil {
		return fmt.Errorf("web: purge stashes: %w", err)
	}
	return nil
}

// ---- the middleware's side ----

// isScript reports whether the request comes from a page's script (fetch or
// XMLHttpRequest) rather than a navigation: such a request gets a JSON
// answer, never a redirect it would follow to an HTML login page.
func isScript(c *gin.Context) bool {
	return c.GetHeader("X-CSRF-Token") != "" || c.GetHeader("Sec-Fetch-Dest") == "empty" ||
		strings.Contains(c.GetHeader("Accept"), "application/json")
}

// expiredUser returns the user whose expired session the request's cookie
// names (0 when none: no cookie, forged, live, revoked, or expired over a
// day ago).
func (w *Web) expiredUser(c *gin.Context) int64 {
	ck, err := c.Request.Cookie(w.Sessions.CookieName())
	if err != nil {
		return 0
	}
	var token string
	if err := securecookie.DecodeMulti(w.Sessions.name, ck.Value, &token, w.Sessions.codecs...); err != nil {
		return 0
	}
	uid, err := w.Sessions.ExpiredUser(c.Request.Context(), token)
	if err != nil {
		return 0
	}
	return uid
}

// formPage is the admin page a posted form came from: its draft_form
// field, which the autosave script adds to every editor form. A post
// without it (a delete button, a logout, a page without the script) is
// not kept: nothing would restore it.
func formPage(c *gin.Context) (string, bool) {
	return CleanFormPath(c.PostForm("draft_form"))
}

// stashExpired keeps what a form posted into an expired session of the
// user uid and returns the resume id for the login link ("" when nothing
// could be kept). Only urlencoded and multipart values are kept: the
// admin's forms send files by script beforehand (photos, PDFs, images),
// and a script meets an expired session with a 401 it answers itself.
func (w *Web) stashExpired(c *gin.Context, uid int64) string {
	if w.Drafts == nil || c.Request.Method != http.MethodPost {
		return ""
	}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
			return ""
		}
	} else if err := c.Request.ParseForm(); err != nil {
		return ""
	}
	form, ok := formPage(c)
	if !ok {
		return ""
	}
	vals := url.Values{}
	for k, vs := range c.Request.PostForm {
		vals[k] = vs
	}
	id, err := w.Drafts.Stash(c.Request.Context(), uid, form, vals)
	if err != nil {
		w.Log.Warn("stash of a form posted into an expired session", "err", err, "req", RequestIDOf(c))
		return ""
	}
	return id
}

// answerLoggedOut answers a request of a script that has no session: 401
// with a message and where to log in.
func (w *Web) answerLoggedOut(c *gin.Context, expired bool) {
	lang := LangOf(c)
	msg := "login.expired"
	login := "/admin/login?msg=expired"
	if !expired {
		msg, login = "drafts.logged_out", "/admin/login"
	}
	c.JSON(http.StatusUnauthorized, gin.H{"error": templates.T(lang, msg), "login": login, "expired": expired,
		"login_text": templates.T(lang, "drafts.login_again")})
	c.Abort()
}

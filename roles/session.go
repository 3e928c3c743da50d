package roles

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
	"time"

	"newsroom"
	"newsroom/db"
)

// SessionUserKey is the session value holding the logged-in user's id (int64).
const SessionUserKey = "uid"

// SessionOptions configure the server-side session store.
type SessionOptions struct {
	Idle     time.Duration // end a session unused this long (default 2 h)
	Absolute time.Duration // end any session this old (default 12 h)
	Now      func() time.Time
}

// Session is what the database keeps of one login session: whose it is (0
// for a visitor not logged in) and its small string values (language,
// a pending flash message).
type Session struct {
	UserID int64
	Values map[string]string
}

// SessionStore keeps sessions in the database, each row keyed by the
// SHA-256 of a random token only the session's holder has (the web layer
// carries it in a signed cookie). Deleting rows (logout, disabling a user,
// a new password) ends sessions at once: a replayed token finds nothing.
type SessionStore struct {
	db  *db.DB
	opt SessionOptions
}

// NewSessionStore returns a store with opt's timeouts.
func NewSessionStore(d *db.DB, opt SessionOptions) *SessionStore {
	if opt.Idle == 0 {
		opt.Idle = 2 * time.Hour
	}
	if opt.Absolute == 0 {
		opt.Absolute = 12 * time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &SessionStore{db: d, opt: opt}
}

// Absolute is how long any session lives at most.
func (s *SessionStore) Absolute() time.Duration { return s.opt.Absolute }

func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Load returns the session of token. A session unused for Idle or older
// than Absolute is deleted; it, a revoked one and an unknown token are
// ErrNotFound. Use touches the session at most once a minute.
func (s *SessionStore) Load(ctx context.Context, token string) (Session, error) {
	var uid sql.NullInt64
	var data string
	var created, seen int64
	key := tokenKey(token)
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id, data, created_at, last_seen FROM sessions WHERE id = ?`, key).
		Scan(&uid, &data, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("roles: session: %w", newsroom.ErrNotFound)
	}
	if err != nil {
		return Session{}, err
	}
	now := s.opt.Now()
	if now.Sub(fromMS(seen)) > s.opt.Idle || now.Sub(fromMS(created)) > s.opt.Absolute {
		if err := s.expire(ctx, `id = ?`, ms(now), key); err != nil {
			return Session{}, err
		}
		return Session{}, fmt.Errorf("roles: session expired: %w", newsroom.ErrNotFound)
	}
	sess := Session{UserID: uid.Int64}
	if err := json.Unmarshal([]byte(data), &sess.Values); err != nil {
		return Session{}, fmt.Errorf("roles: session data: %w", err)
	}
	// Touch at most once a minute: idle expiry needs no finer grain, and it
	// saves a write per request.
	if now.Sub(fromMS(seen)) > time.Minute {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ?`, ms(now), key); err != nil {
			return Session{}, fmt.Errorf("roles: touch session: %w", err)
		}
	}
	return sess, nil
}

// Create stores a new session and returns its fresh random token.
// userAgent (cut to 200 bytes) is kept for the user's list of sessions.
func (s *SessionStore) Create(ctx context.Context, sess Session, userAgent string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := ms(s.opt.Now())
	_, err := s.db.W.ExecContext(ctx, `INSERT INTO sessions (id, user_id, data, created_at, last_seen, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tokenKey(token), nullID(sess.UserID), sessionData(sess), now, now, "", truncate(userAgent, 200))
	if err != nil {
		return "", fmt.Errorf("roles: create session: %w", err)
	}
	return token, nil
}

// Update writes the session of token. A session revoked meanwhile (its row
// gone) is ErrNotFound and stays gone: an update never resurrects it.
func (s *SessionStore) Update(ctx context.Context, token string, sess Session) error {
	res, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET user_id = ?, data = ? WHERE id = ?`, nullID(sess.UserID), sessionData(sess), tokenKey(token))
	if err != nil {
		return fmt.Errorf("roles: save session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("roles: session revoked: %w", newsroom.ErrNotFound)
	}
	return nil
}

// Delete ends the session of token (logout, or a new token at login).
func (s *SessionStore) Delete(ctx context.Context, token string) error {
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, tokenKey(token)); err != nil {
		return fmt.Errorf("roles: delete session: %w", err)
	}
	return nil
}

func sessionData(sess Session) string {
	vals := sess.Values
	if vals == nil {
		vals = map[string]string{}
	}
	data, _ := json.Marshal(vals)
	return string(data)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Purge deletes expired sessions, leaving their tombstones, and the
// tombstones older than TombstoneAge; a background job calls it.
func (s *SessionStore) Purge(ctx context.Context) error {
	now := s.opt.Now()
	if err := s.expire(ctx, `last_seen < ? OR created_at < ?`, ms(now),
		ms(now.Add(-s.opt.Idle)), ms(now.Add(-s.opt.Absolute))); err != nil {
		return err
	}
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM session_tombstones WHERE expired_at < ?`, ms(now.Add(-TombstoneAge)))
	return err
}

// TombstoneAge is how long an expired session's tombstone is kept.
const TombstoneAge = 24 * time.Hour

// expire deletes the sessions that match where, leaving for each of a
// logged-in user a tombstone: whose session it was, so that a form posted
// into it can still be kept for that user (see ExpiredUser). A tombstone
// authenticates nothing.
func (s *SessionStore) expire(ctx context.Context, where string, now int64, args ...any) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_tombstones (id, user_id, expired_at)
			SELECT id, user_id, ? FROM sessions WHERE user_id IS NOT NULL AND (`+where+`)
			ON CONFLICT (id) DO NOTHING`, append([]any{now}, args...)...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE `+where, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("roles: expire session: %w", err)
	}
	return nil
}

// ExpiredUser returns the user whose session token was, when that session
// expired less than TombstoneAge ago; otherwise ErrNotFound. It is no login:
// it only says whom a form posted into the dead session belongs to.
func (s *SessionStore) ExpiredUser(ctx context.Context, token string) (int64, error) {
	var uid, at int64
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id, expired_at FROM session_tombstones WHERE id = ?`, tokenKey(token)).Scan(&uid, &at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.opt.Now().Sub(fromMS(at)) > TombstoneAge) {
		return 0, fmt.Errorf("roles: expired session: %w", newsroom.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("roles: expired session: %w", err)
	}
	return uid, nil
}

// RevokeUser ends every session of a user, and forgets their expired ones:
// after a new password or disabling, no old cookie can leave a form for them.
func (s *SessionStore) RevokeUser(ctx context.Context, userID int64) error {
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM session_tombstones WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

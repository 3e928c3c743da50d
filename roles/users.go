package roles

import (
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
)

// User is an account. CitizenID is personal data: templates show MaskedID
// everywhere but the user-management page.
type User struct {
	ID          int64
	CitizenID   string
	Name        string
	Email       string // optional: where notifications are e-mailed
	UnitID      int64
	UnitName    string // Thai name of the unit, filled by reads
	Role        Role
	Grants      []Category
	Active      bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	LastLoginAt time.Time
	// PrevLoginAt is the login before LastLoginAt (zero before a second
	// login): what the dashboard shows as "last login".
	PrevLoginAt time.Time
	// Reviews lists the units whose items the user reviews besides
	// central PR (filled by User).
	Reviews []int64
}

// MaskedID is the citizen ID with all but the last three digits hidden.
func (u User) MaskedID() string { return MaskCitizenID(u.CitizenID) }

// Actor is the part of u that permission checks need.
func (u User) Actor() Actor {
	return Actor{UserID: u.ID, UnitID: u.UnitID, Role: u.Role, Grants: u.Grants, Active: u.Active, Reviews: u.Reviews}
}

// UserInput is what the user form submits. Password is only read on create.
type UserInput struct {
	CitizenID string
	Name      string
	Email     string // optional
	UnitID    int64
	Role      Role
	Grants    []Category
	Password  string
}

func (s *Store) validateUser(ctx context.Context, in *UserInput, creating bool) error {
	fe := newsroom.FieldErrors{}
	if creating {
		var ok bool
		if in.CitizenID, ok = NormalizeCitizenID(in.CitizenID); !ok {
			fe.Add("citizen_id", "err.citizen_id")
		}
		if k := CheckPasswordPolicy(in.Password); k != "" {
			fe.Add("password", k)
		}
	}
	in.Name = strings.TrimSpace(in.Name)
	if n := utf8.RuneCountInString(in.Name); n == 0 {
		fe.Add("name", "err.required")
	} else if n > 100 {
		fe.Add("name", "err.too_long")
	}
	in.Email = strings.TrimSpace(in.Email)
	if len(in.Email) > maxEmail {
		fe.Add("email", "err.too_long")
	} else if in.Email != "" && !validEmail(in.Email) {
		fe.Add("email", "err.email")
	}
	if !in.Role.Valid() {
		fe.Add("role", "err.choose")
	}
	for _, g := range in.Grants {
		if !g.Valid() {
			fe.Add("grants", "err.choose")
		}
	}
	if u, err := s.Unit(ctx, in.UnitID); err != nil || u.Retired() {
		fe.Add("unit_id", "err.choose")
	}
	if creating && fe["citizen_id"] == "" {
		var n int
		if err := s.db.W.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE citizen_id = ?`, in.CitizenID).Scan(&n); err != nil {
			return fmt.Errorf("roles: check citizen id: %w", err)
		}
		if n > 0 {
			fe.Add("citizen_id", "err.citizen_id_taken")
		}
	}
	return fe.Err()
}

// CreateUser adds an active user.
func (s *Store) CreateUser(ctx context.Context, in UserInput, now time.Time) (User, error) {
	if err := s.validateUser(ctx, &in, true); err != nil {
		return User{}, err
	}
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return User{}, fmt.Errorf("roles: hash password: %w", err)
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO users (citizen_id, name, email, unit_id, role, active, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`, in.CitizenID, in.Name, in.Email, in.UnitID, string(in.Role), hash, ms(now), ms(now)).Scan(&id)
		if err != nil {
			return err
		}
		return writeGrants(ctx, tx, id, in.Grants)
	})
	if err != nil {
		return User{}, fmt.Errorf("roles: create user: %w", err)
	}
	return s.User(ctx, id)
}

// UpdateUser changes name, unit, role and grants. Changing role or unit ends
// the user's sessions, so no page keeps rights the user no longer has.
func (s *Store) UpdateUser(ctx context.Context, id int64, in UserInput, now time.Time) error {
	old, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if err := s.validateUser(ctx, &in, false); err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if in.Role != Central {
			if err := keepOneCentral(ctx, tx, id, "role"); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, unit_id = ?, role = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.Email, in.UnitID, string(in.Role), ms(now), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_grants WHERE user_id = ?`, id); err != nil {
			return err
		}
		if err := writeGrants(ctx, tx, id, in.Grants); err != nil {
			return err
		}
		if old.Role != in.Role || old.UnitID != in.UnitID {
			_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("roles: update user %d: %w", id, err)
	}
	return nil
}

func writeGrants(ctx context.Context, tx *sql.Tx, id int64, grants []Category) error {
	for _, g := range grants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_grants (user_id, category) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, string(g)); err != nil {
			return err
		}
	}
	return nil
}

// SetPassword replaces a user's password and ends all their sessions.
func (s *Store) SetPassword(ctx context.Context, id int64, pw string, now time.Time) error {
	if k := CheckPasswordPolicy(pw); k != "" {
		return newsroom.FieldErrors{"password": k}
	}
	hash, err := s.hashPassword(ctx, pw)
	if err != nil {
		return fmt.Errorf("roles: hash password: %w", err)
	}
	return s.updateAndRevoke(ctx, id, nil, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, ms(now), id)
}

// SetActive disables or re-enables a user; disabling ends their sessions.
// Disabling the last active central admin is refused (err.last_central on
// the "active" field): nobody could manage users any more.
func (s *Store) SetActive(ctx context.Context, id int64, active bool, now time.Time) error {
	var guard func(*sql.Tx) error
	if !active {
		guard = func(tx *sql.Tx) error { return keepOneCentral(ctx, tx, id, "active") }
	}
	return s.updateAndRevoke(ctx, id, guard, `UPDATE users SET active = ?, updated_at = ? WHERE id = ?`, active, ms(now), id)
}

// keepOneCentral refuses, as a field error on field, a change that takes
// user id out of the active central admins when no other active central admin
// exists. It runs inside the change's write transaction, so two admins
// disabling or demoting each other at once cannot both succeed.
func keepOneCentral(ctx context.Context, tx *sql.Tx, id int64, field string) error {
	var target, others int
	err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM users WHERE id = ? AND role = ? AND active = 1),
		(SELECT count(*) FROM users WHERE id <> ? AND role = ? AND active = 1)`,
		id, string(Central), id, string(Central)).Scan(&target, &others)
	if err != nil {
		return fmt.Errorf("roles: count central admins: %w", err)
	}
	if target > 0 && others == 0 {
		return newsroom.FieldErrors{field: "err.last_central"}
	}
	return nil
}

// updateAndRevoke runs q on user id and ends the user's sessions, in one
// transaction; guard, when set, runs first and may refuse the change.
func (s *Store) updateAndRevoke(ctx context.Context, id int64, guard func(*sql.Tx) error, q string, args ...any) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if guard != nil {
			if err := guard(tx); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("roles: user %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("roles: user %d: %w", id, newsroom.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return fmt.Errorf("roles: user %d: end sessions: %w", id, err)
		}
		return nil
	})
}

const userCols = `u.id, u.citizen_id, u.name, u.email, u.unit_id, un.name_th, u.role, u.active, u.created_at, u.updated_at, u.last_login_at, u.prev_login_at,
	coalesce((SELECT string_agg(category, ',') FROM user_grants g WHERE g.user_id = u.id), '')`

func scanUser(r interface{ Scan(...any) error }) (User, error) {
	var u User
	var role, grants string
	var created, updated int64
	var last, prev sql.NullInt64
	if err := r.Scan(&u.ID, &u.CitizenID, &u.Name, &u.Email, &u.UnitID, &u.UnitName, &role, &u.Active, &created, &updated, &last, &prev, &grants); err != nil {
		return u, err
	}
	u.Role = Role(role)
	u.CreatedAt, u.UpdatedAt, u.LastLoginAt, u.PrevLoginAt = fromMS(created), fromMS(updated), nullMS(last), nullMS(prev)
	for g := range strings.SplitSeq(grants, ",") {
		if g != "" {
			u.Grants = append(u.Grants, Category(g))
		}
	}
	return u, nil
}

// User returns one user.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?`, id))
	if err != nil {
		return User{}, notFound(fmt.Sprintf("user %d", id), err)
	}
	if u.Reviews, err = s.ReviewedUnits(ctx, id); err != nil {
		return User{}, err
	}
	return u, nil
}

// Users lists every user, by unit order then name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+userCols+` FROM users u JOIN units un ON un.id = u.unit_id ORDER BY un.sort, u.name`)
	if err != nil {
		return nil, fmt.Errorf("roles: list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("roles: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByCitizenID looks a user up by login name.
// An ID that NormalizeCitizenID refuses is not looked up: ErrNotFound.
func (s *Store) UserByCitizenID(ctx context.Context, cid string) (User, error) {
	cid, ok := NormalizeCitizenID(cid)
	if !ok {
		return User{}, fmt.Errorf("roles: user by citizen id: malformed id: %w", newsroom.ErrNotFound)
	}
	u, err := scanUser(s.db.R.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u JOIN units un ON un.id = u.unit_id WHERE u.citizen_id = ?`, cid))
	if err != nil {
		return User{}, notFound("user by citizen id", err)
	}
	return u, nil
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// maxEmail is the longest e-mail address (RFC 5321).
const maxEmail = 254

// validEmail accepts a bare address, name@domain: printable ASCII, no
// display name, a domain with a dot-free edge.
func validEmail(s string) bool {
	for _, r := range s {
		if r <= ' ' || r >= 0x7f {
			return false
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.HasPrefix(domain, "[")
}
